"""Time-saved reports against a real SQLite run log, with hand-computed figures.

The rules are in docs/architecture.md, Decisions: report arithmetic (and batch scope, reruns,
dry run); how a clerk reads the report is in docs/guide.ja.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from rpa_core.messages import set_lang
from rpa_core.reports.savings import (
    ReportRow,
    compute_report,
    current_fiscal_year,
    fiscal_year_range,
    hanamaki_rows,
    render_table,
)
from rpa_core.store.runlog import RunLog
from tests.support.runlog_seed import (
    MASSHO,
    SHOZEI,
    batch,
    keys,
    make_run,
    manual_step,
    review,
    settle,
)

FY2026 = fiscal_year_range(2026)
TOKUCHO = "個人住民税 特別徴収 異動届"


@pytest.fixture
def log(tmp_path: Path) -> Iterator[RunLog]:
    runlog = RunLog(f"sqlite:///{tmp_path / 'log.db'}")
    yield runlog
    runlog.close()


@pytest.fixture
def english() -> Iterator[None]:
    set_lang("en")
    try:
        yield
    finally:
        set_lang(None)


def cells(lines: list[str], label: str) -> list[str]:
    """The seven figures on the table line that starts with ``label``."""
    line = next(line for line in lines if label in line)
    return line.replace("│", " ").replace(label, " ").split()


def only(rows: list[ReportRow]) -> ReportRow:
    assert len(rows) == 1, rows
    return rows[0]


def render(rows: list[ReportRow], total: ReportRow) -> str:
    console = Console(record=True, width=160)
    console.print(render_table(rows, total, title="FY2026"))
    return console.export_text()


# -- the fiscal year -------------------------------------------------------------
def test_fiscal_year_is_april_to_march() -> None:
    assert fiscal_year_range(2026) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert current_fiscal_year(dt.date(2026, 4, 1)) == 2026
    assert current_fiscal_year(dt.date(2027, 3, 31)) == 2026
    assert current_fiscal_year(dt.date(2027, 1, 5)) == 2026
    assert current_fiscal_year(dt.date(2026, 12, 31)) == 2026


def test_fiscal_year_boundary_is_midnight_in_japan(log: RunLog) -> None:
    run_id = make_run(log, start="2027-03-31 23:00", minutes=30)
    b = batch(log)
    settle(log, b, run_id, ["march"], "done", "2027-03-31 23:30")
    settle(log, b, run_id, ["april"], "done", "2027-04-01 00:10")  # stored as 2027-03-31 15:10 UTC
    fy26 = only(compute_report(log, *fiscal_year_range(2026))[0])
    fy27 = only(compute_report(log, *fiscal_year_range(2027))[0])
    assert (fy26.items, fy27.items) == (1, 1)
    assert fy26.before_minutes == fy27.before_minutes == 7.5
    assert fy26.robot_seconds == 1800  # the run started in FY2026
    assert fy27.robot_seconds == 0
    day = only(compute_report(log, dt.date(2027, 4, 1), dt.date(2027, 4, 1))[0])
    assert day.items == 1


# -- the worked example (Hanamaki table) -------------------------------------------
def hanamaki_log(log: RunLog) -> None:
    """軽自動車税 車両の抹消: 1,500 vehicles at 7.5 min each, one batch resumed once."""
    first = make_run(log, start="2026-06-01 09:00", minutes=120, status="partial", after=30.0)
    second = make_run(log, start="2026-06-02 09:00", minutes=90, status="partial", after=30.0)
    b = batch(log)
    settle(log, b, first, keys("v", 780), "done", "2026-06-01 10:00")
    settle(log, b, first, keys("v", 20, 780), "failed", "2026-06-01 10:30")
    settle(log, b, second, keys("v", 620, 800), "done", "2026-06-02 10:00")
    settle(log, b, second, keys("v", 50, 1420), "manual", "2026-06-02 10:30")
    settle(log, b, second, keys("v", 30, 1470), "needs_check", "2026-06-02 10:40")
    manual_step(log, first, 300.0)
    manual_step(log, second, 150.0)
    review(log, second, 180.0)
    review(log, second, 120.0)
    # 個人住民税 特別徴収 異動届: 300 forms at 5 min, 10 left to a clerk.
    tokucho = make_run(log, TOKUCHO, start="2026-07-10 13:00", minutes=35, per_item=5.0, after=20.0)
    b2 = batch(log, TOKUCHO)
    settle(log, b2, tokucho, keys("t", 290), "done", "2026-07-10 13:30")
    settle(log, b2, tokucho, keys("t", 10, 290), "manual", "2026-07-10 13:35")
    manual_step(log, tokucho, 130.0)


def test_hanamaki_worked_example(log: RunLog) -> None:
    hanamaki_log(log)
    rows, total = compute_report(log, *FY2026)
    assert [r.label for r in rows] == sorted([MASSHO, TOKUCHO])
    massho = next(r for r in rows if r.label == MASSHO)
    # before = 1500 × 7.5 = 11,250 min = 187.5 h
    # after  = (20 failed + 50 manual + 30 needs_check) × 7.5 = 750, + manual steps 300 + 150,
    #          + reviews 180 + 120, + 1 batch × 30 = 1,530 min = 25.5 h
    # saved  = 9,720 min = 162.0 h; rate = 9,720 / 11,250 = 86.4 %
    assert (massho.items, massho.runs, massho.manual_items, massho.errors) == (1500, 1, 100, 20)
    assert massho.department == SHOZEI
    assert massho.before_minutes == 11250.0 and massho.before_hours == 187.5
    assert massho.after_minutes == 1530.0 and massho.after_hours == 25.5
    assert massho.saved_minutes == 9720.0 and massho.saved_hours == 162.0
    assert massho.rate == pytest.approx(0.864)
    assert massho.robot_seconds == 210 * 60 and massho.robot_hours == 3.5
    tokucho = next(r for r in rows if r.label == TOKUCHO)
    # before = 300 × 5 = 1,500 min = 25 h; after = 10 × 5 + 130 + 20 = 200 min; saved 1,300 min = 21.7 h; 86.7 %
    assert (tokucho.items, tokucho.runs, tokucho.manual_items, tokucho.errors) == (300, 1, 10, 0)
    assert (tokucho.before_minutes, tokucho.after_minutes, tokucho.saved_minutes) == (1500.0, 200.0, 1300.0)
    assert tokucho.rate == pytest.approx(1300 / 1500)
    assert total.label == "合計"
    assert (total.items, total.runs, total.manual_items, total.errors) == (1800, 2, 110, 20)
    assert (total.before_minutes, total.after_minutes, total.saved_minutes) == (12750.0, 1730.0, 11020.0)
    assert total.robot_seconds == 245 * 60
    assert hanamaki_rows([*rows, total]) == [
        {"業務名": TOKUCHO, "従来の作業時間": "25.0h", "削減時間": "21.7h", "削減率": "86.7%"},
        {"業務名": MASSHO, "従来の作業時間": "187.5h", "削減時間": "162.0h", "削減率": "86.4%"},
        {"業務名": "合計", "従来の作業時間": "212.5h", "削減時間": "183.7h", "削減率": "86.4%"},
    ]


def test_render_table_in_japanese(log: RunLog) -> None:
    hanamaki_log(log)
    out = render(*compute_report(log, *FY2026))
    for header in (
        "業務名",
        "件数",
        "従来の作業時間",
        "削減時間",
        "削減率",
        "ロボット稼働時間",
        "手作業に回した件数",
        "エラー",
    ):
        assert header in out
    lines = out.splitlines()
    assert cells(lines, MASSHO) == ["1,500", "187.5h", "162.0h", "86.4%", "3.5h", "100", "20"]
    assert cells(lines, TOKUCHO) == ["300", "25.0h", "21.7h", "86.7%", "35分", "10", "0"]
    assert cells(lines, "合計") == ["1,800", "212.5h", "183.7h", "86.4%", "4.1h", "110", "20"]


def test_render_table_in_english(log: RunLog, english: None) -> None:
    hanamaki_log(log)
    out = render(*compute_report(log, *FY2026))
    for header in (
        "Task",
        "Items",
        "Before",
        "Saved",
        "Rate",
        "Robot time",
        "Items by hand",
        "Errors",
        "Total",
    ):
        assert header in out
    assert "業務名" not in out and "合計" not in out
    tokucho = next(line for line in out.splitlines() if TOKUCHO in line)
    assert "35 min" in tokucho


# -- the rules (docs/architecture.md, Decisions: report arithmetic) ----------------------------------------------------------------
def test_resumed_batch_is_one_run_and_fresh_batch_another(log: RunLog) -> None:
    first = make_run(log, start="2026-06-01 09:00", per_run=20.0, after=5.0)
    second = make_run(log, start="2026-06-02 09:00", per_run=20.0, after=5.0)
    b = batch(log)
    settle(log, b, first, ["a", "b"], "done", "2026-06-01 09:30")
    settle(log, b, second, ["c"], "done", "2026-06-02 09:30")
    row = only(compute_report(log, *FY2026)[0])
    assert (row.items, row.runs) == (3, 1)
    assert row.before_minutes == 3 * 7.5 + 20.0
    assert row.after_minutes == 5.0
    third = make_run(log, start="2026-06-03 09:00", per_run=20.0, after=5.0)
    settle(log, batch(log, fresh=True), third, ["a"], "done", "2026-06-03 09:30")
    row = only(compute_report(log, *FY2026)[0])
    assert (row.items, row.runs) == (4, 2)


def test_each_item_keeps_the_baseline_of_the_run_that_settled_it(log: RunLog) -> None:
    old = make_run(log, start="2026-06-01 09:00", per_item=5.0, per_run=100.0, after=10.0)
    new = make_run(log, start="2026-06-02 09:00", per_item=8.0, per_run=60.0, after=4.0)
    b = batch(log)
    settle(log, b, old, keys("k", 10), "done", "2026-06-01 10:00")
    settle(log, b, old, ["retry"], "failed", "2026-06-01 10:00")
    settle(log, b, new, keys("k", 4, 10), "done", "2026-06-02 10:00")
    settle(log, b, new, ["retry"], "done", "2026-06-02 10:00")  # retried: now settled by the new run
    row = only(compute_report(log, *FY2026)[0])
    assert row.items == 15
    # 10 × 5 (old) + 5 × 8 (new) + the batch's latest settling run: 60 per run, 4 after
    assert row.before_minutes == 50.0 + 40.0 + 60.0
    assert row.after_minutes == 4.0
    assert row.errors == 0 and row.manual_items == 0


def test_skipped_items_count_nowhere(log: RunLog) -> None:
    run_id = make_run(log)
    b = batch(log)
    settle(log, b, run_id, ["a", "b"], "done", "2026-06-01 10:00")
    settle(log, b, run_id, ["c", "d", "e"], "skipped", "2026-06-01 10:00")
    row = only(compute_report(log, *FY2026)[0])
    assert (row.items, row.manual_items, row.before_minutes, row.after_minutes) == (2, 0, 15.0, 0.0)


def test_only_skipped_items_mean_no_run(log: RunLog) -> None:
    run_id = make_run(log, per_run=30.0)
    settle(log, batch(log), run_id, ["a"], "skipped", "2026-06-01 10:00")
    row = only(compute_report(log, *FY2026)[0])  # present for its robot time only
    assert (row.items, row.runs, row.before_minutes, row.rate) == (0, 0, 0.0, None)
    assert row.robot_seconds == 3600


def test_failed_manual_and_needs_check_items_are_work_by_hand(log: RunLog) -> None:
    run_id = make_run(log, status="partial", per_item=10.0)
    b = batch(log)
    settle(log, b, run_id, keys("d", 6), "done", "2026-06-01 10:00")
    settle(log, b, run_id, ["f1", "f2"], "failed", "2026-06-01 10:00")
    settle(log, b, run_id, ["m1"], "manual", "2026-06-01 10:00")
    settle(log, b, run_id, ["n1"], "needs_check", "2026-06-01 10:00")
    failed_run = make_run(log, start="2026-06-05 09:00", status="failed", per_item=10.0)
    settle(log, batch(log, scope="other"), failed_run, ["x"], "failed", "2026-06-05 09:10")
    row = only(compute_report(log, *FY2026)[0])
    assert (row.items, row.runs, row.manual_items) == (11, 2, 5)
    assert row.errors == 3 + 1  # three failed items and one failed run
    assert row.before_minutes == 110.0 and row.after_minutes == 50.0
    assert row.rate == pytest.approx(60 / 110)


def test_in_progress_and_pending_items_do_not_count(log: RunLog) -> None:
    run_id = make_run(log, status="crashed")
    b = batch(log)
    settle(log, b, run_id, ["a"], "done", "2026-06-01 10:00")
    log.write_item(b, "b", None, status="in_progress", run_id=run_id)
    log.write_item(b, "c", None, status="pending", run_id=run_id)
    row = only(compute_report(log, *FY2026)[0])
    assert (row.items, row.runs, row.errors) == (1, 1, 1)  # a crashed run is an error


def test_dry_runs_count_nowhere(log: RunLog) -> None:
    dry = make_run(log, status="dry_run", dry=True, per_run=30.0)
    manual_step(log, dry, 40.0)
    review(log, dry, 15.0)
    make_run(log, "通知書の印刷", status="dry_run", dry=True, per_run=30.0)  # no item loop either
    rows, total = compute_report(log, *FY2026)
    assert rows == []
    assert (total.items, total.runs, total.before_minutes, total.after_minutes, total.robot_seconds) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert total.rate is None


def test_manual_step_and_review_minutes_in_the_period(log: RunLog) -> None:
    run_id = make_run(log, start="2026-06-01 09:00", per_item=10.0)
    settle(log, batch(log), run_id, keys("k", 10), "done", "2026-06-01 10:00")
    manual_step(log, run_id, 12.5)
    review(log, run_id, 7.5, at="2026-06-01 11:00")
    review(log, run_id, 99.0, at="2027-04-02 11:00")  # next fiscal year
    earlier = make_run(log, start="2026-03-31 20:00", per_item=10.0)  # started in FY2025
    manual_step(log, earlier, 1000.0)
    review(log, None, 3.0, at="2026-06-03 11:00")  # a review not tied to any run
    rows, total = compute_report(log, *FY2026)
    by_label = {r.label: r for r in rows}
    assert set(by_label) == {MASSHO, "(未設定)"}
    assert by_label[MASSHO].after_minutes == 12.5 + 7.5
    assert by_label["(未設定)"].after_minutes == 3.0
    assert total.after_minutes == 23.0 and total.before_minutes == 100.0
    next_year = compute_report(log, *fiscal_year_range(2027))[1]
    assert next_year.after_minutes == 99.0


def test_runs_without_an_item_loop_count_once_each(log: RunLog) -> None:
    name = "月次 口座振替データ取込"
    for day in (1, 2):
        make_run(log, name, start=f"2026-06-0{day} 09:00", per_item=0.0, per_run=45.0, after=5.0)
    make_run(log, name, start="2026-06-03 09:00", status="failed", per_item=0.0, per_run=45.0, after=5.0)
    make_run(log, name, start="2026-03-31 09:00", per_item=0.0, per_run=45.0)  # FY2025
    row = only(compute_report(log, *FY2026)[0])
    assert (row.items, row.runs, row.errors) == (0, 2, 1)
    assert (row.before_minutes, row.after_minutes) == (90.0, 10.0)
    assert row.robot_seconds == 3 * 3600


def test_a_rerun_with_nothing_left_is_not_a_run(log: RunLog) -> None:
    first = make_run(log, per_run=30.0)
    settle(log, batch(log), first, ["a"], "done", "2026-06-01 10:00")
    make_run(log, start="2026-06-02 09:00", per_run=30.0)  # found every item done
    row = only(compute_report(log, *FY2026)[0])
    assert (row.runs, row.before_minutes) == (1, 37.5)


def test_by_department(log: RunLog) -> None:
    a = make_run(log, MASSHO, per_item=6.0)
    b = make_run(log, "軽自動車税 減免", per_item=4.0)
    c = make_run(log, "住民票 郵送請求", department="", per_item=3.0)
    settle(log, batch(log, MASSHO), a, ["1", "2"], "done", "2026-06-01 10:00")
    settle(log, batch(log, "軽自動車税 減免"), b, ["1"], "manual", "2026-06-01 10:00")
    settle(log, batch(log, "住民票 郵送請求"), c, ["1"], "done", "2026-06-01 10:00")
    rows, total = compute_report(log, *FY2026, by="department")
    assert [r.label for r in rows] == sorted([SHOZEI, "(未設定)"])
    shozei = next(r for r in rows if r.label == SHOZEI)
    assert (shozei.department, shozei.items, shozei.runs, shozei.manual_items) == (SHOZEI, 3, 2, 1)
    assert (shozei.before_minutes, shozei.after_minutes) == (16.0, 4.0)
    unset = next(r for r in rows if r.label == "(未設定)")
    assert (unset.department, unset.items, unset.before_minutes) == ("", 1, 3.0)
    assert total.items == 4 and total.robot_seconds == 3 * 3600


def test_rate_is_none_without_a_baseline(log: RunLog) -> None:
    run_id = make_run(log, per_item=0.0)
    settle(log, batch(log), run_id, ["a"], "done", "2026-06-01 10:00")
    rows, total = compute_report(log, *FY2026)
    assert only(rows).rate is None and total.rate is None
    assert hanamaki_rows(rows)[0]["削減率"] == "-"
    assert "-" in render(rows, total)


def test_empty_period(log: RunLog) -> None:
    rows, total = compute_report(log, *FY2026)
    assert rows == [] and total == ReportRow(label="合計")
    assert "合計" in render(rows, total)
