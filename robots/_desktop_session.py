"""One desktop session per run: PyAutoGUI set up once, the program we drive, and the dialog guard.

The guard is what keeps a surprise dialog from derailing a run. Before a step acts (and
while it waits), it lists the windows of the program: anything other than the main window
or the window the step names (``window: 確認``) is unexpected. It is given a moment to go
away (a dialog the previous step closed may still be on screen); if it stays, it is
screenshotted, read (OCR) for the error text, closed, and the step fails with all of that:
the item is recorded as failed and an ``on_error: continue`` loop goes on with the next one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._desktop_clipboard import Clipboard, end_stale_helpers, make_clipboard
from ._desktop_screen import Matcher, grab, ocr_text
from ._desktop_windows import Window, WindowSystem, app_windows, window_system

__all__ = ["DesktopSession", "UnexpectedDialog", "open_session"]


@dataclass
class UnexpectedDialog(Exception):
    """A window of the program that no step asked for (already screenshotted and closed)."""

    title: str
    text: str
    screenshot: Path | None
    closed: bool


@dataclass
class DesktopSession:
    pg: Any  # the pyautogui module, configured
    windows: WindowSystem
    clipboard: Clipboard
    artifacts_dir: Path
    settings: dict[str, Any]
    matcher: Matcher = field(default_factory=Matcher)
    process: subprocess.Popen[bytes] | None = None
    main: Window | None = None
    main_title: str = ""
    shots: int = 0

    # -- windows ---------------------------------------------------------------
    def find_windows(self, title: str) -> list[Window]:
        """Visible windows titled exactly ``title``; failing that, those whose title contains it."""
        wins = self.windows.list()
        exact = [w for w in wins if w.title == title]
        return exact or [w for w in wins if title in w.title]

    def refresh_main(self) -> Window | None:
        """The main window now (it may have moved, or been closed)."""
        if not self.main_title:
            return None
        wins = self.find_windows(self.main_title)
        same = [w for w in wins if self.main is not None and w.id == self.main.id]
        found = same or wins
        self.main = found[0] if found else None
        return self.main

    def window_rect(self, title: str | None) -> tuple[int, int, int, int] | None:
        """The rectangle of the named window (None: not on screen), or of the main window."""
        if title is None or title == self.main_title:
            main = self.refresh_main()
            return main.rect if main else None
        wins = self.find_windows(title)
        return wins[-1].rect if wins else None

    # -- the dialog guard --------------------------------------------------------
    def guard(self, expected: str | None = None) -> None:
        """Raise UnexpectedDialog if the program shows a window no step expects."""
        if self.main is None:
            return
        settle = float(self.settings.get("dialog_settle", 0.6))
        deadline = time.monotonic() + settle
        while True:
            strays = self._strays(expected)
            if not strays:
                return
            if time.monotonic() >= deadline:
                break
            time.sleep(0.02)  # the dialog the previous step answered may not have closed yet
        raise self._handle_stray(strays[-1])

    def _strays(self, expected: str | None) -> list[Window]:
        wins = self.windows.list()
        main = next((w for w in wins if self.main is not None and w.id == self.main.id), None)
        if main is None:
            return []  # the main window is gone: the step itself will say so
        pid = self.process.pid if self.process is not None else None
        return [
            w
            for w in app_windows(wins, main, pid)
            if w.id != main.id
            and w.title != self.main_title
            and not (expected and (w.title == expected or expected in w.title))
        ]

    def _handle_stray(self, win: Window) -> UnexpectedDialog:
        shot = self.screenshot("unexpected_dialog")
        text = ""
        try:
            x, y, w, h = win.rect
            if w > 160 and h > 100:  # leave out the icon on the left and the row of buttons at the bottom
                x, y, w, h = x + 56, y, w - 56, h - 44
            text = ocr_text(grab((x, y, w, h)), single_line=False)
        except Exception:  # OCR is a courtesy for the error message; the screenshot is the evidence
            text = ""
        closed = self.close_window(win)
        return UnexpectedDialog(win.title, text.replace("\n", " "), shot, closed)

    def close_window(self, win: Window, timeout: float = 3.0) -> bool:
        """Close politely (× button); if it stays, focus it and press Esc. True once it is gone."""
        self.windows.close(win)
        if self._gone(win.id, timeout / 2):
            return True
        self.windows.activate(win)
        self.pg.press("escape")
        return self._gone(win.id, timeout / 2)

    def _gone(self, win_id: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(w.id != win_id for w in self.windows.list()):
                return True
            time.sleep(0.03)
        return False

    # -- evidence ------------------------------------------------------------------
    def screenshot(
        self, label: str, region: tuple[int, int, int, int] | None = None, path: Path | None = None
    ) -> Path | None:
        """Save a PNG in the run's folder (or ``path``); None if the screen cannot be grabbed."""
        self.shots += 1
        target = path or self.artifacts_dir / f"desktop-{self.shots:03d}-{label}.png"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            grab(region).save(target)
        except Exception:
            return None
        return target

    def close(self) -> None:
        """End of the run: end our clipboard helper. The program stays open, as a clerk would leave it."""
        self.clipboard.release()


def _import_pyautogui() -> Any:
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise RuntimeError("no DISPLAY")
    if sys.platform.startswith("linux"):
        xauth = Path(os.environ.get("XAUTHORITY") or Path.home() / ".Xauthority")
        if not xauth.exists():  # python-xlib refuses to connect without one
            xauth.touch()
            os.environ["XAUTHORITY"] = str(xauth)
    import pyscreeze

    pyscreeze.GNOMESCREENSHOT_EXISTS = True  # Pillow grabs the screen itself, no gnome-screenshot needed
    import pyautogui

    return pyautogui


def open_session(artifacts_dir: Path, settings: dict[str, Any]) -> DesktopSession:
    """Set PyAutoGUI up for this run. The fail-safe (mouse into a screen corner stops the robot) stays on.

    A clipboard helper a killed run left behind is ended first: it would serve that run's last text
    to this run's Ctrl+V (issue 14).
    """
    end_stale_helpers()
    pg = _import_pyautogui()
    pg.FAILSAFE = True
    pg.PAUSE = float(settings.get("pause", 0.05))
    return DesktopSession(
        pg=pg,
        windows=window_system(),
        clipboard=make_clipboard(),
        artifacts_dir=artifacts_dir,
        settings=settings,
    )
