"""What ``robosan runs`` reads: recent runs, one run's steps and items, items waiting for a clerk.

Plain reads returning rows with attribute access (``row.status``); the console formats them.
Kept here so that no SQL lives outside the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from rpa_core.store.runlog import RunLog
from rpa_core.store.status import ItemStatus
from rpa_core.store.tables import batches, items, runs, steps

__all__ = ["RunDetail", "recent_runs", "run_detail", "waiting_items"]

WAITING = (ItemStatus.NEEDS_CHECK, ItemStatus.MANUAL)  # settled by a clerk with `robosan items settle`


@dataclass(frozen=True)
class RunDetail:
    """One run with its steps (in order) and the items it last touched."""

    run: Any
    steps: list[Any]
    items: list[Any]


def recent_runs(log: RunLog, limit: int) -> list[Any]:
    """The latest ``limit`` runs, newest first (every column of ``runs``)."""
    with log.engine.connect() as conn:
        return list(conn.execute(select(runs).order_by(runs.c.id.desc()).limit(limit)))


def run_detail(log: RunLog, run_id: int) -> RunDetail | None:
    """Run ``run_id`` with its steps and items, or None when the log has no such run."""
    with log.engine.connect() as conn:
        run = conn.execute(select(runs).where(runs.c.id == run_id)).first()
        if run is None:
            return None
        step_rows = list(conn.execute(select(steps).where(steps.c.run_id == run_id).order_by(steps.c.seq)))
        item_rows = list(conn.execute(select(items).where(items.c.run_id == run_id).order_by(items.c.id)))
    return RunDetail(run, step_rows, item_rows)


def waiting_items(log: RunLog) -> list[Any]:
    """Items waiting for a clerk (needs_check, manual): key, status, row_no, message, scenario_name."""
    with log.engine.connect() as conn:
        return list(conn.execute(
            select(items.c.key, items.c.status, items.c.row_no, items.c.message, batches.c.scenario_name)
            .join(batches, items.c.batch_id == batches.c.id)
            .where(items.c.status.in_(WAITING))))
