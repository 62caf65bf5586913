"""One run per scope, everywhere: run locks in the run log's database, and a PC-local lock for robot files.

**Run locks** (:class:`RunLocks`) are rows of the run log's ``run_locks`` table (SQL in
:mod:`rpa_core.store.run_locks`), so every copy of a scenario and every PC that shares one log sees them:

- at run start, a lock on the scenario's ``name`` (NFKC) and its default batch, the values of its path-typed
  inputs (resolved, case-folded where the file system ignores case): two copies of one scenario, or one file
  run under two robosan homes with one ``--db``, cannot work on the same input file at once;
- at each ``for_each … item_key`` loop's start, a lock on the name, the loop's name and the loop's actual batch
  (its ``batch:`` value): ``batch: "{{ today }}"`` with different input files still runs once at a time.

A refused run gets :class:`LockHeld` (exit 2) naming the holder (PC, process, since when, run number). A holder
beats its rows every quarter of the stale limit (:func:`stale_seconds`: 60 s, ``ROBOSAN_LOCK_STALE``) from a
daemon thread; a dead holder's lock is taken over (same PC: its process is gone; another PC: its beat is
stale). A holder that finds its lock taken over (it was frozen past the limit) stops before its next item
(:class:`LockLost`). Locks are released on every way out, Ctrl+C and SIGTERM included (``stopping``).

**Robot file locks** (:func:`named_lock`) stay an exclusive OS lock on a small file under
``<robosan home>/locks/`` (``fcntl.flock`` / ``msvcrt.locking``), dropped by the OS when the holder ends: one
scheduler per robot file on this PC. Who holds it is written beside it in a ``.json`` file. Re-entrant for the
thread that holds it. The Windows branch is real code tested on Linux only behind its boundary.
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
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rpa_core.errors import InputError

__all__ = ["LockHeld", "LockHolder", "LockLost", "RunLocks", "loop_scope", "named_lock", "run_scope", "stale_seconds"]

@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock: host, process id, since when (Japan time, text), and the run (for run locks)."""

    host: str
    pid: int
    since: str
    what: str
    run_id: int | None = None


class LockHeld(InputError):
    """The lock is held by another process (or another thread of this one): exit 2, naming the holder."""

    def __init__(self, holder: LockHolder, key: str = "lock.held") -> None:
        self.holder = holder
        super().__init__(key, what=holder.what, host=holder.host, pid=holder.pid, since=holder.since,
                         run="-" if holder.run_id is None else holder.run_id, stale=f"{stale_seconds():g}")


class LockLost(LockHeld):
    """This run's lock was taken over by another run (this PC was frozen past the stale limit)."""

    def __init__(self, holder: LockHolder) -> None:
        super().__init__(holder, "lock.lost")


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


# -- run locks in the run log's database ------------------------------------------------------------------
DEFAULT_STALE = 60.0  # seconds without a heartbeat after which another PC's lock is taken over
_live_guard = threading.Lock()
_live_tokens: set[str] = set()  # tokens of this process's open RunLocks: any other row of our pid is a leftover


def stale_seconds() -> float:
    """After how many seconds without a heartbeat another PC's lock is dead: ``ROBOSAN_LOCK_STALE``, default 60."""
    from rpa_core.store.database import env_seconds

    return env_seconds("ROBOSAN_LOCK_STALE", DEFAULT_STALE, low=0.5)


def _word(name: str) -> str:
    """A scenario or loop name as a lock compares it: NFKC, case-folded, trimmed (ＴＯＫＵＣＨＯ = tokucho)."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def _path_text(value: Any) -> str:
    """A path input's value as a lock compares it: absolute, resolved, case-folded on Windows."""
    raw = str(value)
    try:
        raw = str(Path(raw).resolve())
    except (OSError, RuntimeError, ValueError):  # a path the OS refuses to resolve: compare it as written
        raw = os.path.abspath(raw)
    return os.path.normcase(raw)


def _digest(*parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def run_scope(scenario_name: str, paths: dict[str, Any]) -> str:
    """The scope a run locks at its start: the scenario's name and the values of its path-typed inputs."""
    name = _word(scenario_name)
    files = {k: _path_text(v) for k, v in paths.items() if v is not None}
    return f"run:{name[:150]}:{_digest(name, files)}"


def loop_scope(scenario_name: str, loop: str, batch: dict[str, Any], *, paths: bool) -> str:
    """The scope an item loop locks: name, loop name and the loop's batch (``paths``: the batch is path inputs)."""
    name, loop_name = _word(scenario_name), _word(loop)
    values = {k: _path_text(v) if paths and v not in (None, "None") else str(v) for k, v in batch.items()}
    return f"loop:{name[:100]}:{loop_name[:100]}:{_digest(name, loop_name, values)}"


def _jst(when: dt.datetime) -> str:
    return when.replace(tzinfo=dt.UTC).astimezone(_JST).strftime("%Y-%m-%d %H:%M:%S")


class RunLocks:
    """The run locks one run holds on its run log (one token for all of them), with their heartbeat.

    Use it as a context manager: every lock it holds is released on the way out, whatever the way.
    """

    def __init__(self, engine: Any, scenario_name: str) -> None:
        from rpa_core.store.run_locks import RunLockStore

        self.store = RunLockStore(engine)
        self.scenario_name = scenario_name
        self.token = uuid.uuid4().hex
        self.stale = stale_seconds()
        self._held: dict[str, tuple[str, int]] = {}  # scope -> (what, depth)
        self._lost: dict[str, str] = {}  # scope -> what, for scopes another run took over
        self._guard = threading.Lock()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        with _live_guard:
            _live_tokens.add(self.token)

    def __enter__(self) -> RunLocks:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def hold(self, scope: str, what: str, *, wait: float = 0.0, poll: float = 1.0) -> None:
        """Take ``scope`` (again, if this run holds it already), waiting up to ``wait`` s; else :class:`LockHeld`."""
        with self._guard:
            if scope in self._held:
                self._held[scope] = (what, self._held[scope][1] + 1)
                return
        deadline = time.monotonic() + wait
        with _live_guard:
            live = set(_live_tokens)
        while (row := self.store.try_take(scope, self.token, self.scenario_name, stale_after=self.stale,
                                          live_tokens=live)) is not None:
            if time.monotonic() >= deadline:
                raise LockHeld(LockHolder(row.host, row.pid, _jst(row.since), what, row.run_id), "lock.run_held")
            time.sleep(max(0.05, min(poll, deadline - time.monotonic())))
        with self._guard:
            self._held[scope] = (what, 1)
            self._lost.pop(scope, None)  # held again (after a loss): ours now
        self._start_beat()

    def release(self, scope: str) -> None:
        """Give ``scope`` back (the last of nested holds deletes the row); never raises."""
        with self._guard:
            what, depth = self._held.get(scope, ("", 0))
            if depth > 1:
                self._held[scope] = (what, depth - 1)
                return
            self._held.pop(scope, None)
        with contextlib.suppress(Exception):  # a log gone busy: on this PC the dead pid frees it, elsewhere the beat
            self.store.release(scope, self.token)

    @contextlib.contextmanager
    def holding(self, scope: str, what: str) -> Iterator[None]:
        self.hold(scope, what)
        try:
            yield
        finally:
            self.release(scope)

    def attach_run(self, run_id: int) -> None:
        with contextlib.suppress(Exception):  # only for the refusal message: never fail a run for it
            self.store.attach_run(self.token, run_id)

    def check(self) -> None:
        """Raise :class:`LockLost` when the heartbeat found one of this run's locks taken over by another run."""
        with self._guard:
            lost = next(iter(self._lost.items()), None)
        if lost is None:
            return
        scope, what = lost
        row = self.store.holder(scope)
        if row is None:
            raise LockLost(LockHolder("?", 0, "?", what))
        raise LockLost(LockHolder(row.host, row.pid, _jst(row.since), what, row.run_id))

    def close(self) -> None:
        self._stop.set()
        with self._guard:
            scopes, self._held = list(self._held), {}
        for scope in scopes:
            with contextlib.suppress(Exception):
                self.store.release(scope, self.token)
        with _live_guard:
            _live_tokens.discard(self.token)

    def _start_beat(self) -> None:
        if self._beat is None:
            self._beat = threading.Thread(target=self._beating, name="robosan-lock-beat", daemon=True)
            self._beat.start()

    def _beating(self) -> None:
        interval = min(15.0, max(0.2, self.stale / 4))
        while not self._stop.wait(interval):
            with self._guard:
                held = dict(self._held)
            try:
                kept = self.store.beat(self.token, list(held))
            except Exception:  # a busy log must not stop the run; the next beat tries again
                continue
            with self._guard:
                for scope in set(held) - kept:
                    if scope in self._held:  # not released meanwhile: another run has it now
                        self._lost[scope] = held[scope][0]
