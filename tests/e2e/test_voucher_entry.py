"""Vouchers made by the expense_vouchers scenario, entered into the real sample web system's 支出伝票 screen.

Real Chromium and the real sample system (its own process, its own SQLite file, read directly to see
what it saved). The chain is the one a clerk runs: ``scenario.yaml`` makes the voucher workbooks and
the summary, then ``enter_vouchers.yaml`` enters each voucher of the summary (registering the payee as
a 債権者 first when the system does not know the account yet).
"""

from __future__ import annotations

import http.cookiejar
import shutil
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from rpa_core.language.filters import kana, to_date
from tests.support.browser_fixtures import PASSWORD, USER, WebSystem, ledger, run_in_process

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "scenarios" / "expense_vouchers"


def sheet(path: Path, name: str, header_row: int = 1) -> list[dict[str, Any]]:
    """Rows of a sheet as {header: value}, read with openpyxl (not with the connector under test)."""
    ws = openpyxl.load_workbook(path)[name]
    header = [c.value for c in ws[header_row]]
    rows = ws.iter_rows(min_row=header_row + 1, values_only=True)
    return [dict(zip(header, r, strict=True)) for r in rows if any(v is not None for v in r)]


def named_cells(path: Path) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path)
    out = {}
    for name, dn in wb.defined_names.items():
        ((title, coord),) = dn.destinations
        out[name] = wb[title][coord.replace("$", "")].value
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the scenario folder (and the login part it calls), with its vouchers made."""
    work = tmp_path / "scenarios"
    shutil.copytree(FOLDER, work / "expense_vouchers", ignore=shutil.ignore_patterns("out"))
    (work / "business_registration").mkdir()
    shutil.copy(REPO / "scenarios" / "business_registration" / "login.yaml", work / "business_registration")
    made = run_in_process(work / "expense_vouchers" / "scenario.yaml", tmp_path / "make.db")
    assert made.status == "succeeded", made.message
    return work / "expense_vouchers"


def register_vendor_by_hand(system: WebSystem, **fields: str) -> None:
    """A 債権者 a clerk registered earlier through the web form (plain HTTP, no robot)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "next": "/menu"}).encode()
    opener.open(f"{system.url}/login", login, timeout=10).read()
    with opener.open(
        f"{system.url}/vendor/new", urllib.parse.urlencode(fields).encode(), timeout=10
    ) as answer:
        assert "/vendor/done/V-" in answer.geturl()


def vouchers_of(system: WebSystem) -> list[dict[str, Any]]:
    return system.rows("SELECT * FROM vouchers ORDER BY id")


def vendors_of(system: WebSystem) -> dict[str, dict[str, Any]]:
    return {r["vendor_no"]: r for r in system.rows("SELECT * FROM vendors ORDER BY id")}


def by_payment(vouchers: list[dict[str, Any]]) -> Counter[str]:
    """How many vouchers of the system carry each 支払番号 (the head of their 摘要)."""
    return Counter(v["summary"].split(" ", 1)[0] for v in vouchers)


@pytest.mark.slow
def test_every_voucher_entered_once_with_the_workbook_amounts_and_reruns_enter_nothing_twice(
    start_web_system: Callable[..., WebSystem], folder: Path, tmp_path: Path, robot_env: None
) -> None:
    system = start_web_system()
    summary = sheet(folder / "out" / "伝票" / "支払集計.xlsx", "集計")
    payments = [r for r in summary if r["支払番号"] != "合計"]
    payees = {r["支払先氏名"]: r for r in sheet(folder / "data" / "支払一覧.xlsx", "支払先", header_row=3)}
    known = payees["佐藤 美咲"]  # already a 債権者: the robot must find her, not register her again
    register_vendor_by_hand(
        system,
        name="佐藤 美咲",
        name_kana="サトウ　ミサキ",
        bank_code=known["金融機関コード"],
        branch_code=known["支店コード"],
        account_type=known["預金種目"],
        account_number=known["口座番号"],
        holder_kana="サトウ　ミサキ",
    )
    db = tmp_path / "enter.db"
    result = run_in_process(folder / "enter_vouchers.yaml", db, url=system.url)
    assert result.status == "succeeded", result.message
    assert result.counts == {"done": len(payments)} == {"done": 7}

    saved = vouchers_of(system)
    assert by_payment(saved) == Counter(p["支払番号"] for p in payments)  # each voucher once, no other
    vendors = vendors_of(system)
    assert len(vendors) == len(payees)  # six registered by the robot + the one registered by hand
    assert [n for n, v in vendors.items() if v["name"] == "佐藤 美咲"] == ["V-000001"]
    numbers = {
        r["支払番号"]: r["伝票番号"] for r in sheet(folder / "out" / "伝票" / "入力結果.xlsx", "入力結果")
    }
    for pay in payments:
        (got,) = [v for v in saved if v["summary"].startswith(pay["支払番号"] + " ")]
        voucher_book = named_cells(
            folder / "out" / "伝票" / f"支出伝票_{pay['支払番号']}_{pay['支払先氏名'].replace(' ', '')}.xlsx"
        )
        amounts = (got["amount"], got["withholding"], got["net_amount"])
        assert amounts == (pay["支払金額"], pay["源泉徴収税額"], pay["差引支払額"])
        assert amounts == (voucher_book["支払金額"], voucher_book["源泉徴収税額"], voucher_book["差引支払額"])
        assert got["summary"] == f"{pay['支払番号']} {voucher_book['摘要']}"
        assert (
            got["payment_date"]
            == to_date(pay["支払日"]).isoformat()
            == voucher_book["支払日"].date().isoformat()
        )
        assert got["account_title"] == ("報酬" if pay["区分"] == "委員報酬" else "報償費")
        vendor = vendors[got["vendor_no"]]
        account = payees[pay["支払先氏名"]]
        assert vendor["name"] == pay["支払先氏名"]
        assert (
            vendor["bank_code"],
            vendor["branch_code"],
            vendor["account_type"],
            vendor["account_number"],
        ) == (
            account["金融機関コード"],
            account["支店コード"],
            account["預金種目"],
            account["口座番号"],
        )
        assert vendor["holder_kana"] == kana(account["口座名義カナ"])
        assert numbers[pay["支払番号"]] == got["voucher_no"]  # the clerk's list of voucher numbers

    # Run again (same run log): every voucher is done already, nothing is sent again.
    again = run_in_process(folder / "enter_vouchers.yaml", db, url=system.url)
    assert again.status == "succeeded", again.message
    assert again.counts == {"already_done": len(payments)}
    assert vouchers_of(system) == saved and len(vendors_of(system)) == len(payees)

    # Run from another run log (the run history lost, or the folder copied to another PC): each item
    # finds its voucher in 支出伝票一覧 and records its number instead of entering it a second time.
    other = tmp_path / "other.db"
    third = run_in_process(folder / "enter_vouchers.yaml", other, url=system.url)
    assert third.status == "succeeded", third.message
    assert third.counts == {"done": len(payments)}
    assert vouchers_of(system) == saved and len(vendors_of(system)) == len(payees)
    assert {k: i["status"] for k, i in ledger(other).items()} == {p["支払番号"]: "done" for p in payments}
    renumbered = {r["支払番号"]: r for r in sheet(folder / "out" / "伝票" / "入力結果.xlsx", "入力結果")}
    assert {k: r["伝票番号"] for k, r in renumbered.items()} == numbers
    assert all(r["債権者番号"].startswith("V-") for r in renumbered.values())


def test_a_voucher_the_system_refuses_fails_with_its_own_message_and_the_rest_go_in(
    start_web_system: Callable[..., WebSystem], folder: Path, tmp_path: Path, robot_env: None
) -> None:
    # The clerk corrected a tax figure in the summary by hand but not 差引支払額: the 支出伝票 screen refuses it.
    book = folder / "out" / "伝票" / "支払集計.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["集計"]
    header = [c.value for c in ws[1]]
    keep = {"R8-0001", "R8-0002"}
    for r in range(ws.max_row, 1, -1):
        if ws.cell(r, 1).value not in keep:
            ws.delete_rows(r)
    bad = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "R8-0002")
    tax = ws.cell(bad, header.index("源泉徴収税額") + 1)
    amount = ws.cell(bad, header.index("支払金額") + 1).value
    tax.value = 1000
    wb.save(book)

    system = start_web_system()
    db = tmp_path / "enter.db"
    result = run_in_process(folder / "enter_vouchers.yaml", db, url=system.url)
    assert result.status == "partial", result.message
    assert result.counts == {"done": 1, "failed": 1}
    states = ledger(db)
    system_says = f"差引支払額が支払金額−源泉徴収税額({amount - 1000:,}円)と一致しません。"
    failed = states["R8-0002"]
    assert failed["status"] == "failed" and system_says in failed["message"], failed
    assert "enter_vouchers.yaml:" in failed["message"]  # and which step of the scenario said so
    # issue 12 (point 11): refused for its content (reject:), so the loop's retry: did not send it again
    assert failed["attempts"] == 1 and "システムが受け付けませんでした" in failed["message"], failed
    assert by_payment(vouchers_of(system)) == Counter({"R8-0001": 1})
    assert len(vendors_of(system)) == 2  # the payee was registered once
    messages = [
        str(c)
        for r in openpyxl.load_workbook(result.result_workbook).worksheets[0].iter_rows(values_only=True)
        for c in r
    ]
    assert any(system_says in m for m in messages)
