"""The same registrations by the robosan scenario and by a hand-written Playwright script.

    .venv/bin/python benchmarks/browser.py [--items 200] [--rounds 1]

Both register ``--items`` generated businesses (valid rows) through the sample web system's
事業所登録 form, each against its own fresh copy of the system, with the same browser
(``/usr/bin/chromium`` or what robosan detects), headless. The raw script does what a
careful programmer would: the same normalisation filters, the same "logged out?" check
before each row, the same fields, the confirm dialog, reading the result. Robosan adds its
interpreter, ledger (a durable SQLite write per item), run log and result workbook.
Prints both times and the ratio robosan/raw (aim: ≤ 1.10). Timings include starting the browser.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCENARIO = REPO / "scenarios" / "business_registration" / "scenario.yaml"
USER, PASSWORD = "robot01", "Robo#2026"


def _sample_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_sample", SCENARIO.parent / "data" / "make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_rows(n: int) -> list[list[object]]:
    """``n`` valid rows in the sheet's layout, built from the sample's names and towns."""
    sample = _sample_module()
    rng = random.Random(7)
    base_rows = [r for i, r in enumerate(sample.rows(), start=1) if i not in sample.INVALID]
    out: list[list[object]] = []
    seen: set[str] = set()
    while len(out) < n:
        row = list(base_rows[len(out) % len(base_rows)])
        base = f"{rng.randrange(10**11, 10**12):012d}"
        number = f"{sample.check_digit(base)}{base}"
        if number in seen:
            continue
        seen.add(number)
        row[0] = number
        row[1] = f"{row[1]} 第{len(out) + 1}事業所"
        out.append(row)
    return out


def write_sheet(rows: list[list[object]], path: Path) -> None:
    from openpyxl import Workbook

    sample = _sample_module()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sample.SHEET
    ws.append(sample.HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)


class WebSystem:
    """The sample web system as a subprocess on a free port."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sample_systems.web", "--port", "0", "--db", str(db), "--quiet"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("READY "):
            self.proc.kill()
            raise SystemExit(f"the sample web system did not start: {line!r}")
        self.url = line.split(" ", 1)[1]

    def count(self) -> int:
        with sqlite3.connect(self.db) as conn:
            return int(conn.execute("SELECT count(*) FROM jigyosho").fetchone()[0])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def run_robosan(sheet: Path, url: str, home: Path) -> float:
    from rpa_core.language.parser import load_scenario
    from rpa_core.running.scenario_run import run_scenario
    from rpa_core.store.runlog import RunLog

    os.environ["ROBOSAN_HOME"] = str(home)
    log = RunLog(f"sqlite:///{home / 'runlog.db'}")
    scenario = load_scenario(SCENARIO)
    t0 = time.perf_counter()
    result = run_scenario(scenario, inputs={"url": url, "file": str(sheet)}, log=log, unattended=True)
    took = time.perf_counter() - t0
    log.close()
    if result.status != "succeeded":
        raise SystemExit(f"robosan run ended {result.status}: {result.message}")
    return took


def run_raw(sheet: Path, url: str, executable: str) -> float:
    """What a programmer would write with Playwright directly (same checks, same fields)."""
    from openpyxl import load_workbook
    from playwright.sync_api import sync_playwright

    from rpa_core.language.filters import digits, kana, phone, postal, to_date

    t0 = time.perf_counter()
    ws = load_workbook(sheet, read_only=True).active
    assert ws is not None
    values = list(ws.iter_rows(values_only=True))
    header = [str(h) for h in values[0]]
    rows = [dict(zip(header, v, strict=False)) for v in values[1:]]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, headless=True, args=["--disable-features=Translate"]
        )
        page = browser.new_context(locale="ja-JP").new_page()
        page.on("dialog", lambda dialog: dialog.accept())

        def open_page(path: str) -> None:
            page.goto(url + path)
            if page.get_by_label("パスワード", exact=True).is_visible():
                page.get_by_label("ユーザー名", exact=True).fill(USER)
                page.get_by_label("パスワード", exact=True).fill(PASSWORD)
                page.get_by_role("button", name="ログイン", exact=True).click()
                page.wait_for_url(lambda u: path in u)

        open_page("/menu")
        for row in rows:
            open_page("/jigyosho/new")
            date = to_date(row["設立年月日"])
            page.get_by_label("法人番号", exact=True).fill(digits(row["法人番号"]))
            page.get_by_label("事業所名", exact=True).fill(str(row["事業所名"]))
            page.get_by_label("事業所名カナ", exact=True).fill(kana(row["事業所名カナ"]))
            page.get_by_label("郵便番号", exact=True).fill(postal(row["郵便番号"]))
            page.get_by_label("所在地", exact=True).fill(str(row["所在地"] or ""))
            page.get_by_label("電話番号", exact=True).fill(phone(row["電話番号"]))
            page.get_by_label("業種", exact=True).select_option(label=str(row["業種"]))
            page.get_by_label("設立年月日", exact=True).fill(
                date.isoformat() if isinstance(date, dt.date) else ""
            )
            page.get_by_label("従業員数", exact=True).fill(digits(row["従業員数"]))
            page.get_by_label("給与支払報告書提出", exact=True).set_checked(row["給与支払報告書提出"] == "○")
            page.get_by_role("button", name="登録", exact=True).click()
            result = page.locator(".message, #errors, .notice").first.inner_text()
            if "登録しました" not in result:
                raise SystemExit(f"raw script: {row['法人番号']}: {result}")
        browser.close()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternate raw/robosan this many times; best of each"
    )
    args = parser.parse_args()

    from robots._browser_session import find_browser

    executable = str(find_browser() or "/usr/bin/chromium")
    os.environ["ROBOSAN_HEADLESS"] = "1"
    os.environ["ROBOSAN_BROWSER"] = executable
    os.environ["ROBOSAN_SECRET_TAX_SYSTEM_USER"] = USER
    os.environ["ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD"] = PASSWORD
    os.environ.setdefault("ROBOSAN_SECRET_TAX_SYSTEM_FOR", "*")  # a benchmark on its own PC: every scenario
    raw_times: list[float] = []
    robo_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp_name:
        tmp = Path(tmp_name)
        sheet = tmp / "jigyosho_200.xlsx"
        write_sheet(make_rows(args.items), sheet)
        for r in range(args.rounds):
            for kind in ("raw", "robosan"):
                system = WebSystem(tmp / f"{kind}-{r}.sqlite3")
                try:
                    if kind == "raw":
                        raw_times.append(run_raw(sheet, system.url, executable))
                    else:
                        robo_times.append(run_robosan(sheet, system.url, tmp / f"home-{r}"))
                    registered = system.count()
                finally:
                    system.stop()
                if registered != args.items:
                    raise SystemExit(f"{kind}: {registered} rows registered, expected {args.items}")
    raw, robo = min(raw_times), min(robo_times)
    print(f"browser: {args.items} registrations, headless {executable}")
    print(
        f"  raw Playwright script : {raw:7.2f} s  ({raw / args.items * 1000:6.1f} ms/item)  runs: "
        + ", ".join(f"{t:.2f}" for t in raw_times)
    )
    print(
        f"  robosan scenario      : {robo:7.2f} s  ({robo / args.items * 1000:6.1f} ms/item)  runs: "
        + ", ".join(f"{t:.2f}" for t in robo_times)
    )
    print(f"  ratio robosan/raw     : {robo / raw:.3f}  (aim ≤ 1.10)")


if __name__ == "__main__":
    main()
