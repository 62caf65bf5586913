"""Every table robosan keeps, on one ``MetaData``: the run log, the scheduler's memory, the OCR queue.

One ``MetaData`` so that one Alembic history (``store/migrations``) versions the whole database,
and ``compare_metadata`` can prove the migrations build exactly these tables. Names, columns and
indexes are those of robosan 0.1.0, whose files must keep opening: change a table here only
together with a new migration.

Times are naive UTC. SQLAlchemy Core only: SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "REPORT_INDEX",
    "artifacts",
    "batches",
    "item_events",
    "items",
    "metadata",
    "ocr_forms",
    "ocr_queue",
    "purges",
    "reviews",
    "run_locks",
    "runs",
    "schedule_events",
    "schedule_state",
    "steps",
]

metadata = MetaData()

# -- the run log --------------------------------------------------------------------------
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scenario_name", String(200), nullable=False, index=True),
    Column("scenario_file", Text, nullable=False),
    Column("department", String(200), nullable=False, default=""),
    Column("status", String(20), nullable=False, index=True),
    Column("dry_run", Boolean, nullable=False, default=False),
    Column("trigger", String(20), nullable=False, default="manual"),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("heartbeat_at", DateTime),
    Column("host", String(200), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("proc_started", Float),
    Column("baseline", JSON, nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("artifacts_dir", Text),
    Column("message", Text),
    Column("counts", JSON),
    # 0002: a trial run (``robosan run --trial``) is left out of reports unless asked for
    Column("trial", Boolean, nullable=False, default=False, server_default="0"),
)

steps = Table(
    "steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("file", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("item_key", Text),
    Column("started_at", DateTime, nullable=False),
    Column("duration_ms", Float, nullable=False),
    Column("manual_minutes", Float),
    Column("message", Text),
)

batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scenario_name", String(200), nullable=False),
    Column("loop_name", String(200), nullable=False),
    Column("scope_hash", String(64), nullable=False),
    Column("scope", JSON, nullable=False),
    Column("generation", Integer, nullable=False, default=1),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("scenario_name", "loop_name", "scope_hash", "generation"),
)

REPORT_INDEX = "ix_items_report"

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False, index=True),
    Column("key", Text, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("row_no", Integer),
    Column("attempts", Integer, nullable=False, default=0),
    Column("run_id", Integer, ForeignKey("runs.id"), index=True),
    Column("settled_run_id", Integer, ForeignKey("runs.id"), index=True),
    Column("settled_at", DateTime, index=True),
    Column("message", Text),
    Column("result", JSON),
    Column("updated_at", DateTime, nullable=False),
    # 0002: the item's last attempt passed a ``commit: true`` step, so the target may hold it:
    # its next attempt is decided by ``verify:``, never by a blind rerun
    Column("committed", Boolean, nullable=False, default=False, server_default="0"),
    # 0002: who settled it by hand (``robosan items settle``); NULL when a run settled it.
    # A clerk's "done" is hand work in the report, never robot savings.
    Column("settled_by", String(200)),
    UniqueConstraint("batch_id", "key"),
    # covering index of the time-saved report: it reads a million items from the index alone
    Index(REPORT_INDEX, "batch_id", "status", "settled_run_id", "run_id", "settled_at"),
)

# item_events (0002): the audit trail of what a clerk did to an item, outside any run.
item_events = Table(
    "item_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("old_status", String(20), nullable=False),
    Column("new_status", String(20), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("reason", Text),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("path", Text, nullable=False),
    Column("item_key", Text),
    Column("created_at", DateTime, nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), index=True),
    Column("item_key", Text),
    Column("field", Text, nullable=False),
    Column("guess", Text),
    Column("value", Text),
    Column("minutes", Float, nullable=False, default=0.0),
    Column("created_at", DateTime, nullable=False),
)

# -- safety (0003) -------------------------------------------------------------------------
# run_locks: one row per scope a run holds ("one run per scope, everywhere"). The scope is the
# scenario's name and batch, never its file path, so copies of a scenario and PCs sharing one
# log cannot run the same batch at once. The holder beats ``heartbeat_at``; a row whose beat
# is stale (or whose process on this host is gone) is taken over with a compare-and-swap on ``token``.
run_locks = Table(
    "run_locks",
    metadata,
    Column("scope", String(500), primary_key=True),
    Column("token", String(64), nullable=False),
    Column("scenario_name", String(200), nullable=False),
    Column("run_id", Integer),
    Column("host", String(200), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("proc_started", Float),
    Column("since", DateTime, nullable=False),
    Column("heartbeat_at", DateTime, nullable=False),
)

# purges: the audit of every deletion of personal data past its retention (``robosan purge``,
# ``retention:``): who, when, which period, and how much was removed.
purges = Table(
    "purges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("actor", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("trigger", String(20), nullable=False),  # "manual" (robosan purge) or "retention" (the scheduler)
    Column("older_than", DateTime, nullable=False),  # everything settled/started before this was purged
    Column("counts", JSON, nullable=False),  # {"runs": n, "items": n, "steps": n, "artifacts": n, "files": n}
    Column("reason", Text),
)

# -- the scheduler's memory ---------------------------------------------------------------
# schedule_state: per robot and job, the last planned fire time already handled.
schedule_state = Table(
    "schedule_state",
    metadata,
    Column("robot", String(200), primary_key=True),
    Column("job", String(200), primary_key=True),
    Column("last_planned", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# schedule_events: one line per planned run and what became of it (ran, failed, missed, locked…).
schedule_events = Table(
    "schedule_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("robot", String(200), nullable=False, index=True),
    Column("job", String(200), nullable=False),
    Column("scenario", Text, nullable=False),
    Column("planned_at", DateTime),
    Column("kind", String(20), nullable=False),
    Column("status", String(20)),
    Column("run_id", Integer),
    Column("host", String(200), nullable=False),
    Column("message", Text),
)

# -- OCR: read forms and the review queue -------------------------------------------------
# ocr_forms: one row per scanned page and template, keyed by the file's SHA-256.
ocr_forms = Table(
    "ocr_forms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("template", Text, nullable=False),
    Column("template_digest", String(32), nullable=False),
    Column("file", Text, nullable=False),
    Column("file_sha", String(64), nullable=False),
    Column("page", Integer, nullable=False, default=1),
    Column("status", String(20), nullable=False),
    Column("message", Text),
    Column("fields", JSON, nullable=False),
    Column("run_id", Integer),
    Column("read_at", DateTime, nullable=False),
    UniqueConstraint("template_digest", "file_sha", "page"),
)

# ocr_queue: one row per flagged field; once answered, the clerk's value and minutes.
ocr_queue = Table(
    "ocr_queue",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("form_id", Integer, ForeignKey("ocr_forms.id"), nullable=False, index=True),
    Column("field", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("guess", Text),
    Column("raw", Text),
    Column("confidence", Float),
    Column("reason", Text),
    Column("crop", Text),
    Column("status", String(20), nullable=False, index=True),  # ReviewStatus
    Column("value", Text),
    Column("minutes", Float),
    Column("created_at", DateTime, nullable=False),
    Column("reviewed_at", DateTime),
)
