"""``for_each``: plain loops, and work-item loops kept in the ledger (DESIGN §4 and §11).

An item loop (one with ``item_key``) gives every row a key and a state. Per item:
``in_progress`` is committed before its steps run, its final state after; a rerun
takes pending, in_progress and failed items and leaves done ones alone. An item left
``in_progress`` by a crash runs ``verify:`` first (three-way: all pass → done; an
assertion false → run again; any other error → needs_check); without ``verify:`` it
waits as ``needs_check`` for a clerk.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rpa_core.errors import AssertionFailed, DryRunStop, ItemManual, SkipItem, StepFailed
from rpa_core.store.runlog import DONE, FAILED, IN_PROGRESS, MANUAL, NEEDS_CHECK, SKIPPED

if TYPE_CHECKING:
    from rpa_core.language.model import ForEachStep
    from rpa_core.running.interpreter import Interpreter

__all__ = ["item_key_of", "run_loop"]


def item_key_of(value: Any) -> str:
    """Item keys are NFKC-normalised strings: ``１２３`` and ``123`` are the same item."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _row_no(row: Any, index: int) -> int:
    if isinstance(row, dict) and isinstance(row.get("_row"), int):
        return int(row["_row"])
    return index + 1


def run_loop(it: Interpreter, step: ForEachStep) -> list[dict[str, Any]]:
    rows = it.render(step.items)
    if isinstance(rows, dict):
        rows = [{"key": k, "value": v} for k, v in rows.items()]
    if rows is None or isinstance(rows, str | bytes) or not hasattr(rows, "__iter__"):
        raise StepFailed("run.for_each_not_list", got=type(rows).__name__)
    rows = list(rows)
    if step.item_key is None:
        return _plain_loop(it, step, rows)
    return _ItemLoop(it, step, rows).run()


@contextmanager
def _bind(it: Interpreter, step: ForEachStep, row: Any, index: int) -> Iterator[None]:
    it.ctx.variables[step.as_] = row
    it.ctx.variables["loop_index"] = index
    yield


def _plain_loop(it: Interpreter, step: ForEachStep, rows: list[Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    tries = 1 + (step.retry.times if step.retry else 0)
    for index, row in enumerate(rows):
        with _bind(it, step, row, index):
            for attempt in range(1, tries + 1):
                try:
                    it.run_steps(step.steps)
                    results.append({"index": index, "status": DONE})
                    break
                except StepFailed as exc:
                    if attempt < tries and step.retry is not None:
                        time.sleep(step.retry.delay)
                        continue
                    results.append({"index": index, "status": FAILED, "message": exc.message()})
                    it.handle_error(step.on_error, exc.at(step.loc, step.name or "for_each"))
    return results


class _ItemLoop:
    def __init__(self, it: Interpreter, step: ForEachStep, rows: list[Any]) -> None:
        self.it = it
        self.step = step
        self.rows = rows
        self.ctx = it.ctx
        self.rec = it.ctx.recorder
        self.loop = step.name or "for_each"
        self.batch_id = 0
        self.states: dict[str, dict[str, Any]] = {}
        self.results: list[dict[str, Any]] = []

    # -- set-up ----------------------------------------------------------------
    def keys(self) -> list[str]:
        keys: list[str] = []
        first_row: dict[str, int] = {}
        duplicates: list[str] = []
        for index, row in enumerate(self.rows):
            with _bind(self.it, self.step, row, index):
                try:
                    key = item_key_of(self.it.render(self.step.item_key))
                except StepFailed as exc:
                    raise exc.at(self.step.loc, self.loop) from None
            if not key or key == "None":
                raise StepFailed("run.item_key_empty", row=_row_no(row, index))
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
            return {"batch": str(self.it.render(self.step.batch))}
        inputs = self.ctx.variables.get("inputs", {})
        specs = self.it.scenario.inputs
        return {name: str(inputs.get(name)) for name, spec in specs.items() if spec.type == "path"}

    # -- the loop --------------------------------------------------------------
    def run(self) -> list[dict[str, Any]]:
        keys = self.keys()
        if not self.ctx.dry_run:
            self.batch_id = self.it.ctx.recorder.log.open_batch(
                self.it.scenario.name, self.loop, self.scope(), fresh=self.it.fresh)
            self.states = self.rec.log.item_states(self.batch_id)
        self.ctx.observer.loop_started(self.loop, len(keys))
        try:
            for index, (row, key) in enumerate(zip(self.rows, keys, strict=True)):
                with _bind(self.it, self.step, row, index):
                    status = self.one(row, index, key)
                self.it.count(status)
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
        if status == IN_PROGRESS:
            before = dict(self.ctx.variables)
            verdict = self.verify(key) if self.step.verify else NEEDS_CHECK
            if verdict in (DONE, NEEDS_CHECK):
                return self._settled_by_verify(key, item_id, row_no, verdict, before)
        return self.attempt(row_no, key, item_id, attempts)

    def attempt(self, row_no: int, key: str, item_id: int | None, attempts: int) -> str:
        step = self.step
        tries = 1 + (step.retry.times if step.retry else 0)
        for n in range(1, tries + 1):
            if n > 1 and step.verify:
                before = dict(self.ctx.variables)
                verdict = self.verify(key)
                if verdict != "rerun":
                    return self._settled_by_verify(key, item_id, row_no, verdict, before)
            attempts += 1
            item_id = self.rec.set_item(self.batch_id, key, item_id, IN_PROGRESS, row_no=row_no, attempts=attempts)
            before = dict(self.ctx.variables)
            self.ctx.item_key = self.rec.item_key = key
            try:
                self.it.run_steps(step.steps)
                return self.settle(key, item_id, row_no, DONE, "", before)
            except DryRunStop:
                self._remember(key, row_no, "dry_run", "", None)
                return "dry_run"
            except SkipItem as sig:
                return self.settle(key, item_id, row_no, SKIPPED, sig.reason, before)
            except ItemManual as sig:
                return self.settle(key, item_id, row_no, MANUAL, sig.instruction, before)
            except StepFailed as exc:
                exc.at(step.loc, self.loop)
                if n < tries and step.retry is not None:
                    self.ctx.log(self._text("run.item_retry", key=key, attempt=n, detail=exc.message()))
                    time.sleep(step.retry.delay)
                    continue
                self.settle(key, item_id, row_no, FAILED, exc.render(), before)
                self.ctx.item_key = self.rec.item_key = None
                self.it.handle_error(step.on_error, exc)
                return FAILED
            finally:
                self.ctx.item_key = self.rec.item_key = None
        return FAILED  # not reached: the last attempt returns or raises

    def settle(self, key: str, item_id: int | None, row_no: int, status: str, message: str,
               before: dict[str, Any]) -> str:
        result = _item_result(before, self.ctx.variables, self.step.as_)
        self.rec.set_item(self.batch_id, key, item_id, status, row_no=row_no, message=message or None, result=result)
        self._remember(key, row_no, status, message, result)
        return status

    def _settled_by_verify(self, key: str, item_id: int | None, row_no: int, verdict: str,
                           before: dict[str, Any]) -> str:
        """Record an item that ``verify:`` found done (or could not check); what verify saved is its result."""
        message = self._text("run.verified_done" if verdict == DONE else "run.needs_check")
        result = _item_result(before, self.ctx.variables, self.step.as_) if verdict == DONE else None
        self.rec.set_item(self.batch_id, key, item_id, verdict, row_no=row_no, message=message, result=result)
        self._remember(key, row_no, verdict, message, result)
        return verdict

    def verify(self, key: str) -> str:
        """Run ``verify:``: 'done' if all pass, 'rerun' if an assertion is false, 'needs_check' otherwise."""
        self.ctx.item_key = self.rec.item_key = key  # verify's steps and artifacts belong to the item
        try:
            self.it.run_steps(self.step.verify)
        except AssertionFailed:
            return "rerun"
        except StepFailed as exc:
            self.ctx.log(exc.render())
            return NEEDS_CHECK
        finally:
            self.ctx.item_key = self.rec.item_key = None
        return DONE

    def _remember(self, key: str, row_no: int, status: str, message: str, result: Any, earlier: bool = False) -> None:
        self.results.append({"key": key, "row": row_no, "status": status, "result": result or {}, "earlier": earlier})
        self.rec.item_result(self.loop, key, row_no, status, message, result)

    @staticmethod
    def _text(msg_key: str, /, **kwargs: Any) -> str:
        from rpa_core.messages import text

        return text(msg_key, **kwargs)


def _item_result(before: dict[str, Any], after: dict[str, Any], as_name: str) -> dict[str, Any]:
    """What the item's steps saved (``save_as``/``set``), JSON-friendly, for the ledger and totals."""
    out: dict[str, Any] = {}
    for name, value in after.items():
        if name in (as_name, "loop_index", "error") or (name in before and before[name] is value):
            continue
        out[name] = _jsonable(value)
    return out


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)
