"""Address labels (宛名ラベル) as a PDF: 〒 and postal code, the address on up to two lines, name and 様/御中.

The font is a TrueType font found on the PC and embedded in the PDF (IPAex, IPAmj明朝, MS
Gothic…), so the PDF prints the same everywhere. Before anything is drawn, every character
outside JIS X 0208 (外字: 髙, 﨑, ①, 𠮷) is reported by row as a warning, and a character the
chosen font cannot draw is an error naming the rows: a label never prints a blank box.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from connectors._file_common import atomic_write, resolve
from connectors._label_fonts import Font, find_font, in_jis_x0208
from connectors._label_layout import LAYOUTS, MM, Content, Line, Sheet, compose, layout_by_name
from rpa_core.api import ActionContext, ActionError, action, display_path, text

__all__ = ["Sheet", "make_pdf"]

_ORG_WORDS = (
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "法人",
    "組合",
    "協会",
    "事務所",
    "(株)",
    "(有)",
    "㈱",
    "㈲",
    "商店",
    "工業",
    "病院",
    "学校",
    "役所",
    "役場",
    "センター",
)
_HONORIFICS = ("様", "御中", "殿", "さま")
_MAX_PLACES = 10


def _places(problems: list[tuple[Any, str, str]]) -> tuple[str, str]:
    """(Japanese, English) lists of the first problems: (row, what ja, what en)."""
    shown = problems[:_MAX_PLACES]
    ja = "、".join(f"{row}行目 {what}" for row, what, _ in shown)
    en = "; ".join(f"row {row}: {what_en}" for row, _, what_en in shown)
    more = len(problems) - len(shown)
    return (ja + (f" ほか{more}件" if more > 0 else ""), en + (f"; and {more} more" if more > 0 else ""))


def _text(value: Any) -> str:
    return "" if value is None else re.sub(r"\s*[\r\n]+\s*", " ", str(value)).strip()


def _with_honorific(name: str, honorific: str) -> str:
    if not name or name.endswith(_HONORIFICS) or not honorific:
        return name
    if honorific == "auto":
        honorific = "御中" if any(word in name for word in _ORG_WORDS) else "様"
    return f"{name}\u3000{honorific}"


def _check_columns(rows: list[dict[str, Any]], fields: dict[str, str | None]) -> None:
    present: dict[str, None] = {}
    for row in rows:
        present.update(dict.fromkeys(k for k in row if not str(k).startswith("_")))
    for field, column in fields.items():
        if column and column not in present:
            raise ActionError(
                "labels.no_column", column=column, field=field, columns="、".join(present) or "-"
            )


def _contents(
    rows: list[dict[str, Any]], f: dict[str, str | None], honorific: str
) -> list[tuple[Any, str, Content]]:
    """(row number, sort key, content) per row; rows without postal code, address or name are errors."""
    from rpa_core.api import normalize

    out: list[tuple[Any, str, Content]] = []
    bad: list[tuple[Any, str, str]] = []
    for n, row in enumerate(rows, 1):
        number = row.get("_row", n)
        raw_postal = row.get(f["postal_field"] or "")
        code = normalize.digits(raw_postal)
        address, name = _text(row.get(f["address_field"] or "")), _text(row.get(f["name_field"] or ""))
        if len(code) != 7:
            bad.append(
                (
                    number,
                    f"郵便番号「{_text(raw_postal)}」が7桁ではありません",
                    f"postal code '{_text(raw_postal)}' is not 7 digits",
                )
            )
        if not address:
            bad.append((number, "住所が空です", "the address is empty"))
        if not name:
            bad.append((number, "氏名が空です", "the name is empty"))
        if bad and bad[-1][0] == number:
            continue
        personal = _text(row.get(f["honorific_field"] or "")) or honorific
        out.append(
            (
                number,
                code,
                Content(
                    postal="〒" + normalize.postal(code),
                    address=address,
                    address2=_text(row.get(f["address2_field"] or "")) if f["address2_field"] else "",
                    name=_with_honorific(name, personal),
                    note=_text(row.get(f["note_field"] or "")) if f["note_field"] else "",
                ),
            )
        )
    if bad:
        places, places_en = _places(bad)
        raise ActionError("labels.bad_rows", places=places, places_en=places_en)
    return out


def _gaiji(
    labels: Iterable[tuple[Any, str, Content]], columns: dict[str, str | None]
) -> list[dict[str, Any]]:
    """Every character outside JIS X 0208, by row and column (each character once per field), in row order."""
    found: list[dict[str, Any]] = []
    for number, _code, c in labels:
        for key in ("address", "address2", "name", "note"):
            for ch in dict.fromkeys(getattr(c, key)):
                if not in_jis_x0208(ch):
                    found.append(
                        {
                            "row": number,
                            "field": columns[key + "_field"] or key,
                            "char": ch,
                            "code": f"U+{ord(ch):04X}",
                        }
                    )
    return sorted(found, key=lambda g: (str(type(g["row"])), g["row"]))


def _choose_font(ctx: ActionContext, choice: str, labels: list[tuple[Any, str, Content]]) -> Font:
    every = "".join(c.postal + c.address + c.address2 + c.name + c.note for _n, _k, c in labels)
    if choice.lower().endswith((".ttf", ".ttc")):  # a font file: relative from the scenario, inside its places
        choice = str(resolve(ctx, Path(choice), arg="font", write=False))
    try:
        font, missing = find_font(choice, every)
    except FileNotFoundError:
        raise ActionError("labels.no_font", font=choice) from None
    except ValueError as exc:
        raise ActionError("labels.bad_font", font=choice, detail=str(exc)) from None
    if missing:
        lacking = set(missing)
        problems = []
        for number, _k, c in labels:
            chars = "".join(
                dict.fromkeys(ch for ch in c.address + c.address2 + c.name + c.note if ch in lacking)
            )
            if chars:
                codes = ", ".join(f"U+{ord(ch):04X}" for ch in chars)
                problems.append((number, f"「{chars}」({codes})", f"'{chars}' ({codes})"))
        places, places_en = _places(problems)
        raise ActionError("labels.missing_glyph", font=font.family, places=places, places_en=places_en)
    if not font.embedded:
        ctx.log(text("labels.cid_font", font=font.name))
    return font


def _sheet(layout: str, custom: Sheet | None) -> Sheet:
    sheet = custom or layout_by_name(layout)
    if sheet is None:
        raise ActionError("labels.bad_layout", layout=layout, layouts="、".join(LAYOUTS))
    if not sheet.fits_page():
        raise ActionError("labels.off_page", width=sheet.page_width, height=sheet.page_height)
    return sheet


def _draw(path: Path, sheet: Sheet, font: Font, placed: list[tuple[int, list[Line]]], border: bool) -> int:
    """Write the PDF; returns the number of pages."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(sheet.page_width * MM, sheet.page_height * MM))
    pdf.setTitle("宛名ラベル")
    pdf.setAuthor("robosan")
    pdf.setCreator("robosan labels.make_pdf")
    pages, current = 0, -1
    for position, lines in placed:
        page, spot = divmod(position, sheet.per_page)
        while current < page:
            if current >= 0:
                pdf.showPage()
            current += 1
            pages += 1
            if border:
                pdf.setLineWidth(0.3)
                pdf.setStrokeGray(0.6)
                for cell in range(sheet.per_page):
                    pdf.rect(*sheet.box(cell), stroke=1, fill=0)
        x, y, _w, h = sheet.box(spot)
        for line in lines:
            pdf.setFont(font.name, line.size)
            pdf.drawString(x + line.x, y + h - line.top, line.text)
    pdf.showPage()
    pdf.save()
    return pages


@action("labels.make_pdf", summary="宛名ラベルのPDFを作る", summary_en="Make an address-label PDF")
def make_pdf(
    ctx: ActionContext,
    *,
    rows: list[dict[str, Any]],
    out: Path,
    layout: str = "A4-12",
    custom: Sheet | None = None,
    postal_field: str = "郵便番号",
    address_field: str = "住所",
    address2_field: str | None = None,
    name_field: str = "氏名",
    honorific: str = "様",
    honorific_field: str | None = None,
    note_field: str | None = None,
    sort: bool = True,
    start: int = 1,
    font: str = "auto",
    border: bool = False,
) -> dict[str, Any]:
    """One label per row, sorted by postal code (``sort``), on A4 label sheets; returns what was made.

    ``layout``: ``A4-12`` (2×6, 86.4×42.3 mm), ``A4-18`` (2×9, 86.4×31.0), ``A4-21`` (3×7,
    70×38.1), ``A4-24`` (3×8, 70×33.9); or ``custom: {columns, rows, width, height, top, left,
    pitch_x, pitch_y}`` in mm. ``start`` is the first free label on a partly used sheet.
    The address wraps onto a second line (at a space, before the building name, or after the
    city) and the text shrinks when needed; ``address2_field`` (方書) gets its own line.
    ``honorific``: 様, 御中, ``auto`` (御中 for names with 株式会社, 法人, 組合…) or empty; a
    ``honorific_field`` column overrides it per row. ``font``: ``auto`` (the first installed
    gothic font that has every character), ``mincho``, a family (``IPAmjMincho``) or a .ttf path.
    ``border`` draws the label outlines, for a test print on plain paper.

    Returns ``{file, labels, pages, font, gaiji: [{row, field, char, code}]}``; each 外字 is
    also logged as a warning.
    """
    if not rows:
        raise ActionError("labels.no_rows")
    sheet = _sheet(layout, custom)
    if not 1 <= start <= sheet.per_page:
        raise ActionError("labels.bad_start", start=start, last=sheet.per_page)
    fields = {
        "postal_field": postal_field,
        "address_field": address_field,
        "address2_field": address2_field,
        "name_field": name_field,
        "honorific_field": honorific_field,
        "note_field": note_field,
    }
    _check_columns(rows, fields)
    labels = _contents(rows, fields, honorific)
    if sort:
        labels.sort(key=lambda label: label[1])
    gaiji = _gaiji(labels, fields)
    for g in gaiji:
        ctx.log(text("labels.gaiji", **g))
    chosen = _choose_font(ctx, font, labels)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(s: str, size: float) -> float:
        return float(stringWidth(s, chosen.name, size))

    placed, too_long = [], []
    for position, (number, _code, content) in enumerate(labels, start - 1):
        lines = compose(content, sheet.width * MM, sheet.height * MM, measure)
        if lines is None:
            too_long.append(
                (
                    number,
                    "住所か氏名が長すぎてラベルに収まりません",
                    "the address or name is too long for the label",
                )
            )
        placed.append((position, lines or []))
    if too_long:
        places, places_en = _places(too_long)
        raise ActionError("labels.bad_rows", places=places, places_en=places_en)
    path = resolve(ctx, out)
    pages = [0]
    atomic_write(path, lambda tmp: pages.__setitem__(0, _draw(tmp, sheet, chosen, placed, border)))
    shown = layout if custom is None else "custom"
    ctx.log(
        text(
            "labels.made",
            count=len(labels),
            pages=pages[0],
            file=display_path(path),
            layout=shown,
            font=chosen.family,
        )
    )
    ctx.add_artifact(path, "pdf")
    return {"file": path, "labels": len(labels), "pages": pages[0], "font": chosen.family, "gaiji": gaiji}
