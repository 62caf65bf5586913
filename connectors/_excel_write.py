"""Writing cells as data (the write side of :mod:`connectors.excel`; the read side is ``_excel_read``).

openpyxl is imported inside the functions: ``robosan validate`` imports the action modules and must stay light.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rpa_core.api import ActionContext, display_path, text, visible

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["note_replaced", "put", "text_width", "writable"]


@functools.cache
def _cell_tools() -> Callable[[str], bool]:
    """openpyxl's date-format test (imported once: ``put`` runs for every cell written)."""
    from openpyxl.styles.numbers import is_date_format

    return is_date_format


def put(cell: Cell | MergedCell, value: Any) -> int:
    """Store a value as data: text is never taken for a formula, dates show as 2026/04/01.

    Control characters a cell cannot hold (a form feed from a CSV, a NUL) are written as ``\\x0c``
    rather than dropped, so the clerk sees where they were; returns how many were replaced.
    """
    is_date_format = _cell_tools()
    replaced = 0
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones: keep the wall-clock time
    if value is not None and not isinstance(
        value, str | int | float | Decimal | dt.date | dt.time | dt.timedelta
    ):
        value = str(value)
    if isinstance(value, str):
        value, replaced = visible(value)
    old_format = str(cell.number_format)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, dt.date) and not is_date_format(old_format):
        cell.number_format = "yyyy/mm/dd hh:mm" if isinstance(value, dt.datetime) else "yyyy/mm/dd"
    return replaced


def note_replaced(ctx: ActionContext, count: int, path: Path) -> None:
    """Tell the clerk (log line, and so the step's message) that control characters were replaced."""
    if count:
        ctx.log(text("excel.control_chars", count=count, file=display_path(path)))


def writable(ws: Worksheet, coord: str) -> Cell | MergedCell:
    """The cell at ``coord``, or the top-left cell of the merged area it lies in."""
    from openpyxl.cell.cell import MergedCell

    cell = ws[coord]
    if isinstance(cell, MergedCell):
        for m in ws.merged_cells.ranges:
            if coord in m:
                return ws.cell(m.min_row, m.min_col)
    return cell


def text_width(value: Any) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    lines = str(value).split("\n") if value is not None else [""]
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)
