"""A private Xvfb display per pytest-xdist worker, for the desktop robot tests (CI has no display).

``xvfb`` (session): starts ``Xvfb :9N`` (N from the worker id, the next free number if taken),
points DISPLAY and XAUTHORITY at it for PyAutoGUI and for every subprocess, and stops it at
the end, which also ends any program still drawing on it. Loaded by ``pytest_plugins`` in
``tests/conftest.py``; a test that asks for ``xvfb`` must be marked ``display``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from sample_systems.display import DisplayError, virtual_display

__all__ = ["DESKTOP_ENV", "xvfb"]

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
