"""The options every robosan command shares (``--lang``, ``--db``), in one place for main and its sub-commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from rpa_core.messages import set_lang

__all__ = ["db_option", "lang_option"]


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    def set_it(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value:
            set_lang(value)

    return click.option("--lang", type=click.Choice(["ja", "en"]), callback=set_it, expose_value=False,
                        is_eager=True, help="表示言語 / display language (ROBOSAN_LANG)")(f)


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db", default=None, help="run log: SQLAlchemy URL or SQLite file (ROBOSAN_DB)")(f)
