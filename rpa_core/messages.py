"""The ja/en message catalogue.

Every message a clerk can see lives here (or is registered here by the module
that owns it) under a stable key, in Japanese and in English. Japanese is the
default; ``ROBOSAN_LANG=en`` or ``--lang en`` switches to English.

    from rpa_core.messages import register, text
    register({"excel.locked": ("{path} は {owner} さんが開いています。", "{path} is open by {owner}.")})
    text("excel.locked", path="a.xlsx", owner="山田")
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["CATALOGUE", "get_lang", "register", "set_lang", "text"]

LANGS = ("ja", "en")
CATALOGUE: dict[str, tuple[str, str]] = {}
_lang: str | None = None


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add ``key: (japanese, english)`` entries; a key may be registered once."""
    for key, pair in entries.items():
        if key in CATALOGUE and CATALOGUE[key] != pair:
            raise ValueError(f"message key registered twice with different text: {key}")
        CATALOGUE[key] = pair


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
    pair = CATALOGUE.get(key)
    if pair is None:
        return key + (" " + repr(kwargs) if kwargs else "")
    template = pair[1] if (lang or get_lang()) == "en" else pair[0]
    try:
        return template.format(**kwargs)
    except (KeyError, IndexError, ValueError):
        return template
