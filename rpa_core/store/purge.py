"""Deleting personal data past the city's retention period (``robosan purge``, ``retention:``), with an audit row.

What goes, past the cut-off (all times naive UTC, as the log stores them):

- items ``done``/``skipped`` settled before it: ``result`` and ``message`` are cleared (the values a
  scenario saved: 氏名, 住所…). ``key``, ``status``, ``row_no``, ``attempts``, ``committed`` and
  ``settled_*`` stay, so a rerun still never does an item twice and the time-saved report for an old
  period prints the same hours (it counts rows, never reads results).
- runs that ended (``finished_at``, else ``started_at``) before it and hold no unfinished item: their
  ``message`` and ``inputs`` (file paths, sometimes names), their steps' ``message``, and their
  ``artifacts`` rows (a path may hold a name); their folder ``<robosan home>/runs/<id>`` (screenshots,
  result.xlsx, OCR crops, downloads) is deleted from this PC.
- ``item_events.reason`` (a clerk's free text) of settled items, ``reviews.guess``/``value`` (OCR read
  values; the minutes stay for the report), ``schedule_events.message``, and OCR forms read before it
  with nothing left to review (``ocr_forms`` and their ``ocr_queue`` rows are deleted: a stored read
  without its values would be a silent wrong value if the same scan were read again).
- the scheduler's child-process logs ``<robosan home>/logs/scheduler/*.log`` (they hold console output).

What never goes, whatever its age: items still waiting for someone (``pending``, ``in_progress``,
``failed``, ``manual``, ``needs_check``) and the runs that last touched them; files outside robosan's
own folders (a workbook the scenario wrote into a 課's shared folder belongs to the 課).

Work is done in chunks (:data:`CHUNK` rows a transaction) so a big log never holds SQLite's write lock
for long. The audit row in ``purges`` is written first with ``complete: false`` and its counts are
updated in the same transaction as each chunk, so a purge killed half-way leaves a row saying how far
it got. A purge that found nothing is recorded too: an auditor sees the daily job ran. A dry run
performs each chunk and rolls it back, so its counts are exactly what a real purge would change.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Text, cast, delete, exists, func, insert, null, or_, select, update

from rpa_core.errors import InputError
from rpa_core.store.database import StoreBusy, busy_wait_of, robosan_home, utcnow
from rpa_core.store.status import ItemStatus, ReviewStatus, RunStatus
from rpa_core.store.tables import (
    artifacts,
    item_events,
    items,
    ocr_forms,
    ocr_queue,
    purges,
    reviews,
    runs,
    schedule_events,
    steps,
)

__all__ = [
    "CHUNK",
    "COUNT_KEYS",
    "MIN_DAYS",
    "PURGEABLE",
    "UNFINISHED",
    "cutoff_for",
    "last_purge_at",
    "list_purges",
    "parse_period",
    "purge",
    "retention_days",
]

CHUNK = 1000
MIN_DAYS = 30  # below this a purge needs --force; a retention setting may not go below it
PURGEABLE = (ItemStatus.DONE, ItemStatus.SKIPPED)
UNFINISHED = (ItemStatus.PENDING, ItemStatus.IN_PROGRESS, ItemStatus.FAILED, ItemStatus.MANUAL,
              ItemStatus.NEEDS_CHECK)
COUNT_KEYS = ("items", "runs", "steps", "artifacts", "item_events", "reviews", "ocr_forms", "schedule_events",
              "files", "files_failed", "kept_unfinished")
_JST = dt.timezone(dt.timedelta(hours=9), "JST")


def parse_period(value: object, *, where: str = "--older-than") -> int:
    """A retention period in days: ``400d``, ``400日`` or a plain ``400`` (days only: months and years vary)."""
    raw = str(value).strip().lower() if not isinstance(value, bool) else ""
    for suffix in ("days", "day", "d", "日"):
        if raw.endswith(suffix):
            raw = raw.removesuffix(suffix).strip()
            break
    if not raw.isascii() or not raw.isdigit() or int(raw) <= 0:
        raise InputError("purge.bad_period", value=value, where=where)
    return int(raw)


def retention_days(value: object, *, path: str, line: int | None = None) -> int:
    """A ``retention:`` setting in days (PC settings or robot file), at least :data:`MIN_DAYS`.

    A setting has no ``--force``: a period that short is a typo far more often than a decision.
    """
    where = f":{line}" if line else ""
    try:
        days = parse_period(value)
    except InputError:
        days = 0
    if days < MIN_DAYS:
        raise InputError("retention.bad", path=path, line=where, value=value, minimum=MIN_DAYS)
    return days


def cutoff_for(days: int, now: dt.datetime | None = None) -> dt.datetime:
    """The cut-off of a ``days`` retention as naive UTC: midnight Japan time, ``days`` days before today.

    A whole day in Japan time, so the summary can name the date exactly and a daily job run twice on
    one day deletes nothing new the second time.
    """
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    day = now.astimezone(_JST).date() - dt.timedelta(days=days)
    midnight = dt.datetime.combine(day, dt.time(0, 0), _JST)
    return midnight.astimezone(dt.UTC).replace(tzinfo=None)


def purge(log_or_engine: Any, older_than: dt.datetime, *, actor: str | None = None, host: str | None = None,
          trigger: str = "manual", reason: str | None = None, dry_run: bool = False, home: Path | None = None,
          chunk: int = CHUNK, at: dt.datetime | None = None) -> dict[str, Any]:
    """Delete the personal data recorded before ``older_than`` (naive UTC); return the counts per kind.

    ``actor``/``host`` default to the OS user and this PC (``ledger.clerk_identity``); ``home`` is the
    robosan home whose run folders and scheduler logs are cleaned (default: this PC's); ``at`` is the
    audit row's time (default: now; the scheduler passes its clock).
    """
    from rpa_core.store.ledger import clerk_identity

    engine: Engine = getattr(log_or_engine, "engine", log_or_engine)
    me, here = clerk_identity()
    job = _Purge(engine, older_than, dry_run, chunk)
    if not dry_run:
        job.audit_id = job.open_audit(actor or me, host or here, trigger, reason, _naive_utc(at) or utcnow())
    with engine.connect() as conn:
        job.counts["kept_unfinished"] = int(conn.execute(select(func.count()).select_from(items).where(
            items.c.status.in_(UNFINISHED), items.c.updated_at < older_than)).scalar() or 0)
    job.by_id(items, _items_query(older_than), job.clear_items)
    job.by_id(runs, _runs_query(older_than), job.clear_runs)
    job.by_id(steps, _steps_query(older_than), job.clear_steps)
    job.by_id(item_events, _events_query(older_than), job.clear_events)
    job.by_id(reviews, select(reviews.c.id).where(reviews.c.created_at < older_than,
                                                  or_(reviews.c.guess.is_not(None), reviews.c.value.is_not(None))),
              job.clear_reviews)
    job.by_id(ocr_forms, _forms_query(older_than), job.delete_forms)
    job.by_id(schedule_events, select(schedule_events.c.id).where(
        schedule_events.c.at < older_than, schedule_events.c.message.is_not(None)), job.clear_schedule)
    from rpa_core.store.purge_files import purge_files

    files, failed = purge_files(engine, home or robosan_home(), older_than, _runs_query(older_than),
                                socket.gethostname(), dry_run=dry_run)
    job.counts["files"], job.counts["files_failed"] = files, failed
    if not dry_run:
        with engine.begin() as conn:
            job.save(conn, complete=True)
        if job.sqlite:  # the old page versions in the write-ahead log go too (best effort: readers may hold some)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return dict(job.counts, complete=True)


class _Purge:
    """One purge: the counts so far, the audit row, and one transaction per chunk."""

    def __init__(self, engine: Engine, older_than: dt.datetime, dry_run: bool, chunk: int) -> None:
        self.engine, self.older_than, self.dry_run, self.chunk = engine, older_than, dry_run, chunk
        self.counts: dict[str, int] = dict.fromkeys(COUNT_KEYS, 0)
        self.audit_id: int | None = None
        self.pending: dict[str, int] = {}  # this chunk's counts, added to ``counts`` once it is committed
        self.sqlite = engine.dialect.name == "sqlite"

    def open_audit(self, actor: str, host: str, trigger: str, reason: str | None, at: dt.datetime) -> int:
        with self.engine.begin() as conn:
            res = conn.execute(insert(purges).values(
                at=at, actor=actor[:200], host=host[:200], trigger=trigger, older_than=self.older_than,
                counts={**self.counts, "complete": False}, reason=reason))
            return int(res.inserted_primary_key[0])  # type: ignore[index]

    def save(self, conn: Connection, *, complete: bool = False) -> None:
        """The audit row's counts: those committed so far plus this chunk's, in the chunk's own transaction."""
        if self.audit_id is not None:
            now = {k: self.counts[k] + self.pending.get(k, 0) for k in self.counts}
            conn.execute(update(purges).where(purges.c.id == self.audit_id).values(counts={**now, "complete": complete}))

    def by_id(self, table: Any, query: Any, work: Callable[[Connection, list[int]], None]) -> None:
        """Run ``work`` on the ids ``query`` selects, :attr:`chunk` at a time, each chunk its own transaction."""
        last = 0
        while (ids := self.one_chunk(table, query, work, last)):
            last = ids[-1]

    def one_chunk(self, table: Any, query: Any, work: Callable[[Connection, list[int]], None], last: int) -> list[int]:
        """One chunk, retried whole while SQLite refuses it as busy (a run wrote between its read and its write)."""
        deadline = time.monotonic() + max(busy_wait_of(self.engine), 1.0)
        while True:
            self.pending = {}
            try:
                with self.engine.connect() as conn:
                    trans = conn.begin()
                    if self.sqlite:  # overwrite what is deleted, so the freed pages of the file do not keep it
                        conn.exec_driver_sql("PRAGMA secure_delete=ON")
                    ids = [int(i) for (i,) in conn.execute(
                        query.where(table.c.id > last).order_by(table.c.id).limit(self.chunk))]
                    if ids:
                        work(conn, ids)
                    if self.dry_run or not ids:
                        trans.rollback()
                    else:
                        self.save(conn)
                        trans.commit()
            except StoreBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.1)
                continue
            for key, n in self.pending.items():
                self.counts[key] += n
            return ids

    def add(self, key: str, result: Any) -> None:
        self.pending[key] = self.pending.get(key, 0) + max(int(result.rowcount or 0), 0)

    def clear_items(self, conn: Connection, ids: list[int]) -> None:
        self.add("items", conn.execute(update(items).where(items.c.id.in_(ids)).values(result=null(), message=None)))

    def clear_runs(self, conn: Connection, ids: list[int]) -> None:
        self.add("runs", conn.execute(update(runs).where(
            runs.c.id.in_(ids), or_(runs.c.message.is_not(None), cast(runs.c.inputs, Text) != "{}"))
            .values(message=None, inputs={})))
        self.add("artifacts", conn.execute(delete(artifacts).where(artifacts.c.run_id.in_(ids))))

    def clear_steps(self, conn: Connection, ids: list[int]) -> None:
        self.add("steps", conn.execute(update(steps).where(steps.c.id.in_(ids)).values(message=None)))

    def clear_events(self, conn: Connection, ids: list[int]) -> None:
        self.add("item_events", conn.execute(update(item_events).where(item_events.c.id.in_(ids))
                                             .values(reason=None)))

    def clear_reviews(self, conn: Connection, ids: list[int]) -> None:
        self.add("reviews", conn.execute(update(reviews).where(reviews.c.id.in_(ids)).values(guess=None, value=None)))

    def delete_forms(self, conn: Connection, ids: list[int]) -> None:
        conn.execute(delete(ocr_queue).where(ocr_queue.c.form_id.in_(ids)))
        self.add("ocr_forms", conn.execute(delete(ocr_forms).where(ocr_forms.c.id.in_(ids))))

    def clear_schedule(self, conn: Connection, ids: list[int]) -> None:
        self.add("schedule_events", conn.execute(update(schedule_events).where(schedule_events.c.id.in_(ids))
                                                 .values(message=None)))


def _items_query(older_than: dt.datetime) -> Any:
    return select(items.c.id).where(items.c.status.in_(PURGEABLE), items.c.settled_at < older_than,
                                    or_(items.c.result.is_not(None), items.c.message.is_not(None)))


def _runs_query(older_than: dt.datetime) -> Any:
    """Runs that ended before the cut-off and are not the latest word on an unfinished item."""
    ended = func.coalesce(runs.c.finished_at, runs.c.started_at)
    unfinished = exists().where(items.c.run_id == runs.c.id, items.c.status.in_(UNFINISHED))
    return select(runs.c.id).where(ended < older_than, runs.c.status != RunStatus.RUNNING, ~unfinished)


def _steps_query(older_than: dt.datetime) -> Any:
    """Step messages of runs that ended before the cut-off, except those about an item still unfinished.

    A run that holds an unfinished item keeps its own (keyless) steps too: the clerk who settles the
    item reads them. Its steps about items already settled go with the period like any other.
    """
    ended = func.coalesce(runs.c.finished_at, runs.c.started_at)
    old_runs = select(runs.c.id).where(ended < older_than, runs.c.status != RunStatus.RUNNING)
    unfinished = exists().where(items.c.run_id == steps.c.run_id, items.c.status.in_(UNFINISHED),
                                or_(steps.c.item_key.is_(None), items.c.key == steps.c.item_key))
    return select(steps.c.id).where(steps.c.run_id.in_(old_runs), steps.c.message.is_not(None), ~unfinished)


def _events_query(older_than: dt.datetime) -> Any:
    settled = exists().where(items.c.id == item_events.c.item_id, items.c.status.in_(PURGEABLE))
    return select(item_events.c.id).where(item_events.c.at < older_than, item_events.c.reason.is_not(None), settled)


def _forms_query(older_than: dt.datetime) -> Any:
    waiting = exists().where(ocr_queue.c.form_id == ocr_forms.c.id, ocr_queue.c.status == ReviewStatus.PENDING)
    return select(ocr_forms.c.id).where(ocr_forms.c.read_at < older_than, ~waiting)


def _naive_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def last_purge_at(log_or_engine: Any, trigger: str | None = None) -> dt.datetime | None:
    """When the last purge (of ``trigger``, if given) started, naive UTC; None if there was none."""
    engine: Engine = getattr(log_or_engine, "engine", log_or_engine)
    query = select(func.max(purges.c.at))
    if trigger:
        query = query.where(purges.c.trigger == trigger)
    with engine.connect() as conn:
        value = conn.execute(query).scalar()
    return value if isinstance(value, dt.datetime) else None


def list_purges(log_or_engine: Any, limit: int = 50) -> list[Any]:
    """The audit rows, newest first: id, at, actor, host, trigger, older_than, counts, reason."""
    engine: Engine = getattr(log_or_engine, "engine", log_or_engine)
    with engine.connect() as conn:
        return list(conn.execute(select(purges).order_by(purges.c.id.desc()).limit(limit)))
