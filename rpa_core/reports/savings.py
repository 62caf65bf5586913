"""Time saved: the numbers supervisors read, in the Hanamaki format (docs/architecture.md, Decisions: report arithmetic).

For a period (inclusive dates in Japan time; the log stores naive UTC)::

    before = items × minutes_per_item + runs × minutes_per_run
    after  = (manual + failed + needs_check items) × minutes_per_item
             + manual-step minutes + review minutes + runs × after_minutes_per_run
    saved  = before − after;  rate = saved / before

Items are ledger rows settled in the period (not ``skipped``), each priced with the baseline
stored on the run that settled it. Runs are batches with a settled item in the period (a
resumed batch is one run), plus finished runs of scenarios without an item loop. Robot
machine time is shown beside these figures, never subtracted as if it were staff time.
Dry runs count nowhere. The queries are :mod:`rpa_core.store.report_queries`; the pricing is here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from rpa_core.reports.rows import TOTAL_LABEL, UNSET_LABEL, ReportRow

# The formatting lives in savings_format; re-exported so callers keep importing from here.
from rpa_core.reports.table import ReportLine, hanamaki_rows, render_table, report_lines
from rpa_core.store.report_queries import BY_HAND, FAILED_RUNS, read_report
from rpa_core.store.runlog import RunLog
from rpa_core.store.status import ItemStatus, RunStatus

__all__ = [
    "ReportLine",
    "ReportRow",
    "compute_report",
    "current_fiscal_year",
    "fiscal_year_range",
    "hanamaki_rows",
    "render_table",
    "report_lines",
]

# A fixed offset, not zoneinfo: office PCs on Windows may lack tz data, and Japan has no DST.
JST = dt.timezone(dt.timedelta(hours=9), "JST")


def fiscal_year_range(year: int) -> tuple[dt.date, dt.date]:
    """Japanese fiscal year ``year`` (年度): April 1 of ``year`` to March 31 of the next year, inclusive."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def current_fiscal_year(today: dt.date) -> int:
    """The fiscal year that ``today`` falls in (January–March belong to the previous year's 年度)."""
    return today.year if today.month >= 4 else today.year - 1


class _Baseline(NamedTuple):
    per_item: float
    per_run: float
    after_per_run: float


class _Run(NamedTuple):
    id: int
    scenario_name: str
    department: str
    status: str
    counts: bool  # False for dry runs: they count nowhere
    started_at: dt.datetime
    finished_at: dt.datetime | None
    baseline: _Baseline


def _baseline(raw: Any) -> _Baseline:
    data: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}

    def num(key: str) -> float:
        try:
            return float(data.get(key) or 0.0)
        except (TypeError, ValueError):
            return 0.0

    return _Baseline(num("minutes_per_item"), num("minutes_per_run"), num("after_minutes_per_run"))


def _run(r: Any) -> _Run:
    """A run row of the store as the report prices it."""
    counts = not r.dry_run and r.status != RunStatus.DRY_RUN  # dry runs count nowhere
    return _Run(
        r.id, r.scenario_name, r.department or "", r.status, counts, r.started_at, r.finished_at, _baseline(r.baseline)
    )


def _utc_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Naive-UTC [lo, hi) covering the JST dates ``start``..``end`` inclusive, as the log stores times."""

    def utc(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), JST).astimezone(dt.UTC).replace(tzinfo=None)

    return utc(start), utc(end + dt.timedelta(days=1))


class _Groups:
    """Report rows keyed by scenario name or department string."""

    def __init__(self, by: Literal["scenario", "department"]) -> None:
        self.by = by
        self.rows: dict[str, ReportRow] = {}

    def row(self, run: _Run | None) -> ReportRow:
        if run is None:  # a review not tied to a run
            key, department = UNSET_LABEL, ""
        else:
            key = (run.scenario_name if self.by == "scenario" else run.department) or UNSET_LABEL
            department = run.department
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = ReportRow(label=key, department=department)
        elif department:
            row.department = department
        return row

    def add_run(self, run: _Run) -> None:
        """One run of work: the per-run baseline before, the declared after-minutes after."""
        row = self.row(run)
        row.runs += 1
        row.before_minutes += run.baseline.per_run
        row.after_minutes += run.baseline.after_per_run


def _price_items(groups: _Groups, item_counts: list[Any], all_runs: dict[int, _Run]) -> dict[Any, _Run]:
    """Add the settled items to their rows; return each batch's latest settling run in the period."""
    latest: dict[Any, _Run] = {}  # batch id → its latest settling run in the period
    for run_id, batch_id, status, n in sorted(item_counts, key=lambda r: (r[0] or 0, r[1], r[2])):
        run = all_runs.get(run_id)
        if run is None or not run.counts:
            continue
        row = groups.row(run)
        row.items += n
        row.before_minutes += n * run.baseline.per_item
        if status in BY_HAND:
            row.manual_items += n
            row.after_minutes += n * run.baseline.per_item
        if status == ItemStatus.FAILED:
            row.errors += n
        if batch_id not in latest or (run.started_at, run.id) > (
            latest[batch_id].started_at,
            latest[batch_id].id,
        ):
            latest[batch_id] = run
    return latest


def _add_run_time(
    groups: _Groups,
    all_runs: dict[int, _Run],
    manual_minutes: dict[int, float],
    lo: dt.datetime,
    hi: dt.datetime,
) -> None:
    """Robot time, manual-step minutes and failed runs of the counted runs started in the period."""
    for run in sorted(all_runs.values(), key=lambda r: r.id):
        if not run.counts or not lo <= run.started_at < hi:
            continue
        row = groups.row(run)
        if run.finished_at is not None:
            row.robot_seconds += max((run.finished_at - run.started_at).total_seconds(), 0.0)
        row.after_minutes += manual_minutes.get(run.id, 0.0)
        row.errors += int(run.status in FAILED_RUNS)


def compute_report(
    log: RunLog, start: dt.date, end: dt.date, by: Literal["scenario", "department"] = "scenario"
) -> tuple[list[ReportRow], ReportRow]:
    """Time saved from ``start`` to ``end`` (inclusive, Japan time), per scenario or department.

    Returns the rows sorted by label and a total row labelled 合計. The arithmetic is docs/architecture.md, Decisions: report arithmetic.
    """
    lo, hi = _utc_bounds(start, end)
    with read_report(log, lo, hi) as reader:
        item_counts = reader.item_counts()
        review_minutes = reader.review_minutes()
        manual_minutes = reader.manual_minutes()
        wanted = {int(r[0]) for r in item_counts if r[0] is not None} | {int(k) for k in review_minutes if k}
        all_runs = {run_id: _run(r) for run_id, r in reader.runs(wanted).items()}
        itemless = reader.itemless_runs()
    groups = _Groups(by)
    for run in _price_items(groups, item_counts, all_runs).values():
        groups.add_run(run)
    for run_id in itemless:
        if run_id in all_runs:
            groups.add_run(all_runs[run_id])
    _add_run_time(groups, all_runs, manual_minutes, lo, hi)
    for owner_id, minutes in review_minutes.items():
        owner = all_runs.get(owner_id) if owner_id is not None else None
        if owner is not None and not owner.counts:
            continue
        groups.row(owner).after_minutes += minutes
    rows = sorted(groups.rows.values(), key=lambda r: r.label)
    total = ReportRow(label=TOTAL_LABEL)
    for row in rows:
        total.add(row)
    return rows, total
