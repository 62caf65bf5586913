"""Numbers that cannot lie: the ``int``, ``float`` and ``amount`` filters, and the one amount parser.

Jinja's own ``int`` and ``float`` give 0 for text they cannot read (``"12,000" | int`` is 0), which turned a
monthly summary into totals of 0 that the run reported as 成功. These replace them: text they cannot
read is an error that shows the value and names the filter that reads it (``amount`` for ``12,000円``).
Money is ``Decimal`` (DESIGN §12.3): ``amount`` gives one, and ints, Decimals and floats are taken
without a detour through binary floating point.

An empty value (``None``, blank text) is an error naming the empty cell when an expression read one
(:mod:`rpa_core.language.cells`), unless the filter was given a default (``| int(0)``).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from rpa_core.errors import BadValue
from rpa_core.language.cells import empty_error, is_empty, last_empty

__all__ = ["amount", "need_value", "parse_amount", "round_half_up", "show", "to_float", "to_int"]

# Full-width ASCII (digits, comma, period, minus, yen-less symbols) and the ideographic space to half width.
_HALF = {c + 0xFEE0: c for c in range(0x21, 0x7F)} | {0x3000: 0x20}
# A Japanese amount: a minus, △ or ▲ (negative in ledgers), ¥/￥, digits grouped by 3 or not at all,
# an optional fraction, an optional 円. A sign may stand before or after the yen mark, not both.
_AMOUNT = re.compile(
    r"(?P<s1>[-−△▲])?[¥￥]?(?P<s2>[-−])?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?円?"
)
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_MISSING: Any = object()


def show(value: Any) -> str:
    """A value as an error message shows it: at most 60 characters."""
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def need_value(value: Any, name: str) -> None:
    """Refuse an empty value: naming the Excel/CSV cell when an expression read one, else the filter."""
    if not is_empty(value):
        return
    read = last_empty()
    if read is not None:
        raise empty_error(read)
    raise BadValue("filter.empty", filter=name)


def _half(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_HALF))


def parse_amount(text: str) -> Decimal | None:
    """The amount written in ``text`` (``12,000``, ``１２，０００円``, ``¥12,000``, ``△1,200``), or None.

    The one parser of amounts: ``amount``, ``yen`` and ``withholding`` all read text through it.
    """
    m = _AMOUNT.fullmatch(_half(text))
    if not m or (m["s1"] and m["s2"]):
        return None
    number = Decimal(m["int"].replace(",", "") + ("." + m["frac"] if m["frac"] else ""))
    return -number if (m["s1"] or m["s2"]) else number


def _exact(value: Any) -> Decimal | None:
    """An int, float or Decimal as an exact Decimal (a float by its shortest repr: 0.1 is 0.1), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    return None


def amount(value: Any) -> Decimal:
    """A Japanese amount as a ``Decimal``: ``12000``, ``12,000``, ``１２，０００円``, ``¥12,000``, ``￥12,000``,
    ``12,000円``, ``-1,200``, ``△1,200`` and ``▲1,200`` (negative). Anything else is an error that shows the
    value (``12,00``, ``1,2000``, ``約1000``, ``12000ドル``). Numbers are taken exactly."""
    need_value(value, "amount")
    exact = _exact(value)
    if exact is not None:
        return exact
    if isinstance(value, str):
        parsed = parse_amount(value)
        if parsed is not None:
            return parsed
    raise BadValue("filter.amount", value=show(value))


def _whole(number: Decimal, value: Any) -> int:
    if number != number.to_integral_value():
        raise BadValue("filter.int.fraction", value=show(value))
    return int(number)


def _int_of(value: Any, base: int) -> int:
    if isinstance(value, bool):
        return int(value)
    exact = _exact(value)
    if exact is not None:
        return _whole(exact, value)
    if isinstance(value, str):
        text = _half(value)
        if base != 10:
            try:
                return int(text, base)
            except ValueError:
                pass
        elif _PLAIN_NUMBER.fullmatch(text):
            return _whole(Decimal(text), value)
        elif parse_amount(value) is not None:
            raise BadValue("filter.int.amount", value=show(value))
    raise BadValue("filter.int", value=show(value))


def to_int(value: Any, default: Any = _MISSING, base: int = 10) -> int:
    """Jinja's ``int`` without its silent 0: ints, Decimals and floats without a fraction, and text of plain
    digits (half- or full-width, spaces around it, a sign). ``12,000`` is an error whose hint names ``amount``;
    ``12.5`` is an error (say ``| round | int``). ``| int(0)`` gives 0 for an empty or unreadable value."""
    if default is not _MISSING:
        if is_empty(value):
            return default
        try:
            return _int_of(value, base)
        except BadValue:
            return default
    need_value(value, "int")
    return _int_of(value, base)


def _float_of(value: Any) -> float:
    if isinstance(value, bool):
        return float(value)
    exact = _exact(value)
    if exact is not None:
        return float(exact)
    if isinstance(value, str):
        text = _half(value)
        if _FLOAT.fullmatch(text):
            result = float(text)
            if math.isfinite(result):
                return result
        elif parse_amount(value) is not None:
            raise BadValue("filter.float.amount", value=show(value))
    raise BadValue("filter.float", value=show(value))


def to_float(value: Any, default: Any = _MISSING) -> float:
    """Jinja's ``float`` without its silent 0.0: numbers, and text such as ``1.5`` or ``１．５``.
    ``12,000`` is an error whose hint names ``amount``. ``| float(0)`` gives 0 for an empty or unreadable value."""
    if default is not _MISSING:
        if is_empty(value):
            return default
        try:
            return _float_of(value)
        except BadValue:
            return default
    need_value(value, "float")
    return _float_of(value)


def as_decimal(value: Any) -> Decimal | None:
    """A float next to a Decimal in arithmetic, as the Decimal it was written as (``0.1021``), else None."""
    try:
        return _exact(value)
    except InvalidOperation:  # pragma: no cover - repr of a finite float always parses
        return None


_ROUNDING = {"common": ROUND_HALF_UP, "ceil": ROUND_CEILING, "floor": ROUND_FLOOR}


def round_half_up(value: Any, precision: int = 0, method: str = "common") -> Any:
    """Jinja's ``round`` as a clerk means it: ``common`` is 四捨五入 (12.5 → 13, 2.675 → 2.68), where Python's
    rounding gives 12 and 2.67. A Decimal stays a Decimal, other numbers give a float as Jinja's does."""
    need_value(value, "round")
    exact = _exact(value)
    if exact is None or method not in _ROUNDING or isinstance(precision, bool) or not isinstance(precision, int):
        raise BadValue("filter.float", value=show(value))
    result = exact.quantize(Decimal(1).scaleb(-precision), rounding=_ROUNDING[method])
    return result if isinstance(value, Decimal) else float(result)
