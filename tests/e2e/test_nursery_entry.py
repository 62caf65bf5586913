"""Scanned nursery applications read, reviewed and entered into the real sample web system's 保育所入所申込.

Real Tesseract reads generated scans, the flagged fields are answered through the real review path
(``walk_queue``, as ``robosan review`` does), real Chromium enters each application into the real
sample system (its own process and SQLite file, read directly to see what it saved).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import shutil
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from rpa_core.language.filters import wareki
from rpa_core.messages import text
from rpa_core.store.runlog import RunLog
from tests.support.browser_fixtures import PASSWORD, USER, WebSystem, ledger, run_in_process
from tests.support.scenario_modules import load_scenario_module

pytestmark = [pytest.mark.browser, pytest.mark.tesseract]

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "scenarios" / "nursery_application"
make_forms = load_scenario_module("nursery_application", "make_forms")

# Seed 41 makes five forms of which the second has nothing to review and the others 1-3 fields
# (names, mostly) with the Tesseract of these machines; none is misread without being flagged.
SEED, COUNT = 41, 5


def nursery_map() -> dict[str, str]:
    """The scenario's own table from the paper form's nursery names to the system's options."""
    steps = yaml.safe_load((FOLDER / "scenario.yaml").read_text(encoding="utf-8"))["steps"]
    (table,) = [s["set"]["保育所の対応"] for s in steps if "保育所の対応" in s.get("set", {})]
    return dict(table)


def typed(value: Any, kind: str) -> str:
    """What a clerk types for the true value (dates the short 和暦 way, ticks as 1/0)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if kind == "wareki_date" and len(str(value)) == 10:
        return wareki(dt.date.fromisoformat(str(value)), style="short")
    if kind == "wareki_date":
        year, month = str(value).split("-")
        return f"R{int(year) - 2018}.{int(month)}"
    return str(value)


def answer_queue(db: Path, truths: dict[str, dict[str, Any]], wrong: dict[str, str] | None = None) -> int:
    """Answer every waiting field from the ground truth (``wrong``: field → a clerk's typo instead)."""
    from ocr.queue import ReviewQueue
    from ocr.review import walk_queue

    log = RunLog(f"sqlite:///{db}")
    try:
        queue = ReviewQueue(log)
        pending = queue.pending()
        answers = iter(
            [(wrong or {}).get(p.field) or typed(truths[Path(p.file).name][p.field], p.type) for p in pending]
        )
        walk_queue(queue, pending, lambda _prompt: next(answers), lambda _line: None)
        assert queue.pending() == []
        return len(pending)
    finally:
        log.close()


def run(folder: Path, db: Path, **inputs: str) -> Any:
    return run_in_process(folder / "scenario.yaml", db, **inputs)


def applications(system: WebSystem) -> list[dict[str, Any]]:
    return system.rows("SELECT * FROM nursery_applications ORDER BY id")


def workbook(path: Path) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(path)["申込一覧"]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def enter_by_hand(system: WebSystem, **fields: str) -> None:
    """An application a clerk keyed in through the web form before the robot ran (plain HTTP)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "next": "/menu"}).encode()
    opener.open(f"{system.url}/login", login, timeout=10).read()
    with opener.open(f"{system.url}/nursery/new", urllib.parse.urlencode(fields).encode(), timeout=10) as r:
        assert "/nursery/done/N-" in r.geturl()


def as_saved(truth: dict[str, Any], nurseries: dict[str, str]) -> dict[str, Any]:
    """The ground truth of a form as the system stores it (its nursery under the system's name)."""
    return {
        "applied_on": truth["申請日"],
        "guardian_name": truth["保護者氏名"],
        "guardian_kana": truth["フリガナ"],
        "postal_code": truth["郵便番号"],
        "address": truth["住所"],
        "phone": truth["電話番号"],
        "child_name": truth["児童氏名"],
        "child_birthdate": truth["生年月日"],
        "nursery": nurseries[truth["希望保育所"]],
        "start_month": truth["希望開始月"],
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the scenario folder (and the login part it calls), without scans."""
    work = tmp_path / "scenarios"
    shutil.copytree(
        FOLDER, work / "nursery_application", ignore=shutil.ignore_patterns("scans", "out", "__pycache__")
    )
    (work / "business_registration").mkdir()
    shutil.copy(REPO / "scenarios" / "business_registration" / "login.yaml", work / "business_registration")
    return work / "nursery_application"


@pytest.mark.slow
def test_reviewed_applications_are_entered_once_each_equal_to_the_forms(
    start_web_system: Callable[..., WebSystem], folder: Path, tmp_path: Path, robot_env: None
) -> None:
    system = start_web_system()
    scans = make_forms.make_scans(folder / "scans", COUNT, seed=SEED)
    truths = {p.name: json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["fields"] for p in scans}
    nurseries = nursery_map()
    # A clerk already keyed in the third application by hand (half-width space in the name).
    by_hand = truths["scan_0003.jpg"]
    enter_by_hand(
        system,
        applied_on=by_hand["申請日"],
        guardian_name=by_hand["保護者氏名"].replace("\u3000", " "),
        guardian_kana=by_hand["フリガナ"],
        postal_code=by_hand["郵便番号"],
        address=by_hand["住所"],
        phone=by_hand["電話番号"],
        child_name=by_hand["児童氏名"].replace("\u3000", " "),
        child_birthdate=by_hand["生年月日"],
        nursery=nurseries[by_hand["希望保育所"]],
        start_month=by_hand["希望開始月"],
    )
    (hand_row,) = applications(system)

    db = tmp_path / "runlog.db"
    first = run(folder, db, url=system.url)
    assert first.status == "succeeded", first.message
    entered_first = applications(system)[1:]
    assert first.counts == {"done": len(entered_first)}
    assert 1 <= len(entered_first) < COUNT  # the forms without doubt went in; the others wait

    assert answer_queue(db, truths) > 0
    second = run(folder, db, url=system.url)
    assert second.status == "succeeded", second.message
    assert second.counts == {"already_done": len(entered_first), "done": COUNT - len(entered_first)}

    saved = applications(system)
    assert saved[0] == hand_row  # found by 申請日+児童氏名+生年月日, not entered again
    assert len(saved) == COUNT  # one application per scan, none twice
    robot_rows = saved[1:]
    expected = [as_saved(t, nurseries) for name, t in truths.items() if name != "scan_0003.jpg"]
    got = [{k: row[k] for k in expected[0]} for row in robot_rows]
    assert sorted(got, key=str) == sorted(expected, key=str)

    # The workbook: every application with the system's 受付番号 (the hand-entered one included).
    rows = {r["ファイル"]: r for r in workbook(folder / "out" / "保育所入所申込一覧.xlsx")}
    assert set(rows) == set(truths)
    number_of = {(r["applied_on"], r["child_birthdate"]): r["receipt_no"] for r in saved}
    for name, truth in truths.items():
        assert rows[name]["受付番号"] == number_of[(truth["申請日"], truth["生年月日"])]
        assert rows[name]["児童氏名"] == truth["児童氏名"]
        assert rows[name]["希望保育所"] == truth["希望保育所"]  # as written on the form
    statuses = {k: i["status"] for k, i in ledger(db).items()}
    assert statuses == {name: "done" for name in truths}

    # Run again: every scan is done already, nothing is sent again.
    third = run(folder, db, url=system.url)
    assert third.status == "succeeded", third.message
    assert third.counts == {"already_done": COUNT}
    assert applications(system) == saved


def test_an_application_the_system_refuses_fails_with_its_own_message(
    start_web_system: Callable[..., WebSystem], folder: Path, tmp_path: Path, robot_env: None
) -> None:
    system = start_web_system()
    template = folder / "template.yaml"
    text = template.read_text(encoding="utf-8")
    old = "{name: 申請日, type: wareki_date, box: "
    assert old in text
    template.write_text(
        text.replace(old, "{name: 申請日, type: wareki_date, review: always, box: "), encoding="utf-8"
    )
    scans = make_forms.make_scans(folder / "scans", 1, seed=SEED)
    truths = {p.name: json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["fields"] for p in scans}
    db = tmp_path / "runlog.db"
    first = run(folder, db, url=system.url)
    assert first.status == "succeeded" and first.counts == {}, first.message  # the form waits for review

    # The clerk types 令和9年 for 令和6年: a date in the future, which the 保育所入所申込 screen refuses.
    answer_queue(db, truths, wrong={"申請日": "R9.1.5"})
    second = run(folder, db, url=system.url)
    assert second.status == "partial", second.message
    assert second.counts == {"failed": 1}
    (item,) = ledger(db).values()
    assert item["status"] == "failed"
    assert "未来の日付は入力できません。" in item["message"]  # the system's own words, recorded
    assert applications(system) == []
    assert workbook(folder / "out" / "保育所入所申込一覧.xlsx") == []


def flaky_seed(fates: list[str | None], share: float) -> int:
    """A seed of the sample system's flaky mode giving its first registration POSTs these fates."""
    from sample_systems.web.flaky import Flaky

    for seed in range(1000):
        flaky = Flaky(share, seed)
        if [(d.kind if d else None) for d in (flaky.draw() for _ in fates)] == fates:
            return seed
    raise AssertionError(f"no seed gives {fates}")


def test_a_failed_answer_after_saving_and_a_refused_post_are_each_entered_once(
    start_web_system: Callable[..., WebSystem], folder: Path, tmp_path: Path, robot_env: None
) -> None:
    # 1st POST: saved, then 503 (the robot sees an error for a row that went in);
    # 2nd POST: 503 before saving; 3rd: normal.
    seed = flaky_seed(["after", "before", None], 0.5)
    system = start_web_system("--flaky", "50", "--seed", str(seed))
    scans = make_forms.make_scans(folder / "scans", 2, seed=SEED)  # the 1st waits for review, the 2nd not
    truths = {p.name: json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["fields"] for p in scans}
    db = tmp_path / "runlog.db"
    first = run(folder, db, url=system.url)
    assert first.status == "succeeded", first.message
    assert first.counts == {"done": 1}
    item = ledger(db)["scan_0002.jpg"]
    assert (item["attempts"], item["message"]) == (
        1,
        text("run.verified_done"),
    )  # the retry's verify found it
    (saved,) = applications(system)
    assert saved["child_name"] == truths["scan_0002.jpg"]["児童氏名"]

    answer_queue(db, truths)
    second = run(folder, db, url=system.url)
    assert second.status == "succeeded", second.message
    assert second.counts == {"already_done": 1, "done": 1}
    assert ledger(db)["scan_0001.jpg"]["attempts"] == 2  # refused with 503 once, then entered
    nurseries = nursery_map()
    saved_rows = applications(system)
    assert [{k: r[k] for k in ("applied_on", "child_name", "nursery")} for r in saved_rows] == [
        {"applied_on": t["申請日"], "child_name": t["児童氏名"], "nursery": nurseries[t["希望保育所"]]}
        for t in (truths["scan_0002.jpg"], truths["scan_0001.jpg"])
    ]
    # Both in the workbook with their numbers, also the one whose answer was lost to the 503.
    rows = {r["ファイル"]: r["受付番号"] for r in workbook(folder / "out" / "保育所入所申込一覧.xlsx")}
    assert rows == {
        "scan_0002.jpg": saved_rows[0]["receipt_no"],
        "scan_0001.jpg": saved_rows[1]["receipt_no"],
    }
