"""Run locks in the run log's database: one run per scope, for every PC and copy that shares the log.

A lock is one row of ``run_locks`` (schema 0003) keyed by its scope (a scenario's name and batch, built by
:mod:`rpa_core.running.locks`), holding a random token, who holds it (host, pid, the process's start time)
and a heartbeat. Everything here is portable SQLAlchemy Core, atomic on SQLite and PostgreSQL alike:

- take: ``INSERT``; the primary key refuses a second holder, whoever commits first wins;
- take over a dead holder: ``UPDATE … WHERE scope = :s AND token = :old`` with its row count checked, a
  compare-and-swap, so of two runs that both saw the same dead holder exactly one gets the lock;
- beat and release: ``UPDATE``/``DELETE`` restricted to the holder's own token, so a run that lost its lock
  (taken over while it was frozen) can neither refresh nor delete the new holder's row.

A holder is dead (:func:`is_dead`) as ``runlog.mark_crashed`` decides a run is dead: on the same PC when its
process is gone (or is another process reusing its pid); on another PC when its heartbeat is older than the
stale limit, because another PC's processes cannot be seen from here. Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from rpa_core.store.database import utcnow
from rpa_core.store.runlog import _retried
from rpa_core.store.tables import run_locks

__all__ = ["LockRow", "RunLockStore", "is_dead", "this_process"]


@dataclass(frozen=True)
class LockRow:
    """A lock as stored: the scope, its holder's token, who the holder is, and its last heartbeat."""

    scope: str
    token: str
    scenario_name: str
    run_id: int | None
    host: str
    pid: int
    proc_started: float | None
    since: dt.datetime
    heartbeat_at: dt.datetime


def this_process() -> tuple[str, int, float | None]:
    """(host, pid, process start time) of the running process, as a lock row records its holder."""
    import psutil

    try:
        started: float | None = psutil.Process().create_time()
    except (psutil.Error, OSError):  # pragma: no cover - a sandbox that hides the process table
        started = None
    return socket.gethostname(), os.getpid(), started


def is_dead(row: LockRow, stale_after: float, live_tokens: Collection[str] = ()) -> bool:
    """Whether ``row``'s holder is gone, so that its lock may be taken over.

    Same PC: the process is gone or its pid now belongs to another process (start time differs); a row of
    this very process whose token no live lock of it holds is a leftover (a release the database refused).
    Another PC: its heartbeat is older than ``stale_after`` seconds (PC clocks must agree within that).
    """
    host, pid, _ = this_process()
    if row.host == host:
        if row.pid == pid:
            return row.token not in live_tokens
        return not _process_alive(row.pid, row.proc_started)
    return (utcnow() - row.heartbeat_at).total_seconds() > stale_after


def _process_alive(pid: int, started: float | None) -> bool:
    """Whether process ``pid`` of this PC is the one that took the lock (same start time) and still runs.

    A process we may not inspect (another user's, on a shared PC or a terminal server) exists: it counts as alive.
    """
    import psutil

    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return started is None or abs(proc.create_time() - started) < 1.0
    except (psutil.NoSuchProcess, ValueError):
        return False
    except psutil.AccessDenied:
        return True


def _row(r: Any) -> LockRow:
    return LockRow(r.scope, r.token, r.scenario_name, r.run_id, r.host, r.pid, r.proc_started, r.since,
                   r.heartbeat_at)


class RunLockStore:
    """The reads and writes of ``run_locks`` on one run log (an engine from :class:`~rpa_core.store.runlog.RunLog`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def holder(self, scope: str) -> LockRow | None:
        """The row of ``scope``, or None when nobody holds it."""
        with self.engine.connect() as conn:
            r = conn.execute(select(run_locks).where(run_locks.c.scope == scope)).first()
        return _row(r) if r is not None else None

    def try_take(self, scope: str, token: str, scenario_name: str, *, stale_after: float,
                 live_tokens: Collection[str] = (), run_id: int | None = None) -> LockRow | None:
        """Take ``scope`` for ``token``: None when it is now held by ``token``, else the live holder's row.

        Three rounds at most: a holder may release or be taken over by a third run between our reads.
        """
        holder: LockRow | None = None
        for _ in range(3):
            if self._insert(scope, token, scenario_name, run_id):
                return None
            holder = self.holder(scope)
            if holder is None:
                continue  # released between our insert and our read: try again
            if holder.token == token:
                return None
            if not is_dead(holder, stale_after, live_tokens):
                return holder
            if self._swap(holder, token, scenario_name, run_id):
                return None
        return holder

    @_retried
    def _insert(self, scope: str, token: str, scenario_name: str, run_id: int | None) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(run_locks).values(**self._values(scope, token, scenario_name, run_id)))
        except IntegrityError:  # the scope is held: the transaction is rolled back (PostgreSQL needs that)
            return False
        return True

    @_retried
    def _swap(self, dead: LockRow, token: str, scenario_name: str, run_id: int | None) -> bool:
        """Compare-and-swap a dead holder's row to ``token``; False when another run was quicker."""
        values = self._values(dead.scope, token, scenario_name, run_id)
        with self.engine.begin() as conn:
            res = conn.execute(update(run_locks).where(run_locks.c.scope == dead.scope,
                                                       run_locks.c.token == dead.token).values(**values))
        return bool(res.rowcount == 1)

    @staticmethod
    def _values(scope: str, token: str, scenario_name: str, run_id: int | None) -> dict[str, Any]:
        host, pid, started = this_process()
        now = utcnow()
        return dict(scope=scope, token=token, scenario_name=scenario_name[:200], run_id=run_id, host=host[:200],
                    pid=pid, proc_started=started, since=now, heartbeat_at=now)

    @_retried
    def beat(self, token: str, scopes: Collection[str]) -> set[str]:
        """Refresh the heartbeat of ``token``'s rows; returns which of ``scopes`` it still holds."""
        if not scopes:
            return set()
        with self.engine.begin() as conn:
            res = conn.execute(update(run_locks).where(run_locks.c.token == token).values(heartbeat_at=utcnow()))
            if res.rowcount == len(scopes):
                return set(scopes)
            held = conn.execute(select(run_locks.c.scope).where(run_locks.c.token == token)).scalars()
            return set(held) & set(scopes)

    @_retried
    def attach_run(self, token: str, run_id: int) -> None:
        """Name the run that holds ``token``'s rows (a refused run can then say which run to look at)."""
        with self.engine.begin() as conn:
            conn.execute(update(run_locks).where(run_locks.c.token == token).values(run_id=run_id))

    @_retried
    def release(self, scope: str, token: str) -> None:
        """Delete ``scope``'s row if ``token`` still holds it (a lost lock is the new holder's)."""
        with self.engine.begin() as conn:
            conn.execute(delete(run_locks).where(run_locks.c.scope == scope, run_locks.c.token == token))
