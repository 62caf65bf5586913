"""The store side of the purge (issue 13), on a real SQLite run log: what goes, what stays, and the audit.

Each rule has the case that would wrongly delete something: unfinished work, the report's figures, a
folder that is not the run's, a file a scenario wrote into a 課's own folder, a purge killed half-way.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from rpa_core.errors import InputError
from rpa_core.reports.savings import build_report
from rpa_core.store.ledger import settle_waiting
from rpa_core.store.purge import _Purge, cutoff_for, list_purges, parse_period, purge, retention_days
from rpa_core.store.review_queue import ReviewStore
from rpa_core.store.runlog import RunLog
from rpa_core.store.tables import artifacts, item_events, items, ocr_forms, ocr_queue, reviews, runs, steps
from tests.support.runlog_seed import batch, make_run, manual_step, review, utc

TASK = "軽自動車税 減免申請の登録"
CUTOFF = utc("2026-01-01 00:00")


@pytest.fixture
def log(tmp_path: Path) -> Iterator[RunLog]:
    runlog = RunLog(f"sqlite:///{tmp_path / 'log.db'}")
    yield runlog
    runlog.close()


def _items(log: RunLog, run_id: int, b: int, at: str, **keys: str) -> dict[str, int]:
    """Items ``key → status`` written by ``run_id`` with 氏名 in result and message, settled/updated at ``at`` (JST)."""
    ids = {}
    for key, status in keys.items():
        ids[key] = log.write_item(b, key, None, status=status, run_id=run_id, message=f"{key} 盛岡花子 様",
                                  result={"氏名": "盛岡花子", "住所": "岩手県盛岡市内丸10-1"})
    with log.engine.begin() as conn:
        conn.execute(update(items).where(items.c.id.in_(ids.values())).values(updated_at=utc(at)))
        conn.execute(update(items).where(items.c.id.in_(ids.values()), items.c.settled_at.is_not(None))
                     .values(settled_at=utc(at)))
    return ids


def test_unfinished_items_are_never_purged_whatever_their_age(log: RunLog, robosan_home: Path) -> None:
    run_id = make_run(log, TASK, start="2025-06-01 09:00")
    ids = _items(log, run_id, batch(log, TASK), "2025-06-01 10:00", done="done", skipped="skipped", pending="pending",
                 in_progress="in_progress", failed="failed", manual="manual", needs_check="needs_check")
    def rows() -> dict[int, tuple[str | None, object]]:
        with log.engine.connect() as conn:
            return {r.id: (r.message, r.result) for r in conn.execute(select(items.c.id, items.c.message, items.c.result))}

    before = rows()
    counts = purge(log, CUTOFF, home=robosan_home)
    after = rows()
    with log.engine.connect() as conn:
        run = conn.execute(select(runs.c.inputs, runs.c.message).where(runs.c.id == run_id)).one()
    for key, item_id in ids.items():
        if key in ("done", "skipped"):
            assert before[item_id][1] == {"氏名": "盛岡花子", "住所": "岩手県盛岡市内丸10-1"}
            assert after[item_id] == (None, None), key
        else:
            assert after[item_id] == before[item_id] and "盛岡花子" in str(after[item_id][0]), key
    assert counts["items"] == 2 and counts["kept_unfinished"] == 5
    assert counts["runs"] == 0 and run.inputs == {}  # the run holds unfinished items: kept (inputs were empty)


def test_the_report_of_an_old_period_is_the_same_after_the_purge(log: RunLog, robosan_home: Path) -> None:
    run_id = make_run(log, TASK, start="2025-06-01 09:00", per_item=6.0, per_run=10.0)
    b = batch(log, TASK)
    _items(log, run_id, b, "2025-06-01 10:00", **{f"K{i}": "done" for i in range(5)}, W1="needs_check", W2="manual")
    settle_waiting(log, ["W1"], "done", TASK, reason="盛岡花子さんに電話で確認済み")  # a clerk's hand work
    manual_step(log, run_id, 12.5)
    review(log, run_id, 3.0, at="2025-06-01 11:00")
    with log.engine.begin() as conn:  # the clerk settled W1 back then, too
        conn.execute(update(items).where(items.c.key == "W1").values(settled_at=utc("2025-06-02 10:00")))
        conn.execute(update(item_events).values(at=utc("2025-06-02 10:00")))
        conn.execute(update(steps).values(message="盛岡花子"))

    def figures() -> tuple[object, ...]:
        report = build_report(log, dt.date(2025, 4, 1), dt.date(2026, 3, 31))
        return tuple((r.label, r.items, r.runs, r.before_minutes, r.after_minutes, r.manual_items)
                     for r in (*report.rows, report.total))

    before = figures()
    # 7 items × 6 + one run × 10 before; after: 2 by hand × 6 + 12.5 manual-step + 3 review minutes
    assert before[-1] == ("合計", 7, 1, 52.0, 27.5, 2)
    counts = purge(log, CUTOFF, home=robosan_home)
    assert figures() == before
    assert counts["items"] == 6 and counts["item_events"] == 1 and counts["reviews"] == 1
    assert counts["steps"] == 0  # the run's own steps stay while it holds the manual item W2
    with log.engine.connect() as conn:
        assert conn.execute(select(item_events.c.reason)).scalar() is None
        assert conn.execute(select(reviews.c.guess, reviews.c.value, reviews.c.minutes)).one() == (None, None, 3.0)
        assert conn.execute(select(items.c.message).where(items.c.key == "W2")).scalar() is not None  # manual: waits


def _form(log: RunLog, sha: str, *, pending: bool) -> int:
    store = ReviewStore(log)
    form_id = store.add_form(
        {"template": "kofu.yaml", "template_digest": "d" * 32, "file": f"/scan/{sha}.png", "file_sha": sha, "page": 1,
         "status": "review", "message": None, "fields": {"氏名": {"text": "盛岡花子"}}, "run_id": None},
        [{"field": "氏名", "type": "text", "guess": "盛岡花子", "raw": "盛岡花子", "confidence": 41.0, "reason": None,
          "crop": None}])
    if not pending:
        queue_id = int(log.engine.connect().execute(select(ocr_queue.c.id).where(ocr_queue.c.form_id == form_id))
                       .scalar() or 0)
        store.resolve(queue_id, accepted=True, value="盛岡花子", minutes=1.0,
                      review={"run_id": None, "item_key": None, "field": "氏名", "guess": "盛岡花子"})
    with log.engine.begin() as conn:
        conn.execute(update(ocr_forms).where(ocr_forms.c.id == form_id).values(read_at=utc("2025-05-01 09:00")))
    return form_id


def test_old_ocr_reads_go_unless_a_field_still_waits_for_a_clerk(log: RunLog, robosan_home: Path) -> None:
    answered, waiting = _form(log, "a" * 64, pending=False), _form(log, "b" * 64, pending=True)
    counts = purge(log, CUTOFF, home=robosan_home)
    with log.engine.connect() as conn:
        assert [r[0] for r in conn.execute(select(ocr_forms.c.id))] == [waiting]
        assert [r[0] for r in conn.execute(select(ocr_queue.c.form_id))] == [waiting]
    assert counts["ocr_forms"] == 1 and answered != waiting


def test_files_only_robosan_s_own_and_only_the_run_s(log: RunLog, robosan_home: Path, tmp_path: Path) -> None:
    here = socket.gethostname()
    old = CUTOFF - dt.timedelta(days=30)
    stamp = old.replace(tzinfo=dt.UTC).timestamp()
    mine, other_pc, reused = (make_run(log, TASK, start="2025-06-01 09:00") for _ in range(3))
    with log.engine.begin() as conn:
        conn.execute(update(runs).where(runs.c.id == other_pc).values(host=f"not-{here}"))
    share = tmp_path / "共有" / "市民課" / "減免一覧.xlsx"  # a workbook the scenario wrote for the 課
    share.parent.mkdir(parents=True)
    share.write_bytes(b"PK")
    for run_id in (mine, other_pc, reused):
        folder = robosan_home / "runs" / f"{run_id:06d}"
        (folder / "screenshots").mkdir(parents=True)
        for f in (folder / "result.xlsx", folder / "screenshots" / "error.png"):
            f.write_bytes(b"x")
            os.utime(f, (stamp, stamp))
        log.add_artifact(run_id, "screenshot", str(folder / "screenshots" / "error.png"))
    log.add_artifact(mine, "excel", str(share))
    (robosan_home / "runs" / f"{reused:06d}" / "result.xlsx").touch()  # a new file: the folder is not that run's
    logs = robosan_home / "logs" / "scheduler"
    logs.mkdir(parents=True)
    (logs / "20250601-0030-tokucho.log").write_text("盛岡花子", encoding="utf-8")
    (logs / "20261201-0030-tokucho.log").write_text("奥州夏美", encoding="utf-8")

    dry = purge(log, CUTOFF, home=robosan_home, dry_run=True)
    assert (robosan_home / "runs" / f"{mine:06d}").exists() and dry["files"] == 3
    counts = purge(log, CUTOFF, home=robosan_home)
    assert counts["files"] == 3 and counts["files_failed"] == 0 and counts["artifacts"] == 4
    assert not (robosan_home / "runs" / f"{mine:06d}").exists()
    assert (robosan_home / "runs" / f"{other_pc:06d}" / "result.xlsx").exists()  # another PC's run: its folder is not here
    assert (robosan_home / "runs" / f"{reused:06d}" / "screenshots" / "error.png").exists()
    assert share.exists()  # the 課's own file is never deleted, only its record
    assert sorted(p.name for p in logs.iterdir()) == ["20261201-0030-tokucho.log"]
    with log.engine.connect() as conn:
        assert conn.execute(select(artifacts.c.id)).first() is None


def test_a_purge_killed_half_way_leaves_an_audit_row_that_says_so(log: RunLog, robosan_home: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    run_id = make_run(log, TASK, start="2025-06-01 09:00")
    _items(log, run_id, batch(log, TASK), "2025-06-01 10:00", **{f"K{i}": "done" for i in range(5)})
    real = _Purge.clear_items
    calls: list[int] = []

    def dies_on_the_third_chunk(self: _Purge, conn: object, ids: list[int]) -> None:
        calls.append(len(ids))
        if len(calls) == 3:
            raise KeyboardInterrupt  # the PC is switched off
        real(self, conn, ids)  # type: ignore[arg-type]

    monkeypatch.setattr(_Purge, "clear_items", dies_on_the_third_chunk)
    with pytest.raises(KeyboardInterrupt):
        purge(log, CUTOFF, home=robosan_home, chunk=2, actor="kikaku01", host="ROBOT-PC2", reason="年次削除")
    (row,) = list_purges(log)
    assert (row.actor, row.host, row.trigger, row.reason) == ("kikaku01", "ROBOT-PC2", "manual", "年次削除")
    assert row.counts["complete"] is False and row.counts["items"] == 4  # two chunks of two were committed
    monkeypatch.setattr(_Purge, "clear_items", real)
    again = purge(log, CUTOFF, home=robosan_home)
    assert again["items"] == 1 and list_purges(log)[0].counts["complete"] is True


def test_periods_and_the_cut_off_in_japan_time(tmp_path: Path) -> None:
    assert [parse_period(v) for v in ("400d", "400", " 400日 ", 400, "30days")] == [400, 400, 400, 400, 30]
    for bad in ("13m", "1y", "-5", "0", "", "４００", True, "400 d x"):
        with pytest.raises(InputError):
            parse_period(bad)
    assert retention_days("400d", path="settings.yaml") == 400
    with pytest.raises(InputError) as short:
        retention_days(29, path="C:/robosan/settings.yaml")
    assert "C:/robosan/settings.yaml" in short.value.render() and "30" in short.value.render()
    jst = dt.timezone(dt.timedelta(hours=9))
    # 00:30 JST on 8 December is still the 7th in UTC: the cut-off follows the Japanese date
    assert cutoff_for(400, dt.datetime(2026, 12, 8, 0, 30, tzinfo=jst)) == utc("2025-11-03 00:00")
    assert cutoff_for(400, dt.datetime(2026, 12, 7, 23, 59, tzinfo=jst)) == utc("2025-11-02 00:00")


def test_a_chunk_refused_as_busy_is_retried_whole_and_counted_once(log: RunLog, robosan_home: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from rpa_core.store.database import StoreBusy

    run_id = make_run(log, TASK, start="2025-06-01 09:00")
    _items(log, run_id, batch(log, TASK), "2025-06-01 10:00", **{f"K{i}": "done" for i in range(3)})
    real = _Purge.clear_items
    calls: list[int] = []

    def busy_once(self: _Purge, conn: object, ids: list[int]) -> None:
        real(self, conn, ids)  # type: ignore[arg-type]
        calls.append(len(ids))
        if len(calls) == 1:  # a run committed between this chunk's read and its write (WAL snapshot)
            raise StoreBusy("log.db", 1.0)

    monkeypatch.setattr(_Purge, "clear_items", busy_once)
    counts = purge(log, CUTOFF, home=robosan_home)
    assert calls == [3, 3] and counts["items"] == 3 and list_purges(log)[0].counts["items"] == 3
