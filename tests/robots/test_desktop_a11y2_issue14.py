"""Issue 14, second pass: desktop fields by accessible name on real GTK programs with modal dialogs.

Pairing rules are unit tests on plain snapshots; everything a clerk would see runs against real programs on
Xvfb with AT-SPI: stock zenity (a question dialog titled 確認, a form), the GTK sample program (an error dialog
left open), and a small GTK window with a multi-line box taller than its label's row. Pressing 登録 and はい on
the GTK sample program's modal 確認 dialog is shown by ``tests/e2e/test_vehicle_gtk_issue14.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from robots._a11y import EDITABLE, ENABLED, ENTRY, LABEL, SHOWING, WINDOW, Element
from robots._a11y_find import find_field, on_screen
from robots._desktop_windows import Window
from rpa_core.api import ActionError
from tests.support.a11y_fixtures import FORM_TITLE, a11y_desktop  # noqa: F401  (fixture)
from tests.support.gtk_sample import GTK_COMMAND, GTK_PYTHON, ROOT, TITLE, wait_for

SHOWN = frozenset({SHOWING, ENABLED})
CLI = "import sys; from rpa_core.cli.main import main; sys.argv[0] = 'robosan'; main()"  # robosan, this tree's code


def _el(role: str, name: str, box: tuple[int, int, int, int], pid: int | None = None) -> Element:
    states = SHOWN | ({EDITABLE} if role == ENTRY else set())
    return Element(role, name, box, frozenset(states), pid=pid)


# -- which accessible window a screen title means (unit) ---------------------------------------------
def test_a_dialog_is_paired_with_its_screen_title_by_process_and_rectangle() -> None:
    question = _el(WINDOW, "Question", (119, 262, 641, 115), pid=42)
    other_program = _el(WINDOW, "Question", (119, 262, 641, 115), pid=7)
    main = _el(WINDOW, "軽自動車税システム", (40, 40, 800, 560), pid=42)
    screen = [Window(1, "確認", 119, 262, 641, 115, owner=9, pid=42)]
    assert on_screen([main, question, other_program], screen) == [question]
    moved = [Window(1, "確認", 300, 262, 641, 115, pid=42)]
    assert on_screen([question], moved) == []  # same process, another place: another window


# -- a field taller than its label's row (unit) -----------------------------------------------------
LAYOUT = [
    _el(LABEL, "住所：", (20, 100, 80, 30)),
    _el(ENTRY, "", (120, 96, 300, 96)),  # three lines: its centre (144) is below the label's row
    _el(LABEL, "電話番号：", (20, 200, 80, 30)),
    _el(ENTRY, "", (120, 200, 200, 30)),
    _el(LABEL, "氏名", (20, 240, 80, 30)),
    _el(ENTRY, "", (120, 240, 200, 30)),
    _el(LABEL, "氏名カナ", (20, 280, 80, 30)),
    _el(ENTRY, "", (120, 280, 200, 30)),
]


def test_a_multi_line_box_overlapping_its_labels_row_is_that_labels_field() -> None:
    assert find_field(LAYOUT, "住所", "w").extents == (120, 96, 300, 96)
    assert find_field(LAYOUT, "電話番号", "w").extents == (120, 200, 200, 30)
    assert find_field(LAYOUT, "氏名", "w").extents[1] == 240  # names stay whole: not 氏名カナ's box
    assert find_field(LAYOUT, "氏名カナ", "w").extents[1] == 280


def test_two_labels_of_one_name_stay_an_error_with_overlap_matching() -> None:
    twice = [*LAYOUT, _el(LABEL, "住所", (440, 100, 80, 30)), _el(ENTRY, "", (540, 90, 100, 90))]
    with pytest.raises(ActionError) as caught:
        find_field(twice, "住所", "w")
    assert caught.value.key == "a11y.ambiguous"


# -- real programs on Xvfb with AT-SPI --------------------------------------------------------------
def _scenario(tmp_path: Path, steps: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(f"name: 確認\nsettings:\n  desktop: {{timeout: 10s}}\nsteps:\n{steps}", encoding="utf-8")
    return path


def _gtk_steps(*after: str) -> str:
    """Start the GTK sample program, log in, open 車両登録 and press 登録 on the empty form: 入力エラー opens."""
    return (
        f"  - desktop.launch: {{command: {GTK_COMMAND}, window: {TITLE}, timeout: 20s}}\n"
        "  - desktop.fill: {label: ユーザーID, value: kanri01}\n"
        "  - desktop.fill: {label: パスワード, value: Kei-2026}\n"
        "  - desktop.click: {button: ログイン}\n"
        "  - desktop.click: {button: 車両登録}\n"
        "  - desktop.click: {button: 登録}\n"
    ) + "".join(after)


@pytest.fixture
def gtk_allowed(a11y_desktop: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("ROBOSAN_ALLOWED_PROGRAMS", GTK_COMMAND)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))


@pytest.mark.display
@pytest.mark.usefixtures("gtk_allowed")
def test_an_error_dialog_is_found_by_its_title_and_answered_by_its_button(
    run_file: Callable[..., Any], tmp_path: Path, robosan_home: Path
) -> None:
    """GTK names the 入力エラー message dialog "Error" for AT-SPI; the clerk writes the title on screen."""
    steps = _gtk_steps(
        "  - desktop.click: {button: OK, window: 入力エラー}\n",
        "  - desktop.wait_window: {title: 入力エラー, state: closed}\n",
        "  - desktop.read: {label: 車台番号}\n",
        "  - desktop.close: {}\n",
    )
    result = run_file(_scenario(tmp_path, steps), unattended=True)
    assert result.status == "succeeded", result.message


@pytest.mark.display
@pytest.mark.usefixtures("gtk_allowed")
def test_read_fails_with_the_error_dialog_left_open(
    run_file: Callable[..., Any], tmp_path: Path, robosan_home: Path
) -> None:
    """The next desktop.read (the scenario's line 11) must fail naming 入力エラー, not read past it."""
    steps = _gtk_steps("  - desktop.read: {label: 車台番号}\n", "  - desktop.close: {}\n")
    result = run_file(_scenario(tmp_path, steps), unattended=True)
    assert result.status == "failed"
    message = str(result.message)
    assert "scenario.yaml:11:" in message and "入力エラー" in message, message


_TALL_FORM = textwrap.dedent(
    """
    import gi
    gi.require_version("Gtk", "3.0")
    from gi.repository import Gtk
    win = Gtk.Window(title="住所変更")
    grid = Gtk.Grid(row_spacing=8, column_spacing=12, margin=16)
    address = Gtk.Label(label="住所：", valign=Gtk.Align.START)
    box = Gtk.TextView()
    box.set_size_request(300, 96)
    grid.attach(address, 0, 0, 1, 1)
    grid.attach(box, 1, 0, 1, 1)
    grid.attach(Gtk.Label(label="電話番号："), 0, 1, 1, 1)
    grid.attach(Gtk.Entry(), 1, 1, 1, 1)
    win.add(grid)
    win.connect("destroy", Gtk.main_quit)
    win.show_all()
    Gtk.main()
    """
)


@pytest.fixture
def tall_form(a11y_desktop: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:  # noqa: F811
    script = tmp_path / "tall_form.py"
    script.write_text(_TALL_FORM, encoding="utf-8")
    env = {**os.environ, "GTK_MODULES": "gail:atk-bridge"}
    proc = subprocess.Popen([GTK_PYTHON, str(script)], env=env, stderr=subprocess.DEVNULL)
    yield proc
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.display
def test_a_multi_line_address_box_is_filled_and_read_back_by_its_label(
    tall_form: subprocess.Popen[bytes], run_file: Callable[..., Any], tmp_path: Path, robosan_home: Path
) -> None:
    from robots._a11y_atspi import AtspiBackend

    steps = (
        "  - desktop.wait_window: {title: 住所変更, timeout: 20s}\n"
        '  - desktop.fill: {label: 住所, value: "岩手県花巻市大通一丁目２番３号\\n花巻ハイツ２０１号"}\n'
        "  - desktop.fill: {label: 電話番号, value: 0198-23-4567}\n"
    )
    result = run_file(_scenario(tmp_path, steps), unattended=True)
    assert result.status == "succeeded", result.message
    backend = AtspiBackend()
    try:  # read independently of the robot: the tall box holds the address, the entry the number
        (win,) = [w for w in backend.windows() if w.name == "住所変更"]
        held = sorted((e.extents[3], backend.read_text(e)) for e in backend.elements(win) if e.editable)
    finally:
        backend.close()
    assert [text for _h, text in held] == ["0198-23-4567", "岩手県花巻市大通一丁目２番３号\n花巻ハイツ２０１号"]
    assert held[1][0] > 2 * held[0][0]  # the address box really is taller than a row


@pytest.mark.display
def test_capture_labels_lists_fields_and_buttons_in_reading_order(
    a11y_desktop: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    form = subprocess.Popen(
        ["zenity", "--forms", "--title", FORM_TITLE, "--text", "受付票", "--add-entry", "氏名", "--add-entry", "住所"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    command = [sys.executable, "-c", CLI, "capture", "--labels", "--window", FORM_TITLE]
    try:
        out = {
            lang: wait_for(lambda lang=lang: _listed(command, lang), f"the {lang} listing of {FORM_TITLE}")
            for lang in ("ja", "en")
        }
    finally:
        form.terminate()
        form.wait(timeout=10)
    assert f"画面「{FORM_TITLE}」 入力欄のラベル: 氏名、住所 / そのほかの文字: 受付票 / ボタン: Cancel、OK" in out["ja"]
    assert "field labels: 氏名、住所" in out["en"] and "buttons: Cancel、OK" in out["en"]
    without = subprocess.run(command[:4], capture_output=True, text=True, timeout=60, check=False)
    assert without.returncode != 0 and "--labels" in without.stdout + without.stderr


def _listed(command: list[str], lang: str) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=60, check=False, env={**os.environ, "ROBOSAN_LANG": lang}
    )
    return done.stdout if done.returncode == 0 else ""  # the form registers with AT-SPI a moment after it starts


# -- a press goes out once (unit: the logic around the backend; the real presses are the tests above) ---
class _Pg:
    class FailSafeException(Exception):
        pass

    def __init__(self) -> None:
        self.clicks: list[tuple[int, int]] = []

    def click(self, x: int, y: int) -> None:
        self.clicks.append((x, y))


class _Session:
    main_title = FORM_TITLE

    def __init__(self) -> None:
        self.pg = _Pg()

    def guard(self, expected: str | None = None) -> None:
        return None

    def find_windows(self, title: str) -> list[Window]:
        return []


class _Backend:
    def __init__(self, pointer_press: bool, has_action: bool) -> None:
        self.pointer_press, self.has_action, self.presses = pointer_press, has_action, 0

    def windows(self) -> list[Element]:
        return [_el(WINDOW, FORM_TITLE, (0, 0, 400, 300))]

    def elements(self, window: Element) -> list[Element]:
        return [_el("button", "OK", (300, 250, 60, 30))]

    def press(self, element: Element) -> bool:
        self.presses += 1
        return self.has_action


@pytest.mark.parametrize(
    ("pointer_press", "has_action", "presses", "clicks"),
    [(True, True, 0, 1), (False, True, 1, 0), (False, False, 1, 1)],
)
def test_a_button_press_goes_out_once_by_the_pointer_or_by_the_api(
    pointer_press: bool, has_action: bool, presses: int, clicks: int, tmp_path: Path
) -> None:
    from types import SimpleNamespace

    from robots._desktop_a11y_actions import press_button

    s, b = _Session(), _Backend(pointer_press, has_action)
    made = {"desktop": s, "a11y": b}
    ctx = SimpleNamespace(settings={}, artifacts_dir=tmp_path, resource=lambda name, make, close: made[name])
    press_button(ctx, "OK", None, 1.0)  # type: ignore[arg-type]  # the API said False: it sent nothing
    assert (b.presses, len(s.pg.clicks)) == (presses, clicks)
    assert s.pg.clicks in ([], [(330, 265)])  # the middle of the button
