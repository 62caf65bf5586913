"""The built-in 個人番号 (My Number) detector: 12 digits whose last one is a valid check digit.

The check digit is the one of 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令
第8条: with P(n) the n-th digit of the first eleven counted from the right and Q(n) = n + 1 for
n ≤ 6, n − 5 for n ≥ 7, the check digit is 11 − (Σ P(n)·Q(n) mod 11), or 0 when that remainder is 0 or 1.

Written the ways a clerk or a form writes it: ``123456789012``, ``1234 5678 9012``, ``1234-5678-9012``,
in 全角 digits or with 全角 separators. Anything touching another digit is not one: a 13-digit 法人番号
or a longer code is left alone, and so is a 12-digit number whose check digit is wrong (a phone number,
a 受付番号): about one 12-digit number in ten passes the check by chance, which is accepted: redacting a
code by mistake loses a log detail, missing a 個人番号 would leak one.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["check_digit", "is_my_number", "redact_my_numbers"]

_D = "[0-9０-９]"
_SEP = "[ \u3000\\-－‐−‑–]?"
_PATTERN = re.compile(f"(?<![0-9０-９])({_D}{{4}}){_SEP}({_D}{{4}}){_SEP}({_D}{{4}})(?![0-9０-９])")


def check_digit(first_eleven: str) -> int:
    """The check digit of the first eleven digits of a 個人番号 (ASCII digits)."""
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError("eleven ASCII digits are needed")
    total = 0
    for n, ch in enumerate(reversed(first_eleven), start=1):
        total += int(ch) * (n + 1 if n <= 6 else n - 5)
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def _valid(digits: str) -> bool:
    return len(digits) == 12 and check_digit(digits[:11]) == int(digits[11])


def is_my_number(value: object) -> bool:
    """True if ``value`` (text or an int) is exactly one 個人番号, separators and 全角 allowed."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):  # a number, not a code: 12 digits without a leading zero (50000 is not 000000050000)
        value = str(value) if 10**11 <= value < 10**12 else ""
    if not isinstance(value, str):
        return False
    m = _PATTERN.fullmatch(value.strip())
    return m is not None and _valid(unicodedata.normalize("NFKC", "".join(m.groups())))


def redact_my_numbers(text: str, mark: str) -> str:
    """``text`` with every 個人番号 in it replaced by ``mark`` (other numbers untouched)."""
    if len(text) < 12:
        return text

    def one(m: re.Match[str]) -> str:
        digits = unicodedata.normalize("NFKC", "".join(m.groups()))
        return mark if _valid(digits) else m.group(0)

    return _PATTERN.sub(one, text)
