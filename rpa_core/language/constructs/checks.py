"""``wait``, ``assert`` and ``skip_item``: a pause, a check, and leaving a work item out."""

from __future__ import annotations

from typing import Any

from rpa_core.language.constructs.base import EXPR, Construct, shown
from rpa_core.language.expressions import has_expr
from rpa_core.language.loader import Node
from rpa_core.language.model import AssertStep, SkipItemStep, Step, WaitStep
from rpa_core.language.parsing import Scope, StepParser, Where, clip
from rpa_core.language.types import DurationOutOfRange, parse_duration

__all__ = ["Assert", "SkipItem", "Wait"]


class Wait(Construct):
    key = "wait"
    step_type = WaitStep

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        if isinstance(value, str) and has_expr(value):
            p.check_value(value, common["loc"], scope)
            return WaitStep(seconds=value, **common)
        try:
            return WaitStep(seconds=parse_duration(value), **common)
        except ValueError as exc:
            key = "parse.duration_range" if isinstance(exc, DurationOutOfRange) else "parse.duration"
            p.err(common["loc"], key, key="wait", value=clip(str(value)))
            return None

    def schema(self) -> dict[str, Any]:
        return {"wait": {"type": ["string", "number"]}}

    def sentence(self, step: WaitStep) -> str:
        return f"{shown(step.seconds)} 秒待つ"


class Assert(Construct):
    key = "assert"
    step_type = AssertStep
    extra_keys = ("message",)

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        if not (isinstance(value, str) and has_expr(value)):
            p.err(common["loc"], "parse.assert_shape", value=str(value))
            return None
        p.check_value(value, common["loc"], scope)
        p.check_value(node.get("message"), node.loc_of("message"), scope)
        return AssertStep(condition=value, message=node.get("message"), **common)

    def schema(self) -> dict[str, Any]:
        return {"assert": EXPR, "message": {"type": "string"}}

    def sentence(self, step: AssertStep) -> str:
        return f"{shown(step.condition)} であることを確かめる"


class SkipItem(Construct):
    key = "skip_item"
    step_type = SkipItemStep

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        if where.in_verify:  # verify: decides done / again / needs_check; it cannot leave the item out
            p.err(common["loc"], "parse.skip_in_verify")
        elif not where.item_loop:  # (an item loop's own on_error: runs after its item was recorded as failed)
            p.err(common["loc"], "parse.skip_in_loop_on_error" if where.after_item else "parse.skip_outside_item")
        p.check_value(value, common["loc"], scope)
        return SkipItemStep(reason=value if value is not None else "", **common)

    def schema(self) -> dict[str, Any]:
        return {"skip_item": {"type": ["string", "null"]}}

    def sentence(self, step: SkipItemStep) -> str:
        return "この件は対象外として次の件へ進む" + (f"（理由: {shown(step.reason)}）" if step.reason else "")
