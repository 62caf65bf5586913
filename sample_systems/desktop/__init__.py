"""A legacy-style desktop program for 軽自動車税 (light-vehicle tax), driven by the desktop robot.

``python -m sample_systems.desktop [--db PATH] [--notice-after N]`` opens one fixed-size Tk
window titled 軽自動車税システム: a login screen, a side menu, 車両登録 (with a modal
confirmation), 車両抹消, 車両照会, and message boxes for wrong input. Its data lives in its
own SQLite file (:mod:`sample_systems.desktop.db`). Tk is imported only by ``app``.

The program stands in for another vendor's: it imports no robosan code.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

__all__ = ["DEFAULT_DB_NAME", "default_db", "parse_args"]

DEFAULT_DB_NAME = "sample_desktop.db"


def default_db() -> Path:
    """The program's data file beside the robosan run log (``ROBOSAN_HOME``, %LOCALAPPDATA% on Windows).

    It reads the same environment variables as robosan does to find that folder (no robosan code).
    """
    home = os.environ.get("ROBOSAN_HOME")
    if home:
        base = Path(home)
    else:
        local = os.environ.get("LOCALAPPDATA")  # Windows: per-user, not roamed
        base = Path(local) / "robosan" if local else Path.home() / ".robosan"
    return base / "sample_systems" / DEFAULT_DB_NAME


def parse_args(prog: str, description: str, argv: list[str] | None) -> tuple[Path, int]:
    """``--db`` (resolved, default :func:`default_db`) and ``--notice-after`` of either version of the program."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--db", type=Path, default=None, help=f"SQLite file (default: {default_db()})")
    parser.add_argument(
        "--notice-after",
        type=int,
        default=0,
        help="show an unexpected notice when the registration screen opens after the Nth registration (for tests)",
    )
    args = parser.parse_args(argv)
    return (args.db or default_db()).resolve(), args.notice_after
