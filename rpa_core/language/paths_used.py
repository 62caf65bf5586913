"""The files and folders a scenario names: what ``robosan explain`` lists and ``validate`` warns about (issue 13).

Read from the parsed scenario only (nothing runs): each path argument of an action step (literal, or an
expression, with the path inputs it uses), each path input with its default, and each called scenario,
recursively. Whether this PC allows them is the caller's question (:mod:`rpa_core.running.places` knows
the PC's grants; this layer does not).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from rpa_core.errors import Loc
from rpa_core.language.constructs import BY_STEP_TYPE
from rpa_core.language.model import ActionStep, CallStep, Scenario, Step
from rpa_core.language.types import reads_only
from rpa_core.registry import get_action

__all__ = ["PathUse", "paths_used"]

_INPUT_REF = re.compile(r"inputs\s*(?:\.\s*([^\W\d][\w]*)|\[\s*['\"]([^'\"]+)['\"]\s*\])")


@dataclass(frozen=True)
class PathUse:
    """One path a scenario names. ``path`` is set when it is known before the run (a literal, a default)."""

    loc: Loc
    what: str  # "file.copy dest", "call", or the input's name for a default
    written: str  # as the scenario writes it
    path: Path | None  # resolved from ``folder`` when known before the run
    folder: Path  # the folder of the scenario that names it (relative paths start there)
    inputs: tuple[str, ...] = ()  # the path inputs an expression uses (their given value decides)
    default: bool = False  # a path input's default: used only when no value is given
    write: bool = True  # the argument may be written (not marked ExistingPath/ReadPath); a call is a read


def _arg_uses(step: ActionStep, scenario: Scenario) -> list[PathUse]:
    spec = get_action(step.action)
    if spec is None:
        return []
    out = []
    fields = spec.model.model_fields
    path_inputs = {n for n, s in scenario.inputs.items() if s.type == "path"}
    for name in spec.path_fields:
        if name not in step.args:
            continue
        values = step.args[name] if isinstance(step.args[name], list) else [step.args[name]]
        write = not reads_only(fields[name].rebuild_annotation())
        for value in values:
            if not isinstance(value, str) or not value.strip():
                continue
            what = f"{step.action} {name}"
            if "{{" in value or "{%" in value:
                refs = tuple(dict.fromkeys(a or b for a, b in _INPUT_REF.findall(value) if (a or b) in path_inputs))
                out.append(PathUse(step.loc, what, value, None, scenario.folder, refs, write=write))
            else:
                p = Path(value)
                out.append(PathUse(step.loc, what, value, Path(os.path.normpath(p if p.is_absolute() else scenario.folder / p)),
                                   scenario.folder, write=write))
    return out


def _walk(steps: tuple[Step, ...], scenario: Scenario, out: list[PathUse], seen: set[Path]) -> None:
    for step in steps:
        if isinstance(step, ActionStep):
            out.extend(_arg_uses(step, scenario))
        if isinstance(step, CallStep) and step.scenario is not None:
            called = step.scenario
            out.append(PathUse(step.loc, "call", step.file, called.path, scenario.folder, write=False))
            if called.path not in seen:
                seen.add(called.path)
                _scenario(called, out, seen)
        for _label, body in BY_STEP_TYPE[type(step)].children(step):
            _walk(body, scenario, out, seen)
        if isinstance(step.on_error, tuple):
            _walk(step.on_error, scenario, out, seen)


def _scenario(scenario: Scenario, out: list[PathUse], seen: set[Path]) -> None:
    for name, spec in scenario.inputs.items():
        if spec.type == "path" and spec.default not in (None, ""):
            p = Path(str(spec.default))
            out.append(PathUse(Loc(str(scenario.path), 1), name, str(spec.default),
                               p if p.is_absolute() else scenario.folder / p, scenario.folder, default=True))
    _walk(scenario.steps, scenario, out, seen)


def paths_used(scenario: Scenario) -> list[PathUse]:
    """Every path the scenario (and the scenarios it calls) names, in the order written."""
    out: list[PathUse] = []
    _scenario(scenario, out, {scenario.path})
    return out
