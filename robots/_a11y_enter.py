"""Putting a value in a field found by its label, proven by reading it back (``desktop.fill``).

The order is the one a careful clerk keeps: empty the field and see that it is empty, put the
value in, read what the field now holds. Through the accessibility API when the program allows it
(EditableText / ValuePattern: exact, no keyboard, no clipboard), else by focusing the field and
the desktop robot's own paste path (:func:`robots._desktop_input.put_text`). The read-back
always goes through the API: a field that does not say what it holds fails the step, because an
unchecked value is exactly the silent wrong entry issue 14 found.
"""

from __future__ import annotations

import time

from rpa_core.api import ActionError

from ._a11y import A11yBackend, Element
from ._desktop_input import ClipboardKept, is_key_typable, put_text, typed_match
from ._desktop_session import DesktopSession

__all__ = ["SETTLE", "enter"]

SETTLE = 1.5  # seconds a field may take to show what was put in (a paste lands asynchronously)
POLL = 0.03


def enter(s: DesktopSession, b: A11yBackend, field: Element, wanted: str, name: str, window: str) -> None:
    """Empty ``field``, put ``wanted`` in, read it back; a second try on a mismatch, then an error.

    ``name`` (the label) and ``window`` go into the messages.
    """
    got: str | None = None
    with ClipboardKept(lambda: s.clipboard) as kept:  # given back once the read-back is done
        for _attempt in (1, 2):
            _clear(s, b, field, name, window)
            _put(s, b, field, wanted, kept)
            got = _read_back(b, field, wanted)
            if got is None:
                raise ActionError("a11y.readback_failed", name=name, window=window)
            if typed_match(wanted, got) is not None:  # a password field reads back ●●●: its length counts
                return
    raise ActionError("a11y.fill_mismatch", expected=wanted, got=got or "", name=name, window=window)


def _read_back(b: A11yBackend, field: Element, wanted: str) -> str | None:
    """What the field holds once it matches ``wanted``, or after :data:`SETTLE` seconds what it holds then.

    GTK inserts a paste asynchronously (issue 14: a fresh form's first field read back empty a moment
    after Ctrl+V): the field is asked again until it matches or the time is up, never judged too early.
    """
    deadline = time.monotonic() + SETTLE
    while True:
        got = b.read_text(field)
        # a password field reads back ●●●: its length counts
        if got is None or typed_match(wanted, got) is not None or time.monotonic() >= deadline:
            return got
        time.sleep(POLL)


def _clear(s: DesktopSession, b: A11yBackend, field: Element, name: str, window: str) -> None:
    if not b.set_text(field, ""):
        _focus(s, b, field)
        s.pg.hotkey("ctrl", "a", _pause=False)
        s.pg.press("delete", _pause=False)
    got = b.read_text(field)
    if got is None:
        raise ActionError("a11y.readback_failed", name=name, window=window)
    if got:
        raise ActionError("a11y.not_cleared", got=got, name=name, window=window)


def _put(s: DesktopSession, b: A11yBackend, field: Element, wanted: str, kept: ClipboardKept) -> None:
    if b.set_text(field, wanted):
        return
    _focus(s, b, field)
    if not is_key_typable(wanted):
        kept.before_use()  # a paste lands later: the clipboard goes back only after the read-back
    put_text(s.pg, s.clipboard, wanted)


def _focus(s: DesktopSession, b: A11yBackend, field: Element) -> None:
    if not b.focus(field):
        s.pg.click(*field.center)
