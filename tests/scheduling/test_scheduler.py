"""The scheduled robot runner: business-day calendar, missed runs, locks, notification, robot.yaml.

The clock is frozen by giving the runner and the plans a fixed "now"; the runs themselves are
real ``python -m scheduler run-job`` processes against a real SQLite run log, the lock is held
and killed in a real process, and mail goes through a real SMTP conversation on a free port.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import socketserver
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from rpa_core.errors import ScenarioError
from rpa_core.running.locks import LockHeld, RunLocks, named_lock, run_scope
from rpa_core.scheduling.calendar_jp import JST, BusinessCalendar, Plan, ScheduleError, parse_schedule
from rpa_core.scheduling.robot_file import load_robot
from rpa_core.store.runlog import RunLog, runs
from rpa_core.store.schedule_log import ScheduleLog
from scheduler import Runner, scheduler_cli

D = dt.date
ROBOSAN = Path(sys.executable).parent / "robosan"


def jst(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=JST)


def days(plan: Plan, start: str, n: int) -> list[tuple[str, tuple[D, ...]]]:
    return [(r.at.strftime("%m-%d %H:%M"), r.moved_from) for r in plan.next_runs(jst(start), n)]


WEEKDAY = parse_schedule(at="every weekday 07:30")


# -- the calendar ----------------------------------------------------------------------
def test_golden_week_2026_with_the_substitute_holiday() -> None:
    cal = BusinessCalendar()
    assert "振替休日" in (cal.closed_reason(D(2026, 5, 6)) or "")
    assert days(Plan(WEEKDAY, cal), "2026-04-28 00:00", 6) == [
        ("04-28 07:30", ()),
        ("04-30 07:30", (D(2026, 4, 29),)),  # 昭和の日 (Wed) moves to Thursday, which runs once
        ("05-01 07:30", ()),
        ("05-07 07:30", (D(2026, 5, 4), D(2026, 5, 5), D(2026, 5, 6))),  # みどりの日, こどもの日, 振替休日
        ("05-08 07:30", ()),
        ("05-11 07:30", ()),
    ]
    skip = Plan(WEEKDAY, BusinessCalendar(if_closed="skip"))
    assert days(skip, "2026-05-01 08:00", 2) == [("05-07 07:30", ()), ("05-08 07:30", ())]
    _, skipped = skip.window(jst("2026-05-01 08:00"), jst("2026-05-07 00:00"))
    assert [s.at.day for s in skipped] == [4, 5, 6]


def test_year_end_holidays_are_closed() -> None:
    cal = BusinessCalendar()
    for day in (D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 2), D(2027, 1, 3)):
        assert cal.closed_reason(day) == "年末年始"
    assert days(Plan(WEEKDAY, cal), "2026-12-25 00:00", 3) == [
        ("12-25 07:30", ()),
        ("12-28 07:30", ()),
        ("01-04 07:30", (D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 1))),
    ]
    monthly = Plan(parse_schedule(at="every month 1st 08:00"), cal)
    assert days(monthly, "2026-12-15 00:00", 1) == [("01-04 08:00", (D(2027, 1, 1),))]
    # a start inside the closed stretch still sees the runs moved past it
    assert days(Plan(WEEKDAY, cal), "2027-01-02 00:00", 1) == [
        ("01-04 07:30", (D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 1)))
    ]


def test_extra_closed_and_open_days() -> None:
    cal = BusinessCalendar(closed=frozenset({D(2026, 8, 14)}), open=frozenset({D(2026, 5, 6)}))
    assert days(Plan(WEEKDAY, cal), "2026-05-06 00:00", 1) == [
        ("05-06 07:30", (D(2026, 5, 4), D(2026, 5, 5)))
    ]
    assert days(Plan(WEEKDAY, cal), "2026-08-14 00:00", 1) == [("08-17 07:30", (D(2026, 8, 14),))]
    every_day = Plan(parse_schedule(at="every day 06:00"), BusinessCalendar(business_days=False))
    assert [r.at.day for r in every_day.next_runs(jst("2026-05-02 00:00"), 3)] == [2, 3, 4]


def test_cron_has_standard_meaning() -> None:
    open_days = BusinessCalendar(business_days=False)

    def weekdays(cron: str, n: int = 7) -> list[int]:
        return [
            r.at.isoweekday() % 7
            for r in Plan(parse_schedule(cron=cron), open_days).next_runs(jst("2026-06-01 00:00"), n)
        ]

    assert weekdays("0 9 * * 0", 2) == [0, 0]  # 0 = Sunday, not Monday as in APScheduler
    assert weekdays("0 9 * * 7", 2) == [0, 0]
    assert weekdays("30 7 * * 1-5", 5) == [1, 2, 3, 4, 5]
    assert weekdays("30 7 * * 5-0", 3) == [5, 6, 0]
    assert weekdays("30 7 * * sat,sun", 2) == [6, 0]
    assert days(
        Plan(parse_schedule(cron="30 7 * * mon-fri"), BusinessCalendar()), "2026-04-28 00:00", 6
    ) == days(Plan(WEEKDAY, BusinessCalendar()), "2026-04-28 00:00", 6)
    either = Plan(parse_schedule(cron="0 9 1 * mon"), open_days).next_runs(jst("2026-06-02 00:00"), 3)
    assert [r.at.day for r in either] == [8, 15, 22]  # Mondays, and the 1st (July 1st comes later)
    assert [
        r.at.day
        for r in Plan(parse_schedule(cron="0 9 1 * mon"), open_days).next_runs(jst("2026-06-23 00:00"), 2)
    ] == [29, 1]
    for bad in ("30 7 * *", "30 7 * * 8", "61 7 * * *", "30 7 * * fri-mon"):
        with pytest.raises(ScheduleError):
            parse_schedule(cron=bad)


def test_plain_schedules_in_japanese() -> None:
    cal = BusinessCalendar(business_days=False)
    first = Plan(parse_schedule(at="毎月1日 08:00"), cal).next_runs(jst("2026-06-02 00:00"), 1)[0]
    assert first.at == jst("2026-07-01 08:00")
    assert Plan(parse_schedule(at="平日 07:30"), cal).next_runs(jst("2026-06-06 00:00"), 1)[0].at == jst(
        "2026-06-08 07:30"
    )
    assert Plan(parse_schedule(at="every mon,thu 09:00"), cal).next_runs(jst("2026-06-02 00:00"), 2)[
        1
    ].at == jst("2026-06-08 09:00")
    assert Plan(parse_schedule(at="every month last 17:00"), cal).next_runs(jst("2026-02-02 00:00"), 1)[
        0
    ].at == jst("2026-02-28 17:00")
    for bad in ("every weekdya 07:30", "every day 25:00", "07:30", "every month 32nd 08:00"):
        with pytest.raises(ScheduleError):
            parse_schedule(at=bad)


# -- robot files -------------------------------------------------------------------------
SCENARIO = """
    name: 特別徴収 異動届の取込
    department: 市民部/市民税課/特別徴収係
    baseline: {minutes_per_run: 30}
    inputs:
      msg: {type: str, default: おはようございます}
    steps:
      - log: "{{ inputs.msg }}"
"""
FAILING = """
    name: 失敗する業務
    steps:
      - fail: 基幹系システムに接続できません
"""


def write(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def robot_dir(tmp_path: Path) -> Path:
    write(tmp_path / "scenarios" / "tokucho" / "scenario.yaml", SCENARIO)
    write(tmp_path / "scenarios" / "broken" / "scenario.yaml", FAILING)
    return tmp_path


def robot_file(folder: Path, jobs: str, notify: str = "", calendar: str = "{business_days: true}") -> Path:
    return write(
        folder / "robot.yaml",
        f"robot: 市民税課ロボット1号\ncalendar: {calendar}\n{notify}jobs:\n"
        + textwrap.indent(textwrap.dedent(jobs).strip("\n"), "  ")
        + "\n",
    )


def test_robot_file_errors_name_file_and_line(robot_dir: Path) -> None:
    path = robot_file(
        robot_dir,
        """
        - scenario: scenarios/tokucho/scenario.yaml
          at: every weekdya 07:30
          inputs: {mgs: こんにちは}
          grace: 2 hours
        - scenario: scenarios/none/scenario.yaml
          cron: "30 7 * * mon-fri"
          retries: 3
    """,
        calendar="{busines_days: true, closed: [2026-08-14], if_closed: later}",
    )
    with pytest.raises(ScenarioError) as err:
        load_robot(path)
    lines = err.value.render("ja").splitlines()
    problems = [line for line in lines if line.startswith(str(path))]
    assert [p.split(": ", 1)[0].removeprefix(str(path)) for p in problems] == [
        ":2:12",
        ":2:54",
        ":5:5",
        ":6:14",
        ":7:5",
        ":8:5",
        ":10:5",
    ]
    text_ja = "\n".join(lines)
    assert "「busines_days」は calendar には書けません。「business_days」のことですか?" in text_ja
    assert "実行時刻「every weekdya 07:30」が読めません。" in text_ja
    assert "入力「mgs」はこのシナリオにありません" in text_ja
    assert "ファイルが見つかりません: scenarios/none/scenario.yaml" in text_ja
    text_en = err.value.render("en")
    assert "'retries' is not valid in jobs." in text_en and "Cannot read the duration '2 hours'" in text_en


def test_scheduler_validate_and_next_commands(robot_dir: Path) -> None:
    path = robot_file(
        robot_dir,
        """
        - scenario: scenarios/tokucho/scenario.yaml
          at: every weekday 07:30
        - name: 月初の取込
          scenario: scenarios/tokucho/scenario.yaml
          cron: "0 8 1 * *"
    """,
        calendar="{business_days: true, closed: [2026-08-14], if_closed: next_business_day}",
    )
    cli = CliRunner()
    ok = cli.invoke(scheduler_cli, ["validate", str(path)])
    assert ok.exit_code == 0 and "2 件の仕事" in ok.output
    out = cli.invoke(scheduler_cli, ["next", str(path), "--from", "2026-05-01", "--count", "3"])
    assert out.exit_code == 0, out.output
    lines = [line.strip() for line in out.output.splitlines() if line.strip()]
    assert lines[0] == "市民税課ロボット1号: 次の実行予定(2026-05-01(金) 00:00 から)"
    assert lines[1:8] == [
        "scenarios/tokucho/scenario.yaml  (every weekday 07:30)",
        "2026-05-01(金) 07:30",
        "2026-05-07(木) 07:30  ← 2026-05-04(月), 2026-05-05(火), 2026-05-06(水) の分",
        "2026-05-08(金) 07:30",
        "月初の取込  (cron: 0 8 1 * *)",
        "2026-05-01(金) 08:00",
        "2026-06-01(月) 08:00",
    ]
    en = cli.invoke(scheduler_cli, ["next", str(path), "--from", "2026-08-13", "-n", "2", "--lang", "en"])
    assert "2026-08-17 (Mon) 07:30  ← moved from 2026-08-14 (Fri)" in en.output
    bad = cli.invoke(scheduler_cli, ["next", str(path), "--from", "2026/08/13", "--lang", "ja"])
    assert bad.exit_code == 2 and "日付「2026/08/13」が読めません" in bad.output


# -- missed runs ---------------------------------------------------------------------------
@pytest.fixture
def log(tmp_path: Path) -> Iterator[RunLog]:
    runlog = RunLog(f"sqlite:///{tmp_path / 'runlog.db'}")
    yield runlog
    runlog.close()


def runner_at(robot: Path, log: RunLog, home: Path, when: str) -> Runner:
    return Runner(load_robot(robot), log, home=home, clock=lambda: jst(when), echo=lambda _line: None)


def test_missed_run_is_caught_up_once(robot_dir: Path, log: RunLog, robosan_home: Path) -> None:
    path = robot_file(
        robot_dir,
        """
        - scenario: scenarios/tokucho/scenario.yaml
          at: every weekday 07:30
          inputs: {msg: 取り戻し実行}
          grace: 2h
    """,
    )
    assert runner_at(path, log, robosan_home, "2026-04-30 18:00").catch_up() == []  # first start: nothing
    # the PC was off from Thursday evening until after Golden Week: 5/1 and 5/7 were planned
    runner = runner_at(path, log, robosan_home, "2026-05-07 08:10")
    due = runner.catch_up()
    assert [(job.id, planned) for job, planned in due] == [
        ("scenarios/tokucho/scenario.yaml", jst("2026-05-07 07:30"))
    ]
    for job, planned in due:
        assert runner.execute(job, planned, "catch up")["status"] == "succeeded"
    assert runner.catch_up() == []  # once only
    assert runner_at(path, log, robosan_home, "2026-05-07 09:00").catch_up() == []
    events = runner.state.events()
    assert [(e.kind, e.planned_at) for e in reversed(events)] == [
        ("missed", dt.datetime(2026, 4, 30, 22, 30)),  # 5/1 07:30 JST: coalesced
        ("ran", dt.datetime(2026, 5, 6, 22, 30)),
    ]
    with log.engine.connect() as conn:
        rows = list(conn.execute(select(runs.c.status, runs.c.trigger, runs.c.inputs)))
    assert rows == [("succeeded", "schedule", {"msg": "取り戻し実行"})]


def test_missed_beyond_grace_is_logged_not_run(robot_dir: Path, log: RunLog, robosan_home: Path) -> None:
    path = robot_file(
        robot_dir,
        """
        - scenario: scenarios/tokucho/scenario.yaml
          at: every month 1st 08:00
          grace: 30m
    """,
    )
    runner_at(path, log, robosan_home, "2026-05-31 12:00").catch_up()
    runner = runner_at(path, log, robosan_home, "2026-06-01 08:31")
    assert runner.catch_up() == []
    (event,) = runner.state.events()
    assert (event.kind, event.planned_at, event.message) == (
        "missed",
        dt.datetime(2026, 5, 31, 23, 0),
        "PCが休止していたか、ロボットが止まっていたため実行されませんでした(08:00 の予定)。"
        "猶予(30m)を過ぎていたので取り戻しません",
    )
    assert runner.catch_up() == []
    with log.engine.connect() as conn:
        assert list(conn.execute(select(runs.c.id))) == []


# -- locks -----------------------------------------------------------------------------------
HOLD = (
    "import sys, time\n"
    "from rpa_core.language.parser import load_scenario\n"
    "from rpa_core.running.locks import RunLocks, run_scope\n"
    "from rpa_core.store.runlog import RunLog\n"
    "name = load_scenario(sys.argv[1]).name\n"
    "with RunLocks(RunLog(sys.argv[2]).engine, name) as locks:\n"
    "    locks.hold(run_scope(name, {}), name)\n"
    "    print('held', flush=True); time.sleep(120)\n"
)


@pytest.fixture
def holder(robot_dir: Path, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the tokucho scenario's run lock in the run log ``tmp_path/runlog.db``."""
    scenario = robot_dir / "scenarios" / "tokucho" / "scenario.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(scenario), str(tmp_path / "runlog.db")], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    proc.kill()
    proc.wait()


def test_second_runner_refused_and_dead_holders_lock_reclaimed(
    robot_dir: Path, log: RunLog, holder: subprocess.Popen[str]
) -> None:
    from rpa_core.language.parser import load_scenario

    name = load_scenario(robot_dir / "scenarios" / "tokucho" / "scenario.yaml").name
    scope = run_scope(name, {})
    with RunLocks(log.engine, name) as locks:
        with pytest.raises(LockHeld) as err:
            locks.hold(scope, name)
        assert err.value.holder.pid == holder.pid and err.value.holder.host == socket.gethostname()
        assert f"プロセス {holder.pid}" in err.value.message("ja")
        assert f"process {holder.pid}" in err.value.message("en")
        holder.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        holder.wait()
        left = locks.store.holder(scope)
        assert left is not None and left.pid == holder.pid  # a killed holder cleans nothing up
        locks.hold(scope, name)  # same PC, its process gone: taken over at once
        locks.hold(scope, name)  # re-entrant for the run that holds it
        seen: list[BaseException] = []
        other = threading.Thread(target=lambda: _try_lock(log, name, scope, seen))
        other.start()
        other.join()
        assert isinstance(seen[0], LockHeld) and seen[0].holder.pid == os.getpid()
        locks.release(scope)
        assert locks.store.holder(scope) is not None  # still held once
    assert locks.store.holder(scope) is None  # released on the way out


def _try_lock(log: RunLog, name: str, scope: str, seen: list[BaseException]) -> None:
    try:
        with RunLocks(log.engine, name) as other:  # another run of this very process
            other.hold(scope, name)
            seen.append(AssertionError("another run got the lock"))
    except LockHeld as exc:
        seen.append(exc)


def test_a_robot_files_scheduler_runs_once_on_this_pc(robot_dir: Path, robosan_home: Path) -> None:
    key = f"robot:{robot_dir / 'robot.yaml'}"
    with named_lock(key, "robot.yaml", robosan_home), named_lock(key, "robot.yaml", robosan_home):  # re-entrant
        seen: list[BaseException] = []

        def other() -> None:
            try:
                with named_lock(key, "robot.yaml", robosan_home):
                    seen.append(AssertionError("another thread got the lock"))
            except LockHeld as exc:
                seen.append(exc)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert isinstance(seen[0], LockHeld) and "robot.yaml" in seen[0].message("ja")
    with named_lock(key, "robot.yaml", robosan_home):
        pass


# -- notification ------------------------------------------------------------------------------
class _SMTPHandler(socketserver.StreamRequestHandler):
    """Enough of RFC 5321 for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.mails.append(message_from_bytes(data, policy=default_policy))  # type: ignore[attr-defined]
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[Any]]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.mails = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], server.mails  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_failed_and_locked_runs_notify_by_mail_and_are_logged(
    robot_dir: Path,
    log: RunLog,
    robosan_home: Path,
    smtp_server: tuple[int, list[Any]],
    holder: subprocess.Popen[str],
) -> None:
    port, mails = smtp_server
    path = robot_file(
        robot_dir,
        """
        - scenario: scenarios/broken/scenario.yaml
          at: every weekday 07:30
        - scenario: scenarios/tokucho/scenario.yaml
          at: every weekday 07:30
          grace: 0s
    """,
        notify=f"notify: {{mail_to: [zeimu@city.example.lg.jp], mail_from: robot1@city.example.lg.jp, "
        f"smtp_host: 127.0.0.1, smtp_port: {port}, events: [failed, missed, locked]}}\n",
    )
    runner = runner_at(path, log, robosan_home, "2026-06-01 07:30")
    broken, tokucho = runner.robot.jobs
    assert runner.execute(broken, jst("2026-06-01 07:30"))["status"] == "failed"
    assert runner.execute(tokucho, jst("2026-06-01 07:30"))["status"] == "locked"  # the holder has it
    kinds = {
        e.job: (e.kind, e.status, e.run_id is not None)
        for e in ScheduleLog(log, "市民税課ロボット1号").events()
    }
    assert kinds == {
        "scenarios/broken/scenario.yaml": ("failed", "failed", True),
        "scenarios/tokucho/scenario.yaml": ("locked", "locked", False),
    }
    assert [m["Subject"] for m in mails] == [
        "[robosan] 市民税課ロボット1号: scenarios/broken/scenario.yaml 失敗しました",
        "[robosan] 市民税課ロボット1号: scenarios/tokucho/scenario.yaml 他の実行が使用中のため実行しませんでした",
    ]
    assert mails[0]["To"] == "zeimu@city.example.lg.jp"
    assert "基幹系システムに接続できません" in mails[0].get_body().get_content()
    assert f"プロセス {holder.pid}" in mails[1].get_body().get_content()


def test_a_night_of_missed_runs_is_one_mail_listing_each(
    robot_dir: Path, log: RunLog, robosan_home: Path, smtp_server: tuple[int, list[Any]]
) -> None:
    port, mails = smtp_server
    path = robot_file(
        robot_dir,
        """
        - scenario: scenarios/tokucho/scenario.yaml
          cron: "*/10 * * * *"
          grace: 5m
    """,
        notify=f"notify: {{mail_to: zeimu@city.example.lg.jp, mail_from: robot1@city.example.lg.jp, "
        f"smtp_host: 127.0.0.1, smtp_port: {port}, events: [missed]}}\n",
        calendar="{business_days: false}",
    )
    runner_at(path, log, robosan_home, "2026-06-01 00:55").catch_up()
    runner = runner_at(path, log, robosan_home, "2026-06-01 01:47")
    assert runner.catch_up() == []  # 01:40 is beyond the 5 minutes of grace
    assert [e.kind for e in runner.state.events()] == ["missed"] * 5
    (mail,) = mails
    body = mail.get_body().get_content()
    assert mail["Subject"] == "[robosan] 市民税課ロボット1号: scenarios/tokucho/scenario.yaml 実行されませんでした"
    slept = "PCが休止していたか、ロボットが止まっていたため実行されませんでした"
    assert [line for line in body.splitlines() if "の予定" in line] == [
        *(f"{slept}({t} の予定)" for t in ("01:00", "01:10", "01:20", "01:30")),
        f"{slept}(01:40 の予定)。猶予(5m)を過ぎていたので取り戻しません",
    ]


def test_mail_server_down_is_logged_and_the_runner_goes_on(
    robot_dir: Path, log: RunLog, robosan_home: Path
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    path = robot_file(
        robot_dir,
        """
        - scenario: scenarios/tokucho/scenario.yaml
          at: every day 07:30
          grace: 10m
    """,
        notify=f"notify: {{mail_to: a@city.example.lg.jp, mail_from: b@city.example.lg.jp, "
        f"smtp_host: 127.0.0.1, smtp_port: {closed_port}}}\n",
    )
    runner_at(path, log, robosan_home, "2026-06-01 06:00").catch_up()
    runner = runner_at(path, log, robosan_home, "2026-06-01 08:00")
    assert runner.catch_up() == []
    assert [e.kind for e in reversed(runner.state.events())] == ["missed", "mail_failed"]


# -- the real runner, end to end -----------------------------------------------------------------
def test_scheduler_start_catches_up_and_a_second_runner_is_refused(robot_dir: Path, tmp_path: Path) -> None:
    path = robot_file(
        robot_dir,
        """
        - scenario: scenarios/tokucho/scenario.yaml
          cron: "* * * * *"
          grace: 1h
    """,
        calendar="{business_days: false}",
    )
    db = tmp_path / "e2e.db"
    home = tmp_path / "e2e-home"
    # Start early in a minute: the job runs every minute, and a regular run at the next minute (on a
    # loaded machine the test can take 20 s) would be a second "ran" besides the catch-up this test checks.
    second = dt.datetime.now(JST).second
    if second > 25:
        time.sleep(61 - second)
    log = RunLog(f"sqlite:///{db}")
    Runner(
        load_robot(path),
        log,
        home=home,
        clock=lambda: dt.datetime.now(JST) - dt.timedelta(minutes=5),
        echo=lambda _line: None,
    ).catch_up()  # the runner last ran five minutes ago
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "en"}
    cmd = [str(ROBOSAN), "scheduler", "start", str(path), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        state = ScheduleLog(log, "市民税課ロボット1号")
        deadline = time.monotonic() + 60
        while not any(e.kind == "ran" for e in state.events()) and time.monotonic() < deadline:
            assert proc.poll() is None
            time.sleep(0.3)
        second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
        assert second.returncode == 2
        assert f"process {proc.pid}" in second.stderr and "robot.yaml" in second.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=30)[0]
    kinds = [e.kind for e in reversed(state.events())]
    assert kinds[-1] == "ran" and set(kinds[:-1]) <= {"missed"} and len(kinds) >= 4, output
    assert "started (1 job(s))" in output and "ran (succeeded, run 1) caught up at start-up" in output
    assert "市民税課ロボット1号 stopped." in output
    log.close()
