"""Empty cells that an expression read: where they came from, so an error can name the Excel row and column.

An empty cell becomes ``None`` in an expression, and ``None`` carries no address. So the table rows
(``connectors._rows.Row``, through ``rpa_core.api``) tell this module each time an expression reads an
empty cell (:func:`note_empty`); every rendering of an expression collects those reads (:func:`collect`).
A filter that needs a value, or an action argument that needs one, asks :func:`last_empty` which cell
its ``None`` came from and fails with 「Excel 5行目の「氏名」が空です」 instead of a type error.

The reads live in a ``ContextVar`` so that two runs in one process (the scheduler) never mix them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from rpa_core.errors import BadValue

__all__ = [
    "EmptyRead",
    "Reads",
    "RowSource",
    "address",
    "collect",
    "current",
    "empty_error",
    "is_empty",
    "last_empty",
    "note_empty",
    "note_read",
]


@dataclass(frozen=True)
class RowSource:
    """The table a row was read from: ``kind`` is ``excel`` or ``csv``; ``file`` the file's name; ``sheet`` or None."""

    kind: str
    file: str
    sheet: str | None = None


@dataclass(frozen=True)
class EmptyRead:
    """One read of an empty cell: its table (None when unknown), sheet row (or CSV line) and column."""

    source: RowSource | None
    row: int | None
    column: str


@dataclass
class Reads:
    """The empty cells one rendering read, and those whose ``None`` ended up in the text it made."""

    read: list[EmptyRead] = field(default_factory=list)
    reached_text: list[EmptyRead] = field(default_factory=list)
    filled: list[EmptyRead] = field(default_factory=list)  # cells with a value: a too long value names them
    source: Any = None  # what was rendered (an action argument's YAML value), when the caller keeps it


_READS: ContextVar[Reads | None] = ContextVar("robosan_empty_reads", default=None)


def is_empty(value: Any) -> bool:
    """An empty cell's value as readers give it: None, or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def note_empty(source: RowSource | None, row: Any, column: str) -> None:
    """Called by a table row when an expression reads one of its empty cells (outside a rendering: nothing)."""
    reads = _READS.get()
    if reads is not None:
        reads.read.append(EmptyRead(source, row if isinstance(row, int) else None, str(column)))


def note_read(source: RowSource | None, row: Any, column: str) -> None:
    """Called by a table row when an expression reads one of its cells that hold a value."""
    reads = _READS.get()
    if reads is not None:
        reads.filled.append(EmptyRead(source, row if isinstance(row, int) else None, str(column)))


@contextmanager
def collect() -> Iterator[Reads]:
    """Collect the empty reads of one rendering; they are passed on to an enclosing rendering at the end."""
    outer = _READS.get()
    reads = Reads()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)
        if outer is not None:
            outer.read.extend(reads.read)
            outer.reached_text.extend(reads.reached_text)
            outer.filled.extend(reads.filled)


def current() -> Reads | None:
    return _READS.get()


def last_empty() -> EmptyRead | None:
    """The last empty cell read by the rendering under way, or None."""
    reads = _READS.get()
    return reads.read[-1] if reads is not None and reads.read else None


def address(read: EmptyRead) -> dict[str, Any]:
    """The placeholders that name a cell in a message: ``kind`` (Excel/CSV), ``where`` (file, sheet), ``row``, ``column``."""
    src = read.source
    kind = {"excel": "Excel ", "csv": "CSV "}.get(src.kind, "") if src else ""
    kind_en = {"excel": "the Excel file", "csv": "the CSV file"}.get(src.kind, "the table") if src else "the table"
    where = ""
    where_en = ""
    if src is not None:
        where = f"(ファイル {src.file}" + (f"、シート {src.sheet}" if src.sheet else "") + ")"
        where_en = f" ({src.file}" + (f", sheet {src.sheet}" if src.sheet else "") + ")"
    return {"kind": kind, "kind_en": kind_en, "row": read.row, "column": read.column, "where": where, "where_en": where_en}


def empty_error(read: EmptyRead) -> BadValue:
    """「Excel 5行目の「氏名」が空です」, with the file and sheet when known."""
    return BadValue("cell.empty_no_row" if read.row is None else "cell.empty", **address(read))
