"""``excel.read_rows`` in openpyxl's read-only mode: the sheet is streamed, never held whole (issue 13).

A workbook loaded normally costs ~370 bytes a cell (100,000 rows × 30 columns: 1.1 GB); read-only mode parses
the sheet's XML as it goes. What read-only mode lacks is provided here: the first rows are kept in a small
:class:`HeadSheet` (the header is searched there, as before), and the merged ranges a two-row header needs
are read from the sheet's ``<mergeCells>`` with a byte search over the XML (openpyxl skips them in this
mode). The dimension the file declares is not trusted: each row is as wide as its cells, so data to the
right of a wrong ``<dimension>`` is never cut off silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = ["HeadSheet", "head_and_rest"]

_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\s+ref="([A-Za-z]{1,3}\d+:[A-Za-z]{1,3}\d+)"')
_CHUNK = 1 << 20


class _Empty:
    value = None
    number_format = "General"


_EMPTY = _Empty()


class _Merged:
    def __init__(self, ranges: list[Any]) -> None:
        self.ranges = ranges


class HeadSheet:
    """The first rows of a read-only sheet, with the sheet's merged ranges: what the header search needs
    (``cell``, ``iter_rows``, ``max_row``, ``max_column``, ``merged_cells.ranges``), from memory."""

    def __init__(self, title: str, rows: list[tuple[Any, ...]], merged: list[Any]) -> None:
        self.title = title
        self.rows = rows
        self.max_row = len(rows)
        self.max_column = max((len(r) for r in rows), default=0)
        self.merged_cells = _Merged(merged)

    def cell(self, row: int, column: int) -> Any:
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return _EMPTY

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, values_only: bool = False) -> Iterator[Any]:
        for number in range(min_row, (max_row or self.max_row) + 1):
            cells = [self.cell(number, c) for c in range(1, self.max_column + 1)]
            yield tuple(c.value for c in cells) if values_only else tuple(cells)


def _merged_ranges(ws: ReadOnlyWorksheet, last_row: int) -> list[Any]:
    """The merged ranges that start at or above ``last_row``, found by a byte search of the sheet's XML."""
    from openpyxl.worksheet.cell_range import CellRange

    found: dict[str, Any] = {}
    tail = b""
    with ws._get_source() as src:
        while True:
            chunk = src.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            if b"mergeCell" in data:
                for m in _MERGE.finditer(data):
                    ref = m.group(1).decode("ascii").upper()
                    if ref not in found and (cell_range := CellRange(ref)).min_row <= last_row:
                        found[ref] = cell_range
            tail = data[-200:]  # a ref cut between two pieces is found with the next
    return list(found.values())


def head_and_rest(ws: ReadOnlyWorksheet, head_rows: int) -> tuple[HeadSheet, Iterator[tuple[Any, ...]]]:
    """(the first ``head_rows`` rows as a HeadSheet, an iterator over the rows after them)."""
    ws.reset_dimensions()  # the declared <dimension> may be wrong: rows are as wide as their cells
    rows = ws.iter_rows()
    head: list[tuple[Any, ...]] = []
    for cells in rows:
        head.append(tuple(cells))
        if len(head) == head_rows:
            break
    return HeadSheet(ws.title, head, _merged_ranges(ws, head_rows)), rows
