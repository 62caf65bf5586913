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
Dry runs count nowhere; trial runs (``robosan run --trial``) and their items only when asked
(``include_trials``). An item a clerk settled as done (``robosan items settle``) is hand work: it
is priced like a manual item, never as robot savings. What was counted and left out is gathered
in :class:`ReportNotes` for the footnote. The queries are :mod:`rpa_core.store.report_queries`;
the pricing is here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from rpa_core.reports.rows import TOTAL_LABEL, UNSET_LABEL, ReportNotes, ReportRow

# The formatting lives in savings_format; re-exported so callers keep importing from here.
from rpa_core.reports.table import ReportLine, hanamaki_rows, render_table, report_lines
from rpa_core.store.report_queries import BY_HAND, FAILED_RUNS, read_report
from rpa_core.store.runlog import RunLog
from rpa_core.store.status import ItemStatus, RunStatus

__all__ = [
    "Report",
    "ReportLine",
    "ReportNotes",
    "ReportRow",
    "build_report",
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
    counts: bool  # False for dry runs (they count nowhere) and for trials unless asked for
    trial: bool
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


def _run(r: Any, include_trials: bool) -> _Run:
    """A run row of the store as the report prices it."""
    dry = bool(r.dry_run) or r.status == RunStatus.DRY_RUN
    trial = bool(r.trial) and not dry
    counts = not dry and (include_trials or not trial)  # dry runs count nowhere; trials only when asked
    return _Run(
        r.id,
        r.scenario_name,
        r.department or "",
        r.status,
        counts,
        trial,
        r.started_at,
        r.finished_at,
        _baseline(r.baseline),
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


def _price_items(
    groups: _Groups,
    item_counts: list[Any],
    all_runs: dict[int, _Run],
    clerk: dict[tuple[int, int], int],
    notes: ReportNotes,
) -> dict[Any, _Run]:
    """Add the settled items to their rows; return each batch's latest settling run in the period.

    ``clerk`` holds, per (run, batch), the done items a clerk settled: priced as hand work.
    """
    latest: dict[Any, _Run] = {}  # batch id → its latest settling run in the period
    for run_id, batch_id, status, n in sorted(item_counts, key=lambda r: (r[0] or 0, r[1], r[2])):
        run = all_runs.get(run_id)
        if run is None:
            continue
        if run.trial and status != ItemStatus.SKIPPED:
            notes.trial_items += n
        if not run.counts:
            continue
        notes.count(status, n)
        if status == ItemStatus.SKIPPED:
            continue  # never work done, never time saved; read only to say how many were left out
        row = groups.row(run)
        row.items += n
        row.before_minutes += n * run.baseline.per_item
        by_hand = n if status in BY_HAND else 0
        if status == ItemStatus.DONE:
            by_hand = min(clerk.get((run_id, batch_id), 0), n)  # a clerk's "done" is not the robot's
            notes.clerk_done += by_hand
        if by_hand:
            row.manual_items += by_hand
            row.after_minutes += by_hand * run.baseline.per_item
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


@dataclass
class Report:
    """A computed report: its rows (sorted by label), the total row (合計) and what it counted (the footnote)."""

    rows: list[ReportRow]
    total: ReportRow
    notes: ReportNotes


def compute_report(
    log: RunLog,
    start: dt.date,
    end: dt.date,
    by: Literal["scenario", "department"] = "scenario",
    *,
    include_trials: bool = False,
) -> tuple[list[ReportRow], ReportRow]:
    """Time saved from ``start`` to ``end`` (inclusive, Japan time), per scenario or department.

    Returns the rows sorted by label and a total row labelled 合計. The arithmetic is docs/architecture.md, Decisions: report arithmetic.
    """
    report = build_report(log, start, end, by, include_trials=include_trials)
    return report.rows, report.total


def build_report(
    log: RunLog,
    start: dt.date,
    end: dt.date,
    by: Literal["scenario", "department"] = "scenario",
    *,
    include_trials: bool = False,
) -> Report:
    """:func:`compute_report` with its notes: what was counted, trials, a clerk's settled items, orphans."""
    lo, hi = _utc_bounds(start, end)
    with read_report(log, lo, hi) as reader:
        item_counts = reader.item_counts()
        clerk = reader.clerk_counts()
        orphans = reader.orphan_counts()
        review_minutes = reader.review_minutes()
        manual_minutes = reader.manual_minutes()
        wanted = {int(r[0]) for r in item_counts if r[0] is not None} | {int(k) for k in review_minutes if k}
        all_runs = {run_id: _run(r, include_trials) for run_id, r in reader.runs(wanted).items()}
        itemless = reader.itemless_runs()
    notes = ReportNotes(trials_included=include_trials)
    groups = _Groups(by)
    batches = _price_items(groups, item_counts, all_runs, clerk, notes)
    for run in batches.values():
        groups.add_run(run)
    notes.batches = len(batches)
    for run_id in itemless:
        if run_id in all_runs and all_runs[run_id].counts:
            groups.add_run(all_runs[run_id])
            notes.itemless_runs += 1
    _add_run_time(groups, all_runs, manual_minutes, lo, hi)
    for owner_id, minutes in review_minutes.items():
        owner = all_runs.get(owner_id) if owner_id is not None else None
        if owner is not None and not owner.counts:
            continue
        groups.row(owner).after_minutes += minutes
    notes.trial_runs = sum(
        1 for r in all_runs.values() if r.trial and (lo <= r.started_at < hi or r.id in wanted)
    )
    notes.orphans = sum(n for run_id, n in orphans.items() if run_id in all_runs and all_runs[run_id].counts)
    rows = sorted(groups.rows.values(), key=lambda r: r.label)
    total = ReportRow(label=TOTAL_LABEL)
    for row in rows:
        total.add(row)
    return Report(rows, total, notes)
