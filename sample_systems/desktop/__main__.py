"""``python -m sample_systems.desktop [--db PATH] [--notice-after N]``: start the sample desktop program."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import db, default_db


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
