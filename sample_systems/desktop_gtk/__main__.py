"""``python3 -m sample_systems.desktop_gtk [--db PATH] [--notice-after N]``: start the GTK sample program."""

from __future__ import annotations

from sample_systems.desktop import db, parse_args


def main(argv: list[str] | None = None) -> None:
    path, notice_after = parse_args(
        "python3 -m sample_systems.desktop_gtk",
        "軽自動車税システム GTK 版 (robosan のサンプル・デスクトップ業務システム)",
        argv,
    )
    db.init_db(path)
    from .app import App  # GTK only now: `--help` works without a display or PyGObject

    App(path, notice_after=notice_after).run()


if __name__ == "__main__":
    main()
