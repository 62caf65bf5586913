"""Issue 14: the vehicle registration scenario by labels, on the GTK sample program, over real AT-SPI.

``scenarios/vehicle_registration_gtk`` names what the screen shows (車台番号, 所有者氏名, 登録, はい)
without the form's 「（必須）」 and 「：」; some of the program's fields declare their label, others are
found by layout. The rows are the image scenario's own (``make_sample.py``), 髙/﨑 and full-width
spaces included. Every row must reach the program's database once, every field exact.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rpa_core.store.tables import items, steps
from sample_systems.desktop import db
from tests.support.a11y_fixtures import a11y_desktop  # noqa: F401  (fixture)
from tests.support.desktop_fixtures import load_sample, vehicle_row
from tests.support.gtk_sample import GTK_COMMAND, ROOT

pytestmark = [pytest.mark.display, pytest.mark.usefixtures("a11y_desktop")]

SCENARIO = ROOT / "scenarios" / "vehicle_registration_gtk" / "scenario.yaml"
ROWS = 6  # of the image scenario's 30: every kind of field, and the file's three tests within about a minute


def _sheet(folder: Path, count: int) -> list[list[Any]]:
    """The first ``count`` vehicles of the image scenario's sample, as ``vehicles.xlsx`` in ``folder``."""
    sample = load_sample("vehicle_reg_sample_gtk", ROOT / "scenarios" / "vehicle_registration" / "data" / "make_sample.py")
    rows: list[list[Any]] = sample.vehicles()[:count]
    sample.write(folder / "vehicles.xlsx", rows)
    return rows


def _variant(folder: Path, changes: dict[str, str]) -> Path:
    """The scenario with ``changes`` made, in ``folder`` (its one relative path, the default workbook, is given)."""
    text = SCENARIO.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    path = folder / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def gtk_program_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The robot PC's side: the GTK program may be started, and finds the sample systems' package."""
    monkeypatch.setenv("ROBOSAN_ALLOWED_PROGRAMS", GTK_COMMAND)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))


def test_every_vehicle_registered_once_with_every_field_exact(
    run_file: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, robosan_home: Path
) -> None:
    rows = _sheet(tmp_path, ROWS)
    gtk_program_env(monkeypatch)

    result = run_file(SCENARIO, unattended=True, inputs={"file": str(tmp_path / "vehicles.xlsx")})

    assert result.status == "succeeded", result.message
    assert result.counts.get("done") == ROWS
    stored = db.list_vehicles(robosan_home / "sample_systems" / "sample_desktop.db")
    as_rows = [vehicle_row(v) for v in stored]
    assert as_rows == [[*r[:5], r[5]] for r in rows]  # every row once, in order, every field exact


def test_a_vehicle_refused_after_its_commit_is_looked_up_on_resume_and_never_registered_twice(
    run_file: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, robosan_home: Path
) -> None:
    """The first vehicle is already in the program (an earlier attempt got through, unrecorded). The first run
    presses 登録 for it, the program refuses the plate with an error dialog, and the item fails after its commit
    step (never 完了). The next run's verify finds it 登録済 on 車両照会 and does not press 登録 for it again."""
    rows = _sheet(tmp_path, 3)
    program_db = robosan_home / "sample_systems" / "sample_desktop.db"
    db.init_db(program_db)
    keys = ("chassis_no", "plate_no", "kind", "owner_name", "owner_address")
    earlier = {**dict(zip(keys, rows[0][:5], strict=True)), "registered_on": rows[0][5].strftime("%Y/%m/%d")}
    db.register_vehicle(program_db, earlier, "kanri01")
    scenario = _variant(tmp_path, {"desktop: {timeout: 10s}": "desktop: {timeout: 3s}"})
    gtk_program_env(monkeypatch)

    first = run_file(scenario, unattended=True, inputs={"file": str(tmp_path / "vehicles.xlsx")})
    second = run_file(scenario, unattended=True, inputs={"file": str(tmp_path / "vehicles.xlsx")})

    assert first.status == "partial" and first.counts.get("failed", 0) >= 1, first.message
    assert second.status == "succeeded", second.message
    with run_file.log.engine.connect() as conn:
        state = dict(conn.execute(select(items.c.key, items.c.status)).all())
        pressed = (
            conn.execute(
                select(steps.c.item_key).where(
                    steps.c.run_id == second.run_id, steps.c.name == "登録ボタンを押す"
                )
            )
            .scalars()
            .all()
        )
    assert state == {r[1]: "done" for r in rows}
    assert rows[0][1] not in pressed  # verify decided: not even tried again
    stored = db.list_vehicles(program_db)
    assert sorted(v.plate_no for v in stored) == sorted(r[1] for r in rows)  # each once
    assert {v.plate_no: v.owner_name for v in stored} == {r[1]: r[3] for r in rows}
