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


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="robots/_desktop_a11y_actions.press_button presses through AT-SPI DoAction: GTK runs the 確認 dialog "
    "(gtk_dialog_run) inside that D-Bus call, so the program answers no AT-SPI call until the dialog is closed; "
    "and GTK names a message dialog 'Question', not its title 確認. Pressing by a mouse click at the button's "
    "centre, and matching a dialog by its X11 title, would make this pass: then remove this mark.",
)
def test_the_confirmation_answered_by_its_button_name_as_a_clerk_would_write_it(
    run_file: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, robosan_home: Path
) -> None:
    keys = "      - desktop.activate: {window: 確認}\n        name: 確認ダイアログを前に出す\n"
    text = SCENARIO.read_text(encoding="utf-8").replace(keys, "")
    text = text.replace(
        "desktop.press: {key: enter, window: 確認}", "desktop.click: {button: はい, window: 確認}"
    )
    text = text.replace("settings:\n  desktop: {timeout: 10s}", "settings:\n  desktop: {timeout: 3s}")
    assert "button: はい" in text and "desktop.activate" not in text
    variant = tmp_path / "by_button.yaml"  # its one relative path, the default workbook, is given below
    variant.write_text(text, encoding="utf-8")
    sample = _sample()
    rows = sample.vehicles()[:1]
    sheet = tmp_path / "vehicles.xlsx"
    sample.write(sheet, rows)
    gtk_program_env(monkeypatch)
    result = run_file(variant, unattended=True, inputs={"file": str(sheet)})

    assert result.status == "succeeded", result.message
    assert len(db.list_vehicles(robosan_home / "sample_systems" / "sample_desktop.db")) == 1
