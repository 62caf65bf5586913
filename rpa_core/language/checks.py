"""One small toolkit for checking a YAML file a clerk wrote: the scenario parser, the robot-file checker
(``rpa_core.scheduling.robot_file``) and the OCR template checker (``ocr.template``, through
``rpa_core.api``) all collect their problems with it.

A :class:`Checker` collects :class:`~rpa_core.errors.Problem`\\ s (file:line:col, a message key, its values);
:meth:`Checker.unknown_key` says a key is not allowed, with a did-you-mean or the allowed keys, and the
hint for a full-width space in the indent; :meth:`Checker.need_mapping` says a key needs ``name: value``
pairs; :meth:`Checker.pydantic_problems` maps a pydantic error's location back to the file's lines.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import ValidationError

from rpa_core.errors import Loc, Problem
from rpa_core.language.arg_types import needs
from rpa_core.language.loader import Node, item_loc

__all__ = ["Checker", "did_you_mean", "pyd_msg"]

FULLWIDTH_SPACE_HINT = "parse.unknown_key_fullwidth_space.hint"


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """The closest of ``choices`` to a mistyped ``word``, or "" when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def pyd_msg(e: Any) -> str:
    """A pydantic error's reason, a little shorter."""
    return str(e.get("msg", "")).replace("Input should be", "expected")


class Checker:
    """Collects the problems of one file; ``display`` is the file's name as the clerk gave it."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []

    def err(self, loc: Loc, key: str, /, **kwargs: object) -> None:
        self.problems.append(Problem(loc, key, kwargs))

    def unknown_key(
        self,
        loc: Loc,
        key: str,
        where: str,
        allowed: tuple[str, ...] | list[str],
        *,
        message: str = "parse.unknown_key",
        suggest: str | None = "parse.unknown_key_mean",
        **kwargs: object,
    ) -> None:
        """``key`` is not allowed ``where``: say the closest allowed key (``suggest``), else all of them.

        A key that starts with a full-width space is a line indented with one: that gets its own hint.
        """
        if key.startswith("\u3000"):
            values = {"key": key, "where": where, "allowed": ", ".join(allowed), **kwargs}
            self.problems.append(Problem(loc, message, values, FULLWIDTH_SPACE_HINT))
            return
        suggestion = did_you_mean(key, allowed) if suggest else ""
        if suggest and suggestion:
            self.err(loc, suggest, key=key, where=where, suggestion=suggestion, **kwargs)
        else:
            self.err(loc, message, key=key, where=where, allowed=", ".join(allowed), **kwargs)

    def unknown_keys(self, node: Node, allowed: tuple[str, ...], where: str, **options: Any) -> None:
        """:meth:`unknown_key` for each key of ``node`` that is not in ``allowed``."""
        for key in node:
            if key not in allowed:
                self.unknown_key(node.loc_of(key), key, where, allowed, **options)

    def need_mapping(self, loc: Loc, key: str, example: str = "") -> None:
        """``key:`` holds something other than ``name: value`` pairs (with an example for it, if any)."""
        hint = "parse.need_mapping.hint" if example else "parse.need_mapping.plain.hint"
        self.problems.append(Problem(loc, "parse.need_mapping", {"key": key, "example": example}, hint))

    def bad_choice(self, loc: Loc, field: str, where: str, value: str, choices: list[str]) -> None:
        """A value that must be one of a few words (``dialogs: acept``): name the close one, or all of them."""
        suggestion = did_you_mean(value, choices)
        if suggestion:
            self.err(loc, "parse.bad_choice_mean", field=field, where=where, value=value, suggestion=suggestion)
        else:
            self.err(loc, "parse.bad_choice", field=field, where=where, value=value, choices=", ".join(choices))

    def pydantic_problems(
        self, exc: ValidationError, value: Any, loc: Loc, where: str, allowed: tuple[str, ...]
    ) -> None:
        """Each error of a pydantic model built from ``value`` (found at ``loc``), at its own line."""
        for e in exc.errors():
            path = [p for p in e["loc"] if isinstance(p, str | int)]
            here, node = loc, value
            for part in path:
                if isinstance(node, Node) and isinstance(part, str) and part in node:
                    here = node.loc_of(part)
                    node = node[part]
                elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                    here = item_loc(node, part, here)
                    node = node[part]
            field = ".".join(str(p) for p in path) or where
            if e["type"] == "extra_forbidden":
                self.unknown_key(here, str(path[-1]), where if len(path) == 1 else field, allowed)
            elif e["type"] == "missing":
                self.err(here, "parse.missing_arg", arg=field, where=where)
            elif e["type"] == "literal_error":
                self.bad_choice(here, field, where, str(e.get("input")), re.findall(r"'([^']*)'", str(e["ctx"]["expected"])))
            else:
                ja, en = needs(e)
                self.err(here, "parse.bad_value", field=field, where=where, detail=ja, detail_en=en)
