"""The steps whose value is one text: ``manual`` (a clerk's task), ``log``, ``fail``."""

from __future__ import annotations

from typing import Any

from rpa_core.language.constructs.base import Construct, shown
from rpa_core.language.loader import Node
from rpa_core.language.model import FailStep, LogStep, ManualStep, Step
from rpa_core.language.parsing import Scope, StepParser, Where

__all__ = ["Fail", "Log", "Manual"]


class _TextStep(Construct):
    attr = ""

    def text_of(self, value: Any) -> Any:
        return value

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        value = self.text_of(value)
        if not isinstance(value, str | int | float) or value == "":
            p.err(common["loc"], "parse.need_text", key=self.attr)
            return None
        p.check_value(value, common["loc"], scope)
        return self.step_type(**{self.attr: value}, **common)

    def schema(self) -> dict[str, Any]:
        return {self.key: {"type": ["string", "number"]}}


class Manual(_TextStep):
    key = "manual"
    attr = "instruction"
    step_type = ManualStep

    def text_of(self, value: Any) -> Any:
        return value.get("instruction") if isinstance(value, dict) else value

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        if where.in_verify:
            # verify: must answer from evidence; a person's task there has no item to hand over
            p.err(common["loc"], "parse.manual_in_verify")
        elif p.unattended and where.after_item:
            # unattended, manual: hands the item to a clerk; in the loop's on_error the item is already failed
            p.err(common["loc"], "parse.manual_unattended_on_error")
        return super().parse(p, node, value, scope, where, common)

    def schema(self) -> dict[str, Any]:
        return {"manual": {"anyOf": [{"type": "string"}, {"type": "object"}]}}

    def sentence(self, step: ManualStep) -> str:
        return f"**【手作業】** {shown(step.instruction)}（職員が行い、終わったら Enter。かかった時間を記録）"


class Log(_TextStep):
    key = "log"
    attr = "message"
    step_type = LogStep

    def sentence(self, step: LogStep) -> str:
        return f"記録に書く: {shown(step.message)}"


class Fail(_TextStep):
    key = "fail"
    attr = "message"
    step_type = FailStep

    def sentence(self, step: FailStep) -> str:
        return f"エラーとして止める: {shown(step.message)}"
