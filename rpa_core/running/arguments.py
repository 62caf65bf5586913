"""An action step's arguments: rendered one by one, text arguments given text, checked in a clerk's words.

Three things happen between a step's YAML and the action's typed keyword arguments:

* **Text is text.** An argument typed ``str`` (or ``str | None``) gets a number, Decimal, date or datetime
  written as text (:func:`~rpa_core.language.expressions.text_of`: ``2026-12-07``, ``2026-12-07 16:03:01``,
  ``12000``); one typed ``str | int | float`` (``desktop.type``) keeps ints and floats and gets Decimals and
  dates as text. Only arguments that take data (``rows:``, anything else) keep the Python value.
  True/false into a text argument is refused: a form never wants the word ``True``.
* **Empty cells are named.** Each argument is rendered in its own collection of empty-cell reads
  (:mod:`rpa_core.language.cells`); an empty cell that reaches an argument needing a value fails the item
  with 「Excel 5行目の「氏名」が空です」, never a pydantic path.
* **Too long is refused, not cut.** An action with a ``max_length`` argument (``desktop.type``) gets its
  ``text``/``value`` checked here, before it runs: a longer value fails the item naming the Excel row and
  column it came from (the cells each argument read are collected like the empty ones) and its length.
* **Wrong values are explained** in Japanese (and English): which argument, the value and its type, what
  the argument needs, never ``text.str`` nor ``Input should be a valid string``.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from rpa_core.errors import BadValue, StepFailed
from rpa_core.language import cells
from rpa_core.language.arg_types import accepts_none, is_text, needs, takes_text, writable_as_text
from rpa_core.language.expressions import text_of, type_words
from rpa_core.language.secret_value import Secret, SecretMisuse
from rpa_core.language.types import takes_secret

__all__ = ["check_args", "find_secret", "render_args"]


# A lone expression with text-space around it ("{{ now }}\n"): the same shape as expressions' lone rule.
_AROUND = re.compile(r"^(\s*)\{\{(?:(?!\{\{|\}\}).)*\}\}(\s*)$", re.DOTALL)


def render_args(render: typing.Callable[[Any], Any], raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, cells.Reads]]:
    """Each argument rendered, with the empty cells its expressions read (and its source text, for text arguments)."""
    args: dict[str, Any] = {}
    reads: dict[str, cells.Reads] = {}
    for name, value in raw.items():
        with cells.collect() as found:
            args[name] = render(value)
        found.source = value
        reads[name] = found
    return args, reads


def _as_text(action: str, name: str, value: Any, source: Any, numbers_too: bool) -> Any:
    if isinstance(value, bool):
        raise BadValue("arg.bool_text", action=action, arg=name, value=value)
    if writable_as_text(value) and not (numbers_too and isinstance(value, int | float)):
        value = text_of(value)
    m = _AROUND.match(source) if isinstance(source, str) and isinstance(value, str) and not numbers_too else None
    if m:  # "{{ now }}\n" keeps its line end: the lone expression's value, then the text around it
        value = m.group(1) + value + m.group(2)
    return value


def find_secret(value: Any) -> Secret | None:
    """The first :class:`Secret` in ``value`` (also inside lists and mappings), or None."""
    if isinstance(value, Secret):
        return value
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        for v in value:
            found = find_secret(v)
            if found is not None:
                return found
    return None


def _reveal(model: type[BaseModel], args: dict[str, Any]) -> None:
    """A secret becomes text here, right before the action, and only in an argument marked SECRET_OK."""
    for name, value in list(args.items()):
        field = model.model_fields.get(name)
        if isinstance(value, Secret) and field is not None and takes_secret(field.rebuild_annotation()):
            args[name] = value.reveal()
            continue
        found = find_secret(value)
        if found is not None:  # validate refuses this; a last net for what it could not see
            raise SecretMisuse(found.name)


def check_args(action: str, model: type[BaseModel], args: dict[str, Any], reads: dict[str, cells.Reads], mask: typing.Callable[[str], str]) -> BaseModel:
    """Give text arguments text, refuse empty cells where a value is needed, validate; errors for a clerk."""
    _reveal(model, args)
    for name, value in list(args.items()):
        field = model.model_fields.get(name)
        if field is None:
            continue
        found = reads.get(name)
        # A value is needed unless the argument may be left out and may be nothing: browser.fill's value
        # (required, though None clears the field) must not be emptied by an empty cell without a word.
        if found is not None and found.read and (field.is_required() or not accepts_none(field.annotation)):
            if value is None:
                raise cells.empty_error(found.read[-1])
            if found.reached_text:
                raise cells.empty_error(found.reached_text[-1])
        if takes_text(field.annotation):
            source = found.source if found is not None else None
            args[name] = _as_text(action, name, value, source, numbers_too=not is_text(field.annotation))
    try:
        checked = model.model_validate(args)
    except ValidationError as exc:
        raise _explain(action, exc.errors()[0], args, reads, mask) from None
    _check_length(action, checked, reads)
    return checked


LIMITED = ("text", "value")  # the arguments a ``max_length`` argument limits


def _check_length(action: str, checked: BaseModel, reads: dict[str, cells.Reads]) -> None:
    """A value longer than the action's ``max_length`` fails here: a clerk's value is never cut short."""
    limit = getattr(checked, "max_length", None)
    if not isinstance(limit, int):
        return
    for name in LIMITED:
        value = getattr(checked, name, None)
        if value is None or len(str(value)) <= limit:
            continue
        found = reads.get(name)
        named: dict[str, Any] = {"action": action, "length": len(str(value)), "limit": limit}
        if found is not None and found.filled and found.filled[-1].row is not None:
            raise BadValue("arg.too_long", **named, **cells.address(found.filled[-1]))
        raise BadValue("arg.too_long_no_cell", **named, arg=name)


def _arg_path(loc: tuple[Any, ...], args: dict[str, Any]) -> str:
    """``fields.氏名`` or ``rows[2]``: the argument as the clerk wrote it, without pydantic's type tags (``text.str``)."""
    parts: list[str] = []
    node: Any = args
    for i, part in enumerate(loc):
        if isinstance(part, int) and isinstance(node, list | tuple) and 0 <= part < len(node):
            parts.append(f"[{part}]")
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and part in node:
            parts.append(("." if i else "") + part)
            node = node[part]
        elif i == 0:
            parts.append(str(part))
            node = None
    return "".join(parts)


def _explain(action: str, e: Any, args: dict[str, Any], reads: dict[str, cells.Reads], mask: typing.Callable[[str], str]) -> StepFailed:
    top = str(e["loc"][0]) if e["loc"] else ""
    value = e.get("input")
    found = reads.get(top)
    if found is not None and found.read and cells.is_empty(value):
        return cells.empty_error(found.read[-1])
    if value is None and e.get("type") != "missing":
        return BadValue("arg.empty", action=action, arg=_arg_path(tuple(e["loc"]), args) or top)
    reason, reason_en = needs(e)
    tw, tw_en = type_words(value)
    shown = "" if value is None else mask(text_of(value) if not isinstance(value, dict | list) else str(value))[:80]
    return BadValue("arg.bad_value", action=action, arg=_arg_path(tuple(e["loc"]), args) or top, value=shown,
                       type=tw, type_en=tw_en, reason=reason, reason_en=reason_en)
