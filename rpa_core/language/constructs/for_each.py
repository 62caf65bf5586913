"""``for_each``: a plain loop, or a work-item loop kept in the ledger when it has ``item_key``."""

from __future__ import annotations

from typing import Any

from rpa_core.language.constructs.base import EXPR, STEPS_REF, Construct, body, shown
from rpa_core.language.expressions import has_expr
from rpa_core.language.loader import Node
from rpa_core.language.model import ForEachStep, Step
from rpa_core.language.parsing import IDENT, Scope, StepParser, Where
from rpa_core.language.rules import check_loop_retry

__all__ = ["ForEach"]


class ForEach(Construct):
    key = "for_each"
    step_type = ForEachStep
    extra_keys = ("as", "item_key", "batch", "verify", "steps")

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        loc = common["loc"]
        if not (isinstance(value, list) or (isinstance(value, str) and has_expr(value))):
            p.err(loc, "parse.for_each_shape")
        p.check_value(value, loc, scope)
        as_ = node.get("as", "item")
        if not isinstance(as_, str) or not IDENT.match(as_):
            p.err(node.loc_of("as"), "parse.bad_name", name=str(as_))
            as_ = "item"
        inner = scope.child(as_, "loop_index")
        item_key = node.get("item_key")
        keyed = item_key is not None  # an item loop as the clerk meant it, even if item_key: is wrong
        if keyed:
            item_key = self._item_key(p, node, item_key, inner, where, common)
        batch = node.get("batch")
        if batch is not None:
            if not keyed:
                p.err(node.loc_of("batch"), "parse.batch_without_key")
            p.check_value(batch, node.loc_of("batch"), scope)
        if "verify" in node and not keyed:
            p.err(node.loc_of("verify"), "parse.verify_without_key")
        body_where = where.inside_item_loop(str(common.get("name") or ""), loc) if keyed else where
        verify = body(p, node, "verify", inner, body_where.but(in_verify=True))
        steps = body(p, node, "steps", inner, body_where, required=True)
        if keyed:
            check_loop_retry(p, node, common, steps, verify)
        return ForEachStep(
            items=value,
            as_=as_,
            item_key=item_key,
            batch=batch if isinstance(batch, str) else None,
            verify=verify,
            steps=steps,
            **common,
        )

    @staticmethod
    def _item_key(
        p: StepParser, node: Node, item_key: Any, inner: Scope, where: Where, common: dict[str, Any]
    ) -> str | None:
        if not isinstance(item_key, str) or not has_expr(item_key):
            # A fixed text would give every item the same key: the ledger would do the first
            # item only and skip all the others as done.
            p.err(node.loc_of("item_key"), "parse.item_key_shape", value=str(item_key))
            item_key = None
        else:
            p.check_value(item_key, node.loc_of("item_key"), inner)
        if not common.get("name"):
            p.err(common["loc"], "parse.item_loop_needs_name")
        elif common["name"] in where.loop_names:
            p.err(node.loc_of("name"), "parse.loop_name_twice", name=common["name"])
        else:
            where.loop_names.add(common["name"])
        return item_key

    def schema(self) -> dict[str, Any]:
        return {"for_each": {"anyOf": [{"type": "array"}, EXPR]}, "as": {"type": "string"},
                "item_key": {"type": "string"}, "batch": {"type": "string"}, "verify": STEPS_REF,
                "steps": STEPS_REF}

    def sentence(self, step: ForEachStep) -> str:
        s = f"{shown(step.items)} の1件ずつ（{step.as_} として）次を行う"
        if step.item_key:
            s += f"。処理台帳のキーは {shown(step.item_key)}（処理済みの件は繰り返さない）"
        return s

    def children(self, step: ForEachStep) -> list[tuple[str, tuple[Step, ...]]]:
        return [("中断後の確認（verify）", step.verify), ("1件ごとの手順", step.steps)]
