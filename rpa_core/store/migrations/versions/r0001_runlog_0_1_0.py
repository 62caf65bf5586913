"""The schema of robosan 0.1.0: run log, scheduler memory and OCR review queue.

Revision ID: 0001
Revises: (none)

Written out here, not imported from ``store/tables.py``: a migration is a frozen picture of
one version, and later changes to the tables come as new migrations.

0.1.0 made its tables with ``create_all`` (the scheduler's and the OCR tables only when first
used), so a file from that release may hold any of these tables already, with rows in them.
Each table is therefore created only when it is missing: on a new database this creates
everything; on a 0.1.0 file it adds what that file lacks and keeps the rest as it is.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _create(name: str, *elements: Any, indexes: dict[str, list[str]] | None = None) -> None:
    """Create table ``name`` and its indexes unless a 0.1.0 release already made it."""
    if sa.inspect(op.get_bind()).has_table(name):
        return
    op.create_table(name, *elements)
    for index, columns in (indexes or {}).items():
        op.create_index(index, name, columns)


def upgrade() -> None:
    _create(
        "runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scenario_name", sa.String(200), nullable=False),
        sa.Column("scenario_file", sa.Text(), nullable=False),
        sa.Column("department", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("trigger", sa.String(20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("heartbeat_at", sa.DateTime()),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("proc_started", sa.Float()),
        sa.Column("baseline", sa.JSON(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("artifacts_dir", sa.Text()),
        sa.Column("message", sa.Text()),
        sa.Column("counts", sa.JSON()),
        indexes={"ix_runs_scenario_name": ["scenario_name"], "ix_runs_status": ["status"]},
    )
    _create(
        "batches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scenario_name", sa.String(200), nullable=False),
        sa.Column("loop_name", sa.String(200), nullable=False),
        sa.Column("scope_hash", sa.String(64), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("scenario_name", "loop_name", "scope_hash", "generation"),
    )
    _create(
        "steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("item_key", sa.Text()),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("manual_minutes", sa.Float()),
        sa.Column("message", sa.Text()),
        indexes={"ix_steps_run_id": ["run_id"]},
    )
    _create(
        "items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("row_no", sa.Integer()),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id")),
        sa.Column("settled_run_id", sa.Integer(), sa.ForeignKey("runs.id")),
        sa.Column("settled_at", sa.DateTime()),
        sa.Column("message", sa.Text()),
        sa.Column("result", sa.JSON()),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("batch_id", "key"),
        indexes={
            "ix_items_status": ["status"],
            "ix_items_batch_id": ["batch_id"],
            "ix_items_settled_at": ["settled_at"],
            "ix_items_run_id": ["run_id"],
            "ix_items_report": ["batch_id", "status", "settled_run_id", "run_id", "settled_at"],
            "ix_items_settled_run_id": ["settled_run_id"],
        },
    )
    _create(
        "artifacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("item_key", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        indexes={"ix_artifacts_run_id": ["run_id"]},
    )
    _create(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id")),
        sa.Column("item_key", sa.Text()),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("guess", sa.Text()),
        sa.Column("value", sa.Text()),
        sa.Column("minutes", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        indexes={"ix_reviews_run_id": ["run_id"]},
    )
    _create(
        "schedule_state",
        sa.Column("robot", sa.String(200), primary_key=True),
        sa.Column("job", sa.String(200), primary_key=True),
        sa.Column("last_planned", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    _create(
        "schedule_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("robot", sa.String(200), nullable=False),
        sa.Column("job", sa.String(200), nullable=False),
        sa.Column("scenario", sa.Text(), nullable=False),
        sa.Column("planned_at", sa.DateTime()),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20)),
        sa.Column("run_id", sa.Integer()),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("message", sa.Text()),
        indexes={"ix_schedule_events_at": ["at"], "ix_schedule_events_robot": ["robot"]},
    )
    _create(
        "ocr_forms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("template", sa.Text(), nullable=False),
        sa.Column("template_digest", sa.String(32), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("file_sha", sa.String(64), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("message", sa.Text()),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("run_id", sa.Integer()),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("template_digest", "file_sha", "page"),
    )
    _create(
        "ocr_queue",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("form_id", sa.Integer(), sa.ForeignKey("ocr_forms.id"), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("guess", sa.Text()),
        sa.Column("raw", sa.Text()),
        sa.Column("confidence", sa.Float()),
        sa.Column("reason", sa.Text()),
        sa.Column("crop", sa.Text()),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("value", sa.Text()),
        sa.Column("minutes", sa.Float()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime()),
        indexes={"ix_ocr_queue_status": ["status"], "ix_ocr_queue_form_id": ["form_id"]},
    )


def downgrade() -> None:
    for name in ("ocr_queue", "ocr_forms", "schedule_events", "schedule_state", "reviews", "artifacts",
                 "items", "steps", "batches", "runs"):
        op.drop_table(name)
