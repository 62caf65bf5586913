"""``robosan sample-systems``: start or reset the sample systems clerks practise on.

    robosan sample-systems start web --port 8000 [--flaky 15]
    robosan sample-systems reset web
    robosan sample-systems start desktop [--gtk]
    robosan sample-systems reset desktop

A robosan plug-in command (entry point ``robosan.commands: sample-systems``): the launcher side.
The systems themselves (:mod:`sample_systems.web`, :mod:`sample_systems.desktop`) stand in for
other vendors' systems and import no robosan code; this module is where robosan meets them (the
run log's folder, ``--lang``, robosan's error messages). It imports only ``rpa_core.api`` from the
core, and the systems only inside the commands, so that ``robosan --help`` stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from rpa_core.api import InputError, get_lang, robosan_home, text

__all__ = ["SYSTEMS", "sample_systems"]

SYSTEMS = {
    "web": "税務総合システム(見本) / the sample web system",
    "desktop": "見本の業務アプリ(デスクトップ) / the sample desktop program",
}

def web_default_db() -> Path:
    """The sample web system's data file beside the robosan run log (``ROBOSAN_HOME``)."""
    return robosan_home() / "sample_web.sqlite3"


def _db_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="データの SQLite ファイル / SQLite data file",
    )(f)


@click.group("sample-systems")
def sample_systems() -> None:
    """練習用の見本システムを起動・初期化する / start or reset the sample systems."""


@sample_systems.group("start")
def start() -> None:
    """見本システムを起動する(Ctrl+C で停止) / start a sample system (Ctrl+C stops it)."""


@sample_systems.group("reset")
def reset() -> None:
    """見本システムのデータを消去する / delete a sample system's data."""


@start.command("web")
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
@_db_option
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
def start_web(
    port: int, host: str, db: Path | None, flaky: float, seed: int, session_minutes: float, quiet: bool
) -> None:
    """見本の税務総合システム(Web)を起動する / start the sample municipal web system."""
    from sample_systems.web.server import PortInUse, run_foreground

    try:
        run_foreground(
            db or web_default_db(),
            host=host,
            port=port,
            flaky_percent=flaky,
            seed=seed,
            session_minutes=session_minutes,
            quiet=quiet,
            lang=get_lang(),
        )
    except PortInUse as exc:
        raise InputError("sample_web.port_in_use", host=exc.host, port=exc.port, detail=exc.detail) from exc


@reset.command("web")
@_db_option
def reset_web(db: Path | None) -> None:
    """見本の税務総合システムのデータを消去する / delete the sample web system's data."""
    from sample_systems.web.db import reset_db

    path = db or web_default_db()
    reset_db(path)
    click.echo(text("sample_web.reset", db=path))


@start.command("desktop")
@_db_option
@click.option(
    "--gtk",
    is_flag=True,
    help="GTK 版を起動する(項目名で操作する練習用) / start the GTK version (for fields by accessible name)",
)
def start_desktop(db: Path | None, gtk: bool) -> None:
    """見本の軽自動車税システム(デスクトップ)を起動する / start the sample desktop program."""
    db_args = ["--db", str(db)] if db else []
    if not gtk:
        sys.exit(subprocess.call([sys.executable, "-m", "sample_systems.desktop", *db_args]))
    python = gtk_python()
    # Debian's Python has PyGObject but not robosan's packages: give it the folder sample_systems is in
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    sys.exit(subprocess.call([python, "-m", "sample_systems.desktop_gtk", *db_args], env=env))


def gtk_python() -> str:
    """A Python that can import GTK 3: this one if it can, else Debian's ``/usr/bin/python3`` (``python3-gi``)."""
    probe = "import gi; gi.require_version('Gtk', '3.0')"
    for python in dict.fromkeys((sys.executable, "/usr/bin/python3")):
        if Path(python).exists() and subprocess.call([python, "-c", probe], stderr=subprocess.DEVNULL) == 0:
            return python
    raise InputError("sample_desktop.no_gtk", python=sys.executable)


@reset.command("desktop")
@_db_option
def reset_desktop(db: Path | None) -> None:
    """見本の軽自動車税システムのデータを消去する / delete the sample desktop program's data."""
    from sample_systems.desktop import default_db

    path = db or default_db()
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    click.echo(text("sample_desktop.reset", db=path))
