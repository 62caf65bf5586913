"""A third contender for ``benchmarks/desktop.py``: the vehicle scenario by labels on the GTK program.

``accessible_round(data, rows)`` runs ``scenarios/vehicle_registration_gtk`` (fields and buttons by
their accessible names through AT-SPI, no images) on the vehicles of ``data``: start the GTK sample
program, log in, register every row, close. It returns the seconds of the whole run, as the other
contenders in ``CONTENDERS`` do (``main`` divides by the number of vehicles), and checks the
program's database against ``rows`` first: a fast wrong run is no result.

What it needs, set up outside the timing: Debian's ``/usr/bin/python3`` with GTK 3 (the program), a
display (``desktop.py`` starts Xvfb), and a private D-Bus and AT-SPI bus for the round
(:func:`sample_systems.display.accessibility_bus`, ended with every process it started).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCENARIO = ROOT / "scenarios" / "vehicle_registration_gtk" / "scenario.yaml"
GTK_COMMAND = "/usr/bin/python3 -m sample_systems.desktop_gtk"

__all__ = ["SCENARIO", "accessible_round"]


def _program_env() -> dict[str, str | None]:
    """The GTK program may be started, and finds ``sample_systems``; returns what it replaced."""
    saved = {k: os.environ.get(k) for k in ("ROBOSAN_ALLOWED_PROGRAMS", "PYTHONPATH")}
    allowed = [p for p in (saved["ROBOSAN_ALLOWED_PROGRAMS"] or "").split(os.pathsep) if p]
    os.environ["ROBOSAN_ALLOWED_PROGRAMS"] = os.pathsep.join([*allowed, GTK_COMMAND])
    os.environ["PYTHONPATH"] = str(ROOT)
    return saved


def _restore(saved: dict[str, str | None]) -> None:
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _check(home: Path, rows: list[list[Any]]) -> None:
    from sample_systems.desktop import db

    got = [
        (v.chassis_no, v.plate_no, v.kind, v.owner_name, v.owner_address, v.registered_on)
        for v in db.list_vehicles(home / "sample_systems" / "sample_desktop.db")
    ]
    want = [(r[0], r[1], r[2], r[3], r[4], r[5].isoformat()) for r in rows]
    if got != want:
        raise SystemExit(f"accessible-name run: wrong result in {home}: {got[:2]}… vs {want[:2]}…")


def accessible_round(data: Path, rows: list[list[Any]]) -> float:
    """Seconds for one run of the label-based scenario on ``data`` (whose vehicles are ``rows``)."""
    from rpa_core.language.parser import load_scenario
    from rpa_core.running.scenario_run import run_scenario
    from rpa_core.store.runlog import RunLog
    from sample_systems.display import accessibility_bus

    home = Path(tempfile.mkdtemp(prefix="robosan-bench-accessible-"))
    os.environ["ROBOSAN_HOME"] = str(home)
    saved = _program_env()
    log = RunLog(f"sqlite:///{home / 'runlog.db'}")
    try:
        with accessibility_bus():
            t0 = time.perf_counter()
            result = run_scenario(load_scenario(SCENARIO), inputs={"file": str(data)}, log=log, unattended=True)
            took = time.perf_counter() - t0
    finally:
        log.close()
        _restore(saved)
    if result.status != "succeeded":
        raise SystemExit(f"accessible-name run {result.status}: {result.message}")
    _check(home, rows)
    return took
