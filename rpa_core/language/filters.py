"""Jinja2 filters for the messy data in clerks' spreadsheets: ``{{ row.生年月日 | to_date }}``.

``FILTERS`` maps each filter's name to its function; ``rpa_core.language.expressions`` registers them
into the sandboxed environment. A filter that cannot read its value raises ``BadValue``
with a ja/en message that shows the value and a hint saying what the clerk should write.

Empty values: ``to_date``, ``wareki``, ``yen``, ``postal``, ``phone``, ``int``, ``float``, ``amount`` and
``digits(n)`` refuse ``None`` or a blank string (an empty cell is a mistake there), naming the Excel/CSV
cell when an expression read one; ``zenkaku``, ``hankaku``, ``kana`` and ``digits`` return ``""`` for ``None``,
and so do Jinja's text filters (``trim``, ``upper``…), which would otherwise write ``None``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from rpa_core.errors import BadValue
from rpa_core.language.numbers import amount, need_value, parse_amount, round_half_up, to_float, to_int

__all__ = [
    "FILTERS",
    "amount",
    "digits",
    "hankaku",
    "houjin_bangou_ok",
    "kana",
    "phone",
    "postal",
    "round_half_up",
    "to_date",
    "to_float",
    "to_int",
    "wareki",
    "yen",
    "zenkaku",
]

# --- character widths -------------------------------------------------------------------------

_TO_FULL = {c: c + 0xFEE0 for c in range(0x21, 0x7F)} | {0x20: 0x3000}
_TO_HALF = {c + 0xFEE0: c for c in range(0x21, 0x7F)} | {0x3000: 0x20}
_HIRA_TO_KATA = {c: c + 0x60 for c in [*range(0x3041, 0x3097), 0x309D, 0x309E]}
_HALF_KANA = re.compile("[\uff61-\uff9f]+")
# Hyphen look-alikes typed between the digits of postal codes and phone numbers
# (including the katakana long-vowel mark, which IMEs often produce instead of a hyphen).
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−－ーｰ", "-"))


def _full_kana(text: str) -> str:
    # NFKC on the half-width kana runs only, so that ｶﾞ composes to ガ and nothing else changes.
    text = _HALF_KANA.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    # A ﾞ/ﾟ that had nothing to combine with is left as a combining mark: make it visible.
    return text.replace("\u3099", "゛").replace("\u309a", "゜")


def zenkaku(value: Any) -> str:
    """Half-width ASCII and half-width katakana to full width (``ｶﾞ`` → ``ガ``, space → ``\u3000``).

    ASCII uses the plain full-width block (``\\`` → ``＼``, ``~`` → ``～``). ``None`` gives ``""``.
    """
    if value is None:
        return ""
    return _full_kana(str(value).translate(_TO_FULL))


def hankaku(value: Any) -> str:
    """Full-width ASCII letters, digits, symbols and the ideographic space to half width.

    Kana is left alone on purpose: half-width katakana is not accepted by most systems.
    ``None`` gives ``""``.
    """
    if value is None:
        return ""
    return str(value).translate(_TO_HALF)


def kana(value: Any) -> str:
    """Half-width katakana and hiragana to full-width katakana (``ﾔﾏﾀﾞ``, ``やまだ`` → ``ヤマダ``).

    ``ー`` is kept; other characters are left as they are. The ends are stripped and any run
    of spaces (half- or full-width) becomes one full-width space. ``None`` gives ``""``.
    """
    if value is None:
        return ""
    text = _full_kana(str(value)).translate(_HIRA_TO_KATA).strip()
    return re.sub(r"\s+", "\u3000", text)


def digits(value: Any, length: int | None = None) -> str:
    """Only the digits, full-width ones made half-width (``０３－１２３４`` → ``031234``).

    ``digits(7)`` restores a code to its length with leading zeros (Excel stored 口座番号 0012345 as the number
    12345): ``12345`` → ``0012345``. Then the value must be digits (hyphens and spaces between them are
    dropped), no longer than ``length``, and not empty. A float is refused either way: ``12345.0`` is not a code.
    """
    if isinstance(value, float | bool) or (isinstance(value, int | Decimal) and value < 0):
        raise _fail("filter.digits", value)
    if isinstance(value, Decimal) and (not value.is_finite() or value != value.to_integral_value()):
        raise _fail("filter.digits", value)
    if length is None:
        if value is None:
            return ""
        return "".join(c for c in hankaku(value) if "0" <= c <= "9")
    if isinstance(length, bool) or not isinstance(length, int) or not 0 < length <= 100:
        raise _fail("filter.digits.length", length)
    need_value(value, "digits")
    code = re.sub(r"[-\s]", "", hankaku(str(int(value)) if isinstance(value, Decimal) else str(value)).translate(_DASHES))
    if not re.fullmatch("[0-9]+", code):
        raise _fail("filter.digits", value)
    if len(code) > length:
        raise BadValue("filter.digits.too_long", value=_show(value), length=length, count=len(code))
    return code.zfill(length)


# --- errors -----------------------------------------------------------------------------------


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _fail(key: str, value: Any) -> BadValue:
    return BadValue(key, value=_show(value))


def _require(value: Any, name: str) -> None:
    need_value(value, name)


# --- dates ------------------------------------------------------------------------------------


class _Era(NamedTuple):
    kanji: str
    letter: str
    english: str
    start: date


_ERAS = (
    _Era("明治", "M", "Meiji", date(1868, 1, 25)),
    _Era("大正", "T", "Taisho", date(1912, 7, 30)),
    _Era("昭和", "S", "Showa", date(1926, 12, 25)),
    _Era("平成", "H", "Heisei", date(1989, 1, 8)),
    _Era("令和", "R", "Reiwa", date(2019, 5, 1)),
)
_ERA_BY_NAME = {name: era for era in _ERAS for name in (era.kanji, era.letter)}
_DATE = re.compile(
    r"(?P<era>明治|大正|昭和|平成|令和|[MTSHR])?(?P<y>元|[0-9]{1,4})"
    r"(?:(?P<sep>[/.\-])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})|年(?P<m2>[0-9]{1,2})月(?P<d2>[0-9]{1,2})日)"
)
# A time after the date ("2012/2/2 0:00:00", as Excel writes to CSV) is dropped, as for a datetime.
_TIME = re.compile(r"(?:\s+|T)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")


def _era_end(era: _Era) -> date | None:
    i = _ERAS.index(era)
    return _ERAS[i + 1].start - timedelta(days=1) if i + 1 < len(_ERAS) else None


def _to_date(value: Any, name: str) -> date:
    _require(value, name)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _fail("filter.to_date", value)
    # NFKC makes full-width digits/letters/punctuation half-width and spells out ㋿ ㍻ ㍼ ...
    text = unicodedata.normalize("NFKC", value).strip().upper()
    text = re.sub(r"\s+", "", _TIME.sub("", text))
    m = _DATE.fullmatch(text)
    if not m:
        raise _fail("filter.to_date", value)
    era = _ERA_BY_NAME.get(m["era"] or "")
    y, month, day = m["y"], int(m["m"] or m["m2"]), int(m["d"] or m["d2"])
    if era is None and (y == "元" or len(y) != 4):
        raise _fail("filter.to_date", value)
    if era is not None and len(y) > 2:
        raise _fail("filter.to_date", value)
    year = int(y) if era is None else era.start.year + (1 if y == "元" else int(y)) - 1
    try:
        result = date(year, month, day)
    except ValueError:
        raise _fail("filter.to_date.no_such_day", value) from None
    if era is not None:
        end = _era_end(era)
        if result < era.start or (end is not None and result > end):
            span = f"{era.start.isoformat()}～{end.isoformat() if end else ''}"
            raise BadValue(
                "filter.to_date.outside_era", value=_show(value), era=era.kanji, era_en=era.english, span=span
            )
    return result


def to_date(value: Any) -> date:
    """Read a date written the ways clerks write them, giving a ``datetime.date``.

    Accepts a ``date``/``datetime`` (its date), ``2012/2/2``, ``2012-02-02``, ``2012.2.2``,
    ``2012年2月2日``, ``令和6年4月1日``, ``令和元年5月1日``, ``R6.4.1``, ``H31/4/30``, full-width
    forms (``Ｒ６．４．１``, ``２０１２／２／２``) and a trailing time (dropped). Eras are
    明治/大正/昭和/平成/令和 or M/T/S/H/R; a date outside its era's span is an error, as is a
    day the calendar does not have.
    """
    return _to_date(value, "to_date")


def wareki(value: Any, style: str = "kanji") -> str:
    """A date (or anything ``to_date`` reads) in the Japanese calendar.

    ``style="kanji"`` gives ``令和6年4月1日`` (year 1 is ``元年``); ``style="short"`` gives
    ``R6.4.1`` (year 1 is ``R1``).
    """
    if style not in ("kanji", "short"):
        raise _fail("filter.wareki.style", style)
    d = _to_date(value, "wareki")
    era = next((e for e in reversed(_ERAS) if e.start <= d), None)
    if era is None:
        raise _fail("filter.wareki.before_meiji", value)
    year = d.year - era.start.year + 1
    if style == "short":
        return f"{era.letter}{year}.{d.month}.{d.day}"
    return f"{era.kanji}{'元' if year == 1 else year}年{d.month}月{d.day}日"


# --- numbers ----------------------------------------------------------------------------------

def _whole_yen(value: Any) -> int:
    if isinstance(value, bool):
        raise _fail("filter.yen", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        number = parse_amount(value)  # the one amount parser, shared with `amount`
        if number is not None and number == number.to_integral_value():
            return int(number)
    raise _fail("filter.yen", value)


def yen(value: Any) -> str:
    """A whole number of yen with thousands separators: ``12345`` → ``12,345円``.

    Accepts int, a float or Decimal without a fraction, and text such as ``12,345``,
    ``１２３４５``, ``¥12,345``, ``12,345円``, ``-12,345`` or ``△12,345`` (what ``amount`` reads, without a
    fraction). Negative amounts give ``-12,345円``.
    """
    _require(value, "yen")
    return f"{_whole_yen(value):,}円"


def _number_text(value: Any) -> str:
    # Whole numbers from a spreadsheet cell (3058555 or 3058555.0) are read as their digits.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def postal(value: Any) -> str:
    """A postal code as ``305-8555``, from ``3058555``, ``〒305-8555``, ``３０５－８５５５``, ``305 8555``.

    Exactly 7 digits are needed. A number with fewer than 7 digits is an error: a spreadsheet
    dropped its leading 0 (``0010010`` → ``10010``) and it cannot be recovered.
    """
    _require(value, "postal")
    if isinstance(value, bool):
        raise _fail("filter.postal", value)
    text = hankaku(_number_text(value)).translate(_DASHES).strip().removeprefix("〒")
    m = re.fullmatch(r"([0-9]{3})\s*-?\s*([0-9]{4})", text.strip())
    if not m:
        raise _fail("filter.postal", value)
    return f"{m[1]}-{m[2]}"


_MOBILE_LIKE = re.compile(r"0[25789]0")  # 020 M2M, 050 IP, 070/080/090 mobile: all 11 digits


def _phone_groups(number: str) -> list[str] | None:
    """The default grouping of a run of digits, or None if it is no Japanese phone number."""
    if len(number) == 11:
        if number.startswith("0800"):  # free dial, 11 digits
            return [number[:4], number[4:7], number[7:]]
        if _MOBILE_LIKE.match(number):
            return [number[:3], number[3:7], number[7:]]
        return None
    if len(number) != 10 or not number.startswith("0") or _MOBILE_LIKE.match(number):
        return None
    if number.startswith(("0120", "0570")):  # free dial, navi dial
        return [number[:4], number[4:7], number[7:]]
    if number.startswith(("03", "06")):  # Tokyo, Osaka
        return [number[:2], number[2:6], number[6:]]
    # Area codes run from 2 to 5 digits; without the full table, 3-3-4 is the common case.
    return [number[:3], number[3:6], number[6:]]


def phone(value: Any) -> str:
    """A Japanese phone number with hyphens: ``09012345678`` → ``090-1234-5678``.

    Without separators the grouping is chosen from the number: 11-digit mobile/IP numbers
    3-4-4, 0120/0570 4-3-3, 0800 4-3-4, 03/06 2-4-4, other landlines 3-3-4. A number that
    already has separators (hyphens, brackets, spaces, full-width ones) keeps its grouping:
    ``029(868)1111`` → ``029-868-1111``.
    """
    _require(value, "phone")
    if isinstance(value, bool):
        raise _fail("filter.phone", value)
    text = hankaku(str(value)).translate(_DASHES).strip()
    groups = [g for g in re.split(r"[-()\s]+", text) if g]
    if not groups or not all(re.fullmatch(r"[0-9]+", g) for g in groups):
        raise _fail("filter.phone", value)
    default = _phone_groups("".join(groups))
    if default is None:
        raise _fail("filter.phone", value)
    return "-".join(groups if len(groups) > 1 else default)


def houjin_check_digit(base12: str) -> int:
    """The check digit of a 法人番号 whose other 12 digits are ``base12`` (National Tax Agency rule):
    9 − (Σ Pn×Qn mod 9), Pn the n-th digit from the right, Qn 1 for odd n and 2 for even n."""
    total = sum(int(c) * (1 if n % 2 else 2) for n, c in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def houjin_bangou_ok(value: Any) -> bool:
    """True if ``value`` is a 法人番号 (corporate number) whose check digit is right.

    The first of the 13 digits is the check digit: 9 − (Σ Pn×Qn mod 9) over the other 12,
    where Pn is the n-th digit counted from the right and Qn is 1 for odd n, 2 for even n.
    Full-width digits and hyphen/space separators are accepted; anything else gives False.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        return False
    text = re.sub(r"[-\s]", "", hankaku(str(value)).translate(_DASHES))
    if not re.fullmatch(r"[0-9]{13}", text):
        return False
    return int(text[0]) == houjin_check_digit(text[1:])


FILTERS: dict[str, Callable[..., Any]] = {
    "to_date": to_date,
    "wareki": wareki,
    "zenkaku": zenkaku,
    "hankaku": hankaku,
    "kana": kana,
    "digits": digits,
    "yen": yen,
    "postal": postal,
    "phone": phone,
    "houjin_bangou_ok": houjin_bangou_ok,
    "int": to_int,
    "float": to_float,
    "amount": amount,
    "round": round_half_up,
}


# --- withholding tax (added for the expense-voucher scenario, issue 6) -------------------------


def withholding(value: Any) -> int:
    """源泉徴収税額 on a 報酬・料金 payment (所得税法 §204: 講師謝礼, 原稿料),復興特別所得税 included.

    10.21% of the amount, and above ¥1,000,000 (amount − 1,000,000) × 20.42% + 102,100; rounded
    down to the yen. Integer arithmetic, so 9,999 × 10.21% is 1,020 and never 1,020.9999….
    Accepts what ``yen`` accepts (``12,000``, ``¥12,000``, ``12000.0``); a negative amount is an error.
    """
    _require(value, "withholding")
    amount = _whole_yen(value)
    if amount < 0:
        raise _fail("filter.yen", value)
    if amount <= 1_000_000:
        return amount * 1021 // 10000
    return (amount - 1_000_000) * 2042 // 10000 + 102_100


FILTERS["withholding"] = withholding
__all__ += ["withholding"]
