"""Turn what the engine read into a checked value, per field type.

The clerks' filters in ``rpa_core.language.filters`` already read 和暦, カナ, 郵便番号, 電話番号 and
金額; the parsers here call them and add what reading paper needs: OCR look-alikes cleaned
first, and a *reason* when the value must be looked at by a person (never an exception).

``parse(field, text)`` gives a :class:`Parsed`: ``value`` (a ``date``, ``int``, ``bool`` or
``str``), ``text`` (the value as stored and compared: ISO dates, ``305-8555``…) and, when a
clerk must check it, ``reason`` (a message key) with its values.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rpa_core.api import ActionError, normalize

from .template import Field

__all__ = [
    "Parsed",
    "allowed_chars",
    "clean_text",
    "parse",
    "parse_answer",
    "parse_checkbox",
    "value_from_text",
]

KATAKANA = "".join(chr(c) for c in range(0x30A1, 0x30F7)) + "ー・"
DIGITS = "0123456789"
WHITELISTS = {
    "wareki_date": DIGITS + "元年月日令和平成昭和RHS.",
    "date": DIGITS + "元年月日令和平成昭和RHS./-",
    "postal_code": DIGITS + "-〒",
    "phone": DIGITS + "-()",
    "amount": DIGITS + ",円¥",
    "number": DIGITS,
    "kana": KATAKANA,
}
# What is accepted after normalisation, per type (beyond the parser's own checks).
_KANA_OK = re.compile(r"[\u30a1-\u30f6ー・\u3000]+")
# Look-alikes the engine produces in digit-only places.
_DIGIT_FIX = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "〇": "0",
        "l": "1",
        "I": "1",
        "|": "1",
        "ー": "-",
        "一": "-",
        "—": "-",
        "−": "-",
        "－": "-",
        "‐": "-",
    }
)


@dataclass
class Parsed:
    """A field's value after parsing, or the reason a clerk must look at it."""

    value: Any
    text: str
    reason: str | None = None
    reason_args: dict[str, Any] = field(default_factory=dict)


def allowed_chars(f: Field) -> str | None:
    """The characters the engine may output for ``f`` (its whitelist), or None for free text."""
    # The space is listed too: without it the LSTM cannot end a word, and ヤマダ ミサキ comes out as one.
    if f.chars:
        return f.chars + " "
    if f.type == "choice":
        return "".join(sorted({c for o in f.options for c in o if not c.isspace()})) + " "
    listed = WHITELISTS.get(f.type)
    return listed + " " if listed else None


def clean_text(raw: str) -> str:
    """Half-width ASCII and digits, one full-width space between words, no ends."""
    text = normalize.hankaku(unicodedata.normalize("NFC", raw)).strip()
    return re.sub(r"\s+", "\u3000", text)


def _invalid(raw: str, exc: ActionError | str) -> Parsed:
    detail = exc.message() if isinstance(exc, ActionError) else exc
    return Parsed(None, raw, "ocr.reason.invalid", {"detail": detail})


def _date(f: Field, raw: str) -> Parsed:
    text = (
        re.sub(r"\s+", "", normalize.hankaku(unicodedata.normalize("NFKC", raw)))
        .translate(_DIGIT_FIX)
        .replace("-", "/")
    )
    if f.precision == "month":
        return _month(raw, text)
    try:
        day = normalize.to_date(text)
    except ActionError as exc:
        if exc.key == "filter.to_date.outside_era":
            return _heisei_after_may(raw, text) or _invalid(raw, exc)
        return _invalid(raw, exc)
    return Parsed(day, day.isoformat())


def _heisei_after_may(raw: str, text: str) -> Parsed | None:
    # Forms printed before the change of era still say 平成; 平成31年5月1日 means 令和元年5月1日.
    # The date is given, but a clerk confirms it: the writer may have meant another year.
    m = re.fullmatch(r"(?:平成|H)(元|\d{1,2})(?:年(\d{1,2})月(\d{1,2})日|[./](\d{1,2})[./](\d{1,2}))", text)
    if not m:
        return None
    year = 1988 + (1 if m[1] == "元" else int(m[1]))
    try:
        day = dt.date(year, int(m[2] or m[4]), int(m[3] or m[5]))
    except ValueError:
        return None
    if day < dt.date(2019, 5, 1):
        return None
    return Parsed(day, day.isoformat(), "ocr.reason.era_overlap")


def _month(raw: str, text: str) -> Parsed:
    m = re.fullmatch(r"(令和|平成|R|H)?(元|\d{1,4})(?:年(\d{1,2})月?|[./](\d{1,2}))", text)
    if not m:
        return _invalid(raw, "「令和7年4月」の形で書かれていません / not like 令和7年4月")
    try:
        first = normalize.to_date(f"{m[1] or ''}{m[2]}年{m[3] or m[4]}月1日")
    except ActionError as exc:
        return _invalid(raw, exc)
    return Parsed(first.strftime("%Y-%m"), first.strftime("%Y-%m"))


def _phone(raw: str) -> Parsed:
    text = re.sub(r"\s+", "", normalize.hankaku(raw)).translate(_DIGIT_FIX)
    try:
        value = normalize.phone(text)
    except ActionError as exc:
        return _invalid(raw, exc)
    groups = [g for g in re.split(r"[-()]+", text) if g]
    # Without separators only mobile-style numbers have a certain grouping; a landline's area
    # code can be 2 to 5 digits, so a guess would put the hyphens in the wrong place.
    if len(groups) == 1 and not re.match(r"0[5-9]0", value):
        return Parsed(value, value, "ocr.reason.no_separator")
    return Parsed(value, value)


def _choice(f: Field, raw: str) -> Parsed:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    if not text:
        return Parsed(None, "", "ocr.reason.empty")
    scored = sorted(((difflib.SequenceMatcher(None, text, o).ratio(), o) for o in f.options), reverse=True)
    best, option = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best < 0.6 or best - second < 0.2:
        return Parsed(option, text, "ocr.reason.choice")
    return Parsed(option, option)


def parse(f: Field, raw: str) -> Parsed:
    """Parse ``raw`` (the engine's text) as field ``f``'s type. Never raises for bad input."""
    if not raw.strip():
        return Parsed(None, "", "ocr.reason.empty" if f.required else None)
    kind = f.type
    try:
        if kind in ("wareki_date", "date"):
            return _date(f, raw)
        if kind == "postal_code":
            value = normalize.postal(re.sub(r"\s+", "", raw).translate(_DIGIT_FIX))
            return Parsed(value, value)
        if kind == "phone":
            return _phone(raw)
        if kind == "amount":
            number = int(
                normalize.yen(re.sub(r"\s+", "", raw).translate(_DIGIT_FIX)).removesuffix("円").replace(",", "")
            )
            return Parsed(number, str(number))
        if kind == "number":
            text = re.sub(r"[\s,]+", "", normalize.hankaku(raw)).translate(_DIGIT_FIX)
            if not text.isdigit():
                return _invalid(raw, "数字以外の文字があります / not only digits")
            return Parsed(int(text), str(int(text)))
        if kind == "kana":
            value = normalize.kana(re.sub(r"\s+", " ", raw))
            if not _KANA_OK.fullmatch(value):
                bad = "".join(sorted({c for c in value if not _KANA_OK.fullmatch(c)}))
                return Parsed(None, value, "ocr.reason.chars", {"chars": bad})
            return Parsed(value, value)
        if kind == "choice":
            return _choice(f, raw)
    except ActionError as exc:
        return _invalid(raw, exc)
    value = clean_text(raw) if f.spaces else re.sub(r"\s+", "", clean_text(raw))
    if f.chars:
        bad = "".join(sorted({c for c in value if c not in f.chars and c != "\u3000"}))
        if bad:
            return Parsed(None, value, "ocr.reason.chars", {"chars": bad})
    return Parsed(value, value)


def parse_checkbox(f: Field, ink_ratio: float) -> tuple[Parsed, float]:
    """A tick from the share of ink inside the box; the confidence falls near the threshold."""
    ticked = ink_ratio >= f.ink
    # Confident when clearly away from the threshold: half of it is a blank box with dust,
    # double of it is a tick. In between, a person decides.
    distance = (ink_ratio - f.ink) / f.ink
    confidence = max(0.0, min(100.0, 50.0 + 50.0 * abs(distance) / 0.5))
    parsed = Parsed(ticked, "true" if ticked else "false")
    if abs(distance) < 0.5:
        parsed.reason = "ocr.reason.ambiguous_mark"
    return parsed, confidence


def value_from_text(f: Field, text: str) -> Any:
    """The value of a stored text (ISO date, 'true', '12345') in the field's Python type."""
    if text == "" or text is None:
        return None
    if f.type in ("wareki_date", "date") and f.precision == "day":
        return dt.date.fromisoformat(text)
    if f.type in ("amount", "number"):
        return int(text)
    if f.type == "checkbox":
        return text == "true"
    return text


def parse_answer(f: Field, answer: str) -> Parsed:
    """A value typed by a clerk in review, checked like a reading (checkboxes take はい/いいえ, 1/0, y/n)."""
    if f.type == "checkbox":
        low = unicodedata.normalize("NFKC", answer).strip().lower()
        if low in ("1", "y", "yes", "true", "はい", "有", "あり", "○", "o", "x", "✓", "レ"):
            return Parsed(True, "true")
        if low in ("0", "n", "no", "false", "いいえ", "無", "なし", ""):
            return Parsed(False, "false")
        return _invalid(answer, "はい/いいえ (1/0) で入力してください / answer 1 or 0")
    if f.type == "choice":
        text = unicodedata.normalize("NFKC", answer).strip()
        if text.isdigit() and 1 <= int(text) <= len(f.options):
            return Parsed(f.options[int(text) - 1], f.options[int(text) - 1])
        if text in f.options:
            return Parsed(text, text)
        return _invalid(answer, " / ".join(f"{i}:{o}" for i, o in enumerate(f.options, 1)))
    parsed = parse(f, answer)
    if parsed.reason == "ocr.reason.no_separator" or parsed.reason == "ocr.reason.era_overlap":
        parsed.reason = None  # the clerk has looked at it: their word stands
    return parsed
