"""``for_each``: plain loops, and work-item loops kept in the ledger (docs/architecture.md, Decisions).

An item loop (one with ``item_key``) gives every row a key and a state. Per item:
``in_progress`` is committed before its steps run, its final state after; a rerun
takes pending, in_progress and failed items and leaves done ones alone.

Evidence decides a rerun: each attempt records whether it passed a commit step
(``items.committed``, written by the recorder before the next step). An item left
``in_progress`` by a crash, or ``failed`` after its commit step, runs ``verify:`` first
(three-way: all pass → done; an assertion false, or a waiting action that did not find
what it looked for, → run again; any other error → needs_check); without ``verify:`` it waits as ``needs_check`` for a clerk. An item that
failed before any commit step reruns freely. The loop's own ``retry:`` follows the same
rule within a run, and a ``reject:`` (the system refused the row) is never retried.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rpa_core.errors import (
    AssertionFailed,
    ControlSignal,
    DryRunStop,
    ItemManual,
    NotFoundYet,
    Rejected,
    SkipItem,
    StepFailed,
)
from rpa_core.language.model import ForEachStep, OnError, Step
from rpa_core.running.context import RunContext
from rpa_core.running.locks import loop_scope
from rpa_core.running.outcomes import DRY_RUN, outcome, retrying
from rpa_core.store.runlog import DONE, FAILED, IN_PROGRESS, MANUAL, NEEDS_CHECK, SKIPPED

__all__ = ["LoopHooks", "item_key_of", "run_loop"]


@dataclass(frozen=True, slots=True)
class LoopHooks:
    """What a loop needs from the interpreter running it: no more."""

    render: Callable[[Any], Any]
    run_body: Callable[[tuple[Step, ...]], None]
    on_error: Callable[[OnError, StepFailed], None]
    count: Callable[[str], None]


def item_key_of(value: Any) -> str:
    """Item keys are NFKC-normalised strings: ``１２３`` and ``123`` are the same item."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _row_no(row: Any, index: int) -> int:
    if isinstance(row, dict) and isinstance(row.get("_row"), int):
        return int(row["_row"])
    return index + 1


def run_loop(step: ForEachStep, rows: list[Any], ctx: RunContext, hooks: LoopHooks, *, scenario: str,
             path_inputs: tuple[str, ...], fresh: bool) -> list[dict[str, Any]]:
    """Run ``step``'s body for each row: a plain loop, or an item loop kept in the ledger (``item_key``)."""
    if step.item_key is None:
        return _plain_loop(step, rows, ctx, hooks)
    return _ItemLoop(step, rows, ctx, hooks, scenario, path_inputs, fresh).run()


@contextmanager
def _bind(ctx: RunContext, step: ForEachStep, row: Any, index: int) -> Iterator[None]:
    ctx.variables[step.as_] = row
    ctx.variables["loop_index"] = index
    yield


def _plain_loop(step: ForEachStep, rows: list[Any], ctx: RunContext, hooks: LoopHooks) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    recorder = ctx.recorder
    commits = recorder.commits

    def attempt(_n: int) -> None:
        nonlocal commits
        commits = recorder.commits
        hooks.run_body(step.steps)

    def may_retry(exc: StepFailed) -> bool:  # a row that passed a commit step is never repeated blindly
        if recorder.commits == commits:
            return True
        ctx.log(_text("run.no_retry_after_commit", step=step.name or "for_each", detail=exc.message()))
        return False

    for index, row in enumerate(rows):
        with _bind(ctx, step, row, index):
            try:
                retrying(step.retry, attempt, _quietly, may_retry)
            except StepFailed as exc:
                results.append({"index": index, "status": FAILED, "message": exc.message()})
                hooks.on_error(step.on_error, exc.at(step.loc, step.name or "for_each"))
            else:
                results.append({"index": index, "status": DONE})
    return results


def _quietly(attempt: int, retries: int, exc: StepFailed) -> None:
    """A plain loop retries a row without a log line (its steps logged their own failures)."""


class _ItemLoop:
    def __init__(self, step: ForEachStep, rows: list[Any], ctx: RunContext, hooks: LoopHooks, scenario: str,
                 path_inputs: tuple[str, ...], fresh: bool) -> None:
        self.step = step
        self.rows = rows
        self.ctx = ctx
        self.hooks = hooks
        self.ledger = ctx.recorder  # the store, reached only through the Recorder's ledger methods
        self.scenario = scenario
        self.path_inputs = path_inputs
        self.fresh = fresh
        self.loop = step.name or "for_each"
        self.batch_id = 0
        self.states: dict[str, dict[str, Any]] = {}
        self.results: list[dict[str, Any]] = []
        self.row: Any = None  # the row being run: its own columns go to the result workbook

    # -- set-up ----------------------------------------------------------------
    def keys(self) -> list[str]:
        keys: list[str] = []
        first_row: dict[str, int] = {}
        duplicates: list[str] = []
        for index, row in enumerate(self.rows):
            with _bind(self.ctx, self.step, row, index):
                try:
                    key = item_key_of(self.hooks.render(self.step.item_key))
                except StepFailed as exc:
                    raise exc.at(self.step.loc, self.loop) from None
            if not key or key == "None":
                raise StepFailed("run.item_key_empty", row=_row_no(row, index))
            with _bind(self.ctx, self.step, row, index):  # a key that shows personal data is kept as a digest
                key = self.ledger.stored_key(key)
            if key in first_row:
                duplicates.append(f"{key} ({first_row[key]}, {_row_no(row, index)})")
            else:
                first_row[key] = _row_no(row, index)
            keys.append(key)
        if duplicates:
            raise StepFailed("run.item_key_duplicate", keys=", ".join(duplicates[:10]))
        return keys

    def scope(self) -> dict[str, Any]:
        if self.step.batch:
            return {"batch": str(self.hooks.render(self.step.batch))}
        inputs = self.ctx.variables.get("inputs", {})
        return {name: str(inputs.get(name)) for name in self.path_inputs}

    # -- the loop --------------------------------------------------------------
    def run(self) -> list[dict[str, Any]]:
        keys = self.keys()
        if self.ctx.dry_run:  # a dry run writes no ledger: it opens and locks no batch
            return self._run(keys)
        scope = self.scope()
        locks = self.ctx.locks
        if locks is None:  # a context made without a run's locks (unit tests of the loop alone)
            return self._run(keys, scope)
        lock = loop_scope(self.scenario, self.loop, scope, paths=not self.step.batch)
        with locks.holding(lock, f"{self.scenario} / {self.loop}"):  # LockHeld (exit 2): another run has it
            return self._run(keys, scope)

    def _run(self, keys: list[str], scope: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        locks = self.ctx.locks if scope is not None else None
        if scope is not None:
            self.batch_id = self.ledger.open_batch(self.scenario, self.loop, scope, fresh=self.fresh)
            self.states = self.ledger.item_states(self.batch_id)
        self.ctx.observer.loop_started(self.loop, len(keys))
        try:
            for index, (row, key) in enumerate(zip(self.rows, keys, strict=True)):
                if locks is not None:
                    locks.check()  # taken over while this PC was frozen: stop before the next item
                self.row = row
                with _bind(self.ctx, self.step, row, index):
                    status = self.one(row, index, key)
                self.hooks.count(status)
                self.ctx.observer.item_finished(key, status)
        finally:
            self.ctx.observer.loop_finished()
        return self.results

    def one(self, row: Any, index: int, key: str) -> str:
        known = self.states.get(key)
        status = known["status"] if known else None
        item_id = known["id"] if known else None
        attempts = known["attempts"] if known else 0
        row_no = _row_no(row, index)
        if status in (DONE, SKIPPED, NEEDS_CHECK, MANUAL):
            # settled earlier: done and skipped stay; needs_check and manual wait for `robosan items settle`
            self._remember(key, row_no, status, "", known.get("result") if known else None, earlier=True)
            return "already_" + str(status) if status in (DONE, SKIPPED) else str(status)
        if status == IN_PROGRESS or (status == FAILED and known and known.get("committed")):
            # it may have reached the target system: look there before doing it again
            why = "run.needs_check" if status == IN_PROGRESS else "run.needs_check_committed"
            verdict = self.decide(key, item_id, row_no, why)
            if verdict != "rerun":
                return verdict
        return _Attempts(self, row_no, key, item_id, attempts).run()

    def decide(self, key: str, item_id: int | None, row_no: int, why: str, detail: str = "") -> str:
        """An item that may be in the target system: verify it, or leave it to a clerk (``why``) without verify.

        Returns the status it was settled with (done / needs_check), or 'rerun' when verify found it absent.
        """
        before = dict(self.ctx.variables)
        if not self.step.verify:
            message = _text(why, detail=detail)
            self.ledger.set_item(self.batch_id, key, item_id, NEEDS_CHECK, row_no=row_no, message=message)
            self._remember(key, row_no, NEEDS_CHECK, message, None)
            return NEEDS_CHECK
        verdict = self.verify(key)
        if verdict == "rerun":
            return verdict
        return self._settled_by_verify(key, item_id, row_no, verdict, before)

    def settle(self, key: str, item_id: int | None, row_no: int, status: str, message: str,
               before: dict[str, Any], committed: bool | None = None) -> str:
        result = _item_result(before, self.ctx.variables, self.step.as_)
        self.ledger.set_item(self.batch_id, key, item_id, status, row_no=row_no, message=message or None,
                             result=result, committed=committed)
        self._remember(key, row_no, status, message, result)
        return status

    def _settled_by_verify(self, key: str, item_id: int | None, row_no: int, verdict: str,
                           before: dict[str, Any]) -> str:
        """Record an item that ``verify:`` found done (or could not check); what verify saved is its result."""
        message = _text("run.verified_done" if verdict == DONE else "run.needs_check")
        result = _item_result(before, self.ctx.variables, self.step.as_) if verdict == DONE else None
        self.ledger.set_item(self.batch_id, key, item_id, verdict, row_no=row_no, message=message, result=result)
        self._remember(key, row_no, verdict, message, result)
        return verdict

    def verify(self, key: str) -> str:
        """Run ``verify:``: 'done' if all pass, 'rerun' if an assertion is false, 'needs_check' otherwise.

        A waiting action that looked and did not find (``browser.expect_text`` …: :class:`NotFoundYet`) is
        a false assertion in the clerk's words ("is it in the list?"); any other failure cannot decide.
        """
        with self.ledger.working_on(key):  # verify's steps and artifacts belong to the item
            try:
                self.hooks.run_body(self.step.verify)
            except (AssertionFailed, NotFoundYet) as exc:
                self.ctx.log(_text("run.verify_not_there", key=key, detail=exc.message()))
                return "rerun"
            except StepFailed as exc:
                self.ctx.log(exc.render())
                return NEEDS_CHECK
            except ControlSignal as signal:  # skip_item:, an unattended manual: … cannot decide anything here
                self.ctx.log(_text("run.signal_in_verify", what=_signal_name(signal)))
                return NEEDS_CHECK
        return DONE

    def _remember(self, key: str, row_no: int, status: str, message: str, result: Any, earlier: bool = False) -> None:
        self.results.append({"key": key, "row": row_no, "status": status, "result": result or {}, "earlier": earlier})
        self.ledger.item_result(self.loop, key, row_no, status, message, result, _row_values(self.row))


class _Attempts:
    """One item's tries: in_progress committed before its steps run, its final state after (with retry:)."""

    def __init__(self, loop: _ItemLoop, row_no: int, key: str, item_id: int | None, attempts: int) -> None:
        self.loop = loop
        self.row_no = row_no
        self.key = key
        self.item_id = item_id
        self.attempts = attempts
        self.before: dict[str, Any] = {}
        self.committed = False  # did the last attempt pass a commit step?
        self.last_error = ""

    def run(self) -> str:
        loop, step = self.loop, self.loop.step
        try:
            return retrying(step.retry, self.once, self.retrying)
        except StepFailed as exc:
            exc.at(step.loc, loop.loop)
            # a refusal is the system's word that nothing was registered: the evidence of a commit is void
            committed = False if isinstance(exc, Rejected) else None
            loop.settle(self.key, self.item_id, self.row_no, FAILED, exc.render(), self.before, committed)
            try:
                loop.hooks.on_error(step.on_error, exc)
            except SkipItem:  # the item is already recorded as failed: there is nothing left to skip
                loop.ctx.log(_text("run.signal_after_item", key=self.key))
            return FAILED

    def once(self, n: int) -> str:
        loop, key = self.loop, self.key
        if n > 1 and self.committed:  # the failed attempt got past its commit step: look before repeating
            verdict = loop.decide(key, self.item_id, self.row_no, "run.needs_check_retry", self.last_error)
            if verdict != "rerun":
                return verdict
        self.attempts += 1
        self.item_id = loop.ledger.set_item(loop.batch_id, key, self.item_id, IN_PROGRESS, row_no=self.row_no,
                                            attempts=self.attempts, committed=False)
        self.before = dict(loop.ctx.variables)
        commits = loop.ledger.commits
        try:
            with loop.ledger.working_on(key, self.item_id):
                loop.hooks.run_body(loop.step.steps)
        except StepFailed:
            self.committed = loop.ledger.commits != commits
            raise
        except (DryRunStop, SkipItem, ItemManual) as signal:
            status, message = outcome(signal)
            if status == DRY_RUN:
                loop._remember(key, self.row_no, DRY_RUN, "", None)
                return DRY_RUN
            return loop.settle(key, self.item_id, self.row_no, status, message, self.before)
        return loop.settle(key, self.item_id, self.row_no, DONE, "", self.before)

    def retrying(self, attempt: int, retries: int, exc: StepFailed) -> None:
        exc.at(self.loop.step.loc, self.loop.loop)
        self.last_error = exc.message()
        self.loop.ctx.log(_text("run.item_retry", key=self.key, attempt=attempt, detail=exc.message()))


def _text(msg_key: str, /, **kwargs: Any) -> str:
    from rpa_core.messages import text

    return text(msg_key, **kwargs)


def _row_values(row: Any) -> dict[str, Any]:
    """The row's own columns (債権者名 …) for the result workbook; ``_row`` and other ``_`` names are robosan's."""
    if not isinstance(row, dict):
        return {}
    return {str(k): v for k, v in row.items() if not str(k).startswith("_")}


def _signal_name(signal: ControlSignal) -> str:
    if isinstance(signal, SkipItem):
        return "skip_item:"
    if isinstance(signal, DryRunStop):
        return "commit: true"
    return "manual:"


def _item_result(before: dict[str, Any], after: dict[str, Any], as_name: str) -> dict[str, Any]:
    """What the item's steps saved (``save_as``/``set``), as plain data, for the ledger and totals."""
    out: dict[str, Any] = {}
    for name, value in after.items():
        if name in (as_name, "loop_index", "error") or (name in before and before[name] is value):
            continue
        out[name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    """A saved value as data: strings, numbers (Decimal for money), dates, lists and mappings keep their type
    (the ledger stores them tagged, ``store.runlog.to_json``); anything else is kept as its text."""
    if value is None or isinstance(value, bool | int | float | str | Decimal | dt.date | dt.time):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
