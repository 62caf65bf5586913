"""A virtual desktop whose programs show their labels and buttons (AT-SPI), for the label-based desktop tests.

``a11y_desktop`` (module): the ``xvfb`` display plus a private D-Bus session bus and AT-SPI bus
(:func:`sample_systems.display.accessibility_bus`); programs started inside get ``GTK_MODULES`` and
``QT_ACCESSIBILITY`` from the environment. At the end it checks with psutil that nothing it
started is left. Test modules import it (``from tests.support.a11y_fixtures import a11y_desktop``);
a test that uses it must be marked ``display``.

``form_loop`` writes the tests' "data-entry program": stock ``zenity --forms`` (GTK 3) opened again
and again by a tiny shell loop that appends each submitted form as one line to a file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sample_systems.display import DisplayError, accessibility_bus

__all__ = ["FORM_TITLE", "a11y_desktop", "end_form_loop", "form_loop", "left_behind"]

FORM_TITLE = "受付入力"

_LOOP = """#!/bin/sh
# A stand-in for a clerk's data-entry program: one form after another; each OK appends a line to "$1".
while true; do
  zenity --forms --title {title} --text 受付票 --add-entry 氏名 --add-entry 住所 --add-entry 電話番号 >> "$1"
  rc=$?
  [ "$rc" -gt 1 ] && exit "$rc"  # 0: OK, 1: cancelled or closed; anything else: zenity could not run
done
"""


def form_loop(folder: Path) -> Path:
    """Write the shell loop into ``folder``; run it as ``sh <path> <output file>``."""
    script = folder / "form_loop.sh"
    script.write_text(_LOOP.format(title=FORM_TITLE), encoding="utf-8")
    return script


def end_form_loop(script: Path) -> None:
    """End the loop running ``script`` (robosan started it and leaves it open, as a clerk would) and its form."""
    import psutil

    loops = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        if str(script) in (proc.info["cmdline"] or []):
            loops.append(proc)
    family = [p for loop in loops for p in (loop, *loop.children(recursive=True))]
    for proc in family:  # the loop first, so that it does not open another form when its zenity ends
        proc.terminate()
    psutil.wait_procs(family, timeout=10)


def left_behind(marker: str) -> list[str]:
    """Processes still carrying the private runtime folder ``marker`` in their environment."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "name"]):
        try:
            if proc.pid != os.getpid() and proc.environ().get("XDG_RUNTIME_DIR") == marker:
                found.append(f"{proc.info['name']}({proc.pid})")
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


@pytest.fixture(scope="module")
def a11y_desktop(xvfb: str) -> Iterator[str]:
    """The display name; AT-SPI is up on it for the module's tests, and gone (every process) afterwards."""
    try:
        with accessibility_bus():
            marker = os.environ["XDG_RUNTIME_DIR"]
            yield xvfb
    except DisplayError as exc:
        pytest.fail(f"{exc}: the label-based desktop tests need D-Bus and AT-SPI")
    assert left_behind(marker) == [], "the accessibility bus left processes behind"
