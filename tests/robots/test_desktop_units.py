"""Logic around the desktop robot, behind faked boundaries (the real thing is in test_desktop.py).

The Windows window code is tested against a fake ``user32``: it is unverified on real Windows.
"""

from __future__ import annotations

import ctypes
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from robots._desktop_input import TypeOutcome, is_key_typable, type_into_focus
from robots._desktop_session import DesktopSession, UnexpectedDialog
from robots._desktop_windows import Win32Windows, Window, app_windows
from robots.capture import parse_region
from rpa_core.errors import InputError


# -- Windows: EnumWindows & co through a fake user32 -------------------------------------------
class FakeUser32:
    def __init__(self, windows: list[dict[str, Any]]) -> None:
        self.windows = {w["hwnd"]: w for w in windows}
        self.calls: list[tuple[Any, ...]] = []

    def EnumWindows(self, callback: Any, lparam: int) -> bool:
        for hwnd in self.windows:
            if not callback(hwnd, lparam):
                break
        return True

    def IsWindowVisible(self, hwnd: int) -> bool:
        return bool(self.windows[hwnd].get("visible", True))

    def GetWindowTextLengthW(self, hwnd: int) -> int:
        return len(self.windows[hwnd]["title"])

    def GetWindowTextW(self, hwnd: int, buf: Any, size: int) -> int:
        buf.value = self.windows[hwnd]["title"][: size - 1]
        return len(buf.value)

    def GetWindowThreadProcessId(self, hwnd: int, ref: Any) -> int:
        ref._obj.value = self.windows[hwnd]["pid"]
        return 1

    def GetWindowRect(self, hwnd: int, ref: Any) -> bool:
        left, top, right, bottom = self.windows[hwnd]["rect"]
        rect = ref._obj
        rect.left, rect.top, rect.right, rect.bottom = left, top, right, bottom
        return True

    def GetWindow(self, hwnd: int, cmd: int) -> int:
        assert cmd == 4  # GW_OWNER
        return int(self.windows[hwnd].get("owner", 0))

    def IsIconic(self, hwnd: int) -> bool:
        return bool(self.windows[hwnd].get("iconic", False))

    def __getattr__(self, name: str) -> Any:  # ShowWindow, SetForegroundWindow, keybd_event, PostMessageW
        def record(*args: Any) -> int:
            self.calls.append((name, *args))
            return 1

        return record


def _fake() -> FakeUser32:
    return FakeUser32(
        [
            {"hwnd": 100, "title": "軽自動車税システム", "pid": 4242, "rect": (40, 40, 840, 600)},
            {"hwnd": 101, "title": "入力エラー", "pid": 4242, "rect": (300, 200, 600, 330), "owner": 100},
            {"hwnd": 102, "title": "", "pid": 4242, "rect": (0, 0, 1, 1)},
            {"hwnd": 103, "title": "隠れた画面", "pid": 4242, "rect": (0, 0, 10, 10), "visible": False},
            {"hwnd": 200, "title": "メモ帳", "pid": 777, "rect": (0, 0, 500, 400)},
        ]
    )


def test_win32_lists_visible_titled_windows_with_owner_pid_and_rect() -> None:
    wins = Win32Windows(_fake(), make_callback=lambda f: f).list()
    assert [w.title for w in wins] == ["軽自動車税システム", "入力エラー", "メモ帳"]
    main, dialog, other = wins
    assert (main.x, main.y, main.width, main.height, main.pid, main.owner) == (40, 40, 800, 560, 4242, None)
    assert dialog.owner == 100 and dialog.rect == (300, 200, 300, 130)
    assert [w.title for w in app_windows(wins, main)] == ["軽自動車税システム", "入力エラー"]
    assert other not in app_windows(wins, main, pid=4242)


def test_win32_activate_restores_a_minimised_window_and_close_posts_wm_close() -> None:
    user32 = _fake()
    user32.windows[100]["iconic"] = True
    windows = Win32Windows(user32, make_callback=lambda f: f)
    main = windows.list()[0]
    windows.activate(main)
    windows.close(main)
    names = [c[0] for c in user32.calls]
    assert names == ["ShowWindow", "keybd_event", "keybd_event", "SetForegroundWindow", "PostMessageW"]
    assert user32.calls[0] == ("ShowWindow", 100, 9) and user32.calls[-1] == (
        "PostMessageW",
        100,
        0x0010,
        0,
        0,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows callback fallback")
def test_real_ctypes_callback_wraps_python_function() -> None:
    from robots._desktop_windows import _enum_windows_proc

    seen: list[int] = []

    def remember(hwnd: int, _lparam: int) -> bool:
        seen.append(hwnd)
        return True

    proc = _enum_windows_proc(remember)
    assert isinstance(proc, ctypes._CFuncPtr)  # type: ignore[attr-defined]
    assert proc(7, 0) is True and seen == [7]


# -- the dialog guard, with a fake window system -------------------------------------------------
class FakeWindows:
    def __init__(self, frames: list[list[Window]]) -> None:
        self.frames = frames
        self.closed: list[int] = []

    def list(self) -> list[Window]:
        return self.frames.pop(0) if len(self.frames) > 1 else self.frames[0]

    def activate(self, win: Window) -> None:
        pass

    def close(self, win: Window) -> None:
        self.closed.append(win.id)
        self.frames = [[w for w in self.frames[0] if w.id != win.id]]


MAIN = Window(1, "軽自動車税システム", 40, 40, 800, 560)
CONFIRM = Window(2, "確認", 300, 200, 250, 120, owner=1)
NOTICE = Window(3, "お知らせ", 300, 200, 250, 120, owner=1)
OTHER_APP = Window(4, "メモ帳", 0, 0, 300, 300)


def _session(windows: FakeWindows, tmp_path: Path) -> DesktopSession:
    s = DesktopSession(
        pg=None,
        windows=windows,
        clipboard=None,  # type: ignore[arg-type]
        artifacts_dir=tmp_path,
        settings={"dialog_settle": 0.3},
    )
    s.main, s.main_title = MAIN, MAIN.title
    s.screenshot = lambda label, region=None, path=None: tmp_path / f"{label}.png"  # type: ignore[method-assign]
    return s


def test_guard_lets_a_dialog_that_is_closing_go_and_ignores_other_programs(tmp_path: Path) -> None:
    windows = FakeWindows([[MAIN, CONFIRM, OTHER_APP], [MAIN, CONFIRM, OTHER_APP], [MAIN, OTHER_APP]])
    _session(windows, tmp_path).guard()
    assert windows.closed == []


def test_guard_accepts_the_window_the_step_names(tmp_path: Path) -> None:
    windows = FakeWindows([[MAIN, CONFIRM]])
    _session(windows, tmp_path).guard("確認")
    assert windows.closed == []


def test_guard_screenshots_and_closes_a_dialog_that_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import robots._desktop_session as mod

    monkeypatch.setattr(mod, "grab", lambda region=None: object())
    monkeypatch.setattr(mod, "ocr_text", lambda image, single_line=True: "本日17時より\nメンテナンス")
    windows = FakeWindows([[MAIN, NOTICE]])
    with pytest.raises(UnexpectedDialog) as info:
        _session(windows, tmp_path).guard("確認")
    assert (info.value.title, info.value.closed) == ("お知らせ", True)
    assert (
        info.value.text == "本日17時より メンテナンス"
        and info.value.screenshot == tmp_path / "unexpected_dialog.png"
    )
    assert windows.closed == [3]


# -- typing: proven or refused (the logic around the clipboard; real fields in test_desktop_typing_issue14) ------
class FakeField:
    """A text field + clipboard as PyAutoGUI and xclip see them: copying an EMPTY field copies nothing (GTK,
    Tk, Win32 edit controls); ``mangle`` spoils typing; ``stuck`` is text that Delete does not remove."""

    def __init__(self, mangle: list[bool], masked: bool = False, copies: bool = True, stuck: str = "") -> None:
        self.value = stuck
        self.stuck = stuck
        self.selected = False
        self.clip: str | None = "事務メモ"
        self.taken = False
        self.mangle = mangle
        self.masked = masked
        self.copies = copies
        self.keys: list[str] = []

    # pyautogui
    def hotkey(self, *keys: str, _pause: bool = True) -> None:
        self.keys.append("+".join(keys))
        if keys == ("ctrl", "a"):
            self.selected = True
        elif keys == ("ctrl", "c") and self.copies and self.value:
            self.clip, self.taken = ("*" * len(self.value) if self.masked else self.value), True
        elif keys == ("ctrl", "v"):
            self._insert(self.clip or "")

    def press(self, key: str, _pause: bool = True) -> None:
        self.keys.append(key)
        if key == "delete" and self.selected:
            self.value, self.selected = self.stuck, False
        self.selected = False

    def write(self, text: str, _pause: bool = True) -> None:
        self.keys.append("write")
        self._insert(text)

    def _insert(self, text: str) -> None:
        spoil = self.mangle.pop(0) if self.mangle else False
        self.value += text[:-1] if spoil else text

    # clipboard
    def set(self, text: str) -> None:
        self.clip, self.taken = text, False

    def get(self) -> str | None:
        return self.clip

    def wait_taken(self, timeout: float) -> str | None:
        return self.clip if self.taken else None

    def restore(self, saved: str | None) -> None:
        self.clip = saved or ""

    def release(self) -> None:
        pass


def test_japanese_is_pasted_and_read_back_and_the_clipboard_given_back() -> None:
    field = FakeField([])
    out = type_into_focus(field, field, "髙橋 翔太", clear=True, check=True)  # type: ignore[arg-type]
    assert field.value == "髙橋 翔太" and out == TypeOutcome("ok", "髙橋 翔太", 1)
    assert "ctrl+v" in field.keys and "write" not in field.keys
    assert field.clip == "事務メモ"


def test_ascii_goes_by_keys() -> None:
    field = FakeField([])
    out = type_into_focus(field, field, "HA36S-123456", clear=True, check=True)  # type: ignore[arg-type]
    assert out.status == "ok" and out.read_back == "HA36S-123456"
    assert "write" in field.keys and "ctrl+v" not in field.keys


def test_a_mismatch_is_typed_again_once() -> None:
    field = FakeField([True, False])
    out = type_into_focus(field, field, "花巻市", clear=True, check=True)  # type: ignore[arg-type]
    assert out == TypeOutcome("ok", "花巻市", 2) and field.value == "花巻市"


def test_two_mismatches_are_reported() -> None:
    field = FakeField([True, True])
    out = type_into_focus(field, field, "花巻市", clear=True, check=True)  # type: ignore[arg-type]
    assert out == TypeOutcome("mismatch", "花巻", 2)


def test_masked_and_uncopyable_fields() -> None:
    masked = FakeField([], masked=True)
    out = type_into_focus(masked, masked, "Kei-2026", clear=True, check=True)  # type: ignore[arg-type]
    assert out == TypeOutcome("masked", "********", 1)
    mute = FakeField([], copies=False)
    out2 = type_into_focus(mute, mute, "abc", clear=True, check=True, readback_timeout=0.01)  # type: ignore[arg-type]
    assert out2.status == "unread" and out2.read_back is None and mute.value == "abc"


def test_text_that_will_not_clear_is_refused_before_typing() -> None:
    field = FakeField([], stuck="田中　翔")
    out = type_into_focus(field, field, "佐藤　花子", clear=True, check=True)  # type: ignore[arg-type]
    assert out == TypeOutcome("not_empty", "田中　翔", 0) and field.value == "田中　翔"
    assert "ctrl+v" not in field.keys


def test_check_false_types_without_a_read_back() -> None:
    field = FakeField([], copies=False)
    out = type_into_focus(field, field, "Kei-2026", clear=True, check=False)  # type: ignore[arg-type]
    assert out.status == "unchecked" and field.value == "Kei-2026" and "ctrl+c" not in field.keys


def test_an_empty_value_empties_the_field_and_proves_it() -> None:
    field = FakeField([], stuck="")
    field.value = "田中　翔"
    out = type_into_focus(field, field, "", clear=True, check=True)  # type: ignore[arg-type]
    assert out == TypeOutcome("ok", "", 1) and field.value == ""


def test_windows_clipboard_counts_a_copy_of_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behind a faked boundary (pyperclip, GetClipboardSequenceNumber): a pasted value read back is the same
    text, and must still count as the field's copy; unverified on Windows itself."""
    import types

    import robots._desktop_clipboard as mod

    board = {"text": "", "seq": 1}

    def copy(text: str) -> None:
        board["text"], board["seq"] = text, int(board["seq"]) + 1

    monkeypatch.setitem(sys.modules, "pyperclip", types.SimpleNamespace(copy=copy, paste=lambda: board["text"]))
    monkeypatch.setattr(mod, "_sequence", lambda: board["seq"])
    clip = mod.PyperclipClipboard()
    clip.set("髙橋　﨑子")
    assert clip.wait_taken(0.05) is None  # nobody copied yet
    copy("髙橋　﨑子")  # the field's Ctrl+C: same text, new sequence number
    assert clip.wait_taken(0.05) == "髙橋　﨑子"
    clip.restore("課内メモ")
    assert board["text"] == "課内メモ"


def test_key_typable() -> None:
    assert is_key_typable("2026/04/01") and is_key_typable("A-1 b")
    assert not is_key_typable("岩手 580 あ 12-34") and not is_key_typable("a\tb") and not is_key_typable("ｱ")


# -- capture's region, and validate staying light ---------------------------------------------------
def test_parse_region() -> None:
    assert parse_region("120,80,90,30") == (120, 80, 90, 30)
    assert parse_region("１２０，８０, 90 ,30") == (120, 80, 90, 30)
    for bad in ("1,2,3", "1,2,0,4", "a,b,c,d", "-1,0,5,5"):
        with pytest.raises(InputError):
            parse_region(bad)


def test_loading_the_actions_imports_no_heavy_library() -> None:
    code = (
        "import sys, rpa_core.registry as r; r.load_actions(); "
        "import robots.desktop, robots.capture; "
        "print(sorted(m for m in ('pyautogui', 'cv2', 'pytesseract', 'Xlib', 'PIL.ImageGrab') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
