"""Actions (``excel.read_rows``, ``browser.click`` …): the steps plug-ins bring, checked against their model."""

from __future__ import annotations

from typing import Any

from rpa_core.language.checks import did_you_mean
from rpa_core.language.constructs.base import EXPR, MODIFIERS, Construct, loc_in, shown_args
from rpa_core.language.loader import Node
from rpa_core.language.model import ActionStep, Step
from rpa_core.language.parsing import Scope, StepParser, Where, check_literal
from rpa_core.language.types import path_marker, takes_secret
from rpa_core.registry import ActionSpec, all_actions, get_action

__all__ = ["Action", "waits"]


def waits(spec: ActionSpec | None) -> bool:
    """An action waits (and takes ``timeout:``) when its arguments include a ``timeout``."""
    return spec is not None and "timeout" in spec.model.model_fields


class Action(Construct):
    """Every dotted main key; the registry says which actions exist and what arguments they take."""

    key = "<namespace>.<action>"
    step_type = ActionStep
    modifiers = MODIFIERS

    def accepts(self, modifier: str, main: str) -> bool:
        if modifier == "timeout":
            # an unknown action is reported as such; no second error about its timeout
            spec = get_action(main)
            return spec is None or waits(spec)
        return modifier in self.modifiers

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        main = next(k for k in node if "." in k)
        loc = common["loc"]
        spec = get_action(main)
        if spec is None:
            suggestion = did_you_mean(main, [a.name for a in all_actions()])
            if suggestion:
                p.err(loc, "parse.unknown_action_mean", action=main, suggestion=suggestion)
            else:
                p.err(loc, "parse.unknown_action", action=main)
            return None
        if value is None:
            value = Node(loc)
        if not isinstance(value, dict):
            p.err(loc, "parse.args_shape", action=main, example=_example(spec))
            return None
        fields = spec.model.model_fields
        for arg, v in value.items():
            aloc = loc_in(value, arg, loc)
            if arg not in fields:
                suggestion = did_you_mean(arg, list(fields))
                if suggestion:
                    p.err(aloc, "parse.unknown_arg_mean", arg=arg, action=main, suggestion=suggestion)
                else:
                    p.err(aloc, "parse.unknown_arg", arg=arg, action=main, allowed=", ".join(fields) or "-")
                continue
            annotation = fields[arg].rebuild_annotation()
            reason = check_literal(v, annotation, id(fields[arg]))
            if reason:
                p.err(aloc, "parse.bad_arg", arg=arg, action=main, value=str(v), detail=reason[0], detail_en=reason[1])
            else:
                marker = path_marker(annotation)
                if marker:
                    p.check_file(aloc, v, marker)
            p.check_value(v, aloc, scope, secret_ok=takes_secret(annotation))
        for fname, f in fields.items():
            if f.is_required() and fname not in value:
                p.err(loc, "parse.missing_arg", arg=fname, where=main)
        return ActionStep(action=main, args=dict(value), **common)

    def schema(self) -> dict[str, Any]:
        raise TypeError("actions have one schema each: use args_schema(spec)")

    def sentence(self, step: ActionStep) -> str:
        spec = get_action(step.action)
        what = spec.summary if spec else step.action
        return f"{what}（{step.action}: {shown_args(step.args)}）" if step.args else f"{what}（{step.action}）"


def args_schema(spec: ActionSpec) -> dict[str, Any]:
    """JSON Schema of an action's arguments: each one a literal of its type or an expression."""
    schema = spec.model.model_json_schema(mode="validation")
    props = {name: {"anyOf": [prop, EXPR]} for name, prop in schema.get("properties", {}).items()}
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False,
                           "description": spec.summary}
    if schema.get("required"):
        out["required"] = schema["required"]
    if "$defs" in schema:
        out["$defs"] = schema["$defs"]
    return out


def _example(spec: ActionSpec) -> str:
    req = [n for n, f in spec.model.model_fields.items() if f.is_required()]
    return "{" + ", ".join(f"{n}: …" for n in req) + "}"
