"""Issue 12, point 8: the report claims only what the robot did, and says what it counted.

Each test drives the real ``robosan`` command in a subprocess over a real SQLite run log (and a
real .xlsx where the clerk edits data), then reads the terminal report a supervisor would read:

* a clerk's ``items settle … --as done`` is hand work (4 items, 2 by hand: 50 %, never 100 %),
  with ``settled_by`` and one ``item_events`` audit row per item;
* ``run --trial`` runs and their items are left out unless ``--include-trials``;
* the 債権者 task of 25 rows with 2 refusals, whose clerk fixed 12 mistyped codes over three runs:
  37 items and 14 by hand until the orphans are closed, then 25 and 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import create_engine, select

from rpa_core.store.ledger import clerk_identity
from rpa_core.store.tables import item_events, items, runs

ROBOSAN = Path(sys.executable).parent / "robosan"


def robosan(*args: str, home: Path, lang: str = "ja") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": lang, "COLUMNS": "200"}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run([str(ROBOSAN), *args, "--db", str(home / "log.db")], capture_output=True, text=True,
                          env=env, timeout=120, input="", check=False)


def scenario(folder: Path, body: str, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def line_of(report: str, label: str) -> list[str]:
    """The figures of the report line for ``label``: 件数, 従来, 削減, 削減率, ロボット, 手作業, エラー."""
    line = next(x for x in report.splitlines() if "│" in x and x.split("│")[1].strip() == label)
    return [c.strip() for c in line.split("│")[2:9]]


def rows_of(db: Path, query):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return list(conn.execute(query))
    finally:
        engine.dispose()


RECEIPTS = """\
    name: 口座振替依頼書の登録
    department: 税務部/収納課/収納係
    baseline: {minutes_per_item: 10, measured_on: 2026-04-15, note: 依頼書20枚を手で登録して計測}
    steps:
      - for_each:
          - {番号: "1", 氏名: 岩手 太郎}
          - {番号: "2", 氏名: 花巻 花子}
          - {番号: "3", 氏名: 北上 一郎}
          - {番号: "4", 氏名: 遠野 みどり}
        name: 依頼書ごと
        as: row
        item_key: "{{ row.番号 }}"
        steps:
          - manual: "{{ row.氏名 }} さんの依頼書は印影が不鮮明です。窓口で確認して登録してください"
            when: "{{ row.番号 in ['3', '4'] }}"
          - log: "{{ row.氏名 }} さんを登録しました"
    """


def test_items_a_clerk_settles_as_done_are_hand_work_not_savings(tmp_path: Path) -> None:
    path = scenario(tmp_path, RECEIPTS)
    ran = robosan("run", str(path), home=tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr  # unattended: two items handed to a clerk
    before = robosan("report", home=tmp_path)
    assert line_of(before.stdout, "口座振替依頼書の登録") == ["4", "0.7h", "0.3h", "50.0%", "0分", "2", "0"]

    settled = robosan("items", "settle", "3", "4", "--as", "done", "--reason", "窓口で本人確認のうえ手で登録",
                      home=tmp_path)
    assert settled.returncode == 0, settled.stderr
    assert "2 件を確定しました" in settled.stdout

    after = robosan("report", home=tmp_path)
    assert after.returncode == 0, after.stderr
    # 2 by the robot, 2 by a clerk: still 50 %, never 100 %
    assert line_of(after.stdout, "口座振替依頼書の登録") == ["4", "0.7h", "0.3h", "50.0%", "0分", "2", "0"]
    assert "完了のうち 2 件は職員が robosan items settle で確定したもので" in after.stdout
    assert "4 件(完了 4、失敗 0、手作業 0、要確認 0)" in after.stdout
    english = robosan("report", home=tmp_path, lang="en")
    assert "2 done item(s) were settled by a clerk" in english.stdout

    actor, host = clerk_identity()
    db = tmp_path / "log.db"
    by_key = {r.key: r.settled_by for r in rows_of(db, select(items.c.key, items.c.settled_by))}
    assert by_key == {"1": None, "2": None, "3": actor, "4": actor}
    events = rows_of(db, select(item_events).order_by(item_events.c.id))
    assert [(e.old_status, e.new_status, e.actor, e.host, e.reason) for e in events] == [
        ("manual", "done", actor, host, "窓口で本人確認のうえ手で登録")
    ] * 2


def _workbook(path: Path, sheet: str, header: list[str], rows: list[list[str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


SUBSIDIES = """\
    name: 補助金交付決定の入力
    department: 産業部/商工観光課/商工係
    baseline: {minutes_per_item: 12, measured_on: 2026-05-01}
    inputs:
      file: {type: path, default: 交付決定.xlsx}
    steps:
      - excel.read_rows: {file: "{{ inputs.file }}", sheet: 交付決定}
        save_as: rows
      - for_each: "{{ rows }}"
        name: 交付決定ごと
        as: row
        item_key: "{{ row.決定番号 }}"
        steps:
          - log: "{{ row.事業者名 }} の交付決定を入力しました"
    """

NOTICE = """\
    name: 督促状の発送準備
    department: 税務部/収納課/収納係
    baseline: {minutes_per_run: 30, measured_on: 2026-05-01}
    steps:
      - log: 督促状の宛名を確認しました
    """


def test_trial_runs_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    header = ["決定番号", "事業者名"]
    firms = [["R8-001", "有限会社 花巻精機"], ["R8-002", "株式会社 北上商会"], ["R8-003", "遠野観光 合同会社"]]
    book = _workbook(tmp_path / "交付決定.xlsx", "交付決定", header, firms)
    loop = scenario(tmp_path, SUBSIDIES)
    single = scenario(tmp_path, NOTICE, "notice.yaml")

    for path in (loop, single):  # the clerk tries the new scenarios on the real data
        tried = robosan("run", str(path), "--trial", home=tmp_path)
        assert tried.returncode == 0, tried.stdout + tried.stderr
        assert "試行として記録しました" in tried.stdout
    db = tmp_path / "log.db"
    assert [r.trial for r in rows_of(db, select(runs.c.trial).order_by(runs.c.id))] == [True, True]
    listed = robosan("runs", home=tmp_path).stdout
    assert listed.count("成功(試行)") == 2, listed

    report = robosan("report", home=tmp_path)
    assert report.returncode == 0, report.stderr
    assert "補助金交付決定の入力" not in report.stdout and "督促状の発送準備" not in report.stdout
    assert "試行の実行 2 回(3 件)は数えていません" in report.stdout

    # a new row after the trial: the real run does that one only (the trial's items stay done: never twice)
    _workbook(book, "交付決定", header, [*firms, ["R8-004", "株式会社 釜石水産"]])
    real = robosan("run", str(loop), home=tmp_path)
    assert real.returncode == 0, real.stdout + real.stderr
    assert "完了* 3" in real.stdout
    assert robosan("run", str(single), home=tmp_path).returncode == 0

    counted = robosan("report", home=tmp_path).stdout
    assert line_of(counted, "補助金交付決定の入力")[:4] == ["1", "0.2h", "0.2h", "100.0%"]  # 12 min: one item
    assert line_of(counted, "督促状の発送準備")[:4] == ["0", "0.5h", "0.5h", "100.0%"]  # one run, not two
    assert "実行 2 回(件ごとの処理 1 回、件のない業務 1 回)" in counted
    assert "試行の実行 2 回(3 件)は数えていません" in counted
    page = tmp_path / "report.html"
    assert robosan("report", "--format", "html", "--out", str(page), home=tmp_path).returncode == 0
    assert '<p class="note counted">※ 試行の実行 2 回(3 件)は数えていません。' in page.read_text(encoding="utf-8")

    included = robosan("report", "--include-trials", home=tmp_path).stdout
    assert line_of(included, "補助金交付決定の入力")[:2] == ["4", "0.8h"]  # the batch is still one run
    assert line_of(included, "督促状の発送準備")[:2] == ["0", "1.0h"]
    assert "試行の実行 2 回(3 件)も含めています(--include-trials)" in included


CREDITORS = """\
    name: 債権者登録
    department: 会計課/審査係
    baseline: {minutes_per_item: 6, measured_on: 2026-06-01, note: 債権者30件を手で登録して計測}
    inputs:
      file: {type: path, default: 債権者.xlsx}
    steps:
      - excel.read_rows: {file: "{{ inputs.file }}", sheet: 債権者}
        save_as: rows
      - for_each: "{{ rows }}"
        name: 債権者ごと
        as: row
        item_key: "{{ row.債権者コード }}"
        on_error: continue
        steps:
          - fail: "{{ row._row }}行目: 債権者コード {{ row.債権者コード }} が財務会計システムにありません"
            when: "{{ 'O' in row.債権者コード }}"
          - fail: "入力内容に誤り: {{ row.債権者名 }} の口座番号 {{ row.口座番号 }} は7桁ではありません"
            when: "{{ row.口座番号 | length != 7 }}"
          - log: "{{ row.債権者名 }} を登録しました"
    """

FAMILY = ["岩手", "花巻", "北上", "遠野", "一関", "釜石", "宮古", "大船渡", "久慈", "二戸", "八幡平", "奥州", "滝沢"]


def _creditors(fixed: int) -> list[list[str]]:
    """25 creditors: rows 3–14 have a code typed with the letter O for a zero (the first ``fixed`` corrected),
    rows 24–25 an account number the system refuses (6 digits)."""
    out = []
    for i in range(25):
        code = f"20{i:05d}"
        if 1 <= i <= 12 and i > fixed:
            code = code.replace("0", "O", 1)
        account = "123456" if i >= 23 else f"{1234500 + i:07d}"
        out.append([code, f"{FAMILY[i % len(FAMILY)]}建設 株式会社", account])
    return out


def test_orphaned_keys_of_fixed_rows_are_listed_and_closed_with_an_audit_record(tmp_path: Path) -> None:
    header = ["債権者コード", "債権者名", "口座番号"]
    book = tmp_path / "債権者.xlsx"
    path = scenario(tmp_path, CREDITORS)
    for fixed in (0, 6, 12):  # trial and error: the clerk fixes six codes, runs, fixes the other six, runs
        _workbook(book, "債権者", header, _creditors(fixed))
        ran = robosan("run", str(path), home=tmp_path)
        assert ran.returncode == 1, ran.stdout + ran.stderr  # partly failed: the two refusals
    db = tmp_path / "log.db"
    assert len(rows_of(db, select(items.c.id))) == 37

    report = robosan("report", home=tmp_path).stdout
    # before closing: the 12 old keys still count as failed hand work
    assert line_of(report, "債権者登録") == ["37", "3.7h", "2.3h", "62.2%", "0分", "14", "14"]
    assert "孤立)が 12 件" in report and "robosan items settle --orphans --as skipped" in report

    listed = robosan("items", "orphans", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    for i in range(1, 13):
        assert f"20{i:05d}".replace("0", "O", 1) in listed.stdout
    assert "2000023" not in listed.stdout and "2000024" not in listed.stdout  # the refusals are real hand work
    assert "財務会計システムにありません" in listed.stdout and "12 件" in listed.stdout

    wrong = robosan("items", "settle", "--orphans", "--as", "done", home=tmp_path)
    assert wrong.returncode == 2 and "--as skipped" in wrong.stderr and "Traceback" not in wrong.stderr

    closed = robosan("items", "settle", "--orphans", "--as", "skipped", "--reason", "コードの誤りを直して再実行した",
                     home=tmp_path)
    assert closed.returncode == 0, closed.stderr
    assert "12 件を確定しました" in closed.stdout

    final = robosan("report", home=tmp_path).stdout
    # 25 items of the task, 2 by hand (the refusals): 150 min before, 12 after, 138 saved
    assert line_of(final, "債権者登録") == ["25", "2.5h", "2.3h", "92.0%", "0分", "2", "2"]
    assert "孤立" not in final
    events = rows_of(db, select(item_events))
    assert len(events) == 12
    assert {(e.old_status, e.new_status, e.reason) for e in events} == {
        ("failed", "skipped", "コードの誤りを直して再実行した")
    }
    assert "孤立したキーはありません" in robosan("items", "orphans", home=tmp_path).stdout
    again = robosan("run", str(path), home=tmp_path)  # a later run takes the refusals again, never the orphans
    assert "完了* 23" in again.stdout and "失敗 2" in again.stdout
    statuses = [r.status for r in rows_of(db, select(items.c.status))]
    assert statuses.count("skipped") == 12 and statuses.count("failed") == 2
