"""Browser actions that act: open and leave pages, click, type, choose, tick, upload, download.

Acting actions insist on exactly one element matching the locator (or an ``nth``); the reading
actions are in :mod:`robots._browser_read`. Both are imported by :mod:`robots.browser`, the
``browser`` namespace the registry loads; neither imports the other.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Annotated, Any

from rpa_core.api import (
    SECRET_OK,
    ActionContext,
    ActionError,
    ReadsPath,
    Timeout,
    action,
    check_place,
    display_path,
)

from ._browser_base import (
    busy_retry,
    element_action,
    locate,
    msg,
    not_found_yet,
    restartable,
    seconds_for,
    session_of,
)
from ._browser_locate import Target, WindowClosed, guard, save_failure
from ._browser_session import BrowserSession

__all__ = [
    "check",
    "click",
    "close",
    "download",
    "expect_url",
    "fill",
    "goto",
    "open_",
    "press",
    "select",
    "uncheck",
    "upload",
]

# -- pages -----------------------------------------------------------------------------------


def _local_file(url: str) -> Path | None:
    """The file a ``file:`` address (also behind ``view-source:``) opens; None for any other address."""
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    text = url.strip()
    while text.lower().startswith("view-source:"):
        text = text[len("view-source:"):].strip()
    parts = urlsplit(text)
    if parts.scheme.lower() != "file":
        return None
    path = url2pathname(parts.path)
    if parts.netloc and parts.netloc.lower() != "localhost":  # file://server/share/…: a UNC path
        path = "//" + parts.netloc + url2pathname(parts.path).replace("\\", "/")
    return Path(path)


def _go(session: BrowserSession, url: str, seconds: float) -> None:
    from playwright.sync_api import Error

    local = _local_file(url)
    if local is not None:  # a page from disk is a file read: only inside the run's places (issue 13)
        check_place(session.ctx, local, arg="url", write=False)
    try:
        response = session.page.goto(url, timeout=seconds * 1000)
    except Error as exc:
        shot = save_failure(session, session.page) if "Timeout" in type(exc).__name__ else "-"
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        raise ActionError(
            "browser.cannot_open", url=url, detail=detail + (f" ({shot})" if shot != "-" else "")
        ) from None
    session.frames = []
    if response is not None and response.status >= 400:
        shot = save_failure(session, session.page)
        raise ActionError("browser.http_error", url=url, status=response.status, shot=shot)


@action("browser.open", summary="ブラウザーで画面を開く", summary_en="Open a page in the browser")
@restartable
@busy_retry(navigates=True)
def open_(ctx: ActionContext, *, url: str, new_window: bool = False, timeout: Timeout = None) -> None:
    """Open ``url`` (starting the run's browser if needed) in the current window, or a new one."""
    session = session_of(ctx)
    if new_window and session.started:
        session.use_page(session.context.new_page())
    _go(session, url, seconds_for(session, timeout))


@action(
    "browser.goto",
    summary="今の画面で別のアドレスへ移る",
    summary_en="Go to an address in the current window",
)
@restartable
@busy_retry(navigates=True)
def goto(
    ctx: ActionContext,
    *,
    url: str | None = None,
    back: bool = False,
    reload: bool = False,
    timeout: Timeout = None,
) -> None:
    """Go to ``url`` in the current window; or ``back: true`` (the 戻る button), or ``reload: true``."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    if url is not None:
        _go(session, url, seconds)
        return
    with guard(session, None, seconds):
        if back:
            session.page.go_back(timeout=seconds * 1000)
        elif reload:
            session.page.reload(timeout=seconds * 1000)
    session.frames = []


@action(
    "browser.expect_url",
    summary="アドレスが変わるのを待って確かめる",
    summary_en="Wait until the address contains a text",
)
@restartable
@busy_retry()
def expect_url(ctx: ActionContext, *, url: str, timeout: Timeout = None) -> None:
    """Wait until the page's address contains ``url`` (e.g. ``/menu``), else fail (in ``verify:``: not done yet)."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    page = session.page
    if url in page.url:
        return

    def not_reached(facts: dict[str, Any]) -> ActionError:
        return ActionError("browser.url_not_reached", expected=url, **facts)

    with not_found_yet(), guard(session, None, seconds, on_timeout=not_reached):
        page.wait_for_url(lambda address: url in address, timeout=seconds * 1000)


@action("browser.close", summary="ブラウザーを閉じる", summary_en="Close the browser")
def close(ctx: ActionContext) -> None:
    """Close the run's browser. A later browser step opens a new one (the run's end closes it anyway)."""
    session_of(ctx).close()


# -- acting on elements ------------------------------------------------------------------------


@element_action("browser.click", summary="ボタンやリンクを押す", summary_en="Click a button or link")
def click(
    ctx: ActionContext, *, target: Target, double: bool = False, timeout: Timeout = None
) -> None:
    """Click the element (``double: true`` for a double click). Waits until it can be clicked."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    try:
        with guard(session, target, seconds):
            loc = locate(session, target)
            if double:
                loc.dblclick(timeout=seconds * 1000)
            else:
                loc.click(timeout=seconds * 1000)
    except WindowClosed:
        # The window closed while the click was being made: the click closed it (a pop-up's 閉じる /
        # 選択 button). Clicking again in the opener could press a different button there, or the
        # same 登録 twice: the click counts as done, and steps go on in the window now in front.
        return


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")  # what <input type=datetime-local> takes
    if isinstance(value, dt.date):
        return value.isoformat()  # what <input type=date> takes
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@element_action("browser.fill", summary="入力欄に文字を入れる", summary_en="Type text into a field")
def fill(
    ctx: ActionContext,
    *,
    target: Target,
    value: Annotated[str | int | float | dt.date | None, SECRET_OK],  # a password from {{ secrets.x.y }} too
    timeout: Timeout = None,
) -> None:
    """Replace the field's content with ``value`` (a date goes in as 2026-04-01, as date fields want)."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    with guard(session, target, seconds):
        locate(session, target).fill(_as_text(value), timeout=seconds * 1000)


_OPTIONS_JS = "e => e.options ? Array.from(e.options).map(o => o.label.trim()) : null"


@element_action(
    "browser.select",
    summary="選択欄から選ぶ(表示されている文字で)",
    summary_en="Choose from a list by its text",
)
def select(ctx: ActionContext, *, target: Target, option: str | int, timeout: Timeout = None) -> None:
    """Choose ``option`` (the text shown in the list) in a drop-down list."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    wanted = str(option).strip()
    with guard(session, target, seconds):
        loc = locate(session, target)
        # Check the choices first, so that a value the list lacks fails at once with the choices named
        # (select_option would wait the whole timeout). innerText lists the options in one round trip;
        # only when the value seems missing are the exact labels read by script.
        shown = [line.strip() for line in loc.inner_text(timeout=seconds * 1000).splitlines()]
        if wanted not in shown:
            choices = loc.evaluate(_OPTIONS_JS, timeout=seconds * 1000)
            if choices is not None and wanted not in choices:
                raise ActionError(
                    "browser.no_option", option=wanted, choices="、".join(choices), **target.words()
                )
        loc.select_option(label=wanted, timeout=seconds * 1000)


@element_action("browser.check", summary="チェックを入れる(外す)", summary_en="Tick (or untick) a checkbox")
def check(
    ctx: ActionContext, *, target: Target, checked: bool = True, timeout: Timeout = None
) -> None:
    """Make the checkbox or radio button ticked (``checked: false``: unticked)."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    with guard(session, target, seconds):
        locate(session, target).set_checked(bool(checked), timeout=seconds * 1000)


@element_action("browser.uncheck", summary="チェックを外す", summary_en="Untick a checkbox")
def uncheck(ctx: ActionContext, *, target: Target, timeout: Timeout = None) -> None:
    """Make the checkbox unticked."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    with guard(session, target, seconds):
        locate(session, target).set_checked(False, timeout=seconds * 1000)


@element_action(
    "browser.press",
    summary="キーを押す(Enter、Tab など)",
    summary_en="Press a key (Enter, Tab…)",
    required=False,
)
def press(
    ctx: ActionContext, *, key: str, target: Target | None = None, timeout: Timeout = None
) -> None:
    """Press ``key`` (``Enter``, ``Tab``, ``Control+A``…) in the element, or wherever the cursor is."""
    from playwright.sync_api import Error

    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    try:
        if target is None:
            session.page.keyboard.press(key)
            return
        with guard(session, target, seconds):
            locate(session, target).press(key, timeout=seconds * 1000)
    except Error as exc:
        if "Unknown key" in str(exc):
            raise ActionError("browser.bad_key", key=key) from None
        raise
    except ActionError as exc:
        if "Unknown key" in str(exc.kwargs.get("detail", "")):
            raise ActionError("browser.bad_key", key=key) from None
        raise


@element_action(
    "browser.upload",
    summary="ファイルを選んでアップロード欄に入れる",
    summary_en="Put a file into an upload field",
)
def upload(
    ctx: ActionContext, *, target: Target, file: ReadsPath | list[ReadsPath], timeout: Timeout = None
) -> None:
    """Set the file(s) of an ``<input type=file>`` (a relative path starts from the scenario's folder)."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    files = file if isinstance(file, list) else [file]  # relative ones were resolved by the registry
    for f in files:
        if not f.is_file():
            raise ActionError("browser.upload_missing", path=display_path(f))
    with guard(session, target, seconds):
        locate(session, target).set_input_files([str(f) for f in files], timeout=seconds * 1000)


@element_action(
    "browser.download",
    summary="押してダウンロードしたファイルを保存する",
    summary_en="Click and save the file it downloads",
)
def download(
    ctx: ActionContext, *, target: Target, to: Path | None = None, timeout: Timeout = None
) -> str:
    """Click the element, wait for the download, keep it in the run's artifacts (and copy it to ``to``).

    Returns the path of the saved file.
    """
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)

    def no_download(facts: dict[str, Any]) -> ActionError:
        return ActionError("browser.no_download", **facts)

    with guard(session, target, seconds, on_timeout=no_download):
        loc = locate(session, target)
        with session.page.expect_download(timeout=seconds * 1000) as info:
            loc.click(timeout=seconds * 1000)
        got = info.value
        folder = Path(ctx.artifacts_dir) / "downloads"
        folder.mkdir(parents=True, exist_ok=True)
        saved = _free_name(folder / (got.suggested_filename or "download"))
        got.save_as(str(saved))
    ctx.add_artifact(saved, "download")
    result = saved
    if to is not None:
        to.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, to)
        result = to
    ctx.log(msg("browser.downloaded", path=display_path(result)))
    return str(result)


def _free_name(path: Path) -> Path:
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}_{n}{path.suffix}")
    return candidate

