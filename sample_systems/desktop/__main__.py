"""``python -m sample_systems.desktop [--db PATH] [--notice-after N]``: start the sample desktop program."""

from __future__ import annotations

from . import db, parse_args


def main(argv: list[str] | None = None) -> None:
    path, notice_after = parse_args(
        "python -m sample_systems.desktop",
        "軽自動車税システム (robosan のサンプル・デスクトップ業務システム)",
        argv,
    )
    db.init_db(path)
    from .app import App  # Tk only now: `--help` works without a display

    App(path, notice_after=notice_after).run()


if __name__ == "__main__":
    main()
