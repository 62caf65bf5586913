"""Top-level windows: list them, bring one to the front, ask one to close.

Two implementations behind one small interface:

- :class:`X11Windows` (Linux, Xvfb in tests): lists windows with python-xlib (a few X round
  trips, far cheaper than one ``xdotool`` process per query), activates with ``xdotool``
  (``windowactivate`` needs a window manager; without one ``windowraise`` + ``windowfocus``),
  and closes politely with a ``WM_DELETE_WINDOW`` message, as a title bar's × button does.
- :class:`Win32Windows` (Windows office PCs): ``EnumWindows``/``GetWindowTextW``/
  ``SetForegroundWindow``/``PostMessageW(WM_CLOSE)`` through ctypes. It takes the ``user32``
  object as a parameter so the logic is tested with a fake; it is unverified on real Windows.

A modal dialog is recognised by its owner: ``WM_TRANSIENT_FOR`` on X11, ``GW_OWNER`` on Windows.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["Win32Windows", "Window", "WindowSystem", "X11Windows", "app_windows", "window_system"]


@dataclass(frozen=True)
class Window:
    """A visible top-level window: id, title, owner (the window a dialog belongs to), pid, rectangle."""

    id: int
    title: str
    x: int
    y: int
    width: int
    height: int
    owner: int | None = None
    pid: int | None = None

    @property
    def rect(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.width, self.height)


class WindowSystem(Protocol):
    def list(self) -> list[Window]: ...

    def activate(self, win: Window) -> None: ...

    def close(self, win: Window) -> None: ...


def window_system() -> WindowSystem:
    """The implementation for this PC."""
    if sys.platform == "win32":
        return Win32Windows(ctypes.windll.user32)  # type: ignore[attr-defined,unused-ignore]
    return X11Windows()


def app_windows(windows: list[Window], main: Window | None, pid: int | None = None) -> list[Window]:
    """The windows of one program: its main window, windows owned by it (dialogs, recursively), its pid's."""
    if main is None:
        return []
    ids = {main.id}
    found = True
    while found:  # a dialog opened from a dialog is owned by the first one
        found = False
        for w in windows:
            if w.id not in ids and (
                (w.owner is not None and w.owner in ids) or (pid is not None and w.pid == pid)
            ):
                ids.add(w.id)
                found = True
    return [w for w in windows if w.id in ids]


class X11Windows:
    """Windows on an X display (DISPLAY), read with python-xlib."""

    def __init__(self) -> None:
        from Xlib import X, display

        self._X = X
        self.display = display.Display()
        self.root = self.display.screen().root
        atom = self.display.intern_atom
        self._net_client_list = atom("_NET_CLIENT_LIST")
        self._net_wm_name = atom("_NET_WM_NAME")
        self._utf8 = atom("UTF8_STRING")
        self._net_wm_pid = atom("_NET_WM_PID")
        self._wm_protocols = atom("WM_PROTOCOLS")
        self._wm_delete = atom("WM_DELETE_WINDOW")

    def _candidates(self) -> list[Any]:
        # with a window manager the client windows are listed on the root; without one they are its children
        prop = self.root.get_full_property(self._net_client_list, self._X.AnyPropertyType)
        if prop is not None and len(prop.value):
            return [self.display.create_resource_object("window", int(i)) for i in prop.value]
        return list(self.root.query_tree().children)

    def list(self) -> list[Window]:
        from Xlib import error

        out: list[Window] = []
        for w in self._candidates():
            try:
                attrs = w.get_attributes()
                if attrs.map_state != self._X.IsViewable or attrs.override_redirect:
                    continue  # hidden, or a pop-up menu / combobox list (not a window of its own)
                title = self._title(w)
                if not title:
                    continue
                geom = w.get_geometry()
                pos = self.root.translate_coords(w, 0, 0)
                transient = w.get_wm_transient_for()
                pid_prop = w.get_full_property(self._net_wm_pid, self._X.AnyPropertyType)
                out.append(
                    Window(
                        id=int(w.id),
                        title=title,
                        x=int(pos.x),
                        y=int(pos.y),
                        width=int(geom.width),
                        height=int(geom.height),
                        owner=int(transient.id) if transient else None,
                        pid=int(pid_prop.value[0]) if pid_prop is not None and len(pid_prop.value) else None,
                    )
                )
            except (error.BadWindow, error.BadDrawable, error.BadMatch):
                continue  # closed while we looked
        return out

    def _title(self, w: Any) -> str:
        prop = w.get_full_property(self._net_wm_name, self._utf8)
        if prop is not None:
            value = prop.value
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        name = w.get_wm_name()
        if isinstance(name, bytes):
            return name.decode("latin-1")
        return name or ""

    def activate(self, win: Window) -> None:
        # no window manager on Xvfb: windowactivate fails there, raise + focus works everywhere
        if shutil.which("xdotool"):
            subprocess.run(
                ["xdotool", "windowraise", str(win.id), "windowfocus", str(win.id)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=10,
                check=False,
            )
            return
        w = self.display.create_resource_object("window", win.id)
        w.configure(stack_mode=self._X.Above)
        w.set_input_focus(self._X.RevertToParent, self._X.CurrentTime)
        self.display.sync()

    def close(self, win: Window) -> None:
        from Xlib.protocol import event

        w = self.display.create_resource_object("window", win.id)
        message = event.ClientMessage(
            window=w,
            client_type=self._wm_protocols,
            data=(32, [self._wm_delete, self._X.CurrentTime, 0, 0, 0]),
        )
        w.send_event(message, event_mask=self._X.NoEventMask)
        self.display.sync()


class _Rect(ctypes.Structure):
    _fields_ = [
        ("left", ctypes.c_long),
        ("top", ctypes.c_long),
        ("right", ctypes.c_long),
        ("bottom", ctypes.c_long),
    ]


GW_OWNER = 4
SW_RESTORE = 9
WM_CLOSE = 0x0010
VK_MENU = 0x12
KEYEVENTF_KEYUP = 0x0002


class Win32Windows:
    """Windows through ``user32`` (given, so tests can pass a fake). Unverified on real Windows."""

    def __init__(
        self, user32: Any, make_callback: Callable[[Callable[[int, int], bool]], Any] | None = None
    ) -> None:
        self.user32 = user32
        self._make_callback = make_callback or _enum_windows_proc

    def list(self) -> list[Window]:
        handles: list[int] = []

        def collect(hwnd: int, _lparam: int) -> bool:
            handles.append(int(hwnd))
            return True

        self.user32.EnumWindows(self._make_callback(collect), 0)
        out: list[Window] = []
        for hwnd in handles:
            if not self.user32.IsWindowVisible(hwnd):
                continue
            length = int(self.user32.GetWindowTextLengthW(hwnd))
            if length <= 0:
                continue
            buf = ctypes.create_unicode_buffer(length + 1)
            self.user32.GetWindowTextW(hwnd, buf, length + 1)
            pid = ctypes.c_ulong(0)
            self.user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid))
            rect = _Rect()
            self.user32.GetWindowRect(hwnd, ctypes.byref(rect))
            owner = int(self.user32.GetWindow(hwnd, GW_OWNER) or 0)
            out.append(
                Window(
                    id=hwnd,
                    title=buf.value,
                    x=rect.left,
                    y=rect.top,
                    width=rect.right - rect.left,
                    height=rect.bottom - rect.top,
                    owner=owner or None,
                    pid=int(pid.value) or None,
                )
            )
        return out

    def activate(self, win: Window) -> None:
        if self.user32.IsIconic(win.id):
            self.user32.ShowWindow(win.id, SW_RESTORE)
        # Windows refuses SetForegroundWindow to a process that did not get the last input:
        # a synthetic Alt press counts as input (the usual work-around)
        self.user32.keybd_event(VK_MENU, 0, 0, 0)
        self.user32.keybd_event(VK_MENU, 0, KEYEVENTF_KEYUP, 0)
        self.user32.SetForegroundWindow(win.id)

    def close(self, win: Window) -> None:
        self.user32.PostMessageW(win.id, WM_CLOSE, 0, 0)


def _enum_windows_proc(func: Callable[[int, int], bool]) -> Any:
    functype = getattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE)
    proto = functype(ctypes.c_bool, ctypes.c_void_p, ctypes.c_void_p)
    return proto(lambda hwnd, lparam: func(int(hwnd or 0), int(lparam or 0)))
