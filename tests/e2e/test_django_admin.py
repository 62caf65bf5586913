"""Issue 14, end to end against a stock third-party web admin: Django 5.2's admin in Japanese.

A clerk's scenario (``tests/fixtures/django_admin/users.yaml``: labels as the screens show them, without
their colons) logs in through its own steps and adds 30 staff from an .xlsx, with ``item_key``, commit
steps and a ``verify:`` that searches the user list (``browser.expect_text``: not in the list = not done yet,
so the item runs again). The admin answers 15% of the saved add forms with a
503 (seeded, outside Django). What Django stored is read from its own SQLite file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.support.browser_fixtures import ledger
from tests.support.django_admin import ADMIN_PASSWORD, ADMIN_USER, DjangoAdmin

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("robot_env")]

SCENARIO = Path(__file__).resolve().parents[1] / "fixtures" / "django_admin" / "users.yaml"

# Made-up staff: 髙/﨑/𠮷 and a full-width space inside a given name, as a register holds them.
SURNAMES = ["髙﨑", "山田", "佐藤", "鈴木", "𠮷田", "渡邉", "中村", "小林", "加藤", "伊藤"]
GIVEN = ["美咲", "太郎", "花子", "マリア　ルイサ", "翔", "陽菜", "健一", "由美子", "大輔", "さくら"]


def staff(count: int) -> list[dict[str, str]]:
    return [
        {
            "ユーザー名": f"s2026-{n:03d}",
            "姓": SURNAMES[n % len(SURNAMES)],
            "名": GIVEN[(n * 3) % len(GIVEN)],
            "メールアドレス": f"s2026-{n:03d}@city.example.jp",
        }
        for n in range(1, count + 1)
    ]


def workbook(path: Path, rows: list[dict[str, str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "職員"
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    book.save(path)
    return path


@pytest.fixture
def admin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DjangoAdmin]:
    monkeypatch.setenv("ROBOSAN_SECRET_DJANGO_ADMIN_USER", ADMIN_USER)
    monkeypatch.setenv("ROBOSAN_SECRET_DJANGO_ADMIN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("ROBOSAN_SECRET_DJANGO_ADMIN_INITIAL", "Shokai#2026-04")
    monkeypatch.setenv("ROBOSAN_SECRET_DJANGO_ADMIN_FOR", "管理サイトの利用者登録")
    site = DjangoAdmin(tmp_path / "site", busy_share=0.15, seed=14)
    yield site
    site.stop()


def check_every_user_once_and_exact(site: DjangoAdmin, rows: list[dict[str, str]], runlog: Path) -> None:
    users = site.users()
    names = [u["username"] for u in users]
    assert sorted(names) == sorted(r["ユーザー名"] for r in rows), names  # every row, and once
    by_name = {u["username"]: u for u in users}
    for row in rows:
        user = by_name[row["ユーザー名"]]
        assert (user["last_name"], user["first_name"], user["email"]) == (
            row["姓"],
            row["名"],
            row["メールアドレス"],
        ), row
    statuses = {key: item["status"] for key, item in ledger(runlog).items()}
    assert statuses == dict.fromkeys(statuses, "done") and len(statuses) == len(rows), statuses  # all 完了


def test_clerk_scenario_adds_thirty_users_once_each_exactly_through_503s(
    tmp_path: Path, admin_site: DjangoAdmin, run_file: Callable[..., Any]
) -> None:
    rows = staff(30)
    book = workbook(tmp_path / "職員一覧.xlsx", rows)
    result = run_file(SCENARIO, inputs={"url": admin_site.url, "file": str(book)}, unattended=True)
    items = ledger(tmp_path / "runlog.db")
    assert result.status == "succeeded", [(k, i["status"], i["message"]) for k, i in items.items() if i["status"] != "done"]
    assert admin_site.busy_answers(), "the admin answered no saved form with 503: the test proved nothing"
    check_every_user_once_and_exact(admin_site, rows, tmp_path / "runlog.db")
