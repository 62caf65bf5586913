"""Desktop actions by what a clerk reads on screen: labels, button names, window titles (issue 14).

    - desktop.wait_window: {title: 受付入力, state: open, timeout: 20s}
    - desktop.fill: {label: 氏名, value: "{{ row.氏名 }}", window: 受付入力}
    - desktop.click: {button: OK, window: 受付入力}      (declared in robots.desktop)
    - desktop.read: {label: 状態}

They work where a program exposes its controls (GTK and Qt through AT-SPI on Linux, UI Automation on
Windows; see :mod:`robots._a11y`); a program that exposes nothing gets an error saying to use images.
``desktop.fill`` reports OK only when the field reads back exactly what was meant: a field that
cannot be read back fails the step, never "OK" (issue 14: a name that was never checked).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from rpa_core.api import SECRET_OK, ActionContext, ActionError, Timeout, action, text

from ._a11y import ENABLED, SHOWING, A11yBackend, A11yUnavailable, Element
from ._a11y_enter import enter
from ._a11y_find import find_button, find_field, find_value, match_windows, on_screen, shown_names
from ._desktop_ops import POLL, failsafe, session, timeout_of
from ._desktop_session import DesktopSession
from ._desktop_target import Window
from ._desktop_windows import Window as ScreenWindow

__all__ = [
    "ButtonName",
    "a11y_backend",
    "fill",
    "list_window_labels",
    "open_backend",
    "press_button",
    "read",
    "wait_window",
]

_NEED_MOUSE = "arg.need.a11y_mouse_button"  # what validate says to `button: right` (see ButtonName)


def _not_a_mouse_button(value: str | None) -> str | None:
    """`button:` was the mouse button before it named buttons: those three words now say where they went."""
    if value in ("left", "right", "middle"):
        raise PydanticCustomError(_NEED_MOUSE.removeprefix("arg.need."), "mouse button", {"value": value})
    return value


ButtonName = Annotated[
    str | None,
    AfterValidator(_not_a_mouse_button),
    Field(description="押すボタンに書かれた文字(例: OK、登録)/ the text on the button to press (OK, 登録…)"),
]


def open_backend() -> A11yBackend:
    """The backend for this PC (imported on first use: ``robosan validate`` imports none of them)."""
    if sys.platform == "win32":
        from ._a11y_uia import UIABackend  # type: ignore[import-not-found,unused-ignore]

        backend: A11yBackend = UIABackend()
        return backend
    from ._a11y_atspi import AtspiBackend

    return AtspiBackend()


def a11y_backend(ctx: ActionContext) -> A11yBackend:
    """The run's accessibility backend (connected on first use, closed at the end of the run)."""

    def make() -> A11yBackend:
        try:
            return open_backend()
        except A11yUnavailable as exc:
            raise ActionError(exc.key, detail=exc.detail or "-") from None

    found: A11yBackend = ctx.resource("a11y", make, close=lambda b: b.close())
    return found


def _window(s: DesktopSession, b: A11yBackend, title: str | None, deadline: float, seconds: float) -> Element:
    """The named (else the main) window as the accessibility API sees it, waiting until ``deadline``."""
    name = title or s.main_title
    if not name:
        raise ActionError("desktop.no_window_yet")
    while True:
        listed = b.windows()
        found = match_windows(listed, name) or on_screen(listed, s.find_windows(name))
        showing = [w for w in found if SHOWING in w.states] or found  # not a hidden one of the same title
        if showing:
            return showing[-1]  # the newest, as desktop.launch takes it
        if time.monotonic() >= deadline:
            break
        time.sleep(POLL)
    raise _not_matched(s, listed, name, seconds)


def _not_matched(s: DesktopSession, listed: list[Element], name: str, seconds: float) -> ActionError:
    """Why no accessible window is ``name``: not open, open but its program exposes nothing, or open and
    exposing windows none of which could be paired with it (the error names what it exposes)."""
    screen = s.find_windows(name)
    if not screen:
        return _not_open(s, name, seconds)
    pids = {v.pid for v in screen if v.pid is not None}
    exposed = [w.name for w in listed if w.pid is not None and w.pid in pids]
    if exposed:
        return ActionError(
            "a11y.window_unmatched", window=name, exposed="、".join(f"「{n}」" for n in exposed)
        )
    # on screen, yet not in the accessibility tree: Tk, or started without it
    return ActionError("a11y.not_exposed", window=name)


def _not_open(s: DesktopSession, name: str, seconds: float) -> ActionError:
    titles = "、".join(sorted({w.title for w in s.windows.list()})) or "-"
    return ActionError("a11y.wait_open", window=name, seconds=round(seconds, 1), titles=titles)


def _locate(
    ctx: ActionContext,
    s: DesktopSession,
    window: str | None,
    timeout: float | None,
    pick: Callable[[Sequence[Element], str], Element],
) -> tuple[A11yBackend, Element]:
    """The element ``pick`` chooses in the window, looked for afresh until the step's time is up.

    A form that has just opened may still be building its fields; every look lists the window
    again, so nothing stale (a field of the form before) is ever used.
    """
    b = a11y_backend(ctx)
    seconds = timeout_of(ctx, timeout)
    deadline = time.monotonic() + seconds
    while True:
        win = _window(s, b, window, deadline, seconds)
        elements = b.elements(win)
        try:
            return b, pick(elements, win.name)
        except ActionError as exc:
            if exc.key == "a11y.ambiguous":
                raise  # waiting will not make two fields one
            if time.monotonic() >= deadline:
                if not any(e.visible for e in elements):
                    raise ActionError("a11y.not_exposed", window=win.name) from None
                raise
        time.sleep(POLL)


@action(
    "desktop.fill",
    summary="ラベルで欄を探して値を入れる(読み戻して確認)",
    summary_en="Fill the field a label names, read back to check",
)
def fill(
    ctx: ActionContext,
    *,
    label: str,
    value: Annotated[str | int | float, SECRET_OK],  # a password from {{ secrets.x.y }} too
    window: Window = None,
    max_length: int | None = None,
    timeout: Timeout = None,
) -> None:
    """Empty the field labelled ``label``, check it is empty, put ``value`` in and read it back.

    Equal: OK. Different: emptied and put once more, then the step fails. A field that cannot be
    read back fails the step (the value is unconfirmed). A password field reads back as ●●●: its
    length is compared. ``max_length`` refuses a longer value rather than let the program cut it.
    """
    wanted = str(value)
    if max_length is not None and len(wanted) > max_length:
        raise ActionError("a11y.too_long", name=label, length=len(wanted), limit=max_length)
    s = session(ctx)
    with failsafe(ctx, s):
        s.guard(window)
        b, field = _locate(ctx, s, window, timeout, lambda els, w: find_field(els, label, w))
        enter(s, b, field, wanted, label, window or s.main_title)


def press_button(ctx: ActionContext, name: str, window: str | None, timeout: float | None) -> None:
    """``desktop.click: {button: OK}``: press the button by its accessible action, else click its middle."""
    s = session(ctx)
    with failsafe(ctx, s):
        s.guard(window)
        b, button = _locate(ctx, s, window, timeout, lambda els, w: find_button(els, name, w))
        if ENABLED not in button.states:
            raise ActionError("a11y.press_failed", name=name, window=window or s.main_title)
        if b.pointer_press or not b.press(button):  # sent once: never a click after a press that went out
            s.pg.click(*button.center)


@action("desktop.read", summary="ラベルの欄の値を読み取る", summary_en="Read the value beside a label")
def read(ctx: ActionContext, *, label: str, window: Window = None, timeout: Timeout = None) -> str:
    """The text of the field (or the text shown beside) the label ``label`` names."""
    s = session(ctx)
    with failsafe(ctx, s):
        s.guard(window)  # an error dialog left open fails here with its text, not later in desktop.close
        b, found = _locate(ctx, s, window, timeout, lambda els, w: find_value(els, label, w))
    got = b.read_text(found)
    if got is None:
        raise ActionError("a11y.read_failed", name=label, window=window or s.main_title)
    return got


@action(
    "desktop.wait_window",
    summary="画面が開く(閉じる)まで待つ",
    summary_en="Wait until a window opens (or closes)",
)
def wait_window(
    ctx: ActionContext, *, title: str, state: Literal["open", "closed"] = "open", timeout: Timeout = None
) -> str:
    """Wait until a window titled ``title`` is open, or until the one(s) open now have closed.

    Works for every program, exposing its controls or not: it watches the screen's window list.
    ``open`` with no program started yet makes that window the one later steps work in, as
    ``desktop.activate`` does (attaching to a program that is already running). Returns the title.
    """
    s = session(ctx)
    wait = timeout_of(ctx, timeout)
    t0 = time.monotonic()
    if state == "closed":
        watched = {w.id for w in s.find_windows(title)}  # these; a new form of the same title is another
        while any(w.id in watched for w in s.windows.list()):
            if time.monotonic() - t0 >= wait:
                raise ActionError("a11y.wait_closed", window=title, seconds=round(wait, 1))
            time.sleep(POLL)
        return title
    while not (found := s.find_windows(title)):
        if time.monotonic() - t0 >= wait:
            raise _not_open(s, title, wait)
        time.sleep(POLL)
    if s.main is None:
        s.main, s.main_title = found[-1], title
    return found[-1].title


def list_window_labels(backend: A11yBackend, title: str | None = None, screen: Sequence[ScreenWindow] = ()) -> list[str]:
    """One line per window (those ``title`` matches, else all): its fields, other texts and buttons in
    reading order, as a clerk writes them in ``label:`` and ``button:`` (``robosan capture --labels``).

    ``screen``: the screen's windows titled ``title``, for dialogs whose accessible name is not their title.
    """
    windows = backend.windows()
    chosen = (match_windows(windows, title) or on_screen(windows, screen)) if title else windows
    lines = []
    for win in chosen:
        elements = backend.elements(win)
        labels, buttons = shown_names(elements)
        fields = [n for n in labels if _names_field(elements, n)]
        lines.append(
            text(
                "a11y2.listing",
                window=win.name,
                fields="、".join(fields) or "-",
                texts="、".join(n for n in labels if n not in fields) or "-",
                buttons="、".join(buttons) or "-",
            )
        )
    return lines


def _names_field(elements: Sequence[Element], name: str) -> bool:
    """Whether ``desktop.fill: {label: name}`` would find a field in ``elements``."""
    try:
        find_field(elements, name, "")
    except ActionError:
        return False
    return True
