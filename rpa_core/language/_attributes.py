"""What an expression may read or call on a value: a whitelist per type, data only.

Jinja's own sandbox refuses ``_``-names and a few known-bad attributes and allows the rest; that let a path
value's ``read_text``/``unlink``/``home`` through. Here it is the other way round: a type's attributes are
refused unless listed. A mapping's keys (``row.氏名``) and an object's own data fields that are not defined on
its class (``secrets.tax_system.password``) stay readable, never callable.

:data:`CALL_NAMES` is every method name allowed on some type: ``robosan validate`` refuses a call of any other
name (``x.read_text()``, ``x.joinpath(…)``) without running anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jinja2.runtime import LoopContext, Macro

from rpa_core.language.plain import PathText

__all__ = ["CALL_NAMES", "READ_ONLY_NAMES", "allowed_attribute", "allowed_callable"]

_TEXT = frozenset({
    "upper", "lower", "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "rsplit", "splitlines",
    "replace", "zfill", "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "isupper",
    "islower", "istitle", "isascii", "title", "capitalize", "casefold", "swapcase", "find", "rfind", "index",
    "rindex", "count", "partition", "rpartition", "center", "ljust", "rjust", "removeprefix", "removesuffix",
    "join",
})
_MAPPING = frozenset({"keys", "values", "items", "get"})
_SEQUENCE = frozenset({"count", "index"})
_DATE = frozenset({"year", "month", "day", "weekday", "isoweekday", "isoformat", "isocalendar", "strftime",
                   "replace", "toordinal"})
_TIME = frozenset({"hour", "minute", "second", "microsecond", "isoformat", "strftime", "replace"})
_DATETIME = _DATE | _TIME | {"date", "time"}
_DECIMAL = frozenset({"quantize", "is_signed", "is_zero", "is_nan", "as_integer_ratio"})
_NUMBER = frozenset({"is_integer", "real", "imag", "numerator", "denominator"})
_LOOP = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
                   "previtem", "nextitem", "cycle", "changed"})

# Most specific type first: a datetime is a date, a bool an int, a Row a dict.
_BY_TYPE: tuple[tuple[Any, frozenset[str]], ...] = (
    (PathText, _TEXT | {"name", "stem", "suffix", "parent"}),
    (str, _TEXT),
    (Mapping, _MAPPING),
    ((list, tuple), _SEQUENCE),
    (dt.datetime, _DATETIME),
    (dt.date, _DATE),
    (dt.time, _TIME),
    (Decimal, _DECIMAL),
    ((int, float), _NUMBER),
    (LoopContext, _LOOP),
)

CALL_NAMES = frozenset().union(*(names for _, names in _BY_TYPE)) - {"year", "month", "day", "hour", "minute",
                                                                      "second", "microsecond", "first", "last"}
# Attribute names that only ever serve to reach the host, refused even where a column could be named so.
READ_ONLY_NAMES = frozenset({"mro", "func_globals", "gi_frame", "gi_code", "cr_frame", "f_back", "f_globals",
                             "f_locals", "tb_frame", "im_func", "reveal", "format", "format_map", "environment"})


def _names_for(obj: Any) -> frozenset[str] | None:
    for kind, names in _BY_TYPE:
        if isinstance(obj, kind):
            return names
    return None


def allowed_attribute(obj: Any, attr: str, value: Any) -> bool:
    """True if ``obj.attr`` is data (or a listed method of a data type) that an expression may read."""
    if attr in READ_ONLY_NAMES:
        return False
    if isinstance(obj, Mapping) and not callable(value):
        try:
            if attr in obj:  # a column, a field: data
                return True
        except TypeError:
            return False
    names = _names_for(obj)
    if names is not None:
        return attr in names
    if isinstance(obj, Macro) or callable(value) or isinstance(obj, type):
        return False
    # An object's own data field, not defined on its class (a secret's ``password`` read through ``__getattr__``).
    return not hasattr(type(obj), attr)


def allowed_callable(obj: Any, globals_: Mapping[str, Any]) -> bool:
    """True if an expression may call ``obj``: a macro, a listed method of a data value, or a global function."""
    owner = getattr(obj, "__self__", None)
    if owner is not None and not isinstance(owner, type):  # a bound method: of a data value, and listed
        names = _names_for(owner)
        if names is not None and getattr(obj, "__name__", "") in names:
            return True
    if isinstance(obj, Macro | LoopContext):
        return True
    return any(obj is g for g in globals_.values())
