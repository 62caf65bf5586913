"""The shape of a construct: what one step kind declares once (keys, modifiers, parse, schema, explain)."""

from __future__ import annotations

from typing import Any, ClassVar

from rpa_core.errors import Loc
from rpa_core.language.loader import Node
from rpa_core.language.model import Step
from rpa_core.language.parsing import Scope, StepParser, Where
from rpa_core.language.types import MASK

__all__ = ["EXPR", "MODIFIERS", "STEPS_REF", "Construct", "body", "shown", "shown_args"]

# The keys any step may carry beside its main key; each construct says which of them do something on it.
MODIFIERS = ("name", "when", "retry", "timeout", "save_as", "commit", "on_error")
# ``timeout:`` only where something waits: actions whose arguments include a timeout.
_NO_WAIT = tuple(m for m in MODIFIERS if m != "timeout")

EXPR: dict[str, Any] = {"type": "string", "pattern": r"\{\{.*\}\}", "description": "expression {{ … }}"}
STEPS_REF: dict[str, Any] = {"$ref": "#/$defs/steps"}


class Construct:
    """One step kind. Subclasses set the class attributes and override parse, schema and sentence."""

    key: ClassVar[str]
    extra_keys: ClassVar[tuple[str, ...]] = ()
    modifiers: ClassVar[tuple[str, ...]] = _NO_WAIT
    step_type: ClassVar[type[Any]]  # the frozen dataclass its parse builds

    def accepts(self, modifier: str, main: str) -> bool:
        """Does ``modifier`` do something on a step whose main key is ``main``?"""
        return modifier in self.modifiers

    def parse(
        self, p: StepParser, node: Node, value: Any, scope: Scope, where: Where, common: dict[str, Any]
    ) -> Step | None:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        """JSON Schema of the main key and the extra keys (the modifiers are added by the caller)."""
        raise NotImplementedError

    def sentence(self, step: Any) -> str:
        """The step as one line of ``robosan explain``'s Japanese procedure."""
        raise NotImplementedError

    def children(self, step: Any) -> list[tuple[str, tuple[Step, ...]]]:
        """Nested bodies, labelled for explain (``on_error:`` steps are added by explain itself)."""
        return []


def body(
    p: StepParser, node: Node, key: str, scope: Scope, where: Where, required: bool = False
) -> tuple[Step, ...]:
    """The steps under ``key:`` of a construct (``then:``, ``rescue:``, ``steps:`` …)."""
    if key not in node:
        if required:
            p.err(node.loc, "parse.missing_block", key=key)
        return ()
    raw = node[key]
    if not isinstance(raw, list):
        p.err(node.loc_of(key), "parse.steps_not_list_key", key=key)
        return ()
    return p.steps(raw, node.loc_of(key), scope, where)


def loc_in(value: Any, key: str, fallback: Loc) -> Loc:
    return value.loc_of(key) if isinstance(value, Node) else fallback


def shown(value: Any) -> str:
    """A value as the procedure shows it; expressions stay readable, secrets never appear."""
    text = str(value).strip()
    if "secrets." in text:
        return f"`{text}`（値は表示しません {MASK}）"
    return f"`{text}`" if "{{" in text else f"「{text}」"


def shown_args(args: dict[str, Any]) -> str:
    return "、".join(f"{k}={shown(v)}" for k, v in args.items())
