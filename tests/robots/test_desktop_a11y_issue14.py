"""Issue 14: desktop fields by accessible name, their errors, and the rules around them.

The finding rules and the read-back rule are unit tests on plain element snapshots and on a
backend boundary; everything a clerk would see is shown against real programs on Xvfb with AT-SPI:
stock zenity (GTK 3) and a Tk window (which exposes nothing).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from robots._a11y import BUTTON, EDITABLE, ENABLED, ENTRY, LABEL, PASSWORD, SHOWING, Element, label_key
from robots._a11y_enter import enter
from robots._a11y_find import find_button, find_field, find_value, match_windows
from rpa_core.api import ActionError
from tests.support.a11y_fixtures import FORM_TITLE, a11y_desktop  # noqa: F401  (fixture)

SHOWN = frozenset({SHOWING, ENABLED})


def _el(
    role: str, name: str, x: int, y: int, w: int = 100, h: int = 30, labels: tuple[str, ...] = ()
) -> Element:
    states = SHOWN | ({EDITABLE} if role in (ENTRY, PASSWORD) else set())
    return Element(role, name, (x, y, w, h), frozenset(states), labels)


# -- what a label means (unit) ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("ユーザー名:", "ユーザー名"),
        ("氏名：", "氏名"),
        ("＊氏名", "氏名"),
        ("※氏名", "氏名"),
        ("氏名（必須）", "氏名"),
        ("氏名 必須", "氏名"),
        ("　氏名　", "氏名"),
        ("必須項目", "必須項目"),  # 必須 is part of this label's name
        ("氏名カナ", "氏名カナ"),
        ("＊", "*"),  # nothing but decoration: kept, so it can still be named
    ],
)
def test_label_decorations_are_ignored_but_names_stay_whole(written: str, key: str) -> None:
    assert label_key(written) == key


FORM = [  # a form laid out like zenity's: labels on the left, entries to their right, no relation
    _el(LABEL, "氏名：", 10, 10, 40),
    _el(ENTRY, "", 80, 10, 160),
    _el(LABEL, "氏名カナ", 10, 50, 60),
    _el(ENTRY, "", 80, 50, 160),
    _el(LABEL, "住所（必須）", 10, 90, 80),  # its entry is below it
    _el(ENTRY, "", 10, 125, 230),
    _el(BUTTON, "OK", 150, 170, 60),
]


def test_a_field_is_found_beside_its_label_then_below_and_names_stay_whole() -> None:
    assert find_field(FORM, "氏名", "w").extents[1] == 10  # not 氏名カナ's entry
    assert find_field(FORM, "氏名カナ", "w").extents[1] == 50
    assert find_field(FORM, "住所", "w").extents[1] == 125  # nothing beside it: the one below
    assert find_button(FORM, "ＯＫ", "w").name == "OK"  # full-width as typed on a Japanese keyboard


def test_an_entrys_own_name_and_a_declared_label_win_over_layout() -> None:
    named = [*FORM, _el(ENTRY, "電話番号", 300, 300)]
    related = [*FORM, _el(ENTRY, "", 300, 400, labels=("メール:",))]
    assert find_field(named, "電話番号", "w").extents == (300, 300, 100, 30)
    assert find_field(related, "メール", "w").extents == (300, 400, 100, 30)


def test_two_candidates_are_an_error_naming_both() -> None:
    twice = [*FORM, _el(LABEL, "氏名", 10, 300, 40), _el(ENTRY, "", 80, 300, 160)]
    with pytest.raises(ActionError) as caught:
        find_field(twice, "氏名", "受付")
    assert caught.value.key == "a11y.ambiguous"
    assert "「氏名：」10,10" in str(caught.value) and "「氏名」10,300" in str(caught.value)


def test_read_takes_the_text_beside_a_label_when_there_is_no_entry() -> None:
    status = [_el(LABEL, "状態", 10, 10, 40), _el(LABEL, "登録済み", 80, 10)]
    assert find_value(status, "状態", "w").name == "登録済み"


def test_window_titles_match_exactly_then_by_wildcard_or_part() -> None:
    wins = [_el("window", "受付入力", 0, 0), _el("window", "受付入力 - 2件目", 0, 0)]
    assert [w.name for w in match_windows(wins, "受付入力")] == ["受付入力"]
    assert [w.name for w in match_windows(wins, "受付入力 -*")] == ["受付入力 - 2件目"]
    assert [w.name for w in match_windows(wins, "2件目")] == ["受付入力 - 2件目"]


# -- the read-back rule, at the backend boundary (unit) -------------------------------------------
class _Field:
    """The backend boundary of one field: what it accepts and what it says it holds."""

    def __init__(self, shows: Callable[[str], str | None]) -> None:
        self.value = ""
        self.shows = shows
        self.sets: list[str] = []

    def read_text(self, element: Element) -> str | None:
        return self.shows(self.value)

    def set_text(self, element: Element, text: str) -> bool:
        self.sets.append(text)
        self.value = text
        return True


def _enter(backend: _Field, wanted: str, role: str = ENTRY) -> None:
    enter(None, backend, _el(role, "", 0, 0), wanted, "氏名", "受付入力")  # type: ignore[arg-type]


def test_a_field_that_cannot_be_read_back_fails_the_step_never_ok() -> None:
    silent = _Field(lambda value: None)
    with pytest.raises(ActionError) as caught:
        _enter(silent, "髙橋　健一")
    assert caught.value.key == "a11y.readback_failed"


def test_a_field_that_keeps_a_different_value_is_tried_twice_then_fails() -> None:
    cuts = _Field(lambda value: value[:3])  # a field that takes three characters only
    with pytest.raises(ActionError) as caught:
        _enter(cuts, "岩手県花巻市")
    assert caught.value.key == "a11y.fill_mismatch"
    assert cuts.sets == ["", "岩手県花巻市", "", "岩手県花巻市"]  # emptied before each try


def test_a_field_that_will_not_empty_is_an_error_before_anything_is_typed() -> None:
    stuck = _Field(lambda value: "田中　翔田中　翔")
    with pytest.raises(ActionError) as caught:
        _enter(stuck, "田中　翔")
    assert caught.value.key == "a11y.not_cleared"
    assert stuck.sets == [""]


def test_a_password_reads_back_masked_and_its_length_is_compared() -> None:
    _enter(_Field(lambda value: "●" * len(value)), "Kei-2026", PASSWORD)
    with pytest.raises(ActionError):
        _enter(_Field(lambda value: "●" * (len(value) - 1)), "Kei-2026", PASSWORD)


# -- validate: button is a name now, the mouse button is mouse_button -------------------------------
def test_validate_sends_the_old_mouse_button_to_mouse_button(tmp_path: Path) -> None:
    from rpa_core.language.parser import validate_scenario

    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "name: t\nsteps:\n  - desktop.click: {button: right, at: [10, 10]}\n"
        "  - desktop.click: {mouse_button: right, at: [10, 10]}\n  - desktop.click: {button: 登録}\n",
        encoding="utf-8",
    )
    problems = validate_scenario(scenario)
    assert [p.loc.line for p in problems] == [3]
    assert "mouse_button: right" in problems[0].render("ja")
    assert "mouse_button: right" in problems[0].render("en")


# -- real programs on Xvfb with AT-SPI --------------------------------------------------------------
pytest_display = pytest.mark.display


@pytest.fixture
def zenity(a11y_desktop: str) -> Iterator[subprocess.Popen[bytes]]:  # noqa: F811
    """One stock zenity form, ended after the test."""
    proc = subprocess.Popen(
        ["zenity", "--forms", "--title", FORM_TITLE, "--add-entry", "氏名", "--add-entry", "住所",
         "--add-entry", "電話番号"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    yield proc
    if proc.poll() is None:
        proc.terminate()
    proc.wait(timeout=10)
    assert proc.stdout is not None
    proc.stdout.close()


def _scenario(tmp_path: Path, steps: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(f"name: 受付\nsettings:\n  desktop: {{timeout: 15s}}\nsteps:\n{steps}", encoding="utf-8")
    return path


def _error(result: Any) -> str:
    return str(result.message or "")


@pytest_display
def test_wait_window_sees_a_form_open_and_close_and_read_returns_what_fill_put(
    zenity: subprocess.Popen[bytes], run_file: Callable[..., Any], tmp_path: Path, robosan_home: Path
) -> None:
    steps = (
        f"  - desktop.wait_window: {{title: {FORM_TITLE}}}\n"
        f"  - desktop.fill: {{label: 住所, value: 岩手県花巻市大通一丁目２番３号, window: {FORM_TITLE}}}\n"
        f"  - desktop.read: {{label: 住所, window: {FORM_TITLE}}}\n    save_as: got\n"
        f"  - desktop.click: {{button: OK, window: {FORM_TITLE}}}\n"
        f"  - desktop.wait_window: {{title: {FORM_TITLE}, state: closed}}\n"
    )
    result = run_file(_scenario(tmp_path, steps), unattended=True)
    assert result.status == "succeeded", _error(result)
    assert zenity.wait(timeout=10) == 0
    assert zenity.stdout is not None
    assert zenity.stdout.read().decode() == "|岩手県花巻市大通一丁目２番３号|\n"


@pytest_display
def test_wait_window_gives_up_with_the_open_windows_named(
    a11y_desktop: str,  # noqa: F811
    run_file: Callable[..., Any],
    tmp_path: Path,
    robosan_home: Path,
) -> None:
    steps = "  - desktop.wait_window: {title: 存在しない画面, timeout: 1s}\n"
    result = run_file(_scenario(tmp_path, steps), unattended=True)
    assert result.status == "failed"
    assert "存在しない画面" in _error(result)


@pytest_display
def test_a_label_not_found_names_the_closest_and_what_the_form_shows(
    zenity: subprocess.Popen[bytes], run_file: Callable[..., Any], tmp_path: Path, robosan_home: Path
) -> None:
    steps = f"  - desktop.fill: {{label: 電話, value: 0198-23-4501, window: {FORM_TITLE}, timeout: 2s}}\n"
    result = run_file(_scenario(tmp_path, steps), unattended=True)
    assert result.status == "failed"
    message = _error(result)
    assert "「電話」" in message and "もしかして: 「電話番号」" in message, message
    assert (
        "「氏名」、「住所」、「電話番号」" in message and "「OK」" in message and "「Cancel」" in message
    ), message


TK_FORM = (
    "import tkinter as tk\nroot = tk.Tk()\nroot.title('旧システム')\ntk.Label(root, text='氏名').grid(row=0, column=0)\n"
    "tk.Entry(root).grid(row=0, column=1)\nroot.mainloop()\n"
)


@pytest_display
def test_a_tk_program_exposes_nothing_and_the_error_says_to_use_images(
    a11y_desktop: str,  # noqa: F811
    run_file: Callable[..., Any],
    tmp_path: Path,
    robosan_home: Path,
) -> None:
    tk_app = subprocess.Popen([sys.executable, "-c", TK_FORM])
    try:
        steps = (
            "  - desktop.wait_window: {title: 旧システム, timeout: 15s}\n"
            "  - desktop.fill: {label: 氏名, value: 髙橋　健一, window: 旧システム, timeout: 2s}\n"
        )
        result = run_file(_scenario(tmp_path, steps), unattended=True)
    finally:
        tk_app.terminate()
        tk_app.wait(timeout=10)
    assert result.status == "failed"
    message = _error(result)
    assert "旧システム" in message and "ラベルで操作できません" in message, message


@pytest_display
def test_the_listing_shows_a_windows_labels_and_buttons(zenity: subprocess.Popen[bytes]) -> None:
    from robots._a11y_atspi import AtspiBackend
    from robots._desktop_a11y_actions import list_window_labels

    backend = AtspiBackend()
    try:
        deadline = time.monotonic() + 15
        lines: list[str] = []
        while not lines and time.monotonic() < deadline:  # the form registers a moment after it starts
            lines = list_window_labels(backend, FORM_TITLE)
    finally:
        backend.close()
    assert len(lines) == 1
    assert "氏名、住所、電話番号" in lines[0] and "Cancel、OK" in lines[0], lines


def test_a_value_longer_than_max_length_is_refused_never_cut() -> None:
    from robots._desktop_a11y_actions import fill

    with pytest.raises(ActionError) as caught:
        fill(None, label="住所", value="岩手県花巻市大通一丁目２番３号", max_length=10)  # type: ignore[arg-type]
    assert caught.value.key == "a11y.too_long"
    assert "15" in str(caught.value) and "10" in str(caught.value)


def test_a_button_name_with_an_image_or_a_position_is_refused_before_anything_is_clicked() -> None:
    from robots.desktop import click

    with pytest.raises(ActionError) as caught:
        click(None, button="OK", at=(10, 10))  # type: ignore[arg-type]  # refused before the context is used
    assert caught.value.key == "a11y.click_mixed"
    assert "at:" in str(caught.value)


@pytest_display
def test_a_program_refusing_the_api_gets_the_paste_path_and_is_still_read_back(
    zenity: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    """The first field of a freshly opened form, typed by clipboard paste: read back through AT-SPI."""
    from robots._a11y_atspi import AtspiBackend
    from robots._desktop_session import open_session

    class NoEditing(AtspiBackend):  # a program whose fields do not take text through the API
        def set_text(self, element: Element, text: str) -> bool:
            return False

    backend = NoEditing()
    s = open_session(tmp_path, {})
    try:
        deadline = time.monotonic() + 15
        while not (wins := match_windows(backend.windows(), FORM_TITLE)) and time.monotonic() < deadline:
            time.sleep(0.05)
        field = find_field(backend.elements(wins[-1]), "氏名", FORM_TITLE)
        enter(s, backend, field, "山﨑　美咲", "氏名", FORM_TITLE)
        assert backend.read_text(field) == "山﨑　美咲"
    finally:
        s.close()
        backend.close()


@pytest_display
@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="SIGSTOP is POSIX")
def test_a_hung_program_makes_calls_time_out_instead_of_hanging_the_robot(
    zenity: subprocess.Popen[bytes],
) -> None:
    from robots._a11y_atspi import AtspiBackend

    backend = AtspiBackend()
    try:
        deadline = time.monotonic() + 15
        while not match_windows(backend.windows(), FORM_TITLE) and time.monotonic() < deadline:
            time.sleep(0.05)
        form = match_windows(backend.windows(), FORM_TITLE)[-1]
        zenity.send_signal(signal.SIGSTOP)  # the program stops answering, as a hung one does
        try:
            assert match_windows(backend.windows(), FORM_TITLE) == []  # its call timed out: not listed
            assert backend.elements(form) == []
        finally:
            zenity.send_signal(signal.SIGCONT)
    finally:
        backend.close()


def test_no_accessibility_bus_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from robots._a11y import A11yUnavailable
    from robots._a11y_atspi import bus_address
    from rpa_core.api import text

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)  # no session bus and no X root window to ask
    with pytest.raises(A11yUnavailable) as caught:
        bus_address()
    assert caught.value.key == "a11y.no_bus"
    assert "at-spi2-core" in text("a11y.no_bus.hint", "ja") and "at-spi2-core" in text(
        "a11y.no_bus.hint", "en"
    )
