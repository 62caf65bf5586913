"""``robosan purge`` as the 情報政策課 uses it (issue 13): real runs, a real SQLite log, real processes.

Two old runs (500 days back) and one recent run of a 住民票 scenario over real workbooks; the purge
with a 400-day period must remove the old residents' names and addresses from the log file's bytes and
the old run folder, keep the recent run and the unfinished item whole, leave the time-saved report of
the old period printing the same figures, and record who purged what.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rpa_core.store.runlog import RunLog
from tests.support.purge_seed import SCENARIO, age, write_requests

ROBOSAN = Path(sys.executable).parent / "robosan"
JST = dt.timezone(dt.timedelta(hours=9))
OLD_NAMES = ("花巻一郎", "北上春子")  # the old, finished run: must vanish
OLD_KEPT = "遠野三郎"  # the old run's failed row (no 住所): unfinished work, kept
NEW_NAMES = ("奥州夏美",)  # the recent run: kept


def robosan(*args: str, home: Path, lang: str = "ja", stdin: str | None = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": lang, "COLUMNS": "200"}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run([str(ROBOSAN), *args], capture_output=True, text=True, env=env, timeout=120, input=stdin)


@pytest.fixture(scope="module")
def _aged_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once (three real runs): run 1 (all done) and run 2 (one done, one failed) 500 days old, run 3 new."""
    root = tmp_path_factory.mktemp("purge")
    home = root / "home"
    scenario = root / "juminhyo" / "scenario.yaml"
    scenario.parent.mkdir(parents=True)
    scenario.write_text(SCENARIO, encoding="utf-8")
    a = write_requests(root / "juminhyo" / "a.xlsx", [("R-0001", "花巻一郎", "岩手県花巻市若葉町3-11")])
    b = write_requests(root / "juminhyo" / "b.xlsx", [("R-0101", "北上春子", "岩手県北上市本通り1-2"),
                                                     ("R-0102", "遠野三郎", "")])
    c = write_requests(root / "juminhyo" / "c.xlsx", [("R-0201", "奥州夏美", "岩手県奥州市水沢大手町1-1")])
    for book, code in ((a, 0), (b, 1), (c, 0)):
        res = robosan("run", str(scenario), "--input", f"file={book}", home=home)
        assert res.returncode == code, res.stdout + res.stderr
    log = RunLog(str(home / "runlog.db"))
    age(log, 1, 500, home)
    age(log, 2, 500, home)
    with log.engine.connect() as conn:  # one file to copy: the write-ahead log folded into the database
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    log.close()
    return home


@pytest.fixture
def aged_log(_aged_template: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(robosan home, scenario folder): a fresh copy of the aged log and its run folders (file times kept)."""
    home = tmp_path / "home"
    shutil.copytree(_aged_template, home)
    return home, _aged_template.parent / "juminhyo"


def _db_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in home.glob("runlog.db*"))


def _holds(data: bytes, name: str) -> bool:
    """The name in the log's bytes as text, or as a JSON column stores it (\\u escapes)."""
    return name.encode() in data or json.dumps(name)[1:-1].encode() in data


def _old_period() -> tuple[str, str]:
    today = dt.datetime.now(JST).date()
    return str(today - dt.timedelta(days=520)), str(today - dt.timedelta(days=480))


def test_purge_removes_old_personal_data_and_keeps_report_recent_and_unfinished(aged_log: tuple[Path, Path]) -> None:
    home, _ = aged_log
    start, end = _old_period()
    report_before = robosan("report", "--from", start, "--to", end, home=home)
    assert report_before.returncode == 0 and "住民票交付記録の転記" in report_before.stdout
    assert all(_holds(_db_bytes(home), n) for n in (*OLD_NAMES, OLD_KEPT, *NEW_NAMES))
    assert (home / "runs" / "000001" / "result.xlsx").exists()

    res = robosan("purge", "--older-than", "400d", "--yes", "--reason", "文書管理規程による定期削除", home=home)
    assert res.returncode == 0, res.stdout + res.stderr
    cutoff_day = dt.datetime.now(JST).date() - dt.timedelta(days=400)
    assert f"{cutoff_day} 0:00(日本時間)より前" in res.stdout
    assert "処理対象の結果・メッセージ" in res.stdout and "削除の記録を残しました" in res.stdout
    assert "未完了" in res.stdout and "Traceback" not in res.stderr

    data = _db_bytes(home)
    for name in OLD_NAMES:  # not in any table, nor in freed pages or the write-ahead log
        assert not _holds(data, name), name
    assert not (home / "runs" / "000001").exists()  # the old finished run's folder (result.xlsx…) is gone
    assert (home / "runs" / "000002" / "result.xlsx").exists()  # run 2 still holds the unfinished row
    assert (home / "runs" / "000003" / "result.xlsx").exists()  # recent
    with sqlite3.connect(home / "runlog.db") as db:
        items = {k: (s, m, r) for k, s, m, r in db.execute("SELECT key, status, message, result FROM items")}
        assert items["R-0001"][0] == "done" and items["R-0001"][2] is None
        assert items["R-0101"][0] == "done" and items["R-0101"][2] is None
        assert items["R-0102"][0] == "failed" and OLD_KEPT in items["R-0102"][1]  # unfinished: kept whole
        assert json.loads(items["R-0201"][2])["氏名"] == NEW_NAMES[0]  # recent: kept
        assert db.execute("SELECT inputs, message FROM runs WHERE id = 1").fetchone() == ("{}", None)
        assert db.execute("SELECT count(*) FROM steps WHERE run_id = 1 AND message IS NOT NULL").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM steps WHERE run_id = 3 AND message IS NOT NULL").fetchone()[0] > 0
        actor, host, trigger, older_than, counts, reason = db.execute(
            "SELECT actor, host, trigger, older_than, counts, reason FROM purges").fetchone()
    counts = json.loads(counts)
    assert actor and host and trigger == "manual" and reason == "文書管理規程による定期削除"
    assert older_than.startswith(str(cutoff_day - dt.timedelta(days=1)))  # midnight JST = 15:00 UTC the day before
    assert counts["complete"] is True and counts["items"] == 2 and counts["runs"] == 1 and counts["files"] >= 1
    assert counts["kept_unfinished"] == 1

    report_after = robosan("report", "--from", start, "--to", end, home=home)
    assert report_after.stdout == report_before.stdout  # the same hours for the old period

    listed = robosan("purge", "--list", home=home)
    assert listed.returncode == 0 and "文書管理規程による定期削除" in listed.stdout and "手動" in listed.stdout

    again = robosan("purge", "--older-than", "400", "--yes", home=home)  # nothing left: recorded all the same
    assert again.returncode == 0
    with sqlite3.connect(home / "runlog.db") as db:
        assert db.execute("SELECT count(*) FROM purges").fetchone()[0] == 2


def test_dry_run_counts_and_changes_nothing(aged_log: tuple[Path, Path]) -> None:
    home, _ = aged_log
    with sqlite3.connect(home / "runlog.db") as db:
        before = list(db.iterdump())
    files_before = sorted(p for p in (home / "runs").rglob("*"))
    res = robosan("purge", "--older-than", "400d", "--dry-run", home=home)
    assert res.returncode == 0, res.stderr
    assert "何も削除していません" in res.stdout
    line = next(ln for ln in res.stdout.splitlines() if "処理対象の結果・メッセージ" in ln)
    assert line.rstrip().endswith("2 件")
    with sqlite3.connect(home / "runlog.db") as db:
        assert list(db.iterdump()) == before  # no purge row either
    assert sorted(p for p in (home / "runs").rglob("*")) == files_before


def test_refusals_are_clear_and_exit_2(tmp_path: Path) -> None:
    home = tmp_path / "home"
    short = robosan("purge", "--older-than", "7d", "--yes", home=home)
    assert short.returncode == 2 and "30 日" in short.stderr and "--force" in short.stderr
    months = robosan("purge", "--older-than", "13m", "--yes", home=home, lang="en")
    assert months.returncode == 2 and "in days" in months.stderr
    unasked = robosan("purge", "--older-than", "400d", home=home, stdin="")  # piped: nobody to confirm
    assert unasked.returncode == 2 and "--yes" in unasked.stderr
    missing = robosan("purge", home=home)
    assert missing.returncode == 2 and "--older-than" in missing.stderr
    for res in (short, months, unasked, missing):
        assert "Traceback" not in res.stderr
    with sqlite3.connect(home / "runlog.db") as db:
        assert db.execute("SELECT count(*) FROM purges").fetchone()[0] == 0
    forced = robosan("purge", "--older-than", "7d", "--force", "--yes", home=home)
    assert forced.returncode == 0, forced.stderr
    (home / "settings.yaml").write_text("retention: 13m\n", encoding="utf-8")  # the PC's own setting, broken
    broken = robosan("purge", "--yes", home=home)
    assert broken.returncode == 2 and str(home / "settings.yaml") in broken.stderr and "400d" in broken.stderr
    (home / "settings.yaml").write_text("retention: 400d\n", encoding="utf-8")
    from_settings = robosan("purge", "--yes", home=home)
    assert from_settings.returncode == 0 and "保存期間 400 日" in from_settings.stdout, from_settings.stderr


def test_a_locked_log_is_a_clear_refusal_and_nothing_half_done(aged_log: tuple[Path, Path]) -> None:
    from tests.store.test_locked_log import held_exclusive

    home, _ = aged_log
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "ROBOSAN_DB_WAIT": "1"}
    env.pop("ROBOSAN_DB", None)
    with held_exclusive(home / "runlog.db", 30):  # a SQLite viewer holds the log
        res = subprocess.run([str(ROBOSAN), "purge", "--older-than", "400d", "--yes"], capture_output=True,
                             text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "使用中" in res.stderr and "Traceback" not in res.stderr and "SELECT" not in res.stderr
    with sqlite3.connect(home / "runlog.db") as db:
        assert db.execute("SELECT count(*) FROM purges").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM items WHERE result IS NULL").fetchone()[0] == 0
    assert (home / "runs" / "000001").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX; the prompt is click's on Windows")
def test_at_a_terminal_it_asks_first_and_no_keeps_everything(aged_log: tuple[Path, Path]) -> None:
    home, _ = aged_log
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "COLUMNS": "200"}
    env.pop("ROBOSAN_DB", None)

    def at_terminal(answer: str) -> subprocess.CompletedProcess[str]:
        master, slave = os.openpty()
        try:
            os.write(master, answer.encode() + b"\n")
            return subprocess.run([str(ROBOSAN), "purge", "--older-than", "400d"], stdin=slave, capture_output=True,
                                  text=True, env=env, timeout=60)
        finally:
            os.close(master)
            os.close(slave)

    no = at_terminal("n")
    assert no.returncode == 0 and "よろしいですか" in no.stdout and "削除をやめました" in no.stdout, no.stdout + no.stderr
    assert "2 件" in no.stdout  # the counts were shown before the question
    with sqlite3.connect(home / "runlog.db") as db:
        assert db.execute("SELECT count(*) FROM purges").fetchone()[0] == 0
    yes = at_terminal("y")
    assert yes.returncode == 0 and "削除の記録を残しました" in yes.stdout, yes.stdout + yes.stderr
    with sqlite3.connect(home / "runlog.db") as db:
        assert db.execute("SELECT count(*) FROM purges").fetchone()[0] == 1
