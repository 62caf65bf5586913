"""Expressions: ``{{ … }}`` rendered by Jinja2's sandbox with StrictUndefined.

A value that is one lone expression returns the Python value of that expression
(``"{{ rows }}"`` stays a list, ``"{{ '0012' }}"`` stays the string ``"0012"``);
any other text with expressions in it renders to a string. Compiled expressions are
cached by their source, so a loop pays for parsing once.

Values inside text are written the way the guide shows them (:func:`text_of`): a datetime to the second,
a Decimal without exponent, an empty value (``None``) as nothing rather than ``None``. Arithmetic goes
through :meth:`_Sandbox.call_binop`, so that ``1 + "2"`` is explained in Japanese with both values and
their types, a float next to a Decimal is taken as the Decimal it was written as, and ``"12,000" * 2``
is refused rather than repeated. Empty cells read while rendering are collected (:mod:`.cells`).

The sandbox shows data only (:mod:`._attributes`: a whitelist of methods per type, mapping keys) and bounds
every expression's work (:mod:`._limits`: size of each value made, loop iterations, time), see
:mod:`._sandbox`. A limit reached is a :class:`~rpa_core.errors.StepFailed` naming the expression; the
interpreter adds the step's file:line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, DecimalException
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError

from rpa_core.errors import ActionError, StepFailed
from rpa_core.language import _limits, cells
from rpa_core.language._attributes import CALL_NAMES, READ_ONLY_NAMES
from rpa_core.language._sandbox import ALLOWED_PRIVATE, DataOnlySandbox, LimitedSandbox, limit_filters
from rpa_core.language.numbers import as_decimal, parse_amount, show

__all__ = ["ENV", "ExprInfo", "analyse", "has_expr", "render_value", "text_of", "type_words"]

_LONE = re.compile(r"^\s*\{\{(?P<body>(?:(?!\{\{|\}\}).)*)\}\}\s*$", re.DOTALL)
_ALLOWED_PRIVATE = ALLOWED_PRIVATE


_ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**"})


def type_words(value: Any) -> tuple[str, str]:
    """What a value is, in a clerk's words (ja, en): 数値 / 文字列 / 日付 / なし(空)…"""
    if value is None:
        return "なし(空)", "nothing (empty)"
    if isinstance(value, bool):
        return "真偽値", "true/false"
    if isinstance(value, int | float | Decimal):
        return "数値", "number"
    if isinstance(value, str):
        return "文字列", "text"
    if isinstance(value, dt.datetime):
        return "日時", "date and time"
    if isinstance(value, dt.date):
        return "日付", "date"
    if isinstance(value, list | tuple):
        return "一覧", "list"
    if isinstance(value, Mapping):
        return "表の行・対応表", "row or mapping"
    return "その他の値", "other value"


def text_of(value: Any) -> str:
    """A value written as text the way the guide shows it: date ``2026-12-07``, datetime ``2026-12-07 16:03:01``,
    Decimal without exponent (``12000``), numbers as they are, nothing for ``None``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _shown(value: Any) -> str:
    return f'"{show(value)}"' if isinstance(value, str) else show(text_of(value) if value is not None else "None")


def _type_error(op: str, left: Any, right: Any) -> StepFailed:
    if left is None or right is None:
        read = cells.last_empty()
        if read is not None:
            return cells.empty_error(read)
    (lt, lt_en), (rt, rt_en) = type_words(left), type_words(right)
    return ActionError("expr.type", op=op, left=_shown(left), right=_shown(right), lt=lt, lt_en=lt_en, rt=rt, rt_en=rt_en)


def _too_large(op: str, left: Any, right: Any) -> bool:
    if op == "**" and isinstance(right, int | float | Decimal) and isinstance(left, int | float | Decimal):
        try:
            return abs(float(right)) > 1000 and abs(float(left)) > 1
        except OverflowError:  # an exponent too large even for a float
            return True
    if op == "*":
        pairs: tuple[tuple[Any, Any], ...] = ((left, right), (right, left))
        for seq, n in pairs:
            if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > _limits.MAX_SIZE:
                return True
    return False


def _precheck_binop(op: str, left: Any, right: Any) -> None:
    """``s + s`` doubling and ``"%9999999999s" % x``: refused before the result exists."""
    if op == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
        if len(left) + len(right) > _limits.MAX_SIZE:
            raise _limits.Exceeded("size")
        if isinstance(left, list | tuple) and isinstance(right, list | tuple):
            _limits.check_expanded([left, right])
    elif op == "*" and isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > _limits.MAX_INT_BITS:  # x * x repeated: digits double
            raise _limits.Exceeded("size")
    elif op == "*":
        seq, n = (left, right) if isinstance(left, list | tuple) else (right, left)
        if isinstance(seq, list | tuple) and isinstance(n, int) and n > 1:
            if _limits.expanded_size(seq) * n > _limits.MAX_CELLS:  # [[1] * 999999] * 999999
                raise _limits.Exceeded("size")
    elif op == "%" and isinstance(left, str):
        _limits.check_printf(left, right)


def _numeric_text(value: Any) -> bool:
    return isinstance(value, str) and parse_amount(value) is not None


class _Sandbox(DataOnlySandbox):
    intercepted_binops = _ARITHMETIC

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Arithmetic a clerk can trust: mixed Decimal/float exact, text times a number refused, errors in Japanese."""
        if isinstance(left, Decimal) and isinstance(right, float):
            right = as_decimal(right)
        elif isinstance(right, Decimal) and isinstance(left, float):
            left = as_decimal(left)
        if operator == "*" and (
            (_numeric_text(left) and isinstance(right, int)) or (_numeric_text(right) and isinstance(left, int))
        ):
            raise _type_error(operator, left, right)  # "12,000" * 2 would repeat the text, not double it
        if _too_large(operator, left, right):  # 10 ** 100000 or "x" * 10 ** 9 would stop the robot
            raise ActionError("expr.too_large", left=_shown(left), op=operator, right=_shown(right))
        self.precheck_binop(operator, left, right)
        try:
            return super().call_binop(context, operator, left, right)
        except TypeError:
            raise _type_error(operator, left, right) from None
        except (ZeroDivisionError, DecimalException):
            raise ActionError("expr.zero_division", left=_shown(left), op=operator, right=_shown(right)) from None

    def precheck_binop(self, operator: str, left: Any, right: Any) -> None:
        """Nothing without limits (the benchmark's baseline)."""


class _LimitedSandbox(LimitedSandbox, _Sandbox):
    """The environment of every run: data only, bounded work."""

    def precheck_binop(self, operator: str, left: Any, right: Any) -> None:
        _limits.tick()
        _precheck_binop(operator, left, right)


def _finalize(value: Any) -> Any:
    """How a value inside text is written; an empty cell's None is noted, so an argument needing a value refuses it."""
    if value is None:
        reads = cells.current()
        if reads is not None and reads.read:
            reads.reached_text.append(reads.read[-1])
        return ""
    if isinstance(value, dt.date | Decimal):
        return text_of(value)
    if isinstance(value, list | tuple | dict):
        _limits.check_text(value)  # a list holding one big list a million times writes as terabytes
    return value


def _none_as_empty(func: Callable[..., Any]) -> Callable[..., Any]:
    if getattr(func, "jinja_pass_arg", None) is not None:  # replace, truncate…: the context comes first

        def with_context(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
            return func(context, "" if value is None else value, *args, **kwargs)

        return functools.update_wrapper(with_context, func)  # keeps jinja_pass_arg

    def plain(value: Any, *args: Any, **kwargs: Any) -> Any:
        return func("" if value is None else value, *args, **kwargs)

    return functools.update_wrapper(plain, func)


# Jinja's text filters write an empty cell's None as "None" ("None" | upper is "NONE"): nothing instead.
_TEXT_FILTERS = ("trim", "upper", "lower", "title", "capitalize", "replace", "truncate", "center", "string")


def _make_env(limits: bool = True) -> _Sandbox:
    """The expression environment; ``limits=False`` only for the benchmark's baseline."""
    cls = _LimitedSandbox if limits else _Sandbox
    env = cls(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, finalize=_finalize)
    for name in _TEXT_FILTERS:
        env.filters[name] = _none_as_empty(env.filters[name])
    # Objects that have served as escape hatches out of the sandbox: a clerk never needs them.
    for name in ("cycler", "joiner", "lipsum", "namespace", "range"):
        env.globals.pop(name, None)
    env.globals["range"] = _safe_range
    from rpa_core.language.filters import FILTERS

    env.filters.update(FILTERS)
    if limits:
        limit_filters(env.filters)
    return env


def _safe_range(*args: int) -> range:
    r = range(*args)
    if len(r) > 100_000:
        raise _limits.Exceeded("steps")
    return r


ENV = _make_env()


def has_expr(value: Any) -> bool:
    """True if ``value`` (or anything inside it) holds an expression."""
    if isinstance(value, str):
        return "{{" in value or "{%" in value
    if isinstance(value, Mapping):
        return any(has_expr(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_expr(v) for v in value)
    return False


@lru_cache(maxsize=4096)
def _compile(source: str) -> Any:
    m = _LONE.match(source)
    if m:
        return True, ENV.compile_expression(m.group("body"), undefined_to_none=False)
    return False, ENV.from_string(source)


def render_string(source: str, variables: Mapping[str, Any]) -> Any:
    with cells.collect(), _limits.budget_for():
        return _render_string(source, variables)


def _render_string(source: str, variables: Mapping[str, Any]) -> Any:
    try:
        lone, compiled = _compile(source)
        if lone:
            value = compiled(variables)
            if isinstance(value, Undefined):
                str(value)  # raises: StrictUndefined, or the sandbox's SecurityError
            if isinstance(value, Iterator):  # rows|map(…): made into a list now, while the limits apply
                value = list(_limits.bounded_iter(value))
            if isinstance(value, list | tuple | dict) and not any(value is v for v in variables.values()):
                _limits.check_made(value)  # a value made here; ``{{ rows }}`` itself is not walked again
            return _limits.check_size(value)
        return compiled.render(variables)
    except _limits.Exceeded as exc:
        raise _limit_error(exc.kind, source) from None
    except RecursionError:  # a macro or a recursive loop calling itself without end
        raise StepFailed("expr.limit_depth", expr=show(source.strip())) from None
    except TypeError as exc:  # a comparison of a number with text, of an empty cell with a number…
        raise _compare_error(exc, source) from None
    except SecurityError:
        raise StepFailed("expr.unsafe", expr=source) from None
    except UndefinedError as exc:
        raise StepFailed("expr.undefined", detail=_undefined_detail(str(exc))) from None
    except TemplateSyntaxError as exc:
        raise StepFailed("expr.syntax", detail=exc.message or str(exc)) from None
    except StepFailed:
        raise
    except Exception as exc:  # a filter or operator failed on the data: say which expression
        raise StepFailed("expr.failed", expr=source.strip(), detail=str(exc) or type(exc).__name__) from None


def _limit_error(kind: str, source: str) -> StepFailed:
    expr = show(source.strip())
    if kind == "time":
        return StepFailed("expr.limit_time", seconds=f"{_limits.TIME_LIMIT:g}", expr=expr)
    if kind == "steps":
        return StepFailed("expr.limit_steps", limit=f"{_limits.MAX_STEPS:,}", expr=expr)
    return StepFailed("expr.limit_size", limit=f"{_limits.MAX_SIZE:,}", expr=expr)


_COMPARE = re.compile(r"'(?P<op>[^']+)' not supported between instances of '(?P<l>[\w.]+)' and '(?P<r>[\w.]+)'")
# Arithmetic inside a filter (``sum`` over text, a float and a Decimal): no values, only their types.
_OPERAND = re.compile(r"unsupported operand type\(s\) for (?P<op>\S+?): '(?P<l>[\w.]+)' and '(?P<r>[\w.]+)'")
_PY_TYPES = {"int": 1, "float": 1.0, "Decimal": Decimal(1), "str": "", "NoneType": None, "date": dt.date(2000, 1, 1),
             "datetime": dt.datetime(2000, 1, 1), "bool": True, "list": [], "dict": {}, "Row": {}}


def _compare_error(exc: TypeError, source: str) -> StepFailed:
    """Python's "'>' not supported between instances of 'str' and 'int'" in a clerk's words."""
    m = _COMPARE.search(str(exc)) or _OPERAND.search(str(exc))
    if m is None:
        return StepFailed("expr.failed", expr=source.strip(), detail=str(exc) or type(exc).__name__)
    key = "expr.compare_type" if m.re is _COMPARE else "expr.operand_type"
    left, right = (_PY_TYPES.get(m[side].rsplit(".", 1)[-1], object()) for side in ("l", "r"))
    if (left is None or right is None) and cells.last_empty() is not None:
        return cells.empty_error(cells.last_empty())  # type: ignore[arg-type]
    (lt, lt_en), (rt, rt_en) = type_words(left), type_words(right)
    return ActionError(key, op=m["op"], expr=source.strip(), lt=lt, lt_en=lt_en, rt=rt, rt_en=rt_en)


def _undefined_detail(message: str) -> str:
    # Jinja says "'dict object' has no attribute 'x'" / "'x' is undefined": keep the name.
    m = re.search(r"has no attribute '([^']+)'", message)
    if m:
        return m.group(1)
    m = re.search(r"'([^']+)' is undefined", message)
    return m.group(1) if m else message


def render_value(value: Any, variables: Mapping[str, Any]) -> Any:
    """Render every expression inside ``value`` (strings, lists, mappings)."""
    if isinstance(value, str):
        if "{{" not in value and "{%" not in value:
            return value
        return render_string(value, variables)
    if isinstance(value, Mapping):
        return {k: render_value(v, variables) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [render_value(v, variables) for v in value]
    return value


class ExprInfo:
    """What an expression refers to, found without running it (for ``robosan validate``)."""

    def __init__(
        self, names: set[str], attrs: list[tuple[str, str]], unsafe: list[str], calls: list[str] | None = None
    ) -> None:
        self.names = names  # free variable names
        self.attrs = attrs  # (variable, attribute) pairs such as ("inputs", "file")
        self.unsafe = unsafe  # private attributes touched
        self.calls = calls or []  # calls of names no data value has (read_text, joinpath, unlink, home…)


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    yield node
    for child in node.iter_child_nodes():
        yield from _walk(child)


@lru_cache(maxsize=4096)
def analyse(source: str) -> ExprInfo:
    """Parse ``source`` and list its free names; raise TemplateSyntaxError if it does not parse."""
    ast = ENV.parse(source)
    names = set(meta.find_undeclared_variables(ast))
    attrs: list[tuple[str, str]] = []
    unsafe: list[str] = []
    calls: list[str] = []
    for node in _walk(ast):
        if isinstance(node, nodes.Call):
            bad = _unsafe_call(node.node)
            if bad:
                calls.append(bad)
        if isinstance(node, nodes.Test) and node.name in ("defined", "undefined") and isinstance(node.node, nodes.Name):
            names.discard(node.node.name)  # `x is defined` is how a scenario asks about a name it may lack
        if isinstance(node, nodes.Getattr):
            if (node.attr.startswith("_") and node.attr not in _ALLOWED_PRIVATE) or node.attr in READ_ONLY_NAMES:
                unsafe.append(node.attr)
            if isinstance(node.node, nodes.Name):
                attrs.append((node.node.name, node.attr))
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            if isinstance(node.arg.value, str):
                if node.arg.value.startswith("__"):
                    unsafe.append(node.arg.value)
                if isinstance(node.node, nodes.Name):
                    attrs.append((node.node.name, node.arg.value))
    return ExprInfo(names, attrs, unsafe, calls)


def _unsafe_call(target: nodes.Node) -> str:
    """The name of a call no data value allows (``x.read_text()``, ``(x|attr('unlink'))()``), or ""."""
    if isinstance(target, nodes.Name):
        return ""  # a macro, range, dict, loop, caller: checked again when called
    if isinstance(target, nodes.Getattr):
        return "" if target.attr in CALL_NAMES else target.attr
    if isinstance(target, nodes.Getitem) and isinstance(target.arg, nodes.Const):
        name = str(target.arg.value)
        return "" if name in CALL_NAMES else name
    return type(target).__name__.lower()


def today() -> dt.date:
    return dt.date.today()
