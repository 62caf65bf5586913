"""The time-saved report as an Excel workbook (with a bar chart) and as one self-contained HTML page.

Both show the same lines as the terminal table (:func:`rpa_core.reports.savings.report_lines`): the
tasks or departments, department subtotals (小計) and the total (合計), with 件数, 従来の作業時間,
削減後の作業時間, 削減時間, 削減率, ロボット稼働時間, 手作業に回した件数, エラー, and 削減額 when an
hourly cost is given. The chart compares hours before and after per task, the figure a 行革
report pastes. Hours are stored as numbers (one decimal shown) so a supervisor can sum them again.
The HTML page needs nothing from the internet: inline CSS and an inline SVG chart.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rpa_core.messages import text, visible
from rpa_core.reports.savings import ReportLine, ReportNotes, ReportRow, report_lines
from rpa_core.reports.table import footnote_lines

__all__ = ["ReportDoc", "write_html", "write_xlsx"]

@dataclass
class ReportDoc:
    """Everything one exported report shows."""

    title: str
    start: dt.date
    end: dt.date
    rows: list[ReportRow]
    total: ReportRow
    by: Literal["scenario", "department"] = "scenario"
    hourly_cost: float | None = None
    notes: ReportNotes | None = None  # what was counted: the footnote under the table

    def footnote(self) -> list[str]:
        return footnote_lines(self.notes) if self.notes is not None else []

    def lines(self) -> list[ReportLine]:
        return report_lines(self.rows, self.total, self.by)

    def headers(self) -> list[str]:
        heads = [text("savings.col.task")] + ([text("export.col.dept")] if self.by == "scenario" else [])
        heads += [
            text("savings.col.items"),
            text("export.col.runs"),
            text("export.col.before_h"),
            text("export.col.after_h"),
            text("export.col.saved_h"),
            text("savings.col.rate"),
            text("export.col.robot_h"),
            text("savings.col.by_hand"),
            text("savings.col.errors"),
        ]
        return heads + ([text("savings.col.yen")] if self.hourly_cost else [])

    def values(self, line: ReportLine) -> list[Any]:
        """One line's cells as numbers (hours unrounded; the rate a fraction or None)."""
        row = line.row
        cells: list[Any] = [line.label] + (
            [row.department if line.kind == "row" else ""] if self.by == "scenario" else []
        )
        cells += [
            row.items,
            row.runs,
            row.before_hours,
            row.after_hours,
            row.saved_hours,
            row.rate,
            row.robot_hours,
            row.manual_items,
            row.errors,
        ]
        return cells + ([row.saved_yen(self.hourly_cost)] if self.hourly_cost else [])

    def chart_rows(self) -> list[ReportRow]:
        return [line.row for line in self.lines() if line.kind == "row"]


# -- Excel -----------------------------------------------------------------------------------------
def write_xlsx(doc: ReportDoc, path: Path) -> Path:
    """Write the report workbook: the formatted table, a bar chart, and the period and method."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "削減時間" if text("savings.total") == "合計" else "Time saved"
    ws["A1"] = visible(doc.title)[0]  # task names are the clerks' words: a control character would stop openpyxl
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = text("export.period", start=doc.start, end=doc.end)
    if doc.hourly_cost:
        ws["A3"] = text("export.cost", cost=f"{doc.hourly_cost:,.0f}")
    headers = doc.headers()
    header_row = 5
    thin = Side(style="thin", color="999999")
    for col, head in enumerate(headers, 1):
        cell = ws.cell(header_row, col, head)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first_num = 3 if doc.by == "scenario" else 2
    formats = ["#,##0", "#,##0", "0.0", "0.0", "0.0", "0.0%", "0.0", "#,##0", "#,##0", "#,##0"]
    fills = {
        "subtotal": PatternFill("solid", fgColor="DDEBF7"),
        "total": PatternFill("solid", fgColor="BDD7EE"),
    }
    for r, line in enumerate(doc.lines(), header_row + 1):
        for c, value in enumerate(doc.values(line), 1):
            cell = ws.cell(r, c, "-" if value is None else visible(value)[0] if isinstance(value, str) else value)
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if c >= first_num and value is not None:
                cell.number_format = formats[c - first_num]
                cell.alignment = Alignment(horizontal="right")
            if line.kind != "row":
                cell.font = Font(bold=True)
                cell.fill = fills[line.kind]
    ws.freeze_panes = ws.cell(header_row + 1, 2)
    ws.row_dimensions[header_row].height = 32
    for col in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 34 if col <= first_num - 1 else 13
    note_row = header_row + len(doc.lines()) + 2
    ws.cell(note_row, 1, text("export.note")).alignment = Alignment(wrap_text=False)
    for offset, note in enumerate(doc.footnote(), 1):  # what was counted, one line a cell, under the method
        ws.cell(note_row + offset, 1, note).alignment = Alignment(wrap_text=False)
    _chart_sheet(wb, doc, BarChart, Reference, ws, header_row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _chart_sheet(wb: Any, doc: ReportDoc, bar_chart: Any, reference: Any, ws: Any, header_row: int) -> None:
    """The chart's data on its own sheet (the table has subtotal lines between tasks), the chart beside the table."""
    data = wb.create_sheet("グラフ用" if text("savings.total") == "合計" else "Chart data")
    data.append([text("savings.col.task"), text("export.before"), text("export.after")])
    rows = doc.chart_rows()
    for row in rows:
        data.append([visible(row.label)[0], round(row.before_hours, 1), round(row.after_hours, 1)])
    if not rows:
        return
    chart = bar_chart()
    chart.type = "bar"  # horizontal: long Japanese task names stay readable
    chart.title = text("export.chart")
    chart.y_axis.title = "h"
    chart.add_data(
        reference(data, min_col=2, max_col=3, min_row=1, max_row=len(rows) + 1), titles_from_data=True
    )
    chart.set_categories(reference(data, min_col=1, min_row=2, max_row=len(rows) + 1))
    chart.height = max(7.5, 1.2 * len(rows) + 3)
    chart.width = 18
    ws.add_chart(chart, ws.cell(header_row + len(doc.lines()) + 4 + len(doc.footnote()), 1).coordinate)


# -- HTML --------------------------------------------------------------------------------------------
_CSS = """
body{font-family:"Noto Sans CJK JP","Yu Gothic","Meiryo",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em;margin-bottom:.2em} p.meta{color:#555;margin:.2em 0}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}
th{background:#1f4e79;color:#fff;padding:.4em .6em;font-weight:bold}
td{border:1px solid #bbb;padding:.3em .6em} td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.subtotal td{background:#ddebf7;font-weight:bold} tr.total td{background:#bdd7ee;font-weight:bold}
svg text{font-size:12px} .note{color:#555;font-size:.85em;max-width:60em}
"""


def _cell(value: Any, index: int, first_num: int) -> str:
    if index < first_num:
        return f"<td>{html.escape(str(value))}</td>"
    if value is None:
        return '<td class="num">-</td>'
    kind = index - first_num  # items, runs, before, after, saved, rate, robot, by hand, errors, yen
    shown = (
        f"{value:,}"
        if kind in (0, 1, 7, 8)
        else f"{value * 100:.1f}%"
        if kind == 5
        else f"¥{value:,.0f}"
        if kind == 9
        else f"{value:.1f}"
    )
    return f'<td class="num">{shown}</td>'


def _svg_chart(rows: list[ReportRow]) -> str:
    """Horizontal bars, before (grey) and after (blue) per task, scaled to the largest value."""
    if not rows:
        return ""
    label_w, bar_w, row_h = 260, 420, 44
    top = max((max(r.before_hours, r.after_hours) for r in rows), default=0.0) or 1.0
    height = row_h * len(rows) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + bar_w + 90}" '
        f'height="{height}" aria-label="{html.escape(text("export.chart"))}">'
    ]
    for i, row in enumerate(rows):
        y = 10 + i * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end">{html.escape(row.label)}</text>'
        )
        for j, (hours, colour, name) in enumerate(
            ((row.before_hours, "#a6a6a6", "before"), (row.after_hours, "#2e75b6", "after"))
        ):
            width = max(bar_w * hours / top, 0.0)
            parts.append(
                f'<rect class="{name}" data-hours="{hours:.1f}" x="{label_w}" y="{y + j * 17}" '
                f'width="{width:.1f}" height="15" fill="{colour}"/>'
            )
            parts.append(f'<text x="{label_w + width + 4:.1f}" y="{y + j * 17 + 12}">{hours:.1f}h</text>')
    legend_y = height - 12
    parts.append(
        f'<rect x="{label_w}" y="{legend_y - 10}" width="12" height="12" fill="#a6a6a6"/>'
        f'<text x="{label_w + 16}" y="{legend_y}">{html.escape(text("export.before"))}</text>'
        f'<rect x="{label_w + 80}" y="{legend_y - 10}" width="12" height="12" fill="#2e75b6"/>'
        f'<text x="{label_w + 96}" y="{legend_y}">{html.escape(text("export.after"))}</text></svg>'
    )
    return "".join(parts)


def write_html(doc: ReportDoc, path: Path) -> Path:
    """Write the report as one HTML file (UTF-8, no external resources)."""
    first_num = 2 if doc.by == "scenario" else 1
    head = "".join(f"<th>{html.escape(h)}</th>" for h in doc.headers())
    body = []
    for line in doc.lines():
        cells = "".join(_cell(v, i, first_num) for i, v in enumerate(doc.values(line)))
        body.append(f'<tr class="{line.kind}">{cells}</tr>')
    meta = [text("export.period", start=doc.start, end=doc.end)]
    if doc.hourly_cost:
        meta.append(text("export.cost", cost=f"{doc.hourly_cost:,.0f}"))
    lang = "ja" if text("savings.total") == "合計" else "en"
    page = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(doc.title)}</title>'
        f"<style>{_CSS}</style></head><body><h1>{html.escape(doc.title)}</h1>"
        + "".join(f'<p class="meta">{html.escape(m)}</p>' for m in meta)
        + f'<table id="report"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        + f"<h2>{html.escape(text('export.chart'))}</h2><figure>{_svg_chart(doc.chart_rows())}</figure>"
        + f'<p class="note">{html.escape(text("export.note"))}</p>'
        + "".join(f'<p class="note counted">{html.escape(line)}</p>' for line in doc.footnote())
        + "</body></html>\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
