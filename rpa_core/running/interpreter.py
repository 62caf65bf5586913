"""The interpreter: the body loop, and the modifiers every step shares around its construct's runner.

``Interpreter.run_steps`` walks a list of steps; ``_run_step`` applies when, commit in a dry run,
retry, on_error and save_as, and hands the step to its runner (``rpa_core.running.runners``).
Work-item loops live in ``rpa_core.running.loops``.
"""

from __future__ import annotations

from typing import Any

from rpa_core.errors import DryRunStop, StepFailed
from rpa_core.language.expressions import render_value
from rpa_core.language.model import ActionStep, ForEachStep, OnError, Scenario, Step
from rpa_core.language.plain import to_plain
from rpa_core.registry import get_action
from rpa_core.running.context import RunContext
from rpa_core.running.outcomes import retrying
from rpa_core.running.runners import RUNNERS

__all__ = ["Interpreter", "step_label"]


def step_label(step: Step) -> str:
    """The name a step shows in logs, explain and reports."""
    if step.name:
        return step.name
    if isinstance(step, ActionStep):
        return step.action
    return step.kind.replace("foreach", "for_each").replace("skipitem", "skip_item")


class Interpreter:
    """Implements :class:`rpa_core.running.body.Body` for one scenario of a run."""

    def __init__(self, scenario: Scenario, ctx: RunContext, *, fresh: bool = False,
                 root: Scenario | None = None) -> None:
        self.scenario = scenario
        self.root = root or scenario
        self.ctx = ctx
        self.fresh = fresh
        self.counts: dict[str, int] = {}

    # -- helpers ---------------------------------------------------------------
    def render(self, value: Any) -> Any:
        return render_value(value, self.ctx.variables)

    def truthy(self, value: Any) -> bool:
        return bool(self.render(value))

    def count(self, status: str, n: int = 1) -> None:
        self.counts[status] = self.counts.get(status, 0) + n

    def nested(self, scenario: Scenario) -> Interpreter:
        return Interpreter(scenario, self.ctx, fresh=self.fresh, root=self.root)

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
        recorder = self.ctx.recorder
        if step.when is not None and not self._when(step, label):
            with recorder.step(step.loc, label, step.kind) as state:
                state.status = "skipped"
            return
        if isinstance(step, ForEachStep):  # retry and on_error apply to each item, inside the loop
            with recorder.step(step.loc, label, step.kind):
                result = RUNNERS[ForEachStep](self, step)
            self._save(step, label, result)
            return
        if self.ctx.dry_run and _commits(step):
            with recorder.step(step.loc, label, step.kind) as state:
                state.status = "dry_run"
                self.ctx.observer.log(f"[dry-run] {label}")
            raise DryRunStop(label, step.loc)
        try:
            if step.retry is None:  # the hot path: no closure, no extra frame
                with recorder.step(step.loc, label, step.kind):
                    result = RUNNERS[type(step)](self, step)
            else:
                result = self._retried(step, label)
        except StepFailed as exc:
            self.handle_error(step.on_error, exc.at(step.loc, label))
            return
        if _commits(step):
            recorder.committed()  # in an item, durable before the next step: a rerun verifies instead of repeating
        self._save(step, label, result)

    def _retried(self, step: Step, label: str) -> Any:
        """A step with ``retry:``; never repeated once a commit step inside it passed (it could register twice).

        validate refuses retry around a commit step in an item loop; this is the run's own safety net for a
        scenario that slipped past (a called file, a wrapping block): the item's ``verify:`` decides instead.
        """
        recorder = self.ctx.recorder
        commits_before = [recorder.commits]

        def attempt(_n: int) -> Any:
            commits_before[0] = recorder.commits
            return self._once(step, label)

        def may_retry(exc: StepFailed) -> bool:
            if recorder.commits == commits_before[0]:
                return True
            self.ctx.log(_text("run.no_retry_after_commit", step=label, detail=exc.message()))
            return False

        return retrying(step.retry, attempt,
                        lambda n, retries, exc: self.ctx.log(_retry_text(label, n, retries, exc.at(step.loc, label))),
                        may_retry)

    def _once(self, step: Step, label: str) -> Any:
        with self.ctx.recorder.step(step.loc, label, step.kind):
            return RUNNERS[type(step)](self, step)

    def _when(self, step: Step, label: str) -> bool:
        try:
            return self.truthy(step.when)
        except StepFailed as exc:
            raise exc.at(step.loc, label) from None

    def handle_error(self, on_error: OnError, exc: StepFailed) -> None:
        """Apply ``on_error``: stop (raise), continue (log and go on), or run the given steps."""
        if on_error is None or on_error == "stop":
            raise exc
        self.ctx.log(exc.render())
        if on_error == "continue":
            return
        self.ctx.variables["error"] = self.error_info(exc)
        self.run_steps(on_error)

    def _save(self, step: Step, label: str, result: Any) -> None:
        """Keep a step's result for expressions as plain data only (:func:`~rpa_core.language.plain.to_plain`):
        a Path, a page, a handle never reaches an expression. A result that is no data is the step's error
        (after a commit was noted: the target did change), handled by its ``on_error``."""
        if not step.save_as:
            return
        try:
            self.ctx.variables[step.save_as] = to_plain(result, label)
        except StepFailed as exc:
            self.handle_error(step.on_error, exc.at(step.loc, label))


def _commits(step: Step) -> bool:
    """A step changes a target system when it says ``commit: true`` or its action does so by nature."""
    if step.commit:
        return True
    if isinstance(step, ActionStep):
        spec = get_action(step.action)
        return spec is not None and spec.commit
    return False


def _retry_text(label: str, attempt: int, retries: int, exc: StepFailed) -> str:
    return _text("run.retrying", step=label, attempt=attempt, retries=retries, detail=exc.message())


def _text(key: str, /, **kwargs: Any) -> str:
    from rpa_core.messages import text

    return text(key, **kwargs)
