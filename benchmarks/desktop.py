"""Desktop robot speed: seconds per vehicle, the scenario vs a hand-written PyAutoGUI script doing the same.

Run: .venv/bin/python benchmarks/desktop.py [N]   (N vehicles, default 10; starts its own Xvfb if no DISPLAY)

Both sides do the same job on the real sample program: start it, log in, register N vehicles
(same reference images, same PyAutoGUI pause, clipboard paste for Japanese), close it. The
hand-written script is what a careful programmer would write: image search limited to the
window, in grey, no read-back, no dialog guard, no ledger. Rounds alternate (scenario, script,
scenario, script…) and the median per side is printed, with the ratio. Not a test: nothing
here fails on timing; these machines are noisy, so compare the ratio.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCENARIO = ROOT / "scenarios" / "vehicle_registration" / "scenario.yaml"
IMAGES = SCENARIO.parent / "images"
TITLE = "軽自動車税システム"
PAUSE = 0.05
ROUNDS = 3


def _sample() -> Any:
    spec = importlib.util.spec_from_file_location("make_sample", SCENARIO.parent / "data" / "make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _home(tag: str) -> Path:
    home = Path(tempfile.mkdtemp(prefix=f"robosan-bench-{tag}-"))
    os.environ["ROBOSAN_HOME"] = str(home)
    return home


def _check(home: Path, rows: list[list[Any]]) -> None:
    from sample_systems.desktop import db

    got = [
        (v.plate_no, v.owner_name, v.owner_address)
        for v in db.list_vehicles(home / "sample_systems" / "sample_desktop.db")
    ]
    want = [(r[1], r[3], r[4]) for r in rows]
    if got != want:
        raise SystemExit(f"wrong result in {home}: {got[:3]}… vs {want[:3]}…")


def run_scenario_once(data: Path, rows: list[list[Any]]) -> float:
    from rpa_core.language.parser import load_scenario
    from rpa_core.running.scenario_run import run_scenario
    from rpa_core.store.runlog import RunLog

    home = _home("scenario")
    log = RunLog(f"sqlite:///{home / 'runlog.db'}")
    t0 = time.perf_counter()
    result = run_scenario(load_scenario(SCENARIO), inputs={"file": str(data)}, log=log, unattended=True)
    took = time.perf_counter() - t0
    log.close()
    if result.status != "succeeded":
        raise SystemExit(f"scenario run {result.status}: {result.message}")
    _check(home, rows)
    return took


class HandWritten:
    """The same job written directly against PyAutoGUI."""

    def __init__(self) -> None:
        import pyscreeze

        pyscreeze.GNOMESCREENSHOT_EXISTS = True
        import pyautogui

        self.pg = pyautogui
        pyautogui.PAUSE = PAUSE
        self.region: tuple[int, int, int, int] | None = None
        self.owner: subprocess.Popen[bytes] | None = None

    def find(self, name: str, timeout: float = 10.0) -> tuple[int, int]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                box = self.pg.locateOnScreen(
                    str(IMAGES / name), confidence=0.9, grayscale=True, region=self.region
                )
            except self.pg.ImageNotFoundException:
                box = None
            if box is not None:
                return (int(box.left + box.width // 2), int(box.top + box.height // 2))
            if time.monotonic() > deadline:
                raise SystemExit(f"hand-written script: {name} not found")
            time.sleep(0.05)

    def click(self, name: str, dx: int = 0) -> None:
        x, y = self.find(name)
        self.pg.click(x + dx, y)

    def paste(self, text: str) -> None:
        if self.owner is not None:
            self.owner.terminate()
            self.owner.wait()
        self.owner = subprocess.Popen(
            ["xclip", "-selection", "clipboard", "-quiet"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert self.owner.stdin is not None
        self.owner.stdin.write(text.encode())
        self.owner.stdin.close()
        while (
            subprocess.run(["xclip", "-selection", "clipboard", "-o"], capture_output=True).stdout.decode()
            != text
        ):
            time.sleep(0.003)
        self.pg.hotkey("ctrl", "v")

    def fill(self, label: str, text: str, dx: int = 150) -> None:
        self.click(label, dx)
        self.pg.hotkey("ctrl", "a")
        self.pg.press("delete")
        if all(" " <= ch <= "~" for ch in text):
            self.pg.write(text)
        else:
            self.paste(text)

    def run(self, rows: list[list[Any]]) -> float:
        from robots._desktop_windows import X11Windows

        home = _home("script")
        t0 = time.perf_counter()
        app = subprocess.Popen(
            [sys.executable, "-m", "sample_systems.desktop"],
            cwd=str(ROOT),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        windows = X11Windows()
        while not (wins := [w for w in windows.list() if w.title == TITLE]):
            time.sleep(0.05)
        self.region = wins[0].rect
        self.fill("ユーザーIDラベル.png", "kanri01", 140)
        self.fill("パスワードラベル.png", "Kei-2026", 140)
        self.click("ログインボタン.png")
        self.find("メインメニュー.png")
        for chassis, plate, kind, owner, address, day in rows:
            self.click("車両登録メニュー.png")
            self.find("車両登録画面.png")
            self.fill("車台番号ラベル.png", chassis)
            self.fill("標識番号ラベル.png", plate)
            self.fill("車種ラベル.png", kind)
            self.fill("所有者氏名ラベル.png", owner)
            self.fill("所有者住所ラベル.png", address)
            self.fill("登録年月日ラベル.png", day.strftime("%Y/%m/%d"))
            self.click("登録ボタン.png")
            self.region = None  # the confirmation dialog: anywhere on screen
            self.click("はいボタン.png")
            self.region = wins[0].rect
            self.find("登録完了.png")
        windows.close(wins[0])
        app.wait(timeout=10)
        took = time.perf_counter() - t0
        if self.owner is not None:
            self.owner.terminate()
        _check(home, rows)
        return took


def main(count: int) -> None:
    sample = _sample()
    rows = sample.vehicles()[:count]
    data = Path(tempfile.mkdtemp(prefix="robosan-bench-data-")) / "vehicles.xlsx"
    sample.write(data, rows)
    os.environ.setdefault("ROBOSAN_SECRET_KEI_SYSTEM_USER", "kanri01")
    os.environ.setdefault("ROBOSAN_SECRET_KEI_SYSTEM_PASSWORD", "Kei-2026")
    os.environ.setdefault("ROBOSAN_SECRET_KEI_SYSTEM_FOR", "*")  # a benchmark on its own PC: every scenario
    script = HandWritten()
    robo: list[float] = []
    hand: list[float] = []
    for n in range(ROUNDS):
        robo.append(run_scenario_once(data, rows) / count)
        hand.append(script.run(rows) / count)
        print(
            f"round {n + 1}: scenario {robo[-1]:.3f} s/vehicle, hand-written {hand[-1]:.3f} s/vehicle",
            flush=True,
        )
    r, h = statistics.median(robo), statistics.median(hand)
    print(
        f"vehicles per run: {count} (start, log in, register, close; PyAutoGUI pause {PAUSE}s on both sides)"
    )
    print(f"scenario (robosan):        {r:.3f} s/vehicle")
    print(f"hand-written PyAutoGUI:    {h:.3f} s/vehicle")
    print(f"ratio scenario/hand-written: {r / h:.2f}  (aim: <= 1.15)")


def _with_display(count: int) -> None:
    if os.environ.get("DISPLAY"):
        main(count)
        return
    from sample_systems.display import virtual_display

    with virtual_display(89):
        main(count)


if __name__ == "__main__":
    _with_display(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
