"""A private Xvfb display per pytest-xdist worker, for the desktop robot tests (CI has no display).

``xvfb`` (session): starts ``Xvfb :9N`` (N from the worker id, the next free number if taken),
points DISPLAY and XAUTHORITY at it for PyAutoGUI and for every subprocess, and stops it at
the end, which also ends any program still drawing on it. Loaded by ``pytest_plugins`` in
``tests/conftest.py``; a test that asks for ``xvfb`` must be marked ``display``.

``desktop`` (function): the light-vehicle sample program's database for the test; its windows are closed
afterwards. ``load_sample`` loads a scenario's ``make_sample.py``; ``vehicle_row`` is a stored vehicle as
a sheet row, for comparing what the program stored with the sheet.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from sample_systems.desktop import db
from sample_systems.display import DisplayError, virtual_display

__all__ = ["DESKTOP_ENV", "VEHICLE_TITLE", "desktop", "load_sample", "vehicle_row", "xvfb"]

VEHICLE_TITLE = "軽自動車税システム"

# The robot PC's side of the desktop tests: the sample system's login, its scope (the vehicle scenarios and
# the test's 照会), and the one program the tests' scenarios may start (allowed_programs:, issue 13).
DESKTOP_ENV = {"ROBOSAN_SECRET_KEI_SYSTEM_USER": "kanri01", "ROBOSAN_SECRET_KEI_SYSTEM_PASSWORD": "Kei-2026",
               "ROBOSAN_SECRET_KEI_SYSTEM_FOR": "市民部/税務課,照会",
               "ROBOSAN_ALLOWED_PROGRAMS": "python -m sample_systems.desktop"}


def _worker_number() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw9")
    digits = "".join(ch for ch in worker if ch.isdigit())
    return int(digits or 9) % 10


@pytest.fixture(scope="session")
def xvfb() -> Iterator[str]:
    try:
        with virtual_display(90 + _worker_number(), extra_env=DESKTOP_ENV) as display:
            yield display
    except DisplayError as exc:
        pytest.fail(f"{exc}: the desktop tests need a virtual display")


@pytest.fixture
def desktop(xvfb: str, robosan_home: Path) -> Iterator[Path]:
    """The sample program's database for this test; any window it left open is closed afterwards."""
    yield robosan_home / "sample_systems" / "sample_desktop.db"
    from robots._desktop_windows import X11Windows

    windows = X11Windows()
    for win in windows.list():
        if win.title == VEHICLE_TITLE:
            windows.close(win)
    deadline = time.monotonic() + 5
    while any(w.title == VEHICLE_TITLE for w in windows.list()) and time.monotonic() < deadline:
        time.sleep(0.05)


def load_sample(name: str, path: Path) -> ModuleType:
    """A scenario's ``data/make_sample.py`` as a module (its rows and ``write``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vehicle_row(v: db.Vehicle) -> list[object]:
    """A vehicle as the program stored it, in the columns of the registration sheet."""
    return [v.chassis_no, v.plate_no, v.kind, v.owner_name, v.owner_address, dt.date.fromisoformat(v.registered_on)]
