"""``robosan demo``: run the bundled example scenarios against a fresh run log and print the time saved.

Everything the demo writes goes under ``./robosan-data/demo`` (recreated each time), so it never
mixes with a real run log.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .messages import register, text

__all__ = ["DEMO_SCENARIOS", "run_demo"]

REPO = Path(__file__).resolve().parents[1]
# (scenario folder, inputs): output paths point into the demo folder.
DEMO_SCENARIOS: list[tuple[str, dict[str, str]]] = [
    ("jigyosho_check", {"out": "{home}/out/点検済み事業所一覧.xlsx"}),
]

register(
    {
        "demo.start": ("robosan デモ: 見本のシナリオを実行します(記録先 {home})", "robosan demo: running the example scenarios (log in {home})"),
        "demo.scenario": ("▶ {name}", "▶ {name}"),
        "demo.done": ("デモが終わりました。結果の一覧: {home}/runs/", "Demo finished. Result workbooks: {home}/runs/"),
    }
)


def run_demo(db: str | None = None) -> int:
    from .console import ConsoleObserver, console, print_report, print_summary
    from .parser import load_scenario
    from .run import run_scenario
    from .runlog import RunLog

    home = Path.cwd() / "robosan-data" / "demo"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    os.environ["ROBOSAN_HOME"] = str(home)
    log = RunLog(db or f"sqlite:///{home / 'runlog.db'}")
    console.print(text("demo.start", home=home))
    worst = 0
    for folder, inputs in DEMO_SCENARIOS:
        scenario = load_scenario(REPO / "scenarios" / folder / "scenario.yaml")
        console.print(text("demo.scenario", name=scenario.name), style="bold")
        values = {k: v.format(home=home) for k, v in inputs.items()}
        result = run_scenario(scenario, inputs=values, log=log, unattended=True, observer=ConsoleObserver())
        print_summary(scenario, result)
        if result.status == "failed":
            worst = max(worst, result.exit_code)
    print_report(log, None, None, None, "scenario")
    console.print(text("demo.done", home=home))
    log.close()
    return worst
