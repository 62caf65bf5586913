"""``robosan sample-systems start desktop`` and ``robosan sample-systems reset desktop``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from rpa_core.messages import register, text

__all__ = ["reset", "start"]

register(
    {
        "sample_desktop.reset": (
            "見本の軽自動車税システムのデータを消去しました: {db}",
            "The sample light-vehicle tax program's data was deleted: {db}",
        ),
    }
)

_DB_OPTION = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="データの SQLite ファイル / SQLite data file",
)


@click.command("desktop")
@_DB_OPTION
def start(db: Path | None) -> None:
    """見本の軽自動車税システム(デスクトップ)を起動する / start the sample desktop program."""
    cmd = [sys.executable, "-m", "sample_systems.desktop"] + (["--db", str(db)] if db else [])
    sys.exit(subprocess.call(cmd))


@click.command("desktop")
@_DB_OPTION
def reset(db: Path | None) -> None:
    """見本の軽自動車税システムのデータを消去する / delete the sample desktop program's data."""
    from .__main__ import default_db

    path = db or default_db()
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    click.echo(text("sample_desktop.reset", db=path))
