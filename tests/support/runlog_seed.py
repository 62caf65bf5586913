"""Seeding a run log by hand for the report tests: runs, batches, settled items, manual minutes, reviews.

Times are given in Japan time (``"2026-06-01 09:00"``) and stored as the run log stores them (naive UTC).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from rpa_core.store.runlog import RunLog, items, reviews, runs

JST = dt.timezone(dt.timedelta(hours=9))
MASSHO = "軽自動車税 車両の抹消"
SHOZEI = "市民部/市民税課/諸税係"


def utc(jst: str) -> dt.datetime:
    """'2026-06-01 09:00' in Japan time, as the run log stores it (naive UTC)."""
    return dt.datetime.fromisoformat(jst).replace(tzinfo=JST).astimezone(dt.UTC).replace(tzinfo=None)


def make_run(
    log: RunLog,
    name: str = MASSHO,
    *,
    start: str = "2026-06-01 09:00",
    minutes: float = 60,
    status: str = "succeeded",
    department: str = SHOZEI,
    per_item: float = 7.5,
    per_run: float = 0.0,
    after: float = 0.0,
    dry: bool = False,
) -> int:
    """A finished run placed at ``start`` (JST) that lasted ``minutes`` of robot time."""
    run_id = log.start_run(
        scenario_name=name,
        scenario_file=f"scenarios/{name}/scenario.yaml",
        department=department,
        dry_run=dry,
        baseline={"minutes_per_item": per_item, "minutes_per_run": per_run, "after_minutes_per_run": after},
        inputs={},
    )
    log.finish_run(run_id, status, None, {})
    began = utc(start)
    with log.engine.begin() as conn:
        conn.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(started_at=began, finished_at=began + dt.timedelta(minutes=minutes))
        )
    return run_id


def batch(log: RunLog, name: str = MASSHO, *, scope: str = "2026-06", fresh: bool = False) -> int:
    return log.open_batch(name, "車両", {"batch": scope}, fresh=fresh)


def settle(log: RunLog, batch_id: int, run_id: int, item_keys: list[str], status: str, at: str) -> None:
    """Settle ``item_keys`` (new or resumed) as ``status`` by ``run_id`` at ``at`` (JST)."""
    known = log.item_states(batch_id)
    for key in item_keys:
        item_id = known[key]["id"] if key in known else None
        log.write_item(batch_id, key, item_id, status=status, run_id=run_id)
    with log.engine.begin() as conn:
        conn.execute(
            update(items)
            .where(items.c.batch_id == batch_id, items.c.key.in_(item_keys))
            .values(settled_at=utc(at))
        )


def keys(prefix: str, n: int, first: int = 0) -> list[str]:
    return [f"{prefix}{i:05d}" for i in range(first, first + n)]


def manual_step(log: RunLog, run_id: int, minutes: float) -> None:
    log.add_steps(
        [
            {
                "run_id": run_id,
                "seq": 1,
                "file": "scenario.yaml",
                "line": 12,
                "name": "書類の確認",
                "kind": "manual",
                "status": "done",
                "started_at": utc("2026-06-01 09:00"),
                "duration_ms": minutes * 60_000,
                "manual_minutes": minutes,
            }
        ]
    )


def review(log: RunLog, run_id: int | None, minutes: float, at: str = "2026-06-02 10:00") -> None:
    log.add_review(run_id=run_id, item_key="k", field="氏名", guess="山田", value="山田", minutes=minutes)
    with log.engine.begin() as conn:
        latest = select(func.max(reviews.c.id)).scalar_subquery()
        conn.execute(update(reviews).where(reviews.c.id == latest).values(created_at=utc(at)))
