"""``reject:``: the target system refused this row for its content; do not retry it.

UiPath separates a BusinessRuleException (never retried) from a system exception (retried);
robosan's ``fail:`` is the second kind and ``reject:`` the first. The runner raises
:class:`rpa_core.errors.Rejected`, which no ``retry:`` repeats: the item fails at once with the
system's message, and reruns on a later run after the clerk fixed the row (the normal failed rule).
"""

from __future__ import annotations

from typing import Any

from rpa_core.language.constructs.base import Construct, shown
from rpa_core.language.loader import Node
from rpa_core.language.model import RejectStep, Step
from rpa_core.language.parsing import Scope, StepParser, Where

__all__ = ["Reject"]


class Reject(Construct):
    key = "reject"
    step_type = RejectStep
    modifiers = ("name", "when", "on_error")

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        if not isinstance(value, str | int | float) or isinstance(value, bool) or value == "":
            p.err(common["loc"], "parse.need_text", key="reject")
            return None
        for modifier in ("retry", "commit", "save_as"):  # they would do nothing here: say so
            if modifier in node:
                p.err(node.loc_of(modifier), "parse.reject_modifier", key=modifier)
        p.check_value(value, common["loc"], scope)
        return RejectStep(message=value, **common)

    def schema(self) -> dict[str, Any]:
        return {"reject": {"type": ["string", "number"]}}

    def sentence(self, step: RejectStep) -> str:
        return f"システムが受け付けなかった件として、やり直さずに失敗にする: {shown(step.message)}"
