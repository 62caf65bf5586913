"""The row type the table readers (Excel, CSV) return, kept apart so that reading one never imports the other."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rpa_core.api import RowSource, note_cell_read, note_empty_cell

__all__ = ["Row", "RowSource", "column_letter", "columns_of"]


class Row(dict[str, Any]):
    """One table row: header text → value, plus ``_row``, its row number in the sheet or file.

    Keys read as attributes too (``row.氏名``). Names starting with ``_`` are not served as
    attributes: Jinja's sandbox refuses those, and falls back to ``row["_row"]`` instead.

    A row knows the table it came from (``source``: Excel or CSV, file, sheet; set by the reader, or by the
    runner from the action's ``file:``/``sheet:``), and says so when an expression reads one of its empty
    cells, so that an error can name 「Excel 5行目の「氏名」」 instead of a bare ``None``.
    """

    __slots__ = ("_source",)

    def __init__(self, *args: Any, source: RowSource | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._source = source

    @property
    def source(self) -> RowSource | None:
        return self._source

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            note_empty_cell(self._source, self.get("_row"), key)
        elif key != "_row":
            note_cell_read(self._source, self.get("_row"), key)
        return value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __reduce__(self) -> Any:  # copy and pickle keep the source (dict's own would lose the slot)
        return (_rebuild, (dict(self), self._source))


def _rebuild(items: dict[str, Any], source: RowSource | None) -> Row:
    return Row(items, source=source)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column number: 1 → A, 27 → AA (as Excel shows a CSV)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def columns_of(rows: Iterable[dict[str, Any]]) -> list[str]:
    """The columns of rows written to a sheet or CSV: every key in first-seen order, without ``_row`` and other
    ``_`` keys robosan adds."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            if not str(key).startswith("_"):
                seen.setdefault(str(key), None)
    return list(seen)
