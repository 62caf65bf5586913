"""The review queue: `robosan review` driven through stdin, and `ocr.read_forms` in a scenario."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ocr.queue import ReviewQueue
from rpa_core.language.filters import wareki
from rpa_core.store.runlog import RunLog, reviews
from rpa_core.store.tables import ocr_queue
from tests.support.scenario_modules import load_scenario_module

pytestmark = pytest.mark.tesseract

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "nursery_application"
make_forms = load_scenario_module("nursery_application", "make_forms")
ROBOSAN = str(ROOT / ".venv" / "bin" / "robosan")


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


def strict_template(folder: Path, *fields: str) -> Path:
    """The nursery template with ``review: always`` on some fields, so they are sure to be queued."""
    for name in ("template.yaml", "blank.png"):
        shutil.copy(SCENARIO / name, folder / name)
    path = folder / "template.yaml"
    text = path.read_text(encoding="utf-8")
    for field in fields:
        old = f"{{name: {field}, type: text, box: "
        assert old in text
        text = text.replace(old, f"{{name: {field}, type: text, review: always, box: ")
    path.write_text(text, encoding="utf-8")
    return path


def test_review_cli_through_stdin(tmp_path: Path) -> None:
    scans = make_forms.make_scans(tmp_path / "scans", 1, seed=21, mincho_rate=0.0)
    truth = json.loads(scans[0].with_suffix(".json").read_text(encoding="utf-8"))["fields"]
    template = strict_template(tmp_path, "保護者氏名", "住所", "児童氏名")
    db = tmp_path / "log.db"
    proc = subprocess.run(
        [
            ROBOSAN,
            "ocr",
            "read",
            str(template),
            str(tmp_path / "scans"),
            "--db",
            str(db),
            "--out",
            str(tmp_path / "rows.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "rows.xlsx").is_file()
    queue = ReviewQueue(RunLog(f"sqlite:///{db}"))
    pending = queue.pending()
    names = [p.field for p in pending]
    assert {"保護者氏名", "住所", "児童氏名"} <= set(names)
    kinds = {f: t for f, t in ((p.field, p.type) for p in pending)}
    lines = []
    for item in pending[:-1]:
        if item.type == "wareki_date":
            lines.append("4/1")  # not a date: asked again
        answer = typed(truth[item.field], kinds[item.field] if item.type != "text" else "text")
        lines.append("" if answer == item.guess else answer)  # Enter accepts a right guess
    lines.append("s")  # the last one is left for later
    proc = subprocess.run(
        [ROBOSAN, "review", "--db", str(db)],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert pending[0].field in proc.stdout and (pending[0].crop or "") in proc.stdout
    log = RunLog(f"sqlite:///{db}")
    with log.engine.connect() as conn:
        answered = {
            r.field: r for r in conn.execute(select(ocr_queue).where(ocr_queue.c.status != "pending"))
        }
        logged = list(conn.execute(select(reviews)))
    assert set(answered) == {p.field for p in pending[:-1]}
    for item in pending[:-1]:
        expected = truth[item.field]
        expected = ("true" if expected else "false") if isinstance(expected, bool) else str(expected)
        assert answered[item.field].value == expected
    assert len(logged) == len(pending) - 1
    assert all(r.minutes > 0 and r.item_key == scans[0].name for r in logged)
    assert [p.field for p in queue.pending()] == [pending[-1].field]


@pytest.mark.slow
def test_read_forms_in_the_scenario(tmp_path: Path, run_file: Callable[..., Any]) -> None:
    from openpyxl import load_workbook

    from ocr.review import walk_queue
    from rpa_core.reports.savings import compute_report

    folder = tmp_path / "nursery"
    folder.mkdir()
    for name in ("scenario.yaml", "find_application.yaml"):  # with the parts it calls
        shutil.copy(SCENARIO / name, folder / name)
    (tmp_path / "business_registration").mkdir()
    shutil.copy(ROOT / "scenarios" / "business_registration" / "login.yaml", tmp_path / "business_registration")
    strict_template(folder, "児童氏名")  # every form has one field to review
    scans = make_forms.make_scans(folder / "scans", 2, seed=31, mincho_rate=0.0)
    (folder / "scans" / "scan_0009.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    first = run_file(folder / "scenario.yaml", unattended=True, inputs={"url": ""})  # the workbook only
    out = folder / "out" / "保育所入所申込一覧.xlsx"
    assert load_workbook(out)["申込一覧"].max_row == 1  # header only: both forms wait for review
    lines = "\n".join(first.observer.lines)
    assert "scan_0009.jpg" in lines
    log: RunLog = run_file.log  # type: ignore[attr-defined]
    queue = ReviewQueue(log)
    truths = {p.name: json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["fields"] for p in scans}
    pending = queue.pending()
    answers = iter([typed(truths[Path(p.file).name][p.field], p.type) for p in pending])
    walk_queue(queue, pending, lambda _prompt: next(answers), lambda _line: None)
    second = run_file(folder / "scenario.yaml", unattended=True, inputs={"url": ""})
    rows = list(load_workbook(out)["申込一覧"].iter_rows(values_only=True))
    header = rows[0]
    got = {r[header.index("ファイル")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert set(got) == {p.name for p in scans}
    for name, truth in truths.items():
        assert got[name]["児童氏名"] == truth["児童氏名"]  # the clerk's answer
        assert got[name]["郵便番号"] == truth["郵便番号"] or truth["郵便番号"] is None
    with log.engine.connect() as conn:
        review_runs = {r.run_id for r in conn.execute(select(reviews))}
    assert review_runs == {first.run_id}
    _rows, total = compute_report(
        log, dt.date.today() - dt.timedelta(days=1), dt.date.today() + dt.timedelta(days=1)
    )
    assert total.after_minutes > 0
    assert second.exit_code == 1  # the damaged scan is a failed item, named in the result
