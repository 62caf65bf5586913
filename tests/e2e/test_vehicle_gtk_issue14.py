"""Issue 14: the vehicle registration scenario by labels, on the GTK sample program, over real AT-SPI.

``scenarios/vehicle_registration_gtk`` names what the screen shows (車台番号, 所有者氏名, 登録, はい)
without the form's 「（必須）」 and 「：」; some of the program's fields declare their label, others are
found by layout. The rows are the image scenario's own (``make_sample.py``), 髙/﨑 and full-width
spaces included. Every row must reach the program's database once, every field exact.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sample_systems.desktop import db
from tests.support.a11y_fixtures import a11y_desktop  # noqa: F401  (fixture)
from tests.support.gtk_sample import GTK_COMMAND, ROOT

pytestmark = [pytest.mark.display, pytest.mark.usefixtures("a11y_desktop")]

SCENARIO = ROOT / "scenarios" / "vehicle_registration_gtk" / "scenario.yaml"
ROWS = 8  # of the image scenario's 30: enough for every kind of field, within a minute


def _sample() -> ModuleType:
    path = ROOT / "scenarios" / "vehicle_registration" / "data" / "make_sample.py"
    spec = importlib.util.spec_from_file_location("vehicle_reg_sample_gtk", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gtk_program_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The robot PC's side: the GTK program may be started, and finds the sample systems' package."""
    monkeypatch.setenv("ROBOSAN_ALLOWED_PROGRAMS", GTK_COMMAND)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))


def test_every_vehicle_registered_once_with_every_field_exact(
    run_file: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, robosan_home: Path
) -> None:
    sample = _sample()
    rows = sample.vehicles()[:ROWS]
    sheet = tmp_path / "vehicles.xlsx"
    sample.write(sheet, rows)
    gtk_program_env(monkeypatch)

    result = run_file(SCENARIO, unattended=True, inputs={"file": str(sheet)})

    assert result.status == "succeeded", result.message
    assert result.counts.get("done") == ROWS
    stored = db.list_vehicles(robosan_home / "sample_systems" / "sample_desktop.db")
    as_rows = [
        [
            v.chassis_no,
            v.plate_no,
            v.kind,
            v.owner_name,
            v.owner_address,
            dt.date.fromisoformat(v.registered_on),
        ]
        for v in stored
    ]
    assert as_rows == [[*r[:5], r[5]] for r in rows]  # every row once, in order, every field exact
