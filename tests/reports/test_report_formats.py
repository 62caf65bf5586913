"""`robosan report` in its three formats over one seeded fiscal year, against hand-computed figures.

Four tasks in three 課 of two 部 (FY2026 = 2026-04-01..2027-03-31, Japan time):

* 軽自動車税 車両の抹消 (市民部/市民税課/諸税係): 7.5 min/item, 30 min after per run. One batch run
  twice: 400 done + 20 failed, then 80 done. before 500×7.5 = 3,750 min; after 20×7.5 + 30 = 180;
  saved 3,570 min = 59.5 h (95.2 %); robot 120 + 60 min = 3.0 h; by hand 20; errors 20.
* 個人住民税 特別徴収 異動届 (市民部/市民税課/特別徴収係): 5 min/item, 20 after. 290 done + 10 manual,
  a manual step of 130 min. before 1,500; after 50 + 130 + 20 = 200; saved 1,300 min (86.7 %); robot 0.5 h.
* 児童手当 現況届 (健康福祉部/こども課/手当係): 6 min/item + 10 min/run, 15 after. Two batches: 200 done
  + 5 needs_check with 40 min of OCR review, then 100 done; a failed run that settled nothing; 50 items
  settled in April 2027 (next year). before 305×6 + 2×10 = 1,850; after 5×6 + 40 + 2×15 = 100;
  saved 1,750 min (94.6 %); robot 60 + 30 + 10 min; errors 1 (the failed run).
* 住民票 郵送請求 受付 (市民部/市民課/証明係): no item loop, 45 min/run, 5 after, 12 monthly runs of
  3 min. before 540; after 60; saved 480 min (88.9 %); robot 36 min.

Totals: 1,105 items, 16 runs, before 7,640 min = 127.3 h, after 540 min = 9.0 h, saved 7,100 min =
118.3 h, 92.9 %, robot 346 min = 5.8 h, 35 by hand, 21 errors; at ¥2,500/h, ¥295,833 saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from rpa_core.cli.main import main
from rpa_core.store.runlog import RunLog
from tests.support.runlog_seed import batch, keys, make_run, manual_step, review, settle

MASSHO, TOKUCHO, JIDO, JUMIN = (
    "軽自動車税 車両の抹消",
    "個人住民税 特別徴収 異動届",
    "児童手当 現況届",
    "住民票 郵送請求 受付",
)
SHOZEI, TOKU, TEATE, SHOMEI = (
    "市民部/市民税課/諸税係",
    "市民部/市民税課/特別徴収係",
    "健康福祉部/こども課/手当係",
    "市民部/市民課/証明係",
)

# label: items, runs, before h, after h, saved h, rate, robot h, by hand, errors
FIGURES = {
    MASSHO: (500, 1, 62.5, 3.0, 59.5, 3570 / 3750, 3.0, 20, 20),
    TOKUCHO: (300, 1, 25.0, 200 / 60, 1300 / 60, 1300 / 1500, 0.5, 10, 0),
    JIDO: (305, 2, 1850 / 60, 100 / 60, 1750 / 60, 1750 / 1850, 100 / 60, 5, 1),
    JUMIN: (0, 12, 9.0, 1.0, 8.0, 480 / 540, 0.6, 0, 0),
}
FIGURES[SHOZEI], FIGURES[TOKU], FIGURES[TEATE], FIGURES[SHOMEI] = (
    FIGURES[MASSHO],
    FIGURES[TOKUCHO],
    FIGURES[JIDO],
    FIGURES[JUMIN],
)
FIGURES["小計 市民部/市民税課"] = (800, 2, 87.5, 380 / 60, 4870 / 60, 4870 / 5250, 3.5, 30, 20)
FIGURES["小計 市民部"] = (800, 14, 96.5, 440 / 60, 5350 / 60, 5350 / 5790, 4.1, 30, 20)
FIGURES["合計"] = (1105, 16, 7640 / 60, 9.0, 7100 / 60, 7100 / 7640, 346 / 60, 35, 21)
HOURLY = 2500.0
BY_DEPARTMENT = [TEATE, TOKU, SHOZEI, "小計 市民部/市民税課", SHOMEI, "小計 市民部", "合計"]


def seed(log: RunLog) -> None:
    first = make_run(
        log, MASSHO, start="2026-06-01 09:00", minutes=120, status="partial", department=SHOZEI, after=30.0
    )
    second = make_run(log, MASSHO, start="2026-06-02 09:00", minutes=60, department=SHOZEI, after=30.0)
    b = batch(log, MASSHO)
    settle(log, b, first, keys("v", 400), "done", "2026-06-01 10:00")
    settle(log, b, first, keys("f", 20), "failed", "2026-06-01 10:30")
    settle(log, b, second, keys("v", 80, 400), "done", "2026-06-02 10:00")
    tokucho = make_run(
        log, TOKUCHO, start="2026-07-10 13:00", minutes=30, department=TOKU, per_item=5.0, after=20.0
    )
    b2 = batch(log, TOKUCHO)
    settle(log, b2, tokucho, keys("t", 290), "done", "2026-07-10 13:20")
    settle(log, b2, tokucho, keys("m", 10), "manual", "2026-07-10 13:25")
    manual_step(log, tokucho, 130.0)
    sept = make_run(
        log,
        JIDO,
        start="2026-09-01 08:00",
        minutes=60,
        department=TEATE,
        per_item=6.0,
        per_run=10.0,
        after=15.0,
    )
    settle(log, batch(log, JIDO, scope="2026-09"), sept, keys("j", 200), "done", "2026-09-01 08:50")
    settle(log, batch(log, JIDO, scope="2026-09"), sept, keys("n", 5), "needs_check", "2026-09-01 08:55")
    review(log, sept, 40.0, at="2026-09-01 10:00")
    feb = make_run(
        log,
        JIDO,
        start="2027-02-01 08:00",
        minutes=30,
        department=TEATE,
        per_item=6.0,
        per_run=10.0,
        after=15.0,
    )
    settle(log, batch(log, JIDO, scope="2027-02"), feb, keys("j", 100), "done", "2027-02-01 08:20")
    make_run(log, JIDO, start="2027-03-01 08:00", minutes=10, status="failed", department=TEATE, per_item=6.0)
    april = make_run(log, JIDO, start="2027-04-02 08:00", minutes=20, department=TEATE, per_item=6.0)
    settle(log, batch(log, JIDO, scope="2027-04"), april, keys("j", 50), "done", "2027-04-02 08:10")
    for month in range(12):
        year, mon = (2026, month + 4) if month < 9 else (2027, month - 8)
        make_run(
            log,
            JUMIN,
            start=f"{year}-{mon:02d}-05 07:00",
            minutes=3,
            department=SHOMEI,
            per_item=0.0,
            per_run=45.0,
            after=5.0,
        )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("report") / "runlog.db"
    log = RunLog(f"sqlite:///{path}")
    seed(log)
    log.close()
    yield path


def report(db: Path, *args: str) -> str:
    result = CliRunner().invoke(
        main, ["report", "--fiscal-year", "2026", "--db", str(db), "--lang", "ja", *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


def shown(label: str) -> list[str]:
    """The figures as the terminal and HTML show them: 1,105 / 127.3 h / 92.9 % / ¥295,833."""
    items, _runs, before, _after, saved, rate, _robot, by_hand, errors = FIGURES[label]
    return [
        f"{items:,}",
        f"{before:.1f}",
        f"{saved:.1f}",
        f"{rate * 100:.1f}%",
        f"{by_hand:,}",
        f"{errors:,}",
        f"¥{saved * HOURLY:,.0f}",
    ]


def test_terminal_table_by_department(db: Path) -> None:
    out = report(db, "--by", "department", "--hourly-cost", "2500")
    for header in (
        "業務名",
        "件数",
        "従来の作業時間",
        "削減時間",
        "削減率",
        "ロボット稼働時間",
        "手作業に回した件数",
        "エラー",
        "削減額(円)",
    ):
        assert header in out
    lines = [line for line in out.splitlines() if "│" in line]
    labels = [line.split("│")[1].strip() for line in lines]
    assert labels == BY_DEPARTMENT
    for line, label in zip(lines, labels, strict=True):
        items, before, saved, rate, robot, by_hand, errors, yen = (c.strip() for c in line.split("│")[2:10])
        want = shown(label)
        assert [items, before.removesuffix("h"), saved.removesuffix("h"), rate, by_hand, errors, yen] == want
        hours = FIGURES[label][6]  # robot time: minutes below an hour, as the terminal table shows it
        assert robot == (f"{hours:.1f}h" if hours >= 1 else f"{round(hours * 60)}分")


def test_xlsx_by_scenario_with_chart(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "削減時間_2026年度.xlsx"
    assert f"書き出しました: {out}" in report(
        db, "--format", "xlsx", "--out", str(out), "--hourly-cost", "2500"
    )
    wb = load_workbook(out)
    ws = wb["削減時間"]
    assert ws["A1"].value == "削減時間の報告 2026-04-01 〜 2027-03-31"
    header = [c.value for c in ws[5]]
    assert header[:3] == ["業務名", "部署", "件数"] and header[-1] == "削減額(円)"
    body = {row[0]: row[1:] for row in ws.iter_rows(min_row=6, values_only=True) if row[0]}
    expected_order = [
        JIDO,
        "小計 健康福祉部/こども課/手当係",
        TOKUCHO,
        "小計 市民部/市民税課/特別徴収係",
        MASSHO,
        "小計 市民部/市民税課/諸税係",
        JUMIN,
        "小計 市民部/市民課/証明係",
        "合計",
    ]
    # under the table: the method note (従来…) and what was counted (※…): the 20 failed keys of the
    # first 抹消 run were never met again by the second run of the same batch, so they are orphans
    assert [k for k in body if not str(k).startswith(("従来", "※"))] == expected_order
    notes = [str(k) for k in body if str(k).startswith("※")]
    assert notes[0].startswith("※ 数えたもの: 実行 16 回(件ごとの処理 4 回、件のない業務 12 回)、1105 件(完了 1070、失敗 20、")
    assert "孤立)が 20 件" in notes[1] and len(notes) == 2
    for label, by_dept in (
        (MASSHO, SHOZEI),
        (TOKUCHO, TOKU),
        (JIDO, TEATE),
        (JUMIN, SHOMEI),
        ("合計", "合計"),
    ):
        dept, items, runs, before, after, saved, rate, robot, by_hand, errors, yen = body[label]
        want = FIGURES[by_dept]
        assert (dept or "") == (by_dept if label != "合計" else "")
        assert (items, runs, by_hand, errors) == (want[0], want[1], want[7], want[8])
        assert (before, after, saved, rate, robot) == pytest.approx(want[2:7])
        assert yen == pytest.approx(want[4] * HOURLY)
    assert ws.cell(6, 6).number_format == "0.0" and ws.cell(6, 8).number_format == "0.0%"
    (chart,) = ws._charts
    assert chart.type == "bar" and len(chart.series) == 2
    data = wb["グラフ用"]
    assert [tuple(r) for r in data.iter_rows(min_row=2, values_only=True)] == [
        (JIDO, 30.8, 1.7),
        (TOKUCHO, 25.0, 3.3),
        (MASSHO, 62.5, 3.0),
        (JUMIN, 9.0, 1.0),
    ]


@pytest.mark.browser
def test_html_in_headless_chromium(db: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    report(db, "--format", "html", "--by", "department", "--out", str(page_file), "--hourly-cost", "2500")
    source = page_file.read_text(encoding="utf-8")
    assert (
        "http://" not in source.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in source
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(page_file.as_uri())
        rows = page.locator("#report tbody tr").evaluate_all(
            "rows => rows.map(r => [r.className, ...Array.from(r.cells, c => c.innerText.trim())])"
        )
        bars = page.locator("svg rect[data-hours]").evaluate_all(
            "rs => rs.map(r => [r.getAttribute('class'), +r.dataset.hours, r.getBoundingClientRect().width])"
        )
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert [r[1] for r in rows] == BY_DEPARTMENT
    assert [r[0] for r in rows] == ["row"] * 3 + ["subtotal", "row", "subtotal", "total"]
    for _kind, label, items, runs, before, after, saved, rate, robot, by_hand, errors, yen in rows:
        want = shown(label)
        assert [items, before, saved, rate, by_hand, errors, yen] == want
        assert after == f"{FIGURES[label][3]:.1f}" and runs == str(FIGURES[label][1])
        assert robot == f"{FIGURES[label][6]:.1f}"
    assert [(c, h) for c, h, _ in bars] == [
        ("before", 30.8),
        ("after", 1.7),
        ("before", 25.0),
        ("after", 3.3),
        ("before", 62.5),
        ("after", 3.0),
        ("before", 9.0),
        ("after", 1.0),
    ]
    widest = max(w for _, _, w in bars)
    assert bars[4][2] == widest and bars[0][2] == pytest.approx(widest * 30.8 / 62.5, rel=0.01)
    assert shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
