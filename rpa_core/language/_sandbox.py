"""The two layers under :mod:`rpa_core.language.expressions`' environment: data-only access and bounded work.

:class:`DataOnlySandbox` decides what an expression may read and call (:mod:`._attributes`): Jinja's
``str.format`` wrapper is not offered (``"{0.__class__}".format(x)`` is how sandboxes have been escaped), and
an attribute is checked against the whitelist before the value is handed out.

:class:`LimitedSandbox` adds the limits of :mod:`._limits`: its code generator wraps every ``{% for %}``
iterable in a counted iterator and turns ``~`` into a checked join; its hooks look at the clock; its ``concat``
refuses an output that grows past the size limit before it is joined.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment

from rpa_core.language import _limits
from rpa_core.language._attributes import allowed_attribute, allowed_callable

__all__ = ["DataOnlySandbox", "LimitedSandbox", "limit_filters"]

# Attributes readable even though they start with "_": the sheet row number.
ALLOWED_PRIVATE = frozenset({"_row"})
# Values whose attributes Jinja may look up first (a missing column stays "undefined", not "unsafe").
_DATA = (Undefined, Mapping, str, int, float, Decimal, dt.date, dt.time, list, tuple, LoopContext)


class DataOnlySandbox(SandboxedEnvironment):
    """A sandbox where values are data: listed methods of data types, mapping keys, and nothing else."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_") and attr not in ALLOWED_PRIVATE:
            return False
        return allowed_attribute(obj, attr, value) and super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, Undefined):  # calling it says which name is undefined
            return True
        return allowed_callable(obj, self.globals) and super().is_safe_callable(obj)

    def wrap_str_format(self, value: Any) -> None:
        """No ``str.format`` / ``format_map`` at all (the whitelist refuses them; Jinja would wrap them first)."""
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        """As Jinja's, but the whitelist is asked before a property or descriptor of an unknown type runs."""
        if not isinstance(obj, _DATA) and not allowed_attribute(obj, attribute, None):
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)


class _LimitedCodeGenerator(CodeGenerator):
    """Writes each ``{% for %}``'s iterable as ``environment.bounded_iter(…)`` and ``~`` as a checked join.

    (Jinja refuses new node types, so the iterable is recognised by identity when it is visited.)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loop_iterables: set[int] = set()

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        self._loop_iterables.add(id(node.iter))
        super().visit_For(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if id(node) not in self._loop_iterables:
            return super().visit(node, *args, **kwargs)
        self.write("environment.bounded_iter(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if node.nodes and all(isinstance(n, nodes.Const) for n in node.nodes):
            super().visit_Concat(node, frame)  # folded once, at compile time, from the expression's own text
            return
        self.write("environment.guarded_str_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class LimitedSandbox(DataOnlySandbox):
    """A :class:`DataOnlySandbox` whose every expression is bounded in size, iterations and time."""

    code_generator_class = _LimitedCodeGenerator
    concat = staticmethod(_limits.guarded_concat)
    bounded_iter = staticmethod(_limits.bounded_iter)
    guarded_str_join = staticmethod(_limits.guarded_str_join)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _limits.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _limits.tick()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _limits.tick()
        if not __self.is_safe_callable(__obj):  # before the size check: an unsafe call is named as such
            return super().call(__context, __obj, *args, **kwargs)
        _limits.precheck_call(__obj, args, kwargs)
        return _limits.check_size(__context.call(__obj, *args, **kwargs))  # checked just above


def limit_filters(filters: dict[str, Any]) -> None:
    """Every filter checked before and after it runs (see :func:`._limits.guard_filter`)."""
    for name, func in list(filters.items()):
        filters[name] = _limits.guard_filter(name, func)
