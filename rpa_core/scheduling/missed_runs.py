"""Which planned runs a job missed and which one to catch up: one rule for start-up and wake-up.

A robot PC misses planned runs in three ways: it was off (or the runner was not running), it slept
(or the runner's process was suspended), or the previous run was still going. The first is found at
start-up, the second only while running. APScheduler alone cannot be trusted with the second: with
``coalesce`` it fires once for a stretch of missed times and drops the others without a word, and its
wait uses a clock that stops while the PC sleeps on Linux. So both cases go through :func:`settle`,
which compares the last planned time already handled (``schedule_state.last_planned``) with the
planned times up to now: every one in between is recorded as missed, with the reason, and the latest
is run once if it is still within the job's ``grace``, as UiPath and Power Automate catch up a trigger
missed while the machine slept.

:class:`WakeWatch` notices the wall clock jumping ahead of the time the process was awake (sleep,
hibernation, a suspended process) by comparing wall-clock progress between short ticks. It uses no
signal, so it works the same on Windows, where there is no SIGSTOP and sleep is what happens to an
office PC; it only wakes the scheduler, which then fires or reports the runs that fell due.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rpa_core.messages import text
from rpa_core.scheduling.calendar_jp import JST, Plan, format_day

__all__ = ["ON_TIME", "Cause", "Settlement", "WakeWatch", "duration", "settle", "when"]

# A run fired later than this after its planned time is said to be a catch-up in the history.
ON_TIME = 60.0

Cause = Literal["asleep", "busy"]


@dataclass(frozen=True)
class Settlement:
    """What became of the planned runs between the last handled one and now."""

    missed: tuple[tuple[dt.datetime, str], ...] = ()  # (planned time, why), oldest first
    due: dt.datetime | None = None  # the one planned run to make now: the latest, within grace


def settle(
    plan: Plan,
    last: dt.datetime | None,
    now: dt.datetime,
    grace: float,
    *,
    cause: Cause = "asleep",
    may_run: bool = True,
) -> Settlement:
    """Sort the planned runs in ``(last, now]`` into missed ones and at most one to run now.

    ``cause`` says why they did not run at their time: ``asleep`` (PC off or asleep, runner stopped
    or suspended) or ``busy`` (the previous run was still going: nothing is run). ``may_run=False``
    when the scheduler has already given the latest up (its own misfire). ``last`` is None only when
    the job's state is unknown: then only the latest planned run within ``grace`` is considered.
    """
    if last is None:
        planned = [r.at for r in plan.between(now - dt.timedelta(seconds=grace), now)][-1:]
    else:
        planned = [r.at for r in plan.between(last, now)]
    if not planned:
        return Settlement()
    *older, latest = planned
    if cause == "busy":
        return Settlement(tuple((t, text("sched.why.busy")) for t in planned))
    late = (now - latest).total_seconds()
    due = latest if may_run and late <= grace else None
    missed = [(t, _why(t, now, latest if due else None)) for t in older]
    if due is None:
        missed.append((latest, text("sched.why.beyond_grace", at=when(latest, now), grace=duration(grace))))
    return Settlement(tuple(missed), due)


def _why(planned: dt.datetime, now: dt.datetime, caught_up: dt.datetime | None) -> str:
    if caught_up is None:
        return text("sched.why.slept", at=when(planned, now))
    return text("sched.why.coalesced", at=when(planned, now), latest=when(caught_up, now))


def when(t: dt.datetime, now: dt.datetime) -> str:
    """``01:00`` on the day of ``now``, ``2026-05-01(金) 07:30`` on another day (Japan time)."""
    local, today = t.astimezone(JST), now.astimezone(JST).date()
    return f"{local:%H:%M}" if local.date() == today else f"{format_day(local.date())} {local:%H:%M}"


def duration(seconds: float) -> str:
    """``2h``, ``30m``, ``45s``: the way a robot file writes a duration."""
    if seconds >= 3600:
        return f"{seconds / 3600:g}h"
    return f"{seconds / 60:g}m" if seconds >= 60 else f"{seconds:g}s"


class WakeWatch:
    """Calls ``on_jump(seconds)`` when the wall clock moved much further than the time slept for.

    A thread that waits ``tick`` seconds and finds the wall clock ``tick + gap`` further on was not
    running for ``gap`` seconds: the PC slept or hibernated, or the process was suspended. ``slack``
    keeps a busy machine (two cores, other programs) from looking like a sleeping one.
    """

    def __init__(
        self,
        on_jump: Callable[[float], None],
        *,
        tick: float = 5.0,
        slack: float = 20.0,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.on_jump, self.tick, self.slack, self.wall = on_jump, tick, slack, wall
        self._last = wall()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def seen(self, now: float) -> float | None:
        """Record a tick at wall time ``now``; the seconds the process missed, if it missed any."""
        gap = now - self._last - self.tick
        self._last = now
        return gap if gap > self.slack else None

    def start(self) -> None:
        self._last = self.wall()
        self._thread = threading.Thread(target=self._run, name="robosan-wake-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            gap = self.seen(self.wall())
            if gap is not None:
                try:
                    self.on_jump(gap)
                except Exception:  # the watch must outlive a failed log line or a closed database
                    logging.getLogger("robosan.scheduler").exception("wake watch")
