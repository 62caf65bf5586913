"""What every construct's parse needs: the parser's interface, scopes, names, did-you-mean, literal checks.

The constructs (``rpa_core.language.constructs``) parse their own keys through the
:class:`StepParser` interface, so they never import the parser module that drives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import TypeAdapter, ValidationError

from rpa_core.errors import Loc, Problem
from rpa_core.language.arg_types import is_text, needs, writable_as_text
from rpa_core.language.checks import did_you_mean
from rpa_core.language.expressions import has_expr

if TYPE_CHECKING:
    from rpa_core.language.model import Scenario, Step

__all__ = [
    "IDENT",
    "Scope",
    "StepParser",
    "Where",
    "check_literal",
    "near_name",
    "short",
]

IDENT = re.compile(r"^[^\W\d]\w*$")


def clip(text: str, width: int = 40) -> str:
    """A clerk's value as a message shows it: a 5,000-digit number or a pasted page is cut, not echoed."""
    return text if len(text) <= width else text[: width - 1] + "…"


def short(value: Any) -> str:
    return clip(repr(value))


def near_name(target: Path, written: str) -> str:
    """``written`` with its file name replaced by a close name in the same folder, or "".

    Catches the usual slips: a typo, full-width for half-width, another case or extension (``.PNG``).
    """
    import unicodedata

    try:
        names = sorted(f.name for f in target.parent.iterdir())[:5000]
    except (OSError, ValueError):
        return ""
    wanted = unicodedata.normalize("NFKC", target.name).casefold()
    same = [n for n in names if unicodedata.normalize("NFKC", n).casefold() == wanted]
    stem = [n for n in names if Path(n).stem == target.stem]
    near = (same or stem or [did_you_mean(target.name, names)])[0]
    if not near:
        return ""
    head, sep, _ = written.replace("\\", "/").rpartition("/")
    return head + sep + near


_ADAPTERS: dict[int, TypeAdapter[Any]] = {}


def check_literal(value: Any, annotation: Any, key: int | None = None) -> tuple[str, str] | None:
    """None if the literal value fits the annotation, else what it needs (ja, en).

    A number or date written where text is taken fits: the runner writes it as text (``text: 12``).

    ``key`` (the id of an action argument's field, which lives as long as the registry) lets the
    adapter be built once: building one takes longer than the rest of a step's checks.
    """
    if has_expr(value) or (is_text(annotation) and writable_as_text(value)):
        return None
    try:
        adapter = _ADAPTERS.get(key) if key is not None else None
        if adapter is None:
            adapter = TypeAdapter(annotation)
            if key is not None:
                _ADAPTERS[key] = adapter
        adapter.validate_python(value)
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


@dataclass(frozen=True)
class Where:
    """Where a step stands, as far as the rules of work items care.

    ``item_loop``: inside the steps of a for_each with item_key (also in a file that loop calls);
    ``loop``/``loop_at``: that loop's name and place, named in messages; ``retry_at``: a ``retry:`` on a
    block between that loop and here, which would run a commit step again; ``in_verify``: inside a loop's
    ``verify:``; ``after_item``: in a for_each's own on_error (its item is already recorded as failed);
    ``called_at``: the ``call:`` step this file was reached through; ``depth``: blocks of steps around.
    """

    item_loop: bool = False
    loop_names: set[str] = field(default_factory=set)
    after_item: bool = False
    loop: str = ""
    loop_at: Loc | None = None
    retry_at: Loc | None = None
    in_verify: bool = False
    called_at: Loc | None = None
    depth: int = 0

    def inside_item_loop(self, name: str = "", at: Loc | None = None) -> Where:
        # the loop is in this file: a commit step under it is reported as this file's, not a caller's
        return Where(True, self.loop_names, loop=name, loop_at=at, depth=self.depth)

    def after_item_failed(self) -> Where:
        return replace(self, after_item=True, retry_at=None)

    def but(self, **changes: Any) -> Where:
        return replace(self, **changes)

    def for_call(self, at: Loc) -> Where:
        """How a file named by ``call:`` here is parsed: in the same loop, with its own loop names."""
        return replace(self, loop_names=set(), called_at=at)


class StepParser(Protocol):
    """The parser as a construct sees it: report problems, parse nested steps, check expressions."""

    path: Path
    stack: tuple[Path, ...]
    problems: list[Problem]
    unattended: bool

    def err(self, loc: Loc, msg_key: str, /, **kwargs: object) -> None: ...

    def unknown_key(self, loc: Loc, key: str, where: str, allowed: tuple[str, ...] | list[str]) -> None: ...

    def need_mapping(self, loc: Loc, key: str) -> None: ...

    def pydantic_problems(
        self, exc: Any, value: Any, loc: Loc, where: str, allowed: tuple[str, ...]
    ) -> None: ...

    def steps(self, raw: Any, loc: Loc, scope: Scope, ctx: Where) -> tuple[Step, ...]: ...

    def check_value(self, value: Any, loc: Loc, scope: Scope, secret_ok: bool = False) -> None: ...

    def load_called(self, target: Path, where: Where) -> Scenario:
        """Parse a scenario that ``call:`` names, standing ``where`` (raises ScenarioError with its problems)."""
        ...

    def check_file(self, loc: Loc, value: Any, marker: str) -> None:
        """A path argument with a marker of ``rpa_core.language.types``: check it or note the input it reads."""
        ...
