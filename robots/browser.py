"""The browser robot: the ``browser.*`` actions clerks write in scenarios (Playwright, sync API).

::

    - browser.open: {url: "http://127.0.0.1:8000/login"}
    - browser.fill: {label: ユーザー名, value: "{{ secrets.tax_system.user }}"}
    - browser.click: {role: button, name: ログイン}
    - browser.select: {label: 業種, option: "{{ row.業種 }}"}
    - browser.check: {label: 給与支払報告書提出, checked: "{{ row.提出 == '○' }}"}
    - browser.read_text: {css: ".errorlist"}
      save_as: message

Every action that acts on an element takes the same locator arguments (``label``, ``text``
+ ``exact``, ``role`` + ``name``, ``placeholder``, ``title``, ``css``, ``nth``), declared
once in ``robots._browser_base`` and checked by ``robosan validate`` like any other argument.
This module is the ``browser`` namespace the registry loads: the acting actions are in
``robots._browser_act``, the reading actions, windows, frames and dialogs in
``robots._browser_read`` (neither imports the other). One browser
serves the whole run (:class:`robots._browser_session.BrowserSession`); a failed step leaves a
screenshot and the page's HTML in the run's artifacts. Dialogs (``confirm``) are answered OK unless a step armed
``browser.dismiss_dialog`` or ``settings.browser.dialogs`` is ``dismiss``.
"""

from __future__ import annotations

from ._browser_act import (
    check,
    click,
    close,
    download,
    expect_url,
    fill,
    goto,
    open_,
    press,
    select,
    uncheck,
    upload,
)
from ._browser_base import session_of
from ._browser_read import (
    accept_dialog,
    dismiss_dialog,
    expect_text,
    frame,
    read_table,
    read_text,
    screenshot,
    switch_to,
    wait_for,
)
from ._browser_session import BrowserSettings

__all__ = [
    "accept_dialog",
    "check",
    "click",
    "close",
    "dismiss_dialog",
    "download",
    "expect_text",
    "expect_url",
    "fill",
    "frame",
    "goto",
    "open_",
    "press",
    "read_table",
    "read_text",
    "screenshot",
    "select",
    "session_of",
    "switch_to",
    "uncheck",
    "upload",
    "wait_for",
]

SETTINGS = BrowserSettings  # what settings: {browser: {...}} may hold
