"""The runner's daily retention purge: personal data past ``retention:`` is deleted at 3:00 Japan time.

Who decides the period: the 情報政策課 that runs the robot PC, in ``<robosan home>/settings.yaml``
(``retention: 400d``); a robot file may also say ``retention:``. When both are set the shorter one
applies: keeping personal data for less time is always allowed, keeping it longer than the PC's
administrator said is not. Without either, nothing is purged automatically (``robosan purge`` by hand).

The purge runs daily at :data:`RUN_AT` and once at start-up when the last retention purge recorded in
``purges`` is a day old or more (a PC switched off at 3:00 every night still purges). Each run is one
line in ``schedule_events`` (``purge`` with the counts, or ``purge_failed`` with the reason) besides
its audit row in ``purges``; a failure never stops the runner.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rpa_core.messages import text

if TYPE_CHECKING:
    from rpa_core.scheduling.robot_file import RobotFile
    from rpa_core.store.runlog import RunLog
    from rpa_core.store.schedule_log import ScheduleLog


class Runner(Protocol):
    """What the purge needs of :class:`rpa_core.scheduling.runner.Runner` (not imported: it imports this)."""

    robot: RobotFile
    log: RunLog
    home: Path
    state: ScheduleLog

    def clock(self) -> dt.datetime: ...

    def say(self, message: str) -> None: ...

__all__ = ["JOB_ID", "RUN_AT", "apply_retention", "due_at_start", "plan_retention", "retention_period"]

JOB_ID = "retention"
RUN_AT = dt.time(3, 0)  # Japan time: after the night's batch runs, before the office opens


def retention_period(robot: RobotFile, home: Path) -> tuple[int, str] | None:
    """(days, where it was set): the shorter of the PC setting and the robot file's; None when neither is set.

    A PC setting that cannot be read raises :class:`~rpa_core.errors.InputError` naming the file.
    """
    from rpa_core.store.pc_settings import load_pc_settings, pc_settings_path
    from rpa_core.store.purge import retention_days

    found: list[tuple[int, str]] = []
    settings = load_pc_settings(home)
    if settings.get("retention") is not None:
        path = str(pc_settings_path(home))
        found.append((retention_days(settings["retention"], path=path), path))
    if robot.retention is not None:
        found.append((robot.retention, str(robot.path)))
    return min(found) if found else None


def apply_retention(runner: Runner, now: dt.datetime | None = None) -> dict[str, Any] | None:
    """Purge what is past the period now, record it, and say so; None when no period is set or it failed."""
    from rpa_core.errors import RobosanError
    from rpa_core.store.purge import cutoff_for, purge

    now = now or runner.clock()
    try:
        period = retention_period(runner.robot, runner.home)
        if period is None:
            return None
        days, source = period
        counts = purge(runner.log, cutoff_for(days, now), trigger="retention", home=runner.home, at=now,
                       reason=text("sched.retention.reason", days=days, source=source))
    except (RobosanError, Exception) as exc:  # a locked log or a broken setting: said and recorded, never fatal
        runner.state.add_event(JOB_ID, "", "purge_failed", planned=now, status="failed", message=str(exc)[:2000])
        runner.say(f"✗ {text('sched.event.purge_failed')}: {exc}")
        return None
    shown = ", ".join(f"{k}={v}" for k, v in counts.items() if v and k != "complete") or "0"
    runner.state.add_event(JOB_ID, "", "purge", planned=now, status="succeeded", message=f"{days}d: {shown}")
    runner.say(f"✓ {text('sched.event.purge')} ({days}d: {shown})")
    return counts


def due_at_start(runner: Runner, now: dt.datetime) -> bool:
    """True when no retention purge was recorded in the last day (the PC was off at 3:00, or never ran one)."""
    from rpa_core.store.purge import last_purge_at

    last = last_purge_at(runner.log, "retention")
    utc_now = now.astimezone(dt.UTC).replace(tzinfo=None) if now.tzinfo else now
    return last is None or utc_now - last >= dt.timedelta(days=1)


def plan_retention(runner: Runner, sched: Any, now: dt.datetime) -> None:
    """Add the daily purge (and a start-up one when due) to the not yet started scheduler, if a period is set."""
    from apscheduler.triggers.cron import CronTrigger

    from rpa_core.scheduling.calendar_jp import JST

    period = retention_period(runner.robot, runner.home)
    if period is None:
        return
    trigger = CronTrigger(hour=RUN_AT.hour, minute=RUN_AT.minute, timezone=JST)
    sched.add_job(apply_retention, trigger, args=[runner], id=JOB_ID, name=JOB_ID, coalesce=True,
                  misfire_grace_time=None)  # late after sleep: still once, whenever the PC wakes
    if due_at_start(runner, now):
        sched.add_job(apply_retention, "date", run_date=now, args=[runner], id=f"{JOB_ID}:start",
                      misfire_grace_time=None)
    nxt = trigger.get_next_fire_time(None, now)
    runner.say(text("sched.retention", days=period[0], source=period[1],
                    at=f"{nxt.astimezone(JST):%Y-%m-%d %H:%M}" if nxt else "-").rstrip())
