"""One step mapping into a step node: find its construct, check its keys and modifiers, let it parse."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from rpa_core.errors import Problem
from rpa_core.language.checks import did_you_mean
from rpa_core.language.constructs import CONSTRUCTS, MODIFIERS, Construct, construct_for
from rpa_core.language.expressions import has_expr
from rpa_core.language.loader import Node
from rpa_core.language.model import Retry, Step
from rpa_core.language.parsing import IDENT, Scope, StepParser, Where, clip
from rpa_core.language.rules import MAX_STEP_DEPTH, check_commit_retry
from rpa_core.language.types import DurationOutOfRange, parse_duration
from rpa_core.registry import all_actions

__all__ = ["parse_step"]


def parse_step(p: StepParser, node: Node, scope: Scope, where: Where) -> Step | None:
    mains = [k for k in node if k in CONSTRUCTS or "." in k]
    if not mains:
        _no_main_key(p, node)
        return None
    if len(mains) > 1:
        p.err(node.loc_of(mains[1]), "parse.two_actions", first=mains[0], second=mains[1])
        return None
    main = mains[0]
    construct = construct_for(main)
    assert construct is not None
    loc = node.loc_of(main)
    if where.depth >= MAX_STEP_DEPTH:
        p.err(loc, "parse.steps_too_deep", limit=MAX_STEP_DEPTH)
        return None
    allowed = MODIFIERS + construct.extra_keys
    for k in node:
        if k != main and k not in allowed:
            p.unknown_key(node.loc_of(k), k, main, allowed)
    common = _modifiers(p, node, main, construct, scope, where)
    common["loc"] = loc
    inner = where.but(depth=where.depth + 1)
    if common.get("retry") and where.item_loop:
        # the blocks inside run again on each try: a commit step in them would commit again
        inner = inner.but(retry_at=node.loc_of("retry"))
    return construct.parse(p, node, node[main], scope, inner, common)


def _no_main_key(p: StepParser, node: Node) -> None:
    unknown = [k for k in node if k not in MODIFIERS]
    if unknown:
        k = unknown[0]
        suggestion = did_you_mean(k, list(CONSTRUCTS) + [a.name for a in all_actions()])
        if suggestion:
            p.err(node.loc_of(k), "parse.unknown_step_mean", key=k, suggestion=suggestion)
        else:
            p.err(node.loc_of(k), "parse.unknown_step", key=k)
    else:
        p.err(node.loc, "parse.no_action")


def _modifiers(p: StepParser, node: Node, main: str, construct: Construct, scope: Scope,
               where: Where) -> dict[str, Any]:
    common: dict[str, Any] = {}
    if "name" in node:
        if isinstance(node["name"], str | int | float):
            common["name"] = str(node["name"])
        else:
            p.err(node.loc_of("name"), "parse.not_text", key="name")
    if "when" in node:
        w = node["when"]
        if isinstance(w, bool) or (isinstance(w, str) and has_expr(w)):
            p.check_value(w, node.loc_of("when"), scope)
            common["when"] = w
        else:
            p.err(node.loc_of("when"), "parse.when_shape", value=str(w))
    if "retry" in node:
        r = node["retry"]
        if isinstance(r, int) and not isinstance(r, bool):
            r = {"times": r}
        try:
            common["retry"] = Retry.model_validate(dict(r) if isinstance(r, dict) else r)
        except ValidationError:
            p.err(node.loc_of("retry"), "parse.retry_shape")
    if "timeout" in node:
        _timeout(p, node, main, construct, common)
    if "save_as" in node:
        s = node["save_as"]
        if isinstance(s, str) and IDENT.match(s):
            common["save_as"] = s
        else:
            p.err(node.loc_of("save_as"), "parse.bad_name", name=str(s))
    if "commit" in node:
        if isinstance(node["commit"], bool):
            common["commit"] = node["commit"]
        else:
            p.err(node.loc_of("commit"), "parse.need_bool", key="commit")
    if "on_error" in node:
        _on_error(p, node, scope, where, common)
    check_commit_retry(p, node, main, common, where)
    return common


def _timeout(p: StepParser, node: Node, main: str, construct: Construct, common: dict[str, Any]) -> None:
    """``timeout:`` is read, and then allowed only on a step that waits (it would silently do nothing)."""
    try:
        seconds = parse_duration(node["timeout"])
    except ValueError as exc:
        key = "parse.duration_range" if isinstance(exc, DurationOutOfRange) else "parse.duration"
        p.err(node.loc_of("timeout"), key, key="timeout", value=clip(str(node["timeout"])))
        return
    if construct.accepts("timeout", main):
        common["timeout"] = seconds
    else:
        p.problems.append(Problem(node.loc_of("timeout"), "parse.modifier_no_effect", {"key": "timeout", "step": main},
                                  "parse.timeout_no_effect.hint"))


def _on_error(p: StepParser, node: Node, scope: Scope, where: Where, common: dict[str, Any]) -> None:
    oe = node["on_error"]
    if oe in ("continue", "stop"):
        common["on_error"] = oe
    elif not isinstance(oe, list):
        p.err(node.loc_of("on_error"), "parse.on_error_shape", value=str(oe))
    elif "for_each" in node:
        # A for_each's on_error: runs once per failed item with the item still bound, but after
        # that item was recorded as failed: skip_item: there would have no item of this loop to skip.
        as_ = node.get("as", "item")
        inner = scope.child("error", "loop_index", *([as_] if isinstance(as_, str) else []))
        oe_where = where.after_item_failed() if "item_key" in node else where
        common["on_error"] = p.steps(oe, node.loc_of("on_error"), inner, oe_where)
    else:
        common["on_error"] = p.steps(oe, node.loc_of("on_error"), scope.child("error"), where)
