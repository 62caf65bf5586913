"""A private Xvfb display per pytest-xdist worker, for the desktop robot tests (CI has no display).

``xvfb`` (session): starts ``Xvfb :9N`` (N from the worker id, the next free number if taken),
points DISPLAY and XAUTHORITY at it for PyAutoGUI and for every subprocess, and stops it at
the end, which also ends any program still drawing on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["SECRET_ENV", "xvfb"]

SCREEN = "1280x800x24"
SECRET_ENV = {"ROBOSAN_SECRET_KEI_SYSTEM_USER": "kanri01", "ROBOSAN_SECRET_KEI_SYSTEM_PASSWORD": "Kei-2026"}


def _worker_number() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw9")
    digits = "".join(ch for ch in worker if ch.isdigit())
    return int(digits or 9) % 10


def _free_display(start: int) -> int:
    for number in range(start, start + 200, 10):  # :90–:99 first, then :100… in steps that keep workers apart
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture(scope="session")
def xvfb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed (apt install xvfb): the desktop tests need it")
    number = _free_display(90 + _worker_number())
    auth = tmp_path_factory.mktemp("xauth") / "Xauthority"
    auth.touch()  # python-xlib will not connect without an Xauthority file
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 10
    while not socket.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"Xvfb :{number} did not start")
        time.sleep(0.05)
    saved = {k: os.environ.get(k) for k in ("DISPLAY", "XAUTHORITY", *SECRET_ENV)}
    os.environ.update({"DISPLAY": f":{number}", "XAUTHORITY": str(auth), **SECRET_ENV})
    try:
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
