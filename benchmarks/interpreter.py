"""Interpreter overhead: per step, per work item (with the durable ledger), and `robosan validate` start-up.

Run: .venv/bin/python benchmarks/interpreter.py
Prints absolute figures and ratios against a plain Python loop doing the same work in the same process
(these machines are noisy: compare ratios, not seconds). Not a test: nothing here fails on timing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = 10_000
ITEMS = 1_000


def _scenario_steps(folder: Path) -> Path:
    lines = ["name: 10000 steps", "steps:", "  - set: {total: 0}"]
    lines += ["  - set: {total: \"{{ total + 1 }}\"}"] * STEPS
    path = folder / "steps.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _scenario_items(folder: Path) -> Path:
    path = folder / "items.yaml"
    path.write_text(f"""
name: 1000 items
steps:
  - set: {{rows: "{{{{ range({ITEMS}) | list }}}}", total: 0}}
  - for_each: "{{{{ rows }}}}"
    name: each
    as: n
    item_key: "{{{{ n }}}}"
    steps:
      - set: {{total: "{{{{ total + n }}}}"}}
""", encoding="utf-8")
    return path


def _scenario_validate(folder: Path) -> Path:
    lines = ["name: 200 steps", "inputs:", "  file: {type: path, default: a.xlsx}", "steps:"]
    for i in range(50):
        lines += [f"  - set: {{v{i}: \"{{{{ inputs.file }}}}\"}}", f"  - log: \"{{{{ v{i} }}}}\"",
                  f"  - file.exists: {{path: \"{{{{ v{i} }}}}\"}}", "    save_as: e", "  - wait: 0s"]
    path = folder / "validate.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _plain_steps() -> float:
    t0 = time.perf_counter()
    v = {"total": 0}
    for _ in range(STEPS):
        v["total"] = v["total"] + 1
    return time.perf_counter() - t0


def _plain_items() -> float:
    t0 = time.perf_counter()
    total = 0
    for n in range(ITEMS):
        total += n
    return time.perf_counter() - t0


def _robosan(path: Path, db: str) -> float:
    from rpa_core.language.parser import load_scenario
    from rpa_core.running.scenario_run import run_scenario
    from rpa_core.store.runlog import RunLog

    scenario = load_scenario(path)
    log = RunLog(db)
    t0 = time.perf_counter()
    result = run_scenario(scenario, log=log, unattended=True, fresh=True)
    took = time.perf_counter() - t0
    assert result.status == "succeeded", result.message
    log.close()
    return took


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["ROBOSAN_HOME"] = str(folder / "home")
        db = f"sqlite:///{folder / 'runlog.db'}"
        steps_path, items_path, val_path = _scenario_steps(folder), _scenario_items(folder), _scenario_validate(folder)
        _robosan(items_path, db)  # warm-up (imports, table creation)

        rs = [_robosan(steps_path, db) for _ in range(3)]
        ps = [_plain_steps() for _ in range(3)]
        per_step = statistics.median(rs) / STEPS * 1000
        print(f"{STEPS} set steps: robosan {statistics.median(rs):.3f}s ({per_step:.4f} ms/step, run log on), "
              f"plain Python {statistics.median(ps) * 1000:.2f} ms; ratio {statistics.median(rs) / statistics.median(ps):.0f}x")

        ri = [_robosan(items_path, db) for _ in range(3)]
        pi = [_plain_items() for _ in range(3)]
        per_item = statistics.median(ri) / ITEMS * 1000
        print(f"{ITEMS} work items: robosan {statistics.median(ri):.3f}s ({per_item:.3f} ms/item incl. durable ledger), "
              f"plain Python {statistics.median(pi) * 1000:.3f} ms; ratio {statistics.median(ri) / statistics.median(pi):.0f}x")

        exe = Path(sys.executable).parent / "robosan"
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run([str(exe), "validate", str(val_path)], check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare = time.perf_counter() - t0
        heavy = subprocess.run([sys.executable, "-c", (
            "import sys, rpa_core.language.parser as p; p.load_scenario(sys.argv[1]); "
            "print(sorted(m for m in ('playwright', 'cv2', 'pytesseract', 'tesserocr', 'sqlalchemy', 'rich', 'openpyxl', 'numpy', 'PIL') "
            "if m in sys.modules))"), str(val_path)], capture_output=True, text=True, check=True).stdout.strip()
        print(f"robosan validate (200 steps): median {statistics.median(times):.3f}s "
              f"(bare python start {bare:.3f}s; ratio {statistics.median(times) / bare:.1f}x); heavy modules loaded: {heavy}")
        print(f"aims: <0.2 ms/step -> {'met' if per_step < 0.2 else 'NOT met'}; <1 ms/item -> "
              f"{'met' if per_item < 1 else 'NOT met'}; validate <0.5 s -> "
              f"{'met' if statistics.median(times) < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
