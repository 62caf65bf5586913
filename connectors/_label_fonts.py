"""Japanese fonts for PDFs: find an embeddable TrueType font on this PC, and tell which characters it lacks.

reportlab embeds TrueType fonts (``.ttf``, and ``.ttc`` collections with TrueType outlines
such as Windows' MS Gothic); it refuses OpenType/CFF fonts such as Noto CJK. Its built-in
CID fonts (HeiseiKakuGo-W5) are never embedded: the viewer substitutes a font of its own,
so only characters every Japanese font has (CP932) are taken as printable with them.

Also here: :func:`in_jis_x0208`, the test for 外字 (characters outside JIS X 0208).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["CID_FONTS", "Font", "candidates", "find_font", "in_jis_x0208", "load_font"]

CID_FONTS = {"heiseikakugo-w5": "HeiseiKakuGo-W5", "heiseimin-w3": "HeiseiMin-W3"}

# (family, file name, index in a .ttc, style): the order is the order of preference.
_KNOWN: list[tuple[str, str, int, str]] = [
    ("IPAexGothic", "ipaexg.ttf", 0, "gothic"),
    ("IPAexMincho", "ipaexm.ttf", 0, "mincho"),
    ("IPAmjMincho", "ipamjm.ttf", 0, "mincho"),
    ("IPAGothic", "ipag.ttf", 0, "gothic"),
    ("IPAMincho", "ipam.ttf", 0, "mincho"),
    ("BIZ-UDGothic", "BIZ-UDGothicR.ttc", 0, "gothic"),
    ("YuGothic", "YuGothM.ttc", 0, "gothic"),
    ("MS-Gothic", "msgothic.ttc", 0, "gothic"),
    ("Meiryo", "meiryo.ttc", 0, "gothic"),
    ("BIZ-UDMincho", "BIZ-UDMinchoM.ttc", 0, "mincho"),
    ("YuMincho", "yumin.ttf", 0, "mincho"),
    ("MS-Mincho", "msmincho.ttc", 0, "mincho"),
]


@dataclass
class Font:
    """A font ready for reportlab: its registered name, where it came from, and what it can draw."""

    name: str
    family: str
    path: Path | None  # None for a built-in CID font (not embedded)
    glyphs: frozenset[int] = field(default_factory=frozenset)

    @property
    def embedded(self) -> bool:
        return self.path is not None

    def lacks(self, text: str) -> list[str]:
        """The characters of ``text`` this font cannot draw, in order, each once."""
        missing: dict[str, None] = {}
        for ch in text:
            if ch in " \u3000\t":
                continue
            if self.path is None:
                if not _in_cp932(ch):
                    missing.setdefault(ch, None)
            elif ord(ch) not in self.glyphs:
                missing.setdefault(ch, None)
        return list(missing)


def _in_cp932(ch: str) -> bool:
    try:
        ch.encode("cp932")
        return True
    except UnicodeEncodeError:
        return False


def in_jis_x0208(ch: str) -> bool:
    """True for ASCII, half-width katakana and the characters of JIS X 0208 (the 第1・第2水準 set).

    Outside it are the 外字 of label printing: IBM/NEC extensions (髙, 﨑, ①, ㈱), JIS X 0213
    and beyond (𠮷), user-defined characters. Both Shift_JIS tables are consulted, since
    JIS and Microsoft map a few symbols to different code points (〜/～, −/－).
    """
    code = ord(ch)
    if code < 0x80 or 0xFF61 <= code <= 0xFF9F:
        return True
    for codec in ("shift_jis", "cp932"):
        try:
            raw = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(raw) == 1:
            return True
        lead, trail = raw[0], raw[1]
        # rows 1-8 (symbols, kana, Greek, Cyrillic, box drawing), rows 16-84 (kanji); row 13 is NEC's
        if (
            0x81 <= lead <= 0x84
            or 0x89 <= lead <= 0x9F
            or 0xE0 <= lead <= 0xEA
            or (lead == 0x88 and trail >= 0x9F)
        ):
            return True
    return False


def _font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    return [
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/usr/local/share/fonts"),
        Path("/usr/share/fonts"),
    ]


@cache
def _files_by_name() -> dict[str, Path]:
    """Font files under the usual folders, by lower-case file name (the first found wins)."""
    wanted = {known[1].lower() for known in _KNOWN}
    found: dict[str, Path] = {}
    for folder in _font_dirs():
        if not folder.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(folder):
            for fname in files:
                low = fname.lower()
                if low in wanted and low not in found:
                    found[low] = Path(dirpath) / fname
    return found


def candidates(style: str = "gothic") -> list[tuple[str, Path, int]]:
    """Installed fonts robosan knows, ``style`` (gothic or mincho) first: (family, file, ttc index)."""
    files = _files_by_name()
    known = sorted(_KNOWN, key=lambda k: k[3] != style)
    return [
        (family, files[fname.lower()], index) for family, fname, index, _s in known if fname.lower() in files
    ]


_LOADED: dict[tuple[str, int], Font] = {}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 pairs, as PDF requires.

    reportlab writes 𠮷 as ``<20BB7>``, which readers take for U+20BB: text copied or searched
    in the PDF would lose the character. Everything else is as reportlab writes it.
    """
    head = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    body = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    tail = ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(head + body + tail)


def _patch_reportlab() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def load_font(path: Path, index: int = 0, family: str | None = None) -> Font:
    """Register a TrueType file with reportlab (once per process) and read its character map.

    Raises ``ValueError`` with reportlab's reason for a font it cannot embed.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    _patch_reportlab()
    key = (str(Path(path).resolve()), index)
    if key in _LOADED:
        return _LOADED[key]
    name = f"robosan-{len(_LOADED) + 1}-{family or Path(path).stem}"
    try:
        ttf: Any = TTFont(name, str(path), subfontIndex=index)
    except (TTFError, OSError, KeyError, IndexError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None
    pdfmetrics.registerFont(ttf)
    glyphs = frozenset(code for code, glyph in ttf.face.charToGlyph.items() if glyph)
    font = Font(name=name, family=family or Path(path).stem, path=Path(path), glyphs=glyphs)
    _LOADED[key] = font
    return font


def load_cid(name: str) -> Font:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return Font(name=name, family=name, path=None)


def find_font(choice: str, text: str) -> tuple[Font, list[str]]:
    """The font to use for ``choice`` and the characters of ``text`` it still lacks.

    ``auto``/``gothic``/``mincho``: the first installed font of that style order that has
    every character (else the first one, with what it lacks); none installed → the CID
    font. A family name (``IPAmjMincho``), a CID name or a file path picks that font.
    """
    low = choice.strip().lower()
    if low in CID_FONTS:
        font = load_cid(CID_FONTS[low])
        return font, font.lacks(text)
    if low in ("auto", "gothic", "mincho"):
        found = candidates("mincho" if low == "mincho" else "gothic")
        first: tuple[Font, list[str]] | None = None
        for family, path, index in found:
            try:
                font = load_font(path, index, family)
            except ValueError:
                continue
            missing = font.lacks(text)
            if not missing:
                return font, []
            first = first or (font, missing)
        if first:
            return first
        font = load_cid("HeiseiMin-W3" if low == "mincho" else "HeiseiKakuGo-W5")
        return font, font.lacks(text)
    norm = low.replace(" ", "").replace("-", "")
    for family, path, index in candidates():
        if family.lower().replace("-", "") == norm:
            font = load_font(path, index, family)
            return font, font.lacks(text)
    path = Path(choice)
    if not path.exists():
        raise FileNotFoundError(choice)
    font = load_font(path, 0, path.stem)
    return font, font.lacks(text)
