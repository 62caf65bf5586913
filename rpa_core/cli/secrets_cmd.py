"""``robosan secrets``: store a secret in the OS keyring, say who may use it, show what is stored (never a value).

Kept out of :mod:`rpa_core.cli.main` (registered there with ``add_command``); it imports nothing of it,
so that the CLI has no import cycle.
"""

from __future__ import annotations

import sys

import click

from rpa_core.cli.options import lang_option
from rpa_core.messages import render, text, visible

__all__ = ["secrets_group"]


_FOR = click.option("--for", "scope", multiple=True, metavar="部/課|シナリオ名",
                    help="使ってよい所属(前方一致)またはシナリオ名、* は全員 / department path (prefix) or scenario "
                         "name that may use it; * for everyone")


def _say_error(key: str, **kwargs: object) -> None:
    click.echo(visible(render(text(key, **kwargs), text(key + ".hint", **kwargs)))[0], err=True)
    sys.exit(2)


@click.group("secrets")
def secrets_group() -> None:
    """秘密情報(パスワード等) / secrets."""


@secrets_group.command("set")
@click.argument("name")
@_FOR
@click.option("--field", "fields", multiple=True, default=("user", "password"), show_default=True)
@lang_option
def secrets_set(name: str, scope: tuple[str, ...], fields: tuple[str, ...]) -> None:
    """OSの資格情報に登録する(入力は表示されません) / store in the OS keyring, typed without echo."""
    from rpa_core.running.secrets import store_secret

    if not [s for s in scope if s.strip()]:
        _say_error("cli.secret_no_scope", name=name)
    values = {f: click.prompt(f"{name}.{f}", hide_input=True) for f in fields}
    try:
        store_secret(name, values, scope)
    except Exception as exc:  # no keyring backend on this PC
        _say_error("cli.keyring_failed", detail=str(exc), env=f"ROBOSAN_SECRET_{name.upper()}_{fields[0].upper()}")
    click.echo(text("cli.secret_saved", name=name))
    click.echo(text("cli.secret_scope", name=name, scope=", ".join(scope)))


@secrets_group.command("allow")
@click.argument("name")
@_FOR
@lang_option
def secrets_allow(name: str, scope: tuple[str, ...]) -> None:
    """使ってよい所属・シナリオを登録し直す(値はそのまま) / replace who may use it (values kept)."""
    from rpa_core.running.secrets import field_names, store_scope

    if not [s for s in scope if s.strip()]:
        _say_error("cli.secret_no_scope", name=name)
    if not field_names(name):
        _say_error("cli.secret_unknown", name=name)
    try:
        store_scope(name, scope)
    except Exception as exc:
        _say_error("cli.keyring_failed", detail=str(exc), env=f"ROBOSAN_SECRET_{name.upper()}_FOR")
    click.echo(text("cli.secret_scope", name=name, scope=", ".join(scope)))


@secrets_group.command("show")
@click.argument("name")
@lang_option
def secrets_show(name: str) -> None:
    """登録された項目と使える所属を表示する(値は表示しません) / fields and scope, never values."""
    from rpa_core.running.secrets import field_names, secret_scope

    scope = secret_scope(name)
    click.echo(text("cli.secret_fields", name=name, fields=", ".join(field_names(name)) or "-"))
    click.echo(text("cli.secret_scope", name=name, scope=", ".join(scope) if scope else text("cli.secret_nobody")))
