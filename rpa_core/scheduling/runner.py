"""The robot runner behind ``robosan scheduler start``: catch-up, the APScheduler loop, job runs.

The click commands are in :mod:`scheduler`; this module holds what they drive. Each planned run
becomes a child process (``python -m scheduler run-job``) so that a scenario that hangs, leaks or
crashes cannot take the runner down: :meth:`Runner.spawn` kills it at the job's ``timeout`` and
the ledger makes the next run resume where it stopped. What became of every planned run (ran,
failed, missed, locked out) is recorded in ``schedule_events`` (:mod:`rpa_core.store.schedule_log`)
and, when ``notify:`` is configured, mailed. Which planned runs were missed, and which one is caught
up, is decided by :func:`rpa_core.scheduling.missed_runs.settle` at start-up and at every fire alike,
so a PC waking from sleep is treated as a PC switched on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rpa_core.errors import RobosanError
from rpa_core.messages import text
from rpa_core.scheduling.missed_runs import (
    ON_TIME,
    Cause,
    Settlement,
    WakeWatch,
    settle,
    when,
)

if TYPE_CHECKING:
    from rpa_core.scheduling.robot_file import Job, RobotFile
    from rpa_core.store.runlog import RunLog
    from rpa_core.store.schedule_log import ScheduleLog

__all__ = ["OK_STATUSES", "RESULT_MARK", "Runner"]

RESULT_MARK = "ROBOSAN-RESULT "
OK_STATUSES = ("succeeded", "dry_run", "waiting")
MAIL_LINES = 20  # missed runs listed in one mail
log = logging.getLogger("robosan.scheduler")


def _now() -> dt.datetime:
    from rpa_core.scheduling.calendar_jp import JST

    return dt.datetime.now(JST)


def _fmt(t: dt.datetime) -> str:
    from rpa_core.scheduling.calendar_jp import JST, format_day

    local = t.astimezone(JST)
    return f"{format_day(local.date())} {local:%H:%M}"


class Runner:
    """Runs a robot file's jobs: catch-up at start-up, the APScheduler loop, events and mails."""

    def __init__(
        self,
        robot: RobotFile,
        runlog: RunLog,
        *,
        home: Path | None = None,
        clock: Callable[[], dt.datetime] = _now,
        echo: Callable[[str], None] = click.echo,
    ) -> None:
        from rpa_core.store.runlog import robosan_home
        from rpa_core.store.schedule_log import ScheduleLog

        self.robot, self.log, self.clock, self._echo = robot, runlog, clock, echo
        self.home = home or robosan_home()
        self.state: ScheduleLog = ScheduleLog(runlog, robot.robot)

    def say(self, message: str) -> None:
        line = f"[{self.clock():%Y-%m-%d %H:%M:%S}] {message}"
        log.info(message)
        self._echo(line)

    # -- what happens to one planned run --------------------------------------------
    def catch_up(self, now: dt.datetime | None = None) -> list[tuple[Job, dt.datetime]]:
        """Record runs missed while stopped; return the (job, planned time) to run once now."""
        now = now or self.clock()
        due: list[tuple[Job, dt.datetime]] = []
        for job in self.robot.jobs:
            last = self.state.last_planned(job.id)
            if last is None:  # first start of this job: nothing was planned before it existed
                self.state.set_last_planned(job.id, now)
                continue
            latest = self.settle(job, now, job.grace, last=last).due
            if latest is not None:
                due.append((job, latest))
        return due

    def settle(
        self,
        job: Job,
        now: dt.datetime,
        grace: float,
        *,
        last: dt.datetime | None = None,
        cause: Cause = "asleep",
        may_run: bool = True,
    ) -> Settlement:
        """The one rule for runs missed while off, asleep, suspended or busy: record, and say what to run.

        Used at start-up (:meth:`catch_up`), at every fire and for every run APScheduler gave up
        (:meth:`fire`, :meth:`listen`), so a wake-up is handled exactly as a restart.
        """
        if last is None:
            last = self.state.last_planned(job.id)
        result = settle(job.plan, last, now, grace, cause=cause, may_run=may_run)
        for planned, why in result.missed:
            self.missed(job, planned, why)
        if result.missed:  # one mail for a night asleep, not one per planned run
            whys = [why for _, why in result.missed]
            more = f"\n… (+{len(whys) - MAIL_LINES})" if len(whys) > MAIL_LINES else ""
            self.notify("missed", job, result.missed[-1][0], "\n".join(whys[:MAIL_LINES]) + more)
        return result

    def missed(self, job: Job, planned: dt.datetime, why: str) -> None:
        """Record one planned run that did not happen (the mail is sent once by :meth:`settle`)."""
        self.state.set_last_planned(job.id, planned)
        self.state.add_event(job.id, str(job.scenario), "missed", planned=planned, message=why)
        self.say(f"✗ {job.id} {_fmt(planned)}: {text('sched.event.missed')} ({why})")

    def execute(self, job: Job, planned: dt.datetime, why: str = "") -> dict[str, Any]:
        """Run ``job`` for its ``planned`` time in a child process and record what became of it."""
        self.state.set_last_planned(job.id, planned)
        result = self.spawn(job, planned)
        status = str(result.get("status"))
        kind = "ran" if status in OK_STATUSES else "locked" if status == "locked" else "failed"
        message = "; ".join(m for m in (why, str(result.get("message") or "")) if m)
        run_id = result.get("run_id")
        self.state.add_event(
            job.id,
            str(job.scenario),
            kind,
            planned=planned,
            status=status,
            run_id=run_id,
            message=message or None,
        )
        mark = "✓" if kind == "ran" else "✗"
        self.say(
            f"{mark} {job.id} {_fmt(planned)}: {text('sched.event.' + kind)} "
            f"({text('status.' + status) if kind != 'locked' else status}"
            f"{f', run {run_id}' if run_id else ''}){' ' + why if why else ''}"
        )
        if kind != "ran":
            self.notify(kind, job, planned, message)
        return result

    def spawn(self, job: Job, planned: dt.datetime) -> dict[str, Any]:
        """``python -m scheduler run-job``: the run in its own process, output kept in a log file."""
        from rpa_core.store.private_files import private_dir, private_file

        folder = self.home / "logs" / "scheduler"
        for made in (self.home, self.home / "logs", folder):  # a job's output is the run's console: 0700
            private_dir(made)
        out = folder / f"{planned.astimezone(dt.UTC):%Y%m%d-%H%M}-{_slug(job.id)}.log"
        lock_wait = max(0.0, job.grace - (self.clock() - planned).total_seconds())
        cmd = [
            sys.executable,
            "-m",
            "scheduler",
            "run-job",
            str(self.robot.path),
            job.id,
            "--planned",
            planned.isoformat(),
            "--db",
            self.log.url,
            "--lock-wait",
            f"{lock_wait:.0f}",
        ]
        env = {**os.environ, "ROBOSAN_HOME": str(self.home), "PYTHONIOENCODING": "utf-8"}
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                env=env,
                timeout=job.timeout,
                cwd=str(self.robot.path.parent),
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            out.write_bytes((exc.stdout or b"") + (exc.stderr or b""))
            private_file(out)
            return {"status": "timeout", "message": text("sched.why.timeout", seconds=job.timeout)}
        out.write_bytes(proc.stdout + proc.stderr)
        private_file(out)
        for line in reversed(proc.stdout.decode("utf-8", "replace").splitlines()):
            if line.startswith(RESULT_MARK):
                return dict(json.loads(line.removeprefix(RESULT_MARK)))
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        return {
            "status": "error",
            "message": text("sched.why.exit", code=proc.returncode) + " " + " ".join(tail),
        }

    def notify(self, kind: str, job: Job, planned: dt.datetime, detail: str) -> None:
        """Mail the configured address about a failed, missed or locked-out run (never raises)."""
        spec = self.robot.notify
        if spec is None or kind not in spec.on:
            return
        from rpa_core.scheduling.mail import send_mail

        what = text("sched.event." + kind)
        body = "\n".join(
            [
                f"{self.robot.robot}",
                f"{job.id}: {what}",
                f"scenario: {job.scenario}",
                f"planned: {_fmt(planned)}",
                "",
                detail,
                "",
                "robosan runs / robosan scheduler history",
            ]
        )
        try:
            user = password = None
            if spec.smtp_secret:
                from rpa_core.running.secrets import Masker, SecretView

                secret = SecretView(spec.smtp_secret, Masker())
                user, password = secret.user.reveal(), secret.password.reveal()  # the robot PC's own mail account
            send_mail(
                host=spec.smtp_host,
                port=spec.smtp_port,
                sender=spec.mail_from,
                to=spec.mail_to,
                subject=text("sched.mail.subject", robot=self.robot.robot, job=job.id, what=what),
                body=body,
                starttls=spec.starttls,
                ssl=spec.ssl,
                user=user,
                password=password,
            )
        except (OSError, RobosanError, Exception) as exc:  # a mail server down must not stop the robot
            self.state.add_event(job.id, str(job.scenario), "mail_failed", planned=planned, message=str(exc))
            self.say(f"✗ {text('sched.event.mail_failed')}: {exc}")

    # -- the loop ---------------------------------------------------------------------
    def fire(self, job: Job) -> None:
        """Called by APScheduler at a planned time, or late after the PC slept or the runner was suspended.

        APScheduler fires once for a stretch of missed times (``coalesce``); the planned times since
        the last one handled say which were missed, and the latest runs only if within grace.
        """
        now = self.clock()
        result = self.settle(job, now, _misfire(job))
        if result.due is not None:
            late = (now - result.due).total_seconds() > ON_TIME
            why = text("sched.why.catch_up_wake", at=when(result.due, now)) if result.missed or late else ""
            self.execute(job, result.due, why)
        self.status_line(job)

    def status_line(self, job: Job) -> None:
        nxt = job.plan.next_after(self.clock(), self.clock())
        self.say(text("sched.job_next", job=job.id, at=_fmt(nxt) if nxt else "-").strip())

    def listen(self, event: Any) -> None:
        """APScheduler gave a run up: the PC slept past the grace, or the previous run was still going."""
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES

        job = self.robot.job(event.job_id)
        busy = event.code == EVENT_JOB_MAX_INSTANCES
        self.settle(job, self.clock(), _misfire(job), cause="busy" if busy else "asleep", may_run=False)

    def woke(self, seconds: float, sched: Any) -> None:
        """The wall clock jumped (sleep, hibernation, suspended process): let APScheduler look again now."""
        self.say(text("sched.woke", seconds=round(seconds)))
        if sched.running:  # not yet started: it will look at the planned times when it starts
            sched.wakeup()

    def start(self) -> None:
        """Catch up, then run the APScheduler loop in the foreground until Ctrl+C or SIGTERM."""
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
        from apscheduler.schedulers.blocking import BlockingScheduler

        from rpa_core.scheduling.calendar_jp import JST

        self.log.mark_crashed()
        sched = BlockingScheduler(timezone=JST, job_defaults={"coalesce": True, "max_instances": 1})
        sched.add_listener(self.listen, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        watch = WakeWatch(lambda seconds: self.woke(seconds, sched))
        watch.start()  # from the first moment: a PC may sleep while the runner is still starting
        try:
            self.plan(sched)
            sched.start()
        except (KeyboardInterrupt, SystemExit):
            if sched.running:
                sched.shutdown(wait=False)
            self.say(text("sched.stopped", robot=self.robot.robot))
        finally:
            watch.stop()

    def plan(self, sched: Any) -> None:
        """Add the start-up catch-up runs and each job's trigger to the (not yet started) scheduler."""
        now = self.clock()
        for job, planned in self.catch_up(now):
            sched.add_job(
                self.execute,
                "date",
                run_date=now,
                args=[job, planned, text("sched.why.catch_up")],
                id=f"catch-up:{job.id}",
                misfire_grace_time=None,
            )
        self.say(text("sched.started", robot=self.robot.robot, jobs=len(self.robot.jobs)))
        for job in self.robot.jobs:
            first = job.plan.next_after(now, now)
            sched.add_job(
                self.fire,
                _trigger(job),
                args=[job],
                id=job.id,
                name=job.id,
                misfire_grace_time=_misfire(job),
                next_run_time=first,
            )
            self.say(text("sched.job_next", job=job.id, at=_fmt(first) if first else "-").strip())
        from rpa_core.scheduling.retention import plan_retention

        plan_retention(self, sched, now)


def _trigger(job: Job) -> Any:
    """An APScheduler trigger following the job's business-day plan."""
    from apscheduler.triggers.base import BaseTrigger

    class BusinessDayTrigger(BaseTrigger):
        def get_next_fire_time(self, previous_fire_time: Any, now: Any) -> Any:
            return job.plan.next_after(previous_fire_time, now)

        def __str__(self) -> str:
            return f"business days: {job.plan.schedule.source}"

    return BusinessDayTrigger()


def _misfire(job: Job) -> int:
    """Seconds late a fire may be and still run: the job's grace, at least the 1 s APScheduler needs."""
    return max(1, math.ceil(job.grace))


def _slug(name: str) -> str:
    import re

    return re.sub(r"[^\w.-]+", "_", name)[:60]
