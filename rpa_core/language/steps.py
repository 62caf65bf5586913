"""Parsing one step mapping into a step node (the per-construct half of the parser)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from rpa_core.errors import ScenarioError
from rpa_core.language.expressions import has_expr
from rpa_core.language.loader import Node
from rpa_core.language.model import (
    ActionStep,
    AssertStep,
    CallStep,
    FailStep,
    ForEachStep,
    IfStep,
    LogStep,
    ManualStep,
    Retry,
    SetStep,
    SkipItemStep,
    Step,
    TryStep,
    WaitStep,
)
from rpa_core.language.types import parse_duration
from rpa_core.registry import ActionSpec, all_actions, get_action

if TYPE_CHECKING:
    from rpa_core.language.parser import _Ctx, _Parser, _Scope


def parse_step(p: _Parser, node: Node, scope: _Scope, ctx: _Ctx) -> Step | None:
    from rpa_core.language.parser import _IDENT, CONSTRUCTS, MODIFIERS, _did_you_mean

    mains = [k for k in node if k in CONSTRUCTS or "." in k]
    if not mains:
        unknown = [k for k in node if k not in MODIFIERS]
        if unknown:
            k = unknown[0]
            choices = list(CONSTRUCTS) + [a.name for a in all_actions()]
            suggestion = _did_you_mean(k, choices)
            if suggestion:
                p.err(node.loc_of(k), "parse.unknown_step_mean", key=k, suggestion=suggestion)
            else:
                p.err(node.loc_of(k), "parse.unknown_step", key=k)
        else:
            p.err(node.loc, "parse.no_action")
        return None
    if len(mains) > 1:
        p.err(node.loc_of(mains[1]), "parse.two_actions", first=mains[0], second=mains[1])
        return None
    main = mains[0]
    loc = node.loc_of(main)
    allowed = MODIFIERS + CONSTRUCTS.get(main, ())
    for k in node:
        if k != main and k not in allowed:
            p.unknown_key(node.loc_of(k), k, main, allowed)

    common = _modifiers(p, node, loc, scope, ctx, _IDENT)
    value = node[main]

    if "." in main:
        return _action(p, node, main, value, scope, ctx, common)
    runner = _CONSTRUCT_PARSERS[main]
    return runner(p, node, value, scope, ctx, common)


def _modifiers(p: _Parser, node: Node, loc: Any, scope: _Scope, ctx: _Ctx, ident: Any) -> dict[str, Any]:
    common: dict[str, Any] = {"loc": loc}
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
        try:
            common["timeout"] = parse_duration(node["timeout"])
        except ValueError:
            p.err(node.loc_of("timeout"), "parse.duration", key="timeout", value=str(node["timeout"]))
    if "save_as" in node:
        s = node["save_as"]
        if isinstance(s, str) and ident.match(s):
            common["save_as"] = s
        else:
            p.err(node.loc_of("save_as"), "parse.bad_name", name=str(s))
    if "commit" in node:
        if isinstance(node["commit"], bool):
            common["commit"] = node["commit"]
        else:
            p.err(node.loc_of("commit"), "parse.need_bool", key="commit")
    if "on_error" in node:
        _on_error(p, node, scope, ctx, common)
    if common.get("commit") and common.get("retry") and ctx.item_loop:
        p.err(node.loc_of("retry"), "parse.retry_commit_in_item")
    return common


def _on_error(p: _Parser, node: Node, scope: _Scope, ctx: _Ctx, common: dict[str, Any]) -> None:
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
        oe_ctx = ctx.after_item_failed() if "item_key" in node else ctx
        common["on_error"] = p.steps(oe, node.loc_of("on_error"), inner, oe_ctx)
    else:
        common["on_error"] = p.steps(oe, node.loc_of("on_error"), scope.child("error"), ctx)


def _action(
    p: _Parser, node: Node, main: str, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]
) -> Step | None:
    from rpa_core.language.parser import _did_you_mean, check_literal

    loc = common["loc"]
    spec = get_action(main)
    if spec is None:
        suggestion = _did_you_mean(main, [a.name for a in all_actions()])
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
        aloc = value.loc_of(arg) if isinstance(value, Node) else loc
        if arg not in fields:
            suggestion = _did_you_mean(arg, list(fields))
            if suggestion:
                p.err(aloc, "parse.unknown_arg_mean", arg=arg, action=main, suggestion=suggestion)
            else:
                p.err(aloc, "parse.unknown_arg", arg=arg, action=main, allowed=", ".join(fields) or "-")
            continue
        reason = check_literal(v, fields[arg].rebuild_annotation())
        if reason:
            p.err(aloc, "parse.bad_arg", arg=arg, action=main, value=str(v), detail=reason)
        p.check_value(v, aloc, scope)
    for fname, f in fields.items():
        if f.is_required() and fname not in value:
            p.err(loc, "parse.missing_arg", arg=fname, where=main)
    return ActionStep(action=main, args=dict(value), **common)


def _example(spec: ActionSpec) -> str:
    req = [n for n, f in spec.model.model_fields.items() if f.is_required()]
    return "{" + ", ".join(f"{n}: …" for n in req) + "}"


def _body(
    p: _Parser, node: Node, key: str, scope: _Scope, ctx: _Ctx, required: bool = False
) -> tuple[Step, ...]:
    if key not in node:
        if required:
            p.err(node.loc, "parse.missing_block", key=key)
        return ()
    raw = node[key]
    if not isinstance(raw, list):
        p.err(node.loc_of(key), "parse.steps_not_list_key", key=key)
        return ()
    return p.steps(raw, node.loc_of(key), scope, ctx)


def _for_each(
    p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]
) -> Step | None:
    from rpa_core.language.parser import _IDENT

    loc = common["loc"]
    if not (isinstance(value, list) or (isinstance(value, str) and has_expr(value))):
        p.err(loc, "parse.for_each_shape")
    p.check_value(value, loc, scope)
    as_ = node.get("as", "item")
    if not isinstance(as_, str) or not _IDENT.match(as_):
        p.err(node.loc_of("as"), "parse.bad_name", name=str(as_))
        as_ = "item"
    inner = scope.child(as_, "loop_index")
    item_key = node.get("item_key")
    keyed = item_key is not None  # an item loop as the clerk meant it, even if item_key: is wrong
    if keyed:
        if not isinstance(item_key, str) or not has_expr(item_key):
            # A fixed text would give every item the same key: the ledger would do the first
            # item only and skip all the others as done.
            p.err(node.loc_of("item_key"), "parse.item_key_shape", value=str(item_key))
            item_key = None
        else:
            p.check_value(item_key, node.loc_of("item_key"), inner)
        if not common.get("name"):
            p.err(loc, "parse.item_loop_needs_name")
        elif common["name"] in ctx.loop_names:
            p.err(node.loc_of("name"), "parse.loop_name_twice", name=common["name"])
        else:
            ctx.loop_names.add(common["name"])
    batch = node.get("batch")
    if batch is not None:
        if not keyed:
            p.err(node.loc_of("batch"), "parse.batch_without_key")
        p.check_value(batch, node.loc_of("batch"), scope)
    if "verify" in node and not keyed:
        p.err(node.loc_of("verify"), "parse.verify_without_key")
    body_ctx = ctx.inside_item_loop() if keyed else ctx
    verify = _body(p, node, "verify", inner, body_ctx)
    steps = _body(p, node, "steps", inner, body_ctx, required=True)
    return ForEachStep(
        items=value,
        as_=as_,
        item_key=item_key,
        batch=batch if isinstance(batch, str) else None,
        verify=verify,
        steps=steps,
        **common,
    )


def _if(p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]) -> Step | None:
    if not (isinstance(value, bool) or (isinstance(value, str) and has_expr(value))):
        p.err(common["loc"], "parse.when_shape", value=str(value))
    p.check_value(value, common["loc"], scope)
    then = _body(p, node, "then", scope, ctx, required=True)
    else_ = _body(p, node, "else", scope, ctx)
    return IfStep(condition=value, then=then, else_=else_, **common)


def _try(p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]) -> Step | None:
    if not isinstance(value, list):
        p.err(common["loc"], "parse.steps_not_list_key", key="try")
        return None
    body = p.steps(value, common["loc"], scope, ctx)
    rescue = _body(p, node, "rescue", scope.child("error"), ctx)
    always = _body(p, node, "always", scope.child("error"), ctx)
    if "rescue" not in node and "always" not in node:
        p.err(common["loc"], "parse.try_alone")
    return TryStep(body=body, rescue=rescue, always=always, **common)


def _set(p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]) -> Step | None:
    from rpa_core.language.parser import _IDENT

    if not isinstance(value, dict) or not value:
        p.err(common["loc"], "parse.set_shape")
        return None
    for k, v in value.items():
        kloc = value.loc_of(k) if isinstance(value, Node) else common["loc"]
        if not _IDENT.match(k) or k in ("inputs", "secrets"):
            p.err(kloc, "parse.bad_name", name=k)
        p.check_value(v, kloc, scope)
    return SetStep(values=dict(value), **common)


def _call(
    p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]
) -> Step | None:
    from rpa_core.language.parser import load_scenario

    loc = common["loc"]
    if isinstance(value, str):
        value = {"file": value}
    if not isinstance(value, dict) or not isinstance(value.get("file"), str):
        p.err(loc, "parse.call_shape")
        return None
    for k in value:
        if k not in ("file", "with"):
            p.unknown_key(value.loc_of(k) if isinstance(value, Node) else loc, k, "call", ("file", "with"))
    args = value.get("with") or {}
    args_ok = isinstance(args, dict)
    if not isinstance(args, dict):
        p.need_mapping(value.loc_of("with") if isinstance(value, Node) else loc, "with")
        args = {}
    p.check_value(args, loc, scope)
    file = value["file"]
    called = None
    if has_expr(file):
        p.err(loc, "parse.call_dynamic")
        return None
    target = (p.path.parent / file).resolve()
    if not target.exists():
        p.err(loc, "parse.call_missing", file=file, folder=str(p.path.parent))
    elif target.is_dir():
        _call_directory(p, loc, file, target)
    elif target.suffix.lower() not in (".yaml", ".yml"):
        p.err(loc, "parse.call_not_yaml", file=file)
    elif target in p.stack:
        p.err(loc, "parse.call_cycle", file=file)
    else:
        try:
            called = load_scenario(target, _stack=p.stack)
        except ScenarioError as exc:
            p.problems.extend(exc.problems)
        if called is not None and args_ok:  # a broken with: is reported once, not once per input
            for k in args:
                if k not in called.inputs:
                    p.err(
                        loc,
                        "parse.call_unknown_input",
                        name=k,
                        file=file,
                        known=", ".join(called.inputs) or "-",
                    )
            for k, spec in called.inputs.items():
                if spec.required and k not in args:
                    p.err(loc, "parse.call_missing_input", name=k, file=file)
    return CallStep(file=file, with_=dict(args), scenario=called, **common)


def _call_directory(p: _Parser, loc: Any, file: str, target: Path) -> None:
    """``call:`` names a folder: point at the scenario file inside it when there is one."""
    from rpa_core.errors import Problem

    inside = sorted(f for f in target.iterdir() if f.suffix.lower() in (".yaml", ".yml") and f.is_file())
    preferred = [f for f in inside if f.stem == "scenario"] or inside
    if preferred:
        suggestion = f"{file.rstrip('/')}/{preferred[0].name}"
        p.problems.append(
            Problem(
                loc,
                "parse.call_directory",
                {"file": file, "suggestion": suggestion},
                "parse.call_directory.scenario.hint",
            )
        )
    else:
        p.err(loc, "parse.call_directory", file=file)


def _text_step(cls: type[Any], attr: str) -> Any:
    def parse(
        p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]
    ) -> Step | None:
        if isinstance(value, dict) and cls is ManualStep:
            value = value.get("instruction")
        if not isinstance(value, str | int | float) or value == "":
            p.err(common["loc"], "parse.need_text", key=attr)
            return None
        p.check_value(value, common["loc"], scope)
        return cls(**{attr: value}, **common)

    return parse


def _wait(
    p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]
) -> Step | None:
    if isinstance(value, str) and has_expr(value):
        p.check_value(value, common["loc"], scope)
        return WaitStep(seconds=value, **common)
    try:
        return WaitStep(seconds=parse_duration(value), **common)
    except ValueError:
        p.err(common["loc"], "parse.duration", key="wait", value=str(value))
        return None


def _assert(
    p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]
) -> Step | None:
    if not (isinstance(value, str) and has_expr(value)):
        p.err(common["loc"], "parse.assert_shape", value=str(value))
        return None
    p.check_value(value, common["loc"], scope)
    p.check_value(node.get("message"), node.loc_of("message"), scope)
    return AssertStep(condition=value, message=node.get("message"), **common)


def _skip_item(
    p: _Parser, node: Node, value: Any, scope: _Scope, ctx: _Ctx, common: dict[str, Any]
) -> Step | None:
    if not ctx.item_loop:  # (an item loop's own on_error: runs after its item was recorded as failed)
        p.err(common["loc"], "parse.skip_in_loop_on_error" if ctx.after_item else "parse.skip_outside_item")
    p.check_value(value, common["loc"], scope)
    return SkipItemStep(reason=value if value is not None else "", **common)


_CONSTRUCT_PARSERS = {
    "for_each": _for_each,
    "if": _if,
    "try": _try,
    "set": _set,
    "call": _call,
    "manual": _text_step(ManualStep, "instruction"),
    "log": _text_step(LogStep, "message"),
    "fail": _text_step(FailStep, "message"),
    "wait": _wait,
    "assert": _assert,
    "skip_item": _skip_item,
}

__all__ = ["parse_step"]
