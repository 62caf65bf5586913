"""Stopping a run from outside: Ctrl+C, SIGTERM (a service manager, ``kill``), SIGBREAK on Windows.

Each becomes :class:`StopRequested` (a ``KeyboardInterrupt``) in the main thread, so the run unwinds
through its steps like after Ctrl+C: the item being worked on stays ``in_progress`` (verified on the
next run), and ``run_scenario`` closes the run row as ``stopped`` and writes the result workbook.
While the run is being closed (:func:`shielded`), further signals are remembered, not raised: a
second Ctrl+C must not leave the run row open half-way through its closing.

Windows: Ctrl+C arrives as SIGINT and Ctrl+Break as SIGBREAK, both handled here; ``taskkill /F``
and ``TerminateProcess`` cannot be caught by any program (the run is then marked ``crashed`` by the
next robosan command, as after a power cut). The Windows branch is unverified on Windows.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

__all__ = ["StopRequested", "shielded", "stop_on_signals"]


class StopRequested(KeyboardInterrupt):
    """A stop asked from outside the run (a signal); ``signame`` says which (``SIGTERM``, ``SIGINT`` …)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.signame = _name(signum)
        super().__init__(self.signame)


def _name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


_state: dict[str, Any] = {"shield": 0, "pending": None}


def _signals() -> list[int]:
    names = ["SIGINT", "SIGTERM", "SIGBREAK"]  # SIGBREAK exists on Windows only
    return [getattr(signal, n) for n in names if hasattr(signal, n)]


def _handler(signum: int, _frame: FrameType | None) -> None:
    if _state["shield"]:
        _state["pending"] = signum  # closing the run: finish that first
        return
    raise StopRequested(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the stop signals into :class:`StopRequested` for the ``with`` block (main thread only;
    in another thread, such as a scheduler's worker, the process's own handlers stay)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for signum in _signals():
        try:
            previous[signum] = signal.signal(signum, _handler)
        except (OSError, ValueError):  # not settable here (an embedding host): keep the default
            continue
    try:
        yield
    finally:
        for signum, old in previous.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(signum, old)


@contextlib.contextmanager
def shielded() -> Iterator[list[int]]:
    """A block that a stop signal does not interrupt (closing the run); yields a list that holds the
    signal that arrived meanwhile, if any."""
    _state["shield"] += 1
    arrived: list[int] = []
    try:
        yield arrived
    finally:
        _state["shield"] -= 1
        if _state["pending"] is not None:
            arrived.append(_state["pending"])
            _state["pending"] = None
