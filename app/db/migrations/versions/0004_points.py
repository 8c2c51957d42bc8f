"""points: rule sets, tiers, member tiers, indicators, the points ledger, democratic reviews

Revision ID: 0004_points
Revises: 0001_roster
Create Date: 2026-11-22 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_points"
down_revision: str | None = "0001_roster"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rule_sets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("carry_over_percent", sa.Integer(), nullable=True),
        sa.Column("grade_bands", sa.Text(), nullable=False),
        sa.Column("star_bands", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"], name=op.f("fk_rule_sets_organization_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_sets")),
        sa.UniqueConstraint("organization_id", "year", name="uq_rule_sets_org_year"),
    )
    with op.batch_alter_table("rule_sets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_sets_organization_id"), ["organization_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rule_sets_year"), ["year"], unique=False)

    op.create_table(
        "tiers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rule_set_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("base_points", sa.Integer(), nullable=False),
        sa.Column("is_exempt", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rule_set_id"], ["rule_sets.id"], name=op.f("fk_tiers_rule_set_id_rule_sets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tiers")),
    )
    with op.batch_alter_table("tiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tiers_rule_set_id"), ["rule_set_id"], unique=False)

    op.create_table(
        "member_tiers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rule_set_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("tier_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_tiers_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"], ["rule_sets.id"], name=op.f("fk_member_tiers_rule_set_id_rule_sets")
        ),
        sa.ForeignKeyConstraint(["tier_id"], ["tiers.id"], name=op.f("fk_member_tiers_tier_id_tiers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_tiers")),
        sa.UniqueConstraint("rule_set_id", "member_id", name="uq_member_tiers_set_member"),
    )
    with op.batch_alter_table("member_tiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_tiers_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_tiers_rule_set_id"), ["rule_set_id"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rule_set_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("annual_cap", sa.Integer(), nullable=True),
        sa.Column("tier_ids", sa.Text(), nullable=False),
        sa.Column("awards_commitments", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rule_set_id"], ["rule_sets.id"], name=op.f("fk_indicators_rule_set_id_rule_sets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicators_rule_set_id"), ["rule_set_id"], unique=False)

    op.create_table(
        "point_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("rule_set_id", sa.String(length=36), nullable=False),
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=50), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("reverses_entry_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=True),
        sa.Column("commitment_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicators.id"], name=op.f("fk_point_entries_indicator_id_indicators")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_point_entries_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["reverses_entry_id"],
            ["point_entries.id"],
            name=op.f("fk_point_entries_reverses_entry_id_point_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"], ["rule_sets.id"], name=op.f("fk_point_entries_rule_set_id_rule_sets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_point_entries")),
        sa.UniqueConstraint("reverses_entry_id", name=op.f("uq_point_entries_reverses_entry_id")),
    )
    with op.batch_alter_table("point_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_point_entries_year_member", ["year", "member_id", "indicator_id", "points"], unique=False
        )

    op.create_table(
        "reviews",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("votes_excellent", sa.Integer(), nullable=False),
        sa.Column("votes_qualified", sa.Integer(), nullable=False),
        sa.Column("votes_basic", sa.Integer(), nullable=False),
        sa.Column("votes_unqualified", sa.Integer(), nullable=False),
        sa.Column("decided_grade", sa.String(length=10), nullable=True),
        sa.Column("decided_by", sa.String(length=50), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_reviews_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("member_id", "year", name="uq_reviews_member_year"),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviews_year"), ["year"], unique=False)


def downgrade() -> None:
    for table in ("reviews", "point_entries", "indicators", "member_tiers", "tiers", "rule_sets"):
        op.drop_table(table)
