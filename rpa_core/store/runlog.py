"""The run log's writes: runs, steps, work items (the ledger), artifacts and reviews.

The tables are in :mod:`rpa_core.store.tables`, the connection in :mod:`rpa_core.store.database`,
schema versions in :mod:`rpa_core.store.versions` (a RunLog opens at the current version).
Reads for people live beside this: ``history`` (``robosan runs``), ``ledger`` (settling
items), ``report_queries`` (the time-saved report). Times are stored as naive UTC.

Durability: a ledger change is committed before the item's steps that change a target
system run (see ``database`` for what SQLite guarantees).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import insert, select, update

from rpa_core.store.database import (  # noqa: F401
    StoreBusy,
    busy_wait_of,
    db_url,
    default_db_url,
    make_engine,
    robosan_home,
    set_busy_wait,
    utcnow,
)
from rpa_core.store.status import RERUN, SETTLED, ItemStatus, RunStatus  # noqa: F401
from rpa_core.store.tables import artifacts, batches, items, metadata, reviews, runs, steps  # noqa: F401

__all__ = ["RunLog", "default_db_url", "utcnow"]

T = TypeVar("T")

# Also importable from here, as in 0.1.0: the tables, robosan_home, and the item states,
# which are now members of ItemStatus (each equal to its old string).
PENDING, IN_PROGRESS, DONE, FAILED, MANUAL, NEEDS_CHECK, SKIPPED = (
    ItemStatus.PENDING,
    ItemStatus.IN_PROGRESS,
    ItemStatus.DONE,
    ItemStatus.FAILED,
    ItemStatus.MANUAL,
    ItemStatus.NEEDS_CHECK,
    ItemStatus.SKIPPED,
)


def scope_hash(scope: Mapping[str, Any]) -> str:
    blob = json.dumps(scope, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _retried(method: Callable[..., T]) -> Callable[..., T]:
    """Retry a write transaction that SQLite refused as busy before the bounded wait was spent.

    SQLite's own busy handler waits for a lock (``database``), but a transaction that read first and
    then meets another writer's commit is refused at once (a stale snapshot); retrying the whole
    transaction is safe because it was rolled back. Past the wait, :class:`StoreBusy` goes up.
    """

    @functools.wraps(method)
    def wrapper(self: RunLog, *args: Any, **kwargs: Any) -> T:
        deadline = time.monotonic() + busy_wait_of(self.engine)
        while True:
            try:
                return method(self, *args, **kwargs)
            except StoreBusy:
                if time.monotonic() >= deadline - 0.05:
                    raise
                time.sleep(0.05)

    return wrapper


class RunLog:
    """All reads and writes of the run log. One instance per process; thread-compatible."""

    def __init__(self, url: str | None = None) -> None:
        """``url``: a SQLAlchemy URL or a SQLite file (a ``--db`` value); None: ROBOSAN_DB or this PC's log."""
        self.url = db_url(url)
        self.engine = make_engine(self.url)

    def close(self) -> None:
        self.engine.dispose()

    # -- runs ------------------------------------------------------------------
    @_retried
    def start_run(self, **values: Any) -> int:
        import psutil

        now = utcnow()
        me = psutil.Process()
        values.setdefault("trigger", "manual")
        row = dict(status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, host=socket.gethostname(),
                   pid=os.getpid(), proc_started=me.create_time(), **values)
        with self.engine.begin() as conn:
            return int(conn.execute(insert(runs).values(**row)).inserted_primary_key[0])  # type: ignore[index]

    @_retried
    def finish_run(self, run_id: int, status: str, message: str | None, counts: Mapping[str, int]) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(
                status=status, finished_at=utcnow(), message=message, counts=dict(counts)))

    def open_items(self, run_id: int) -> list[tuple[str, str, int | None]]:
        """(loop, key, Excel row) of the items run ``run_id`` left ``in_progress``, for the result workbook."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(batches.c.loop_name, items.c.key, items.c.row_no)
                .join_from(items, batches, items.c.batch_id == batches.c.id)
                .where(items.c.run_id == run_id, items.c.status == IN_PROGRESS).order_by(items.c.id))
            return [(r.loop_name, r.key, r.row_no) for r in rows]

    def busy_wait(self, seconds: float) -> None:
        """Wait at most ``seconds`` from now on for a SQLite log another program has locked."""
        set_busy_wait(self.engine, seconds)

    def heartbeat(self, run_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(heartbeat_at=utcnow()))

    @_retried
    def mark_crashed(self, stale_after: dt.timedelta = dt.timedelta(minutes=10)) -> list[int]:
        """Mark runs left 'running' whose process is gone. Other PCs' runs: only when their heartbeat is stale."""
        import psutil

        host = socket.gethostname()
        crashed: list[int] = []
        with self.engine.begin() as conn:
            for r in conn.execute(select(runs.c.id, runs.c.host, runs.c.pid, runs.c.proc_started, runs.c.heartbeat_at)
                                  .where(runs.c.status == RunStatus.RUNNING)):
                if r.host == host:
                    alive = _alive(psutil, r.pid, r.proc_started)
                else:
                    alive = r.heartbeat_at is not None and utcnow() - r.heartbeat_at < stale_after
                if not alive:
                    crashed.append(r.id)
            if crashed:
                conn.execute(update(runs).where(runs.c.id.in_(crashed)).values(status=RunStatus.CRASHED, finished_at=utcnow()))
        return crashed

    @_retried
    def add_steps(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(steps), rows)

    @_retried
    def add_artifact(self, run_id: int, kind: str, path: str, item_key: str | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(artifacts).values(run_id=run_id, kind=kind, path=path, item_key=item_key,
                                                  created_at=utcnow()))

    @_retried
    def add_review(self, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(reviews).values(created_at=utcnow(), **values))

    # -- the ledger ------------------------------------------------------------
    @_retried
    def open_batch(self, scenario_name: str, loop_name: str, scope: Mapping[str, Any], fresh: bool) -> int:
        h = scope_hash(scope)
        with self.engine.begin() as conn:
            latest = conn.execute(
                select(batches.c.id, batches.c.generation)
                .where(batches.c.scenario_name == scenario_name, batches.c.loop_name == loop_name,
                       batches.c.scope_hash == h)
                .order_by(batches.c.generation.desc()).limit(1)
            ).first()
            if latest is not None and not fresh:
                return int(latest.id)
            generation = (latest.generation + 1) if latest is not None else 1
            res = conn.execute(insert(batches).values(
                scenario_name=scenario_name, loop_name=loop_name, scope_hash=h, scope=json.loads(
                    json.dumps(dict(scope), ensure_ascii=False, default=str)),
                generation=generation, created_at=utcnow()))
            return int(res.inserted_primary_key[0])  # type: ignore[index]

    def item_states(self, batch_id: int) -> dict[str, dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(items.c.id, items.c.key, items.c.status, items.c.result, items.c.attempts,
                                       items.c.committed).where(items.c.batch_id == batch_id))
            return {r.key: {"id": r.id, "status": r.status, "result": from_json(r.result), "attempts": r.attempts,
                            "committed": bool(r.committed)} for r in rows}

    @_retried
    def write_item(self, batch_id: int, key: str, item_id: int | None, *, status: str, run_id: int,
                   row_no: int | None = None, message: str | None = None, result: Any = None,
                   attempts: int | None = None, pending_steps: Iterable[dict[str, Any]] = (),
                   committed: bool | None = None) -> int:
        """Set an item's state (and flush buffered step rows) in one transaction. Returns the item id.

        ``committed``: True/False sets whether the item's attempt passed a commit step; None leaves it.
        """
        now = utcnow()
        values: dict[str, Any] = dict(status=status, run_id=run_id, message=message, updated_at=now)
        if committed is not None:
            values["committed"] = committed
        if row_no is not None:
            values["row_no"] = row_no
        if attempts is not None:
            values["attempts"] = attempts
        if status in SETTLED:
            # settled by this run, not by a clerk: a clerk's earlier mark no longer describes it
            values.update(settled_run_id=run_id, settled_at=now, result=to_json(result), settled_by=None)
        with self.engine.begin() as conn:
            step_rows = list(pending_steps)
            if step_rows:
                conn.execute(insert(steps), step_rows)
            if item_id is None:
                res = conn.execute(insert(items).values(batch_id=batch_id, key=key, **values))
                return int(res.inserted_primary_key[0])  # type: ignore[index]
            conn.execute(update(items).where(items.c.id == item_id).values(**values))
            return item_id


    def mark_committed(self, item_id: int, pending_steps: Iterable[dict[str, Any]] = ()) -> None:
        """Record that an item's attempt passed a commit step (with the step rows so far), in one transaction.

        Committed before the item's next step runs: a rerun after any later failure verifies the item
        instead of registering it a second time.
        """
        with self.engine.begin() as conn:
            step_rows = list(pending_steps)
            if step_rows:
                conn.execute(insert(steps), step_rows)
            conn.execute(update(items).where(items.c.id == item_id).values(committed=True, updated_at=utcnow()))


def _alive(psutil: Any, pid: int, proc_started: float | None) -> bool:
    try:
        proc = psutil.Process(pid)
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False
    if proc.status() == psutil.STATUS_ZOMBIE:
        return False
    return proc_started is None or abs(proc.create_time() - proc_started) < 1.0


# An item's saved values go through a JSON column. Money is Decimal and dates are dates in expressions, so
# they are tagged on the way in and come back as the same types: a total summed after a resume adds the
# earlier items' amounts as Decimals, exactly as it would have in one go.
_TAGS: dict[str, Any] = {
    "$decimal": Decimal,
    "$date": dt.date.fromisoformat,
    "$datetime": dt.datetime.fromisoformat,
    "$time": dt.time.fromisoformat,
}


def to_json(value: Any) -> Any:
    """``value`` for a JSON column: Decimal, date, datetime and time tagged, anything else unknown as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, dict):
        out = {str(k): to_json(v) for k, v in value.items()}
        # a clerk's own mapping that happens to look like a tag is wrapped, so it comes back as it was
        return {"$dict": out} if len(out) == 1 and next(iter(out)) in (*_TAGS, "$dict") else out
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return str(value)


def from_json(value: Any) -> Any:
    """The values :func:`to_json` stored, with their types back."""
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, raw), = value.items()
            if tag == "$dict" and isinstance(raw, dict):
                return {k: from_json(v) for k, v in raw.items()}
            if tag in _TAGS and isinstance(raw, str):
                try:
                    return _TAGS[tag](raw)
                except (ValueError, ArithmeticError):
                    return raw
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value
