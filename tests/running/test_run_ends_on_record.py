"""Issue 12, point 7 (runtime side): whatever escapes a run, the run row is closed with a status and a
ja/en message, the item being worked on stays in_progress for the next run, and result.xlsx is written.

Real parts: a real SQLite run log, real CSV files, real ``robosan`` processes (killed with SIGTERM,
or given a plug-in action whose library raises what ``except Exception`` does not catch).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rpa_core.errors import SkipItem
from rpa_core.registry import action

ROBOSAN = Path(sys.executable).parent / "robosan"
REPO = Path(__file__).resolve().parents[2]

CREDITORS = "番号,債権者名,備考\n1001,花巻商事株式会社,\n1002,北上運送有限会社,振込先の確認\x0c要\n"


@action("robust_test.signal", summary="テスト用: 繰り返しの外で skip_item を出す", summary_en="test: skip outside a loop")
def _raise_skip() -> None:
    raise SkipItem("対象外")


class LibraryTimeout(BaseException):  # like gevent.Timeout: a library error that is no Exception
    """What some libraries raise: it passes every ``except Exception`` on its way up."""


@action("robust_test.library_timeout", summary="テスト用: ライブラリの BaseException", summary_en="test: library error")
def _library_timeout(*, after: str = "") -> None:
    raise LibraryTimeout(f"timed out after {after}")


def _runs(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, status, message FROM runs ORDER BY id").fetchall()


def _items(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, status FROM items").fetchall())


def _book(path: Path) -> dict[str, list[list[Any]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def test_a_form_feed_in_a_csv_cell_that_reaches_a_message_closes_the_run_and_writes_the_workbook(
    tmp_path: Path, write_scenario: Callable[..., Path], run_file: Callable[..., Any]
) -> None:
    (tmp_path / "creditors.csv").write_text(CREDITORS, encoding="utf-8")
    path = write_scenario("""
        name: 債権者登録
        steps:
          - csv.read_rows: {file: creditors.csv}
            save_as: rows
          - for_each: "{{ rows }}"
            name: 債権者ごと
            as: row
            item_key: "{{ row.番号 }}"
            on_error: continue
            steps:
              - if: "{{ row.備考 }}"
                then:
                  - fail: "確認が必要です: {{ row.備考 }}"
    """)
    result = run_file(path)
    assert result.status == "partial"
    assert _items(tmp_path / "runlog.db") == {"1001": "done", "1002": "failed"}
    run_id, status, message = _runs(tmp_path / "runlog.db")[-1]
    assert (run_id, status) == (result.run_id, "partial")
    assert "制御文字" in message and "2 か所" in message  # the 備考 cell beside the row and the failure message
    book = _book(result.result_workbook)
    failed_row = book["処理結果"][2]
    assert failed_row[2:4] == ["1002", "失敗"]
    assert "振込先の確認\\x0c要" in failed_row[4]  # visible where it was, never silently dropped
    assert ["注意", "制御文字(改ページ・NUL など)が 2 か所あり、Excel に書けないため \\x0c のような表記に置き換えました。"
            "元のデータを確かめてください。"] in book["実行情報"]


def test_a_library_error_that_passes_except_exception_fails_the_run_and_leaves_the_item_for_verify(
    tmp_path: Path, write_scenario: Callable[..., Path], run_file: Callable[..., Any]
) -> None:
    path = write_scenario("""
        name: 支出伝票
        steps:
          - for_each: ["K-001", "K-002"]
            name: 伝票ごと
            item_key: "{{ item }}"
            steps:
              - robust_test.library_timeout: {after: "{{ item }}"}
                when: "{{ item == 'K-002' }}"
    """)
    result = run_file(path)
    assert result.status == "failed"
    assert "予期しない問題で実行を終えました(LibraryTimeout): timed out after K-002" in result.message
    assert _items(tmp_path / "runlog.db") == {"K-001": "done", "K-002": "in_progress"}
    assert _runs(tmp_path / "runlog.db")[-1][1] == "failed"
    rows = _book(result.result_workbook)["処理結果"]
    assert rows[2][2:4] == ["K-002", "処理中"] and "verify:" in rows[2][4]
    again = run_file(path)  # no verify: the item left in progress waits for a clerk, never runs twice
    assert _items(tmp_path / "runlog.db") == {"K-001": "done", "K-002": "needs_check"}
    assert again.status == "partial"


def test_a_loop_signal_where_no_item_loop_holds_it_fails_the_run_with_a_message(
    write_scenario: Callable[..., Path], run_file: Callable[..., Any]
) -> None:
    path = write_scenario("""
        name: 信号の試験
        steps:
          - robust_test.signal: {}
    """)
    result = run_file(path)
    assert result.status == "failed"
    assert "skip_item: はここでは使えない" in result.message and "対処" in result.message
    assert result.result_workbook is not None and result.result_workbook.exists()


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "COLUMNS": "200", **extra}
    env.pop("ROBOSAN_DB", None)
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM cannot be caught on Windows (TerminateProcess)")
def test_robosan_run_killed_with_sigterm_mid_loop_is_closed_as_stopped(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("番号,氏名\n1,花巻一郎\n2,北上花子\n3,遠野次郎\n", encoding="utf-8")
    scenario = tmp_path / "slow.yaml"
    scenario.write_text(textwrap.dedent("""
        name: 長い登録
        steps:
          - csv.read_rows: {file: list.csv}
            save_as: rows
          - for_each: "{{ rows }}"
            name: 人ごと
            as: row
            item_key: "{{ row.番号 }}"
            steps:
              - log: "開始 {{ row.氏名 }}"
              - wait: 30s
    """), encoding="utf-8")
    home = tmp_path / "home"
    proc = subprocess.Popen([str(ROBOSAN), "run", str(scenario), "--unattended"], env=_env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        while "開始 花巻一郎" not in proc.stdout.readline():
            pass
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in out + err and "中断しました" in err
    db = home / "runlog.db"
    (_run_id, status, message), = _runs(db)
    assert status == "stopped" and "SIGTERM を受けて中断しました" in message
    assert _items(db) == {"1": "in_progress"}
    rows = _book(home / "runs" / "000001" / "result.xlsx")["処理結果"]
    assert rows[1][2:4] == ["1", "処理中"]


def test_robosan_run_with_a_plug_in_whose_library_raises_closes_the_run(tmp_path: Path) -> None:
    plugin = tmp_path / "lib_plugin.py"
    plugin.write_text(textwrap.dedent('''
        from rpa_core.api import action

        class Cancelled(BaseException):
            """Like trio.Cancelled or gevent.Timeout: no Exception."""

        @action("libtest.call", summary="呼ぶ", summary_en="call")
        def call() -> None:
            raise Cancelled("the library gave up")
    '''), encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: ライブラリ試験\nsteps:\n  - log: 前\n  - libtest.call: {}\n", encoding="utf-8")
    launcher = (f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import lib_plugin; "
                "from rpa_core.cli.main import main; main()")
    home = tmp_path / "home"
    res = subprocess.run([sys.executable, "-c", launcher, "run", str(scenario)], env=_env(home),
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stdout + res.stderr
    assert "予期しない問題で実行を終えました(Cancelled): the library gave up" in res.stderr
    (_id, status, _msg), = _runs(home / "runlog.db")
    assert status == "failed"
    assert (home / "runs" / "000001" / "result.xlsx").exists()


def test_excel_write_rows_keeps_a_control_character_visible_and_says_so(
    tmp_path: Path, write_scenario: Callable[..., Path], run_file: Callable[..., Any]
) -> None:
    (tmp_path / "creditors.csv").write_text(CREDITORS, encoding="utf-8")
    path = write_scenario("""
        name: 債権者一覧
        steps:
          - csv.read_rows: {file: creditors.csv}
            save_as: rows
          - excel.write_rows: {file: out/一覧.xlsx, rows: "{{ rows }}", sheet: 一覧}
    """)
    result = run_file(path)
    assert result.status == "succeeded"
    written = _book(tmp_path / "out" / "一覧.xlsx")["一覧"]
    assert written[2][2] == "振込先の確認\\x0c要"
    assert any("制御文字(改ページ・NUL など)が 1 か所あり" in line for line in result.observer.lines)
