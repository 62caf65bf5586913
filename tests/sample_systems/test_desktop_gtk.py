"""The GTK sample light-vehicle program on its own (issue 14): keys and the clipboard, no robosan.

A clerk's way through the program, sent as X key events by ``xdotool`` on a private Xvfb: log in, F2 for
車両登録, paste each field (Japanese text does not type through xdotool reliably), Enter, はい. The program's
own SQLite file then has to hold the vehicle exactly as pasted; wrong input has to stop at its error dialog.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sample_systems.desktop import db
from tests.support.gtk_sample import ROOT, TITLE, gtk_program, wait_for, x_window

VEHICLE = {  # fictitious: 髙/﨑 and a full-width space must arrive unchanged
    "chassis_no": "JF3-2145678",
    "plate_no": "岩手 580 か 23-45",
    "kind": "軽四輪貨物(自家用)",
    "owner_name": "山﨑　髙志",
    "owner_address": "岩手県花巻市星が丘二丁目4-12 花巻ハイツ203",
    "registered_on": "2026/03/31",
}


def _xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=20)


def _focus(title: str) -> None:
    """Give the keyboard to the window titled ``title`` once it is shown (no window manager on Xvfb)."""
    window = str(wait_for(lambda: x_window(title), f"the window {title}"))
    _xdotool("windowfocus", "--sync", window)


def _clipboard() -> str:
    out = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"], capture_output=True, timeout=10, check=False
    )
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else ""


def _paste(text: str) -> None:
    """Ctrl+V ``text`` into the focused field, and return once the program has taken it.

    ``xclip -loops 2`` serves exactly two requests: our own check that it owns the clipboard, then the
    program's paste; its exit says the paste was served (a wait on a condition, not a sleep).
    """
    server = subprocess.Popen(
        ["xclip", "-selection", "clipboard", "-loops", "2", "-quiet"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert server.stdin is not None
        server.stdin.write(text.encode("utf-8"))
        server.stdin.close()
        wait_for(lambda: _clipboard() == text, "xclip to own the clipboard")
        _xdotool("key", "ctrl+v")
        server.wait(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)


def _log_in(password: str = "Kei-2026") -> None:
    _focus(TITLE)
    _xdotool("type", "--delay", "20", "kanri01")
    _xdotool("key", "Tab")
    _xdotool("type", "--delay", "20", password)
    _xdotool("key", "Return")


def _fill_registration(fields: dict[str, str]) -> None:
    """F2, then the six fields in tab order; the 車種 drop-down's arrow button takes one Tab of its own."""
    _xdotool("key", "F2")
    for key in ("chassis_no", "plate_no", "kind", "owner_name", "owner_address", "registered_on"):
        _paste(fields[key])
        _xdotool("key", *(["Tab", "Tab"] if key == "kind" else ["Tab"]))
    _xdotool("key", "shift+Tab", "Return")  # back to 登録年月日: Enter there registers


@pytest.fixture
def program(xvfb: str, tmp_path: Path) -> Iterator[Path]:
    """The GTK program on its own database; it is ended when the test ends."""
    path = tmp_path / "gtk.db"
    with gtk_program(path):
        yield path


@pytest.mark.display
def test_a_vehicle_registered_through_the_gtk_form_is_in_its_database_exactly(program: Path) -> None:
    _log_in()
    _fill_registration(VEHICLE)
    _focus("確認")
    _xdotool("key", "Return")  # はい is the default button

    stored = wait_for(lambda: db.list_vehicles(program), "the vehicle in the program's database")
    assert isinstance(stored, list) and len(stored) == 1
    vehicle = stored[0]
    assert (
        vehicle.chassis_no,
        vehicle.plate_no,
        vehicle.kind,
        vehicle.owner_name,
        vehicle.owner_address,
        vehicle.registered_on,
    ) == (*list(VEHICLE.values())[:5], "2026-03-31")
    assert (vehicle.receipt_no, vehicle.status) == ("K-000001", "registered")


@pytest.mark.display
def test_wrong_input_stops_at_the_error_dialog_and_saves_nothing(program: Path) -> None:
    _log_in()
    _fill_registration(
        {**VEHICLE, "registered_on": "2099/01/01"}
    )  # a future date: the shared rules refuse it

    _focus("入力エラー")
    _xdotool("key", "Return")
    assert wait_for(lambda: x_window("入力エラー") is None, "the error dialog to close")
    assert x_window("確認") is None
    assert db.list_vehicles(program) == []


@pytest.mark.display
def test_the_address_field_cuts_text_beyond_its_max_length_without_a_word(program: Path) -> None:
    """What a robot must catch by reading back: the form keeps the first 100 characters and says nothing."""
    long_address = "岩手県花巻市大通り一丁目" + "１２３４５６７８９０" * 10
    _log_in()
    _fill_registration({**VEHICLE, "owner_address": long_address})
    _focus("確認")
    _xdotool("key", "Return")

    stored = wait_for(lambda: db.list_vehicles(program), "the vehicle in the program's database")
    assert isinstance(stored, list)
    assert stored[0].owner_address == long_address[:100] != long_address


@pytest.mark.display
def test_a_wrong_password_shows_the_login_error(program: Path) -> None:
    _log_in(password="wrong-password")
    _focus("ログインエラー")  # fails the test if the box never shows
    _xdotool("key", "Return")
    assert wait_for(lambda: x_window("ログインエラー") is None, "the login error to close")
    assert x_window(TITLE) is not None


def test_the_program_package_imports_and_answers_help_without_pygobject() -> None:
    """The robosan venv has no ``gi``: only ``app``, ``screens`` and ``dialogs`` may import it."""
    done = subprocess.run(
        [sys.executable, "-m", "sample_systems.desktop_gtk", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--notice-after" in done.stdout


@pytest.mark.display
def test_the_launcher_starts_the_gtk_version_with_gtk(xvfb: str, tmp_path: Path) -> None:
    """``robosan sample-systems start desktop --gtk`` finds a Python with GTK and shows the program."""
    args = ["sample-systems", "start", "desktop", "--gtk", "--db", str(tmp_path / "k.db")]
    launcher = subprocess.Popen(
        [sys.executable, "-c", "from rpa_core.cli.main import main; main()", *args],
        env={**os.environ, "NO_AT_BRIDGE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # the launcher and the program it starts: one group, ended together
    )
    try:
        wait_for(lambda: launcher.poll() is not None or x_window(TITLE), f"the window {TITLE}")
        assert launcher.poll() is None, launcher.stderr.read() if launcher.stderr else ""
        assert (tmp_path / "k.db").exists()
    finally:
        with contextlib.suppress(ProcessLookupError):  # gone already if it failed at start
            os.killpg(launcher.pid, signal.SIGTERM)
        launcher.wait(timeout=10)
