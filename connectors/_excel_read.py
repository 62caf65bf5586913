"""Reading a sheet as a table: find the header (under a title, over two rows under merged groups),
then turn each row's cells into values as the sheet shows them (helpers of ``excel.read_rows``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from connectors._codes import NumberCells, code_text, general_text
from connectors._rows import Row, RowSource

if TYPE_CHECKING:  # openpyxl pulls numpy in: `robosan validate` imports this module and must stay light
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["HEADER_SEARCH_ROWS", "blank", "data_rows", "find_header", "header"]

HEADER_SEARCH_ROWS = 20
_NOT_CODES = {"0", "0.00", "#,##0", "#,##0.00", "General"}  # common number formats: no need to parse


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value: Any) -> str | None:
    if blank(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    # Alt+Enter line breaks in a Japanese header ("設立\n年月日") are layout, not part of the name
    return re.sub(r"\s*[\r\n]+\s*", "", str(value).strip())


def find_header(ws: Worksheet) -> int | None:
    """The first row (of the first 20) whose filled cells are all text, and at least two."""
    last = min(ws.max_row, HEADER_SEARCH_ROWS)
    for number, values in enumerate(ws.iter_rows(min_row=1, max_row=last, values_only=True), 1):
        filled = [v for v in values if not blank(v)]
        if len(filled) >= 2 and all(isinstance(v, str) for v in filled):
            return number
    return None


def _header_end(ws: Worksheet, row: int) -> int:
    """The last row of a header that starts at ``row``: one row, or two under merged groups."""
    ranges = list(ws.merged_cells.ranges)
    tall = [m.max_row for m in ranges if m.min_row == row and m.max_row > row]
    if tall:  # 氏名 merged over two rows beside a 住所 group
        return min(max(tall), row + 2)
    groups = [m for m in ranges if m.min_row == m.max_row == row and m.max_col > m.min_col]
    if not groups:
        return row
    grouped = {c for m in groups for c in range(m.min_col, m.max_col + 1)}
    single = {c for c in range(1, ws.max_column + 1) if not blank(ws.cell(row, c).value)} - grouped
    below = row + 1
    subheads = all(isinstance(v, str) and v.strip() for v in (ws.cell(below, c).value for c in grouped))
    # a data row would have values under the single headers too; a sub-header row does not
    if subheads and all(blank(ws.cell(below, c).value) for c in single):
        return below
    return row


def header(ws: Worksheet, row: int) -> tuple[int, dict[int, str]]:
    """(last header row, {column: unique header name}); the lowest text in a column wins."""
    end = _header_end(ws, row)
    anchor: dict[tuple[int, int], tuple[int, int]] = {}
    for m in ws.merged_cells.ranges:
        if m.max_row >= row and m.min_row <= end:
            for r in range(max(m.min_row, row), min(m.max_row, end) + 1):
                for c in range(m.min_col, m.max_col + 1):
                    anchor[(r, c)] = (m.min_row, m.min_col)
    names: dict[int, str] = {}
    for c in range(1, ws.max_column + 1):
        for r in range(row, end + 1):
            name = _header_text(ws.cell(*anchor.get((r, c), (r, c))).value)
            if name:
                names[c] = name
    return end, _unique(names)


def _unique(names: dict[int, str]) -> dict[int, str]:
    """Repeated names get ``_2``, ``_3`` in column order."""
    used: set[str] = set()
    out: dict[int, str] = {}
    for col, name in names.items():
        candidate, n = name, 1
        while candidate in used:
            n += 1
            candidate = f"{name}_{n}"
        used.add(candidate)
        out[col] = candidate
    return out


def _value(cell: Cell | MergedCell) -> tuple[Any, bool]:
    """(the value as the sheet shows it, whether the cell holds a plain number: one whose leading
    zeros, if it ever had any, Excel has already dropped)."""
    value = cell.value
    if isinstance(value, str):
        return value.strip() or None, False
    if isinstance(value, bool) or value is None:
        return value, False
    if isinstance(value, dt.datetime):
        return (value.date() if value.time() == dt.time(0) and value.tzinfo is None else value), False
    if isinstance(value, int | float):
        fmt = str(cell.number_format)
        shown = code_text(value, fmt) if "0" in fmt and fmt not in _NOT_CODES else None
        if shown is not None:  # "00000", "000-0000": the sheet shows a zero-padded code
            return shown, False
        if fmt == "@":  # a number typed before the column was made text: the sheet shows it as text
            return general_text(value), True
        if isinstance(value, float) and value.is_integer():
            return int(value), True
        return value, True
    return value, False


def data_rows(
    rows: Iterable[Sequence[Any]], first: int, names: dict[int, str], skip_blank: bool,
    source: RowSource | None = None,
) -> tuple[list[Row], NumberCells]:
    """The rows under the header (``rows``, the first being sheet row ``first``), and for each column the
    rows whose cell is a plain number. Each row is as wide as its cells; the table as wide as its widest row.

    ``source`` (file and sheet) goes with every row, so that an empty cell is named 「Excel 5行目の「氏名」」."""
    from openpyxl.utils import get_column_letter  # already loaded with the workbook: costs nothing here

    table: list[tuple[int, list[Any]]] = []
    plain: dict[int, list[int]] = {}  # column → rows holding a plain number
    for number, cells in enumerate(rows, first):
        values = []
        for c, cell in enumerate(cells, 1):
            value, is_number = _value(cell)
            values.append(value)
            if is_number:
                plain.setdefault(c, []).append(number)
        table.append((number, values))
    while table and all(v is None for v in table[-1][1]):
        table.pop()  # rows that are only formatting below the data
    width = max([len(values) for _, values in table] + list(names))
    extra = {c: f"列{get_column_letter(c)}" for c in range(1, width + 1) if c not in names}
    keys = _unique({**names, **extra})
    used = {c for _, values in table for c, v in enumerate(values, 1) if v is not None}
    columns = [
        c for c in sorted(keys) if c in names or c in used
    ]  # a headerless column only if it holds data
    out: list[Row] = []
    for number, values in table:
        if skip_blank and all(v is None for v in values):
            continue
        row = Row(((keys[c], values[c - 1] if c <= len(values) else None) for c in columns), source=source)
        row["_row"] = number
        out.append(row)
    return out, {keys[c]: plain[c] for c in columns if c in plain}
