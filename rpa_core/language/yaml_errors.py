"""YAML syntax errors as a clerk needs them: one problem, placed where the mistake is (not where YAML gave up).

A full-width colon, an unclosed quote or bracket, an unquoted ``{{ }}``: PyYAML reports these far from
their cause, in English; :func:`syntax_problem` finds the line to look at and the hint to give.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from rpa_core.errors import Loc, Problem

__all__ = ["not_mapping", "syntax_problem"]

_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#:'\"{}\[\]][^:#]*?：")
_UNQUOTED_EXPR = re.compile(r"(?:^|:\s|-\s)\s*\{\{")
_CLOSING = {'"': '"', "'": "'", "[": "]", "{": "}"}


def syntax_problem(exc: yaml.MarkedYAMLError, name: str, source: str) -> Problem:
    """One clear problem for a YAML syntax error, placed where the clerk has to look."""
    problem, context = exc.problem_mark, exc.context_mark
    lines = source.splitlines()
    bad_line = problem.line if problem else (context.line if context else 0)
    fullwidth = _fullwidth_line(lines, bad_line)
    if fullwidth is not None:
        return Problem(
            Loc(name, fullwidth + 1, 1),
            "yaml.syntax",
            {"detail": (exc.problem or "").strip()},
            hint_key="yaml.fullwidth_colon.hint",
        )
    opened = _opener(exc, source)
    if opened is not None and context is not None:
        char = opened
        return Problem(
            Loc(name, context.line + 1, context.column + 1),
            "yaml.unclosed",
            {"char": char, "closing": _CLOSING[char]},
        )
    mark = problem or context
    line = mark.line + 1 if mark else 1
    col = mark.column + 1 if mark else 1
    detail = (exc.problem or exc.context or "").strip()
    for n in {line - 1, (context.line if context else line - 1)}:
        if 0 <= n < len(lines) and _UNQUOTED_EXPR.search(lines[n]):
            return Problem(
                Loc(name, n + 1, 1),
                "yaml.syntax",
                {"detail": detail},
                hint_key="yaml.unquoted_expression_line.hint",
            )
    return Problem(Loc(name, line, col), "yaml.syntax", {"detail": detail})


def _fullwidth_line(lines: list[str], bad_line: int) -> int | None:
    """The line whose full-width colon made YAML trip on ``bad_line``, or None.

    ``name：事業所登録`` is plain text to YAML, not a key; the text runs on over the next
    lines until YAML meets a real ``key:`` and fails there. So look at the lines just
    before the failing one (and the failing one itself), and report the first of them.
    """
    found: int | None = None
    n = min(bad_line, len(lines) - 1)
    if n >= 0 and _FULLWIDTH_KEY.match(lines[n]):
        found = n
    n -= 1
    while n >= 0:
        stripped = lines[n].strip()
        if stripped.startswith("#"):
            n -= 1
            continue
        if not stripped or not _FULLWIDTH_KEY.match(lines[n]):
            break
        found = n
        n -= 1
    return found


def _opener(exc: yaml.MarkedYAMLError, source: str) -> str | None:
    """The quote or bracket an error shows was never closed, or None.

    YAML reports an unclosed quote or bracket where it gave up (often the end of the file);
    the context mark is where it was opened, which is where the clerk has to look.
    """
    problem, context = exc.problem_mark, exc.context_mark
    if context is None or problem is None or context.index >= len(source):
        return None
    at_end = problem.index >= len(source.rstrip()) or "end of stream" in (exc.problem or "")
    what = exc.context or ""
    char = source[context.index]
    if char not in _CLOSING:
        return None
    if "quoted scalar" in what and at_end:
        return char
    if "flow" in what and (at_end or problem.line > context.line):
        return char
    return None


def not_mapping(data: Any, root: Loc, source: str) -> Problem:
    """The top level is a list or plain text: say where it starts and what likely caused it."""
    if isinstance(data, list):
        return Problem(root, "yaml.not_mapping", hint_key="yaml.not_mapping.list.hint")
    lines = source.splitlines()
    for n in range(root.line - 1, len(lines)):
        if "：" in lines[n] and _FULLWIDTH_KEY.match(lines[n]):
            return Problem(Loc(root.file, n + 1, 1), "yaml.not_mapping", hint_key="yaml.fullwidth_colon.hint")
    return Problem(root, "yaml.not_mapping", hint_key="yaml.not_mapping.hint")
