"""The run log: runs, steps, work items (the ledger), artifacts and reviews, in SQLAlchemy.

A SQLite file by default (WAL mode: one file, nothing to install); any SQLAlchemy URL,
such as PostgreSQL, when several robot PCs share one log. Nothing here assumes SQLite.
Times are stored as naive UTC; reports convert to Japan time.

Durability: a ledger change is committed before the item's steps that change a target
system run. SQLite runs with ``synchronous=NORMAL`` in WAL mode, which survives a killed
process (the case that matters for resume) but may lose the last commits on power loss.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
    update,
)

__all__ = ["RunLog", "default_db_url", "utcnow"]

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scenario_name", String(200), nullable=False, index=True),
    Column("scenario_file", Text, nullable=False),
    Column("department", String(200), nullable=False, default=""),
    Column("status", String(20), nullable=False, index=True),
    Column("dry_run", Boolean, nullable=False, default=False),
    Column("trigger", String(20), nullable=False, default="manual"),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("heartbeat_at", DateTime),
    Column("host", String(200), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("proc_started", Float),
    Column("baseline", JSON, nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("artifacts_dir", Text),
    Column("message", Text),
    Column("counts", JSON),
)

steps = Table(
    "steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("file", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("item_key", Text),
    Column("started_at", DateTime, nullable=False),
    Column("duration_ms", Float, nullable=False),
    Column("manual_minutes", Float),
    Column("message", Text),
)

batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scenario_name", String(200), nullable=False),
    Column("loop_name", String(200), nullable=False),
    Column("scope_hash", String(64), nullable=False),
    Column("scope", JSON, nullable=False),
    Column("generation", Integer, nullable=False, default=1),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("scenario_name", "loop_name", "scope_hash", "generation"),
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False, index=True),
    Column("key", Text, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("row_no", Integer),
    Column("attempts", Integer, nullable=False, default=0),
    Column("run_id", Integer, ForeignKey("runs.id"), index=True),
    Column("settled_run_id", Integer, ForeignKey("runs.id"), index=True),
    Column("settled_at", DateTime, index=True),
    Column("message", Text),
    Column("result", JSON),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("batch_id", "key"),
    # covering index of the time-saved report: it reads a million items from the index alone
    Index("ix_items_report", "batch_id", "status", "settled_run_id", "run_id", "settled_at"),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("path", Text, nullable=False),
    Column("item_key", Text),
    Column("created_at", DateTime, nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), index=True),
    Column("item_key", Text),
    Column("field", Text, nullable=False),
    Column("guess", Text),
    Column("value", Text),
    Column("minutes", Float, nullable=False, default=0.0),
    Column("created_at", DateTime, nullable=False),
)

# Item states (DESIGN §4); SETTLED ones count in reports.
PENDING, IN_PROGRESS, DONE, FAILED, MANUAL, NEEDS_CHECK, SKIPPED = (
    "pending", "in_progress", "done", "failed", "manual", "needs_check", "skipped",
)
SETTLED = (DONE, FAILED, MANUAL, NEEDS_CHECK, SKIPPED)
RERUN = (PENDING, IN_PROGRESS, FAILED)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def robosan_home() -> Path:
    """Where robosan keeps its run log and artifacts on this PC (``ROBOSAN_HOME`` to move it)."""
    env = os.environ.get("ROBOSAN_HOME")
    if env:
        return Path(env)
    base = os.environ.get("LOCALAPPDATA")  # Windows: per-user, not roamed
    return Path(base) / "robosan" if base else Path.home() / ".robosan"


def default_db_url() -> str:
    url = os.environ.get("ROBOSAN_DB")
    if url:
        return url if "://" in url else f"sqlite:///{Path(url).resolve()}"
    return f"sqlite:///{robosan_home() / 'runlog.db'}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    return engine


def scope_hash(scope: Mapping[str, Any]) -> str:
    blob = json.dumps(scope, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class RunLog:
    """All reads and writes of the run log. One instance per process; thread-compatible."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_db_url()
        self.engine = make_engine(self.url)

    def close(self) -> None:
        self.engine.dispose()

    # -- runs ------------------------------------------------------------------
    def start_run(self, **values: Any) -> int:
        import psutil

        now = utcnow()
        me = psutil.Process()
        values.setdefault("trigger", "manual")
        row = dict(status="running", started_at=now, heartbeat_at=now, host=socket.gethostname(),
                   pid=os.getpid(), proc_started=me.create_time(), **values)
        with self.engine.begin() as conn:
            return int(conn.execute(insert(runs).values(**row)).inserted_primary_key[0])  # type: ignore[index]

    def finish_run(self, run_id: int, status: str, message: str | None, counts: Mapping[str, int]) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(
                status=status, finished_at=utcnow(), message=message, counts=dict(counts)))

    def heartbeat(self, run_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(heartbeat_at=utcnow()))

    def mark_crashed(self, stale_after: dt.timedelta = dt.timedelta(minutes=10)) -> list[int]:
        """Mark runs left 'running' whose process is gone. Other PCs' runs: only when their heartbeat is stale."""
        import psutil

        host = socket.gethostname()
        crashed: list[int] = []
        with self.engine.begin() as conn:
            for r in conn.execute(select(runs.c.id, runs.c.host, runs.c.pid, runs.c.proc_started, runs.c.heartbeat_at)
                                  .where(runs.c.status == "running")):
                if r.host == host:
                    alive = _alive(psutil, r.pid, r.proc_started)
                else:
                    alive = r.heartbeat_at is not None and utcnow() - r.heartbeat_at < stale_after
                if not alive:
                    crashed.append(r.id)
            if crashed:
                conn.execute(update(runs).where(runs.c.id.in_(crashed)).values(status="crashed", finished_at=utcnow()))
        return crashed

    def add_steps(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(steps), rows)

    def add_artifact(self, run_id: int, kind: str, path: str, item_key: str | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(artifacts).values(run_id=run_id, kind=kind, path=path, item_key=item_key,
                                                  created_at=utcnow()))

    def add_review(self, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(reviews).values(created_at=utcnow(), **values))

    # -- the ledger ------------------------------------------------------------
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
            rows = conn.execute(select(items.c.id, items.c.key, items.c.status, items.c.result, items.c.attempts)
                                .where(items.c.batch_id == batch_id))
            return {r.key: {"id": r.id, "status": r.status, "result": r.result, "attempts": r.attempts} for r in rows}

    def write_item(self, batch_id: int, key: str, item_id: int | None, *, status: str, run_id: int,
                   row_no: int | None = None, message: str | None = None, result: Any = None,
                   attempts: int | None = None, pending_steps: Iterable[dict[str, Any]] = ()) -> int:
        """Set an item's state (and flush buffered step rows) in one transaction. Returns the item id."""
        now = utcnow()
        values: dict[str, Any] = dict(status=status, run_id=run_id, message=message, updated_at=now)
        if row_no is not None:
            values["row_no"] = row_no
        if attempts is not None:
            values["attempts"] = attempts
        if status in SETTLED:
            values.update(settled_run_id=run_id, settled_at=now, result=result)
        with self.engine.begin() as conn:
            step_rows = list(pending_steps)
            if step_rows:
                conn.execute(insert(steps), step_rows)
            if item_id is None:
                res = conn.execute(insert(items).values(batch_id=batch_id, key=key, **values))
                return int(res.inserted_primary_key[0])  # type: ignore[index]
            conn.execute(update(items).where(items.c.id == item_id).values(**values))
            return item_id


def _alive(psutil: Any, pid: int, proc_started: float | None) -> bool:
    try:
        proc = psutil.Process(pid)
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False
    if proc.status() == psutil.STATUS_ZOMBIE:
        return False
    return proc_started is None or abs(proc.create_time() - proc_started) < 1.0
