"""Keyboard input that arrives exactly: ASCII by keys, anything else through the clipboard, then read back.

``pyautogui.write('山田太郎')`` types nothing, silently, so non-ASCII text is put on the
clipboard and pasted with Ctrl+V. After typing, Ctrl+A + Ctrl+C copies the field's content
back and it is compared with what was meant (once more on a mismatch).

Clipboard on X11: ``pyperclip.copy`` leaves an ``xclip`` holding stdout open, which can hang a
piped run, so :class:`XClipboard` runs ``xclip -quiet`` itself with its output to DEVNULL and
ends it by its PID. That ``xclip`` stays the clipboard owner until someone else copies, and then
exits: its exit is how we know the field's Ctrl+C has happened (no sleeping and hoping).
Elsewhere (Windows) :class:`PyperclipClipboard` polls until the clipboard changes.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any, Protocol

__all__ = [
    "Clipboard",
    "PyperclipClipboard",
    "TypeOutcome",
    "XClipboard",
    "is_key_typable",
    "make_clipboard",
    "type_into_focus",
]

SENTINEL = "\u2063robosan-readback\u2063"  # invisible separators: never what a field holds
MASK_CHARS = set("*●•・")


class Clipboard(Protocol):
    def set(self, text: str) -> None: ...

    def get(self) -> str | None: ...

    def wait_taken(self, timeout: float) -> str | None:
        """After our own ``set``: wait until another program copied something, and return it."""
        ...

    def release(self) -> None: ...


def make_clipboard() -> Clipboard:
    return PyperclipClipboard() if sys.platform == "win32" else XClipboard()


class XClipboard:
    """The X11 CLIPBOARD through our own ``xclip`` processes."""

    def __init__(self) -> None:
        self.owner: subprocess.Popen[bytes] | None = None
        self.text: str | None = None

    def set(self, text: str) -> None:
        self.release()
        self.owner = subprocess.Popen(
            ["xclip", "-selection", "clipboard", "-quiet"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert self.owner.stdin is not None
        self.owner.stdin.write(text.encode("utf-8"))
        self.owner.stdin.close()
        self.text = text
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:  # xclip owns the selection only after reading its input
            if self.get() == text:
                return
            time.sleep(0.003)
        raise RuntimeError("xclip did not take the clipboard within 2 s")

    def get(self) -> str | None:
        try:
            done = subprocess.run(
                ["xclip", "-selection", "clipboard", "-o"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=3,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None

    def wait_taken(self, timeout: float) -> str | None:
        if self.owner is None:
            return None
        try:
            self.owner.wait(timeout=timeout)  # xclip exits when another program takes the clipboard
        except subprocess.TimeoutExpired:
            return None
        self.owner = None
        return self.get()

    def release(self) -> None:
        if self.owner is not None:
            if self.owner.poll() is None:
                self.owner.terminate()
            try:
                self.owner.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.owner.kill()
                self.owner.wait(timeout=2)
            self.owner = None


class PyperclipClipboard:
    """The Windows clipboard through pyperclip (ctypes there: no helper process)."""

    def __init__(self) -> None:
        import pyperclip

        self._pc = pyperclip
        self.text: str | None = None

    def set(self, text: str) -> None:
        self._pc.copy(text)
        self.text = text

    def get(self) -> str | None:
        try:
            return str(self._pc.paste())
        except Exception:  # the clipboard is briefly locked by the program copying into it
            return None

    def wait_taken(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.get()
            if value is not None and value != self.text:
                return value
            time.sleep(0.01)
        return None

    def release(self) -> None:
        self.text = None


def is_key_typable(text: str) -> bool:
    """Printable ASCII goes by keys; anything else (Japanese, tabs, newlines) by paste."""
    return all(" " <= ch <= "~" for ch in text)


class TypeOutcome:
    """How a ``type`` went: what the field held afterwards (None: it could not be read back)."""

    def __init__(self, read_back: str | None, attempts: int, masked: bool = False) -> None:
        self.read_back = read_back
        self.attempts = attempts
        self.masked = masked


def _matches(expected: str, got: str | None) -> tuple[bool, bool]:
    """(equal, masked): a password field copies as ****, equal in length only."""
    if got is None:
        return False, False
    if got == expected:
        return True, False
    masked = bool(got) and set(got) <= MASK_CHARS and len(got) == len(expected)
    return masked, masked


def _put(pg: Any, clip: Clipboard, text: str, clear: bool, check: bool) -> None:
    by_keys = is_key_typable(text)
    if by_keys and check:
        clip.set(SENTINEL)  # so that the read-back can tell the field's copy from what was there before
    if clear:
        pg.hotkey("ctrl", "a", _pause=False)
        pg.press("delete", _pause=False)
    if by_keys:
        pg.write(text, _pause=False)
    else:
        clip.set(text)
        pg.hotkey("ctrl", "v", _pause=False)


def type_into_focus(
    pg: Any, clip: Clipboard, text: str, *, clear: bool, check: bool, readback_timeout: float = 1.0
) -> TypeOutcome:
    """Type ``text`` into the focused field; read it back and retry once if ``check``."""
    got: str | None = None
    for attempt in (1, 2):
        _put(pg, clip, text, clear=clear or attempt > 1, check=check)
        if not check:
            clip.release()
            return TypeOutcome(None, attempt)
        pg.hotkey("ctrl", "a", _pause=False)
        pg.hotkey("ctrl", "c", _pause=False)
        got = clip.wait_taken(readback_timeout)
        pg.press("end", _pause=False)  # leave the caret at the end, nothing selected, as a clerk would
        if got is None:
            clip.release()
            return TypeOutcome(None, attempt)  # the field does not copy: nothing to compare
        equal, masked = _matches(text, got)
        if equal:
            return TypeOutcome(got, attempt, masked)
    return TypeOutcome(got, 2)
