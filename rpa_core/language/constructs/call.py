"""``call``: run another scenario file, parsed and checked together with the caller."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rpa_core.errors import Loc, Problem, ScenarioError
from rpa_core.language.constructs.base import Construct, loc_in, shown_args
from rpa_core.language.expressions import has_expr
from rpa_core.language.loader import Node
from rpa_core.language.model import CallStep, Scenario, Step
from rpa_core.language.parsing import Scope, StepParser, Where, near_name

__all__ = ["Call"]

class Call(Construct):
    key = "call"
    step_type = CallStep

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        loc = common["loc"]
        if isinstance(value, str):
            value = {"file": value}
        if not isinstance(value, dict) or not isinstance(value.get("file"), str):
            p.err(loc, "parse.call_shape")
            return None
        for k in value:
            if k not in ("file", "with"):
                p.unknown_key(loc_in(value, k, loc), k, "call", ("file", "with"))
        args = value.get("with") or {}
        args_ok = isinstance(args, dict)
        if not isinstance(args, dict):
            p.need_mapping(loc_in(value, "with", loc), "with")
            args = {}
        file = value["file"]
        if has_expr(file):
            p.check_value(args, loc, scope)
            p.err(loc, "parse.call_dynamic")
            return None
        called = _called(p, loc, file, dict(args) if args_ok else None, where.for_call(loc))
        for k, v in args.items():  # a secret goes only into an input the called file declares type: secret
            spec = called.inputs.get(k) if called is not None else None
            secret_ok = called is None or (spec is not None and spec.type == "secret")
            p.check_value(v, args.loc_of(k) if isinstance(args, Node) else loc, scope, secret_ok=secret_ok)
        return CallStep(file=file, with_=dict(args), scenario=called, **common)

    def schema(self) -> dict[str, Any]:
        return {"call": {"type": "object", "properties": {"file": {"type": "string"}, "with": {"type": "object"}},
                         "required": ["file"]}}

    def sentence(self, step: CallStep) -> str:
        return f"別のシナリオ「{step.file}」を実行する" + (f"（{shown_args(step.with_)}）" if step.with_ else "")

def _called(p: StepParser, loc: Loc, file: str, args: dict[str, Any] | None, where: Where) -> Scenario | None:
    """The called scenario, checked; ``args`` None when ``with:`` was already reported as broken."""
    try:
        target = (p.path.parent / file).resolve()
        exists = target.exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL in it: no such file
        target, exists = p.path.parent / "_", False
    if not exists:
        near = near_name(target, file)
        if near:
            p.err(loc, "parse.call_missing_mean", file=file, suggestion=near)
        else:
            p.err(loc, "parse.call_missing", file=file, folder=str(p.path.parent))
    elif target.is_dir():
        _call_directory(p, loc, file, target)
    elif target.suffix.lower() not in (".yaml", ".yml"):
        p.err(loc, "parse.call_not_yaml", file=file)
    elif target in p.stack:
        p.err(loc, "parse.call_cycle", file=file)
    else:
        try:
            called = p.load_called(target, where)
        except ScenarioError as exc:
            p.problems.extend(exc.problems)
            return None
        if args is not None:  # a broken with: is reported once, not once per input
            for k in args:
                if k not in called.inputs:
                    p.err(loc, "parse.call_unknown_input", name=k, file=file,
                          known=", ".join(called.inputs) or "-")
            for k, spec in called.inputs.items():
                if spec.required and k not in args:
                    p.err(loc, "parse.call_missing_input", name=k, file=file)
        return called
    return None

def _call_directory(p: StepParser, loc: Loc, file: str, target: Path) -> None:
    """``call:`` names a folder: point at the scenario file inside it when there is one."""
    inside = sorted(f for f in target.iterdir() if f.suffix.lower() in (".yaml", ".yml") and f.is_file())
    preferred = [f for f in inside if f.stem == "scenario"] or inside
    if preferred:
        suggestion = f"{file.rstrip('/')}/{preferred[0].name}"
        p.problems.append(
            Problem(loc, "parse.call_directory", {"file": file, "suggestion": suggestion},
                    "parse.call_directory.scenario.hint")
        )
    else:
        p.err(loc, "parse.call_directory", file=file)

