"""Issue 12, point 2: codes with leading zeros read as the clerk sees them, and reported when Excel lost them.

Real .xlsx workbooks written with openpyxl in tmp_path; the end-to-end case runs the real ``robosan`` command.
All names, banks and accounts are invented.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from connectors._codes import code_text
from connectors.excel import read_rows
from rpa_core.errors import ActionError
from tests.support.fake_context import Ctx

ROBOSAN = Path(sys.executable).parent / "robosan"
HEADER = ["債権者名", "金融機関コード", "支店コード", "預金種目", "口座番号"]
# 15 creditors as a clerk typed them into number cells: every code that began with 0 lost it.
# 12 of the 15 rows lost a zero somewhere; rows 7, 13 and 16 happen to be whole.
CREDITORS = [
    ("山田 太郎", 5, 12, "普通", 12345),
    ("髙橋 一郎", 130, 41, "普通", 456789),
    ("山﨑 花子", 5, 254, "普通", 3021458),
    ("佐藤 美咲", 1234, 101, "普通", 1234567),
    ("鈴木 次郎", 117, 101, "当座", 9876),
    ("渡邊 誠", 10, 603, "普通", 5550123),
    ("中村 陽子", 2010, 8, "普通", 712345),
    ("小林 健", 9, 1, "普通", 1002003),
    ("加藤 直子", 138, 22, "普通", 98765),
    ("吉田 進", 1234, 102, "普通", 2345678),
    ("伊藤 和子", 5, 7, "普通", 345),
    ("松本 悟", 17, 88, "当座", 4567),
    ("井上 由美", 2010, 301, "普通", 7654321),
    ("木村 一樹", 33, 5, "普通", 56789),
    ("林 真理", 1, 10, "普通", 112233),
]
LENGTHS = {"金融機関コード": 4, "支店コード": 3, "口座番号": 7}


def creditors(path: Path, formats: dict[int, str] | None = None) -> Path:
    """債権者登録 workbook: a title, the header on row 3, one creditor a row from row 3 + 1."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "債権者"
    ws["A1"] = "債権者登録一覧(見本・架空)"
    ws.append([])
    ws.append(HEADER)
    for row in CREDITORS:
        ws.append(list(row))
    for col, fmt in (formats or {}).items():
        for r in range(4, ws.max_row + 1):
            ws.cell(r, col).number_format = fmt
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def ctx(tmp_path: Path) -> Ctx:
    return Ctx(scenario_dir=tmp_path, artifacts_dir=tmp_path / "artifacts")


def test_codes_stored_as_numbers_are_reported_with_column_and_rows(ctx: Ctx, tmp_path: Path) -> None:
    book = creditors(tmp_path / "data" / "債権者.xlsx")
    with pytest.raises(ActionError) as caught:
        read_rows(ctx, file=book, text_columns=LENGTHS)
    ja, en = caught.value.render("ja"), caught.value.render("en")
    assert "債権者.xlsx のシート「債権者」" in ja and "数値として保存されています" in ja and "対処:" in ja
    lines = {line.split(":")[0].strip(): line for line in ja.splitlines() if line.strip().startswith("・")}
    # 金融機関コード: all but 1234, 2010, 1234, 2010 (rows 7, 10, 13, 16) lost a zero: 11 rows, the first 10 named
    bank = lines["・列「金融機関コード」(4桁)"]
    assert "4、5、6、8、9、11、12、14、15、17 … 行目(全11件)" in bank and "(例: 5)" in bank
    # 支店コード: 12, 41, 8, 1, 22, 7, 88, 5, 10
    assert "4、5、10、11、12、14、15、17、18 行目(全9件)" in lines["・列「支店コード」(3桁)"]
    # 口座番号: 12345, 456789, 9876, 712345, 98765, 345, 4567, 56789, 112233; 3021458 etc. are whole
    assert "4、5、8、10、12、14、15、17、18 行目(全9件)" in lines["・列「口座番号」(7桁)"]
    assert "預金種目" not in ja
    assert (
        "{{ row.金融機関コード | digits(4) }}" in ja
    )  # the way to pad on purpose, for a column with a length
    assert "column 金融機関コード (4 digits), rows 4, 5, 6, 8" in en and "stored as numbers" in en
    assert "What to do:" in en and "Traceback" not in ja + en


def test_without_lengths_every_plain_number_is_reported(ctx: Ctx, tmp_path: Path) -> None:
    book = creditors(tmp_path / "債権者.xlsx")
    with pytest.raises(ActionError) as caught:
        read_rows(ctx, file=book, text_columns=["口座番号"])
    ja = caught.value.render("ja")
    # no length declared: even 1234567 may have been 01234567, so all 15 are reported
    assert "・列「口座番号」: 4、5、6、7、8、9、10、11、12、13 … 行目(全15件)" in ja
    assert "{{ row.口座番号 | digits(7) }}" in ja  # generic example when no length was given


def test_zero_formats_keep_working_and_give_the_shown_text(ctx: Ctx, tmp_path: Path) -> None:
    book = creditors(tmp_path / "債権者.xlsx", {2: "0000", 3: "000", 5: "0000000"})
    rows = read_rows(ctx, file=book, text_columns=LENGTHS)
    first = rows[0]
    assert (first["金融機関コード"], first["支店コード"], first["口座番号"]) == ("0005", "012", "0012345")
    assert rows[-1]["金融機関コード"] == "0001" and rows[-1]["_row"] == 18
    assert all(isinstance(r[c], str) and len(r[c]) == n for r in rows for c, n in LENGTHS.items())
    # the plain read gives the same text: the format is what the sheet shows
    assert read_rows(ctx, file=book)[0]["金融機関コード"] == "0005"
    assert ctx.logs == []  # nothing mixed, nothing to warn about


def test_code_formats_are_read_as_excel_shows_them() -> None:
    postal = "[<=999]000;[<=9999]000-00;000-0000"  # Excel (ja) その他 → 郵便番号
    assert code_text(5, "0000") == "0005"
    assert code_text(3058555, "000-0000") == "305-8555" and code_text(58555, "000-0000") == "005-8555"
    assert code_text(3058555, postal) == "305-8555" and code_text(305, postal) == "305"
    assert code_text(12, '"No."00000') == "No.00012" and code_text(5, "00\\-00") == "00-05"
    assert code_text(123456, "0000") == "123456"  # more digits than places: all shown, as in Excel
    assert code_text(12.5, "0000") == "0013"  # Excel rounds half up
    assert code_text(float("inf"), "0000") is None and code_text(-5, "0000;0000") == "0005"  # 2nd section: no sign
    for not_a_code in ("0", "#,##0", "0.00", "yyyy/mm/dd", "0%", "General", '#,##0"円"'):
        assert code_text(12, not_a_code) is None, not_a_code


def test_text_format_column(ctx: Ctx, tmp_path: Path) -> None:
    """A column formatted as text (@): codes typed after formatting are text and keep their zeros; a number
    typed before the column was made text is read as the text it shows, and reported in text_columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["氏名", "口座番号", "金額"])
    ws.append(["石井 朋子", "0012345", 12000])
    ws.append(["森田 浩", "0456789", 8000])
    ws.append(["岡本 恵", 987654, 5000])  # typed as a number, then the column was formatted as text
    for r in (2, 3, 4):
        ws.cell(r, 2).number_format = "@"
    book = tmp_path / "口座.xlsx"
    wb.save(book)
    rows = read_rows(ctx, file=book)
    assert [r["口座番号"] for r in rows] == ["0012345", "0456789", "987654"]
    assert [r["金額"] for r in rows] == [12000, 8000, 5000]  # amounts stay numbers
    with pytest.raises(ActionError) as caught:
        read_rows(ctx, file=book, text_columns={"口座番号": 7})
    assert (
        "・列「口座番号」(7桁): 4 行目(全1件)が数値として保存されています(例: 987654)"
        in caught.value.render()
    )
    ws.cell(4, 2).value = "0987654"
    wb.save(book)
    assert [r["口座番号"] for r in read_rows(ctx, file=book, text_columns={"口座番号": 7})][-1] == "0987654"


def test_declared_length_checks_text_too_and_whole_numbers_come_back_as_text(
    ctx: Ctx, tmp_path: Path
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["氏名", "口座番号"])
    ws.append(["石井 朋子", 1234567])  # a number, but all 7 digits: nothing was lost
    ws.append(["森田 浩", "１２３４５６７"])  # full-width digits typed as text
    ws.append(["岡本 恵", None])  # empty cells are not codes: left for the scenario to decide
    book = tmp_path / "口座.xlsx"
    wb.save(book)
    rows = read_rows(ctx, file=book, text_columns={"口座番号": 7})
    assert [r["口座番号"] for r in rows] == ["1234567", "１２３４５６７", None]
    ws.append(["原 拓也", "12345678"])
    ws.append(["西村 聡", "012345"])
    wb.save(book)
    with pytest.raises(ActionError) as caught:
        read_rows(ctx, file=book, text_columns={"口座番号": 7})
    assert "・列「口座番号」(7桁): 5、6 行目(全2件)の桁数が違います(例: 12345678)" in caught.value.render()


def test_a_column_mixing_numbers_and_text_is_warned_once(ctx: Ctx, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "支払先"
    ws.append(["氏名", "口座番号", "金額", "備考"])
    ws.append(["石井 朋子", "0012345", 12000, "至急"])
    ws.append(["森田 浩", 12345, 8000, 3])
    ws.append(["岡本 恵", 456789, 5000, None])
    ws.append(["原 拓也", "0456789", 7000, None])
    book = tmp_path / "支払先.xlsx"
    wb.save(book)
    rows = read_rows(ctx, file=book)  # no text_columns: warned all the same
    assert [r["口座番号"] for r in rows] == ["0012345", 12345, 456789, "0456789"]
    assert len(ctx.logs) == 1, (
        ctx.logs
    )  # one column, one warning; 金額 (all numbers) and 備考 (words) are fine
    warning = ctx.logs[0]
    assert "支払先.xlsx のシート「支払先」の列「口座番号」" in warning
    assert "数値のセル(2件、3 行目など)" in warning and "文字で入れたセル(2件、2 行目など)" in warning
    assert "text_columns: [口座番号]" in warning and "対処:" in warning
    ctx.logs.clear()
    with pytest.raises(ActionError):  # named as a code column: an error, not a warning
        read_rows(ctx, file=book, text_columns=["口座番号"])
    assert ctx.logs == []


def test_unknown_column_in_text_columns(ctx: Ctx, tmp_path: Path) -> None:
    book = creditors(tmp_path / "債権者.xlsx", {2: "0000", 3: "000", 5: "0000000"})
    with pytest.raises(ActionError) as caught:
        read_rows(ctx, file=book, text_columns=["口座番号", "金融機関ｺｰﾄﾞ"])
    ja, en = caught.value.render("ja"), caught.value.render("en")
    assert "text_columns の「金融機関ｺｰﾄﾞ」は" in ja and "「金融機関コード」のことですか?" in ja
    assert "Did you mean '金融機関コード'?" in en
    with pytest.raises(ActionError) as caught:
        read_rows(ctx, file=book, text_columns={"振込先": 7})
    ja = caught.value.render("ja")
    assert "「振込先」は" in ja and "のことですか" not in ja
    assert "このシートの見出し: 債権者名、金融機関コード、支店コード、預金種目、口座番号" in ja
    with pytest.raises(ActionError, match="「口座番号」の桁数 0 は使えません"):
        read_rows(ctx, file=book, text_columns={"口座番号": 0})
    # one column may be named on its own
    assert read_rows(ctx, file=book, text_columns="口座番号")[0]["口座番号"] == "0012345"


def test_csv_text_columns_check_lengths(ctx: Ctx, tmp_path: Path) -> None:
    """A CSV keeps what the file says; one opened and saved again in Excel has lost its zeros: with a length, caught."""
    from connectors.csv import read_rows as read_csv

    lines = [
        "債権者名,金融機関コード,口座番号",
        "山田 太郎,0005,0012345",
        "佐藤 美咲,5,12345",
        "鈴木 次郎,0117,0009876",
    ]
    book = tmp_path / "債権者.csv"
    book.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    assert (
        read_csv(ctx, file=book, text_columns=["口座番号"])[1]["口座番号"] == "12345"
    )  # text: nothing to tell
    with pytest.raises(ActionError) as caught:
        read_csv(ctx, file=book, text_columns={"金融機関コード": 4, "口座番号": 7})
    ja = caught.value.render("ja")
    assert "債権者.csv の、コードとして読む列(text_columns)に、桁数の違う値があります。" in ja
    assert "・列「金融機関コード」(4桁): 3 行目(全1件)の桁数が違います(例: 5)" in ja
    assert "・列「口座番号」(7桁): 3 行目(全1件)" in ja and "Excel で開いて保存し直すと" in ja
    with pytest.raises(ActionError, match="「口座番号」のことですか"):
        read_csv(ctx, file=book, text_columns=["口座番"])


SCENARIO = """\
name: 債権者の口座を読む
inputs:
  book: {type: path, default: data/債権者.xlsx}
steps:
  - excel.read_rows:
      file: "{{ inputs.book }}"
      text_columns: {金融機関コード: 4, 支店コード: 3, 口座番号: 7}
    name: 債権者の口座を読む
    save_as: 債権者
  - log: "最初の口座: {{ 債権者[0].金融機関コード }}-{{ 債権者[0].支店コード }}-{{ 債権者[0].口座番号 }}"
"""


def _robosan(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": "ja", "COLUMNS": "200"}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run(
        [str(ROBOSAN), *args], capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL
    )


def test_robosan_run_reports_lost_zeros_and_ends_on_the_record(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    creditors(tmp_path / "data" / "債権者.xlsx")
    assert _robosan("validate", str(scenario), home=tmp_path).returncode == 0
    bad = _robosan("run", str(scenario), home=tmp_path)
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0, out
    assert "数値として保存されています" in out and "金融機関コード" in out and "(全11件)" in out, out
    assert "Traceback" not in out
    good_book = creditors(tmp_path / "data" / "書式あり.xlsx", {2: "0000", 3: "000", 5: "0000000"})
    good = _robosan("run", str(scenario), "--input", f"book={good_book}", home=tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "最初の口座: 0005-012-0012345" in good.stdout, good.stdout
    with sqlite3.connect(tmp_path / "runlog.db") as db:
        statuses = [s for (s,) in db.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["failed", "succeeded"]  # no run is left 'running'
