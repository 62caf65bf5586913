"""Evidence and audit for issue 12: trial runs, commits per item, settlements by a clerk.

Revision ID: 0002
Revises: 0001

- ``runs.trial``: a run marked as a trial (``robosan run --trial``) is left out of reports.
- ``items.committed``: the item's last attempt passed a ``commit: true`` step; its next attempt
  is decided by ``verify:`` (or ``needs_check``), never by a blind rerun.
- ``items.settled_by``: the clerk who settled the item with ``robosan items settle``.
- ``item_events``: one row per change a clerk made to an item outside a run (the audit trail).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("trial", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("committed", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("settled_by", sa.String(200)))
    op.create_table(
        "item_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("items.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("old_status", sa.String(20), nullable=False),
        sa.Column("new_status", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text()),
    )
    op.create_index("ix_item_events_item_id", "item_events", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_item_events_item_id", "item_events")
    op.drop_table("item_events")
    with op.batch_alter_table("items") as batch:
        batch.drop_column("settled_by")
        batch.drop_column("committed")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("trial")
