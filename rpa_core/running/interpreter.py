"""The interpreter: one small runner per construct.

``Interpreter.run_steps`` walks a list of steps; ``_run_step`` applies the modifiers
every step shares (when, commit in a dry run, retry, on_error, save_as) and hands the
step to its construct's runner. Work-item loops live in ``rpa_core.running.loops``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from rpa_core.errors import AssertionFailed, DryRunStop, ItemManual, RunWaiting, SkipItem, StepFailed
from rpa_core.language.expressions import render_value
from rpa_core.language.model import (
    ActionStep,
    AssertStep,
    CallStep,
    FailStep,
    ForEachStep,
    IfStep,
    LogStep,
    ManualStep,
    Scenario,
    SetStep,
    SkipItemStep,
    Step,
    TryStep,
    WaitStep,
)
from rpa_core.language.types import parse_duration
from rpa_core.registry import get_action, resolve_path
from rpa_core.running import messages as _runtime_messages  # noqa: F401  (registers the messages used here)
from rpa_core.running.context import RunContext

__all__ = ["Interpreter", "step_label"]


def step_label(step: Step) -> str:
    """The name a step shows in logs, explain and reports."""
    if step.name:
        return step.name
    if isinstance(step, ActionStep):
        return step.action
    return step.kind.replace("foreach", "for_each").replace("skipitem", "skip_item")


class Interpreter:
    def __init__(self, scenario: Scenario, ctx: RunContext, *, fresh: bool = False) -> None:
        self.scenario = scenario
        self.ctx = ctx
        self.fresh = fresh
        self.counts: dict[str, int] = {}
        self._runners: dict[type, Callable[[Any], Any]] = {
            ActionStep: self._run_action,
            ForEachStep: self._run_for_each,
            IfStep: self._run_if,
            TryStep: self._run_try,
            SetStep: self._run_set,
            CallStep: self._run_call,
            ManualStep: self._run_manual,
            LogStep: self._run_log,
            FailStep: self._run_fail,
            WaitStep: self._run_wait,
            AssertStep: self._run_assert,
            SkipItemStep: self._run_skip_item,
        }

    # -- helpers ---------------------------------------------------------------
    def render(self, value: Any) -> Any:
        return render_value(value, self.ctx.variables)

    def truthy(self, value: Any) -> bool:
        return bool(self.render(value))

    def count(self, status: str, n: int = 1) -> None:
        self.counts[status] = self.counts.get(status, 0) + n

    def error_info(self, exc: StepFailed) -> dict[str, Any]:
        return {
            "message": self.ctx.masker.mask(exc.message()),
            "message_en": self.ctx.masker.mask(exc.message("en")),
            "step": exc.step,
            "line": exc.loc.line if exc.loc else None,
            "file": exc.loc.file if exc.loc else None,
            "kind": exc.key,
        }

    # -- the body loop ---------------------------------------------------------
    def run_steps(self, steps: tuple[Step, ...]) -> None:
        for step in steps:
            self._run_step(step)

    def _run_step(self, step: Step) -> None:
        label = step_label(step)
        kind = step.kind
        if step.when is not None:
            try:
                go = self.truthy(step.when)
            except StepFailed as exc:
                raise exc.at(step.loc, label) from None
            if not go:
                with self.ctx.recorder.step(step.loc, label, kind) as state:
                    state.status = "skipped"
                return
        if isinstance(step, ForEachStep):  # retry and on_error apply to each item, inside the loop
            with self.ctx.recorder.step(step.loc, label, kind):
                result = self._run_for_each(step)
            self._save(step, result)
            return
        if self.ctx.dry_run and _commits(step):
            with self.ctx.recorder.step(step.loc, label, kind) as state:
                state.status = "dry_run"
                self.ctx.observer.log(f"[dry-run] {label}")
            raise DryRunStop(label, step.loc)
        tries = 1 + (step.retry.times if step.retry else 0)
        for attempt in range(1, tries + 1):
            try:
                with self.ctx.recorder.step(step.loc, label, kind):
                    result = self._runners[type(step)](step)
                self._save(step, result)
                return
            except StepFailed as exc:
                exc.at(step.loc, label)
                if attempt < tries and step.retry is not None:
                    self.ctx.log(_retry_text(label, attempt, tries - 1, exc))
                    time.sleep(step.retry.delay)
                    continue
                self.handle_error(step.on_error, exc)
                return

    def handle_error(self, on_error: Any, exc: StepFailed) -> None:
        """Apply ``on_error``: stop (raise), continue (log and go on), or run the given steps."""
        if on_error is None or on_error == "stop":
            raise exc
        self.ctx.log(exc.render())
        if on_error == "continue":
            return
        self.ctx.variables["error"] = self.error_info(exc)
        self.run_steps(on_error)

    def _save(self, step: Step, result: Any) -> None:
        if step.save_as:
            self.ctx.variables[step.save_as] = result

    # -- runners ---------------------------------------------------------------
    def _run_action(self, step: ActionStep) -> Any:
        spec = get_action(step.action)
        if spec is None:  # validated before the run; a plug-in may have vanished since
            raise StepFailed("run.no_action", action=step.action)
        args = self.render(step.args)
        for name in spec.path_fields:
            if name in args:
                args[name] = resolve_path(self.ctx.scenario_dir, args[name])
        if step.timeout is not None and "timeout" in spec.model.model_fields and "timeout" not in args:
            args["timeout"] = step.timeout
        try:
            parsed = spec.model.model_validate(args)
        except ValidationError as exc:
            e = exc.errors()[0]
            raise StepFailed("run.bad_arg", action=step.action, arg=".".join(str(x) for x in e["loc"]),
                             detail=e["msg"], value=str(self.ctx.masker.mask(str(e.get("input", ""))))[:80]) from None
        kwargs = {k: getattr(parsed, k) for k in spec.model.model_fields if k in parsed.model_fields_set}
        self.ctx.step_timeout = step.timeout
        try:
            if spec.wants_ctx:
                return spec.func(self.ctx, **kwargs)
            return spec.func(**kwargs)
        except StepFailed:
            raise
        except Exception as exc:  # an unexpected failure in an action: a clear step error, never a traceback
            if self.ctx.settings.get("_debug"):
                raise
            raise StepFailed("run.action_crashed", action=step.action, type=type(exc).__name__,
                             detail=str(exc) or type(exc).__name__) from exc

    def _run_for_each(self, step: ForEachStep) -> Any:
        from rpa_core.running.loops import run_loop

        return run_loop(self, step)

    def _run_if(self, step: IfStep) -> None:
        self.run_steps(step.then if self.truthy(step.condition) else step.else_)

    def _run_try(self, step: TryStep) -> None:
        try:
            self.run_steps(step.body)
        except StepFailed as exc:
            if not step.rescue:
                raise
            self.ctx.variables["error"] = self.error_info(exc)
            self.run_steps(step.rescue)
        finally:
            if step.always:
                self.run_steps(step.always)

    def _run_set(self, step: SetStep) -> None:
        for name, value in step.values.items():
            self.ctx.variables[name] = self.render(value)

    def _run_call(self, step: CallStep) -> dict[str, Any]:
        from rpa_core.running.scenario_run import resolve_inputs

        assert step.scenario is not None  # checked by the parser
        called = step.scenario
        args = self.render(step.with_)
        outer_vars, outer_dir = self.ctx.variables, self.ctx.scenario_dir
        inputs = resolve_inputs(called, args)
        self.ctx.variables = {**{k: v for k, v in outer_vars.items() if k in ("today", "now", "run")},
                              "inputs": inputs, "secrets": outer_vars.get("secrets", {}),
                              "scenario": {"name": called.name}}
        self.ctx.scenario_dir = called.folder
        try:
            Interpreter(called, self.ctx, fresh=self.fresh).run_steps(called.steps)
            return {k: v for k, v in self.ctx.variables.items() if k not in ("inputs", "secrets", "run", "scenario")}
        finally:
            self.ctx.variables, self.ctx.scenario_dir = outer_vars, outer_dir

    def _run_manual(self, step: ManualStep) -> None:
        instruction = str(self.render(step.instruction))
        if self.ctx.unattended:
            if self.ctx.item_key is not None:
                raise ItemManual(instruction)
            raise RunWaiting(instruction)
        t0 = time.monotonic()
        self.ctx.observer.ask_manual(instruction)
        minutes = (time.monotonic() - t0) / 60.0
        state = self.ctx.recorder._current
        if state is not None:
            state.manual_minutes = minutes
            state.message = instruction

    def _run_log(self, step: LogStep) -> None:
        self.ctx.log(str(self.render(step.message)))

    def _run_fail(self, step: FailStep) -> None:
        raise StepFailed("run.fail", message=str(self.ctx.masker.mask(str(self.render(step.message)))))

    def _run_wait(self, step: WaitStep) -> None:
        seconds = step.seconds
        if isinstance(seconds, str):
            try:
                seconds = parse_duration(self.render(seconds))
            except ValueError as exc:
                raise StepFailed("run.bad_wait", detail=str(exc)) from None
        time.sleep(float(seconds))

    def _run_assert(self, step: AssertStep) -> None:
        if not self.truthy(step.condition):
            if step.message is not None:
                raise AssertionFailed("run.assert_message", message=str(self.render(step.message)))
            raise AssertionFailed("run.assert", expr=str(step.condition).strip())

    def _run_skip_item(self, step: SkipItemStep) -> None:
        raise SkipItem(str(self.render(step.reason)) if step.reason else "")


def _commits(step: Step) -> bool:
    """A step changes a target system when it says ``commit: true`` or its action does so by nature."""
    if step.commit:
        return True
    if isinstance(step, ActionStep):
        spec = get_action(step.action)
        return spec is not None and spec.commit
    return False


def _retry_text(label: str, attempt: int, retries: int, exc: StepFailed) -> str:
    from rpa_core.messages import text

    return text("run.retrying", step=label, attempt=attempt, retries=retries, detail=exc.message())
