"""A legacy-style desktop program for 軽自動車税 (light-vehicle tax), driven by the desktop robot.

``python -m sample_systems.desktop [--db PATH] [--notice-after N]`` opens one fixed-size Tk
window titled 軽自動車税システム: a login screen, a side menu, 車両登録 (with a modal
confirmation), 車両抹消, 車両照会, and message boxes for wrong input. Its data lives in its
own SQLite file (:mod:`sample_systems.desktop.db`). Tk is imported only by ``app``.
"""

from __future__ import annotations

__all__ = ["DEFAULT_DB_NAME"]

DEFAULT_DB_NAME = "sample_desktop.db"
