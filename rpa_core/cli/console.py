"""What the robosan command shows: progress, summaries, history. Rich is imported only here."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from rpa_core.errors import InputError
from rpa_core.messages import has, text, visible
from rpa_core.running.context import Observer
from rpa_core.store import history
from rpa_core.store.ledger import AmbiguousScenario, settle_waiting
from rpa_core.store.runlog import RunLog

if TYPE_CHECKING:
    from rpa_core.language.model import Scenario
    from rpa_core.running.scenario_run import RunResult

__all__ = [
    "ConsoleObserver", "plain", "print_report", "print_summary", "settle_items", "show_orphans", "show_run",
    "show_runs",
]

JST = dt.timezone(dt.timedelta(hours=9))


def _console(stderr: bool) -> Console:
    # Piped output (the scheduler's log, CI) gets a wide page instead of rich's 80 columns,
    # so that Japanese task names and paths in the report are not cut.
    stream = sys.stderr if stderr else sys.stdout
    # emoji=False: a ":smile:" in a clerk's data stays as written.
    return Console(stderr=stderr, highlight=False, emoji=False, width=None if stream.isatty() else 160)


def plain(value: object, style: str = "") -> Text:
    """Text shown exactly as written, whatever it holds: scenario names, keys, messages, log lines and
    report rows come from clerks' files and web pages, where ``[/]`` would be taken for Rich markup
    (and break the whole table) and a form feed or an escape sequence would act on the terminal.
    Every text of this module goes through here (``Text`` is never parsed for markup)."""
    return Text(visible(str(value))[0], style=style)


console = _console(stderr=False)
err_console = _console(stderr=True)


def _status(status: str) -> str:
    key = "status." + status
    return text(key) if has(key) else status


def _counts(counts: dict[str, int]) -> str:
    """``{"done": 18, "already_done": 3}`` as 完了 18, 完了* 3 (* = done by an earlier run of the batch)."""
    return ", ".join(f"{_status(k.removeprefix('already_'))}{'*' if k.startswith('already_') else ''} {v}"
                     for k, v in sorted(counts.items()))


def _jst(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    return value.replace(tzinfo=dt.UTC).astimezone(JST).strftime("%Y-%m-%d %H:%M:%S")


class ConsoleObserver(Observer):
    """Log lines, and a progress bar with items done/total and ETA for item loops."""

    def __init__(self) -> None:
        self.progress: Progress | None = None
        self.task: Any = None

    def log(self, message: str) -> None:
        (self.progress.console if self.progress else console).print(plain(message), soft_wrap=True)

    def loop_started(self, name: str, total: int) -> None:
        if self.progress is not None or total == 0:
            return
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=console, transient=False,
                                 disable=not console.is_terminal)
        self.progress.start()
        self.task = self.progress.add_task(name, total=total)

    def item_finished(self, key: str, status: str) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def loop_finished(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def ask_manual(self, instruction: str) -> None:
        if self.progress:
            self.progress.stop()
        console.print(plain(text("manual.prompt", instruction=instruction)))
        sys.stdin.readline()
        if self.progress:
            self.progress.start()

    def ask(self, question: str) -> str | None:
        import click

        if self.progress:
            self.progress.stop()
        try:
            return str(click.prompt(question, default="", show_default=False))
        except (click.Abort, EOFError):
            return None
        finally:
            if self.progress:
                self.progress.start()


def print_summary(scenario: Scenario, result: RunResult) -> None:
    table = Table(title=plain(text("summary.title", name=scenario.name, run_id=result.run_id)), show_header=False)
    table.add_row(plain(text("summary.status")), plain(text("status." + result.status)))
    counts = _counts(result.counts)
    if counts:
        table.add_row(plain(text("summary.items")), plain(counts))
    if result.result_workbook:
        table.add_row(plain(text("summary.workbook")), plain(result.result_workbook))
    console.print(table)
    # the final error: an action may repeat what it typed
    from rpa_core.running.secrets import mask_everywhere

    if result.error is not None:
        err_console.print(plain(result.shown(mask_everywhere(result.error.render()))), soft_wrap=True)
    elif result.status in ("failed", "stopped") and result.message:
        err_console.print(plain(mask_everywhere(result.message)), soft_wrap=True)


def show_runs(log: RunLog, limit: int) -> None:
    rows = history.recent_runs(log, limit)
    if not rows:
        console.print(plain(text("runs.none")))
        return
    table = Table(title=plain(text("runs.title")))
    for key in ("runs.id", "runs.started", "runs.scenario", "runs.status", "runs.items", "runs.seconds"):
        table.add_column(plain(text(key)))
    for r in rows:
        took = (r.finished_at - r.started_at).total_seconds() if r.finished_at else None
        status = _status(r.status) + (text("runs.trial_mark") if r.trial else "")
        table.add_row(*map(plain, (r.id, _jst(r.started_at), r.scenario_name, status,
                                   _counts(r.counts or {}), f"{took:.1f}s" if took is not None else "-")))
    console.print(table)


def show_run(log: RunLog, run_id: int) -> None:
    detail = history.run_detail(log, run_id)
    if detail is None:
        raise InputError("runs.no_run", run_id=run_id)
    run, step_rows, item_rows = detail.run, detail.steps, detail.items
    trial = text("runs.trial_mark") if run.trial else ""
    console.print(plain(f"#{run.id} {run.scenario_name}  {_status(run.status)}{trial}  {_jst(run.started_at)}"))
    if run.message:
        console.print(plain(run.message), soft_wrap=True)
    table = Table(title=plain(text("runs.steps")))
    for col in ("#", text("runs.col.line"), text("runs.col.step"), text("runs.col.item"), text("book.status"),
                text("runs.col.ms"), text("book.message")):
        table.add_column(plain(col))
    for s in step_rows[-200:]:
        table.add_row(*map(plain, (s.seq, s.line, s.name, s.item_key or "", _status(s.status),
                                   f"{s.duration_ms:.1f}", (s.message or "")[:80])))
    console.print(table)
    if item_rows:
        itable = Table(title=plain(text("summary.items")))
        for col in (text("book.key"), text("book.row"), text("book.status"), text("book.message")):
            itable.add_column(plain(col))
        for i in item_rows:
            itable.add_row(*map(plain, (i.key, i.row_no or "", _status(i.status), (i.message or "")[:80])))
        console.print(itable)


def show_waiting_items(log: RunLog) -> None:
    rows = history.waiting_items(log)
    table = Table(title=plain(text("runs.waiting")))
    for col in (text("runs.scenario"), text("book.key"), text("book.row"), text("book.status"), text("book.message")):
        table.add_column(plain(col))
    for r in rows:
        table.add_row(*map(plain, (r.scenario_name, r.key, r.row_no or "", _status(r.status), r.message or "")))
    console.print(table)


def settle_items(log: RunLog, keys: Iterable[str], status: str, scenario_name: str | None, *,
                 reason: str | None = None, orphans: bool = False) -> int:
    """A clerk's decision on waiting items (or on orphans): done, failed (run again next time) or skipped.

    Each settled item gets an audit row (who, which PC, why) in ``item_events``.
    """
    from rpa_core.running.loops import item_key_of
    from rpa_core.running.personal import key_digest
    from rpa_core.store.ledger import settle_orphans

    # a key that held personal data is stored as its digest (running.personal): the clerk types the clear key
    wanted = [form for k in keys for form in (item_key_of(k), key_digest(item_key_of(k)))]
    if orphans:
        return settle_orphans(log, wanted, status, scenario_name, reason=reason)
    try:
        return settle_waiting(log, wanted, status, scenario_name, reason=reason)
    except AmbiguousScenario as exc:  # the same key in two tasks: the clerk must name one
        raise InputError("settle.ambiguous", names=", ".join(exc.names)) from None


def show_orphans(log: RunLog, scenario_name: str | None) -> int:
    """The orphaned keys (failed, never met again by a later run): scenario, loop, key, row, last message, when.

    Cells are ``Text`` (never markup): a key or message like ``業務[/]テスト`` must print as written.
    Returns how many were listed.
    """
    from rich.text import Text

    from rpa_core.store.ledger import find_orphans

    found = find_orphans(log, scenario_name)
    if not found:
        console.print(text("orphans.none"), markup=False)
        return 0
    table = Table(title=text("orphans.title"))
    for key in ("runs.scenario", "orphans.loop", "book.key", "book.row", "book.message", "orphans.when"):
        table.add_column(text(key))
    for o in found:
        table.add_row(*(Text(v) for v in (o.scenario_name, o.loop_name, o.key, str(o.row_no or ""),
                                           o.message or "", _jst(o.at))))
    console.print(table)
    console.print(text("orphans.how", count=len(found)), markup=False, soft_wrap=True)
    return len(found)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("report.bad_date", value=value) from None


def print_report(log: RunLog, fiscal_year: int | None, date_from: str | None, date_to: str | None,
                 by: Literal["scenario", "department"], *, fmt: Literal["table", "xlsx", "html"] = "table",
                 out: str | None = None, hourly_cost: float | None = None,
                 include_trials: bool = False) -> Path | None:
    """The time-saved report as a terminal table, or written to an .xlsx / .html file (returned).

    The footnote (what was counted) follows the terminal table only when it has something to say
    beyond the figures (trials, items a clerk settled, orphans); the files always carry it.
    """
    from rpa_core.reports.savings import build_report, current_fiscal_year, fiscal_year_range, render_table
    from rpa_core.reports.table import footnote_lines

    if date_from or date_to:
        start = _date(date_from) if date_from else dt.date(1900, 1, 1)
        end = _date(date_to) if date_to else dt.datetime.now(JST).date()
    else:
        start, end = fiscal_year_range(fiscal_year or current_fiscal_year(dt.datetime.now(JST).date()))
    report = build_report(log, start, end, by=by, include_trials=include_trials)
    rows, total = report.rows, report.total
    title = text("report.title", start=start, end=end)
    if fmt == "table":
        console.print(render_table(rows, total, title=title, by=by, hourly_cost=hourly_cost))
        if report.notes.news or include_trials:
            for line in footnote_lines(report.notes):
                console.print(line, markup=False, soft_wrap=True)
        return None
    from rpa_core.reports.export import ReportDoc, write_html, write_xlsx

    doc = ReportDoc(title, start, end, rows, total, by, hourly_cost, report.notes)
    path = Path(out) if out else Path(f"robosan-report_{start}_{end}.{fmt}")
    written = (write_xlsx if fmt == "xlsx" else write_html)(doc, path)
    console.print(plain(text("export.written", path=written)))
    return written


