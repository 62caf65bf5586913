"""The issue 14 form case: a clerk's scenario, 8 rows of a sheet, and stock zenity as the data-entry program.

Used by ``tests/e2e/test_zenity_form.py`` and ``tests/e2e/test_zenity_kill_resume.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from openpyxl import Workbook

from tests.support.a11y_fixtures import end_form_loop, form_loop

__all__ = ["EXPECTED", "ROWS", "SCENARIO", "FormCase", "form_case"]

SCENARIO = """\
# 受付票(Excel)を、受付入力の画面に1件ずつ入れる。欄はラベル(画面に見える名前)で指定する。
name: 受付票の入力
inputs:
  file: {type: path, description: 受付票の一覧}
  output: {type: path, description: 入力されたことを確かめるファイル}
  program: {type: str, description: 受付入力の画面を出すプログラム}
steps:
  - excel.read_rows: {file: "{{ inputs.file }}", sheet: 受付}
    save_as: rows
  - desktop.launch: {command: "{{ inputs.program }}", window: 受付入力, timeout: 20s, if_running: attach}
  - for_each: "{{ rows }}"
    name: 1件ずつ入力
    as: row
    item_key: "{{ row.受付番号 }}"
    verify:
      - file.read_text: {path: "{{ inputs.output }}"}
        save_as: entered
      - assert: "{{ (row.氏名 ~ '|' ~ row.住所 ~ '|' ~ row.電話番号) in entered.splitlines() }}"
    steps:
      - desktop.wait_window: {title: 受付入力, timeout: 20s}
      - desktop.fill: {label: 氏名, value: "{{ row.氏名 }}", window: 受付入力}
      - desktop.fill: {label: 住所, value: "{{ row.住所 }}", window: 受付入力}
      - desktop.fill: {label: 電話番号, value: "{{ row.電話番号 }}", window: 受付入力}
      - desktop.click: {button: OK, window: 受付入力}
        commit: true
      - desktop.wait_window: {title: 受付入力, state: closed, timeout: 10s}
"""

# Realistic, invented people (髙/﨑, full-width spaces, full-width digits, long addresses).
ROWS = [
    ("R-001", "髙橋　健一", "岩手県花巻市大通一丁目２番３号", "0198-23-4501"),
    ("R-002", "山﨑　美咲", "岩手県花巻市材木町５－１２", "0198-24-1122"),
    ("R-003", "佐藤　花子", "岩手県北上市本通り二丁目１番１号　コーポ北上１０２", "0197-61-0001"),
    ("R-004", "髙﨑　翔", "岩手県花巻市東和町土沢６区１２０", "0198-42-3300"),
    ("R-005", "鈴木　一郎", "岩手県遠野市新町１－１", "0198-62-2111"),
    ("R-006", "渡辺　結衣", "岩手県花巻市石鳥谷町八幡４－１６１", "0198-45-2311"),
    ("R-007", "伊藤　大輔", "岩手県紫波郡紫波町紫波中央駅前二丁目３－１", "019-672-2111"),
    ("R-008", "中村　さくら", "岩手県花巻市若葉町三丁目１６番２２号", "0198-21-9999"),
]


def _sheet(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "受付"
    ws.append(["受付番号", "氏名", "住所", "電話番号"])
    for row in ROWS:
        ws.append(list(row))
    wb.save(path)


EXPECTED = ["|".join(r[1:]) for r in ROWS]


class FormCase(NamedTuple):
    scenario: Path
    output: Path  # the program appends one line per submitted form
    inputs: dict[str, str]


@pytest.fixture
def form_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FormCase]:
    """The scenario, its sheet and inputs; the loop allowed as this PC's program (allowed_programs).

    The robot starts the loop and leaves it open, as a clerk would: it is ended after the test,
    or the next test's scenario would attach to it.
    """
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    _sheet(tmp_path / "受付.xlsx")
    output = tmp_path / "entered.txt"
    output.touch()
    script = form_loop(tmp_path)
    monkeypatch.setenv("ROBOSAN_ALLOWED_PROGRAMS", f"sh {script}")
    yield FormCase(scenario, output, {"file": str(tmp_path / "受付.xlsx"), "output": str(output),
                                      "program": f"sh {script} {output}"})  # fmt: skip
    end_form_loop(script)
