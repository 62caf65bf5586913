"""The work behind the desktop actions: the session, finding images, launching, errors with evidence.

Kept apart from ``robots.desktop`` (which only declares the actions) so that each stays short.
Nothing here imports PyAutoGUI, OpenCV or Tesseract at module level.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rpa_core.api import ActionContext, ActionError, Duration, check_program, display_path, parse_duration

from ._desktop_scale import AmbiguousMatch
from ._desktop_scale_record import ambiguous, image_not_found
from ._desktop_screen import MAX_REFERENCE_PIXELS, Match, ReferenceTooLarge
from ._desktop_session import DesktopSession, UnexpectedDialog, open_session
from ._desktop_windows import Window

__all__ = [
    "DesktopSettings",
    "desktop_settings",
    "failsafe",
    "launch_program",
    "locate",
    "session",
    "target_point",
    "timeout_of",
    "wait_window",
]

POLL = 0.05


def session(ctx: ActionContext) -> DesktopSession:
    """The run's desktop session (PyAutoGUI set up on first use, the clipboard given back at the end)."""

    def make() -> DesktopSession:
        try:
            return open_session(ctx.artifacts_dir, desktop_settings(ctx))
        except Exception as exc:  # no DISPLAY, no X server, no Xauthority…
            raise ActionError("desktop.no_display", detail=str(exc) or type(exc).__name__) from None

    found: DesktopSession = ctx.resource("desktop", make, close=lambda s: s.close())
    return found


class DesktopSettings(BaseModel):
    """``settings.desktop`` of a scenario, checked by ``robosan validate``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout: Duration | None = None  # default wait of the desktop steps (else settings.timeout, else 10 s)
    dialog_settle: float = Field(default=0.6, ge=0)  # seconds a closing dialog may take before it is a stray
    pause: float = Field(default=0.05, ge=0)  # seconds PyAutoGUI waits after each call


def desktop_settings(ctx: ActionContext) -> dict[str, Any]:
    """``settings.desktop`` as a mapping (the parsed model in a run; a plain mapping in unit tests)."""
    raw = ctx.settings.get("desktop") or {}
    return raw.model_dump() if isinstance(raw, BaseModel) else dict(raw)


def timeout_of(ctx: ActionContext, timeout: float | None, default: float = 10.0) -> float:
    if timeout is not None:
        return float(timeout)
    desktop = desktop_settings(ctx)
    for value in (desktop.get("timeout"), ctx.settings.get("timeout")):
        if value is not None:
            return parse_duration(value)
    return default


@contextlib.contextmanager
def failsafe(ctx: ActionContext, s: DesktopSession, window: str | None = None) -> Iterator[None]:
    """Turn PyAutoGUI's fail-safe (mouse in a corner) into stopping the run, and dialogs into step errors.

    A step that failed while a dialog no step expects is open (it took the keyboard, so a field could not
    be read back, or it hides an image) fails with that dialog as its cause, and the dialog is closed:
    otherwise every later item would fail behind it. ``window`` is the one the step expects.
    """
    try:
        try:
            yield
        except ActionError:
            s.guard(window)  # raises UnexpectedDialog when one is open
            raise
    except s.pg.FailSafeException:
        ctx.log(_text("desktop.failsafe"))
        raise KeyboardInterrupt from None  # the person at the PC stopped the robot: the run ends as stopped
    except UnexpectedDialog as dialog:
        if dialog.screenshot is not None:
            ctx.add_artifact(dialog.screenshot, "screenshot")
        key = "desktop.unexpected_dialog" if dialog.closed else "desktop.dialog_stuck"
        raise ActionError(
            key,
            title=dialog.title,
            text=dialog.text or "-",
            shot=display_path(dialog.screenshot) if dialog.screenshot else "-",
        ) from None


def _text(key: str, **kw: object) -> str:
    from rpa_core.api import text

    return text(key, **kw)


def evidence(ctx: ActionContext, s: DesktopSession, label: str) -> str:
    """A full-screen screenshot recorded against the current item; its path for the message."""
    shot = s.screenshot(label)
    if shot is None:
        return "-"
    ctx.add_artifact(shot, "screenshot")
    return display_path(shot)


def _image_problem(path: Path) -> ActionError | None:
    if path.is_file():
        return None
    folder = path.parent
    names = sorted(p.name for p in folder.glob("*.png")) if folder.is_dir() else []
    listed = "、".join(names[:12]) + (" …" if len(names) > 12 else "") if names else "-"
    return ActionError(
        "desktop.image_missing", image=display_path(path), folder=display_path(folder), candidates=listed
    )


def locate(
    ctx: ActionContext,
    s: DesktopSession,
    image: Path,
    *,
    confidence: float,
    timeout: float,
    window: str | None,
) -> Match:
    """Wait until ``image`` shows in the window (the main one unless named); guard against dialogs meanwhile."""
    problem = _image_problem(image)
    if problem is not None:
        raise problem
    try:
        s.matcher.template(image)
    except ReferenceTooLarge as exc:
        w, h = (f"{n:,}" if n else "?" for n in (exc.width, exc.height))
        raise ActionError("desktop.image_too_large", image=display_path(image), width=w, height=h,
                          limit=f"{MAX_REFERENCE_PIXELS:,}") from None
    except ValueError:
        raise ActionError("desktop.image_bad", image=display_path(image)) from None
    t0 = time.monotonic()
    deadline = t0 + timeout
    best = 0.0
    while True:
        s.guard(window)
        rect = s.window_rect(window) if (window or s.main_title) else _screen_rect()
        if rect is None and window is None:
            raise ActionError("desktop.app_gone", window=s.main_title)
        last = time.monotonic() >= deadline
        if rect is not None:
            try:  # the last look before giving up tries every size (issue 14)
                found, score = s.matcher.find(image, rect, confidence, all_scales=last)
            except AmbiguousMatch as tie:
                raise ambiguous(image, window or s.main_title or "-", tie) from None
            best = max(best, score)
            if found is not None:
                return found
        if last:
            break
        time.sleep(POLL)
    raise image_not_found(
        image, window=window or s.main_title or "-", seconds=round(time.monotonic() - t0, 1), best=best,
        confidence=confidence, shot=evidence(ctx, s, "image_not_found"), size=(rect[2], rect[3]) if rect else None,
    )


def _screen_rect() -> tuple[int, int, int, int]:
    from ._desktop_screen import screen_size

    w, h = screen_size()
    return (0, 0, w, h)


def target_point(
    ctx: ActionContext,
    s: DesktopSession,
    action: str,
    *,
    anchor: Path | None,
    offset: tuple[int, int] | None,
    window: str | None,
    at: tuple[int, int] | None,
    confidence: float,
    timeout: float,
) -> tuple[int, int] | None:
    """Screen coordinates from an anchor image (+offset from its centre) or a window (+at from its corner)."""
    if anchor is not None and at is not None:
        raise ActionError("desktop.both_targets")
    if anchor is not None:
        found = locate(ctx, s, anchor, confidence=confidence, timeout=timeout, window=window)
        dx, dy = offset or (0, 0)
        return (found.center[0] + dx, found.center[1] + dy)
    if at is not None:
        win = wait_window(ctx, s, window, timeout)
        s.guard(window)
        return (win.x + at[0], win.y + at[1])
    return None


def wait_window(ctx: ActionContext, s: DesktopSession, title: str | None, timeout: float) -> Window:
    """The named window (or the main one), waiting for it to appear."""
    name = title or s.main_title
    if not name:
        raise ActionError("desktop.no_window_yet")
    t0 = time.monotonic()
    while True:
        wins = s.find_windows(name)
        if wins:
            return wins[-1]
        if time.monotonic() - t0 >= timeout:
            break
        time.sleep(POLL)
    titles = "、".join(sorted({w.title for w in s.windows.list()})) or "-"
    raise ActionError(
        "desktop.window_not_found",
        window=name,
        seconds=round(time.monotonic() - t0, 1),
        titles=titles,
        shot=evidence(ctx, s, "window_not_found"),
    )


def _argv(command: str) -> list[str]:
    argv = shlex.split(command, posix=sys.platform != "win32")
    # "python -m …" runs with robosan's own Python, whichever `python` is first on PATH
    if argv and argv[0].lower() in ("python", "python3", "python.exe", "py"):
        argv[0] = sys.executable
    return argv


def launch_program(
    ctx: ActionContext, s: DesktopSession, command: str, window: str, timeout: float, if_running: str
) -> None:
    """Start ``command`` and wait for its window; deal with a window left open by an earlier run."""
    existing = s.find_windows(window)
    if existing and if_running == "fail":
        raise ActionError("desktop.already_running", window=window)
    if existing and if_running == "attach":
        s.main, s.main_title = existing[-1], window
        s.windows.activate(existing[-1])
        return
    if existing:  # restart: a robot killed mid-run leaves its program behind, maybe half-way through an item
        ctx.log(_text("desktop.restarted", window=window))
        for win in existing:
            s.close_window(win)
        if s.find_windows(window):
            raise ActionError("desktop.still_running", window=window)
    log_path = ctx.artifacts_dir / "desktop-program.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    argv = _argv(command)
    check_program(ctx, argv, arg="command")  # a scenario starts only what this PC allows (allowed_programs:)
    try:
        with open(log_path, "ab") as log:
            s.process = subprocess.Popen(
                argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=str(ctx.scenario_dir),
                env=dict(os.environ),
            )
    except OSError as exc:
        raise ActionError("desktop.launch_failed", command=command, detail=exc.strerror or str(exc)) from None
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        wins = s.find_windows(window)
        if wins:
            s.main, s.main_title = wins[-1], window
            s.windows.activate(wins[-1])
            ctx.log(_text("desktop.launched", window=window))
            return
        code = s.process.poll()
        if code is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-400:].strip()
            raise ActionError(
                "desktop.launch_exited",
                command=command,
                window=window,
                code=code,
                output=tail,
                log=display_path(log_path),
            )
        time.sleep(POLL)
    s.main_title = ""
    raise ActionError(
        "desktop.window_not_found",
        window=window,
        seconds=round(timeout, 1),
        titles="、".join(sorted({w.title for w in s.windows.list()})) or "-",
        shot=evidence(ctx, s, "launch"),
    )


def key_names(pg: Any, keys: list[str]) -> list[str]:
    """Lower-cased pyautogui key names; a clear error for a name it does not know."""
    out = []
    aliases = {"enter": "enter", "return": "enter", "esc": "escape", "control": "ctrl", "del": "delete"}
    for key in keys:
        name = aliases.get(key.lower(), key.lower())
        if name not in pg.KEYBOARD_KEYS:
            raise ActionError(
                "desktop.bad_key", key=key, examples="enter, tab, escape, f1, ctrl, shift, alt, up, down"
            )
        out.append(name)
    return out
