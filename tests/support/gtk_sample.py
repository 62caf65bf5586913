"""Starting the GTK sample program (``sample_systems.desktop_gtk``) from a test, and X helpers around it.

The program needs PyGObject, which the robosan venv does not have: it runs under Debian's
``/usr/bin/python3`` (``python3-gi``, ``gir1.2-gtk-3.0``) with the repository on ``PYTHONPATH``.
``x_window`` and ``wait_for`` ask the X server through ``xdotool``; no robosan code is involved, so a
test that uses only these shows what the program does on its own.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.browser_fixtures import end_process

__all__ = ["GTK_COMMAND", "GTK_PYTHON", "TITLE", "gtk_program", "wait_for", "x_window"]

ROOT = Path(__file__).resolve().parents[2]
GTK_PYTHON = "/usr/bin/python3"
GTK_COMMAND = f"{GTK_PYTHON} -m sample_systems.desktop_gtk"
TITLE = "軽自動車税システム"


def wait_for(condition: Callable[[], object], what: str, timeout: float = 20.0) -> object:
    """Poll ``condition`` until it returns something true; fail the test naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.05)


def x_window(title: str) -> str | None:
    """The id of a mapped X window whose title is exactly ``title``, or None."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    ids = found.stdout.split()
    return ids[0] if ids else None


def _check_gtk_python() -> None:
    probe = subprocess.run(
        [GTK_PYTHON, "-c", "import gi; gi.require_version('Gtk', '3.0'); from gi.repository import Gtk"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.fail(
            f"{GTK_PYTHON} cannot import GTK 3 (apt install python3-gi gir1.2-gtk-3.0): {probe.stderr}"
        )


@contextmanager
def gtk_program(db_path: Path, *args: str, accessible: bool = False) -> Iterator[subprocess.Popen[bytes]]:
    """Run the GTK program on the current DISPLAY until the block ends and its main window is shown.

    ``accessible=False`` switches GTK's AT-SPI bridge off (``NO_AT_BRIDGE``): the program then needs no
    accessibility bus, and GTK does not warn that it found none.
    """
    _check_gtk_python()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if accessible:
        env["GTK_MODULES"] = "gail:atk-bridge"
        env.pop("NO_AT_BRIDGE", None)
    else:
        env["NO_AT_BRIDGE"] = "1"
    proc = subprocess.Popen(
        [GTK_PYTHON, "-m", "sample_systems.desktop_gtk", "--db", str(db_path), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: proc.poll() is not None or x_window(TITLE), f"the window {TITLE}")
        if proc.poll() is not None:
            pytest.fail(f"the GTK sample program ended at start with code {proc.returncode}")
        yield proc
    finally:
        end_process(proc)
