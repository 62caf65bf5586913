"""``robosan demo``: start the sample municipal systems, run the example scenarios, print the time saved.

Everything the demo writes goes under ``./robosan-data/demo`` (recreated each time), so it never
mixes with a real run log. The sample web system runs as a subprocess on a free port; the desktop
scenarios get a private virtual display (Xvfb) when the machine has no screen; the OCR scenario
reads scans generated for the demo. A part whose prerequisite is missing on this PC is skipped
with a message, never silently.

A robosan plug-in command (entry point ``robosan.commands: demo``). Besides ``rpa_core.api`` it
uses the core's run and console functions (``load_scenario``, ``run_scenario``, ``print_summary``,
``print_report``): the demo drives whole runs as ``robosan run`` does, which is not part of the
action plug-in contract and so is not in ``rpa_core.api``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click

from rpa_core.api import db_option, lang_option, text

__all__ = ["DEMO_SCENARIOS", "DemoScenario", "demo", "run_demo"]

REPO = Path(__file__).resolve().parents[1]

# The sample systems' fictitious logins, as a clerk would store them with `robosan secrets set`.
DEMO_ENV = {
    "ROBOSAN_SECRET_TAX_SYSTEM_USER": "robot01",
    "ROBOSAN_SECRET_TAX_SYSTEM_PASSWORD": "Robo#2026",
    "ROBOSAN_SECRET_KEI_SYSTEM_USER": "kanri01",
    "ROBOSAN_SECRET_KEI_SYSTEM_PASSWORD": "Kei-2026",
    # who may use them (`robosan secrets set … --for`): the departments of the sample scenarios
    "ROBOSAN_SECRET_TAX_SYSTEM_FOR": "市民部/市民税課,こども未来部/こども課,総務部/会計課",
    "ROBOSAN_SECRET_KEI_SYSTEM_FOR": "市民部/税務課",
    # the one program the sample scenarios start (`allowed_programs:` of the PC settings, set by its administrator)
    "ROBOSAN_ALLOWED_PROGRAMS": "python -m sample_systems.desktop",
}


@dataclass(frozen=True)
class DemoScenario:
    folder: str
    inputs: dict[str, str] = field(default_factory=dict)  # {home}, {web} are filled in
    needs: tuple[str, ...] = ()  # of "web", "display", "scans"


DEMO_SCENARIOS: list[DemoScenario] = [
    DemoScenario("jigyosho_check", {"out": "{home}/out/点検済み事業所一覧.xlsx"}),
    DemoScenario("business_registration", {"url": "{web}"}, needs=("web",)),
    DemoScenario("vehicle_registration", needs=("display",)),
    DemoScenario("address_labels", {"out": "{home}/out/宛名ラベル.pdf"}),
    DemoScenario("expense_vouchers", {"out_dir": "{home}/out/伝票"}),
    DemoScenario(
        "nursery_application",
        {"scans": "{home}/scans", "out": "{home}/out/保育所入所申込一覧.xlsx", "url": "{web}"},
        needs=("scans", "web"),
    ),
]

class _Unavailable(Exception):
    """A sample system or tool this PC lacks: the scenarios needing it are skipped."""


@contextlib.contextmanager
def _web_system(home: Path) -> Iterator[str]:
    cmd = [
        sys.executable,
        "-m",
        "sample_systems.web",
        "--port",
        "0",
        "--db",
        str(home / "sample_web.sqlite3"),
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith("READY "):
            raise _Unavailable(f"sample web system did not start ({line.strip() or proc.poll()})")
        yield line.split(" ", 1)[1].strip()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def _display() -> Iterator[str]:
    if os.environ.get("DISPLAY") or sys.platform == "win32":
        yield os.environ.get("DISPLAY", "desktop")
        return
    from sample_systems.display import DisplayError, virtual_display

    try:
        with virtual_display(80) as display:
            yield display
    except DisplayError as exc:
        raise _Unavailable(str(exc)) from None


def _scans(home: Path, count: int = 8) -> Path:
    folder = home / "scans"
    script = REPO / "scenarios" / "nursery_application" / "make_forms.py"
    done = subprocess.run(
        [sys.executable, str(script), "scans", str(folder), "-n", str(count), "--seed", "7"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise _Unavailable(
            done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "make_forms.py failed"
        )
    return folder


def run_demo(db: str | None = None) -> int:
    from rpa_core.api import RunLog, open_run_log
    from rpa_core.cli.console import ConsoleObserver, console, print_report, print_summary
    from rpa_core.language.parser import load_scenario
    from rpa_core.running.scenario_run import run_scenario

    home = Path.cwd() / "robosan-data" / "demo"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    os.environ["ROBOSAN_HOME"] = str(home)
    for key, value in DEMO_ENV.items():
        os.environ.setdefault(key, value)
    log = open_run_log(db) if db else RunLog(f"sqlite:///{home / 'runlog.db'}")
    console.print(text("demo.start", home=home), markup=False)
    worst = 0
    with contextlib.ExitStack() as stack:
        ready: dict[str, str] = {"home": str(home)}
        starters: dict[str, Callable[[], None]] = {
            "web": lambda: ready.update(web=stack.enter_context(_web_system(home))),
            "display": lambda: ready.update(display=stack.enter_context(_display())),
            "scans": lambda: ready.update(scans=str(_scans(home))),
        }
        unavailable: dict[str, str] = {}
        for demo in DEMO_SCENARIOS:
            for need in demo.needs:
                if need not in ready and need not in unavailable:
                    try:
                        starters[need]()
                        _announce(need, ready)
                    except _Unavailable as exc:
                        unavailable[need] = str(exc)
            missing = [unavailable[n] for n in demo.needs if n in unavailable]
            if missing:
                console.print(
                    text("demo.skipped", folder=demo.folder, reason="; ".join(missing)), markup=False
                )
                continue
            scenario = load_scenario(REPO / "scenarios" / demo.folder / "scenario.yaml")
            console.print(text("demo.scenario", name=scenario.name), style="bold", markup=False)
            values = {k: v.format(**ready) for k, v in demo.inputs.items()}
            result = run_scenario(
                scenario, inputs=values, log=log, unattended=True, observer=ConsoleObserver()
            )
            print_summary(scenario, result)
            if result.status == "failed":
                worst = max(worst, result.exit_code)
    print_report(log, None, None, None, "scenario")
    console.print(text("demo.done", home=home), markup=False)
    log.close()
    return worst


def _announce(need: str, ready: dict[str, str]) -> None:
    from rpa_core.cli.console import console as out

    if need == "web":
        out.print(text("demo.web", url=ready["web"]), markup=False)
    elif need == "display" and ready["display"].startswith(":"):
        out.print(text("demo.display", display=ready["display"]), markup=False)
    elif need == "scans":
        count = len([p for p in Path(ready["scans"]).iterdir() if p.suffix.lower() != ".json"])
        out.print(text("demo.scans", count=count, folder=ready["scans"]), markup=False)


@click.command("demo")
@db_option
@lang_option
def demo(db: str | None) -> None:
    """見本のシナリオを実行して削減時間の表を出す / run the example scenarios and print the time saved."""
    sys.exit(run_demo(db))
