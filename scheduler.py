"""The scheduled robot runner (``robosan scheduler start|next|validate|history``).

A robot PC runs the jobs of a robot file (:mod:`rpa_core.scheduling.robot_file`) on the Japanese business-day
calendar (:mod:`rpa_core.scheduling.calendar_jp`) with APScheduler's ``BlockingScheduler`` in the foreground.

Each job runs as its own ``robosan``-style child process (``python -m scheduler run-job``), which
calls :func:`rpa_core.running.scenario_run.run_scenario` unattended with ``trigger="schedule"``; the run
takes the scenario's run lock in the run log (:mod:`rpa_core.running.locks`), waiting for it within the
job's grace, and a run still holding it after that is recorded as ``locked``. A child process, as
UiPath's robot executors do, because a scenario that hangs in a browser or desktop application,
leaks memory or crashes the interpreter must not take the runner down: the runner kills it at the
job's ``timeout`` and the ledger makes the next run resume where it stopped.

Missed runs: the last planned time handled per job is kept in the run log database
(:mod:`rpa_core.store.schedule_log`). At start-up, and on every fire or misfire while running (the
PC slept, the runner was suspended), every planned time since then is found by one rule
(:mod:`rpa_core.scheduling.missed_runs`): the latest is run once if it is within the job's ``grace``,
all others are recorded as ``missed`` with the reason; runs refused because the previous one is still
running are recorded as ``missed`` too. Never dropped silently, whatever APScheduler coalesced.
A failed, missed or locked-out run is one line in ``schedule_events`` and, when ``notify:`` is
configured, a mail.

The runner itself (catch-up, the APScheduler loop, job runs, events and mails) is
:class:`rpa_core.scheduling.runner.Runner`; this module holds the click commands and the
``python -m scheduler`` entry point that each job's child process runs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rpa_core.cli.main import lang_option, open_log
from rpa_core.errors import RobosanError
from rpa_core.messages import render, text
from rpa_core.scheduling.runner import RESULT_MARK, Runner, _fmt, _now

if TYPE_CHECKING:
    from rpa_core.scheduling.robot_file import RobotFile

__all__ = ["Runner", "scheduler_cli"]

def _load(path: str, check_scenarios: bool = True) -> RobotFile:
    from rpa_core.scheduling.robot_file import load_robot

    return load_robot(Path(path), check_scenarios=check_scenarios)


def _fail(exc: RobosanError) -> None:
    from rpa_core.errors import ScenarioError

    if isinstance(exc, ScenarioError):
        click.echo(exc.render(), err=True)
        click.echo(text("cli.problems", count=len(exc.problems)), err=True)
    else:
        click.echo(render(exc.message(), exc.hint()), err=True)
    sys.exit(2)


@click.group("scheduler")
def scheduler_cli() -> None:
    """ロボットPCの定時実行 / the scheduled robot runner."""


@scheduler_cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@lang_option
def validate_cmd(files: tuple[str, ...]) -> None:
    """ロボットファイルを検査する / check robot files (and their scenarios)."""
    from rpa_core.errors import ScenarioError

    problems = 0
    for f in files:
        try:
            robot = _load(f)
            click.echo(text("sched.valid", file=f, jobs=len(robot.jobs)))
        except ScenarioError as exc:
            click.echo(exc.render(), err=True)
            problems += len(exc.problems)
    if problems:
        click.echo(text("cli.problems", count=problems), err=True)
        sys.exit(2)


@scheduler_cli.command("next")
@click.argument("file", type=click.Path())
@click.option("--count", "-n", default=10, show_default=True, help="仕事ごとの件数 / runs per job")
@click.option("--from", "date_from", default=None, help="YYYY-MM-DD (既定: 今 / default: now)")
@lang_option
def next_cmd(file: str, count: int, date_from: str | None) -> None:
    """次の実行予定を曜日付きで表示する / list the next runs with dates and weekdays."""
    from rpa_core.scheduling.calendar_jp import JST, format_day

    try:
        robot = _load(file, check_scenarios=False)
        start = _now() if date_from is None else dt.datetime.combine(_date(date_from), dt.time(), JST)
    except RobosanError as exc:
        _fail(exc)
        return
    click.echo(text("sched.next.title", robot=robot.robot, start=_fmt(start)))
    for job in robot.jobs:
        click.echo(f"\n{job.id}  ({job.plan.schedule.source})")
        runs = job.plan.next_runs(start, count)
        end = runs[-1].at + dt.timedelta(seconds=1) if runs else start
        _, skipped = job.plan.window(start, end)
        lines = [
            (
                r.at,
                f"  {_fmt(r.at)}"
                + (
                    "  " + text("sched.next.moved", days=", ".join(format_day(d) for d in r.moved_from))
                    if r.moved_from
                    else ""
                ),
            )
            for r in runs
        ]
        lines += [(s.at, f"  {_fmt(s.at)}  " + text("sched.next.skipped", reason=s.reason)) for s in skipped]
        for _, line in sorted(lines):
            click.echo(line)


def _date(value: str) -> dt.date:
    from rpa_core.errors import InputError

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("sched.bad_date", value=value) from None


@scheduler_cli.command("start")
@click.argument("file", type=click.Path())
@click.option("--db", default=None, help="run log: SQLAlchemy URL or SQLite file (ROBOSAN_DB)")
@lang_option
def start_cmd(file: str, db: str | None) -> None:
    """ロボットを前面で動かす(Ctrl+Cで停止) / run the robot in the foreground."""
    import signal

    from rpa_core.running.locks import named_lock

    try:
        robot = _load(file)
        runlog = open_log(db)
        runner = Runner(robot, runlog)
        _setup_logging(runner.home)
        if hasattr(signal, "SIGTERM"):  # systemd stop, Task Scheduler end: stop like Ctrl+C
            signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        with named_lock(f"robot:{robot.path}", robot.path.name, runner.home):
            runner.start()
    except RobosanError as exc:
        _fail(exc)


def _setup_logging(home: Path) -> None:
    from logging.handlers import RotatingFileHandler

    folder = home / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        folder / "scheduler.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


@scheduler_cli.command("history")
@click.argument("file", type=click.Path())
@click.option("--limit", default=30, show_default=True)
@click.option("--db", default=None, help="run log: SQLAlchemy URL or SQLite file (ROBOSAN_DB)")
@lang_option
def history_cmd(file: str, limit: int, db: str | None) -> None:
    """定時実行の記録(実行・失敗・未実行) / what became of each planned run."""
    from rpa_core.store.schedule_log import ScheduleLog

    try:
        robot = _load(file, check_scenarios=False)
    except RobosanError as exc:
        _fail(exc)
        return
    events = ScheduleLog(open_log(db), robot.robot).events(limit)
    if not events:
        click.echo(text("sched.history.none"))
    for e in events:
        planned = _fmt(e.planned_at.replace(tzinfo=dt.UTC)) if e.planned_at else "-"
        run = f" run {e.run_id}" if e.run_id else ""
        click.echo(
            f"{_fmt(e.at.replace(tzinfo=dt.UTC))}  {e.job}  {planned}  {text('sched.event.' + e.kind)}"
            f"{run}  {e.message or ''}".rstrip()
        )


@scheduler_cli.command("run-job", hidden=True)
@click.argument("file", type=click.Path())
@click.argument("job_id")
@click.option("--planned", required=True)
@click.option("--db", default=None)
@click.option("--lock-wait", type=float, default=0.0)
def run_job_cmd(file: str, job_id: str, planned: str, db: str | None, lock_wait: float) -> None:
    """One scheduled run, in its own process (used by ``scheduler start``)."""
    from rpa_core.cli.console import ConsoleObserver
    from rpa_core.language.parser import load_scenario
    from rpa_core.running.locks import LockHeld
    from rpa_core.running.scenario_run import run_scenario

    def result(code: int, **values: Any) -> None:
        click.echo(RESULT_MARK + json.dumps(values, ensure_ascii=False, default=str))
        sys.exit(code)

    try:
        job = _load(file, check_scenarios=False).job(job_id)
        scenario = load_scenario(job.scenario, unattended=True, given_inputs=tuple(job.inputs))
        runlog = open_log(db)
        res = run_scenario(  # takes the run lock in the log, waiting up to lock_wait for a run still going
            scenario,
            inputs=dict(job.inputs),
            log=runlog,
            unattended=True,
            observer=ConsoleObserver(),
            trigger="schedule",
            lock_wait=lock_wait,
            allowed_paths=job.allowed_paths,
        )
    except LockHeld as exc:
        result(3, status="locked", message=exc.message())
    except RobosanError as exc:
        render = getattr(exc, "render", exc.message)
        result(2, status="invalid", message=render())
    result(res.exit_code, status=res.status, run_id=res.run_id, message=res.message, counts=res.counts)


if __name__ == "__main__":
    scheduler_cli()
