"""Issue 12, points 1, 3 and 10: numbers, empty cells and text arguments, through the real `robosan` CLI.

The inputs are the ones that were seen to lie: a CP932 CSV whose amounts are written ``12,000`` (Jinja's
``int`` made them 0 and the run said 成功), a workbook with an empty 氏名 (a pydantic path in English),
and ``{{ now }}`` / ``{{ 金額 }}`` written into a text argument (refused in English).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl

ROBOSAN = Path(sys.executable).parent / "robosan"

# A month of 支出 by 課, written the way a finance system exports it: CP932, amounts with separators.
_CSV_ROWS = [
    ("総務課", "2026-11", "12,000"),
    ("総務課", "2026-11", "500"),
    ("市民課", "2026-11", "1,234,567"),
    ("市民課", "2026-11", "△1,200"),
    ("税務課", "2026-11", "600"),
    ("税務課", "2026-11", "￥8,400"),
    ("福祉課", "2026-11", "900"),
]
_TOTALS = {"総務課": Decimal(12500), "市民課": Decimal(1233367), "税務課": Decimal(9000), "福祉課": Decimal(900)}

_SUMMARY = """\
name: 課別月次集計
inputs:
  data: {{type: path, default: 支出.csv}}
steps:
  - csv.read_rows: {{file: "{{{{ inputs.data }}}}", encoding: cp932}}
    save_as: rows
  - for_each: "{{{{ rows | map(attribute='課') | unique | list }}}}"
    as: ka
    steps:
      - file.append_text:
          path: 集計.txt
          text: "{{{{ ka }}}},{{{{ rows | selectattr('課', 'equalto', ka) | map(attribute='金額') | map('{filter}') | sum }}}}"
"""


def robosan(*args: str, home: Path, lang: str = "ja") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROBOSAN_HOME": str(home), "ROBOSAN_LANG": lang, "COLUMNS": "200"}
    env.pop("ROBOSAN_DB", None)
    return subprocess.run([str(ROBOSAN), *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def _write_csv(folder: Path) -> None:
    with (folder / "支出.csv").open("w", encoding="cp932", newline="") as f:
        csv.writer(f).writerows([("課", "月", "金額"), *_CSV_ROWS])  # "12,000" is quoted, as Excel writes it


def _summary(folder: Path, filter_name: str) -> Path:
    path = folder / "scenario.yaml"
    path.write_text(_SUMMARY.format(filter=filter_name), encoding="utf-8")
    return path


def test_cp932_summary_with_int_fails_clearly_and_never_says_success(tmp_path: Path) -> None:
    _write_csv(tmp_path)
    proc = robosan("run", str(_summary(tmp_path, "int")), home=tmp_path / "home")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "成功" not in out and "Traceback" not in out
    assert "「12,000」は金額の書き方なので int では読めません" in out
    assert "| amount" in out  # the hint names the filter that reads it
    assert not (tmp_path / "集計.txt").exists()  # no total of 0 was written anywhere


def test_cp932_summary_with_amount_gives_the_right_totals(tmp_path: Path) -> None:
    _write_csv(tmp_path)
    proc = robosan("run", str(_summary(tmp_path, "amount")), home=tmp_path / "home")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = (tmp_path / "集計.txt").read_text(encoding="utf-8").splitlines()
    totals = {ka: Decimal(total) for ka, total in (line.split(",") for line in lines)}
    assert totals == _TOTALS


def _roster(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名簿"
    ws.append(["番号", "氏名", "住所"])
    ws.append([1, "山田 花子", "茨城県つくば市千現1-2-3"])
    ws.append([2, "佐藤 一郎", "茨城県土浦市大和町4-5"])
    ws.append([3, "鈴木 次郎", "茨城県水戸市笠原町6-7"])
    ws.append([4, None, "茨城県日立市幸町8-9"])  # sheet row 5: 氏名 left empty
    path = folder / "名簿.xlsx"
    wb.save(path)
    return path


_ROSTER_SCENARIO = """\
name: 名簿の書き出し
steps:
  - excel.read_rows: {file: 名簿.xlsx, sheet: 名簿}
    save_as: rows
  - for_each: "{{ rows }}"
    name: 名簿の1件ずつ
    as: row
    item_key: "{{ row.番号 }}"
    on_error: continue
    steps:
      - file.append_text: {path: 宛名.txt, text: "TEXT"}
        commit: true
"""


def _run_roster(tmp_path: Path, text: str, lang: str = "ja") -> tuple[subprocess.CompletedProcess[str], Path]:
    _roster(tmp_path)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(_ROSTER_SCENARIO.replace("TEXT", text), encoding="utf-8")
    return robosan("run", str(scenario), home=tmp_path / "home", lang=lang), tmp_path / "宛名.txt"


def _result_messages(home: Path) -> list[str]:
    books = sorted(home.glob("runs/*/*.xlsx"))
    assert books, "no result workbook"
    ws = openpyxl.load_workbook(books[-1]).active
    assert ws is not None
    return [" ".join(str(c) for c in row if c is not None) for row in ws.iter_rows(values_only=True)]


def test_empty_name_from_excel_fails_the_item_naming_row_and_column(tmp_path: Path) -> None:
    proc, out_file = _run_roster(tmp_path, "{{ row.氏名 }}")
    out = proc.stdout + proc.stderr
    assert "Excel 5行目の「氏名」が空です(ファイル 名簿.xlsx、シート 名簿)" in out, out
    assert "text.str" not in out and "Input should be" not in out and "Traceback" not in out
    assert out_file.read_text(encoding="utf-8").splitlines() == ["山田 花子", "佐藤 一郎", "鈴木 次郎"]
    assert any("Excel 5行目の「氏名」が空です" in line for line in _result_messages(tmp_path / "home"))


def test_empty_name_inside_text_is_refused_too_and_said_in_english(tmp_path: Path) -> None:
    proc, out_file = _run_roster(tmp_path, "宛名: {{ row.氏名 }} 様", lang="en")
    out = proc.stdout + proc.stderr
    assert "Row 5 of the Excel file: 「氏名」 is empty (名簿.xlsx, sheet 名簿)" in out, out
    assert "None" not in out_file.read_text(encoding="utf-8")
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == 3


def test_an_empty_cell_is_not_retried_and_the_default_sheet_is_named(tmp_path: Path) -> None:
    # the same row gives the same empty cell: retry: cannot help, so the item fails at its first attempt
    import sqlite3

    _roster(tmp_path)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(_ROSTER_SCENARIO.replace("file: 名簿.xlsx, sheet: 名簿", "file: 名簿.xlsx")
                        .replace("        commit: true\n", "")
                        .replace("    on_error: continue\n", "    on_error: continue\n    retry: {times: 2, delay: 0s}\n")
                        .replace("TEXT", "{{ row.氏名 }}"), encoding="utf-8")
    proc = robosan("run", str(scenario), home=tmp_path / "home")
    out = proc.stdout + proc.stderr
    assert "Excel 5行目の「氏名」が空です(ファイル 名簿.xlsx、シート 名簿)" in out, out
    with sqlite3.connect(tmp_path / "home" / "runlog.db") as conn:
        attempts = dict(conn.execute("SELECT key, attempts FROM items"))
    assert attempts == {"1": 1, "2": 1, "3": 1, "4": 1}


def test_a_date_and_a_number_into_a_text_argument(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(textwrap.dedent("""\
        name: 文字の引数
        steps:
          - set: {金額: "{{ '12,000' | amount }}", 件数: 7, 基準日: "{{ '令和8年12月7日' | to_date }}"}
          - file.append_text: {path: 記録.txt, text: "{{ now }}\\n"}
          - file.append_text: {path: 記録.txt, text: "{{ 金額 }}"}
          - file.append_text: {path: 記録.txt, text: "{{ 件数 }}"}
          - file.append_text: {path: 記録.txt, text: "{{ 基準日 }}"}
          - file.append_text: {path: 記録.txt, text: "合計 {{ 金額 * 2 }} 円、{{ 基準日 }}"}
        """), encoding="utf-8")
    proc = robosan("run", str(scenario), home=tmp_path / "home")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    stamp, *rest = (tmp_path / "記録.txt").read_text(encoding="utf-8").splitlines()
    assert len(stamp) == len("2026-12-07 16:03:01") and stamp[4] == "-" and stamp[10] == " ", stamp
    assert rest == ["12000", "7", "2026-12-07", "合計 24000 円、2026-12-07"]


def test_true_false_into_a_text_argument_is_refused_in_japanese(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(textwrap.dedent("""\
        name: 真偽値
        steps:
          - file.append_text: {path: 記録.txt, text: "{{ 1 > 0 }}"}
        """), encoding="utf-8")
    proc = robosan("run", str(scenario), home=tmp_path / "home")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "file.append_text の引数「text」は文字ですが、式の値が真偽値(True)です。" in out, out
    assert not (tmp_path / "記録.txt").exists()
