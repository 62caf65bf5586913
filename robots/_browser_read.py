"""Browser actions that read and wait, change window or frame, and answer dialogs.

Reading actions take the first match when several elements fit (reading the wrong one
harms nothing, and ``.errorlist`` is often on the page twice); acting actions
(``robots.browser``) insist on exactly one, or an ``nth``.
"""

from __future__ import annotations

import re
import time
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rpa_core.api import ActionContext, ActionError, NotFoundYet, Timeout, action, display_path

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
from ._browser_locate import Target, guard, page_facts, save_failure

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from ._browser_session import BrowserSession

__all__ = [
    "accept_dialog",
    "dismiss_dialog",
    "expect_text",
    "frame",
    "read_table",
    "read_text",
    "screenshot",
    "switch_to",
    "wait_for",
]


# What a clerk sees in an element: the value of a field, the chosen option of a list, else its text.
_SHOWN_JS = """e => {
  if (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA') return e.value;
  if (e.tagName === 'SELECT') return e.selectedOptions.length ? e.selectedOptions[0].label : '';
  return e.innerText;
}"""


def _tidy(text: str) -> str:
    # innerText puts blank lines between paragraphs and lists: one line break is enough in a log
    return re.sub(r"\n\s*\n+", "\n", str(text)).strip()


_FIELD_ROLES = ("textbox", "combobox", "listbox", "spinbutton", "searchbox", "checkbox", "radio")


def _is_field(target: Target) -> bool:
    return target.label is not None or target.placeholder is not None or target.role_name() in _FIELD_ROLES


@element_action("browser.read_text", summary="画面の文字を読む", summary_en="Read the text of an element")
def read_text(
    ctx: ActionContext, *, target: Target, all: bool = False, timeout: Timeout = None
) -> str | list[str]:
    """The text shown in the element, or the value of a field (the first match; ``all: true``: a list of all)."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    ms = seconds * 1000
    with guard(session, target, seconds):
        loc = locate(session, target)
        if all:
            loc.first.wait_for(state="attached", timeout=ms)
            return [_tidy(t) for t in loc.evaluate_all(f"els => els.map({_SHOWN_JS})")]
        first = loc.first
        if _is_field(target):  # a field's value or a list's choice: only script can read those
            return _tidy(first.evaluate(_SHOWN_JS, timeout=ms))
        # One round trip that also waits (a Locator.evaluate takes three): this is the hot path of
        # "click 登録, read the result" loops. An element without text may be a field found by css.
        text = first.inner_text(timeout=ms)
        return _tidy(text) if text.strip() else _tidy(first.evaluate(_SHOWN_JS, timeout=ms))


_TABLE_JS = r"""t => {
  if (t.tagName !== 'TABLE') return null;
  const trim = s => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const all = Array.from(t.rows);
  const inHead = r => t.tHead && t.tHead.contains(r);
  const inFoot = r => t.tFoot && t.tFoot.contains(r);
  let head = t.tHead && t.tHead.rows.length ? t.tHead.rows[t.tHead.rows.length - 1] : null;
  if (!head && all.length && Array.from(all[0].cells).every(c => c.tagName === 'TH')) head = all[0];
  const headers = head ? Array.from(head.cells).map(c => trim(c.innerText)) : null;
  const body = all.filter(r => r !== head && !inHead(r) && !inFoot(r));
  return {headers, rows: body.map(r => Array.from(r.cells).map(c => [trim(c.innerText), c.colSpan]))};
}"""


def _table_rows(raw: dict[str, Any]) -> list[dict[str, str]]:
    rows: list[list[list[Any]]] = raw["rows"]
    width = max([len(raw["headers"] or [])] + [len(r) for r in rows])
    names: list[str] = []
    for i in range(width):
        name = (raw["headers"] or [])[i] if i < len(raw["headers"] or []) else ""
        name = name or f"列{i + 1}"
        base, n = name, 1
        while name in names:  # two columns with one heading: the second is 「heading_2」
            n += 1
            name = f"{base}_{n}"
        names.append(name)
    out: list[dict[str, str]] = []
    for cells in rows:
        if width > 1 and len(cells) == 1 and cells[0][1] > 1:
            continue  # one cell across the table: a message row such as 「該当する事業所はありません。」
        out.append({names[i]: cells[i][0] if i < len(cells) else "" for i in range(width)})
    return out


@element_action(
    "browser.read_table",
    summary="画面の表を読む(見出しの名前で)",
    summary_en="Read an HTML table as rows",
    required=False,
)
def read_table(
    ctx: ActionContext, *, target: Target | None = None, timeout: Timeout = None
) -> list[dict[str, str]]:
    """Each row of the table as ``{heading: text}`` (the first table of the page if none is named)."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    target = target or Target(css="table")
    with guard(session, target, seconds):
        raw = locate(session, target).first.evaluate(_TABLE_JS, timeout=seconds * 1000)
    if raw is None:
        raise ActionError("browser.not_a_table", **target.words(session.frames))
    return _table_rows(raw)


@action(
    "browser.expect_text",
    summary="画面に文字が出るのを待って確かめる",
    summary_en="Wait until a text is shown",
)
@restartable
@busy_retry()
def expect_text(
    ctx: ActionContext,
    *,
    text: str,
    exact: bool = False,
    css: str | None = None,
    timeout: Timeout = None,
) -> None:
    """Wait until ``text`` is shown on the page (or inside ``css``), else fail with a screenshot.

    Inside ``verify:``, a text that does not show means "not done yet": the item runs again.
    """
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    scope: Any = session.scope()
    if css is not None:
        scope = scope.locator(css)

    def not_shown(facts: dict[str, Any]) -> ActionError:
        return ActionError("browser.text_not_shown", text=text, **facts)

    with not_found_yet(), guard(session, Target(text=text, exact=exact, css=None), seconds, on_timeout=not_shown):
        scope.get_by_text(text, exact=exact).first.wait_for(state="visible", timeout=seconds * 1000)


_STATES = ("visible", "hidden", "attached", "detached")


def _now(loc: Any, state: str) -> bool:
    if state == "visible":
        return bool(loc.first.is_visible())
    if state == "hidden":
        return not loc.first.is_visible()
    return (loc.count() > 0) == (state == "attached")


@element_action(
    "browser.wait_for",
    summary="画面に出る(消える)のを待つ",
    summary_en="Wait until an element shows (or goes)",
)
def wait_for(
    ctx: ActionContext,
    *,
    target: Target,
    state: str = "visible",
    optional: bool = False,
    timeout: Timeout = None,
) -> bool:
    """Wait until the element is ``visible`` (or ``hidden``, ``attached``, ``detached``).

    With ``optional: true`` it never fails: it returns true or false (``save_as`` it and use
    it in ``if:`` / ``when:``); ``timeout: 0`` then looks once, without waiting. Inside ``verify:``,
    an element that never shows (``visible``, ``attached``) means "not done yet": the item runs again.
    """
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    if state not in _STATES:
        raise ActionError("browser.bad_state", state=state)
    from playwright.sync_api import TimeoutError

    loc = locate(session, target)
    if seconds <= 0:  # Playwright reads a timeout of 0 as "no limit": look once instead
        with guard(session, target, 0):
            found = _now(loc, state)
        if found or optional:
            return found
        page = session.page
        raise _finding(state)(
            "browser.not_found",
            seconds="0",
            shot=save_failure(session, page),
            **page_facts(page),
            **target.words(session.frames),
        )
    if optional:
        try:
            loc.first.wait_for(state=state, timeout=seconds * 1000)
            return True
        except TimeoutError:
            return False
    with not_found_yet() if _finding(state) is NotFoundYet else nullcontext(), guard(session, target, seconds):
        loc.first.wait_for(state=state, timeout=seconds * 1000)
    return True


def _finding(state: str) -> type[ActionError]:
    """The error of a wait that timed out: "not found yet" when it looked for something to appear; an element
    that would not go away (``hidden``, ``detached``) is a stuck page, which cannot tell "not done" apart."""
    return NotFoundYet if state in ("visible", "attached") else ActionError


@element_action(
    "browser.screenshot", summary="画面の写真を撮る", summary_en="Take a screenshot", required=False
)
def screenshot(
    ctx: ActionContext,
    *,
    target: Target | None = None,
    file: Path | None = None,
    full_page: bool = True,
    timeout: Timeout = None,
) -> str:
    """Save a picture of the page (or of one element) in the run's folder, or as ``file``; returns its path."""
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    if file is None:
        folder = Path(ctx.artifacts_dir)
        n = len(list(folder.glob("screenshot-*.png"))) + 1
        file = folder / f"screenshot-{n:03d}.png"
    file.parent.mkdir(parents=True, exist_ok=True)
    with guard(session, target, seconds):
        if target is None:
            session.page.screenshot(path=str(file), full_page=full_page, timeout=seconds * 1000)
        else:
            locate(session, target).screenshot(path=str(file), timeout=seconds * 1000)
    ctx.add_artifact(file, "screenshot")
    ctx.log(msg("browser.screenshot_saved", path=display_path(file)))
    return str(file)


# -- windows and frames ------------------------------------------------------------------------

_MAIN = ("main", "first", "最初", "元", "メイン")
_NEW = ("new", "popup", "last", "新しい", "ポップアップ", "最後")


def _pick(
    session: BrowserSession, window: str | int | None, title: str | None, url: str | None
) -> Page | None:
    pages = session.open_pages()
    if window is not None:
        if isinstance(window, int) or str(window).isdigit():
            n = int(window)
            return pages[n - 1] if 0 < n <= len(pages) else None
        if window in _MAIN:
            return pages[0] if pages else None
        others = [p for p in pages if p is not session.page]
        return others[-1] if others and window in _NEW else None
    for page in reversed(pages):
        try:
            page_title = page.title()
        except Exception:  # a window still loading: look again on the next round
            continue
        if (title is None or title in page_title) and (url is None or url in page.url):
            return page
    return None


@action(
    "browser.switch_to",
    summary="別のウィンドウ(タブ・ポップアップ)に切り替える",
    summary_en="Switch to another window, tab or pop-up",
)
def switch_to(
    ctx: ActionContext,
    *,
    window: str | int | None = None,
    title: str | None = None,
    url: str | None = None,
    timeout: Timeout = None,
) -> None:
    """Act in another window: ``window: new`` (the pop-up just opened), ``window: main`` (the first),
    ``window: 2`` (counted from 1), or the one whose ``title:`` / ``url:`` contains a text.

    Waits for the window to open. When a pop-up closes itself, steps go back to its opener.
    """
    session = session_of(ctx)
    seconds = seconds_for(session, timeout)
    if (window is None and title is None and url is None) or (
        isinstance(window, str) and not window.isdigit() and window not in _MAIN + _NEW
    ):
        raise ActionError("browser.bad_window", window=window)
    deadline = time.monotonic() + seconds
    page = _pick(session, window, title, url)
    while page is None and time.monotonic() < deadline:
        session.page.wait_for_timeout(50)  # lets Playwright deliver the new window's events
        page = _pick(session, window, title, url)
    if page is None:
        opened = " / ".join(f"「{_title(p)}」" for p in session.open_pages())
        wanted = " ".join(str(v) for v in (window, title, url) if v is not None)
        raise ActionError("browser.no_window", wanted=wanted, seconds=f"{seconds:g}", open=opened)
    with guard(session, None, seconds):
        page.wait_for_load_state("domcontentloaded", timeout=seconds * 1000)
    session.use_page(page)
    ctx.log(msg("browser.switched", title=_title(page)))


def _title(page: Page) -> str:
    try:
        return page.title() or page.url
    except Exception:  # closing or navigating
        return page.url


@action(
    "browser.frame", summary="画面の中の枠(iframe)の中で操作する", summary_en="Act inside a frame (iframe)"
)
def frame(
    ctx: ActionContext,
    *,
    css: str | None = None,
    title: str | None = None,
    name: str | None = None,
    leave: bool = False,
    timeout: Timeout = None,
) -> None:
    """Make the next steps act inside the iframe found by ``css``, ``title`` or ``name``.

    Frames nest (call it again for a frame inside the frame). ``leave: true`` goes back to
    the whole page; so does opening another address or switching window.
    """
    session = session_of(ctx)
    if leave:
        session.frames = []
        return
    if css is None and title is None and name is None:
        raise ActionError("browser.frame_needs")
    if css is None:
        quoted = (
            '"' + str(title if title is not None else name).replace("\\", "\\\\").replace('"', '\\"') + '"'
        )
        kind = "title" if title is not None else "name"
        selector = f"iframe[{kind}={quoted}]" + (f", frame[name={quoted}]" if kind == "name" else "")
    else:
        selector = css
    seconds = seconds_for(session, timeout)
    target = Target(css=selector)
    with guard(session, target, seconds):
        session.scope().locator(selector).first.wait_for(state="attached", timeout=seconds * 1000)
    session.frames.append(selector)


# -- dialogs -----------------------------------------------------------------------------------


@action(
    "browser.accept_dialog",
    summary="次の確認ダイアログで OK を押す",
    summary_en="Press OK on the next dialog",
)
def accept_dialog(ctx: ActionContext, *, answer: str | None = None) -> None:
    """Answer the next dialog (confirm, prompt) with OK, typing ``answer`` into a prompt.

    Write it before the step that opens the dialog. OK is also what a dialog gets by
    default (``settings.browser.dialogs: dismiss`` changes that).
    """
    session_of(ctx).arm_dialog("accept", answer)


@action(
    "browser.dismiss_dialog",
    summary="次の確認ダイアログでキャンセルを押す",
    summary_en="Press Cancel on the next dialog",
)
def dismiss_dialog(ctx: ActionContext) -> None:
    """Answer the next dialog with Cancel. Write it before the step that opens the dialog."""
    session_of(ctx).arm_dialog("dismiss")
