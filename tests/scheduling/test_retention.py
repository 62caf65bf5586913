"""The runner's daily retention purge (issue 13): who sets the period, when it runs, what it records.

The job function is driven with a fixed clock at the cut-off's boundary on a real SQLite log; one real
``robosan scheduler start`` shows the start-up purge happens in the real loop.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from rpa_core.errors import InputError, ScenarioError
from rpa_core.scheduling.calendar_jp import JST
from rpa_core.scheduling.retention import apply_retention, due_at_start, plan_retention, retention_period
from rpa_core.scheduling.robot_file import load_robot
from rpa_core.store.purge import list_purges
from rpa_core.store.runlog import RunLog
from rpa_core.store.schedule_log import ScheduleLog
from rpa_core.store.tables import items
from scheduler import Runner
from tests.support.runlog_seed import batch, make_run, utc

ROBOSAN = Path(sys.executable).parent / "robosan"
SCENARIO = "name: 住民税特別徴収の通知\nsteps:\n  - log: 通知を作成しました\n"


def _robot(folder: Path, extra: str = "") -> Path:
    (folder / "s").mkdir(parents=True, exist_ok=True)
    (folder / "s" / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    path = folder / "robot.yaml"
    path.write_text(textwrap.dedent(f"""\
        robot: 市民課ロボット2号
        {extra}
        jobs:
          - scenario: s/scenario.yaml
            cron: "0 7 1 1 *"
        """), encoding="utf-8")
    return path


def _settings(home: Path, body: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.yaml").write_text(body, encoding="utf-8")


def test_who_sets_the_period_and_the_shorter_wins(tmp_path: Path, robosan_home: Path) -> None:
    plain = load_robot(_robot(tmp_path / "a"), check_scenarios=False)
    assert retention_period(plain, robosan_home) is None  # nothing set: nothing purged automatically
    _settings(robosan_home, "retention: 400d\n")
    assert retention_period(plain, robosan_home) == (400, str(robosan_home / "settings.yaml"))
    shorter = load_robot(_robot(tmp_path / "b", "retention: 90日"), check_scenarios=False)
    assert retention_period(shorter, robosan_home) == (90, str(shorter.path))
    longer = load_robot(_robot(tmp_path / "c", "retention: 1000"), check_scenarios=False)
    assert retention_period(longer, robosan_home)[0] == 400  # type: ignore[index]
    _settings(robosan_home, "retention: 13m\n")
    with pytest.raises(InputError) as bad:
        retention_period(plain, robosan_home)
    assert "settings.yaml" in bad.value.render() and "400d" in bad.value.render()


def test_a_bad_retention_in_the_robot_file_names_file_and_line(tmp_path: Path) -> None:
    path = _robot(tmp_path, "retention: 7d")
    with pytest.raises(ScenarioError) as bad:
        load_robot(path, check_scenarios=False)
    rendered = bad.value.render()
    assert f"{path}:2:" in rendered and "30 日" in rendered


def _seed(log: RunLog) -> tuple[int, int]:
    """Two done items with 氏名 in their result: one settled a minute before the cut-off, one a minute after."""
    run_id = make_run(log, "住民票交付記録の転記", start="2025-11-01 09:00")
    b = batch(log, "住民票交付記録の転記")
    before = log.write_item(b, "R-1", None, status="done", run_id=run_id, result={"氏名": "花巻一郎"}, message="花巻一郎")
    after = log.write_item(b, "R-2", None, status="done", run_id=run_id, result={"氏名": "北上春子"}, message="北上春子")
    with log.engine.begin() as conn:  # the cut-off of 400 days on 2026-12-08 is 2025-11-03 00:00 JST
        conn.execute(items.update().where(items.c.id == before).values(settled_at=utc("2025-11-02 23:59")))
        conn.execute(items.update().where(items.c.id == after).values(settled_at=utc("2025-11-03 00:01")))
    return before, after


def test_the_daily_job_purges_at_the_boundary_and_records_it(tmp_path: Path, robosan_home: Path) -> None:
    _settings(robosan_home, "retention: 400d\n")
    log = RunLog(str(tmp_path / "runlog.db"))
    before, after = _seed(log)
    now = dt.datetime(2026, 12, 8, 3, 0, tzinfo=JST)
    runner = Runner(load_robot(_robot(tmp_path), check_scenarios=False), log, home=robosan_home,
                    clock=lambda: now, echo=lambda _line: None)
    assert due_at_start(runner, now)  # never purged yet
    counts = apply_retention(runner)
    assert counts is not None and counts["items"] == 1
    with log.engine.connect() as conn:
        rows = dict(conn.execute(select(items.c.id, items.c.result)).all())
    assert rows[before] is None and rows[after] == {"氏名": "北上春子"}
    audit = list_purges(log)
    assert [(r.trigger, r.older_than, r.counts["complete"]) for r in audit] == [
        ("retention", utc("2025-11-03 00:00"), True)]
    assert "400" in audit[0].reason and "settings.yaml" in audit[0].reason
    event = ScheduleLog(log, "市民課ロボット2号").events()[0]
    assert (event.job, event.kind, event.status) == ("retention", "purge", "succeeded") and "items=1" in event.message
    assert not due_at_start(runner, now + dt.timedelta(hours=23))
    assert due_at_start(runner, now + dt.timedelta(days=1, minutes=1))
    log.close()


def test_plan_adds_a_3am_job_and_a_start_up_purge_when_due(tmp_path: Path, robosan_home: Path) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    _settings(robosan_home, "retention: 400d\n")
    log = RunLog(str(tmp_path / "runlog.db"))
    now = dt.datetime(2026, 12, 8, 10, 0, tzinfo=JST)
    runner = Runner(load_robot(_robot(tmp_path), check_scenarios=False), log, home=robosan_home,
                    clock=lambda: now, echo=lambda _line: None)
    sched = BackgroundScheduler(timezone=JST)
    plan_retention(runner, sched, now)
    jobs = {j.id: j for j in sched.get_jobs()}
    assert set(jobs) == {"retention", "retention:start"}
    nxt = jobs["retention"].trigger.get_next_fire_time(None, now)
    assert nxt == dt.datetime(2026, 12, 9, 3, 0, tzinfo=JST)
    failing = Runner(load_robot(_robot(tmp_path / "x"), check_scenarios=False), log, home=tmp_path / "other-home",
                     clock=lambda: now, echo=lambda _line: None)
    _settings(tmp_path / "other-home", "retention: [400]\n")
    assert apply_retention(failing) is None  # a broken setting at 3:00: recorded, the runner goes on
    event = ScheduleLog(log, "市民課ロボット2号").events()[0]
    assert event.kind == "purge_failed" and "settings.yaml" in (event.message or "")
    log.close()


def test_a_real_runner_purges_at_start_up(tmp_path: Path, robosan_home: Path) -> None:
    _settings(robosan_home, "retention: 400d\n")
    db = tmp_path / "runlog.db"
    log = RunLog(str(db))
    run_id = make_run(log, "住民票交付記録の転記", start="2024-04-01 09:00")
    log.write_item(batch(log, "住民票交付記録の転記"), "R-9", None, status="done", run_id=run_id,
                   result={"氏名": "遠野三郎"})
    with log.engine.begin() as conn:
        conn.execute(items.update().values(settled_at=utc("2024-04-01 10:00")))
    env = {**os.environ, "ROBOSAN_HOME": str(robosan_home), "ROBOSAN_LANG": "en"}
    proc = subprocess.Popen([str(ROBOSAN), "scheduler", "start", str(_robot(tmp_path)), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while not list_purges(log) and time.monotonic() < deadline:
            assert proc.poll() is None
            time.sleep(0.3)
        time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=30)[0]
    assert "Retention 400 days" in output and "purged personal data past retention" in output, output
    with log.engine.connect() as conn:
        assert conn.execute(select(items.c.result)).scalar() is None
    assert list_purges(log)[0].trigger == "retention"
    log.close()
