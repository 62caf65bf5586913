"""Where the run log lives and how to connect to it: the one place a ``--db`` value becomes a URL.

A SQLite file by default (WAL mode: one file, nothing to install); any SQLAlchemy URL, such
as PostgreSQL, when several robot PCs share one log. Nothing else here assumes SQLite.

Durability: SQLite runs with ``synchronous=NORMAL`` in WAL mode, which survives a killed
process (the case that matters for resume) but may lose the last commits on power loss.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

__all__ = ["db_url", "default_db_url", "make_engine", "robosan_home", "utcnow"]


def utcnow() -> dt.datetime:
    """Now as naive UTC, as the log stores every time (reports convert to Japan time)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def robosan_home() -> Path:
    """Where robosan keeps its run log and artifacts on this PC (``ROBOSAN_HOME`` to move it)."""
    env = os.environ.get("ROBOSAN_HOME")
    if env:
        return Path(env)
    base = os.environ.get("LOCALAPPDATA")  # Windows: per-user, not roamed
    return Path(base) / "robosan" if base else Path.home() / ".robosan"


def db_url(value: str | os.PathLike[str] | None = None) -> str:
    """A ``--db`` value as a SQLAlchemy URL: a URL stays as it is, a file path becomes SQLite.

    Nothing given: ``ROBOSAN_DB`` (URL or file), else ``runlog.db`` in :func:`robosan_home`.
    Every command and the scheduler go through here, so a relative path means the same everywhere.
    """
    raw = os.fspath(value) if value is not None else ""
    if not raw:
        raw = os.environ.get("ROBOSAN_DB", "")
        if not raw:
            return f"sqlite:///{robosan_home() / 'runlog.db'}"
    return raw if "://" in raw else f"sqlite:///{Path(raw).resolve()}"


def default_db_url() -> str:
    """The run log of this PC: ``ROBOSAN_DB`` or ``runlog.db`` in :func:`robosan_home`."""
    return db_url(None)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def is_sqlite_file(url: str) -> bool:
    return url.startswith("sqlite:///")


def make_engine(url: str, *, migrate: bool = True) -> Engine:
    """An engine on ``url`` whose schema is at the current version (see :mod:`rpa_core.store.versions`)."""
    if is_sqlite_file(url):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if migrate:
        from rpa_core.store.versions import ensure_schema

        ensure_schema(engine)
    return engine
