"""Expressions: ``{{ … }}`` rendered by Jinja2's sandbox with StrictUndefined.

A value that is one lone expression returns the Python value of that expression
(``"{{ rows }}"`` stays a list, ``"{{ '0012' }}"`` stays the string ``"0012"``);
any other text with expressions in it renders to a string. Compiled expressions are
cached by their source, so a loop pays for parsing once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from rpa_core.errors import StepFailed

__all__ = ["ENV", "ExprInfo", "analyse", "has_expr", "render_value"]

_LONE = re.compile(r"^\s*\{\{(?P<body>(?:(?!\{\{|\}\}).)*)\}\}\s*$", re.DOTALL)
# Attributes readable even though they start with "_": the sheet row number.
_ALLOWED_PRIVATE = {"_row"}


class _Sandbox(SandboxedEnvironment):
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_") and attr not in _ALLOWED_PRIVATE:
            return False
        return super().is_safe_attribute(obj, attr, value)


def _make_env() -> _Sandbox:
    env = _Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    # Objects that have served as escape hatches out of the sandbox: a clerk never needs them.
    for name in ("cycler", "joiner", "lipsum", "namespace", "range"):
        env.globals.pop(name, None)
    env.globals["range"] = _safe_range
    from rpa_core.language.filters import FILTERS

    env.filters.update(FILTERS)
    return env


def _safe_range(*args: int) -> range:
    r = range(*args)
    if len(r) > 100_000:
        raise SecurityError("range too large")
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
    try:
        lone, compiled = _compile(source)
        if lone:
            value = compiled(variables)
            if isinstance(value, Undefined):
                str(value)  # raises: StrictUndefined, or the sandbox's SecurityError
            return value
        return compiled.render(variables)
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

    def __init__(self, names: set[str], attrs: list[tuple[str, str]], unsafe: list[str]) -> None:
        self.names = names  # free variable names
        self.attrs = attrs  # (variable, attribute) pairs such as ("inputs", "file")
        self.unsafe = unsafe  # private attributes touched


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
    for node in _walk(ast):
        if isinstance(node, nodes.Test) and node.name in ("defined", "undefined") and isinstance(node.node, nodes.Name):
            names.discard(node.node.name)  # `x is defined` is how a scenario asks about a name it may lack
        if isinstance(node, nodes.Getattr):
            if node.attr.startswith("_") and node.attr not in _ALLOWED_PRIVATE:
                unsafe.append(node.attr)
            if isinstance(node.node, nodes.Name):
                attrs.append((node.node.name, node.attr))
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            if isinstance(node.arg.value, str):
                if node.arg.value.startswith("__"):
                    unsafe.append(node.arg.value)
                if isinstance(node.node, nodes.Name):
                    attrs.append((node.node.name, node.arg.value))
    return ExprInfo(names, attrs, unsafe)


def today() -> dt.date:
    return dt.date.today()
