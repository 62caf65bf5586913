"""``robosan hello``: a command added by a plug-in."""

from __future__ import annotations

import click

from rpa_core.api import lang_option, text


@click.command("hello")
@click.argument("name", default="robosan")
@lang_option
def hello(name: str) -> None:
    """あいさつする / say hello."""
    click.echo(text("hello.said", name=name))
