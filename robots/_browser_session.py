"""The browser session of one run: which browser to start, its pages, frames and dialogs.

One :class:`BrowserSession` lives for a whole run (``ctx.resource("browser", …)``) and is
reused by every item, so a loop of 200 registrations starts one browser, not 200. It
starts lazily on the first browser step and can be closed (``browser.close``) and opened
again. Playwright is imported inside the functions: ``robosan validate`` never loads it.

Which browser (first that applies): ``settings.browser.executable_path``; ``channel``
(``msedge``, ``chrome``: Playwright finds the installed one); the ``ROBOSAN_BROWSER``
variable; an installed Chromium, Edge or Chrome found by :func:`find_browser`; finally
Playwright's own download, which these office PCs usually do not have.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rpa_core.api import (
    ActionError,
    SessionRestarted,
    check_place,
    check_program,
)

from ._browser_busy import Documents
from ._browser_settings import (
    DEFAULT_ARGS,
    BrowserSettings,
    decide_headless,
    find_browser,
    launch_options,
    parse_settings,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, FrameLocator, Page, Playwright

    from rpa_core.api import ActionContext

__all__ = [
    "DEFAULT_ARGS",
    "BrowserSession",
    "BrowserSettings",
    "decide_headless",
    "find_browser",
    "launch_options",
    "parse_settings",
]

class BrowserSession:
    """One browser for a run: the pages it opened, the page and frame steps act on, dialog policy."""

    def __init__(self, ctx: ActionContext) -> None:
        self.ctx = ctx
        self.settings = parse_settings(ctx.settings.get("browser") or {}, Path(ctx.scenario_dir))
        self.default_timeout = float(ctx.settings.get("timeout") or 10.0)
        self._pw: Playwright | None = None
        self._browser: Browser | None = None
        self._context: BrowserContext | None = None
        self._page: Page | None = None
        self.frames: list[str] = []  # CSS selectors of the nested frames steps act in
        self._armed: tuple[str, str | None] | None = None  # the next dialog's answer, set by a step
        self.last_dialog: str | None = None
        self.failures = 0  # numbers the screenshot/HTML files of failed steps
        # each page load of a window, and whether a commit step asked for it (busy pages, issue 14)
        self.documents = Documents()

    # -- start and stop ------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._context is not None

    def start(self) -> None:
        from playwright.sync_api import Error, sync_playwright

        s = self.settings
        options = launch_options(s, headless=decide_headless(s, unattended=self.ctx.unattended))
        where = options.get("executable_path") or options.get("channel") or "playwright"
        if s.executable_path is not None:  # the scenario's own browser program: only one this PC allows
            check_program(self.ctx, [str(s.executable_path)], arg="settings.browser.executable_path")
        if s.profile_dir is not None:  # the browser writes its profile there: one of the run's places (issue 13)
            check_place(self.ctx, s.profile_dir, arg="settings.browser.profile_dir", write=True)
        self._pw = sync_playwright().start()
        try:
            if s.profile_dir is not None:
                s.profile_dir.mkdir(parents=True, exist_ok=True)
                self._context = self._pw.chromium.launch_persistent_context(
                    str(s.profile_dir), accept_downloads=True, locale=s.locale, **options
                )
            else:
                self._browser = self._pw.chromium.launch(**options)
                self._context = self._browser.new_context(accept_downloads=True, locale=s.locale)
        except Error as exc:
            self.close()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ActionError("browser.launch_failed", browser=where, detail=first[:300]) from None
        self._context.on("page", self._adopt)
        for page in self._context.pages:
            self._adopt(page)
        self._page = self._context.pages[0] if self._context.pages else self._context.new_page()
        mode = "headless" if options["headless"] else "headed"
        self.ctx.log(_text("browser.started", browser=where, mode=mode))

    def close(self) -> None:
        """Close the browser (idempotent); a later browser step starts a new one."""
        context, browser, pw = self._context, self._browser, self._pw
        self._context = self._browser = self._pw = self._page = None
        self.frames = []
        for closer in (context, browser):
            if closer is not None:
                try:
                    closer.close()
                except Exception:  # already gone (crashed or closed by the clerk): nothing to clean up
                    pass
        if pw is not None:
            try:
                pw.stop()
            except Exception:  # its driver died with the browser: nothing left to stop
                pass

    def _adopt(self, page: Page) -> None:
        page.on("dialog", self._on_dialog)
        self.documents.watch(page)

    # -- a browser lost from outside -------------------------------------------------
    def connected(self) -> bool:
        """False when a started browser is known to be gone (closed by the clerk, crashed, killed)."""
        return self._browser is None or self._browser.is_connected()

    def lost(self) -> bool:
        """After a failed call: is the browser, or Playwright's driver that talks to it, gone?

        A killed browser shows as disconnected; a killed driver does not (the objects look alive and
        every call fails), so one round trip to the driver tells.
        """
        if self._context is None:
            return False
        if not self.connected():
            return True
        try:
            self._context.cookies()
        except Exception:  # the driver (or the browser behind it) no longer answers
            return True
        return False

    def restarted(self, *, acted: bool) -> SessionRestarted:
        """Drop the lost browser (the next step starts a new one) and say so to the interpreter, which runs
        the scenario's login steps (``settings.browser.login``) and the step again."""
        self.close()
        self.ctx.log(_text("browser.restarted"))
        return SessionRestarted("browser.lost", acted=acted, login=self.settings.login)

    # -- pages and frames ----------------------------------------------------------
    @property
    def context(self) -> BrowserContext:
        if not self.connected():
            # the clerk closed the window, or the browser crashed: never carry on in a new blank browser
            # within this step (it would act logged out, on the wrong page); the step is run again
            raise self.restarted(acted=True)
        if self._context is None:
            self.start()
        assert self._context is not None
        return self._context

    @property
    def page(self) -> Page:
        """The page steps act on; if a pop-up closed itself, its opener (what a clerk sees next)."""
        context = self.context
        page = self._page
        if page is None or page.is_closed():
            opener = page.opener() if page is not None else None
            open_pages = [p for p in context.pages if not p.is_closed()]
            if opener is not None and not opener.is_closed():
                self._page = opener
            elif open_pages:
                self._page = open_pages[0]
            else:
                self._page = context.new_page()
            self.frames = []
            if page is not None:
                self.ctx.log(_text("browser.back_to_window", title=_safe_title(self._page)))
        assert self._page is not None
        return self._page

    def window_closing(self) -> bool:
        """After a "target closed" error: was it the current window that went (a pop-up closing itself)?

        If so, steps move to the window that opened it and True is returned; False when the whole
        browser is gone (then the error is real).
        """
        page = self._page
        if page is None or (self._browser is not None and not self._browser.is_connected()):
            return False
        others = [p for p in self.open_pages() if p is not page]
        opener = page.opener()
        if opener is None and not others:
            return False
        self.use_page(opener if opener is not None and opener in others else others[0])
        self.ctx.log(_text("browser.back_to_window", title=_safe_title(self._page) if self._page else ""))
        return True

    def use_page(self, page: Page) -> None:
        self._page = page
        self.frames = []

    def open_pages(self) -> list[Page]:
        return [p for p in self.context.pages if not p.is_closed()]

    def scope(self) -> Page | FrameLocator:
        """Where locators are looked for: the page, or the frame chosen by ``browser.frame``."""
        scope: Any = self.page
        for selector in self.frames:
            scope = scope.frame_locator(selector)
        return scope

    # -- dialogs -------------------------------------------------------------------
    def arm_dialog(self, answer: str, prompt_text: str | None = None) -> None:
        """Answer the next dialog with ``accept`` or ``dismiss`` instead of the policy."""
        self._armed = (answer, prompt_text)

    def _on_dialog(self, dialog: Dialog) -> None:
        answer, prompt_text = self._armed or (self.settings.dialogs, None)
        self._armed = None
        self.last_dialog = dialog.message
        if dialog.type == "beforeunload" or answer == "accept" or dialog.type == "alert":
            if prompt_text is not None and dialog.type == "prompt":
                dialog.accept(prompt_text)
            else:
                dialog.accept()
            key = "browser.dialog_accepted"
        else:
            dialog.dismiss()
            key = "browser.dialog_dismissed"
        self.ctx.log(_text(key, message=dialog.message))


def _safe_title(page: Page) -> str:
    try:
        return page.title()
    except Exception:  # a page in the middle of navigating has no title to give
        return ""


def _text(key: str, **kwargs: object) -> str:
    from rpa_core.api import text

    return text(key, **kwargs)
