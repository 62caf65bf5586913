"""``python -m sample_systems.desktop [--db PATH] [--notice-after N]``: start the sample desktop program."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import DEFAULT_DB_NAME, db


def default_db() -> Path:
    """The program's data file beside the robosan run log (``ROBOSAN_HOME``, %LOCALAPPDATA% on Windows)."""
    from rpa_core.store.runlog import robosan_home

    return robosan_home() / "sample_systems" / DEFAULT_DB_NAME


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sample_systems.desktop",
        description="軽自動車税システム (robosan のサンプル・デスクトップ業務システム)",
    )
    parser.add_argument("--db", type=Path, default=None, help=f"SQLite file (default: {default_db()})")
    parser.add_argument(
        "--notice-after",
        type=int,
        default=0,
        help="show an unexpected notice when the registration screen opens after the Nth registration (for tests)",
    )
    args = parser.parse_args(argv)
    path = (args.db or default_db()).resolve()
    db.init_db(path)
    from .app import App  # Tk only now: `--help` works without a display

    App(path, notice_after=args.notice_after).run()


if __name__ == "__main__":
    main()
