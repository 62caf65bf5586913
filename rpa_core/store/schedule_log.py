"""What the robot runner remembers and reports: its own two tables in the run log database.

``schedule_state``: per robot and job, the last planned fire time already handled (run,
caught up or recorded as missed), so that a runner started after the PC was off knows what
it missed. ``schedule_events``: one line per planned run and what became of it (``ran``,
``failed``, ``missed``, ``locked``, ``mail_failed``…), so nothing is ever dropped silently.
SQLAlchemy Core only, so a shared PostgreSQL log works as well as the SQLite file. The tables
are in :mod:`rpa_core.store.tables`; the notification mail is :mod:`rpa_core.scheduling.mail`.
"""

from __future__ import annotations

import datetime as dt
import socket
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from rpa_core.store.database import utcnow
from rpa_core.store.runlog import RunLog
from rpa_core.store.tables import schedule_events, schedule_state

__all__ = ["EventRow", "ScheduleLog"]

def _utc(t: dt.datetime) -> dt.datetime:
    return t.astimezone(dt.UTC).replace(tzinfo=None) if t.tzinfo else t


@dataclass(frozen=True)
class EventRow:
    """One line of the runner's history (times naive UTC, as the run log stores them)."""

    at: dt.datetime
    job: str
    scenario: str
    planned_at: dt.datetime | None
    kind: str
    status: str | None
    run_id: int | None
    message: str | None


class ScheduleLog:
    """The runner's state and history, in the same database as the run log."""

    def __init__(self, log: RunLog, robot: str) -> None:
        self.log, self.robot = log, robot

    def last_planned(self, job: str) -> dt.datetime | None:
        """The last planned time handled for ``job``, aware UTC; None before the first start."""
        with self.log.engine.connect() as conn:
            value = conn.execute(
                select(schedule_state.c.last_planned).where(
                    schedule_state.c.robot == self.robot, schedule_state.c.job == job
                )
            ).scalar()
        return value.replace(tzinfo=dt.UTC) if value is not None else None

    def set_last_planned(self, job: str, planned: dt.datetime) -> None:
        """Remember ``planned`` as handled; never moves backwards (two threads may race)."""
        when = _utc(planned)
        with self.log.engine.begin() as conn:
            current = conn.execute(
                select(schedule_state.c.last_planned).where(
                    schedule_state.c.robot == self.robot, schedule_state.c.job == job
                )
            ).scalar()
            if current is None:
                conn.execute(
                    insert(schedule_state).values(
                        robot=self.robot, job=job, last_planned=when, updated_at=utcnow()
                    )
                )
            elif when > current:
                conn.execute(
                    update(schedule_state)
                    .where(schedule_state.c.robot == self.robot, schedule_state.c.job == job)
                    .values(last_planned=when, updated_at=utcnow())
                )

    def add_event(
        self,
        job: str,
        scenario: str,
        kind: str,
        *,
        planned: dt.datetime | None = None,
        status: str | None = None,
        run_id: int | None = None,
        message: str | None = None,
    ) -> None:
        with self.log.engine.begin() as conn:
            conn.execute(
                insert(schedule_events).values(
                    at=utcnow(),
                    robot=self.robot,
                    job=job,
                    scenario=scenario,
                    planned_at=_utc(planned) if planned else None,
                    kind=kind,
                    status=status,
                    run_id=run_id,
                    host=socket.gethostname(),
                    message=message,
                )
            )

    def events(self, limit: int = 50) -> list[EventRow]:
        """The latest events of this robot, newest first."""
        with self.log.engine.connect() as conn:
            rows = conn.execute(
                select(schedule_events)
                .where(schedule_events.c.robot == self.robot)
                .order_by(schedule_events.c.id.desc())
                .limit(limit)
            )
            return [
                EventRow(r.at, r.job, r.scenario, r.planned_at, r.kind, r.status, r.run_id, r.message)
                for r in rows
            ]
