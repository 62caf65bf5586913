"""Running a scenario from start to end: the run row, the interpreter, the result workbook.

Input values are typed in :mod:`rpa_core.running.inputs`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rpa_core.errors import ControlSignal, DryRunStop, ItemManual, RunWaiting, SkipItem, StepFailed
from rpa_core.language.model import Scenario
from rpa_core.messages import error_words, render, visible
from rpa_core.running.context import Observer, RunContext
from rpa_core.running.inputs import resolve_inputs
from rpa_core.running.interpreter import Interpreter
from rpa_core.running.locks import LockHeld, RunLocks
from rpa_core.running.personal import PersonalData, scenario_fields
from rpa_core.running.places import Places, run_places
from rpa_core.running.programs import pc_programs
from rpa_core.running.recorder import Recorder
from rpa_core.running.secrets import Masker, SecretView, check_scopes, secret_uses
from rpa_core.store.database import StoreBusy, busy_wait_seconds, is_locked
from rpa_core.store.private_files import private_dir, private_file, tighten_tree
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
    clean: Any = None  # text as it may be shown: secrets masked, personal data redacted (Recorder.clean)

    def shown(self, text: str) -> str:
        """``text`` (the error printed at the end) as the console may show it."""
        return str(self.clean(text)) if self.clean is not None else text

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
    lock_wait: float = 0.0,
    allowed_paths: Sequence[Path | str] = (),
) -> RunResult:
    """Run ``scenario`` once and return how it went. Never raises for a failing step.

    ``trial`` marks the run as a trial (``robosan run --trial``): it works and keeps the ledger like
    any run (nothing is done twice), but the time-saved report leaves it out unless asked.
    ``allowed_paths``: folders a robot file grants this run, beside the PC's (:mod:`rpa_core.running.places`).

    Whatever escapes the steps (a library error, a loop signal where no loop holds it, Ctrl+C, SIGTERM,
    a run log locked too long) the run row is closed with a status and a ja/en message, the item being
    worked on stays ``in_progress`` (verified on the next run), and the result workbook is written.
    A stop (Ctrl+C, SIGTERM) is re-raised afterwards as :class:`~rpa_core.running.stopping.StopRequested`
    or ``KeyboardInterrupt``.

    Raises :class:`rpa_core.running.locks.LockHeld` (exit 2) before any step runs, and before a run row is
    written, when another run (a copy of the file, another PC on the same log) holds the scenario's name and
    default batch (its path inputs): two robots on one ledger batch would race for the same items; it waits up
    to ``lock_wait`` seconds for it first (the scheduler's grace). At an item loop's start the same refusal
    for the loop's batch ends the run as failed, then is raised. Also
    :class:`~rpa_core.store.database.StoreBusy` (exit 2) when the run log stays locked by another program.
    """
    from rpa_core.running.locks import run_scope
    from rpa_core.running.stopping import stop_on_signals

    values = resolve_inputs(scenario, inputs or {})
    places = _places(scenario, inputs or {}, values, allowed_paths)  # a broken settings.yaml: exit 2, no run
    log = log or RunLog()
    paths = {name: values.get(name) for name, spec in scenario.inputs.items() if spec.type == "path"}
    with RunLocks(log.engine, scenario.name) as locks:
        locks.hold(run_scope(scenario.name, paths), scenario.name, wait=lock_wait)
        with stop_on_signals():
            return _run_locked(scenario, values=values, log=log, locks=locks, places=places, dry_run=dry_run,
                               unattended=unattended, fresh=fresh, observer=observer, trigger=trigger, debug=debug,
                               trial=trial)


@dataclass
class _Ending:
    """How the steps ended: the run's status and message, and what to raise once the run is closed."""

    status: str = "succeeded"
    message: str = ""
    error: StepFailed | None = None
    reraise: BaseException | None = None


def _run_locked(
    scenario: Scenario,
    *,
    values: dict[str, Any],
    log: RunLog,
    locks: RunLocks,
    places: Places,
    dry_run: bool,
    unattended: bool,
    fresh: bool,
    observer: Observer | None,
    trigger: str,
    debug: bool,
    trial: bool = False,
) -> RunResult:
    uses = secret_uses(scenario)
    check_scopes(uses)  # another 課's password is refused here, before the run is even recorded
    masker = Masker()
    personal = PersonalData(scenario_fields(scenario))
    views = {name: SecretView(name, masker) for _, _, name in uses}
    for view in views.values():
        view.preload()
    recorder = Recorder(log, masker, dry_run=dry_run, personal=personal)
    baseline = {**scenario.baseline.model_dump(mode="json"), "after_minutes_per_run": scenario.after.minutes_per_run}
    run_id = recorder.start_run(
        scenario_name=scenario.name, scenario_file=str(scenario.path), department=scenario.department,
        dry_run=dry_run, trigger=trigger, baseline=baseline, trial=trial,
        inputs={k: str(v) for k, v in values.items()},
    )
    locks.attach_run(run_id)
    artifacts = robosan_home() / "runs" / f"{run_id:06d}"  # made 0700 (with home and runs/) on POSIX
    end = _Ending()
    ctx: RunContext | None = None
    it: Interpreter | None = None
    try:
        _run_folder(artifacts)
        settings = scenario.settings.for_run()
        settings["_debug"] = debug
        ctx = RunContext(scenario_dir=scenario.folder, artifacts_dir=artifacts, settings=settings, dry_run=dry_run,
                         unattended=unattended, masker=masker, recorder=recorder, observer=observer or Observer(),
                         locks=locks)
        places.grant(artifacts, "run")
        ctx.places = places
        ctx.variables = ctx.base_variables(run_id, scenario.name)
        ctx.variables["inputs"] = values
        ctx.variables["secrets"] = views  # the called files' too: each declares (and is checked for) its own
        personal.watch(lambda: ctx.variables if ctx is not None else {})
        it = Interpreter(scenario, ctx, fresh=fresh)
        it.run_steps(scenario.steps)
    except BaseException as exc:  # every way out of the steps ends on the record
        end = _ending(exc, debug)
    from rpa_core.running.stopping import StopRequested, shielded

    with shielded() as arrived:
        counts = dict(it.counts) if it is not None else {}
        status, message = _final_status(end.status, end.message, counts, dry_run)
        if ctx is not None:
            message = _join(message, *_cleanup(ctx))
        workbook, notes = _close_book(artifacts, scenario, run_id, status, message, recorder, masker)
        message = _join(message, *notes)
        closed = _close_run(recorder, status, message, counts, workbook, busy=isinstance(end.reraise, StoreBusy))
    if end.reraise is None and arrived:
        end.reraise = StopRequested(arrived[0])
    if closed is not None and not isinstance(end.reraise, KeyboardInterrupt):
        raise closed  # the run log stayed locked: the clerk must hear it (exit 2); the workbook is written
    if end.reraise is not None:
        raise end.reraise
    tighten_tree(artifacts)  # screenshots and downloads that libraries wrote with their own modes
    return RunResult(run_id, status, counts, recorder.clean(message), end.error, artifacts, workbook,
                     ctx.variables if ctx is not None else {}, recorder.clean)


def _places(scenario: Scenario, given: dict[str, Any], values: dict[str, Any],
            granted: Sequence[Path | str]) -> Places:
    """The run's places: only path inputs *given* (not defaults written in the travelling scenario) grant."""
    paths = {k: values.get(k) for k in given if k in scenario.inputs and scenario.inputs[k].type == "path"}
    places = run_places(scenario.folder, paths, granted)
    places.programs = pc_programs()  # and the programs this PC lets it start (allowed_programs:)
    return places


def _ending(exc: BaseException, debug: bool) -> _Ending:
    """The status and message a run ends with when ``exc`` escapes its steps."""
    from rpa_core.messages import text

    if isinstance(exc, StepFailed):
        return _Ending("failed", exc.render(), exc)
    if isinstance(exc, DryRunStop):
        return _Ending("dry_run", str(exc.loc))
    if isinstance(exc, RunWaiting):
        return _Ending("waiting", exc.instruction)
    if isinstance(exc, ControlSignal):  # skip_item:/manual: where no item loop holds it (e.g. in verify:)
        return _Ending("failed", _misplaced(exc))
    if isinstance(exc, KeyboardInterrupt):
        from rpa_core.running.stopping import StopRequested

        signame = exc.signame if isinstance(exc, StopRequested) else "SIGINT"
        return _Ending("stopped", text("run.stopped", signal=signame), reraise=exc)
    if isinstance(exc, StoreBusy | LockHeld):  # the log stayed locked / an item loop's batch is another run's
        return _Ending("failed", exc.render(), reraise=exc)
    detail = error_words(exc)
    ending = _Ending("failed", render(text("run.internal", type=type(exc).__name__, detail=detail),
                                      text("run.internal.hint")))
    if debug or isinstance(exc, SystemExit | GeneratorExit):  # --debug shows the traceback; an exit goes on
        ending.reraise = exc
    return ending


def _final_status(status: str, message: str, counts: dict[str, int], dry_run: bool) -> tuple[str, str]:
    if dry_run and status == "succeeded":
        status = "dry_run"
    if status == "succeeded" and any(counts.get(s, 0) for s in ("failed", "needs_check")):
        status = "partial"
    elif status == "succeeded" and counts.get("manual", 0):
        status = "waiting"  # items handed to a clerk in an unattended run: not a failure
    return status, message


def _join(message: str, *more: str) -> str:
    return "\n".join(m for m in (message, *more) if m)


def _cleanup(ctx: RunContext) -> list[str]:
    """Close the browser and other sessions; a failure to close is reported, never raised."""
    try:
        return ctx.close_resources()
    except Exception as exc:  # cleanup never hides the run's own result
        return [f"{type(exc).__name__}: {error_words(exc)}"]


def _close_book(folder: Path, scenario: Scenario, run_id: int, status: str, message: str, recorder: Recorder,
                masker: Masker) -> tuple[Path | None, list[str]]:
    """Write the result workbook whatever happened; return it and the notes to add to the run's message."""
    from rpa_core.messages import text

    try:
        _run_folder(folder)
        open_items = [] if recorder.dry_run else recorder.log.open_items(recorder.run_id)
        book = _write_result_workbook(folder, scenario, run_id, status, message, recorder, masker, open_items)
    except Exception as exc:  # a full disk must not leave the run open
        return None, [text("run.book_failed", detail=error_words(exc))]
    path, replaced = book
    notes = [text("book.controls_replaced", count=replaced)] if replaced else []
    return path, notes


def _close_run(recorder: Recorder, status: str, message: str, counts: dict[str, int], workbook: Path | None,
               *, busy: bool) -> StoreBusy | None:
    """Close the run row (and list the workbook); when the log is locked beyond the wait, say so instead.

    After a lock already made the run fail, the close waits a shorter time: the clerk has waited once.
    The row left open is marked ``crashed`` by the next robosan command, once this process is gone.
    """
    log = recorder.log
    try:
        if busy:
            log.busy_wait(min(10.0, busy_wait_seconds()))
        if workbook is not None:
            recorder.artifact(workbook, "result_workbook", None)
        recorder.finish_run(status, message or None, counts)
    except StoreBusy as exc:
        return exc
    except Exception as exc:  # the database went away: the workbook is written, say why
        return StoreBusy(log.url, 0.0) if is_locked(exc) else None
    return None


def _misplaced(sig: ControlSignal) -> str:
    from rpa_core.messages import render, text

    kind = "skip_item" if isinstance(sig, SkipItem) else "manual" if isinstance(sig, ItemManual) else type(sig).__name__
    loc = getattr(sig, "loc", None)
    return render(text("run.signal_misplaced", what=kind + ":", where=str(loc) if loc else "?"),
                  text("run.misplaced_signal.hint", kind=kind))


def _write_result_workbook(folder: Path, scenario: Scenario, run_id: int, status: str, message: str,
                           recorder: Recorder, masker: Masker,
                           open_items: Sequence[tuple[str, str, int | None]] = ()) -> tuple[Path, int]:
    """The first thing a clerk opens after a run: each item's Excel row, key, status and message.

    Items the run left in progress (stopped, crashed step) are listed too, with what the next run does.
    Control characters (a form feed from a CSV cell…) are written as ``\\x0c``: returns the
    workbook and how many were replaced, which the run's message reports.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from rpa_core.messages import text

    replaced = 0

    def append(ws: Any, values: list[Any]) -> None:
        nonlocal replaced
        row = []
        for value in values:
            if isinstance(value, str):
                value, n = visible(value)
                replaced += n
            row.append(value)
        ws.append(row)

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = text("book.items_sheet")
    headers = [text(k) for k in ("book.loop", "book.row", "book.key", "book.status", "book.message")]
    columns = _row_columns(recorder)
    ws.append(headers + columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    show = scenario.settings.personal_in_result_book  # the clerk asked to see them (the folder is 0700)
    for rec in recorder.items:
        own = [_cell(rec.values.get(c) if show else recorder.personal.show_in_book(c, rec.values.get(c)))
               for c in columns]
        append(ws, [rec.loop, rec.row_no, rec.key, text("status." + rec.status), rec.message, *own])
    for loop, key, row_no in open_items:
        append(ws, [loop, row_no, key, text("status.in_progress"), text("book.open_item")])
    ws.freeze_panes = "F2"
    for col, width in zip("ABCDE", (18, 8, 20, 14, 60), strict=True):
        ws.column_dimensions[col].width = width
    summary = wb.create_sheet(text("book.run_sheet"))
    rows: list[tuple[str, Any]] = [("book.scenario", scenario.name), ("book.run_id", run_id),
                                   ("book.status", text("status." + status)), ("book.message", masker.mask(message))]
    for key, value in rows:
        append(summary, [text(key), value])
    if replaced:
        append(summary, [text("book.note"), text("book.controls_replaced", count=replaced)])
    path = folder / "result.xlsx"
    tmp = folder / "result.xlsx.tmp"
    wb.save(tmp)
    private_file(tmp)
    tmp.replace(path)
    return path, replaced


def _run_folder(folder: Path) -> None:
    """The run's folder, and robosan's home and ``runs/`` above it, readable by the clerk only (POSIX)."""
    private_dir(folder.parent.parent)
    private_dir(folder.parent)
    private_dir(folder)


def _row_columns(recorder: Recorder) -> list[str]:
    """The rows' own column names, in the order first met (beside Excel row, key, status and message)."""
    seen: dict[str, None] = {}
    for rec in recorder.items:
        for name in rec.values:
            seen.setdefault(name, None)
    return list(seen)


def _cell(value: Any) -> Any:
    """A value openpyxl can write as the clerk would read it (lists, mappings as text; control characters are
    made visible by the workbook's ``append``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # Excel has no NaN or infinity: a number cell would make the file unreadable
    if isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
        return value.isoformat()  # openpyxl refuses times with a time zone
    if value is None or isinstance(value, bool | int | float | dt.date | dt.time | Decimal):
        return value
    return str(value)
