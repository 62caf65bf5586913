"""The Windows backend (UI Automation through pywinauto) behind a faked boundary (issue 14).

No Windows here: ``tests.support.fake_uia`` stands in for ``pywinauto.Desktop(backend="uia")`` with the
shapes pywinauto 0.6.9 has, and the backend is driven through the same finding and entering logic the
AT-SPI backend is (``robots._a11y_find``, ``robots._a11y_enter``). What this shows: the backend's
mapping of UIA onto the interface and its handling of the quirks named in its docstring. What it cannot
show: that a real Windows program answers as the fake does (unverified on Windows).
"""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest

from robots import _a11y
from robots._a11y import BUTTON, CHECKED, EDITABLE, ENTRY, FOCUSED, LABEL, PASSWORD, WINDOW, A11yUnavailable
from robots._a11y_enter import enter
from robots._a11y_find import find_button, find_field, find_value, match_windows
from robots._a11y_uia import UIABackend
from robots._desktop_a11y_actions import open_backend
from rpa_core.api import ActionError
from tests.support.fake_uia import COMError, Control, FakeDesktop, TextPattern, Toggle, button, edit, install
from tests.support.gtk_sample import wait_for

TITLE = "軽自動車税システム"
NO_KEYS: Any = None  # no desktop session: the UIA patterns must do it all (keys or mouse would fail here)


class Program:
    """A Windows version of the light-vehicle form, as the three usual kinds of label reach UIA.

    Win32 edits take their name from the static text before them; WinForms/WPF fields point at
    their label (LabeledBy); some fields have neither and are found by layout. 登録 opens an owned
    dialog 確認, a child of the main window in the UIA tree, and its Invoke returns only when the
    dialog is answered (a blocking program).
    """

    def __init__(self) -> None:
        self.answered = threading.Event()
        plate_label = Control("Text", "標識番号（必須）：", (20, 90, 150, 24))
        kind_label = Control("Text", "車種：", (20, 130, 150, 24))
        self.chassis = edit("車台番号（必須）：", (180, 50, 220, 26), max_length=20)
        self.plate = edit("", (180, 90, 220, 26), labelled_by=plate_label)
        self.kind = edit("", (180, 130, 200, 26), labelled_by=kind_label)
        self.kind.control_type = "ComboBox"
        self.kind.children_ = [edit("", (182, 132, 170, 22))]  # the combo's own edit, unnamed
        self.owner = edit("", (180, 170, 220, 26))
        self.owner_kana = edit("", (180, 210, 220, 26))
        self.address = Control("Document", "", (180, 248, 400, 30))
        self.address.patterns["text"] = TextPattern(self.address)
        self.state = edit("", (180, 320, 120, 26), value="登録済", read_only=True)
        self.password = edit("パスワード：", (180, 360, 220, 26), password=True)
        self.printed = Control("CheckBox", "控えを印刷する", (180, 400, 160, 24))
        self.printed.patterns["toggle"] = Toggle()
        self.register = button("登録", (180, 440, 90, 30), on_invoke=self._open_dialog)
        form = Control("Pane", "", (0, 30, 800, 500), children_=[
            Control("Text", "車台番号（必須）：", (20, 50, 150, 24)), self.chassis,
            plate_label, self.plate,
            kind_label, self.kind,
            Control("Text", "所有者氏名：", (20, 170, 150, 24)), self.owner,
            Control("Text", "所有者氏名カナ：", (20, 210, 150, 24)), self.owner_kana,
            Control("Text", "所有者住所：", (20, 250, 150, 24)), self.address,
            Control("Text", "状態：", (20, 320, 150, 24)), self.state,
            Control("Text", "パスワード：", (20, 360, 150, 24)), self.password,
            self.printed, self.register,
        ])  # fmt: skip
        self.main = Control("Window", TITLE, (40, 40, 800, 560), children_=[form])
        self.yes = button("はい", (420, 330, 80, 28), on_invoke=self._answer)
        self.dialog = Control("Window", "確認", (300, 250, 300, 130), children_=[
            Control("Text", "この内容で登録しますか?", (320, 270, 200, 24)), self.yes,
            button("いいえ", (510, 330, 80, 28), on_invoke=self._answer),
        ])  # fmt: skip
        self.desktop = FakeDesktop(self.main, Control("Window", "メモ帳", (900, 40, 300, 300)))

    def _open_dialog(self) -> None:
        self.main.children_.append(self.dialog)
        self.answered.wait(timeout=60)  # modal: Invoke returns when the dialog is answered

    def _answer(self) -> None:
        self.main.children_.remove(self.dialog)
        self.dialog.alive = False
        self.answered.set()


@pytest.fixture
def program(monkeypatch: pytest.MonkeyPatch) -> Any:
    made = Program()
    install(monkeypatch, made.desktop)
    yield made
    made.answered.set()  # a test that failed half-way leaves no Invoke waiting


@pytest.fixture
def backend(program: Program) -> UIABackend:
    return UIABackend()  # through its own `from pywinauto import Desktop`: the fake


def _main(backend: UIABackend) -> list[_a11y.Element]:
    (window,) = match_windows(backend.windows(), TITLE)
    return backend.elements(window)


def test_open_backend_on_windows_is_uia_on_pywinauto_s_uia_backend(
    program: Program, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    chosen = open_backend()
    assert isinstance(chosen, UIABackend)
    assert program.desktop.backend == "uia"


def test_without_pywinauto_the_backend_is_unavailable_with_its_own_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pywinauto", None)  # `import pywinauto` raises ImportError
    with pytest.raises(A11yUnavailable) as caught:
        UIABackend()
    assert caught.value.key == "a11y.no_uia"


def test_windows_are_the_top_level_ones_with_their_titles(backend: UIABackend) -> None:
    windows = backend.windows()
    assert [(w.role, w.name) for w in windows] == [(WINDOW, TITLE), (WINDOW, "メモ帳")]
    assert windows[0].extents == (40, 40, 800, 560)


def test_roles_states_and_labels_are_mapped_from_uia(backend: UIABackend, program: Program) -> None:
    elements = {e.ref.control_type + ":" + e.name: e for e in _main(backend) if e.name}
    assert elements["Text:所有者住所："].role == LABEL
    assert elements["Button:登録"].role == BUTTON
    password = elements["Edit:パスワード："]
    assert password.role == PASSWORD and EDITABLE in password.states
    by_ref = {id(e.ref): e for e in _main(backend)}
    assert by_ref[id(program.plate)].labels == ("標識番号（必須）：",)
    assert by_ref[id(program.state)].role == ENTRY and EDITABLE not in by_ref[id(program.state)].states
    assert by_ref[id(program.address)].role == ENTRY and EDITABLE in by_ref[id(program.address)].states


def test_a_field_is_found_by_its_own_name_by_its_label_relation_and_by_layout(
    backend: UIABackend, program: Program
) -> None:
    elements = _main(backend)
    assert find_field(elements, "車台番号", TITLE).ref is program.chassis  # Win32: the edit's own name
    assert find_field(elements, "標識番号", TITLE).ref is program.plate  # LabeledBy
    assert find_field(elements, "車種", TITLE).ref is program.kind  # the combo, not its inner edit
    assert find_field(elements, "所有者氏名", TITLE).ref is program.owner  # layout: beside the label
    assert find_field(elements, "所有者氏名カナ", TITLE).ref is program.owner_kana  # whole names
    with pytest.raises(ActionError) as caught:
        find_field(elements, "氏名", TITLE)
    assert caught.value.key == "a11y.field_not_found"


def test_fill_clears_sets_and_reads_back_through_the_value_pattern(
    backend: UIABackend, program: Program
) -> None:
    program.plate.patterns["value"].value = "岩手 580 あ 99-99"  # a half-filled form from before
    field = find_field(_main(backend), "標識番号", TITLE)

    enter(NO_KEYS, backend, field, "岩手 580 あ 12-34", "標識番号", TITLE)

    assert program.plate.patterns["value"].value == "岩手 580 あ 12-34"
    assert backend.read_text(field) == "岩手 580 あ 12-34"


def test_a_field_that_cuts_the_value_fails_the_fill_instead_of_passing_it(
    backend: UIABackend, program: Program
) -> None:
    field = find_field(_main(backend), "車台番号", TITLE)
    with pytest.raises(ActionError) as caught:
        enter(NO_KEYS, backend, field, "HA36S-100001-EXTRA-LONG", "車台番号", TITLE)
    assert caught.value.key == "a11y.fill_mismatch"


def test_read_only_password_and_rich_text_fields(backend: UIABackend, program: Program) -> None:
    elements = _main(backend)
    state = find_value(elements, "状態", TITLE)
    assert backend.read_text(state) == "登録済"
    assert backend.set_text(state, "抹消済") is False  # read-only: refused, never half-done
    password = find_field(elements, "パスワード", TITLE)
    assert backend.set_text(password, "Kei-2026") is True
    assert backend.read_text(password) is None  # Windows will not tell: the read-back cannot prove it
    program.address.document = "岩手県花巻市大通り一丁目1-1"
    address = find_field(elements, "所有者住所", TITLE)
    assert backend.set_text(address, "x") is False  # no ValuePattern: the robot types instead
    assert backend.read_text(address) == "岩手県花巻市大通り一丁目1-1"  # TextPattern


def test_a_button_that_opens_a_modal_dialog_is_pressed_without_hanging_the_robot(
    backend: UIABackend, program: Program
) -> None:
    press = find_button(_main(backend), "登録", TITLE)

    assert backend.press(press) is True  # Invoke is still inside the program's modal loop

    dialogs = wait_for(lambda: match_windows(backend.windows(), "確認"), "the dialog 確認")
    (dialog,) = dialogs  # an owned dialog: listed as a window
    assert program.register.patterns["invoke"].count == 1
    names = [e.name for e in _main(backend)]
    assert "はい" not in names  # not the main window's: 「はい」 belongs to 確認
    assert backend.press(find_button(backend.elements(dialog), "はい", "確認")) is True
    assert program.answered.wait(timeout=20)
    assert match_windows(backend.windows(), "確認") == []  # closed


def test_a_control_that_went_away_is_skipped_or_refused_not_a_crash(
    backend: UIABackend, program: Program
) -> None:
    field = find_field(_main(backend), "標識番号", TITLE)
    register = find_button(_main(backend), "登録", TITLE)
    program.plate.alive = False
    program.register.alive = False
    assert backend.read_text(field) is None
    assert backend.set_text(field, "x") is False
    assert backend.focus(field) is False
    assert backend.press(register) is False  # the robot then clicks the button's middle, or fails
    assert all(e.ref is not program.plate for e in _main(backend))


def test_check_boxes_toggle_and_show_their_state(backend: UIABackend, program: Program) -> None:
    box = find_button(_main(backend), "控えを印刷する", TITLE)
    assert CHECKED not in box.states
    assert backend.press(box) is True
    assert CHECKED in find_button(_main(backend), "控えを印刷する", TITLE).states


def test_focus_goes_through_set_focus(backend: UIABackend, program: Program) -> None:
    field = find_field(_main(backend), "所有者氏名", TITLE)
    assert backend.focus(field) is True
    assert FOCUSED in find_field(_main(backend), "所有者氏名", TITLE).states


def test_an_invoke_that_reports_an_error_still_counts_as_pressed_once(
    backend: UIABackend, program: Program
) -> None:
    """UIA_E_ELEMENTNOTAVAILABLE after the click took effect: pressing again could register twice."""

    def clicked_then_gone() -> None:
        raise COMError(-2147220991, "An event was unable to invoke any of the subscribers")

    program.register.patterns["invoke"].on_invoke = clicked_then_gone
    assert backend.press(find_button(_main(backend), "登録", TITLE)) is True
    wait_for(lambda: program.register.patterns["invoke"].count == 1, "the one Invoke")


def test_a_control_without_the_pattern_is_not_pressed(backend: UIABackend, program: Program) -> None:
    del program.register.patterns["invoke"]  # a button that answers only to the mouse
    assert backend.press(find_button(_main(backend), "登録", TITLE)) is False
