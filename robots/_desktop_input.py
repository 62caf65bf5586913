"""Keyboard input that is proven or refused: clear and prove empty, type, read back and compare.

``pyautogui.write('山田太郎')`` types nothing, silently, so non-ASCII text is put on the clipboard
and pasted with Ctrl+V. A field is read back by Ctrl+A + Ctrl+C: the field's program takes the
clipboard from our helper (see :mod:`robots._desktop_clipboard`), which is how we know it copied.

Two facts of real programs shape this module (issue 14, reproduced on zenity ``--forms``, GTK 3):

* **A paste is asynchronous.** GTK asks the clipboard's owner for the text and inserts it when the
  answer comes. On a freshly opened form the first answer is slow (GTK's first clipboard request),
  so a Ctrl+A + Ctrl+C sent right after Ctrl+V found the field still empty; copying an empty field
  copies nothing, the helper was never replaced, and after 1 s the field was declared "does not
  copy" although it copies fine. So the read-back repeats Ctrl+A + Ctrl+C until the field's copy
  arrives, and only a field that gives nothing for the whole ``readback_timeout`` is unreadable.
* **Copying an empty field does nothing.** So "the field is empty" is proven the same way: the
  clipboard is set to a sentinel, the field is copied, and the sentinel must still be there (or the
  copy is empty). Text left in the field is caught before anything is typed on top of it.

An unreadable field is never "OK": the caller fails the step (``check: false`` is the clerk's
explicit opt-out). What the clerk had on the clipboard is put back after the step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ._desktop_clipboard import Clipboard

__all__ = [
    "READBACK_TIMEOUT", "ClipboardKept", "TypeOutcome", "is_key_typable", "put_text", "type_into_focus", "typed_match"
]

SENTINEL = "\u2063robosan-readback\u2063"  # invisible separators: never what a field holds
MASK_CHARS = set("*●•・")
# s to wait for an empty field's copy that never comes (a filled one answers in ms). A copy later than
# this is still caught: the read-back after typing would then not equal the value (typed again, or failed).
EMPTY_PROBE = 0.15
READBACK_TIMEOUT = 3.0  # s a field's copy may take after typing (GTK's first paste on a new form: ~0.1 s)
COPY_ROUND = 0.15  # s between Ctrl+A + Ctrl+C rounds while a paste may still be under way
UNCHECKED_PASTE = 0.5  # s a paste nobody reads back (check: false) gets before the clipboard is given back

Status = Literal["ok", "masked", "mismatch", "unread", "not_empty", "unchecked"]


@dataclass(frozen=True)
class TypeOutcome:
    """How a ``type`` went. ``read_back``: what the field held at the end (None: nothing could be read).

    ``status``: ``ok`` (read back equal), ``masked`` (a password field copying as ``****`` of the same
    length), ``mismatch`` (twice not equal), ``unread`` (no copy came back), ``not_empty`` (the field kept
    text after clearing twice: nothing was typed), ``unchecked`` (``check: false``).
    """

    status: Status
    read_back: str | None
    attempts: int


def is_key_typable(text: str) -> bool:
    """Printable ASCII goes by keys; anything else (Japanese, tabs, newlines) by paste."""
    return all(" " <= ch <= "~" for ch in text)


def typed_match(expected: str, got: str) -> Status | None:
    """``ok``, ``masked`` (a password field copies as ****, equal in length only), or None."""
    if got == expected:
        return "ok"
    if got and set(got) <= MASK_CHARS and len(got) == len(expected):
        return "masked"
    return None


def _copy(pg: Any, clip: Clipboard, timeout: float, round_wait: float) -> str | None:
    """Ctrl+A + Ctrl+C until the field's copy replaces ours; None if none came within ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        pg.hotkey("ctrl", "a", _pause=False)
        pg.hotkey("ctrl", "c", _pause=False)
        left = deadline - time.monotonic()
        got = clip.wait_taken(max(0.0, min(round_wait, left)))
        if got is not None or left <= round_wait:
            return got


def _clear(pg: Any, clip: Clipboard, check: bool) -> str | None:
    """Empty the field; with ``check``, prove it: None when empty, else the text it still holds."""
    pg.hotkey("ctrl", "a", _pause=False)
    pg.press("delete", _pause=False)
    if not check:
        return None
    clip.set(SENTINEL)
    left = _copy(pg, clip, EMPTY_PROBE, EMPTY_PROBE)
    pg.press("end", _pause=False)
    return left or None  # no copy (an empty field copies nothing) or an empty copy: empty


def put_text(pg: Any, clip: Clipboard, text: str) -> None:
    """Type ``text`` into the focused field: ASCII by keys, anything else by clipboard paste.

    A paste lands asynchronously: keep the clipboard as it is (:func:`clipboard_kept`) until
    something proved the field holds the text.
    """
    if is_key_typable(text):
        pg.write(text, _pause=False)
    else:
        clip.set(text)
        pg.hotkey("ctrl", "v", _pause=False)


def _read_back(pg: Any, clip: Clipboard, text: str, timeout: float) -> str | None:
    if is_key_typable(text):
        clip.set(SENTINEL)  # keys leave the clipboard alone: give the field something to replace
    # after a paste our helper still serves ``text``; replacing it mid-paste would paste the sentinel
    got = _copy(pg, clip, timeout, COPY_ROUND)
    pg.press("end", _pause=False)  # leave the caret at the end, nothing selected, as a clerk would
    return got


def _attempt(pg: Any, clip: Clipboard, text: str, clear: bool, check: bool, timeout: float) -> TypeOutcome:
    left = _clear(pg, clip, check) if clear else None
    if left is not None:
        left = _clear(pg, clip, check)  # once more (a field that was busy, a selection that slipped)
    if left is not None:
        return TypeOutcome("not_empty", left, 0)
    if not text and clear and check:
        return TypeOutcome("ok", "", 1)  # an empty value: the field was emptied and proven empty above
    put_text(pg, clip, text)
    if not check:
        if not is_key_typable(text):
            time.sleep(UNCHECKED_PASTE)  # nothing shows when the paste landed: give it time before the clipboard goes back
        return TypeOutcome("unchecked", None, 1)
    got = _read_back(pg, clip, text, timeout)
    if got is None:
        return TypeOutcome("unread", None, 1)
    return TypeOutcome(typed_match(text, got) or "mismatch", got, 1)


def type_into_focus(
    pg: Any, clip: Clipboard, text: str, *, clear: bool, check: bool, readback_timeout: float = READBACK_TIMEOUT
) -> TypeOutcome:
    """Type ``text`` into the focused field, proven (``check``) or not; a mismatch is typed once more.

    The clipboard is touched only when needed (a paste, or a check) and given back afterwards.
    """
    with ClipboardKept(lambda: clip) as kept:
        if check or not is_key_typable(text):
            kept.before_use()
        out = _attempt(pg, clip, text, clear, check, readback_timeout)
        if out.status == "mismatch":
            again = _attempt(pg, clip, text, True, check, readback_timeout)
            out = TypeOutcome(again.status, again.read_back, 2)
        return out


class ClipboardKept:
    """The clerk's clipboard, saved the first time a step is about to use it and given back at the end.

    Use as ``with ClipboardKept(clip) as kept: … kept.before_use() …``: a step that never pastes or
    copies never touches the clipboard. A paste lands asynchronously, so the block must end only after
    something proved the field holds the text (or the paste was given time).
    """

    def __init__(self, clip: Callable[[], Clipboard]) -> None:
        self.clip = clip  # asked for only on first use: a step that needs no clipboard starts none
        self.saved: str | None = None
        self.used = False

    def before_use(self) -> None:
        if not self.used:
            self.saved, self.used = self.clip().get(), True

    def __enter__(self) -> ClipboardKept:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.used:
            self.clip().restore(None if self.saved == SENTINEL else self.saved)
