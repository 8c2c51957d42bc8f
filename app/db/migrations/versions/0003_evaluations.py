"""evaluations: quarters, deeds, comments (点评), star ratings (闪光言行考评)

Revision ID: 0003_evaluations
Revises: 0001_roster
Create Date: 2026-11-22 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003_evaluations"
down_revision: str | None = "0001_roster"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluation_periods",
        sa.Column("id", sa.String(length=8), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.String(length=50), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=50), nullable=False),
        sa.Column("reopen_reason", sa.Text(), nullable=False),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_periods")),
    )
    op.create_table(
        "deeds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("period_id", sa.String(length=8), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("photo", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_deeds_member_id_members")),
        sa.ForeignKeyConstraint(
            ["period_id"], ["evaluation_periods.id"], name=op.f("fk_deeds_period_id_evaluation_periods")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deeds")),
    )
    with op.batch_alter_table("deeds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deeds_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deeds_period_id"), ["period_id"], unique=False)
        batch_op.create_index("ix_deeds_period_member", ["period_id", "member_id"], unique=False)

    op.create_table(
        "period_comments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("period_id", sa.String(length=8), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_period_comments_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["evaluation_periods.id"],
            name=op.f("fk_period_comments_period_id_evaluation_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_comments")),
        sa.UniqueConstraint("member_id", "period_id", name="uq_period_comments_member_period"),
    )
    with op.batch_alter_table("period_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_period_comments_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_period_comments_period_id"), ["period_id"], unique=False)

    op.create_table(
        "star_ratings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("period_id", sa.String(length=8), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("exempt", sa.Boolean(), nullable=False),
        sa.Column("exempt_reason", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=50), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_star_ratings_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["evaluation_periods.id"],
            name=op.f("fk_star_ratings_period_id_evaluation_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_star_ratings")),
        sa.UniqueConstraint("member_id", "period_id", name="uq_star_ratings_member_period"),
    )
    with op.batch_alter_table("star_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_star_ratings_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_star_ratings_period_id"), ["period_id"], unique=False)


def downgrade() -> None:
    op.drop_table("star_ratings")
    op.drop_table("period_comments")
    op.drop_table("deeds")
    op.drop_table("evaluation_periods")
