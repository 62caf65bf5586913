"""How each construct runs: one runner per step type (Robot Framework's body runners), registered in RUNNERS.

A runner gets the :class:`~rpa_core.running.body.Body` running it and its step; the modifiers every
step shares (when, commit in a dry run, retry, on_error, save_as) are applied around it by the interpreter.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from rpa_core.errors import (
    AssertionFailed,
    BadValue,
    ItemManual,
    Rejected,
    RunWaiting,
    SessionRestarted,
    SkipItem,
    StepFailed,
)
from rpa_core.language.model import (
    ActionStep,
    AssertStep,
    CallStep,
    FailStep,
    ForEachStep,
    IfStep,
    LogStep,
    ManualStep,
    RejectStep,
    SetStep,
    SkipItemStep,
    TryStep,
    WaitStep,
)
from rpa_core.language.plain import to_plain
from rpa_core.language.secret_value import SecretMisuse
from rpa_core.language.types import parse_duration, reads_only, takes_secret
from rpa_core.registry import ActionSpec, get_action, resolve_path
from rpa_core.running.arguments import check_args, find_secret, render_args
from rpa_core.running.body import Body
from rpa_core.running.context import RunContext
from rpa_core.running.inputs import resolve_inputs
from rpa_core.running.loops import LoopHooks, run_loop

__all__ = ["RUNNERS"]


MAX_RESTARTS = 2  # a browser lost again and again within one step: the step fails


def run_action(body: Body, step: ActionStep) -> Any:
    """Run an action step; when its program (the browser) was lost and restarted, log in again and repeat it.

    The new browser starts logged out on a blank page: the scenario's login steps run again first (those the
    action names, :class:`SessionRestarted`), then the step. A commit step lost half-way is not repeated (it
    may have registered): it fails, and the item's ``verify:`` decides (Decisions: verify).
    """
    spec = get_action(step.action)
    if spec is None:  # validated before the run; a plug-in may have vanished since
        raise StepFailed("run.no_action", action=step.action)
    label = step.name or step.action
    restarts = 0
    while True:
        try:
            return _act(body, step, spec)
        except SessionRestarted as exc:
            restarts += 1
            if restarts > MAX_RESTARTS:
                raise
            commit_lost = exc.acted and bool(step.commit or spec.commit)
            login = _login_steps(body, step, exc.login)
            login_names = "、".join(s.name or "" for s in login)
            body.ctx.log(_text("run.session_relogin", step=label, login=login_names) if login
                         else _text("run.session_restart", step=label))
            body.run_steps(login)
            if commit_lost:
                raise StepFailed("run.session_lost_in_commit", step=label) from None


def _login_steps(body: Body, step: ActionStep, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The scenario's login steps to run again (top-level steps named by the setting, in their order); when
    the lost step is one of them, only those before it (the login then goes on from the step itself)."""
    chosen = tuple(s for s in body.root.steps if s.name and s.name in names)
    if step in chosen:
        return chosen[: chosen.index(step)]
    return chosen


def _text(key: str, /, **kwargs: Any) -> str:
    from rpa_core.messages import text

    return text(key, **kwargs)


def _act(body: Body, step: ActionStep, spec: ActionSpec) -> Any:
    ctx = body.ctx
    args, reads = render_args(body.render, dict(step.args))
    for name in spec.path_fields:
        if name in args:
            args[name] = resolve_path(ctx.scenario_dir, args[name])
    if step.timeout is not None and "timeout" in spec.model.model_fields and "timeout" not in args:
        args["timeout"] = step.timeout
    parsed = check_args(step.action, spec.model, args, reads, lambda s: str(ctx.masker.mask(s)))
    kwargs = {k: getattr(parsed, k) for k in spec.model.model_fields if k in parsed.model_fields_set}
    ctx.current_action = step.action
    ctx.current_commit = bool(step.commit or spec.commit)  # a commit step is never repeated by its action
    _check_places(ctx, spec, kwargs)
    _check_no_secret_text(ctx, step, spec, kwargs)
    try:
        if spec.wants_ctx:
            result = spec.func(ctx, **kwargs)
        else:
            result = spec.func(**kwargs)
        return result
    except StepFailed:
        raise
    except Exception as exc:  # an unexpected failure in an action: a clear step error, never a traceback
        if ctx.settings.get("_debug"):
            raise
        raise StepFailed("run.action_crashed", action=step.action, type=type(exc).__name__,
                         detail=str(exc) or type(exc).__name__) from exc


def _check_no_secret_text(ctx: RunContext, step: ActionStep, spec: ActionSpec, kwargs: dict[str, Any]) -> None:
    """A secret's text reaches only the arguments meant for it, even when it came back from the target.

    A password argument gets its text from the Secret just before the call; any other argument holding the
    same text (read from a screen, echoed by the target) would write it to a file, a log or another field.
    Text the clerk gave is not a leak: the step's own words as written, and the run's inputs (a login
    ``admin`` stored as a secret's user must not refuse ``{{ inputs.url }}/admin/``).
    """
    for name, value in kwargs.items():
        field = spec.model.model_fields.get(name)
        if field is not None and takes_secret(field.rebuild_annotation()):
            continue
        found = ctx.masker.revealed(value)
        if found and found - _given_by_the_clerk(ctx, step.args.get(name)):
            raise BadValue("secret.value_in_argument", action=step.action, arg=name)


def _given_by_the_clerk(ctx: RunContext, written: Any) -> set[str]:
    """The secret texts in the step's argument as written and in the run's inputs: words the clerk gave."""
    inputs = ctx.variables.get("inputs")
    given = [written, *(inputs.values() if isinstance(inputs, dict) else ())]
    return ctx.masker.revealed([v for v in given if isinstance(v, str | list | tuple | dict)])


def _check_places(ctx: RunContext, spec: ActionSpec, kwargs: dict[str, Any]) -> None:
    """Every ``Path`` argument inside the run's places (issue 13), before the action sees it.

    Arguments marked ``ExistingPath``/``ReadPath``/``ReadsPath`` are reads; any other path may be written.
    """
    if ctx.places is None:
        return
    for name in spec.path_fields:
        if name in kwargs:
            write = not reads_only(spec.model.model_fields[name].rebuild_annotation())
            ctx.places.check(kwargs[name], action=spec.name, arg=name, write=write)


def run_for_each(body: Body, step: ForEachStep) -> Any:
    rows = body.render(step.items)
    if isinstance(rows, dict):
        rows = [{"key": k, "value": v} for k, v in rows.items()]
    if rows is None or isinstance(rows, str | bytes) or not hasattr(rows, "__iter__"):
        raise StepFailed("run.for_each_not_list", got=type(rows).__name__)
    hooks = LoopHooks(render=body.render, run_body=body.run_steps, on_error=body.handle_error, count=body.count)
    paths = tuple(name for name, spec in body.scenario.inputs.items() if spec.type == "path")
    return run_loop(step, list(rows), body.ctx, hooks, scenario=body.scenario.name, path_inputs=paths,
                    fresh=body.fresh)


def run_if(body: Body, step: IfStep) -> None:
    body.run_steps(step.then if body.truthy(step.condition) else step.else_)


def run_try(body: Body, step: TryStep) -> None:
    try:
        body.run_steps(step.body)
    except StepFailed as exc:
        if not step.rescue:
            raise
        body.ctx.variables["error"] = body.error_info(exc)
        body.run_steps(step.rescue)
    finally:
        if step.always:
            body.run_steps(step.always)


def run_set(body: Body, step: SetStep) -> None:
    variables = body.ctx.variables
    for name, value in step.values.items():
        rendered = body.render(value)
        secret = find_secret(rendered)
        if secret is not None:  # a copy of a secret in a variable would reach the item's saved values
            raise SecretMisuse(secret.name)
        variables[name] = to_plain(rendered, "set")  # a generator, a method: refused or made data


def run_call(body: Body, step: CallStep) -> dict[str, Any]:
    assert step.scenario is not None  # checked by the parser
    ctx, called = body.ctx, step.scenario
    args = body.render(step.with_)
    outer_vars, outer_dir = ctx.variables, ctx.scenario_dir
    inputs = resolve_inputs(called, args)
    ctx.variables = {**{k: v for k, v in outer_vars.items() if k in ("today", "now", "run")},
                     "inputs": inputs, "secrets": outer_vars.get("secrets", {}), "scenario": {"name": called.name}}
    ctx.scenario_dir = called.folder
    entering = ctx.places.entering(called.folder) if ctx.places is not None else contextlib.nullcontext()
    try:
        with entering:
            body.nested(called).run_steps(called.steps)
        return {k: v for k, v in ctx.variables.items() if k not in ("inputs", "secrets", "run", "scenario")}
    finally:
        ctx.variables, ctx.scenario_dir = outer_vars, outer_dir


def run_manual(body: Body, step: ManualStep) -> None:
    ctx = body.ctx
    instruction = str(body.render(step.instruction))
    if ctx.unattended:
        if ctx.item_key is not None:
            raise ItemManual(instruction)
        raise RunWaiting(instruction)
    t0 = time.monotonic()
    ctx.observer.ask_manual(instruction)
    ctx.recorder.manual_done((time.monotonic() - t0) / 60.0, instruction)


def run_log(body: Body, step: LogStep) -> None:
    body.ctx.log(str(body.render(step.message)))


def run_fail(body: Body, step: FailStep) -> None:
    raise StepFailed("run.fail", message=str(body.ctx.masker.mask(str(body.render(step.message)))))


def run_reject(body: Body, step: RejectStep) -> None:
    """The system refused the row: fail it at once; no retry repeats a :class:`Rejected`."""
    message = str(body.ctx.masker.mask(str(body.render(step.message)))).strip()
    raise Rejected("run.reject", message=message or _no_message())


def _no_message() -> str:
    from rpa_core.messages import text

    return text("run.reject_no_message")


def run_wait(body: Body, step: WaitStep) -> None:
    seconds = step.seconds
    if isinstance(seconds, str):
        try:
            seconds = parse_duration(body.render(seconds))
        except ValueError as exc:
            raise StepFailed("run.bad_wait", detail=str(exc)) from None
    time.sleep(float(seconds))


def run_assert(body: Body, step: AssertStep) -> None:
    if not body.truthy(step.condition):
        if step.message is not None:
            raise AssertionFailed("run.assert_message", message=str(body.render(step.message)))
        raise AssertionFailed("run.assert", expr=str(step.condition).strip())


def run_skip_item(body: Body, step: SkipItemStep) -> None:
    raise SkipItem(str(body.render(step.reason)) if step.reason else "", step.loc)


RUNNERS: dict[type, Callable[[Body, Any], Any]] = {
    ActionStep: run_action,
    ForEachStep: run_for_each,
    IfStep: run_if,
    TryStep: run_try,
    SetStep: run_set,
    CallStep: run_call,
    ManualStep: run_manual,
    LogStep: run_log,
    FailStep: run_fail,
    RejectStep: run_reject,
    WaitStep: run_wait,
    AssertStep: run_assert,
    SkipItemStep: run_skip_item,
}
