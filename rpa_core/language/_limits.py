"""Bounded work for expressions: a size limit on every value an operation makes, an iteration limit and a time
limit per expression.

Python cannot stop a thread from outside (``PyThreadState_SetAsyncExc`` only lands between bytecodes, never in
the middle of ``"x" * 10**9``), so the limits are cooperative: each rendering opens a :class:`Budget`
(:func:`budget`), and the sandbox's hooks draw on it: attribute and item access, calls, arithmetic, every
``{% for %}`` iteration (the code generator wraps each loop's iterable in :func:`bounded_iter`), every ``~``
concatenation, every filter, and the joining of a template's output. An operation that would make something
too large is refused *before* it allocates (``center(10**9)``, ``replace('', …)``, a list repeated a billion
times), because a 1 GB string is already the damage. The deadline is checked in the same hooks, so a loop of
loops stops within a few thousand iterations of the limit.

:class:`Exceeded` derives from ``BaseException`` so that no ``except Exception`` inside Jinja or a filter can
swallow it; :func:`rpa_core.language.expressions.render_string` turns it into the clerk's error.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

__all__ = ["MAX_SIZE", "MAX_STEPS", "TIME_LIMIT", "Budget", "Exceeded", "bounded_iter", "budget_for", "check_size",
           "guard_filter", "guarded_concat", "guarded_str_join", "precheck_call", "text_size", "tick"]

MAX_SIZE = 1_000_000  # characters of a text, elements of a list or mapping made by one operation
MAX_CELLS = 10 * MAX_SIZE  # elements of a value counted through its nested lists and mappings
MAX_INT_BITS = 1_000_000  # a whole number of about 300,000 digits
MAX_STEPS = 1_000_000  # loop iterations in one expression, nested loops counted together
TIME_LIMIT = 2.0  # seconds one expression may take

_CHECK_EVERY = 255  # iterations between two looks at the clock (a bit mask)


class Exceeded(BaseException):
    """A limit was reached: ``kind`` is ``size``, ``steps`` or ``time``."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


class Budget:
    """What one expression may still spend: iterations counted, and the moment it must have finished."""

    __slots__ = ("deadline", "steps")

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.steps = 0


_UNLIMITED = Budget(float("inf"))  # outside a rendering (compile-time constant folding): sizes only
_CURRENT: ContextVar[Budget] = ContextVar("robosan_expression_budget", default=_UNLIMITED)


class budget_for:
    """Open a fresh budget for one expression (nested renderings get their own, then the outer one resumes)."""

    __slots__ = ("_token",)

    def __enter__(self) -> None:
        self._token = _CURRENT.set(Budget(TIME_LIMIT))

    def __exit__(self, *exc: object) -> None:
        _CURRENT.reset(self._token)


def tick() -> None:
    """Look at the clock: past the deadline, stop."""
    if time.monotonic() > _CURRENT.get().deadline:
        raise Exceeded("time")


def bounded_iter(iterable: Iterable[Any]) -> Iterator[Any]:
    """A ``{% for %}``'s iterable, counted against the expression's iterations and deadline."""
    b = _CURRENT.get()
    if b is _UNLIMITED:
        yield from iterable
        return
    for value in iterable:
        b.steps += 1
        if b.steps > MAX_STEPS:
            raise Exceeded("steps")
        if not b.steps & _CHECK_EVERY and time.monotonic() > b.deadline:
            raise Exceeded("time")
        yield value


def check_size(value: Any) -> Any:
    """``value`` itself if it is not too large; a text, list or mapping over :data:`MAX_SIZE` stops the work."""
    if isinstance(value, str | list | tuple | dict) and len(value) > MAX_SIZE:
        raise Exceeded("size")
    return value


def _too_big(n: Any) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and n > MAX_SIZE


def text_size(value: Any, limit: int = MAX_SIZE) -> int:
    """About how long ``str(value)`` would be, counted without making it; stops counting past ``limit``.

    A list can hold the same big list a million times at no cost, and its text would then be terabytes.
    """
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple | set | frozenset):
        total = 2
        for v in value:
            total += text_size(v, limit - total) + 2
            if total > limit:
                break
        return total
    if isinstance(value, Mapping):
        total = 2
        for k, v in value.items():
            total += text_size(k, limit - total) + text_size(v, limit - total) + 4
            if total > limit:
                break
        return total
    return 24  # a number, a date, None: short


def expanded_size(value: Any, limit: int = MAX_CELLS) -> int:
    """How many elements ``value`` holds counted through nested lists and mappings, as writing it out (to text,
    to JSON in the run log) would meet them: ``[[1] * 999999] * 999999`` is a few megabytes in memory and a
    trillion elements written out. Each distinct list is walked once; stops counting past ``limit``."""
    memo: dict[int, int] = {}

    def size(v: Any) -> int:
        if not isinstance(v, list | tuple | dict):
            return 1
        known = memo.get(id(v))
        if known is not None:
            return known
        total = len(v)
        for item in (v.values() if isinstance(v, dict) else v):
            if isinstance(item, list | tuple | dict):
                total += size(item)
                if total > limit:
                    break
        memo[id(v)] = total
        return total

    return size(value)


def check_expanded(value: Any) -> None:
    """A value made by an expression must not write out as more than :data:`MAX_CELLS` elements."""
    if isinstance(value, list | tuple | dict) and expanded_size(value) > MAX_CELLS:
        raise Exceeded("size")


def check_made(value: Any) -> None:
    """A list or mapping an expression made and hands out (to ``set:``, a log line, an argument): its elements
    and its text (``[big] * 999999`` is a million references to one text, and a terabyte once written)."""
    check_expanded(value)
    if text_size(value, MAX_CELLS) > MAX_CELLS:
        raise Exceeded("size")


def check_text(value: Any) -> None:
    if not isinstance(value, str) and text_size(value) > MAX_SIZE:
        raise Exceeded("size")


def guarded_str_join(values: Iterable[Any]) -> str:
    """``a ~ b``: refused before the joined text exists when it would be too long."""
    total = 0
    parts = []
    for v in values:
        if not isinstance(v, str):
            check_text(v)
            v = str(v)
        total += len(v)
        if total > MAX_SIZE:
            raise Exceeded("size")
        parts.append(v)
    return "".join(parts)


def guarded_concat(chunks: Iterable[str]) -> str:
    """A template's output (or a macro's, a ``{% set %}`` block's), joined once it is known to fit."""
    b = _CURRENT.get()
    total = 0
    parts = []
    for n, chunk in enumerate(chunks):
        total += len(chunk)
        if total > MAX_SIZE:
            raise Exceeded("size")
        if not n & _CHECK_EVERY and time.monotonic() > b.deadline:
            raise Exceeded("time")
        parts.append(chunk)
    return "".join(parts)


# printf widths and precisions: "%0999999999d" would make a billion characters.
_PRINTF_WIDTH = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_printf(fmt: str, args: Any) -> None:
    """``"%10000000s" % x`` and ``fmt|format(…)``: every width small enough, and the values' text too."""
    for m in _PRINTF_WIDTH.finditer(fmt):
        for part in m.groups():
            if part and part != "*" and len(part) > 6:
                raise Exceeded("size")
    values = args if isinstance(args, tuple | list) else (args,)
    if any(_too_big(a) for a in values if "*" in fmt):
        raise Exceeded("size")
    if sum(text_size(a) for a in values) + len(fmt) > MAX_SIZE:
        raise Exceeded("size")


def _replace_size(s: str, old: Any, new: Any) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return 0
    count = s.count(old) if old else len(s) + 1
    return len(s) + count * max(len(new) - len(old), 0)


def _join_size(items: Any, sep: Any) -> int:
    if not isinstance(items, list | tuple):
        return 0
    sep_len = len(sep) if isinstance(sep, str) else 0
    total = 0
    for v in items:
        total += text_size(v, MAX_SIZE - total) + sep_len
        if total > MAX_SIZE:
            break
    return total


def precheck_call(obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Before a text method makes its result: ``'x'.center(10**9)``, ``''.join(…)``, ``s.replace('', big)``."""
    self = getattr(obj, "__self__", None)
    if not isinstance(self, str):
        return
    name = getattr(obj, "__name__", "")
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name in ("center", "ljust", "rjust", "zfill") and _too_big(first):
        raise Exceeded("size")
    if name == "replace" and len(args) >= 2 and _replace_size(self, args[0], args[1]) > MAX_SIZE:
        raise Exceeded("size")
    if name == "join" and _join_size(first, self) > MAX_SIZE:
        raise Exceeded("size")


def _filter_precheck(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Filters whose result can be much larger than what they are given, checked before they run."""
    if name not in _PRECHECKED:
        return
    value, rest = (args[0], args[1:]) if args else (None, ())
    arg1 = rest[0] if rest else None
    if name in ("center", "batch", "slice") and (_too_big(arg1) or _too_big(kwargs.get("width"))):
        raise Exceeded("size")
    if name in _TEXTUAL and value is not None and type(value) is not str:
        check_text(value)
    if name == "indent" and isinstance(value, str):
        width = kwargs.get("width", arg1 if arg1 is not None else 4)
        per_line = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        if len(value) + (value.count("\n") + 1) * per_line > MAX_SIZE:
            raise Exceeded("size")
    elif name == "wordwrap" and isinstance(value, str):
        width = arg1 if isinstance(arg1, int) and arg1 > 0 else 79
        wrap = kwargs.get("wrapstring", rest[2] if len(rest) > 2 else "\n")
        if len(value) + (len(value) // width + 1) * len(wrap if isinstance(wrap, str) else "\n") > MAX_SIZE:
            raise Exceeded("size")
    elif name == "replace" and isinstance(value, str) and len(rest) >= 2:
        if _replace_size(value, rest[0], rest[1]) > MAX_SIZE:
            raise Exceeded("size")
    elif name == "join" and _join_size(value, kwargs.get("d", arg1 if arg1 is not None else "")) > MAX_SIZE:
        raise Exceeded("size")
    elif name == "format" and isinstance(value, str):
        check_printf(value, rest or tuple(kwargs.values()))
    elif name == "sum" and isinstance(kwargs.get("start", rest[1] if len(rest) > 1 else 0), list | tuple):
        if isinstance(value, list | tuple) and sum(len(v) for v in value if isinstance(v, list | tuple)) > MAX_SIZE:
            raise Exceeded("size")


# Filters that write their value as text first: a list given to them is measured before it is written.
_TEXTUAL = frozenset({"string", "upper", "lower", "title", "capitalize", "trim", "escape", "e", "forceescape",
                      "striptags", "urlize", "urlencode", "pprint", "tojson", "center", "indent", "wordwrap",
                      "truncate", "wordcount", "replace", "format", "safe", "zenkaku", "hankaku", "kana", "digits"})
_PRECHECKED = _TEXTUAL | {"batch", "slice", "join", "sum"}
_SIZED = frozenset({str, list, tuple, dict})


def guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` checked before (the size it would make) and after (the size it made), on the clock."""
    pass_arg = getattr(func, "jinja_pass_arg", None)

    checked = name in _PRECHECKED

    def guarded(*args: Any, **kwargs: Any) -> Any:
        if time.monotonic() > _CURRENT.get().deadline:
            raise Exceeded("time")
        if checked:
            _filter_precheck(name, args[1:] if pass_arg is not None else args, kwargs)
        result = func(*args, **kwargs)
        # A lazy result (map, select…) walks what it was given once; its size was checked where that was made,
        # and a lone expression's lazy value is made a list under the limits (expressions.render_string).
        if type(result) in _SIZED and len(result) > MAX_SIZE:
            raise Exceeded("size")
        return result

    guarded.__name__ = getattr(func, "__name__", name)
    guarded.__doc__ = func.__doc__
    guarded.__wrapped__ = func  # type: ignore[attr-defined]
    if pass_arg is not None:
        guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return guarded
