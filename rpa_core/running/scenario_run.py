"""Running a scenario from start to end: the run row, the interpreter, the result workbook.

Input values are typed in :mod:`rpa_core.running.inputs`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rpa_core.errors import ControlSignal, DryRunStop, RunWaiting, SkipItem, StepFailed
from rpa_core.language.model import Scenario
from rpa_core.running.context import Observer, RunContext
from rpa_core.running.inputs import resolve_inputs
from rpa_core.running.interpreter import Interpreter
from rpa_core.running.recorder import Recorder
from rpa_core.running.secrets import MASK, Masker, SecretView
from rpa_core.store.runlog import RunLog, robosan_home

__all__ = ["RunResult", "run_scenario"]


@dataclass
class RunResult:
    run_id: int
    status: str  # succeeded | partial | failed | waiting | dry_run | stopped
    counts: dict[str, int]
    message: str = ""
    error: StepFailed | None = None
    artifacts_dir: Path | None = None
    result_workbook: Path | None = None
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 0 if self.status in ("succeeded", "dry_run", "waiting") else 1


def run_scenario(
    scenario: Scenario,
    *,
    inputs: dict[str, Any] | None = None,
    log: RunLog | None = None,
    dry_run: bool = False,
    unattended: bool = False,
    fresh: bool = False,
    observer: Observer | None = None,
    trigger: str = "manual",
    debug: bool = False,
    trial: bool = False,
) -> RunResult:
    """Run ``scenario`` once and return how it went. Never raises for a failing step.

    ``trial`` marks the run as a trial (``robosan run --trial``): it works and keeps the ledger like
    any run (nothing is done twice), but the time-saved report leaves it out unless asked.

    Raises :class:`rpa_core.running.locks.LockHeld` (exit 2) when another process runs the same scenario
    file now: two robots on one ledger batch would race for the same items.
    """
    from rpa_core.running.locks import scenario_lock

    with scenario_lock(scenario.path):
        return _run_locked(scenario, inputs=inputs, log=log, dry_run=dry_run, unattended=unattended, fresh=fresh,
                           observer=observer, trigger=trigger, debug=debug, trial=trial)


def _run_locked(
    scenario: Scenario,
    *,
    inputs: dict[str, Any] | None,
    log: RunLog | None,
    dry_run: bool,
    unattended: bool,
    fresh: bool,
    observer: Observer | None,
    trigger: str,
    debug: bool,
    trial: bool = False,
) -> RunResult:
    values = resolve_inputs(scenario, inputs or {})
    log = log or RunLog()
    masker = Masker()
    recorder = Recorder(log, masker, dry_run=dry_run)
    baseline = {**scenario.baseline.model_dump(mode="json"), "after_minutes_per_run": scenario.after.minutes_per_run}
    run_id = recorder.start_run(
        scenario_name=scenario.name, scenario_file=str(scenario.path), department=scenario.department,
        dry_run=dry_run, trigger=trigger, baseline=baseline, trial=trial,
        inputs={k: str(v) for k, v in values.items()},
    )
    artifacts = robosan_home() / "runs" / f"{run_id:06d}"
    artifacts.mkdir(parents=True, exist_ok=True)
    settings = scenario.settings.for_run()
    settings["_debug"] = debug
    ctx = RunContext(scenario_dir=scenario.folder, artifacts_dir=artifacts, settings=settings, dry_run=dry_run,
                     unattended=unattended, masker=masker, recorder=recorder, observer=observer or Observer())
    ctx.variables = ctx.base_variables(run_id, scenario.name)
    ctx.variables["inputs"] = values
    ctx.variables["secrets"] = {name: SecretView(name, masker) for name in scenario.secrets}
    it = Interpreter(scenario, ctx, fresh=fresh)
    status, message, error = "succeeded", "", None
    try:
        it.run_steps(scenario.steps)
    except StepFailed as exc:
        status, message, error = "failed", exc.render(), exc
    except DryRunStop as sig:
        status, message = "dry_run", str(sig.loc)
    except RunWaiting as sig:
        status, message = "waiting", sig.instruction
    except KeyboardInterrupt:
        status, message = "stopped", "KeyboardInterrupt"
    except ControlSignal as sig:  # skip_item: outside an item, or any signal where none can act: never escapes
        status, message = "failed", _misplaced(sig)
    finally:
        cleanup = ctx.close_resources()
        if cleanup:
            message = (message + "\n" if message else "") + "; ".join(cleanup)
    if dry_run and status == "succeeded":
        status = "dry_run"
    if status == "succeeded" and any(it.counts.get(s, 0) for s in ("failed", "needs_check")):
        status = "partial"
    elif status == "succeeded" and it.counts.get("manual", 0):
        status = "waiting"  # items handed to a clerk in an unattended run: not a failure
    workbook = _write_result_workbook(artifacts, scenario, run_id, status, message, recorder, masker)
    if workbook is not None:
        recorder.artifact(workbook, "result_workbook", None)
    recorder.finish_run(status, message or None, it.counts)
    if status == "stopped":
        raise KeyboardInterrupt
    return RunResult(run_id, status, dict(it.counts), masker.mask(message), error, artifacts, workbook,
                     ctx.variables)


def _misplaced(sig: ControlSignal) -> str:
    from rpa_core.messages import render, text

    what = "skip_item:" if isinstance(sig, SkipItem) else type(sig).__name__
    loc = getattr(sig, "loc", None)
    return render(text("run.signal_misplaced", what=what, where=str(loc) if loc else "?"),
                  text("run.signal_misplaced.hint"))


def _write_result_workbook(folder: Path, scenario: Scenario, run_id: int, status: str, message: str,
                           recorder: Recorder, masker: Masker) -> Path | None:
    """The first thing a clerk opens after a run: each item's Excel row, key, status and message."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from rpa_core.messages import text

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = text("book.items_sheet")
    headers = [text(k) for k in ("book.loop", "book.row", "book.key", "book.status", "book.message")]
    columns = _row_columns(recorder)
    ws.append(headers + columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    hidden = set(scenario.settings.masked_fields)
    for rec in recorder.items:
        own = [MASK if c in hidden and rec.values.get(c) not in (None, "") else _cell(rec.values.get(c))
               for c in columns]
        ws.append([rec.loop, rec.row_no, rec.key, text("status." + rec.status), _cell(rec.message), *own])
    ws.freeze_panes = "F2"
    for col, width in zip("ABCDE", (18, 8, 20, 14, 60), strict=True):
        ws.column_dimensions[col].width = width
    summary = wb.create_sheet(text("book.run_sheet"))
    for key, value in (("book.scenario", scenario.name), ("book.run_id", run_id),
                       ("book.status", text("status." + status)), ("book.message", masker.mask(message))):
        summary.append([text(key), value])
    path = folder / "result.xlsx"
    tmp = folder / "result.xlsx.tmp"
    wb.save(tmp)
    tmp.replace(path)
    return path


def _row_columns(recorder: Recorder) -> list[str]:
    """The rows' own column names, in the order first met (beside Excel row, key, status and message)."""
    seen: dict[str, None] = {}
    for rec in recorder.items:
        for name in rec.values:
            seen.setdefault(name, None)
    return list(seen)


def _cell(value: Any) -> Any:
    """A value openpyxl can write as the clerk would read it (lists, mappings as text; no control characters)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # Excel has no NaN or infinity: a number cell would make the file unreadable
    if isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
        return value.isoformat()  # openpyxl refuses times with a time zone
    if value is None or isinstance(value, bool | int | float | dt.date | dt.time | Decimal):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
