"""A private virtual X display (Xvfb) for the desktop robot where there is no screen.

The tests, the demo and the reference-image script run on machines without a display (CI,
a server). ``virtual_display()`` starts ``Xvfb`` on a free display number, points ``DISPLAY``
and ``XAUTHORITY`` at it for PyAutoGUI and every subprocess, and stops it (which also ends any
program still drawing on it) when the ``with`` block ends. On Windows there is always a real
desktop, so it is never needed there.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["SCREEN", "DisplayError", "free_display", "virtual_display"]

SCREEN = "1280x800x24"  # the size the reference images of the sample scenarios were cut at


class DisplayError(RuntimeError):
    """Xvfb is missing or did not start."""


def free_display(start: int, step: int = 10) -> int:
    """The first display number from ``start`` (in steps of ``step``) that no X server uses."""
    for number in range(start, start + 20 * step, step):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise DisplayError(f"no free X display number from :{start}")


@contextlib.contextmanager
def virtual_display(start: int = 90, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Run the block with DISPLAY on a fresh Xvfb; yields the display name (``:90``)."""
    if shutil.which("Xvfb") is None:
        raise DisplayError("Xvfb is not installed (apt install xvfb)")
    number = free_display(start)
    auth_dir = Path(tempfile.mkdtemp(prefix="robosan-xauth-"))
    auth = auth_dir / "Xauthority"
    auth.touch()  # python-xlib will not connect without an Xauthority file
    args = ["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"]
    if shutil.which("xauth"):
        # A real cookie: only this user's programs may use the display, and python-xlib finds
        # credentials instead of warning "no xauthority details available" on every connection.
        subprocess.run(["xauth", "-f", str(auth), "add", f":{number}", ".", secrets.token_hex(16)],
                       check=True, capture_output=True)
        args += ["-auth", str(auth)]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {"DISPLAY": f":{number}", "XAUTHORITY": str(auth), **(extra_env or {})}
    saved = {k: os.environ.get(k) for k in env}
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while not socket.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise DisplayError(f"Xvfb :{number} did not start")
            time.sleep(0.05)
        os.environ.update(env)
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
        shutil.rmtree(auth_dir, ignore_errors=True)
