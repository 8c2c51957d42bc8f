"""recognition2: members from elsewhere (people, not on the roster) on a meeting's list — 1+N organisation life

Revision ID: 0025_recognition2
Revises: 0005_routine, 0006_service, 0008_recognition
Create Date: 2026-11-30 07:55:00

A 区域综合党支部 or 流动党员服务站 holds meetings that members from elsewhere attend. They are people in the people
register (0006), the meetings are 0005's and the area is 评选与考核 (0008): the revision joins those three.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_recognition2"
down_revision: str | Sequence[str] | None = ("0005_routine", "0006_service", "0008_recognition")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_people",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("mark", sa.String(length=4), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_people_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_meeting_people_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_people")),
        sa.UniqueConstraint("meeting_id", "person_id", name="uq_meeting_people_meeting_person"),
    )
    with op.batch_alter_table("meeting_people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_people_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_people_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meeting_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_people_person_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_people_meeting_id"))
    op.drop_table("meeting_people")
