"""The clipboard the desktop robot pastes through, and the helper processes that serve it on Linux.

On X11 the clipboard's text lives in the program that owns it. :class:`XClipboard` runs
``xclip -quiet`` itself (stdout to DEVNULL: ``pyperclip.copy`` leaves one holding a pipe open,
which can hang a piped run) and ends it by its PID. That ``xclip`` stays the owner until another
program copies, and then exits: its exit is how we know a field's Ctrl+C has happened.

No ``xclip`` may outlive its run (issue 14: a killed run left one serving 「田中　翔」 to the next
run's Ctrl+V). Three nets: each one is started with a parent-death signal (Linux ``prctl``), so
the kernel ends it when the robot dies, even by SIGKILL; the session ends it at close; and a
session's start ends any ``xclip`` a robosan process started whose parent is gone (marked by
:data:`MARK` in its environment, so a clerk's own ``xclip`` is never touched).

On Windows :class:`PyperclipClipboard` uses pyperclip (ctypes there: no helper process) and polls
until the clipboard changes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Protocol

__all__ = ["MARK", "Clipboard", "PyperclipClipboard", "XClipboard", "end_stale_helpers", "make_clipboard"]

MARK = "ROBOSAN_CLIPBOARD_OF"  # environment mark of our xclip processes: the robosan PID that started it
_PR_SET_PDEATHSIG = 1


class Clipboard(Protocol):
    def set(self, text: str) -> None: ...

    def get(self) -> str | None: ...

    def wait_taken(self, timeout: float) -> str | None:
        """After our own ``set``: wait until another program copied something, and return it."""
        ...

    def restore(self, saved: str | None) -> None:
        """Put back what :meth:`get` returned before a step (None: leave the clipboard to nobody)."""
        ...

    def release(self) -> None: ...


def make_clipboard() -> Clipboard:
    return PyperclipClipboard() if sys.platform == "win32" else XClipboard()


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the child between fork and exec
    """In the child: ask the kernel for SIGTERM when the robot dies; if it already died, leave at once."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


class XClipboard:
    """The X11 CLIPBOARD through our own ``xclip`` processes."""

    def __init__(self) -> None:
        self.owner: subprocess.Popen[bytes] | None = None
        self.text: str | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        me = os.getpid()
        extra: dict[str, Any] = {}
        if sys.platform.startswith("linux"):
            extra["preexec_fn"] = lambda: _die_with_parent(me)
        return subprocess.Popen(
            ["xclip", "-selection", "clipboard", "-quiet"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, MARK: str(me)},
            **extra,
        )

    def set(self, text: str) -> None:
        self.release()
        self.owner = self._start()
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
        if self.owner is None:  # taken before we asked (a late copy): what was copied is there now
            return self.get()
        try:
            self.owner.wait(timeout=timeout)  # xclip exits when another program takes the clipboard
        except subprocess.TimeoutExpired:
            return None
        self.owner = None
        return self.get()

    def restore(self, saved: str | None) -> None:
        # None (nothing, or no text): an empty clipboard, so a typed name does not stay on it. Served by
        # our xclip until the run ends: X11 keeps no text of its own once its owner is gone.
        self.set(saved or "")

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


def _sequence() -> int | None:
    """Windows' clipboard change counter (it moves on every copy, even of the same text); None elsewhere."""
    if sys.platform == "win32":
        import ctypes

        return int(ctypes.windll.user32.GetClipboardSequenceNumber())
    return None


class PyperclipClipboard:
    """The Windows clipboard through pyperclip (ctypes there: no helper process).

    A field's copy is told from our own text by the clipboard's change counter, not by its text: a
    pasted and read-back value is the same text, and must still count as copied.
    """

    def __init__(self) -> None:
        import pyperclip

        self._pc = pyperclip
        self.text: str | None = None
        self._seq: int | None = None

    def set(self, text: str) -> None:
        self._pc.copy(text)
        self.text = text
        self._seq = _sequence()

    def get(self) -> str | None:
        try:
            return str(self._pc.paste())
        except Exception:  # the clipboard is briefly locked by the program copying into it
            return None

    def wait_taken(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seq = _sequence()
            changed = seq != self._seq if seq is not None else None
            value = self.get() if changed is not False else None
            if value is not None and (changed or value != self.text):
                self._seq = seq
                return value
            time.sleep(0.01)
        return None

    def restore(self, saved: str | None) -> None:
        self.set(saved or "")
        self.text = None

    def release(self) -> None:
        self.text = None


def _stale(proc: Path) -> int | None:
    """The PID of ``proc`` (a /proc entry) if it is an xclip a robosan process started and left behind."""
    try:
        if (proc / "comm").read_text().strip() != "xclip":
            return None
        marks = [e for e in (proc / "environ").read_bytes().split(b"\0") if e.startswith(MARK.encode() + b"=")]
        if not marks:
            return None  # not ours: a clerk's or another program's xclip
        starter = int(marks[0].split(b"=", 1)[1])
        parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None  # gone meanwhile, or not ours to read
    return int(proc.name) if parent != starter else None


def end_stale_helpers() -> list[int]:
    """End the clipboard helpers earlier robosan runs left (their robot is gone); return their PIDs.

    Linux only (``/proc``); elsewhere there are no helper processes. A helper whose robot still runs
    (another run on this PC) is left alone: its parent is still the robot that started it.
    """
    root = Path("/proc")
    if not sys.platform.startswith("linux") or not root.is_dir():
        return []
    ended = []
    for proc in root.iterdir():
        pid = _stale(proc) if proc.name.isdigit() else None
        if pid is None:
            continue
        try:
            os.kill(pid, signal.SIGTERM)
            ended.append(pid)
        except OSError:
            continue
    return ended
