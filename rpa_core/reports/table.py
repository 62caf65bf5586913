"""How the time-saved report is printed: the terminal table, subtotal lines, Hanamaki columns.

The figures come from :func:`rpa_core.reports.savings.compute_report`; this module only lays them out
(hours with one decimal, rates in %, robot time in minutes or hours, yen) in the current
language. Everything public here is also importable from :mod:`rpa_core.reports.savings`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rpa_core.messages import text, visible
from rpa_core.reports.rows import UNSET_LABEL, ReportNotes, ReportRow

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["ReportLine", "footnote_lines", "hanamaki_rows", "render_table", "report_lines"]

def _hours(minutes: float) -> str:
    return f"{minutes / 60.0:.1f}h"


def _rate(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100.0:.1f}%"


def _robot(seconds: float) -> str:
    if seconds >= 3600.0:
        return f"{seconds / 3600.0:.1f}h"
    return text("savings.minutes", n=round(seconds / 60.0))


@dataclass
class ReportLine:
    """A line as printed: a scenario/department row, a department subtotal (小計), or the total (合計)."""

    label: str
    row: ReportRow
    kind: Literal["row", "subtotal", "total"] = "row"


def _dept_parts(department: str) -> list[str]:
    return [p.strip() for p in department.replace("／", "/").split("/") if p.strip()]


def _sum(label: str, rows: list[ReportRow]) -> ReportRow:
    out = ReportRow(label=label)
    for row in rows:
        out.add(row)
    return out


def report_lines(
    rows: Iterable[ReportRow], total: ReportRow, by: Literal["scenario", "department"] = "scenario"
) -> list[ReportLine]:
    """The rows with department subtotal lines, then the total.

    By scenario: the scenarios grouped by their department (部/課/係), each group closed by a
    subtotal line. By department: each 部 and 部/課 that has two or more rows below it gets a
    subtotal line after them, so a 部長 sees the 部 and a 課長 the 課.
    """
    rows = list(rows)
    out: list[ReportLine] = []
    if by == "scenario":
        groups: dict[str, list[ReportRow]] = {}
        for row in sorted(rows, key=lambda r: (r.department or "\uffff", r.label)):
            groups.setdefault(row.department, []).append(row)
        for department, members in groups.items():
            out += [ReportLine(_label(r), r) for r in members]
            name = department or text("savings.unset")
            out.append(ReportLine(text("savings.subtotal", name=name), _sum(name, members), "subtotal"))
    else:
        ordered = sorted(rows, key=lambda r: _dept_parts(r.label) if r.label != UNSET_LABEL else ["\uffff"])
        for i, row in enumerate(ordered):
            out.append(ReportLine(_label(row), row))
            parts = _dept_parts(row.label)
            following = _dept_parts(ordered[i + 1].label) if i + 1 < len(ordered) else []
            for depth in range(len(parts) - 1, 0, -1):  # close the deepest group first
                prefix = parts[:depth]
                if following[:depth] == prefix:
                    continue
                members = [r for r in ordered if _dept_parts(r.label)[:depth] == prefix]
                if len(members) >= 2:
                    name = "/".join(prefix)
                    out.append(
                        ReportLine(text("savings.subtotal", name=name), _sum(name, members), "subtotal")
                    )
    out.append(ReportLine(text("savings.total"), total, "total"))
    return out


def _label(row: ReportRow) -> str:
    return text("savings.unset") if row.label == UNSET_LABEL else row.label


def _yen(value: float) -> str:
    return f"¥{value:,.0f}"


def render_table(
    rows: Iterable[ReportRow],
    total: ReportRow,
    *,
    title: str,
    by: Literal["scenario", "department"] = "scenario",
    hourly_cost: float | None = None,
) -> Table:
    """A rich table of the report, headers in the current language; subtotals, then the total in bold."""
    from rich.table import Table
    from rich.text import Text

    def plain(value: str) -> Text:  # task and department names are the clerks' words: never Rich markup
        return Text(visible(value)[0])

    table = Table(title=plain(title), show_lines=False)
    table.add_column(plain(text("savings.col.task")))
    keys = ["items", "before", "saved", "rate", "robot", "by_hand", "errors"] + (
        ["yen"] if hourly_cost else []
    )
    for key in keys:
        table.add_column(plain(text(f"savings.col.{key}")), justify="right")

    def cells(line: ReportLine) -> list[str]:
        row = line.row
        out = [
            line.label,
            f"{row.items:,}",
            _hours(row.before_minutes),
            _hours(row.saved_minutes),
            _rate(row.rate),
            _robot(row.robot_seconds),
            f"{row.manual_items:,}",
            f"{row.errors:,}",
        ]
        return out + ([_yen(row.saved_yen(hourly_cost))] if hourly_cost else [])

    for line in report_lines(rows, total, by):
        if line.kind == "total":
            table.add_section()
        table.add_row(*map(plain, cells(line)), style={"row": None, "subtotal": "italic", "total": "bold"}[line.kind])
    return table


def hanamaki_rows(rows: Iterable[ReportRow]) -> list[dict[str, str]]:
    """The four Hanamaki columns (業務名, 従来の作業時間, 削減時間, 削減率), formatted, for xlsx and html."""
    return [
        {
            "業務名": row.label,
            "従来の作業時間": _hours(row.before_minutes),
            "削減時間": _hours(row.saved_minutes),
            "削減率": _rate(row.rate),
        }
        for row in rows
    ]


def footnote_lines(notes: ReportNotes) -> list[str]:
    """What the report counted, in the current language: runs and items by status, then what needs saying.

    The terminal prints these only when ``notes.news`` (a report with nothing new to say reads as
    it always did); the workbook and the HTML page always carry them under the method note.
    """
    n = notes.by_status
    lines = [
        text(
            "report.note.counted",
            runs=notes.runs,
            batches=notes.batches,
            itemless=notes.itemless_runs,
            items=sum(v for k, v in n.items() if k != "skipped"),
            done=n.get("done", 0),
            failed=n.get("failed", 0),
            manual=n.get("manual", 0),
            needs_check=n.get("needs_check", 0),
            skipped=n.get("skipped", 0),
        )
    ]
    if notes.clerk_done:
        lines.append(text("report.note.clerk", n=notes.clerk_done))
    if notes.trial_runs:
        key = "report.note.trials_in" if notes.trials_included else "report.note.trials_out"
        lines.append(text(key, runs=notes.trial_runs, items=notes.trial_items))
    elif notes.trials_included:
        lines.append(text("report.note.no_trials"))
    if notes.orphans:
        lines.append(text("report.note.orphans", n=notes.orphans))
    return lines
