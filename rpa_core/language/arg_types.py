"""What an action argument's annotation takes, read the same way by ``robosan validate`` and by the runner.

A text argument (``str`` or ``str | None``) takes numbers, Decimals, dates and datetimes too: they are written
as text (issue 12, point 10), so a literal ``text: 12`` is as valid as ``text: "{{ 件数 }}"``.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from typing import Any

from rpa_core.messages import has, text

__all__ = ["accepts_none", "is_text", "needs", "takes_text", "writable_as_text"]


def _strip_annotated(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _members(tp: Any) -> tuple[Any, ...]:
    tp = _strip_annotated(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return tuple(_strip_annotated(a) for a in typing.get_args(tp))
    return (tp,)


def accepts_none(tp: Any) -> bool:
    """True if the argument may be nothing (``X | None``, ``Any``): an empty cell is then no error."""
    return any(m is Any or m is type(None) or m is None for m in _members(tp))


def is_text(tp: Any) -> bool:
    """``str`` or ``str | None``: an argument that takes text and nothing else."""
    return [m for m in _members(tp) if m is not type(None)] == [str]


def takes_text(tp: Any) -> bool:
    """Text, or text and plain numbers (``str | int | float``, as ``desktop.type`` takes): a Decimal, a date or
    true/false reaching it is written as text (or refused), never handed over for pydantic to turn into a float."""
    members = [m for m in _members(tp) if m is not type(None)]
    return str in members and all(m in (str, int, float) for m in members)


def writable_as_text(value: Any) -> bool:
    """A value a text argument takes by writing it as text (never true/false)."""
    return isinstance(value, int | float | Decimal | dt.date) and not isinstance(value, bool)


def needs(error: Any) -> tuple[str, str]:
    """What a pydantic error says the value should be, in Japanese and English (``arg.need.*``), never pydantic's words."""
    kind = str(error.get("type", ""))
    key = f"arg.need.{kind}" if has(f"arg.need.{kind}") else "arg.need.other"
    ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    return text(key, "ja", **ctx), text(key, "en", **ctx)
