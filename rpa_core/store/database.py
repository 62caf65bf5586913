"""Where the run log lives and how to connect to it: the one place a ``--db`` value becomes a URL.

A SQLite file by default (WAL mode: one file, nothing to install); any SQLAlchemy URL, such
as PostgreSQL, when several robot PCs share one log. Nothing else here assumes SQLite.

Durability: SQLite runs with ``synchronous=NORMAL`` in WAL mode, which survives a killed
process (the case that matters for resume) but may lose the last commits on power loss.

A SQLite file locked by another program (a viewer holding a transaction, a backup tool) is waited
for, not failed at once: SQLite retries the write for up to :func:`busy_wait_seconds` (60 s, or
``ROBOSAN_DB_WAIT``), a note goes to the console after a few seconds of waiting, and past the bound
the error is :class:`StoreBusy` (which file, what to do) instead of a database error with SQL text.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext

from rpa_core.errors import InputError

__all__ = [
    "StoreBusy",
    "busy_wait_of",
    "busy_wait_seconds",
    "db_url",
    "default_db_url",
    "env_seconds",
    "make_engine",
    "robosan_home",
    "set_busy_wait",
    "utcnow",
]

DEFAULT_BUSY_WAIT = 60.0  # seconds a write waits for a run log another program has locked
_NOTE_AFTER = 3.0  # seconds of waiting before the console is told why nothing moves


class StoreBusy(InputError):
    """The run log stayed locked by another program beyond the bounded wait (exit 2, never SQL text)."""

    def __init__(self, file: str, seconds: float) -> None:
        super().__init__("store.busy", file=file, seconds=f"{seconds:g}")


def env_seconds(name: str, default: float, low: float = 0.0, high: float = 86400.0) -> float:
    """Seconds from the environment variable ``name``; ``default`` when unset, unreadable or outside [low, high]."""
    raw = os.environ.get(name, "")
    try:
        value = float(raw) if raw.strip() else default
    except ValueError:
        value = default
    return value if low <= value <= high else default


def busy_wait_seconds() -> float:
    """How long a write waits for a locked SQLite run log: ``ROBOSAN_DB_WAIT`` seconds, default 60."""
    return env_seconds("ROBOSAN_DB_WAIT", DEFAULT_BUSY_WAIT)


def _stderr_note(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):  # no console (a service, a closed pipe): the wait goes on silently
        pass


# Who is told that a write waits for the lock; the CLI and scenario runs may replace it.
busy_note: list[Callable[[str], None]] = [_stderr_note]


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


class _BusyWatch:
    """Tells the console when a statement on a SQLite log has waited a few seconds for a lock, and turns
    "database is locked" after the bounded wait into :class:`StoreBusy`.

    One watcher thread per engine looks at when the current statements started (two attribute writes
    per statement, so the ledger's speed is untouched); SQLite itself retries the write meanwhile
    (``busy_timeout``).
    """

    def __init__(self, file: str, seconds: float) -> None:
        self.file = file
        self.seconds = seconds
        self.started: dict[int, float] = {}  # thread id -> when its statement started
        self.noted: set[int] = set()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def pragmas(self, dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(self.seconds * 1000)}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
        _private_log(self.file)

    def before(self, *_args: Any) -> None:
        self.started[threading.get_ident()] = time.monotonic()
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._watch, name="robosan-db-wait", daemon=True)
                    self._thread.start()

    def after(self, *_args: Any) -> None:
        me = threading.get_ident()
        self.started.pop(me, None)
        self.noted.discard(me)

    def _watch(self) -> None:
        from rpa_core.messages import text

        while True:
            time.sleep(1.0)
            now = time.monotonic()
            for ident, since in list(self.started.items()):
                if now - since >= _NOTE_AFTER and ident not in self.noted:
                    self.noted.add(ident)
                    for note in busy_note:
                        note(text("store.waiting", file=self.file, seconds=f"{self.seconds:g}"))

    def error(self, context: ExceptionContext) -> None:
        self.after()
        original = context.original_exception
        if is_locked(original):
            raise StoreBusy(self.file, self.seconds) from original


_watches: weakref.WeakKeyDictionary[Engine, _BusyWatch] = weakref.WeakKeyDictionary()


def busy_wait_of(engine: Engine) -> float:
    """How long writes on ``engine`` wait for a lock (0 for a database that is not a SQLite file)."""
    watch = _watches.get(engine)
    return watch.seconds if watch is not None else 0.0


def set_busy_wait(engine: Engine, seconds: float) -> None:
    """Change how long writes on a SQLite engine wait for a lock (new connections take it)."""
    watch = _watches.get(engine)
    if watch is not None:
        watch.seconds = seconds
        engine.dispose()


def is_locked(exc: BaseException | None) -> bool:
    """SQLite's "database is locked" / "database table is locked" / "database is busy", raw from the driver or
    wrapped by SQLAlchemy (``exc.orig``)."""
    exc = getattr(exc, "orig", None) or exc
    msg = str(exc).lower()
    return exc is not None and type(exc).__name__ == "OperationalError" and ("locked" in msg or "busy" in msg)


def _prepare_log_file(path: Path) -> None:
    """The run log's folder made, and the file created 0600 before SQLite creates it 0644 (POSIX).

    robosan's own home is made 0700; a folder the clerk chose with ``--db`` is theirs and left alone.
    """
    from rpa_core.store.private_files import create_private_file, private_dir

    if path.parent.resolve() == robosan_home().resolve():
        private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    if str(path) != ":memory:":
        create_private_file(path)


def _private_log(file: str) -> None:
    """The run log and its -wal/-shm readable by the owner only (a log made by an older release too)."""
    from rpa_core.store.private_files import private_file

    for suffix in ("", "-wal", "-shm"):
        private_file(Path(file + suffix))


def is_sqlite_file(url: str) -> bool:
    return url.startswith("sqlite:///")


def make_engine(url: str, *, migrate: bool = True) -> Engine:
    """An engine on ``url`` whose schema is at the current version (see :mod:`rpa_core.store.versions`)."""
    if is_sqlite_file(url):
        file = url.removeprefix("sqlite:///")
        _prepare_log_file(Path(file))
        watch = _BusyWatch(file, busy_wait_seconds())
        engine = create_engine(url, connect_args={"timeout": watch.seconds})
        event.listen(engine, "connect", watch.pragmas)
        event.listen(engine, "before_cursor_execute", watch.before)
        event.listen(engine, "after_cursor_execute", watch.after)
        event.listen(engine, "handle_error", watch.error)
        _watches[engine] = watch
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if migrate:
        from rpa_core.store.versions import ensure_schema

        ensure_schema(engine)
    return engine
