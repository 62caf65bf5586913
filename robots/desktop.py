"""Desktop robot: drive a desktop program with the mouse and keyboard, as a clerk would (PyAutoGUI).

    - desktop.launch: {command: "python -m sample_systems.desktop", window: 軽自動車税システム, timeout: 20s}
    - desktop.click_image: {image: images/登録ボタン.png}
    - desktop.type: {text: "{{ row.所有者氏名 }}", anchor: images/所有者氏名ラベル.png, offset: [180, 0]}

Places on screen are found by reference images (OpenCV confidence), searched inside the
program's window; clicks are relative to a found image or to a window, never bare screen
coordinates. Japanese text goes through the clipboard and every typed field is read back.
A dialog of the program that no step expects fails the step with a screenshot and is closed
(see :mod:`robots._desktop_session`). PyAutoGUI's fail-safe stays on: moving the mouse into a
screen corner stops the run. Heavy libraries are imported on first use, never by ``validate``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from rpa_core.api import SECRET_OK, ActionContext, ActionError, NotFoundYet, Timeout, action

from . import _desktop_a11y_actions  # noqa: F401  (registers desktop.fill, desktop.read, desktop.wait_window)
from ._desktop_a11y_actions import ButtonName, press_button
from ._desktop_ops import (
    DesktopSettings,
    failsafe,
    key_names,
    launch_program,
    locate,
    session,
    target_point,
    timeout_of,
    wait_window,
)
from ._desktop_target import (
    CONFIDENCE,
    NO_OFFSET,
    Anchor,
    At,
    Confidence,
    Image,
    Offset,
    RequiredAnchor,
    Window,
)

__all__ = [
    "activate",
    "click",
    "click_image",
    "close",
    "hotkey",
    "launch",
    "press",
    "read_text",
    "screenshot",
    "type_text",
    "wait_image",
]

SETTINGS = DesktopSettings  # what settings: {desktop: {...}} may hold

Button = Literal["left", "right", "middle"]
MaxLength = Annotated[
    int | None,
    Field(ge=1, description="入力欄に入る最大の文字数 / the most characters the field takes"),
]


@action(
    "desktop.launch",
    summary="プログラムを起動して画面が出るまで待つ",
    summary_en="Start a program and wait for its window",
)
def launch(
    ctx: ActionContext,
    *,
    command: str,
    window: str,
    timeout: Timeout = None,
    if_running: Literal["restart", "attach", "fail"] = "restart",
) -> None:
    """Start a program and wait for its window (title ``window``) to appear.

    ``if_running`` says what to do with a window of that title left open (by a robot that was
    stopped half-way, for example): ``restart`` closes it and starts afresh, ``attach`` uses it,
    ``fail`` stops. ``python`` at the start of the command means robosan's own Python.
    """
    s = session(ctx)
    with failsafe(ctx, s):
        launch_program(ctx, s, command, window, float(timeout) if timeout is not None else 20.0, if_running)


@action(
    "desktop.wait_image", summary="画像が画面に出るまで待つ", summary_en="Wait until an image shows on screen"
)
def wait_image(
    ctx: ActionContext,
    *,
    image: Image,
    timeout: Timeout = None,
    confidence: Confidence = CONFIDENCE,
    window: Window = None,
) -> dict[str, int | float]:
    """Wait until the reference image shows in the window; return where (``x``, ``y``, ``score``).

    Inside ``verify:``, an image that never shows means "not done yet" (the item runs again).
    """
    s = session(ctx)
    try:
        with failsafe(ctx, s):
            found = locate(ctx, s, image, confidence=confidence, timeout=timeout_of(ctx, timeout), window=window)
    except ActionError as exc:
        if exc.key == "desktop.image_not_found":  # looked until the timeout: the window is there, the image not
            raise NotFoundYet.like(exc) from None
        raise
    return {"x": found.center[0], "y": found.center[1], "score": round(found.score, 3)}


@action("desktop.click_image", summary="画像を探してクリックする", summary_en="Find an image and click it")
def click_image(
    ctx: ActionContext,
    *,
    image: Image,
    confidence: Confidence = CONFIDENCE,
    offset: Offset = NO_OFFSET,
    timeout: Timeout = None,
    window: Window = None,
    mouse_button: Button = "left",
    clicks: int = 1,
) -> None:
    """Find the reference image in the window and click its centre (plus ``offset`` pixels)."""
    s = session(ctx)
    with failsafe(ctx, s):
        found = locate(ctx, s, image, confidence=confidence, timeout=timeout_of(ctx, timeout), window=window)
        s.pg.click(found.center[0] + offset[0], found.center[1] + offset[1], clicks=clicks, button=mouse_button)


@action(
    "desktop.click",
    summary="ボタンを名前で押す、または目印の画像や画面からの位置をクリックする",
    summary_en="Press a button by its name, or click next to an anchor image or in a window",
)
def click(
    ctx: ActionContext,
    *,
    button: ButtonName = None,
    anchor: Anchor = None,
    offset: Offset = NO_OFFSET,
    window: Window = None,
    at: At = None,
    mouse_button: Button = "left",
    clicks: int = 1,
    confidence: Confidence = CONFIDENCE,
    timeout: Timeout = None,
) -> None:
    """Press the button named ``button`` (OK, 登録…), where the program exposes its buttons.

    Otherwise click ``offset`` pixels from the centre of ``anchor``, or ``at`` pixels from the
    window's top-left corner, with ``mouse_button``. Prefer ``anchor`` (an image that moves with what
    it marks). ``at`` is the last resort, for a window whose layout never changes and that has nothing
    distinctive to cut as an image: it survives the window moving, not the window changing size (then
    it clicks somewhere else, without an error). ``button: left/right/middle`` meant the mouse button
    before buttons had names: ``robosan validate`` points to ``mouse_button:``.
    """
    if button is not None:
        mixed = [k for k, v in (("anchor", anchor), ("at", at)) if v is not None]
        mixed += ["mouse_button"] if mouse_button != "left" else []
        if mixed or offset != NO_OFFSET:
            raise ActionError("a11y.click_mixed", other=", ".join(f"{k}:" for k in mixed or ["offset"]))
        press_button(ctx, button, window, timeout)
        return
    s = session(ctx)
    with failsafe(ctx, s):
        point = target_point(
            ctx,
            s,
            "desktop.click",
            anchor=anchor,
            offset=offset,
            window=window,
            at=at,
            confidence=confidence,
            timeout=timeout_of(ctx, timeout),
        )
        if point is None:
            raise ActionError("desktop.no_target", action="desktop.click")
        s.pg.click(point[0], point[1], clicks=clicks, button=mouse_button)


@action(
    "desktop.type",
    summary="文字を入力する(日本語も可・読み戻して確認)",
    summary_en="Type text (Japanese too), read back to check",
)
def type_text(
    ctx: ActionContext,
    *,
    text: Annotated[str | int | float, SECRET_OK],  # a password typed from {{ secrets.x.y }} too
    anchor: Anchor = None,
    offset: Offset = NO_OFFSET,
    window: Window = None,
    at: At = None,
    clear: bool = True,
    check: bool = True,
    max_length: MaxLength = None,
    confidence: Confidence = CONFIDENCE,
    timeout: Timeout = None,
) -> None:
    """Type into a field: click it first if ``anchor``/``at`` is given, else into the focused field.

    ASCII goes by keys, other text (Japanese) by clipboard paste. ``clear`` empties the field first
    (Ctrl+A, Delete) and proves it empty. ``check`` copies the field back (Ctrl+A, Ctrl+C) and compares;
    on a mismatch the field is cleared and typed once more; a field that gives nothing back fails the
    step. Use ``check: false`` where a program forbids copying (logged on every use). ``max_length``:
    a longer value fails before anything is typed (checked with the arguments, naming the Excel cell).
    """
    from ._desktop_input import READBACK_TIMEOUT, type_into_focus

    value = str(text)
    s = session(ctx)
    with failsafe(ctx, s, window):  # a dialog that took the keyboard is named as the cause, and closed
        point = target_point(
            ctx,
            s,
            "desktop.type",
            anchor=anchor,
            offset=offset,
            window=window,
            at=at,
            confidence=confidence,
            timeout=timeout_of(ctx, timeout),
        )
        if point is not None:
            s.pg.click(point[0], point[1])
        else:
            s.guard(window)
        outcome = type_into_focus(s.pg, s.clipboard, value, clear=clear, check=check)
        if outcome.status == "not_empty":
            raise ActionError("desktop.not_cleared", left=outcome.read_back)
        if outcome.status == "unread":
            raise ActionError("desktop.readback_failed", timeout=f"{READBACK_TIMEOUT:g}")
        if outcome.status == "mismatch":
            raise ActionError("desktop.type_mismatch", expected=value, got=outcome.read_back)
    if outcome.status == "unchecked":
        ctx.log(_msg("desktop.unchecked"))


@action(
    "desktop.hotkey",
    summary="キーの組み合わせを押す(Ctrl+S など)",
    summary_en="Press a key combination (Ctrl+S…)",
)
def hotkey(ctx: ActionContext, *, keys: list[str], window: Window = None) -> None:
    """Press keys together, e.g. ``[ctrl, s]``."""
    s = session(ctx)
    with failsafe(ctx, s):
        names = key_names(s.pg, keys)
        s.guard(window)
        s.pg.hotkey(*names)


@action("desktop.press", summary="キーを押す", summary_en="Press a key")
def press(ctx: ActionContext, *, key: str, times: int = 1, window: Window = None) -> None:
    """Press one key (``tab``, ``enter``, ``f5``…) ``times`` times."""
    s = session(ctx)
    with failsafe(ctx, s):
        (name,) = key_names(s.pg, [key])
        s.guard(window)
        s.pg.press(name, presses=times)


@action(
    "desktop.read_text",
    summary="目印の横の文字を読み取る(OCR)",
    summary_en="Read the text next to an anchor (OCR)",
)
def read_text(
    ctx: ActionContext,
    *,
    anchor: RequiredAnchor,
    size: tuple[int, int],
    offset: Offset = NO_OFFSET,
    lang: str = "jpn",
    window: Window = None,
    confidence: Confidence = CONFIDENCE,
    timeout: Timeout = None,
) -> str:
    """Read a ``size`` [width, height] region by OCR. Its left edge is ``offset`` from the anchor's
    centre, and it is centred vertically there; it is read again until it holds text or time is up."""
    import time

    from ._desktop_screen import grab, ocr_text

    s = session(ctx)
    wait = timeout_of(ctx, timeout)
    with failsafe(ctx, s):
        found = locate(ctx, s, anchor, confidence=confidence, timeout=wait, window=window)
        x = found.center[0] + offset[0]
        y = found.center[1] + offset[1] - size[1] // 2
        deadline = time.monotonic() + min(wait, 3.0)
        while True:  # a value drawn just after a click may not be on screen yet
            value = ocr_text(grab((x, y, size[0], size[1])), lang=lang)
            if value or time.monotonic() >= deadline:
                return value
            time.sleep(0.1)


@action("desktop.screenshot", summary="画面を保存する", summary_en="Save a screenshot")
def screenshot(ctx: ActionContext, *, file: Path | None = None, window: Window = None) -> str:
    """Save the screen (or one window) as PNG in the run's folder, or in ``file``; return its path."""
    s = session(ctx)
    region = wait_window(ctx, s, window, 5.0).rect if window else None
    shot = s.screenshot("screenshot", region=region, path=file)
    if shot is None:
        raise ActionError("desktop.no_display", detail="screenshot")
    ctx.add_artifact(shot, "screenshot")
    return str(shot)


@action("desktop.activate", summary="画面を最前面にする", summary_en="Bring a window to the front")
def activate(ctx: ActionContext, *, window: str, timeout: Timeout = None) -> None:
    """Bring the window titled ``window`` to the front and give it the keyboard.

    If no program was launched in this run, that window becomes the one the steps work in.
    """
    s = session(ctx)
    win = wait_window(ctx, s, window, timeout_of(ctx, timeout))
    s.windows.activate(win)
    if s.main is None:
        s.main, s.main_title = win, window


@action("desktop.close", summary="プログラムの画面を閉じる", summary_en="Close the program's window")
def close(
    ctx: ActionContext, *, window: Window = None, timeout: Timeout = None, force: bool = False
) -> None:
    """Close the window (default: the program's main window) as its × button would.

    If it does not close in ``timeout`` and robosan started the program, ``force: true`` ends it.
    """
    import time

    s = session(ctx)
    wait = timeout_of(ctx, timeout)
    name = window or s.main_title
    wins = s.find_windows(name) if name else []
    for win in wins:
        s.windows.close(win)
    deadline = time.monotonic() + wait
    while s.find_windows(name) if name else False:
        if time.monotonic() >= deadline:
            if force and s.process is not None:
                s.process.kill()
                break
            raise ActionError("desktop.still_running", window=name)
        time.sleep(0.05)
    if s.process is not None and (window is None or window == s.main_title):
        try:
            s.process.wait(timeout=wait)
        except Exception:
            s.process.kill()
        s.process, s.main, s.main_title = None, None, ""


def _msg(key: str, **kw: object) -> str:
    from rpa_core.api import text

    return text(key, **kw)
