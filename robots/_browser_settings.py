"""``settings.browser`` and what it decides before a browser starts: which one (the installed one found on
this PC), headless or not, the launch options; also the login steps a restarted browser replays and the busy
pages (issue 14). Split from :mod:`robots._browser_session`, which re-exports these names.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from rpa_core.api import ActionError, Duration, StepNames, resolve_path

__all__ = ["DEFAULT_ARGS", "BrowserSettings", "decide_headless", "find_browser", "launch_options", "parse_settings"]

# The Translate bubble of a headed Chrome covers the top of the page.
DEFAULT_ARGS = ("--disable-features=Translate",)


def _bool(value: Any) -> Any:
    """``はい`` / ``いいえ`` and on/off too, as a clerk may write them."""
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "1", "on", "はい"):
            return True
        if low in ("false", "no", "0", "off", "いいえ"):
            return False
    return value


SETTING_KEYS = (
    "channel",
    "executable_path",
    "headless",
    "slow_mo",
    "profile_dir",
    "dialogs",
    "args",
    "locale",
    "login",
    "busy_text",
    "busy_tries",
    "busy_max_wait",
)
CHANNELS = ("msedge", "chrome", "chromium", "msedge-beta", "chrome-beta")


_HINTS = {
    "channel": " / ".join(CHANNELS),
    "dialogs": "accept / dismiss",
    "headless": "true / false",
    "slow_mo": "0, 250 …",
}


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
    # the names of the scenario's top-level steps that log in: run again after the browser is restarted
    login: StepNames = ()
    # a page showing one of these texts is "the system is busy" like a 502/503/504 answer (issue 14)
    busy_text: Annotated[tuple[str, ...], BeforeValidator(_args)] = ()
    busy_tries: int = Field(default=3, ge=1, le=10)  # tries of a step that met a busy page, the first included
    busy_max_wait: Duration = 60.0  # seconds waited for a busy system within one step, at most


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
