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

import os
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from rpa_core.api import ActionError, check_place, check_program, resolve_path

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, FrameLocator, Page, Playwright

    from rpa_core.api import ActionContext

__all__ = [
    "BrowserSession",
    "BrowserSettings",
    "decide_headless",
    "find_browser",
    "launch_options",
    "parse_settings",
]

SETTING_KEYS = (
    "channel",
    "executable_path",
    "headless",
    "slow_mo",
    "profile_dir",
    "dialogs",
    "args",
    "locale",
)
CHANNELS = ("msedge", "chrome", "chromium", "msedge-beta", "chrome-beta")
# The Translate bubble of a headed Chrome covers the top of the page.
DEFAULT_ARGS = ("--disable-features=Translate",)


_HINTS = {
    "channel": " / ".join(CHANNELS),
    "dialogs": "accept / dismiss",
    "headless": "true / false",
    "slow_mo": "0, 250 …",
}


def _bool(value: Any) -> Any:
    """``はい`` / ``いいえ`` and on/off too, as a clerk may write them."""
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "1", "on", "はい"):
            return True
        if low in ("false", "no", "0", "off", "いいえ"):
            return False
    return value


def _args(value: Any) -> Any:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value


def _path(value: Any) -> Any:
    return None if value in (None, "") else Path(str(value)).expanduser()


class BrowserSettings(BaseModel):
    """``settings.browser`` of a scenario: checked by ``robosan validate``, given to the session parsed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    channel: Literal["msedge", "chrome", "chromium", "msedge-beta", "chrome-beta"] | None = None
    executable_path: Annotated[Path | None, BeforeValidator(_path)] = None  # relative: the scenario's folder
    headless: Annotated[bool | None, BeforeValidator(_bool)] = None  # None: decided when the browser starts
    slow_mo: Annotated[float, BeforeValidator(lambda v: v or 0)] = 0.0  # ms between actions, to watch a robot
    profile_dir: Annotated[Path | None, BeforeValidator(_path)] = None
    dialogs: Literal["accept", "dismiss"] = "accept"  # what a confirm() gets when no step said otherwise
    args: Annotated[tuple[str, ...], BeforeValidator(_args)] = ()
    locale: str = "ja-JP"


def parse_settings(raw: Mapping[str, Any] | BrowserSettings, scenario_dir: Path) -> BrowserSettings:
    """``settings.browser`` checked with :class:`BrowserSettings`, its paths from the scenario's folder."""
    if isinstance(raw, BrowserSettings):
        parsed = raw
    else:
        try:
            parsed = BrowserSettings.model_validate(dict(raw))
        except ValidationError as exc:
            e = exc.errors()[0]
            key = str(e["loc"][0]) if e["loc"] else "browser"
            if e["type"] == "extra_forbidden":
                raise ActionError("browser.unknown_setting", key=key, known=", ".join(SETTING_KEYS)) from None
            raise ActionError(
                "browser.bad_setting", key=key, value=raw.get(key), expected=_HINTS.get(key, e["msg"])
            ) from None
    paths = {k: resolve_path(scenario_dir, getattr(parsed, k)) for k in ("executable_path", "profile_dir")}
    return parsed.model_copy(update=paths)


def _candidates(env: Mapping[str, str], platform: str) -> list[Path]:
    if platform.startswith("win"):
        roots = [env.get(k) for k in ("PROGRAMFILES(X86)", "PROGRAMFILES", "LOCALAPPDATA")]
        out: list[Path] = []
        # Edge first: it is on every Windows office PC, and it is what clerks use.
        for rel in (
            ("Microsoft", "Edge", "Application", "msedge.exe"),
            ("Google", "Chrome", "Application", "chrome.exe"),
        ):
            out += [Path(root).joinpath(*rel) for root in roots if root]
        return out
    if platform == "darwin":
        return [
            Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
            Path("/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
            Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
        ]
    return [
        Path("/usr/bin") / name
        for name in (
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
            "microsoft-edge",
        )
    ]


def find_browser(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    exists: Callable[[Path], bool] = Path.is_file,
) -> Path | None:
    """An installed Chromium-family browser: ``ROBOSAN_BROWSER``, then the usual places of this OS."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    given = env.get("ROBOSAN_BROWSER")
    if given:
        return Path(given)
    for candidate in _candidates(env, platform):
        if exists(candidate):
            return candidate
    if not platform.startswith("win"):
        for name in ("chromium", "chromium-browser", "google-chrome"):
            found = shutil.which(name)
            if found:
                return Path(found)
    return None


def _has_display(env: Mapping[str, str], platform: str) -> bool:
    if platform.startswith("win") or platform == "darwin":
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def decide_headless(
    settings: BrowserSettings,
    *,
    unattended: bool,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> bool:
    """``ROBOSAN_HEADLESS`` wins (tests, the demo, CI); then the setting; then: unattended or no screen."""
    env = os.environ if env is None else env
    forced = env.get("ROBOSAN_HEADLESS")
    if forced not in (None, ""):
        value = _bool(forced)
        if not isinstance(value, bool):
            raise ActionError("browser.bad_setting", key="ROBOSAN_HEADLESS", value=forced, expected="true / false")
        return value
    if settings.headless is not None:
        return settings.headless
    return unattended or not _has_display(env, platform or sys.platform)


def launch_options(
    settings: BrowserSettings, *, headless: bool, found: Callable[[], Path | None] = find_browser
) -> dict[str, Any]:
    """The keyword arguments of Playwright's ``chromium.launch`` for these settings.

    ``executable_path`` wins; else ``channel`` passes through (Playwright finds Edge or Chrome
    where Windows installs them); else the browser :func:`find_browser` detects.
    """
    options: dict[str, Any] = {
        "headless": headless,
        "args": [*DEFAULT_ARGS, *settings.args],
        "slow_mo": settings.slow_mo,
    }
    if settings.executable_path is not None:
        options["executable_path"] = str(settings.executable_path)
    elif settings.channel:
        options["channel"] = settings.channel
    else:
        detected = found()
        if detected is not None:
            options["executable_path"] = str(detected)
    return options


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

    # -- pages and frames ----------------------------------------------------------
    @property
    def context(self) -> BrowserContext:
        if self._browser is not None and not self._browser.is_connected():
            # the clerk closed the window, or the browser crashed: start a new one and say so
            self.close()
            self.ctx.log(_text("browser.restarted"))
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
