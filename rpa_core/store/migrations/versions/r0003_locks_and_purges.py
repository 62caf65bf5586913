"""Safety for issue 13: run locks in the database, and the audit of personal-data purges.

Revision ID: 0003
Revises: 0002

- ``run_locks``: one row per scope (scenario name and batch) a run holds, with host, pid and a
  heartbeat, so two copies of a scenario, or two PCs sharing one log, never run one batch at once.
- ``purges``: who purged what, when, and for which period (``robosan purge``, ``retention:``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "run_locks",
        sa.Column("scope", sa.String(500), primary_key=True),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("scenario_name", sa.String(200), nullable=False),
        sa.Column("run_id", sa.Integer()),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("proc_started", sa.Float()),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "purges",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("trigger", sa.String(20), nullable=False),
        sa.Column("older_than", sa.DateTime(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text()),
    )
    op.create_index("ix_purges_at", "purges", ["at"])


def downgrade() -> None:
    op.drop_index("ix_purges_at", "purges")
    op.drop_table("purges")
    op.drop_table("run_locks")
