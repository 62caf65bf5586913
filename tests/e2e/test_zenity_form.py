"""Issue 14: a stock GTK form (zenity --forms) on Xvfb, filled by labels as a clerk reads them.

Nobody here wrote the program: the scenario names what the screen shows (氏名, 住所, 電話番号, OK),
without colons, and the rows carry 髙/﨑 and full-width spaces. Every row must arrive once, exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.support.a11y_fixtures import a11y_desktop, form_loop  # noqa: F401  (fixture)

pytestmark = [pytest.mark.display, pytest.mark.usefixtures("a11y_desktop")]

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
  - desktop.launch: {command: "{{ inputs.program }}", window: 受付入力, timeout: 20s}
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


@pytest.mark.slow
def test_eight_rows_by_label_into_stock_zenity_each_once_and_exact(
    run_file: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    robosan_home: Path,
) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    _sheet(tmp_path / "受付.xlsx")
    output = tmp_path / "entered.txt"
    output.touch()
    program = f"sh {form_loop(tmp_path)} {output}"
    monkeypatch.setenv("ROBOSAN_ALLOWED_PROGRAMS", f"sh {tmp_path / 'form_loop.sh'}")

    result = run_file(
        scenario,
        unattended=True,
        inputs={"file": str(tmp_path / "受付.xlsx"), "output": str(output), "program": program},
    )

    assert result.status == "succeeded", result.message
    assert result.counts.get("done") == len(ROWS)
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines == ["|".join(r[1:]) for r in ROWS]  # every row once, in order, every field exact
