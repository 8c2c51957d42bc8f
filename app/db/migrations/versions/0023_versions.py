"""versions: an edit counter on the records clerks edit in dialogs (optimistic locking)

Revision ID: 0023_versions
Revises: 0005_routine, 0007_projects
Create Date: 2026-11-30 07:45:00

Several clerks at once (issue 21): an editor remembers the version it loaded and the save's UPDATE compares
it in its WHERE clause, so the second of two conflicting saves changes nothing and is refused. Existing rows
start at 1. Who changed a record and when stays in the audit trail.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_versions"
down_revision: str | Sequence[str] | None = ("0005_routine", "0007_projects")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables with a field editor (member, unit, commitment, household, person, meeting).
VERSIONED = ("members", "organizations", "commitments", "households", "people", "meetings")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
