"""One run of a scenario at a time on this PC: a lock that works across processes.

The lock is an exclusive OS lock on a small file under ``<robosan home>/locks/``:
``fcntl.flock`` on Linux/macOS, ``msvcrt.locking`` on Windows. The operating system drops it
when the holding process ends for any reason (killed, crashed, power cut), so a dead holder
never blocks the next run: no stale-lock cleanup, no PID guessing. Who holds it (host, pid,
since when) is written beside it in a ``.json`` file so a refused run can say who to ask.

Within one process the lock is re-entrant for the thread that holds it, so the scheduler's
job and ``run_scenario`` may both take it; another thread of the same process is refused like
another process.

The Windows branch is real code tested on Linux only behind its boundary: unverified on Windows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rpa_core.errors import InputError

__all__ = ["LockHeld", "LockHolder", "lock_holder", "named_lock", "scenario_lock"]

@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock: host, process id, and since when (Japan time, ISO text)."""

    host: str
    pid: int
    since: str
    what: str


class LockHeld(InputError):
    """The lock is held by another process (or another thread of this one)."""

    def __init__(self, holder: LockHolder) -> None:
        self.holder = holder
        super().__init__("lock.held", what=holder.what, host=holder.host, pid=holder.pid, since=holder.since)


_JST = dt.timezone(dt.timedelta(hours=9))
_guard = threading.Lock()
_held: dict[str, tuple[IO[bytes], int, int]] = {}  # lock file → (file, owning thread id, depth)


def _lock_dir(home: Path | None) -> Path:
    if home is None:
        from rpa_core.store.runlog import robosan_home

        home = robosan_home()
    folder = Path(home) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _lock_file(key: str, home: Path | None) -> Path:
    slug = re.sub(r"[^\w.-]+", "_", Path(key).stem or key)[:40]
    digest = hashlib.sha256(os.path.normcase(key).encode()).hexdigest()[:16]
    return _lock_dir(home) / f"{slug}-{digest}.lock"


def _try_os_lock(fh: IO[bytes]) -> bool:
    """Take the OS lock without waiting; False when another process has it."""
    if sys.platform == "win32":  # pragma: no cover - unverified on Windows
        import msvcrt

        fh.seek(0)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


def _os_unlock(fh: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover - unverified on Windows
        import msvcrt

        fh.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _read_holder(path: Path, what: str) -> LockHolder:
    try:
        data: dict[str, Any] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        return LockHolder(str(data["host"]), int(data["pid"]), str(data["since"]), what)
    except (OSError, ValueError, KeyError):
        return LockHolder("?", 0, "?", what)  # the holder is between taking the lock and writing this


def _write_holder(path: Path, what: str) -> None:
    since = dt.datetime.now(_JST).strftime("%Y-%m-%d %H:%M:%S")
    info = {"host": socket.gethostname(), "pid": os.getpid(), "since": since, "what": what}
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    try:
        os.replace(tmp, path.with_suffix(".json"))
    except OSError:  # Windows: a reader has it open at this instant
        path.with_suffix(".json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        tmp.unlink(missing_ok=True)


def _acquire(path: Path, what: str) -> bool:
    key = str(path)
    me = threading.get_ident()
    with _guard:
        if key in _held:
            fh, owner, depth = _held[key]
            if owner != me:
                return False
            _held[key] = (fh, owner, depth + 1)
            return True
        fh = open(path, "a+b")
        if not _try_os_lock(fh):
            fh.close()
            return False
        _held[key] = (fh, me, 1)
    _write_holder(path, what)
    return True


def _release(path: Path) -> None:
    key = str(path)
    with _guard:
        fh, owner, depth = _held[key]
        if depth > 1:
            _held[key] = (fh, owner, depth - 1)
            return
        del _held[key]
        with contextlib.suppress(OSError):
            path.with_suffix(".json").unlink()
        _os_unlock(fh)
        fh.close()


@contextlib.contextmanager
def named_lock(
    key: str, what: str, home: Path | None = None, *, wait: float = 0.0, poll: float = 0.5
) -> Iterator[Path]:
    """Hold the lock ``key`` (e.g. a resolved file path) for the ``with`` block.

    Waits up to ``wait`` seconds for it; then raises :class:`LockHeld` naming the holder.
    """
    path = _lock_file(key, home)
    deadline = time.monotonic() + wait
    while not _acquire(path, what):
        if time.monotonic() >= deadline:
            raise LockHeld(_read_holder(path, what))
        time.sleep(poll)
    try:
        yield path
    finally:
        _release(path)


def _scenario_key(scenario_path: str | Path) -> str:
    return str(Path(scenario_path).resolve())


@contextlib.contextmanager
def scenario_lock(
    scenario_path: str | Path, home: Path | None = None, *, wait: float = 0.0
) -> Iterator[Path]:
    """Hold the one-run-at-a-time lock of a scenario file (``home``: robosan home, default the usual).

    Raises :class:`LockHeld` (an ``InputError``: exit code 2, a clear ja/en message naming the
    holder's host, pid and start time) when another run of the same scenario holds it.
    """
    key = _scenario_key(scenario_path)
    with named_lock(key, Path(scenario_path).name, home, wait=wait) as path:
        yield path


def lock_holder(scenario_path: str | Path, home: Path | None = None) -> LockHolder | None:
    """Who holds the scenario's lock now, or None when it is free (checked by trying it)."""
    key = _scenario_key(scenario_path)
    path = _lock_file(key, home)
    if _acquire(path, Path(scenario_path).name):
        _release(path)
        return None
    return _read_holder(path, Path(scenario_path).name)
