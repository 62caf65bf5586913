"""Codes in a sheet (金融機関コード, 口座番号, 郵便番号): what Excel shows for a number under a code
format, and the checks of ``excel.read_rows`` that a code column did not lose its leading zeros.

Excel drops the leading zeros of a code typed into a number cell (``0005`` is stored as 5). A
format of zeros (``0000``, ``000-0000``) only changes what the sheet *shows*, so robosan reads
that shown text; a plain number has lost its zeros for good, and robosan cannot know how many
there were. Padding them back silently could enter another person's account, so the columns a
scenario names as codes (``text_columns``) are checked and a lost zero is an error naming the
rows; a column that mixes numbers and numeric text is a warning even when nobody named it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from connectors._rows import Row
from rpa_core.api import ActionError, did_you_mean, get_lang, render, text

__all__ = [
    "CodeColumnsError",
    "CodeSpec",
    "NumberCells",
    "check_codes",
    "code_text",
    "general_text",
    "mixed_warnings",
]

# text_columns: 口座番号, [口座番号, 金融機関コード] or {金融機関コード: 4, 口座番号: 7} (null: no length).
# A plain type, so that the reference shows it as written; lengths are checked when the step runs.
CodeSpec = str | list[str] | dict[str, int | None]
NumberCells = dict[str, list[int]]  # column → sheet rows whose cell is a plain number
SHOWN_ROWS = 10  # rows named in a message; the count says how many more

_COND = re.compile(r"\[(<=|>=|<>|<|>|=)\s*(-?[0-9]+(?:\.[0-9]+)?)\]")
_TAG = re.compile(r"\[[^\]]*\]")  # [Red], [$-411], [DBNum1]…; conditions are read before these go
_TOKEN = re.compile(r'"[^"]*"|\\.|.', re.S)
# Characters with a meaning in a number format (dates, decimals, grouping, fractions, text, fill):
# a section holding one of them unquoted is not a code format.
_RESERVED = set(".,%?*_@/:;") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NUMERIC_TEXT = re.compile(r"[0-9]+")


def _sections(fmt: str) -> list[str]:
    """The ``;``-separated sections of a number format (a ``;`` inside quotes is text)."""
    out, current = [], ""
    for token in _TOKEN.findall(fmt):
        if token == ";":
            out.append(current)
            current = ""
        else:
            current += token
    return [*out, current]


def _holds(cond: tuple[str, str], n: int) -> bool:
    op, bound = cond[0], Decimal(cond[1])
    return {
        "<": n < bound,
        "<=": n <= bound,
        ">": n > bound,
        ">=": n >= bound,
        "=": n == bound,
        "<>": n != bound,
    }[op]


def _pick(sections: list[str], n: int) -> tuple[str, bool]:
    """(the section Excel uses for ``n``, whether it shows the minus sign itself)."""
    conds = [_COND.search(s) for s in sections]
    if any(conds):  # the ja built-in 郵便番号 format: [<=999]000;[<=9999]000-00;000-0000
        for section, cond in zip(sections, conds, strict=True):
            if cond is None or _holds((cond[1], cond[2]), n):
                return section, True
        return sections[-1], True
    if n < 0 and len(sections) >= 2:
        return sections[1], False
    if n == 0 and len(sections) >= 3:
        return sections[2], True
    return sections[0], True


def code_text(value: int | float, fmt: str) -> str | None:
    """What Excel shows for ``value`` under ``fmt`` if that is a code format (at least two ``0``
    digit places, no decimals, grouping or dates: ``0000``, ``000-0000``, ``"No."00000``),
    else None. Digit places fill from the right; digits beyond them go in front, as in Excel."""
    if isinstance(value, float) and not math.isfinite(value):
        return None  # a hand-made file may hold 1e999; Excel itself cannot
    n = int(Decimal(repr(value)).to_integral_value(rounding=ROUND_HALF_UP))
    section, signed = _pick(_sections(fmt), n)
    parts: list[str | None] = []  # None marks a "0" place, "#" an optional one
    for token in _TOKEN.findall(_TAG.sub("", _COND.sub("", section))):
        if token in ("0", "#"):
            parts.append(None if token == "0" else "#")
        elif token.startswith('"'):
            parts.append(token[1:-1])
        elif token.startswith("\\"):
            parts.append(token[1:])
        elif token in _RESERVED:
            return None
        else:
            parts.append(token)
    places = [i for i, p in enumerate(parts) if p is None or p == "#"]
    if sum(p is None for p in parts) < 2:
        return None  # "0" alone is a number shown without decimals, not a padded code
    digits = list(str(abs(n)))
    shown = [p or "" for p in parts]
    for i in reversed(places):
        shown[i] = digits.pop() if digits else ("0" if parts[i] is None else "")
    shown[places[0]] = "".join(digits) + shown[places[0]]
    return ("-" if n < 0 and signed else "") + "".join(shown)


def general_text(value: int | float) -> str:
    """A number as Excel's General format shows it in a text-formatted (``@``) cell."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _digit_count(value: Any) -> int:
    return sum(ch.isdigit() for ch in unicodedata.normalize("NFKC", str(value)))


def _is_numeric_text(value: Any) -> bool:
    return isinstance(value, str) and bool(_NUMERIC_TEXT.fullmatch(unicodedata.normalize("NFKC", value)))


def _rows_text(rows: list[int], lang: str) -> str:
    shown = ("、" if lang == "ja" else ", ").join(str(r) for r in rows[:SHOWN_ROWS])
    return shown + (" …" if len(rows) > SHOWN_ROWS else "")


@dataclass
class _Bad:
    column: str
    length: int | None
    lost: list[tuple[int, Any]] = field(default_factory=list)  # (row, value) stored as a number
    wrong: list[tuple[int, Any]] = field(default_factory=list)  # (row, value) of another length

    def lines(self, lang: str) -> list[str]:
        out = []
        size = "" if self.length is None else text("excel.code_length", lang, length=self.length)
        for key, cells in (("excel.code_lost", self.lost), ("excel.code_wrong_length", self.wrong)):
            if cells:
                rows = [r for r, _ in cells]
                out.append(
                    text(
                        key,
                        lang,
                        column=self.column,
                        size=size,
                        rows=_rows_text(rows, lang),
                        count=len(rows),
                        example=cells[0][1],
                    )
                )
        return out


def _spec(text_columns: CodeSpec) -> dict[str, int | None]:
    if isinstance(text_columns, str):
        return {text_columns: None}
    spec = dict.fromkeys(text_columns) if isinstance(text_columns, list) else dict(text_columns)
    for name, length in spec.items():
        if length is not None and not 1 <= length <= 64:
            raise ActionError("excel.bad_code_length", column=name, length=length)
    return spec


def check_codes(
    rows: list[Row],
    numbers: NumberCells,
    text_columns: CodeSpec,
    *,
    columns: list[str],
    file: str,
    sheet: str | None = None,
) -> None:
    """Turn each named code column into text, in place, or fail naming every cell that is not a
    whole code: a plain number with no length declared or shorter than it (its zeros are lost),
    or any value whose count of digits is not the declared length. Empty cells are left alone.
    ``sheet`` None means a CSV file: every value is text there, so only lengths can be checked
    (a CSV opened and saved again in Excel has lost its zeros), and the messages say so."""
    if sheet is None:
        lost_key, unknown_key, guess_key = (
            "csv.code_not_text",
            "csv.unknown_text_column",
            "csv.unknown_text_column_guess",
        )
    else:
        lost_key, unknown_key, guess_key = (
            "excel.code_not_text",
            "excel.unknown_text_column",
            "excel.unknown_text_column_guess",
        )
    spec = _spec(text_columns)
    for name in spec:
        if name not in columns:
            guess = did_you_mean(name, columns) or next(
                (
                    c
                    for c in columns
                    if unicodedata.normalize("NFKC", c) == unicodedata.normalize("NFKC", name)
                ),
                "",
            )
            key = guess_key if guess else unknown_key
            raise ActionError(
                key, column=name, guess=guess, file=file, sheet=sheet, headers="、".join(columns)
            )
    bad: list[_Bad] = []
    for name, length in spec.items():
        plain = set(numbers.get(name, ()))
        found = _Bad(name, length)
        for row in rows:
            value = row.get(name)
            if value is None:
                continue
            number = row["_row"] in plain
            whole = not (isinstance(value, float) and not value.is_integer()) and "." not in str(value)
            if number and (length is None or not whole or _digit_count(value) < length):
                found.lost.append((row["_row"], value))
            elif length is not None and _digit_count(value) != length:
                found.wrong.append((row["_row"], value))
            else:
                row[name] = value if isinstance(value, str) else general_text(value)
        if found.lost or found.wrong:
            bad.append(found)
    if bad:
        raise CodeColumnsError(bad, key=lost_key, file=file, sheet=sheet or "")


class CodeColumnsError(ActionError):
    """Code columns with lost zeros or other lengths: one line per column and reason, in the
    language the message is read in (the lines are built when it is rendered, not raised)."""

    def __init__(self, bad: list[_Bad], *, key: str, file: str, sheet: str) -> None:
        self.bad = bad
        first = next((b for b in bad if b.length), None)
        example = (
            f"{{{{ row.{first.column} | digits({first.length}) }}}}"
            if first
            else "{{ row.口座番号 | digits(7) }}"
        )
        super().__init__(key, file=file, sheet=sheet, example=example)

    def message(self, lang: str | None = None) -> str:
        lang = lang or get_lang()
        return "\n".join([super().message(lang), *(line for b in self.bad for line in b.lines(lang))])


def mixed_warnings(
    rows: list[Row], numbers: NumberCells, *, skip: set[str], file: str, sheet: str
) -> list[str]:
    """One warning per column that holds both plain numbers and digits typed as text (``12345``
    beside ``0012345``): the numbers have probably lost their zeros, or the text will not add up."""
    out = []
    for name, number_rows in numbers.items():
        if name in skip or not number_rows:
            continue
        plain = set(number_rows)
        texts = [r["_row"] for r in rows if r["_row"] not in plain and _is_numeric_text(r.get(name))]
        if texts:
            kwargs = {
                "file": file,
                "sheet": sheet,
                "column": name,
                "numbers": len(number_rows),
                "texts": len(texts),
                "number_row": number_rows[0],
                "text_row": texts[0],
            }
            out.append(
                render(text("excel.mixed_column", **kwargs), text("excel.mixed_column.hint", **kwargs))
            )
    return out
