"""Issue 12, point 7: a run log locked by another program is waited for, within a bound, and never ends
in a raw SQL dump. Real ``robosan`` processes; the lock is a real SQLite ``BEGIN EXCLUSIVE`` held by
another connection (as a SQLite viewer or a backup tool would hold it).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from rpa_core.store.database import DEFAULT_BUSY_WAIT, busy_wait_seconds

ROBOSAN = Path(sys.executable).parent / "robosan"

SCENARIO = """
name: 事業所確認
steps:
  - log: 開始
  - wait: 1s
  - for_each: ["J-001", "J-002"]
    name: 事業所ごと
    item_key: "{{ item }}"
    steps:
      - log: "{{ item }}"
"""


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "COLUMNS": "200", **extra}
    env.pop("ROBOSAN_DB", None)
    return env


@contextmanager
def held_exclusive(db: Path, seconds: float) -> Iterator[threading.Event]:
    """Another connection holds ``BEGIN EXCLUSIVE`` on ``db`` for ``seconds`` (in a thread), or until
    the yielded event is set."""
    ready, release = threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN EXCLUSIVE")
        ready.set()
        release.wait(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield release
    finally:
        release.set()
        thread.join(10)


def _prepare(tmp_path: Path) -> tuple[Path, Path]:
    scenario = tmp_path / "check.yaml"
    scenario.write_text(textwrap.dedent(SCENARIO), encoding="utf-8")
    home = tmp_path / "home"
    first = subprocess.run([str(ROBOSAN), "run", str(scenario)], env=_env(home), capture_output=True, text=True,
                           timeout=60)
    assert first.returncode == 0, first.stderr  # the log exists (WAL mode) before another program locks it
    return scenario, home / "runlog.db"


def _statuses(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]


def test_the_wait_is_sixty_seconds_unless_robosan_db_wait_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROBOSAN_DB_WAIT", raising=False)
    assert busy_wait_seconds() == DEFAULT_BUSY_WAIT == 60.0
    monkeypatch.setenv("ROBOSAN_DB_WAIT", "2.5")
    assert busy_wait_seconds() == 2.5
    monkeypatch.setenv("ROBOSAN_DB_WAIT", "たくさん")
    assert busy_wait_seconds() == 60.0


def test_a_log_locked_beyond_the_bound_mid_run_ends_with_a_clear_message_and_exit_2(tmp_path: Path) -> None:
    scenario, db = _prepare(tmp_path)
    proc = subprocess.Popen([str(ROBOSAN), "run", str(scenario)], env=_env(db.parent, ROBOSAN_DB_WAIT="2"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert "開始" in proc.stdout.readline()  # the run row is written; the lock comes during the wait step
    with held_exclusive(db, 60.0):  # far beyond the bound: released when the run has ended
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, out + err
    assert f"実行記録 {db} は別のプログラムが使用中で、2 秒待っても書き込めませんでした。" in err
    assert "ROBOSAN_DB_WAIT" in err
    for word in ("Traceback", "INSERT", "UPDATE", "sqlalchemy", "OperationalError"):
        assert word not in out + err
    assert (db.parent / "runs" / "000002" / "result.xlsx").exists()  # written though the log was locked
    runs = subprocess.run([str(ROBOSAN), "runs"], env=_env(db.parent), capture_output=True, text=True, timeout=60)
    assert runs.returncode == 0, runs.stderr
    assert _statuses(db) == ["succeeded", "crashed"]  # never left "running" once its process is gone


@pytest.mark.slow
def test_a_log_locked_for_15_seconds_is_waited_for_and_the_run_succeeds(tmp_path: Path) -> None:
    scenario, db = _prepare(tmp_path)
    with held_exclusive(db, 15.0):
        t0 = time.monotonic()
        res = subprocess.run([str(ROBOSAN), "run", str(scenario)], env=_env(db.parent), capture_output=True,
                             text=True, timeout=120)
        took = time.monotonic() - t0
    assert res.returncode == 0, res.stdout + res.stderr
    assert took >= 10.0  # it waited for the lock rather than failing at SQLite's old 10 s
    assert "を別のプログラムが使用中です。空くまで最大 60 秒待ちます" in res.stderr
    assert _statuses(db) == ["succeeded", "succeeded"]


def test_a_write_refused_as_busy_before_the_wait_is_spent_is_retried(tmp_path: Path) -> None:
    """A transaction that read and then met another writer's commit is refused at once (a stale
    snapshot), not after the wait: the whole write is tried again rather than failing the run."""
    from rpa_core.store.database import StoreBusy
    from rpa_core.store.runlog import RunLog, _retried

    refusals = [StoreBusy("runlog.db", 60.0), StoreBusy("runlog.db", 60.0)]

    class Snapshot(RunLog):
        @_retried
        def add_artifact(self, run_id: int, kind: str, path: str, item_key: str | None = None) -> None:
            if refusals:
                raise refusals.pop()
            super().add_artifact(run_id, kind, path, item_key)

    log = Snapshot(str(tmp_path / "runlog.db"))
    run_id = log.start_run(scenario_name="事業所確認", scenario_file="s.yaml", dry_run=False, baseline={}, inputs={})
    log.add_artifact(run_id, "result_workbook", "result.xlsx")
    assert refusals == []
    with sqlite3.connect(tmp_path / "runlog.db") as conn:
        assert conn.execute("SELECT kind, path FROM artifacts").fetchall() == [("result_workbook", "result.xlsx")]
