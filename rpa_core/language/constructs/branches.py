"""``if`` (then/else) and ``try`` (rescue/always): the constructs that choose which body runs."""

from __future__ import annotations

from typing import Any

from rpa_core.language.constructs.base import EXPR, STEPS_REF, Construct, body, shown
from rpa_core.language.expressions import has_expr
from rpa_core.language.loader import Node
from rpa_core.language.model import IfStep, Step, TryStep
from rpa_core.language.parsing import Scope, StepParser, Where

__all__ = ["If", "Try"]


class If(Construct):
    key = "if"
    step_type = IfStep
    extra_keys = ("then", "else")

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        if not (isinstance(value, bool) or (isinstance(value, str) and has_expr(value))):
            p.err(common["loc"], "parse.when_shape", value=str(value))
        p.check_value(value, common["loc"], scope)
        then = body(p, node, "then", scope, where, required=True)
        else_ = body(p, node, "else", scope, where)
        return IfStep(condition=value, then=then, else_=else_, **common)

    def schema(self) -> dict[str, Any]:
        return {"if": {"anyOf": [{"type": "boolean"}, EXPR]}, "then": STEPS_REF, "else": STEPS_REF}

    def sentence(self, step: IfStep) -> str:
        return f"{shown(step.condition)} が成り立つかで分ける"

    def children(self, step: IfStep) -> list[tuple[str, tuple[Step, ...]]]:
        return [("成り立つとき", step.then), ("成り立たないとき", step.else_)]


class Try(Construct):
    key = "try"
    step_type = TryStep
    extra_keys = ("rescue", "always")

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        if not isinstance(value, list):
            p.err(common["loc"], "parse.steps_not_list_key", key="try")
            return None
        steps = p.steps(value, common["loc"], scope, where)
        rescue = body(p, node, "rescue", scope.child("error"), where)
        always = body(p, node, "always", scope.child("error"), where)
        if "rescue" not in node and "always" not in node:
            p.err(common["loc"], "parse.try_alone")
        return TryStep(body=steps, rescue=rescue, always=always, **common)

    def schema(self) -> dict[str, Any]:
        return {"try": STEPS_REF, "rescue": STEPS_REF, "always": STEPS_REF}

    def sentence(self, step: TryStep) -> str:
        return "次を試し、失敗したら別の手順を行う"

    def children(self, step: TryStep) -> list[tuple[str, tuple[Step, ...]]]:
        return [("試す手順", step.body), ("失敗したとき", step.rescue), ("最後に必ず", step.always)]
