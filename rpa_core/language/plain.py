"""Plain data: the only kinds of value a run keeps in its variables, where expressions can see them.

Text, numbers (``Decimal`` for money), true/false, dates and times, lists and mappings, and a
:class:`~rpa_core.language.secret_value.Secret` as it is (its own type, never turned into text here).
Everything else an action may return is converted where the conversion is data, and refused where it is not:

- a path (``pathlib.Path``) becomes its text as the OS writes it (``C:\\共有\\市民課\\a.xlsx``, ``/srv/a.xlsx``),
  a :class:`PathText`: an expression can show it, read its ``name``/``stem``/``suffix``/``parent`` and hand it to
  a ``path:`` argument, but it has no ``read_text``/``unlink``/``iterdir``;
- a tuple or a set becomes a list, an ``Enum`` its value, a dataclass or pydantic model a mapping of its
  fields, a generator or a ``range`` a list (at most :data:`~rpa_core.language._limits.MAX_SIZE` elements);
- a mapping subclass such as the table readers' ``Row`` stays what it is (its ``_row`` and its source are
  what makes a clerk's error name 「Excel 5行目」), with plain values inside;
- anything else (a browser page, an open file, a module, a function, a class, bytes) is refused with the
  step's action named: such objects are what an expression could use to reach the host.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import types
from collections.abc import Mapping
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from rpa_core.errors import ActionError
from rpa_core.language._limits import MAX_SIZE
from rpa_core.language.secret_value import Secret

__all__ = ["PathText", "to_plain"]


class PathText(str):
    """A path as plain text, with the parts a message needs and no file methods at all.

    ``{{ inputs.payees.name }}`` (the file's name in a message) keeps working; everything else is ``str``'s.
    """

    __slots__ = ()

    @property
    def name(self) -> str:
        return PurePath(self).name

    @property
    def stem(self) -> str:
        return PurePath(self).stem

    @property
    def suffix(self) -> str:
        return PurePath(self).suffix

    @property
    def parent(self) -> PathText:
        return PathText(PurePath(self).parent)


_EXACT = frozenset({str, PathText, int, float, bool, Decimal, dt.date, dt.datetime, dt.time, type(None)})
_LAZY: tuple[type, ...] = (types.GeneratorType, range, map, filter, zip, enumerate, reversed,
         type({}.keys()), type({}.values()), type({}.items()))
_MAX_DEPTH = 50


def to_plain(value: Any, what: str = "") -> Any:
    """``value`` as plain data; ``what`` names the step (its action) in the error when it cannot be."""
    if type(value) in _EXACT:
        return value
    return _plain(value, what, 0)


def _plain(value: Any, what: str, depth: int) -> Any:
    kind = type(value)
    if kind in _EXACT or isinstance(value, Secret):
        return value
    if depth > _MAX_DEPTH:
        raise ActionError("plain.too_deep", what=what or "-", depth=_MAX_DEPTH)
    if isinstance(value, enum.Enum):
        return _plain(value.value, what, depth + 1)
    if isinstance(value, str):  # a str subclass (Markup…) carries methods of its own
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float | Decimal):
        return (int if isinstance(value, int) else float if isinstance(value, float) else Decimal)(value)
    if isinstance(value, dt.datetime):
        return dt.datetime.combine(value.date(), value.time(), value.tzinfo)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, PurePath):
        return PathText(value)
    if isinstance(value, dict):
        return _mapping(value, what, depth)
    if isinstance(value, Mapping):
        return {_key(k): _plain(v, what, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [v if type(v) in _EXACT else _plain(v, what, depth + 1) for v in value]
    if isinstance(value, set | frozenset):
        items = [_plain(v, what, depth + 1) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, _LAZY):
        return [_plain(v, what, depth + 1) for v in _at_most(value, what)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name), what, depth + 1) for f in dataclasses.fields(value)}
    dump = getattr(value, "model_dump", None)  # a pydantic model: its fields
    if callable(dump) and not isinstance(value, type) and hasattr(type(value), "model_fields"):
        return _plain(dump(), what, depth + 1)
    raise ActionError("plain.not_data", what=what or "-", type=kind.__name__)


def _mapping(value: dict[Any, Any], what: str, depth: int) -> dict[Any, Any]:
    """A dict as a plain dict; a dict subclass (``Row``) keeps its class and extras, with plain values."""
    items = dict.items(value)  # not value[k]: a Row notes an empty cell when it is read
    if type(value) is dict:
        return {_key(k): _plain(v, what, depth + 1) for k, v in items}
    changed = {k: new for k, v in items if type(v) not in _EXACT and (new := _plain(v, what, depth + 1)) is not v}
    if not changed:
        return value
    out = copy.copy(value)
    dict.update(out, changed)
    return out


def _key(key: Any) -> Any:
    """A mapping's key: kept when it is a plain scalar, else its text (a key must stay hashable)."""
    return key if type(key) in _EXACT else str(key)


def _at_most(values: Any, what: str) -> list[Any]:
    out = []
    for n, v in enumerate(values):
        if n >= MAX_SIZE:
            raise ActionError("plain.too_long", what=what or "-", limit=f"{MAX_SIZE:,}")
        out.append(v)
    return out
