"""The row type the table readers (Excel, CSV) return, kept apart so that reading one never imports the other."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["Row", "column_letter", "columns_of"]


class Row(dict[str, Any]):
    """One table row: header text → value, plus ``_row``, its row number in the sheet or file.

    Keys read as attributes too (``row.氏名``). Names starting with ``_`` are not served as
    attributes: Jinja's sandbox refuses those, and falls back to ``row["_row"]`` instead.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


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
