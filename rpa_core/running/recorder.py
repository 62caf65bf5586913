"""The Recorder: the only place a run, a step or a work item gets a status.

``with recorder.step(...)`` wraps every step (as Robot Framework's status reporter
wraps every node); item states go through :meth:`Recorder.set_item`, which writes
the ledger row and the item's buffered step rows in one transaction, so an item is
durable before the next item's first step runs. In a dry run nothing touches the ledger.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rpa_core.errors import Loc
from rpa_core.running.outcomes import outcome
from rpa_core.running.personal import PersonalData
from rpa_core.running.secrets import Masker
from rpa_core.store.runlog import RunLog, utcnow

__all__ = ["ItemRecord", "Recorder"]

_FLUSH_EVERY = 500


@dataclass
class ItemRecord:
    """One work item as the result workbook shows it."""

    loop: str
    key: str
    row_no: int | None
    status: str
    message: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)  # the row's own columns, secrets masked (personal: clear)


@dataclass
class _StepState:
    status: str = "ok"
    message: str | None = None
    manual_minutes: float | None = None


class Recorder:
    def __init__(self, log: RunLog, masker: Masker, *, dry_run: bool, personal: PersonalData | None = None) -> None:
        self.log = log
        self.masker = masker
        self.personal = personal or PersonalData()
        self.dry_run = dry_run
        self.run_id = 0
        self._seq = 0
        self._buffer: list[dict[str, Any]] = []
        self._current: _StepState | None = None
        self.items: list[ItemRecord] = []
        self.item_key: str | None = None  # the work item being run: the one place it is held
        self.item_id: int | None = None  # its ledger row (None in a dry run or before its first write)
        self.commits = 0  # commit steps passed in this run (a retry compares it before and after an attempt)
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def clean(self, value: Any) -> Any:
        """``value`` as the run log and the console may hold it: secrets masked, then personal data redacted."""
        return self.personal.redact(self.masker.mask(value))

    # -- the run ---------------------------------------------------------------
    def start_run(self, **values: Any) -> int:
        self.log.mark_crashed()
        if isinstance(values.get("inputs"), dict):
            values["inputs"] = self.clean(values["inputs"])
        self.run_id = self.log.start_run(**values)
        self._beat = threading.Thread(target=self._heartbeat, name="robosan-heartbeat", daemon=True)
        self._beat.start()
        return self.run_id

    def _heartbeat(self) -> None:
        while not self._stop.wait(30.0):
            try:
                self.log.heartbeat(self.run_id)
            except Exception:  # a busy database must not stop the run; the next beat tries again
                pass

    def finish_run(self, status: str, message: str | None, counts: dict[str, int]) -> None:
        self._stop.set()
        self.flush()
        self.log.finish_run(self.run_id, status, self.clean(message), counts)

    # -- steps -----------------------------------------------------------------
    @contextmanager
    def step(self, loc: Loc, name: str, kind: str) -> Iterator[_StepState]:
        """Record one execution of a step; the body may set ``state.status`` / ``message``."""
        state = _StepState()
        outer = self._current
        self._current = state
        started = utcnow()
        t0 = time.perf_counter()
        try:
            yield state
        except BaseException as exc:
            if state.status == "ok":
                state.status = outcome(exc)[0]
                state.message = state.message or str(exc)
            raise
        finally:
            self._current = outer
            self._seq += 1
            self._buffer.append({
                "run_id": self.run_id, "seq": self._seq, "file": loc.file, "line": loc.line,
                "name": self.clean(name), "kind": kind, "status": state.status,
                "item_key": self.item_key, "started_at": started,
                "duration_ms": (time.perf_counter() - t0) * 1000.0,
                "manual_minutes": state.manual_minutes,
                "message": self.clean(state.message) if state.message else None,
            })
            if len(self._buffer) >= _FLUSH_EVERY and self.item_key is None:
                self.flush()

    def note(self, text: str) -> None:
        """Attach a message to the step being run (log lines, action notes)."""
        if self._current is not None:
            self._current.message = text if not self._current.message else self._current.message + "\n" + text

    def manual_done(self, minutes: float, instruction: str) -> None:
        """The clerk finished the manual step being recorded: keep how long it took."""
        if self._current is not None:
            self._current.manual_minutes = minutes
            self._current.message = instruction

    def flush(self) -> None:
        if self._buffer:
            rows, self._buffer = self._buffer, []
            self.log.add_steps(rows)

    def artifact(self, path: Path, kind: str, item_key: str | None) -> None:
        self.log.add_artifact(self.run_id, kind, self.clean(str(path)), item_key)

    # -- work items ------------------------------------------------------------
    @contextmanager
    def working_on(self, key: str, item_id: int | None = None) -> Iterator[None]:
        """Steps, notes and artifacts recorded inside belong to work item ``key`` (ledger row ``item_id``)."""
        outer = self.item_key, self.item_id  # an item loop nested in an item: the outer item resumes after it
        self.item_key, self.item_id = key, item_id
        self.personal.new_item()
        try:
            yield
        finally:
            self.item_key, self.item_id = outer

    def committed(self) -> None:
        """A commit step passed: inside a work item, write ``items.committed`` before the next step runs.

        The evidence a rerun decides from (docs/architecture.md, Decisions: reruns): an item that failed
        after this point is verified (or waits as needs_check) instead of being registered again.
        """
        self.commits += 1
        if self.dry_run or self.item_key is None or self.item_id is None:
            return
        rows, self._buffer = self._buffer, []
        self.log.mark_committed(self.item_id, pending_steps=rows)

    def open_batch(self, scenario: str, loop: str, scope: dict[str, Any], *, fresh: bool) -> int:
        """The ledger batch of an item loop (not in a dry run: 0, nothing is written)."""
        if self.dry_run:
            return 0
        return self.log.open_batch(scenario, loop, scope, fresh=fresh)

    def item_states(self, batch_id: int) -> dict[str, dict[str, Any]]:
        """What the ledger knows of each item of a batch, by key (empty in a dry run)."""
        if self.dry_run:
            return {}
        return self.log.item_states(batch_id)

    def set_item(self, batch_id: int, key: str, item_id: int | None, status: str, *, row_no: int | None = None,
                 message: str | None = None, result: dict[str, Any] | None = None,
                 attempts: int | None = None, committed: bool | None = None) -> int | None:
        """Write an item's state to the ledger (not in a dry run) with the steps recorded so far."""
        if self.dry_run:
            return item_id
        rows, self._buffer = self._buffer, []
        return self.log.write_item(
            batch_id, key, item_id, status=status, run_id=self.run_id, row_no=row_no,
            message=self.clean(message), result=self.clean(result) if result else result,
            attempts=attempts, pending_steps=rows, committed=committed,
        )

    def item_result(self, loop: str, key: str, row_no: int | None, status: str, message: str = "",
                    result: dict[str, Any] | None = None, values: dict[str, Any] | None = None) -> None:
        self.items.append(ItemRecord(loop, key, row_no, status, self.clean(message) or "",
                                     dict(self.clean(result or {})), dict(self.masker.mask(values or {}))))

    def stored_key(self, key: str) -> str:
        """An item key as the ledger, the steps and the workbook hold it (a digest when it is personal data)."""
        return self.personal.stored_key(key)

