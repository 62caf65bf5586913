"""How long `robosan report` takes over a run log of 1,000,000 work items (goal: under 3 s).

A year of a busy robot PC, made fast with executemany: 20 tasks in 5 departments, 2,000 runs,
2,000 batches of 500 items (done, with some failed, manual and needs_check), settled across
FY2026. Times, in this one process:

* baseline: one plain SQL ``GROUP BY`` over the same items (count per task in the fiscal year),
  the least any report has to do;
* ``compute_report`` + the terminal table, by scenario and by department;
* the whole ``robosan report`` command as a clerk types it (a new process: Python start-up included).

Usage: ``.venv/bin/python benchmarks/report.py [--items 1000000] [--db FILE]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from sqlalchemy import text as sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rpa_core.reports.savings import compute_report, fiscal_year_range, render_table
from rpa_core.store.runlog import RunLog

FMT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime in SQLite
DEPARTMENTS = [
    "市民部/市民税課/諸税係",
    "市民部/市民課/証明係",
    "健康福祉部/こども課/手当係",
    "総務部/総務課/文書係",
    "環境部/清掃課/収集係",
]
STATUSES = ["done"] * 94 + ["failed"] * 2 + ["manual"] * 2 + ["needs_check"] * 1 + ["skipped"] * 1


def generate(log: RunLog, n_items: int, runs_per_task: int = 100, tasks: int = 20) -> None:
    """Write runs, batches and items straight through the DB-API (executemany): about 2 s per million."""
    rng = random.Random(20260401)
    n_runs = tasks * runs_per_task
    per_batch = max(1, n_items // n_runs)
    start = dt.datetime(2026, 3, 31, 15, 0)  # 2026-04-01 00:00 JST in naive UTC
    run_rows, batch_rows, item_rows = [], [], []
    for r in range(1, n_runs + 1):
        task = r % tasks
        began = start + dt.timedelta(minutes=rng.randrange(0, 364 * 24 * 60))
        baseline = json.dumps(
            {"minutes_per_item": 3.0 + task % 7, "minutes_per_run": 10.0, "after_minutes_per_run": 5.0}
        )
        run_rows.append(
            (
                r,
                f"業務{task:02d}",
                f"scenarios/t{task:02d}.yaml",
                DEPARTMENTS[task % len(DEPARTMENTS)],
                "succeeded",
                0,
                "schedule",
                began.strftime(FMT),
                (began + dt.timedelta(minutes=40)).strftime(FMT),
                "robot-pc",
                1000 + r,
                baseline,
                "{}",
            )
        )
        batch_rows.append((r, f"業務{task:02d}", "行", f"{r:064d}", "{}", 1, began.strftime(FMT)))
        settled = (began + dt.timedelta(minutes=20)).strftime(FMT)
        for i in range(per_batch):
            item_rows.append((r, f"K{r:05d}-{i:04d}", rng.choice(STATUSES), r, r, settled, settled))
    conn = log.engine.raw_connection()
    try:
        cur = conn.cursor()
        cur.executemany(
            "INSERT INTO runs (id, scenario_name, scenario_file, department, status, dry_run, trigger,"
            " started_at, finished_at, host, pid, baseline, inputs) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?)",
            run_rows,
        )
        cur.executemany(
            "INSERT INTO batches (id, scenario_name, loop_name, scope_hash, scope, generation,"
            " created_at) VALUES (?,?,?,?,?,?,?)",
            batch_rows,
        )
        cur.executemany(
            "INSERT INTO items (batch_id, key, status, attempts, run_id, settled_run_id, settled_at,"
            " updated_at) VALUES (?,?,?,0,?,?,?,?)",
            item_rows,
        )
        conn.commit()
    finally:
        conn.close()


def timed(fn: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - began)
    return best


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="robosan-bench-"))
    try:
        _main(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the generated log is ~270 MB


def _main(folder: Path) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="keep the generated run log in this file")
    args = parser.parse_args()
    db = Path(args.db) if args.db else folder / "runlog.db"
    db.unlink(missing_ok=True)
    log = RunLog(f"sqlite:///{db}")
    began = time.perf_counter()
    generate(log, args.items)
    print(f"generated {args.items:,} items in {time.perf_counter() - began:.1f} s ({db})")
    start, end = fiscal_year_range(2026)
    lo, hi = "2026-03-31 15:00:00.000000", "2027-03-31 15:00:00.000000"

    def baseline() -> None:
        with log.engine.connect() as conn:
            conn.execute(
                sql(
                    "SELECT b.scenario_name, count(*) FROM items i JOIN batches b ON b.id = i.batch_id "
                    "WHERE i.settled_at >= :lo AND i.settled_at < :hi GROUP BY b.scenario_name"
                ),
                {"lo": lo, "hi": hi},
            ).all()

    def report(by: str) -> None:
        rows, total = compute_report(log, start, end, by=by)  # type: ignore[arg-type]
        Console(file=open(os.devnull, "w"), width=160).print(render_table(rows, total, title="FY2026", by=by))  # type: ignore[arg-type]

    base = timed(baseline)
    by_scenario = timed(lambda: report("scenario"))
    by_department = timed(lambda: report("department"))
    rows, total = compute_report(log, start, end)
    print(f"items counted: {total.items:,} in {len(rows)} tasks; saved {total.saved_hours:,.1f} h")
    print(f"baseline SQL GROUP BY:      {base:6.3f} s")
    print(f"report by scenario:         {by_scenario:6.3f} s  (x{by_scenario / base:.2f} of the baseline)")
    print(
        f"report by department:       {by_department:6.3f} s  (x{by_department / base:.2f} of the baseline)"
    )
    robosan = Path(sys.executable).parent / "robosan"
    began = time.perf_counter()
    proc = subprocess.run(
        [str(robosan), "report", "--fiscal-year", "2026", "--db", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "ROBOSAN_HOME": str(folder / "home")},
    )
    command = time.perf_counter() - began
    assert proc.returncode == 0, proc.stderr
    print(
        f"`robosan report` command:   {command:6.3f} s  (x{command / base:.2f} of the baseline; goal < 3 s)"
    )
    log.close()


if __name__ == "__main__":
    main()
