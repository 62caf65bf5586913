"""Label sheets (where each label sits on the page) and the lines of one label (what goes where).

Sizes are in millimetres as printed on label packets; reportlab works in points (1 mm = 72/25.4 pt).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["LAYOUTS", "Line", "Sheet", "compose", "layout_by_name", "wrap"]

MM = 72 / 25.4


class Sheet(BaseModel):
    """A label sheet in mm: ``columns`` × ``rows`` labels of ``width`` × ``height``, the first one at
    (``left``, ``top``) from the paper's top-left corner, the next ones every ``pitch_x``/``pitch_y``."""

    model_config = ConfigDict(extra="forbid")

    columns: int = Field(ge=1, le=10)
    rows: int = Field(ge=1, le=30)
    width: float = Field(gt=10, le=300)
    height: float = Field(gt=10, le=300)
    top: float = Field(default=0, ge=0)
    left: float = Field(default=0, ge=0)
    pitch_x: float | None = None
    pitch_y: float | None = None
    page_width: float = 210.0
    page_height: float = 297.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def fits_page(self) -> bool:
        px, py = self.pitch_x or self.width, self.pitch_y or self.height
        right = self.left + px * (self.columns - 1) + self.width
        bottom = self.top + py * (self.rows - 1) + self.height
        return right <= self.page_width + 0.5 and bottom <= self.page_height + 0.5

    def box(self, position: int) -> tuple[float, float, float, float]:
        """(x, y, width, height) in points of the label at ``position`` (0 = top left, row by row)."""
        row, col = divmod(position, self.columns)
        px, py = self.pitch_x or self.width, self.pitch_y or self.height
        x = (self.left + col * px) * MM
        top = (self.top + row * py) * MM
        return x, (self.page_height * MM) - top - self.height * MM, self.width * MM, self.height * MM


# Common A4 sheets (エーワン/コクヨ sizes of the kind sold for 宛名ラベル). Measure yours and give
# ``custom:`` if it differs; ``border: true`` prints the outlines on plain paper to compare.
LAYOUTS: dict[str, Sheet] = {
    "A4-12": Sheet(columns=2, rows=6, width=86.4, height=42.3, top=21.6, left=18.6),
    "A4-18": Sheet(columns=2, rows=9, width=86.4, height=31.0, top=9.0, left=18.6),
    "A4-21": Sheet(columns=3, rows=7, width=70.0, height=38.1, top=15.15, left=0),
    "A4-24": Sheet(columns=3, rows=8, width=70.0, height=33.9, top=12.9, left=0),
}


def layout_by_name(name: str) -> Sheet | None:
    """``A4-12``, ``A4 12面``, ``12面``, ``12`` (full-width digits too) → the sheet, or None."""
    digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", name).upper().replace("A4", ""))
    return LAYOUTS.get(f"A4-{digits}")


@dataclass(frozen=True)
class Line:
    """One line of text on a label: its size in points, its offset from the label's left edge and top."""

    text: str
    size: float
    x: float
    top: float  # the baseline, measured down from the label's top edge


_NUM = set("0123456789０１２３４５６７８９一二三四五六七八九十〇-－‐−―")
_LONG_MARK = "ー"  # a hyphen typed with the IME inside a house number (1ー2), a vowel mark inside a name
_ADDRESS_PART = set("丁目番地号の条線区")  # what follows a number inside the address proper
_AREA_END = set("都道府県市区郡町村")


def _break_points(text: str, for_name: bool) -> list[list[int]]:
    """Places to break a long line, best kind first: after a space; between the house number and the
    building (…1番地1|グリーンハイツ); after the prefecture or city (…つくば市|研究学園…)."""
    spaces = [i for i in range(1, len(text)) if text[i - 1] in " \u3000" and text[i] not in " \u3000"]
    if for_name:
        return [spaces]
    building = [
        i
        for i in range(1, len(text))
        if (text[i - 1] in _NUM or text[i - 1] in "番地号")
        and text[i] not in _NUM
        and text[i] not in _ADDRESS_PART
        and text[i] not in " \u3000" + _LONG_MARK
    ]
    area = [i for i in range(2, len(text)) if text[i - 1] in _AREA_END and text[i] not in _AREA_END]
    return [spaces, building, area]


def wrap(
    text: str, fits: Callable[[str], bool], max_lines: int, *, for_name: bool = False, hard: bool = True
) -> list[str] | None:
    """``text`` on at most ``max_lines`` lines (2 at most are tried) each of which ``fits``, or None.

    ``hard`` allows a break anywhere when no space, house number or city ends a fitting first line.
    """
    text = text.strip()
    if fits(text):
        return [text]
    if max_lines < 2:
        return None
    kinds = _break_points(text, for_name) + ([list(range(1, len(text)))] if hard else [])
    for kind, points in enumerate(kinds):
        # the longest first line that fits; but the first house-number break: the building starts there
        for i in sorted(points, reverse=for_name or kind != 1):
            first, second = text[:i].rstrip(), text[i:].strip()
            if first and second and fits(first) and fits("\u3000" + second):
                return [first, "\u3000" + second]
    return None


@dataclass(frozen=True)
class Content:
    postal: str
    address: str
    address2: str
    name: str
    note: str


def compose(
    content: Content, width: float, height: float, measure: Callable[[str, float], float]
) -> list[Line] | None:
    """The lines of one label of ``width`` × ``height`` points, shrunk until they fit, or None."""
    pad = min(5 * MM, width * 0.07)  # labels at the paper's edge: printers leave ~4 mm blank there
    avail = width - 2 * pad
    base = min(max(height * 0.085, 7.0), 11.0)
    # Shrinking a little to break at a natural place beats breaking inside a word; shrinking a lot does not.
    for hard, steps in ((False, 5), (True, 10)):
        for step in range(steps):
            lines = _try(content, (base * (0.93**step), base), pad, avail, height, measure, hard)
            if lines is not None:
                return lines
    return None


def _try(
    c: Content,
    sizes: tuple[float, float],
    pad: float,
    avail: float,
    height: float,
    measure: Callable[[str, float], float],
    hard: bool,
) -> list[Line] | None:
    size, name_base = sizes

    def fitter(sz: float) -> Callable[[str], bool]:
        return lambda s: measure(s, sz) <= avail

    address = wrap(c.address, fitter(size), 2, hard=hard)
    address2 = wrap(c.address2, fitter(size), 1, hard=hard) if c.address2 else []
    if address is None or address2 is None:
        return None
    name: list[str] | None = None
    for name_size, lines in ((name_base * 1.35, 1), (name_base * 1.15, 1), (name_base * 1.15, 2), (size, 2)):
        name = wrap(c.name, fitter(name_size), lines, for_name=True, hard=hard)
        if name is not None:
            break
    if name is None:
        return None
    if c.note and measure(c.postal, size) + measure(c.note, size * 0.75) + size > avail:
        return None  # the note shares the postal code's line
    lead = 1.3
    top_block = size * lead * (1 + len(address) + len(address2)) + size * 0.4
    name_block = name_size * lead * len(name)
    if pad + top_block + name_block + pad > height:
        return None
    out = [Line(c.postal, size, pad, pad + size)]
    if c.note:
        note_size = size * 0.75
        out.append(Line(c.note, note_size, pad + avail - measure(c.note, note_size), pad + note_size))
    y = pad + size * (1 + lead) + size * 0.4
    for text in [*address, *address2]:
        out.append(Line(text, size, pad, y))
        y += size * lead
    free = height - pad - (y - size * lead) - name_block
    y = (y - size * lead) + free / 2 + name_size  # the name block centred in the space left below
    for text in name:
        out.append(Line(text, name_size, pad + max(0.0, (avail - measure(text, name_size)) / 2), y))
        y += name_size * lead
    return out
