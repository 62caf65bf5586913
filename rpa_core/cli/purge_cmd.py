"""``robosan purge``: delete personal data past the retention period, and list what past purges did.

The rules (what goes, what stays, the audit row) live in :mod:`rpa_core.store.purge`; this module
parses the command, asks before deleting when a person is at the terminal, and prints the summary in
Japanese first. A script must say ``--yes``: a destructive command never runs on an unanswered prompt.
Options are declared here rather than imported from ``main`` so that ``main`` can register this
command without an import cycle.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

from rpa_core.cli.options import db_option, lang_option
from rpa_core.errors import InputError
from rpa_core.messages import render, text, visible

__all__ = ["purge"]

_JST = dt.timezone(dt.timedelta(hours=9), "JST")
# what a purge counts → its label (literal keys, so the catalogue test sees each one used)
_KINDS = {
    "items": "purge.kind.items", "runs": "purge.kind.runs", "steps": "purge.kind.steps",
    "artifacts": "purge.kind.artifacts", "item_events": "purge.kind.item_events", "reviews": "purge.kind.reviews",
    "ocr_forms": "purge.kind.ocr_forms", "schedule_events": "purge.kind.schedule_events",
    "files": "purge.kind.files",
}
_COLUMNS = ("purge.list.id", "purge.list.at", "purge.list.actor", "purge.list.host", "purge.list.trigger",
            "purge.list.before", "purge.list.counts", "purge.list.reason", "purge.list.state")
_TRIGGERS = {"manual": "purge.trigger.manual", "retention": "purge.trigger.retention"}


def _jst(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC).astimezone(_JST)


@click.command("purge")
@click.option("--older-than", "older_than", default=None, metavar="400d",
              help="保存期間(日数)。これより古い記録の個人データを削除。省略時は settings.yaml の retention: / "
                   "retention in days: delete older personal data (default: retention: in settings.yaml)")
@click.option("--dry-run", is_flag=True, help="件数を数えるだけで削除しない / count only, delete nothing")
@click.option("--reason", default=None, help="理由(削除の記録に残ります) / why (kept in the audit record)")
@click.option("--yes", "-y", "yes", is_flag=True, help="確認せずに削除する / do not ask")
@click.option("--force", is_flag=True, help="30日未満の期間も許す / allow a period under 30 days")
@click.option("--list", "show_list", is_flag=True, help="これまでの削除の記録 / show past purges")
@db_option
@lang_option
def purge(older_than: str | None, dry_run: bool, reason: str | None, yes: bool, force: bool, show_list: bool,
          db: str | None) -> None:
    """保存期間を過ぎた個人データを削除する / delete personal data past the retention period.

    未完了の件(要確認・手作業・失敗)は残します。件数と理由は監査用に記録されます /
    unfinished items are kept; every purge is recorded for audit.
    """
    from rpa_core.store.purge import MIN_DAYS, cutoff_for, parse_period
    from rpa_core.store.runlog import RunLog

    if show_list:
        _show_list(RunLog(db))
        return
    if older_than is None:  # the PC's own retention: setting, if the 情報政策課 wrote one
        days = _pc_retention()
    else:
        days = parse_period(older_than)
    if days < MIN_DAYS and not force:
        raise InputError("purge.too_short", where="--older-than", days=days, minimum=MIN_DAYS)
    log = RunLog(db)
    cutoff = cutoff_for(days)
    if dry_run:
        _summary(_run(log, cutoff, reason, dry_run=True), cutoff, days, dry=True)
        return
    if not yes:
        if not sys.stdin.isatty():
            raise InputError("purge.need_yes")
        _summary(_run(log, cutoff, reason, dry_run=True), cutoff, days, dry=True)
        if not click.confirm(text("purge.confirm"), default=False):
            click.echo(text("purge.cancelled"))
            return
    log.mark_crashed()  # a run left "running" by a process that is gone is over: its data may go with the period
    counts = _run(log, cutoff, reason, dry_run=False)
    _summary(counts, cutoff, days, dry=False)
    from rpa_core.store.purge import list_purges

    last = list_purges(log, 1)[0]
    click.echo(text("purge.recorded", id=last.id, actor=visible(last.actor)[0], host=visible(last.host)[0]))
    if counts["files_failed"]:
        click.echo(render(text("purge.files_failed", count=counts["files_failed"]), text("purge.files_failed.hint")),
                   err=True)
        sys.exit(1)


def _pc_retention() -> int:
    from rpa_core.store.pc_settings import load_pc_settings, pc_settings_path
    from rpa_core.store.purge import retention_days

    value = load_pc_settings().get("retention")
    if value is None:
        raise InputError("purge.need_period")
    return retention_days(value, path=str(pc_settings_path()))


def _run(log: Any, cutoff: dt.datetime, reason: str | None, *, dry_run: bool) -> dict[str, Any]:
    from rpa_core.store.purge import purge as do_purge

    return do_purge(log, cutoff, trigger="manual", reason=reason, dry_run=dry_run)


def _summary(counts: dict[str, Any], cutoff: dt.datetime, days: int, *, dry: bool) -> None:
    date = f"{_jst(cutoff):%Y-%m-%d}"
    click.echo(text("purge.dry_title" if dry else "purge.title", date=date, days=days))
    labels = [text(key) for key in _KINDS.values()]
    width = max(_width(label) for label in labels)
    for kind, label in zip(_KINDS, labels, strict=True):
        click.echo(f"  {label}{' ' * (width - _width(label))}  {text('purge.count', count=counts.get(kind, 0))}")
    if counts.get("kept_unfinished"):
        click.echo(text("purge.kept", count=counts["kept_unfinished"]))


def _width(value: str) -> int:
    """Columns a text takes in a terminal: full-width (Japanese) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "FW" else 1 for c in value)


def _show_list(log: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from rpa_core.store.purge import list_purges

    rows = list_purges(log)
    if not rows:
        click.echo(text("purge.list.none"))
        return
    table = Table(title=text("purge.list.title"))
    for key in _COLUMNS:
        table.add_column(text(key))
    for r in rows:
        counts = dict(r.counts or {})
        shown = ", ".join(f"{k}={counts[k]}" for k in _KINDS if counts.get(k))
        trigger = text(_TRIGGERS[r.trigger]) if r.trigger in _TRIGGERS else r.trigger
        state = text("purge.state.complete" if counts.get("complete") else "purge.state.incomplete")
        cells = (r.id, f"{_jst(r.at):%Y-%m-%d %H:%M}", r.actor, r.host, trigger, f"{_jst(r.older_than):%Y-%m-%d}",
                 shown or "0", r.reason or "", state)
        table.add_row(*(Text(visible(str(c))[0]) for c in cells))
    Console(soft_wrap=True).print(table)
