"""The expense_vouchers scenario end to end (real runtime, real workbooks) and the withholding filter."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rpa_core.errors import ActionError
from rpa_core.language.filters import FILTERS, withholding

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "expense_vouchers" / "scenario.yaml"


@pytest.mark.parametrize(
    ("amount", "tax"),
    [
        (10000, 1021),
        (30000, 3063),
        (9999, 1020),
        (1, 0),
        (0, 0),
        (1_000_000, 102_100),
        (1_000_001, 102_100),
        (1_000_005, 102_101),
        (1_200_000, 142_940),
        ("¥55,000", 5615),
        ("１２，０００円", 1225),
        (12000.0, 1225),
    ],
)
def test_withholding_follows_the_nta_table_for_fees(amount: Any, tax: int) -> None:
    assert withholding(amount) == tax
    assert FILTERS["withholding"] is withholding


def test_withholding_rejects_what_is_no_amount() -> None:
    for bad in ("三万円", -100, 12.5, None, ""):
        with pytest.raises(ActionError):
            withholding(bad)


def _expected_tax(kind: str, amount: int, given: int | None) -> int:
    if kind == "委員報酬":
        assert given is not None
        return given
    return amount * 1021 // 10000 if amount <= 1_000_000 else (amount - 1_000_000) * 2042 // 10000 + 102_100


def _payments(path: Path) -> list[tuple[Any, ...]]:
    ws = openpyxl.load_workbook(path)["支払一覧"]
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]


def _named(wb: Any, name: str) -> Any:
    """The value of the cell a defined name points to."""
    ((sheet, coord),) = wb.defined_names[name].destinations
    return wb[sheet][coord.replace("$", "")].value


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A copy of the scenario folder, so its data can be changed and its out/ stays in tmp_path."""
    folder = tmp_path / "expense_vouchers"
    shutil.copytree(SCENARIO.parent, folder, ignore=shutil.ignore_patterns("out"))
    return folder / "scenario.yaml"


def test_vouchers_and_summary_match_the_payments(
    run_file: Callable[..., Any], scenario: Path, tmp_path: Path
) -> None:
    result = run_file(scenario, unattended=True)
    assert result.status == "succeeded", result.message
    payments = _payments(scenario.parent / "data" / "支払一覧.xlsx")
    out = scenario.parent / "out" / "伝票"
    total = {"支払金額": 0, "源泉徴収税額": 0, "差引支払額": 0}
    for number, day, kind, payee, address, amount, given, memo, section in payments:
        path = out / f"支出伝票_{number}_{payee.replace(' ', '')}.xlsx"
        wb = openpyxl.load_workbook(path)
        cell = {
            name: wb[dn.destinations.__next__()[0]][dn.attr_text.split("!")[1].replace("$", "")].value
            for name, dn in wb.defined_names.items()
        }
        tax = _expected_tax(kind, amount, given)
        assert cell["伝票番号"] == number and cell["支払先氏名"] == payee and cell["支払先住所"] == address
        assert (
            cell["支払日"] == day
            and cell["区分"] == kind
            and cell["摘要"] == memo
            and cell["担当課"] == section
        )
        assert (cell["支払金額"], cell["源泉徴収税額"], cell["差引支払額"]) == (amount, tax, amount - tax)
        total["支払金額"] += amount
        total["源泉徴収税額"] += tax
        total["差引支払額"] += amount - tax
    assert len(list(out.glob("支出伝票_*.xlsx"))) == len(payments) == 7
    ws = openpyxl.load_workbook(out / "支払集計.xlsx")["集計"]
    table = [
        dict(zip([c.value for c in ws[1]], r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
    ]
    assert [r["支払番号"] for r in table] == [p[0] for p in payments] + ["合計"]
    assert {k: table[-1][k] for k in total} == total
    assert (
        table[0]["支払日"] == "令和8年4月10日" and table[4]["源泉徴収税額"] == 142_940
    )  # 1,200,000 円: above 1M
    assert any("支出伝票 7 件" in line and "257,188円" in line for line in result.observer.lines)
    # the template itself is untouched
    template = openpyxl.load_workbook(scenario.parent / "data" / "支出伝票ひな形.xlsx")["支出伝票"]
    assert template["B11"].value is None


def test_committee_fee_without_payroll_tax_fails_that_item_only_and_rerun_skips_done(
    run_file: Callable[..., Any], scenario: Path
) -> None:
    data = scenario.parent / "data" / "支払一覧.xlsx"
    wb = openpyxl.load_workbook(data)
    ws = wb["支払一覧"]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 3).value == "委員報酬")
    ws.cell(row, 7).value = None
    wb.save(data)
    first = run_file(scenario, unattended=True)
    assert first.status == "partial" and first.counts.get("failed") == 1 and first.counts.get("done") == 6
    failed = [line for line in first.observer.lines if "給与" in line] + [first.message]
    out = scenario.parent / "out" / "伝票"
    assert len(list(out.glob("支出伝票_*.xlsx"))) == 6
    summary = openpyxl.load_workbook(out / "支払集計.xlsx")["集計"]
    assert summary.max_row == 8  # 6 vouchers + header + total
    book = openpyxl.load_workbook(first.result_workbook)
    messages = [str(c.value) for r in book.worksheets[0].iter_rows(min_row=2) for c in r]
    assert any(f"{row}行目" in m and "源泉徴収税額" in m for m in messages), (messages, failed)
    ws.cell(row, 7).value = 1225  # the clerk fills in the payroll table's figure and runs again
    wb.save(data)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("支出伝票_*.xlsx")}
    second = run_file(scenario, unattended=True)
    assert second.status == "succeeded" and second.counts.get("done") == 1
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("支出伝票_*.xlsx")}
    assert len(after) == 7 and all(after[name] == t for name, t in before.items())  # done items not redone
    summary = openpyxl.load_workbook(out / "支払集計.xlsx")["集計"]
    assert (
        summary.max_row == 9 and summary.cell(9, 1).value == "合計"
    )  # totals include the earlier run's items
