"""A private virtual X display (Xvfb) for the desktop robot where there is no screen.

The tests, the demo and the reference-image script run on machines without a display (CI,
a server). ``virtual_display()`` starts ``Xvfb`` on a free display number, points ``DISPLAY``
and ``XAUTHORITY`` at it for PyAutoGUI and every subprocess, and stops it (which also ends any
program still drawing on it) when the ``with`` block ends. On Windows there is always a real
desktop, so it is never needed there.

``accessibility_bus()`` adds what a logged-in Linux desktop has and a bare Xvfb lacks: a D-Bus
session bus and the AT-SPI accessibility bus, so that GTK and Qt programs started inside it show
their labels, fields and buttons to the desktop robot (``desktop.fill: {label: 氏名}``).
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

__all__ = ["SCREEN", "DisplayError", "accessibility_bus", "free_display", "virtual_display"]

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


# What a program needs in its environment to expose its controls: GTK 3 loads the AT-SPI bridge,
# Qt switches its accessibility on. NO_AT_BRIDGE=1 would switch GTK's off.
ACCESSIBLE_ENV = {"GTK_MODULES": "gail:atk-bridge", "QT_ACCESSIBILITY": "1", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")


@contextlib.contextmanager
def accessibility_bus() -> Iterator[str]:
    """Run the block with a private D-Bus session bus and AT-SPI bus on the current DISPLAY.

    Yields the session bus address. Everything is private to the block (its own runtime folder,
    so two displays never share ``at-spi/bus_N``); at the end every process that carries that
    folder in its environment (the buses, the registry the bus started, programs started inside)
    is ended, so that nothing outlives the block.
    """
    if shutil.which("dbus-daemon") is None or not _LAUNCHER.exists():
        raise DisplayError("D-Bus or AT-SPI is not installed (apt install dbus-x11 at-spi2-core)")
    runtime = Path(tempfile.mkdtemp(prefix="robosan-a11y-"))
    runtime.chmod(0o700)
    env = {"XDG_RUNTIME_DIR": str(runtime), "NO_AT_BRIDGE": None, **ACCESSIBLE_ENV}
    saved = {k: os.environ.get(k) for k in [*env, "DBUS_SESSION_BUS_ADDRESS"]}
    _apply(env)
    started: list[subprocess.Popen[str]] = []
    try:
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1", f"--address=unix:path={runtime}/bus"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        started.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()  # printed once the bus listens
        bus.stdout.close()
        if not address:
            raise DisplayError("dbus-daemon did not start")
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        started.append(subprocess.Popen([str(_LAUNCHER), "--launch-immediately"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, text=True))  # fmt: skip
        _wait_for_a11y_bus(runtime)
        yield address
    finally:
        _end_processes_of(str(runtime))
        for proc in started:
            proc.wait(timeout=5)  # already ended above; this only tells Popen so
        _apply(saved)
        shutil.rmtree(runtime, ignore_errors=True)


def _apply(env: dict[str, str | None]) -> None:
    for key, value in env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _wait_for_a11y_bus(runtime: Path, timeout: float = 10.0) -> None:
    """The launcher is ready once its bus socket exists (``$XDG_RUNTIME_DIR/at-spi/bus…``)."""
    deadline = time.monotonic() + timeout
    while not any((runtime / "at-spi").glob("bus*")):
        if time.monotonic() > deadline:
            raise DisplayError("the AT-SPI bus did not start (at-spi-bus-launcher)")
        time.sleep(0.02)


def _end_processes_of(marker: str, timeout: float = 5.0) -> None:
    """End every process of this user whose XDG_RUNTIME_DIR is ``marker`` (children inherit it)."""
    import psutil

    mine = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.pid != os.getpid() and proc.environ().get("XDG_RUNTIME_DIR") == marker:
                mine.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    for proc in mine:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.terminate()
    _, alive = psutil.wait_procs(mine, timeout=timeout)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(alive, timeout=timeout)
