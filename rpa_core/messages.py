"""The ja/en message catalogue.

Every message a clerk can see has a stable key and a Japanese and an English text. Japanese is the
default; ``ROBOSAN_LANG=en`` or ``--lang en`` switches to English.

Each package keeps ONE catalogue module of plain data, ``MESSAGES: dict[str, tuple[str, str]]``
(key -> (日本語, English)): the foundation keys below, ``rpa_core.<subpackage>.messages`` for the core,
and for plug-ins (robots, connectors, ocr, outside packages) the module named by an entry point of
the ``robosan.messages`` group (``robots = "robots.messages:MESSAGES"``). Nothing registers on import:
the first lookup (:func:`text`, :func:`has`, :func:`catalogue`) loads them all, once. A key defined
twice with different text is an error at load.

    from rpa_core.messages import text
    text("excel.locked", path="a.xlsx", owner="山田")
"""

from __future__ import annotations

import importlib
import os
import re
import warnings
from collections.abc import Iterator, Mapping

__all__ = ["CATALOGUE", "MESSAGES", "catalogue", "get_lang", "has", "render", "set_lang", "text", "visible"]

LANGS = ("ja", "en")

# The foundation's own keys (errors.py, registry.py, and the label of every hint).
MESSAGES: dict[str, tuple[str, str]] = {
    "label.hint": ("対処", "What to do"),
    "error.generic": ("エラーが発生しました。", "An error occurred."),
    "error.plain": ("{ja}", "{en}"),
    "error.scenario": ("シナリオに {count} 件の誤りがあります。", "The scenario has {count} problem(s)."),
    "plugin.broken": (
        "追加機能「{name}」({dist})を読み込めません: {detail}",
        "The plug-in '{name}' ({dist}) cannot be loaded: {detail}",
    ),
    "plugin.broken.hint": (
        "{dist} を入れ直すか(pip install --force-reinstall {dist})、使わないならアンインストールしてください。",
        "Reinstall {dist} (pip install --force-reinstall {dist}), or uninstall it if it is not needed.",
    ),
}

# The core's catalogues, by module name: loaded by name (not imported here), so that this foundation
# module depends on no layer above it.
CORE_CATALOGUES = (
    "rpa_core.language.messages",
    "rpa_core.running.messages",
    "rpa_core.store.messages",
    "rpa_core.reports.messages",
    "rpa_core.scheduling.messages",
    "rpa_core.cli.messages",
)

_entries: dict[str, tuple[str, str]] = {}
_loaded = False
_lang: str | None = None


def _add(entries: Mapping[str, tuple[str, str]], source: str) -> None:
    for key, pair in entries.items():
        if key in _entries and _entries[key] != pair:
            raise ValueError(f"message key defined twice with different text: {key} ({source})")
        _entries[key] = pair


def _load() -> None:
    global _loaded
    _loaded = True
    _add(MESSAGES, __name__)
    for name in CORE_CATALOGUES:
        _add(importlib.import_module(name).MESSAGES, name)
    from rpa_core._entry_points import MESSAGES_GROUP, entry_points

    for ep in entry_points(MESSAGES_GROUP):
        try:
            entries = ep.load()
        except Exception as exc:  # a broken plug-in must not silence every other message
            warnings.warn(f"robosan: cannot load the messages of {ep.value}: {exc}", stacklevel=2)
            continue
        _add(entries, ep.value)


def catalogue() -> Mapping[str, tuple[str, str]]:
    """Every message, loaded on first use: key -> (Japanese, English)."""
    if not _loaded:
        _load()
    return _entries


class _Catalogue(Mapping[str, tuple[str, str]]):
    """A read-only view of every message that loads the catalogues on first use."""

    def __getitem__(self, key: str) -> tuple[str, str]:
        return catalogue()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(catalogue())

    def __len__(self) -> int:
        return len(catalogue())

    def __contains__(self, key: object) -> bool:
        return key in catalogue()


CATALOGUE: Mapping[str, tuple[str, str]] = _Catalogue()


def has(key: str) -> bool:
    """Whether ``key`` has a text (``has(key + ".hint")`` asks for a hint)."""
    return key in catalogue()


def set_lang(lang: str | None) -> None:
    global _lang
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use ja or en")
    _lang = lang


def get_lang() -> str:
    if _lang:
        return _lang
    env = os.environ.get("ROBOSAN_LANG", "ja").lower()
    return "en" if env.startswith("en") else "ja"


def text(key: str, lang: str | None = None, /, **kwargs: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted with kwargs."""
    pair = catalogue().get(key)
    if pair is None:
        return key + (" " + repr(kwargs) if kwargs else "")
    template = pair[1] if (lang or get_lang()) == "en" else pair[0]
    try:
        return template.format(**kwargs)
    except (KeyError, IndexError, ValueError):
        return template


def render(message: str, hint: str = "", lang: str | None = None) -> str:
    """A message and, when there is one, its hint on the next line: ``…\\n    対処: …``."""
    return message + (f"\n    {text('label.hint', lang)}: {hint}" if hint else "")


# Characters a worksheet cell cannot hold (openpyxl raises IllegalCharacterError), a terminal may act on
# (escape sequences, form feed, backspace) or an encoder refuses (lone surrogates): control characters
# other than tab, newline and carriage return, DEL, the C1 block, and unpaired surrogates.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _notation(match: re.Match[str]) -> str:
    ch = match.group()
    return "\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else f"\\x{ord(ch):02x}"


def visible(value: str) -> tuple[str, int]:
    """``value`` with every control character written as ``\\x0c`` (a lone surrogate as U+FFFD), and
    how many were replaced.

    Data from a clerk's CSV or a web page may hold a form feed or a NUL: written as is, a result
    workbook cannot be saved and a terminal may clear its screen. The notation keeps the place visible
    (never a silent deletion), so the clerk can find the cell; callers report the count.
    """
    if value.isprintable() or not _INVISIBLE.search(value):
        return value, 0
    return _INVISIBLE.subn(_notation, value)


def error_words(exc: BaseException, limit: int = 300) -> str:
    """An unexpected error's text for a clerk: a database error by its own words (``exc.orig``), never the SQL
    it ran; control characters shown, not sent on; cut after ``limit`` characters."""
    orig = getattr(exc, "orig", None)
    detail = visible(str(orig if orig is not None else exc) or type(exc).__name__)[0]
    return detail if len(detail) <= limit else detail[:limit] + "…"
