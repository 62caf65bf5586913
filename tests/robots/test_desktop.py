"""The desktop robot driving the real Tk sample program with real PyAutoGUI on a private Xvfb display."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from rpa_core.store.runlog import RunLog, artifacts, items
from sample_systems.desktop import db
from tests.support.desktop_fixtures import load_sample, vehicle_row

pytestmark = pytest.mark.display

ROOT = Path(__file__).resolve().parents[2]
REGISTRATION = ROOT / "scenarios" / "vehicle_registration" / "scenario.yaml"
DEREGISTRATION = ROOT / "scenarios" / "vehicle_deregistration" / "scenario.yaml"
PROGRAM = "python -m sample_systems.desktop"
TITLE = "軽自動車税システム"


reg_sample = load_sample(
    "vehicle_reg_sample", ROOT / "scenarios" / "vehicle_registration" / "data" / "make_sample.py"
)
dereg_sample = load_sample(
    "vehicle_dereg_sample", ROOT / "scenarios" / "vehicle_deregistration" / "data" / "make_sample.py"
)


def _sheet_rows(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    ws = load_workbook(path).worksheets[0]
    rows = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        values = list(row)
        if isinstance(values[5], dt.datetime):
            values[5] = values[5].date()
        rows.append(values)
    return rows


def _artifacts(run_file: Any) -> list[tuple[str, str, str | None]]:
    with run_file.log.engine.connect() as conn:
        return [(r.kind, r.path, r.item_key) for r in conn.execute(select(artifacts))]


# -- acceptance: 30 vehicles ----------------------------------------------------------------
@pytest.mark.slow
def test_thirty_vehicles_registered_every_field_equal_to_the_sheet(desktop: Path, run_file: Any) -> None:
    sheet = REGISTRATION.parent / "data" / "vehicles.xlsx"
    expected = _sheet_rows(sheet)
    assert expected == [[*r[:5], r[5]] for r in reg_sample.vehicles()], (
        "data/vehicles.xlsx is not make_sample's"
    )
    assert len(expected) == 30

    result = run_file(REGISTRATION, unattended=True)

    assert result.status == "succeeded", result.message
    assert result.counts.get("done") == 30
    stored = db.list_vehicles(desktop)
    assert [vehicle_row(v) for v in stored] == expected  # every field, in sheet order, nothing more
    assert {v.status for v in stored} == {"registered"}
    assert not any(w for w in _titles() if w == TITLE), "desktop.close left the program open"


def _titles() -> list[str]:
    from robots._desktop_windows import X11Windows

    return [w.title for w in X11Windows().list()]


# -- acceptance: unexpected dialogs ------------------------------------------------------------
def test_unexpected_dialogs_fail_the_item_with_a_screenshot_and_the_run_goes_on(
    desktop: Path, run_file: Any, tmp_path: Path
) -> None:
    rows = [list(r) for r in reg_sample.vehicles()[:5]]
    rows[1][1] = "岩手 580 あ 1234"  # wrong plate format: the program shows 入力エラー instead of 確認
    data = tmp_path / "vehicles.xlsx"
    reg_sample.write(data, rows)
    # after the 2nd registration the program pops up an お知らせ when the form is opened again
    program = f"{PROGRAM} --notice-after 2"

    result = run_file(REGISTRATION, unattended=True, inputs={"file": str(data), "program": program})

    assert result.status == "partial", result.message
    with run_file.log.engine.connect() as conn:
        state = {r.key: (r.status, r.message or "") for r in conn.execute(select(items))}
    keys = [r[1] for r in rows]
    assert [state[k][0] for k in keys] == ["done", "failed", "done", "failed", "done"], state
    assert "入力エラー" in state[keys[1]][1] and "標識番号" in state[keys[1]][1]
    assert "お知らせ" in state[keys[3]][1]
    shots = [(path, key) for kind, path, key in _artifacts(run_file) if kind == "screenshot"]
    assert {key for _path, key in shots} == {keys[1], keys[3]}
    for path, _key in shots:
        with Image.open(path) as img:
            assert img.size == (1280, 800)
    assert [v.plate_no for v in db.list_vehicles(desktop)] == [keys[0], keys[2], keys[4]]
    titles = _titles()
    assert "入力エラー" not in titles and "お知らせ" not in titles  # closed by the robot


# -- acceptance: image not found -----------------------------------------------------------------
def test_image_not_found_names_file_line_image_and_leaves_a_screenshot(
    desktop: Path, run_file: Any, write_scenario: Callable[..., Path], tmp_path: Path
) -> None:
    images = tmp_path / "images"
    images.mkdir()
    noise = Image.effect_noise((60, 24), 90).convert("RGB")
    noise.save(images / "どこにもない.png")
    scenario = write_scenario(f"""
        name: 画像が見つからない
        steps:
          - desktop.launch: {{command: "{PROGRAM}", window: {TITLE}, timeout: 20s}}
          - desktop.wait_image: {{image: images/どこにもない.png, timeout: 1s}}
          - log: ここには来ない
        """)

    result = run_file(scenario, unattended=True)

    assert result.status == "failed"
    err = result.error
    assert err is not None and err.key == "desktop.image_not_found"
    assert err.loc is not None and Path(err.loc.file).name == "scenario.yaml" and err.loc.line == 4
    rendered = err.render("ja")
    assert rendered.startswith(f"{err.loc.file}:4:")
    assert "どこにもない.png" in rendered and str(err.kwargs["seconds"]) in rendered
    assert float(err.kwargs["seconds"]) >= 1.0  # it waited its timeout (no upper bound: a loaded machine is slow)
    shots = [Path(p) for kind, p, _ in _artifacts(run_file) if kind == "screenshot"]
    assert len(shots) == 1 and shots[0].is_file() and str(shots[0]) in rendered
    assert "was not found" in err.render("en")


def test_missing_image_file_lists_the_images_there(
    desktop: Path, run_file: Any, write_scenario: Callable[..., Path], tmp_path: Path
) -> None:
    images = tmp_path / "images"
    images.mkdir()
    Image.new("RGB", (10, 10), "white").save(images / "登録ボタン.png")
    scenario = write_scenario(f"""
        name: 画像ファイルがない
        steps:
          - desktop.launch: {{command: "{PROGRAM}", window: {TITLE}}}
          - desktop.click_image: {{image: "{{{{ 'images/登録ボタソ.png' }}}}", timeout: 1s}}
        """)
    # written as a literal, validate refuses it already (tests/language/test_hostile_files.py and the invalid
    # corpus); a path made by an expression is known only when the run reaches it
    result = run_file(scenario, unattended=True)
    assert result.error is not None and result.error.key == "desktop.image_missing"
    assert "登録ボタン.png" in result.error.render("ja") and result.error.loc.line == 4


def test_click_needs_an_anchor_or_a_window_position(
    desktop: Path, run_file: Any, write_scenario: Callable[..., Path]
) -> None:
    scenario = write_scenario(f"""
        name: 座標なし
        steps:
          - desktop.launch: {{command: "{PROGRAM}", window: {TITLE}}}
          - desktop.click: {{window: {TITLE}, at: [190, 240]}}
          - desktop.type: {{text: kanri01}}
          - desktop.click: {{}}
        """)
    result = run_file(scenario, unattended=True)
    assert result.error is not None and result.error.key == "desktop.no_target"
    assert result.error.loc.line == 6


# -- acceptance: SIGKILL and resume ----------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
@pytest.mark.tesseract  # the resumed run verifies with desktop.read_text
def test_sigkill_then_resume_registers_every_vehicle_exactly_once(desktop: Path, tmp_path: Path) -> None:
    rows = reg_sample.vehicles()[:12]
    data = tmp_path / "vehicles.xlsx"
    reg_sample.write(data, rows)
    runlog = tmp_path / "runlog.db"
    robosan = Path(sys.executable).parent / "robosan"
    cmd = [
        str(robosan),
        "run",
        str(REGISTRATION),
        "--db",
        str(runlog),
        "--unattended",
        "--input",
        f"file={data}",
    ]
    env = {**os.environ, "ROBOSAN_LANG": "en"}
    rng = random.Random(int(os.environ.get("ROBOSAN_KILL_SEED", "4")))
    mid_loop = 0
    for _ in range(3):
        before = _count(desktop)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        # kill by progress, not by the clock (CI machines are slow and busy): a few vehicles in,
        # then at a random moment of the next one (typing, confirming, or just saved)
        target = before + rng.randint(1, 3)
        deadline = time.monotonic() + 90
        while _count(desktop) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 1.2))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)  # the program it drives stays open, maybe mid-item
        proc.wait(timeout=60)
        after = _count(desktop)
        if before < after < len(rows):
            mid_loop += 1
    final = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=240)
    assert final.returncode == 0, final.stdout + final.stderr

    plates = Counter(v.plate_no for v in db.list_vehicles(desktop))
    assert set(plates) == {r[1] for r in rows}
    assert max(plates.values()) == 1, f"registered twice: {[p for p, n in plates.items() if n > 1]}"
    assert sorted(vehicle_row(v) for v in db.list_vehicles(desktop)) == sorted(rows, key=lambda r: r[:5])
    log = RunLog(f"sqlite:///{runlog}")
    with log.engine.connect() as conn:
        states = Counter(s for (s,) in conn.execute(select(items.c.status)))
    log.close()
    assert states == {"done": len(rows)}
    assert mid_loop >= 2, f"only {mid_loop} kills landed mid-loop: the test proved little"


def _count(path: Path) -> int:
    try:
        return len(db.list_vehicles(path)) if path.exists() else 0
    except Exception:  # the program is creating its tables right now
        return 0


# -- deregistration ------------------------------------------------------------------------------
def test_deregistration_scenario(desktop: Path, run_file: Any, tmp_path: Path) -> None:
    vehicles = reg_sample.vehicles()
    db.init_db(desktop)
    for v in vehicles[:6]:
        fields = dict(
            zip(("chassis_no", "plate_no", "kind", "owner_name", "owner_address"), v[:5], strict=True)
        )
        db.register_vehicle(desktop, {**fields, "registered_on": v[5].strftime("%Y/%m/%d")}, "setup")
    rows = [
        [vehicles[0][1], "廃車", vehicles[0][3]],
        [vehicles[2][1], "転出", vehicles[2][3]],
        [vehicles[9][1], "譲渡", vehicles[9][3]],  # never registered: the program says so in a dialog
        [vehicles[4][1], "盗難", vehicles[4][3]],
    ]
    data = tmp_path / "deregistrations.xlsx"
    dereg_sample.write(data, rows)

    result = run_file(DEREGISTRATION, unattended=True, inputs={"file": str(data)})

    assert result.status == "partial", result.message
    assert result.counts == {"done": 3, "failed": 1}
    stored = {v.plate_no: v for v in db.list_vehicles(desktop)}
    assert {p: (v.status, v.reason) for p, v in stored.items() if v.status != "registered"} == {
        vehicles[0][1]: ("deregistered", "廃車"),
        vehicles[2][1]: ("deregistered", "転出"),
        vehicles[4][1]: ("deregistered", "盗難"),
    }
    assert vehicles[9][1] not in stored
    with run_file.log.engine.connect() as conn:
        failed = [r.message for r in conn.execute(select(items).where(items.c.status == "failed"))]
    assert len(failed) == 1 and "見つかりません" in failed[0]


@pytest.mark.tesseract
def test_verify_reads_the_lookup_screen(
    desktop: Path, run_file: Any, write_scenario: Callable[..., Path], tmp_path: Path
) -> None:
    """The verify steps of both scenarios: 照会 + read_text (OCR) tells 登録済 / 抹消済 / 該当なし apart."""
    vehicles = reg_sample.vehicles()
    db.init_db(desktop)
    for v in vehicles[:2]:
        fields = dict(
            zip(("chassis_no", "plate_no", "kind", "owner_name", "owner_address"), v[:5], strict=True)
        )
        db.register_vehicle(desktop, {**fields, "registered_on": "2026/01/05"}, "setup")
    db.deregister(desktop, vehicles[1][1], "廃車")
    images = tmp_path / "images"  # the scenario's own copy: another scenario's folder is not one of its places
    shutil.copytree(REGISTRATION.parent / "images", images)
    lines = [
        f"""
          - desktop.click_image: {{image: {images}/車両照会メニュー.png}}
          - desktop.type: {{text: "{plate}", anchor: {images}/標識番号ラベル.png, offset: [150, 0]}}
          - desktop.click_image: {{image: {images}/照会ボタン.png}}
          - desktop.read_text: {{anchor: {images}/状態ラベル.png, offset: [124, 2], size: [196, 30]}}
            save_as: s{i}"""
        for i, plate in enumerate([vehicles[0][1], vehicles[1][1], vehicles[7][1]])
    ]
    scenario = write_scenario(
        f"""
        name: 照会
        secrets: [kei_system]
        steps:
          - desktop.launch: {{command: "{PROGRAM}", window: {TITLE}}}
          - desktop.type: {{text: "{{{{ secrets.kei_system.user }}}}", anchor: {images}/ユーザーIDラベル.png, offset: [140, 0]}}
          - desktop.type: {{text: "{{{{ secrets.kei_system.password }}}}", anchor: {images}/パスワードラベル.png, offset: [140, 0]}}
          - desktop.click_image: {{image: {images}/ログインボタン.png}}
        """
        + "".join(lines)
    )
    result = run_file(scenario, unattended=True)
    assert result.status == "succeeded", result.message
    assert (result.variables["s0"], result.variables["s1"], result.variables["s2"]) == (
        "登録済",
        "抹消済",
        "該当なし",
    )
