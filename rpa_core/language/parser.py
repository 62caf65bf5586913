"""From line-stamped YAML to a checked :class:`Scenario`, collecting every problem in one pass.

Checks made before anything runs: YAML syntax, duplicate and unknown keys (with a
did-you-mean), unknown actions, missing, unknown or mistyped literal arguments,
expression syntax, undefined names where they can be known statically (inputs,
secrets, variables set earlier), ``call`` targets, and the ledger rules of docs/architecture.md (Decisions).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError
from pydantic import BaseModel, ValidationError

from rpa_core.errors import Loc, Problem, ScenarioError
from rpa_core.language.arg_types import needs
from rpa_core.language.checks import Checker, did_you_mean
from rpa_core.language.constructs import CONSTRUCTS, MODIFIERS
from rpa_core.language.expressions import ENV, analyse, has_expr
from rpa_core.language.filter_names import COMMON_JINJA_FILTERS, suggest_filter
from rpa_core.language.filters import FILTERS
from rpa_core.language.loader import Node, item_loc, load_yaml
from rpa_core.language.model import (
    After,
    Baseline,
    InputSpec,
    Scenario,
    SetStep,
    Step,
)
from rpa_core.language.parsing import IDENT, Scope, Where, near_name, short
from rpa_core.language.secret_rules import check_secret_use, secret_inputs
from rpa_core.language.settings import check_step_names, parse_settings
from rpa_core.language.steps import parse_step
from rpa_core.language.types import EXISTING_FILE

__all__ = ["BUILTIN_NAMES", "CONSTRUCTS", "MODIFIERS", "load_scenario", "validate_scenario"]

TOP_KEYS = (
    "name",
    "description",
    "department",
    "owner",
    "baseline",
    "after",
    "inputs",
    "secrets",
    "personal",
    "settings",
    "steps",
)
# MODIFIERS and CONSTRUCTS (the step keys) are declared by rpa_core.language.constructs.
# Names every expression may use without defining them.
BUILTIN_NAMES = frozenset(
    {"inputs", "secrets", "today", "now", "run", "scenario", "loop_index", "true", "false", "none"}
)
# What a mapping looks like under each key, for the hint of "needs name: value pairs".
_MAPPING_EXAMPLES = {
    "baseline": "{minutes_per_item: 5, minutes_per_run: 10}",
    "after": "{minutes_per_run: 10}",
    "settings": "{timeout: 30s}",
    "inputs": "{file: {type: path, default: data/名簿.xlsx}}",
    "with": '{houjin_bangou: "{{ row.法人番号 }}"}',
}


def load_scenario(
    path: str | Path,
    *,
    unattended: bool = False,
    given_inputs: Collection[str] | None = None,
    _stack: tuple[Path, ...] = (),
    _where: Where | None = None,
) -> Scenario:
    """Load and check a scenario file; raise ScenarioError listing every problem found.

    ``unattended``: the run will have nobody at the PC (``robosan run --unattended``, the scheduler), so
    steps that need a person where none can be handed over are errors. ``given_inputs``: the inputs the
    run gets a value for; the default file of every other path input that a step reads must exist
    (None: defaults are not checked, for callers that bring their own inputs).
    """
    p = Path(path)
    given = None if given_inputs is None else frozenset(given_inputs)
    parser = _Parser(p, _stack, unattended=unattended, given=given, where=_where or Where())
    scenario = parser.parse()
    if parser.problems or scenario is None:
        raise ScenarioError(parser.problems)
    return scenario


def validate_scenario(path: str | Path, *, unattended: bool = False) -> list[Problem]:
    """Every problem ``robosan validate`` would report for the file (empty: the scenario is valid)."""
    try:
        load_scenario(path, unattended=unattended, given_inputs=())
    except ScenarioError as exc:
        return list(exc.problems)
    return []


class _Parser(Checker):
    def __init__(self, path: Path, stack: tuple[Path, ...], *, unattended: bool = False,
                 given: frozenset[str] | None = None, where: Where | None = None) -> None:
        super().__init__(str(path))
        self.path = path
        self.stack = (*stack, path.resolve())
        self.unattended = unattended
        self.given = given
        self.where = where or Where()
        self.read_inputs: dict[str, Loc] = {}  # path inputs that flow into an argument that reads a file
        self.secret_inputs: set[str] = set()  # inputs of type secret: written only where a secret may go

    # -- top level -------------------------------------------------------------
    def parse(self) -> Scenario | None:
        try:
            data, dup = load_yaml(self.path, self.display)
        except ScenarioError as exc:
            self.problems.extend(exc.problems)
            return None
        self.problems.extend(dup)
        for key in data:
            if key not in TOP_KEYS:
                self.unknown_key(data.loc_of(key), key, "scenario", TOP_KEYS)
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.err(data.loc_of("name") if "name" in data else data.loc, "parse.missing_name")
            name = self.path.stem
        baseline = self.model(data, "baseline", Baseline) or Baseline()
        after = self.model(data, "after", After) or After()
        settings = parse_settings(self, data)
        inputs, declared = self.parse_inputs(data)
        self.secret_inputs = secret_inputs(self, data.get("inputs"), inputs)
        secrets = self.parse_secrets(data)
        personal = self.parse_personal(data)
        if "steps" not in data:
            self.err(data.loc, "parse.missing_steps")
        elif data["steps"] is None or data["steps"] == []:
            self.problems.append(
                Problem(data.loc_of("steps"), "parse.missing_steps", {}, "parse.steps_empty.hint")
            )
        scope = Scope(set(), declared, set(secrets))
        steps = self.steps(data.get("steps"), data.loc_of("steps"), scope, ctx=self.where)
        check_step_names(self, data, settings, steps)
        if self.given is not None:
            self.check_input_defaults(data.get("inputs"), inputs)
        for key in ("description", "department", "owner"):
            if key in data and not isinstance(data[key], str | type(None)):
                self.err(data.loc_of(key), "parse.not_text", key=key)
        return Scenario(
            path=self.path.resolve(),
            name=name.strip(),
            steps=steps,
            description=str(data.get("description") or ""),
            department=str(data.get("department") or ""),
            owner=str(data.get("owner") or ""),
            baseline=baseline,
            after=after,
            inputs=inputs,
            secrets=tuple(secrets),
            settings=settings,
            personal=tuple(personal),
        )

    def model(self, data: Node, key: str, model: type[BaseModel]) -> Any:
        value = data.get(key)
        if value is None:
            return None
        loc = data.loc_of(key)
        if not isinstance(value, dict):
            self.need_mapping(loc, key)
            return None
        try:
            return model.model_validate(dict(value))
        except ValidationError as exc:
            self.pydantic_problems(exc, value, loc, key, tuple(model.model_fields))
            return None

    def need_mapping(self, loc: Loc, key: str, example: str = "") -> None:
        """``key:`` holds something other than ``name: value`` pairs: show an example for that key."""
        super().need_mapping(loc, key, example or _MAPPING_EXAMPLES.get(key, ""))

    def parse_inputs(self, data: Node) -> tuple[dict[str, InputSpec], set[str]]:
        """The valid inputs, and the names of all declared ones (a mistyped one is still declared)."""
        raw = data.get("inputs")
        out: dict[str, InputSpec] = {}
        if raw is None:
            return out, set()
        if not isinstance(raw, Node):
            self.need_mapping(data.loc_of("inputs"), "inputs")
            # `inputs: [file, limit]` still names the inputs the steps use: no second error for each use
            return out, {n for n in raw if isinstance(n, str)} if isinstance(raw, list) else set()
        for name, spec in raw.items():
            loc = raw.loc_of(name)
            if not IDENT.match(name):
                self.err(loc, "parse.bad_name", name=name)
            if not isinstance(spec, Node):
                self.err(loc, "parse.input_shape", name=name)
                continue
            for k in spec:
                if k not in InputSpec.model_fields:
                    self.unknown_key(spec.loc_of(k), k, f"inputs.{name}", tuple(InputSpec.model_fields))
            try:
                out[name] = InputSpec.model_validate(
                    {k: v for k, v in spec.items() if k in InputSpec.model_fields}
                )
            except ValidationError as exc:
                for e in exc.errors():
                    key = str(e["loc"][0]) if e["loc"] else "type"
                    self.err(
                        spec.loc_of(key),
                        "parse.bad_value",
                        field=f"inputs.{name}.{key}",
                        where="inputs",
                        detail=needs(e)[0],
                        detail_en=needs(e)[1],
                    )
        return out, set(raw)

    def parse_secrets(self, data: Node) -> list[str]:
        raw = data.get("secrets")
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
            self.err(data.loc_of("secrets"), "parse.secrets_shape")
            return []
        for i, s in enumerate(raw):
            if not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", s):
                self.err(item_loc(raw, i, data.loc_of("secrets")), "parse.secret_name", name=s)
        return list(raw)

    def parse_personal(self, data: Node) -> list[str]:
        """``personal: [氏名, 住所, 個人番号]``: names of columns and variables holding personal data."""
        raw = data.get("personal")
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
            self.err(data.loc_of("personal"), "parse.personal_shape")
            return []
        return [s.strip() for s in raw]

    # -- steps -----------------------------------------------------------------
    def steps(self, raw: Any, loc: Loc, scope: Scope, ctx: Where) -> tuple[Step, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.err(loc, "parse.steps_not_list")
            return ()
        out: list[Step] = []
        for i, item in enumerate(raw):
            here = item_loc(raw, i, loc)
            if not isinstance(item, Node):
                hint = (
                    "parse.step_not_mapping_fullwidth.hint"
                    if isinstance(item, str) and "：" in item
                    else None
                )
                self.problems.append(Problem(here, "parse.step_not_mapping", {"value": short(item)}, hint))
                continue
            step = self.step(item, scope, ctx)
            if step is None:
                # The step was dropped for a mistake already reported; the name it would have
                # made still exists, so later uses of it must not be reported as undefined too.
                save_as = item.get("save_as")
                if isinstance(save_as, str) and IDENT.match(save_as):
                    scope.names.add(save_as)
            else:
                out.append(step)
                if step.save_as:
                    scope.names.add(step.save_as)
                if isinstance(step, SetStep):
                    scope.names.update(step.values)
        return tuple(out)

    def step(self, node: Node, scope: Scope, ctx: Where) -> Step | None:
        return parse_step(self, node, scope, ctx)

    def load_called(self, target: Path, where: Where) -> Scenario:
        """A scenario named by ``call:``, checked with this one's stack (to catch call cycles) where it is called."""
        return load_scenario(target, unattended=self.unattended, _stack=self.stack, _where=where)

    # -- referenced files --------------------------------------------------------
    def check_file(self, loc: Loc, value: Any, marker: str) -> None:
        """A literal path the scenario brings must exist; an input that flows into a read is noted."""
        if isinstance(value, str) and has_expr(value):
            m = _LONE_INPUT.match(value)
            if m:
                self.read_inputs.setdefault(m.group(1), loc)
            return
        if marker == EXISTING_FILE and isinstance(value, str) and value.strip():
            self.missing_file(loc, value, "parse.file_missing")

    def missing_file(self, loc: Loc, written: str, key: str, *, folder_must_exist: bool = False) -> None:
        target = self.path.parent / written
        try:
            if target.exists() or (folder_must_exist and not target.parent.is_dir()):
                return
        except (OSError, ValueError):  # a name Windows cannot hold, a NUL: reported as missing
            pass
        near = near_name(target, written)
        if near:
            self.problems.append(Problem(loc, key, {"path": written, "suggestion": near}, "parse.file_missing_mean.hint"))
        else:
            self.err(loc, key, path=written, folder=str(self.path.parent))

    def check_input_defaults(self, raw: Any, inputs: dict[str, InputSpec]) -> None:
        """The default of a path input that a step reads must exist, unless the run gives the input.

        Also the default's folder: a default under a folder that does not exist yet (``out/…``) is made
        by an earlier run or scenario, and is not checked.
        """
        for name in self.read_inputs:
            spec = inputs.get(name)
            if spec is None or spec.type != "path" or name in (self.given or ()) or not isinstance(spec.default, str):
                continue
            if has_expr(spec.default) or not spec.default.strip():
                continue
            node = raw.get(name) if isinstance(raw, Node) else None
            loc = node.loc_of("default") if isinstance(node, Node) else self.read_inputs[name]
            # a default in a folder that does not exist yet is what an earlier run makes (out/…): not checked
            self.missing_file(loc, spec.default, "parse.input_default_missing", folder_must_exist=True)

    # -- expressions -----------------------------------------------------------
    def check_value(self, value: Any, loc: Loc, scope: Scope, secret_ok: bool = False) -> None:
        """Check every expression inside value: syntax, unsafe access, undefined names, secrets where they may go.

        ``secret_ok``: the value is an argument meant for a secret (SECRET_OK, a ``secret`` input of a
        called file), where a lone ``{{ secrets.x.y }}`` may stand; anywhere else a secret is refused."""
        if isinstance(value, str):
            if "{{" in value or "{%" in value:
                self.check_expr(value, loc, scope)
                check_secret_use(self, value, loc, secret_ok, self.secret_inputs)
        elif isinstance(value, dict):
            for k, v in value.items():
                self.check_value(v, value.loc_of(k) if isinstance(value, Node) else loc, scope)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.check_value(v, item_loc(value, i, loc), scope)

    def expr_syntax(self, loc: Loc, detail: str) -> None:
        _expr_syntax(self, loc, detail)

    def check_expr(self, source: str, loc: Loc, scope: Scope) -> None:
        try:
            info = analyse(source)
        except TemplateSyntaxError as exc:
            self.expr_syntax(loc, exc.message or str(exc))
            return
        except (RecursionError, MemoryError):  # ((((… nested thousands deep: Jinja's parser recurses
            self.err(loc, "expr.too_complex")
            return
        for attr in info.unsafe:
            self.err(loc, "expr.unsafe", expr=f"{source.strip()} ({attr})")
            return
        for name in info.calls:
            self.err(loc, "expr.unsafe_call", name=name, expr=source.strip())
            return
        for name in sorted(info.names):
            if name not in scope.names and name not in BUILTIN_NAMES:
                suggestion = did_you_mean(name, sorted(scope.names | BUILTIN_NAMES))
                if suggestion:
                    self.err(loc, "parse.undefined_var_mean", name=name, suggestion=suggestion)
                else:
                    self.err(loc, "parse.undefined_var", name=name)
        for var, attr in info.attrs:
            if var == "inputs" and "inputs" not in scope.names and attr not in scope.inputs:
                self.err(
                    loc, "parse.undefined_input", name=attr, known=", ".join(sorted(scope.inputs)) or "-"
                )
            if var == "secrets" and "secrets" not in scope.names and attr not in scope.secrets:
                self.err(loc, "parse.undefined_secret", name=attr)


_LONE_INPUT = re.compile(r"^\s*\{\{\s*inputs\.([^\W\d]\w*)\s*\}\}\s*$")
_NO_FILTER = re.compile(r"No filter named '([^']+)'")


def _expr_syntax(p: _Parser, loc: Loc, detail: str) -> None:
    """A syntax error in an expression; an unknown filter gets a did-you-mean instead."""
    m = _NO_FILTER.search(detail)
    if not m:
        p.err(loc, "expr.syntax", detail=detail)
        return
    suggestion = suggest_filter(m.group(1), ENV.filters)
    if suggestion:
        p.err(loc, "expr.unknown_filter_mean", name=m.group(1), suggestion=suggestion)
    else:
        p.err(loc, "expr.unknown_filter", name=m.group(1), known=", ".join([*FILTERS, *COMMON_JINJA_FILTERS]))


