"""Issue 12, point 9: a sleeping PC's missed runs are on the record, and caught up as after a restart.

The observation: a robot with a job every minute was suspended (SIGSTOP, as when an office PC sleeps)
from 00:59:34 to 01:02:25, and ``robosan scheduler history`` showed 00:59, 01:02 and 01:03 and nothing
for 01:00 and 01:01. The planning rule (:func:`rpa_core.scheduling.missed_runs.settle`) is tested with
an injected clock; the runner's use of it against a real SQLite run log, with the child process
replaced (a unit test of the logic around it); and last a real ``robosan scheduler start`` process is
suspended across two planned runs.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED

from rpa_core.messages import set_lang
from rpa_core.scheduling.calendar_jp import JST, BusinessCalendar, Plan, parse_schedule
from rpa_core.scheduling.missed_runs import WakeWatch, settle
from rpa_core.scheduling.robot_file import Job, load_robot
from rpa_core.scheduling.runner import Runner
from rpa_core.store.runlog import RunLog
from rpa_core.store.schedule_log import EventRow, ScheduleLog

ROBOSAN = Path(sys.executable).parent / "robosan"
EVERY_MINUTE = Plan(parse_schedule(cron="* * * * *"), BusinessCalendar(business_days=False))
SLEPT = "PCが休止していたか、ロボットが止まっていたため実行されませんでした"


def jst(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=JST)


# -- the rule, with an injected clock ---------------------------------------------------------
def test_suspended_across_two_runs_records_both_and_catches_up_the_latest_once() -> None:
    # the case of issue 12: last handled 00:59, woken at 01:02:25; 01:02 itself fell due while asleep
    result = settle(EVERY_MINUTE, jst("2026-12-07 00:59"), jst("2026-12-07 01:02:25"), 3600)
    assert result.due == jst("2026-12-07 01:02")
    assert [t for t, _ in result.missed] == [jst("2026-12-07 01:00"), jst("2026-12-07 01:01")]
    assert result.missed[0][1] == (f"{SLEPT}(01:00 の予定)。取り戻すのは最新の 01:02 の予定の1回だけです")
    # the same wake-up handled again (a second fire, a racing thread) runs nothing twice
    again = settle(EVERY_MINUTE, jst("2026-12-07 01:02"), jst("2026-12-07 01:02:26"), 3600)
    assert (again.missed, again.due) == ((), None)


def test_beyond_grace_every_missed_run_is_recorded_and_none_is_run() -> None:
    result = settle(EVERY_MINUTE, jst("2026-12-07 00:59"), jst("2026-12-07 01:02:25"), 20)
    assert result.due is None
    assert [(t.minute, why) for t, why in result.missed] == [
        (0, f"{SLEPT}(01:00 の予定)"),
        (1, f"{SLEPT}(01:01 の予定)"),
        (2, f"{SLEPT}(01:02 の予定)。猶予(20s)を過ぎていたので取り戻しません"),
    ]
    # APScheduler already gave the latest up (its own misfire): recorded, not run, whatever the grace
    given_up = settle(EVERY_MINUTE, jst("2026-12-07 01:01"), jst("2026-12-07 01:02:25"), 3600, may_run=False)
    assert given_up.due is None and [t.minute for t, _ in given_up.missed] == [2]


def test_runs_refused_while_the_previous_one_runs_are_recorded_as_busy() -> None:
    result = settle(EVERY_MINUTE, jst("2026-12-07 01:00"), jst("2026-12-07 01:02:00.3"), 3600, cause="busy")
    assert result.due is None
    assert [(t.minute, why) for t, why in result.missed] == [
        (1, "前回の実行がまだ続いていました"),
        (2, "前回の実行がまだ続いていました"),
    ]


def test_a_closed_days_run_moved_to_the_next_business_day_still_runs_once() -> None:
    weekday = Plan(parse_schedule(at="every weekday 07:30"), BusinessCalendar())
    # asleep over Golden Week: 5/4-5/6 (holidays) are moved onto 5/7, which is one run, not four
    result = settle(weekday, jst("2026-04-30 07:30"), jst("2026-05-07 08:10"), 7200)
    assert result.due == jst("2026-05-07 07:30")
    assert [(t, why) for t, why in result.missed] == [
        (
            jst("2026-05-01 07:30"),
            f"{SLEPT}(2026-05-01(金) 07:30 の予定)。取り戻すのは最新の 07:30 の予定の1回だけです",
        )
    ]


def test_unknown_state_considers_only_the_latest_run_and_english_reasons() -> None:
    set_lang("en")
    result = settle(EVERY_MINUTE, None, jst("2026-12-07 01:02:25"), 3600)
    assert (result.missed, result.due) == ((), jst("2026-12-07 01:02"))
    late = settle(EVERY_MINUTE, jst("2026-12-07 01:00"), jst("2026-12-07 01:02:25"), 10)
    assert late.missed[-1][1] == (
        "Not run: the PC was asleep or off, or the robot was stopped (planned for 01:02). "
        "It was beyond the grace period (10s), so it is not caught up"
    )


def test_wake_watch_sees_the_wall_clock_jump_and_not_a_busy_machine() -> None:
    watch = WakeWatch(lambda _s: None, tick=5.0, slack=20.0, wall=lambda: 1000.0)
    assert watch.seen(1005.2) is None
    assert watch.seen(1023.0) is None  # 13 s late under load: not a sleep
    assert watch.seen(1199.0) == pytest.approx(171.0)  # suspended 00:59:34 -> 01:02:25
    # the thread itself, with a wall clock that jumps while it waits
    now = [5000.0]
    jumped = threading.Event()
    seen: list[float] = []
    live = WakeWatch(lambda s: (seen.append(s), jumped.set()), tick=0.01, slack=20.0, wall=lambda: now[0])
    live.start()
    try:
        time.sleep(0.05)
        assert not jumped.is_set()
        now[0] += 171.0
        assert jumped.wait(5)
    finally:
        live.stop()
    assert seen == [pytest.approx(170.99)]


# -- the runner's use of the rule (real SQLite run log, no child process) -------------------------
class Recorded(Runner):
    """The runner with its child process replaced: records which planned times it would run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ran: list[dt.datetime] = []

    def spawn(self, job: Job, planned: dt.datetime) -> dict[str, Any]:
        self.ran.append(planned)
        return {"status": "succeeded", "run_id": len(self.ran)}


@pytest.fixture
def log(tmp_path: Path) -> Iterator[RunLog]:
    runlog = RunLog(f"sqlite:///{tmp_path / 'runlog.db'}")
    yield runlog
    runlog.close()


def robot(folder: Path, *graces: str, separate: bool = False) -> Path:
    """A robot file with one every-minute job per grace; ``separate`` gives each its own scenario."""
    names = ["個人住民税 異動の取込", "法人住民税 申告の取込"]
    jobs = ""
    for i, grace in enumerate(graces, 1):
        folder_name = f"kojin{i if separate else 1}"
        scenario = folder / "scenarios" / folder_name / "scenario.yaml"
        scenario.parent.mkdir(parents=True, exist_ok=True)
        scenario.write_text(f"name: {names[i - 1]}\nsteps:\n  - log: 取込みます\n", encoding="utf-8")
        jobs += f"  - name: 取込{i}\n    scenario: scenarios/{folder_name}/scenario.yaml\n"
        jobs += f"    cron: '* * * * *'\n    grace: {grace}\n"
    path = folder / "robot.yaml"
    path.write_text(
        f"robot: 市民税課ロボット2号\ncalendar: {{business_days: false}}\njobs:\n{jobs}", encoding="utf-8"
    )
    return path


def history(events: list[EventRow]) -> list[tuple[str, str, str]]:
    return [
        (e.planned_at.replace(tzinfo=dt.UTC).astimezone(JST).strftime("%H:%M"), e.kind, e.message or "")
        for e in reversed(events)
        if e.planned_at is not None
    ]


def test_a_fire_after_a_suspend_records_the_gap_and_catches_up_once(
    tmp_path: Path, log: RunLog, robosan_home: Path
) -> None:
    clock = [jst("2026-12-07 00:59:00.05")]
    runner = Recorded(
        load_robot(robot(tmp_path, "1h")), log, home=robosan_home, clock=lambda: clock[0], echo=lambda _: None
    )
    (job,) = runner.robot.jobs
    runner.state.set_last_planned(job.id, jst("2026-12-07 00:58"))
    runner.fire(job)  # on time
    clock[0] = jst("2026-12-07 01:02:25")  # SIGCONT: APScheduler fires once (coalesce)
    runner.fire(job)
    runner.fire(job)  # a second fire for the same wake-up runs nothing
    clock[0] = jst("2026-12-07 01:03:00.2")
    runner.fire(job)
    assert [t.strftime("%H:%M") for t in runner.ran] == ["00:59", "01:02", "01:03"]
    assert history(runner.state.events()) == [
        ("00:59", "ran", ""),
        ("01:00", "missed", f"{SLEPT}(01:00 の予定)。取り戻すのは最新の 01:02 の予定の1回だけです"),
        ("01:01", "missed", f"{SLEPT}(01:01 の予定)。取り戻すのは最新の 01:02 の予定の1回だけです"),
        ("01:02", "ran", "休止・停止からの復帰後の取り戻し実行(01:02 の予定)"),
        ("01:03", "ran", ""),
    ]


def test_misfires_and_busy_refusals_from_apscheduler_record_every_planned_run(
    tmp_path: Path, log: RunLog, robosan_home: Path
) -> None:
    clock = [jst("2026-12-07 01:02:25")]
    runner = Recorded(
        load_robot(robot(tmp_path, "20s", "1h")),
        log,
        home=robosan_home,
        clock=lambda: clock[0],
        echo=lambda _: None,
    )
    short, long_ = runner.robot.jobs
    runner.state.set_last_planned(short.id, jst("2026-12-07 00:59"))
    runner.state.set_last_planned(long_.id, jst("2026-12-07 01:00"))
    # woken past the 20 s grace: APScheduler reports only its coalesced 01:02 as missed
    runner.listen(
        SimpleNamespace(job_id=short.id, code=EVENT_JOB_MISSED, scheduled_run_time=jst("2026-12-07 01:02"))
    )
    # the 01:00 run of the other job is still going at 01:02: refused (max_instances)
    runner.listen(
        SimpleNamespace(
            job_id=long_.id, code=EVENT_JOB_MAX_INSTANCES, scheduled_run_times=[jst("2026-12-07 01:02")]
        )
    )
    assert runner.ran == []
    kinds = {(e.job, e.planned_at.minute if e.planned_at else None, e.kind) for e in runner.state.events()}
    assert kinds == {
        ("取込1", 0, "missed"),
        ("取込1", 1, "missed"),
        ("取込1", 2, "missed"),
        ("取込2", 1, "missed"),
        ("取込2", 2, "missed"),
    }
    assert (
        "猶予(20s)を過ぎていたので取り戻しません"
        in history(ScheduleLog(log, "市民税課ロボット2号").events())[2][2]
    )


# -- a real runner process, suspended across two planned runs ---------------------------------------
if sys.platform != "win32":
    SUSPEND, RESUME = signal.SIGSTOP, signal.SIGCONT


def _minute(t: dt.datetime) -> dt.datetime:
    return t.replace(second=0, microsecond=0)


@pytest.mark.slow
@pytest.mark.skipif(
    sys.platform == "win32", reason="no SIGSTOP on Windows; a sleeping PC is imitated by SIGSTOP"
)
def test_a_suspended_runner_records_the_missed_runs_and_catches_up_once(tmp_path: Path) -> None:
    """Two jobs every minute: 取込1 with grace 1h (caught up), 取込2 with grace 10s (beyond it)."""
    # each job has its own scenario: one run of a scenario at a time (the lock) stays as it is
    path = robot(tmp_path, "1h", "10s", separate=True)
    db, home = tmp_path / "sleep.db", tmp_path / "sleep-home"
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "PYTHONIOENCODING": "utf-8"}
    cmd = [str(ROBOSAN), "scheduler", "start", str(path), "--db", str(db)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, encoding="utf-8"
    )
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "取込2: 次回" in line:  # the last job is planned: the scheduler loop is starting
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert started.wait(60), "".join(lines)
        log = RunLog(f"sqlite:///{db}")
        # not within a few seconds of a minute: a run starting as the process stops would blur b1
        while not 4 <= dt.datetime.now(JST).second <= 55:
            time.sleep(0.5)
        stopped_at = dt.datetime.now(JST)
        proc.send_signal(SUSPEND)
        b1 = _minute(stopped_at) + dt.timedelta(minutes=1)
        b2 = b1 + dt.timedelta(minutes=1)
        time.sleep(max(0.0, (b2 + dt.timedelta(seconds=20) - dt.datetime.now(JST)).total_seconds()))
        proc.send_signal(RESUME)
        state = ScheduleLog(log, "市民税課ロボット2号")

        def at(job: str, planned: dt.datetime) -> list[EventRow]:
            utc = planned.astimezone(dt.UTC).replace(tzinfo=None)
            return [
                e
                for e in state.events(200)
                if e.job == job and e.planned_at == utc and e.kind != "mail_failed"
            ]

        deadline = time.monotonic() + 90
        while not (at("取込1", b2) and at("取込2", b2)) and time.monotonic() < deadline:
            assert proc.poll() is None, "".join(lines)
            time.sleep(0.5)
        shown = subprocess.run(
            [str(ROBOSAN), "scheduler", "history", str(path), "--db", str(db), "--limit", "50"],
            capture_output=True,
            text=True,
            env=env,
            encoding="utf-8",
            timeout=60,
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        reader.join(timeout=10)
    output = "".join(lines)
    sched_log = home / "logs" / "scheduler.log"
    diag = output + (sched_log.read_text(encoding="utf-8") if sched_log.exists() else "")
    hm1, hm2 = f"{b1:%H:%M}", f"{b2:%H:%M}"
    (a1,), (a2,) = at("取込1", b1), at("取込1", b2)
    assert (a1.kind, a1.message) == (
        "missed",
        f"{SLEPT}({hm1} の予定)。取り戻すのは最新の {hm2} の予定の1回だけです",
    ), diag
    assert (a2.kind, a2.status, a2.message) == (
        "ran",
        "succeeded",
        f"休止・停止からの復帰後の取り戻し実行({hm2} の予定)",
    ), diag
    (c1,), (c2,) = at("取込2", b1), at("取込2", b2)
    assert (c1.kind, c1.message) == ("missed", f"{SLEPT}({hm1} の予定)"), diag
    # beyond the 10 s grace: not caught up. (On a machine so loaded that the runner answers only after
    # the next minute, 取込2's 02 is one of several missed runs and the grace is said on the last one.)
    assert c2.kind == "missed" and (c2.message or "").startswith(f"{SLEPT}({hm2} の予定)"), diag
    assert any(
        "猶予(10s)を過ぎていたので取り戻しません" in (e.message or "")
        for e in state.events(200)
        if e.job == "取込2"
    ), diag
    # never a silent gap, never two runs of one planned time: each minute once, from first to last
    for job in ("取込1", "取込2"):
        planned = sorted(
            e.planned_at
            for e in state.events(200)
            if e.job == job and e.planned_at and e.kind != "mail_failed"
        )
        assert len(planned) == len(set(planned)), (job, planned)
        assert [(b - a).total_seconds() for a, b in pairwise(planned)] == [60.0] * (len(planned) - 1)
    with log.engine.connect() as conn:
        from sqlalchemy import func, select

        from rpa_core.store.runlog import runs

        assert conn.execute(select(func.count()).select_from(runs)).scalar() == len(
            [e for e in state.events(200) if e.kind == "ran"]
        )
    log.close()
    assert "のあいだロボットが動いていませんでした" in output and "予定を確かめます" in output, diag
    assert shown.returncode == 0
    history_lines = shown.stdout.splitlines()
    assert any(
        f"{hm1} の予定)。取り戻すのは最新の" in line and "実行されませんでした" in line
        for line in history_lines
    )
    assert sum(f"復帰後の取り戻し実行({hm2} の予定)" in line for line in history_lines) == 1
