"""Where a secret may be written, checked by ``robosan validate`` before anything runs.

A secret renders only into the arguments meant for it: an action argument marked SECRET_OK
(``browser.fill``'s ``value``, ``desktop.type``'s ``text``) and a called file's ``secret`` input.
There, and only there, a lone ``{{ secrets.x.y }}`` (or ``{{ inputs.NAME }}`` of a secret input) may
stand. Text around it, a filter, an operator, a comparison, and every other place (``log``, ``fail``,
``set``, ``when``, ``item_key``, file contents, any other argument) is refused at file:line: once a
secret is inside a text, no masking can promise to find every copy of it.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import TemplateSyntaxError

from rpa_core.errors import Loc
from rpa_core.language.expressions import analyse
from rpa_core.language.loader import Node
from rpa_core.language.model import InputSpec
from rpa_core.language.parsing import StepParser, clip
from rpa_core.language.secret_value import lone_secret

__all__ = ["check_secret_use", "secret_inputs", "uses_secret"]

_LONE_INPUT = re.compile(r"^\s*\{\{\s*inputs\.([^\W\d]\w*)\s*\}\}\s*$")


def uses_secret(source: str, secret_inputs: set[str]) -> bool:
    """True if the expression text reads a secret or a secret input anywhere."""
    try:
        info = analyse(source)
    except (TemplateSyntaxError, RecursionError, MemoryError):  # reported by the syntax check
        return False
    if "secrets" in info.names:
        return True
    return any(var == "inputs" and attr in secret_inputs for var, attr in info.attrs)


def _lone(source: str, secret_inputs: set[str]) -> bool:
    if lone_secret(source):
        return True
    m = _LONE_INPUT.match(source)
    return m is not None and m.group(1) in secret_inputs


def check_secret_use(p: StepParser, source: str, loc: Loc, secret_ok: bool, secret_inputs: set[str]) -> None:
    """Refuse a secret outside a lone ``{{ secrets.x.y }}`` in an argument meant for it."""
    if not uses_secret(source, secret_inputs):
        return
    if secret_ok and _lone(source, secret_inputs):
        return
    key = "secret.misuse_form" if secret_ok else "secret.misuse"
    p.err(loc, key, expr=clip(source.strip()))


def secret_inputs(p: StepParser, raw: Any, inputs: dict[str, InputSpec]) -> set[str]:
    """The inputs of type ``secret``; such an input gets its value only from a caller's ``call: with:``."""
    out: set[str] = set()
    for name, spec in inputs.items():
        if spec.type != "secret":
            continue
        out.add(name)
        node = raw.get(name) if isinstance(raw, Node) else None
        if (spec.default is not None or spec.choices) and isinstance(node, Node):
            key = "default" if spec.default is not None else "choices"
            p.err(node.loc_of(key) if key in node else raw.loc_of(name), "parse.secret_input_default", name=name)
    return out
