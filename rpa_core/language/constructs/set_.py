"""``set``: give names to values (later steps see them)."""

from __future__ import annotations

from typing import Any

from rpa_core.language.constructs.base import Construct, loc_in, shown
from rpa_core.language.loader import Node
from rpa_core.language.model import SetStep, Step
from rpa_core.language.parsing import IDENT, Scope, StepParser, Where

__all__ = ["Set"]


class Set(Construct):
    key = "set"
    step_type = SetStep

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        if not isinstance(value, dict) or not value:
            p.err(common["loc"], "parse.set_shape")
            return None
        for k, v in value.items():
            kloc = loc_in(value, k, common["loc"])
            if not IDENT.match(k) or k in ("inputs", "secrets"):
                p.err(kloc, "parse.bad_name", name=k)
            p.check_value(v, kloc, scope)
        return SetStep(values=dict(value), **common)

    def schema(self) -> dict[str, Any]:
        return {"set": {"type": "object"}}

    def sentence(self, step: SetStep) -> str:
        return "値を覚える: " + "、".join(f"{k} = {shown(v)}" for k, v in step.values.items())
