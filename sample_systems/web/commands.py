"""``robosan sample-systems start web`` and ``robosan sample-systems reset web``."""

from __future__ import annotations

from pathlib import Path

import click

from rpa_core.messages import register, text

__all__ = ["default_db", "reset", "start"]

register(
    {
        "sample_web.reset": (
            "見本システムのデータを消去しました: {db}",
            "The sample system's data was deleted: {db}",
        ),
    }
)


def default_db() -> Path:
    """The sample system's data file beside the robosan run log (``ROBOSAN_HOME``)."""
    from rpa_core.store.runlog import robosan_home

    return robosan_home() / "sample_web.sqlite3"


@click.command("web")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="待ち受けるポート(0 = 空いている番号) / port to listen on (0 = any free port)",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="待ち受けるアドレス / address to listen on"
)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="データの SQLite ファイル / SQLite data file",
)
@click.option(
    "--flaky",
    type=click.FloatRange(0, 100),
    default=0.0,
    help="障害を起こす登録の割合(%) / percent of registrations that fail or stall",
)
@click.option("--seed", type=int, default=0, help="不安定モードの乱数の種 / seed of the flaky mode")
@click.option(
    "--session-minutes",
    type=click.FloatRange(min=0, min_open=True),
    default=20.0,
    show_default=True,
    help="操作がないとセッションが切れるまでの分数 / idle minutes before a session expires",
)
@click.option("--quiet", is_flag=True, help="アクセスログを出さない / no access log")
def start(
    port: int, host: str, db: Path | None, flaky: float, seed: int, session_minutes: float, quiet: bool
) -> None:
    """見本の税務総合システム(Web)を起動する / start the sample municipal web system."""
    from .server import run_foreground

    run_foreground(
        db or default_db(),
        host=host,
        port=port,
        flaky_percent=flaky,
        seed=seed,
        session_minutes=session_minutes,
        quiet=quiet,
    )


@click.command("web")
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="データの SQLite ファイル / SQLite data file",
)
def reset(db: Path | None) -> None:
    """見本の税務総合システムのデータを消去する / delete the sample web system's data."""
    from .db import reset_db

    path = db or default_db()
    reset_db(path)
    click.echo(text("sample_web.reset", db=path))
