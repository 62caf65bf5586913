"""``python3 -m sample_systems.desktop_gtk [--db PATH] [--notice-after N]``: start the GTK sample program."""

from __future__ import annotations

import argparse
from pathlib import Path

from sample_systems.desktop import db, default_db


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python3 -m sample_systems.desktop_gtk",
        description="軽自動車税システム GTK 版 (robosan のサンプル・デスクトップ業務システム)",
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
    from .app import App  # GTK only now: `--help` works without a display or PyGObject

    App(path, notice_after=args.notice_after).run()


if __name__ == "__main__":
    main()
