"""Issue 13, "one run per scope, everywhere": the run lock lives in the run log's database, not on a file path.

Real parts: real ``robosan run`` processes started together against one shared SQLite log, a real .xlsx of
residents' accounts written here, and a target that counts commits: a text file each item's commit step
appends ``番号,氏名`` to (``file.append_text`` with ``commit: true``), so a second registration shows as a
second line. Each item then waits for a gate file the test creates, so a run can be held mid-loop (and killed
there with SIGKILL) at a moment the test chooses. The unit tests at the end drive the store's compare-and-swap
with two engines on one file, and a run that finds its lock taken over.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from rpa_core.running.locks import LockHeld, LockLost, RunLocks, loop_scope, run_scope
from rpa_core.store.run_locks import LockRow, RunLockStore
from rpa_core.store.runlog import RunLog, utcnow

ROBOSAN = Path(sys.executable).parent / "robosan"
OTHER_PC = "shiyakusho-2f-pc"  # the name a holder started "on another PC" reports (gethostname patched)
NOT_WINDOWS = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL does not exist on Windows")

ACCOUNTS = [
    ("K-0001", "花巻 一郎"),
    ("K-0002", "北上 花子"),
    ("K-0003", "遠野 次郎"),
    ("K-0004", "釜石 さくら"),
    ("K-0005", "宮古 健太"),
]

SCENARIO = """
name: 口座振替の登録
inputs:
  名簿: {type: path, required: true}
  登録先: {type: path, required: true}
  合図: {type: path, required: true}
steps:
  - excel.read_rows: {file: "{{ inputs.名簿 }}", sheet: 口座}
    save_as: rows
  - for_each: "{{ rows }}"
    name: 口座ごと
    as: row
    item_key: "{{ row.番号 }}"
%(batch)s    on_error: continue
    verify:
      - file.read_text: {path: "{{ inputs.登録先 }}"}
        save_as: 登録済み
      - assert: "{{ (row.番号 ~ ',') in 登録済み }}"
    steps:
      - fail: "{{ row.番号 }} の氏名が空です"
        when: "{{ not row.氏名 }}"
      - file.append_text: {path: "{{ inputs.登録先 }}", text: "{{ row.番号 }},{{ row.氏名 }}"}
        name: 口座を登録する
        commit: true
      - file.wait_for: {path: "{{ inputs.合図 }}", timeout: 120s, stable: 0s}
        name: 合図を待つ
"""

# ``robosan run`` in a process that reports another host name: a PC sharing the log over the network
ON_OTHER_PC = (
    "import socket, sys\n"
    f"socket.gethostname = lambda: {OTHER_PC!r}\n"
    "from rpa_core.cli.main import main\n"
    "sys.argv[0] = 'robosan'\n"
    "main()\n"
)


class Office:
    """The shared folder of a 課: the accounts workbook, the target register, the gate and one run log."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.shared = root / "共有"
        self.shared.mkdir(parents=True)
        self.book = self.shared / "口座一覧.xlsx"
        self.target = self.shared / "登録簿.txt"
        self.target.write_text("", encoding="utf-8")
        self.gate = self.shared / "合図.ok"
        self.db = root / "runlog.db"
        write_book(self.book, ACCOUNTS)

    def scenario(self, folder: str, batch: str = "") -> Path:
        path = self.root / folder / "scenario.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SCENARIO % {"batch": batch}, encoding="utf-8")
        return path

    def start(self, scenario: Path, home: str = "home", *, book: Path | None = None, on_other_pc: bool = False,
              stale: float | None = None, extra: tuple[str, ...] = ()) -> subprocess.Popen[str]:
        env = {**os.environ, "ROBOSAN_HOME": str(self.root / home), "ROBOSAN_LANG": "ja", "PYTHONIOENCODING": "utf-8"}
        env.pop("ROBOSAN_DB", None)
        if stale is not None:
            env["ROBOSAN_LOCK_STALE"] = f"{stale:g}"
        head = [sys.executable, "-c", ON_OTHER_PC] if on_other_pc else [str(ROBOSAN)]
        cmd = [*head, "run", str(scenario), "--db", str(self.db), "-i", f"名簿={book or self.book}",
               "-i", f"登録先={self.target}", "-i", f"合図={self.gate}", *extra]
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                text=True, encoding="utf-8", env=env, cwd=self.root)

    def run(self, scenario: Path, home: str = "home", **kwargs: Any) -> tuple[int, str]:
        proc = self.start(scenario, home, **kwargs)
        out, err = proc.communicate(timeout=120)
        return proc.returncode, out + err

    def commits(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.target.read_text(encoding="utf-8").splitlines():
            counts[line.split(",", 1)[0]] = counts.get(line.split(",", 1)[0], 0) + 1
        return counts

    def lock_rows(self) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute("SELECT scope, host, pid, heartbeat_at FROM run_locks ORDER BY scope").fetchall()

    def runs(self) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute("SELECT id, status, message FROM runs ORDER BY id").fetchall()


def write_book(path: Path, rows: list[tuple[str, str | None]]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "口座"
    ws.append(["番号", "氏名"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)


def wait_until(what: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def one_refused(a: subprocess.Popen[str], b: subprocess.Popen[str]) -> tuple[subprocess.Popen[str], str]:
    """Of two runs started together, the one refused (exit 2) and its output; the other waits at the gate."""
    wait_until(lambda: a.poll() is not None or b.poll() is not None)
    loser, winner = (a, b) if a.poll() is not None else (b, a)
    out, err = loser.communicate(timeout=30)
    assert loser.returncode == 2, out + err
    assert winner.poll() is None, "the other run should be working (waiting at the gate)"
    return winner, out + err


def finish(office: Office, proc: subprocess.Popen[str]) -> str:
    office.gate.write_text("ok", encoding="utf-8")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    return out + err


@pytest.fixture
def office(tmp_path: Path) -> Office:
    return Office(tmp_path / "市民税課")


def test_two_copies_with_one_name_and_one_input_file_on_a_fresh_log_one_runs_the_other_exits_2(
    office: Office,
) -> None:
    first, copy = office.scenario("原本"), office.scenario("コピー")  # 横展開: the same robot in two folders
    a, b = office.start(first), office.start(copy)
    winner, refused = one_refused(a, b)
    assert "別の実行が処理中です" in refused and f"プロセス {winner.pid}" in refused
    assert f"PC {socket.gethostname()}" in refused and "口座振替の登録" in refused
    assert "IntegrityError" not in refused and "Traceback" not in refused
    finish(office, winner)
    assert office.commits() == {key: 1 for key, _ in ACCOUNTS}
    assert [status for _, status, _ in office.runs()] == ["succeeded"]  # the refused copy wrote no run row
    assert office.lock_rows() == []  # released on the way out


def test_one_file_under_two_homes_sharing_one_log_reruns_the_failed_items_once(office: Office) -> None:
    scenario = office.scenario("シナリオ")
    write_book(office.book, [(key, None if key == "K-0003" else name) for key, name in ACCOUNTS])
    office.gate.write_text("ok", encoding="utf-8")
    code, out = office.run(scenario, "home-1")
    assert code == 1, out  # K-0003 failed before its commit step
    assert office.commits() == {key: 1 for key, _ in ACCOUNTS if key != "K-0003"}
    write_book(office.book, ACCOUNTS)  # the clerk fixed the name; two PCs' robots start the rerun together
    office.gate.unlink()
    a, b = office.start(scenario, "home-1"), office.start(scenario, "home-2")
    winner, refused = one_refused(a, b)
    assert f"プロセス {winner.pid}" in refused
    finish(office, winner)
    assert office.commits() == {key: 1 for key, _ in ACCOUNTS}  # 5 keys, 5 commits (19 for 10 before)


def test_a_batch_expression_serialises_runs_over_different_input_files_at_the_loop(office: Office) -> None:
    scenario = office.scenario("シナリオ", batch='    batch: "{{ today }}"\n')
    other_book = office.shared / "口座一覧_追加分.xlsx"
    write_book(other_book, ACCOUNTS)
    holder = office.start(scenario)
    wait_until(lambda: bool(office.commits()))  # in its loop, at the gate
    code, out = office.run(scenario, book=other_book)  # another file: passes the run lock, not the batch's
    assert code == 2, out
    assert "口座振替の登録 / 口座ごと" in out and f"プロセス {holder.pid}" in out
    runs = office.runs()
    assert runs[-1][1] == "failed" and f"プロセス {holder.pid}" in runs[-1][2]  # on the record, clearly
    code, out = office.run(scenario, book=other_book, extra=("--dry-run",))
    assert code == 0, out  # a dry run writes no ledger: it locks no batch (a clerk may check a change meanwhile)
    finish(office, holder)
    assert office.commits() == {key: 1 for key, _ in ACCOUNTS}


@NOT_WINDOWS
def test_a_killed_holder_on_this_pc_is_taken_over_at_once_and_nothing_is_committed_twice(office: Office) -> None:
    scenario = office.scenario("シナリオ")
    holder = office.start(scenario)
    wait_until(lambda: office.commits() == {"K-0001": 1})  # K-0001 committed, its item still in progress
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    rows = office.lock_rows()
    assert len(rows) == 2 and {r[2] for r in rows} == {holder.pid}  # run and loop locks left behind
    office.gate.write_text("ok", encoding="utf-8")
    code, out = office.run(scenario)
    assert code == 0, out  # its process is gone: no wait for the heartbeat to go stale
    assert office.commits() == {key: 1 for key, _ in ACCOUNTS}  # K-0001 verified in the register, not redone
    assert office.lock_rows() == []


@NOT_WINDOWS
def test_a_holder_on_another_pc_is_refused_while_it_beats_and_taken_over_once_its_beat_is_stale(
    office: Office,
) -> None:
    stale = 6.0  # the holder beats every 1.5 s: fresh beyond doubt while it runs, even on a busy machine
    scenario = office.scenario("シナリオ")
    holder = office.start(scenario, on_other_pc=True, stale=stale)
    wait_until(lambda: office.commits() == {"K-0001": 1})
    code, out = office.run(scenario, stale=stale)
    assert code == 2, out
    assert f"PC {OTHER_PC}" in out and f"プロセス {holder.pid}" in out
    holder.send_signal(signal.SIGKILL)  # the other PC loses power mid-item
    holder.wait()
    killed = utcnow()
    office.gate.write_text("ok", encoding="utf-8")
    code, out = office.run(scenario, stale=stale)
    beats = [dt.datetime.fromisoformat(str(r[3])) for r in office.lock_rows() if r[1] == OTHER_PC]
    last_beat = max(beats, default=None)  # run and loop locks beat separately: the later one decides
    if code == 2:  # its last heartbeat was still fresh: the pid of another PC proves nothing
        assert f"PC {OTHER_PC}" in out and last_beat is not None and utcnow() - killed < dt.timedelta(seconds=60)
        wait_until(lambda: (utcnow() - last_beat).total_seconds() > stale + 0.5, timeout=30)
        code, out = office.run(scenario, stale=stale)
    assert code == 0, out
    assert office.commits() == {key: 1 for key, _ in ACCOUNTS}
    assert office.lock_rows() == []


@NOT_WINDOWS
def test_a_stopped_run_releases_its_locks(office: Office) -> None:
    scenario = office.scenario("シナリオ")
    holder = office.start(scenario)
    wait_until(lambda: office.commits() == {"K-0001": 1} and len(office.lock_rows()) == 2)
    holder.send_signal(signal.SIGTERM)  # a service manager stops the robot
    out, err = holder.communicate(timeout=60)
    assert holder.returncode != 0 and office.runs()[-1][1] == "stopped", out + err
    assert office.lock_rows() == []  # released on the way out: the next run starts at once, on any PC


# -- the store's compare-and-swap, and a run that finds its lock taken over ------------------------------------
def _other_pc(store: RunLockStore, scope: str, beat_age: float) -> None:
    """Make ``scope``'s holder look like a process on another PC whose last beat was ``beat_age`` s ago."""
    from sqlalchemy import update

    from rpa_core.store.tables import run_locks

    with store.engine.begin() as conn:
        conn.execute(update(run_locks).where(run_locks.c.scope == scope).values(
            host=OTHER_PC, pid=4242, heartbeat_at=utcnow() - dt.timedelta(seconds=beat_age)))


def test_take_over_is_a_compare_and_swap_that_exactly_one_of_two_logs_wins(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    first, second, third = (RunLockStore(RunLog(str(db)).engine) for _ in range(3))  # as three PCs would
    scope = run_scope("口座振替の登録", {"名簿": tmp_path / "口座一覧.xlsx"})
    assert first.try_take(scope, "t1", "口座振替の登録", stale_after=60, live_tokens={"t1"}) is None
    held = second.try_take(scope, "t2", "口座振替の登録", stale_after=60, live_tokens={"t1"})
    assert isinstance(held, LockRow) and held.token == "t1"  # our own process, t1 alive: refused
    _other_pc(first, scope, beat_age=5)
    fresh = second.try_take(scope, "t2", "口座振替の登録", stale_after=60)
    assert fresh is not None and fresh.host == OTHER_PC  # another PC beating 5 s ago: refused
    _other_pc(first, scope, beat_age=120)
    dead = second.holder(scope)
    assert dead is not None
    wins = [second._swap(dead, "t2", "口座振替の登録", None), third._swap(dead, "t3", "口座振替の登録", None)]
    assert sorted(wins) == [False, True]  # both saw the same dead holder; one row, one winner
    winner = "t2" if wins[0] else "t3"
    assert first.beat("t1", [scope]) == set()  # the old holder's beat finds its lock gone
    first.release(scope, "t1")  # and its release cannot delete the new holder's row
    now = first.holder(scope)
    assert now is not None and now.token == winner


def test_a_run_whose_lock_was_taken_over_stops_before_its_next_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROBOSAN_LOCK_STALE", "0.8")  # beats every 0.2 s
    log = RunLog(str(tmp_path / "shared.db"))
    scope = loop_scope("口座振替の登録", "口座ごと", {"batch": "2026-12-08"}, paths=False)
    with RunLocks(log.engine, "口座振替の登録") as locks:
        locks.hold(scope, "口座振替の登録 / 口座ごと")
        locks.check()  # still ours
        _other_pc(locks.store, scope, beat_age=0)  # frozen past the limit: another PC took it over
        from sqlalchemy import update

        from rpa_core.store.tables import run_locks

        with log.engine.begin() as conn:
            conn.execute(update(run_locks).where(run_locks.c.scope == scope).values(token="another-run", run_id=77))
        wait_until(lambda: bool(locks._lost), timeout=10)
        with pytest.raises(LockLost) as lost:
            locks.check()
    assert isinstance(lost.value, LockHeld)  # exit 2, like a refusal
    ja, en = lost.value.render("ja"), lost.value.render("en")
    assert f"PC {OTHER_PC}" in ja and "実行番号 77" in ja and "次の件に進まずに止めました" in ja
    assert "stopped before its next item" in en and "run 77" in en
    assert RunLockStore(log.engine).holder(scope) is not None  # the new holder's row is left alone
    log.close()


def test_scopes_compare_names_in_nfkc_and_paths_resolved() -> None:
    here = Path("共有") / "口座一覧.xlsx"
    assert run_scope("ＫＯＵＺＡ登録", {"名簿": here}) == run_scope("kouza登録 ", {"名簿": Path.cwd() / here})
    assert run_scope("口座振替の登録", {"名簿": here}) != run_scope("口座振替の登録", {"名簿": "別.xlsx"})
    assert run_scope("口座振替の登録", {}) != run_scope("口座振替の登録2", {})
    by_day = loop_scope("口座振替の登録", "口座ごと", {"batch": "2026-12-08"}, paths=False)
    assert by_day != loop_scope("口座振替の登録", "口座ごと", {"batch": "2026-12-09"}, paths=False)
    assert len(run_scope("長" * 400, {"名簿": "x" * 400})) <= 500  # fits the scope column
    assert by_day.startswith("loop:口座振替の登録:口座ごと:")


def test_a_holder_on_this_pc_is_alive_exactly_while_its_own_process_runs() -> None:
    import psutil

    from rpa_core.store.run_locks import is_dead

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        started = psutil.Process(proc.pid).create_time()
        now = utcnow()

        def row(pid: int, proc_started: float | None, host: str = socket.gethostname()) -> LockRow:
            return LockRow("run:x", "t", "x", None, host, pid, proc_started, now, now - dt.timedelta(hours=1))

        assert not is_dead(row(proc.pid, started), stale_after=60)  # a beat an hour old: its process still runs
        assert is_dead(row(proc.pid, started - 100), stale_after=60)  # the pid now belongs to another process
        assert is_dead(row(os.getpid(), None), stale_after=60, live_tokens=())  # ours, but no live lock has it
        assert not is_dead(row(os.getpid(), None), stale_after=60, live_tokens={"t"})
        assert is_dead(row(proc.pid, started, host=OTHER_PC), stale_after=60)  # another PC: only the beat counts
    finally:
        proc.kill()
        proc.wait()
    assert is_dead(row(proc.pid, started), stale_after=60)
