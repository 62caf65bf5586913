"""What every construct's parse needs: the parser's interface, scopes, names, did-you-mean, literal checks.

The constructs (``rpa_core.language.constructs``) parse their own keys through the
:class:`StepParser` interface, so they never import the parser module that drives them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import TypeAdapter, ValidationError

from rpa_core.errors import Loc, Problem
from rpa_core.language.arg_types import is_text, needs, writable_as_text
from rpa_core.language.expressions import has_expr

if TYPE_CHECKING:
    from rpa_core.language.model import Scenario, Step

__all__ = [
    "IDENT",
    "Scope",
    "StepParser",
    "Where",
    "check_literal",
    "short",
]

IDENT = re.compile(r"^[^\W\d]\w*$")


def short(value: Any) -> str:
    s = repr(value)
    return s if len(s) < 40 else s[:37] + "..."


def check_literal(value: Any, annotation: Any) -> tuple[str, str] | None:
    """None if the literal value fits the annotation, else what it needs (ja, en).

    A number or date written where text is taken fits: the runner writes it as text (``text: 12``)."""
    if has_expr(value) or (is_text(annotation) and writable_as_text(value)):
        return None
    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError as exc:
        return needs(exc.errors()[0])
    except Exception:  # an annotation pydantic cannot build an adapter for: checked at run time
        return None
    return None


class Scope:
    """Names known at a point of the scenario (document order; nested blocks see outer names)."""

    def __init__(self, names: set[str], inputs: set[str], secrets: set[str]) -> None:
        self.names = names
        self.inputs = inputs
        self.secrets = secrets

    def child(self, *extra: str) -> Scope:
        return Scope(self.names | set(extra), self.inputs, self.secrets)


class Where:
    """Where a step stands: inside an item loop? in the on_error: of an item loop?"""

    def __init__(
        self, item_loop: bool = False, loop_names: set[str] | None = None, after_item: bool = False
    ) -> None:
        self.item_loop = item_loop
        self.loop_names = loop_names if loop_names is not None else set()
        self.after_item = after_item  # in a for_each's own on_error: the failed item is already recorded

    def inside_item_loop(self) -> Where:
        return Where(True, self.loop_names)

    def after_item_failed(self) -> Where:
        return Where(self.item_loop, self.loop_names, after_item=True)


class StepParser(Protocol):
    """The parser as a construct sees it: report problems, parse nested steps, check expressions."""

    path: Path
    stack: tuple[Path, ...]
    problems: list[Problem]

    def err(self, loc: Loc, msg_key: str, /, **kwargs: object) -> None: ...

    def unknown_key(self, loc: Loc, key: str, where: str, allowed: tuple[str, ...] | list[str]) -> None: ...

    def need_mapping(self, loc: Loc, key: str) -> None: ...

    def pydantic_problems(
        self, exc: Any, value: Any, loc: Loc, where: str, allowed: tuple[str, ...]
    ) -> None: ...

    def steps(self, raw: Any, loc: Loc, scope: Scope, ctx: Where) -> tuple[Step, ...]: ...

    def check_value(self, value: Any, loc: Loc, scope: Scope) -> None: ...

    def load_called(self, target: Path) -> Scenario:
        """Parse a scenario that ``call:`` names (raises ScenarioError with its problems)."""
        ...
