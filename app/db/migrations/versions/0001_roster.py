"""roster: organisations, grids, members, status history, audit, settings

Revision ID: 0001_roster
Revises:
Create Date: 2026-11-22 01:46:09.836710
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0001_roster"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "grids",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("responsible", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grids")),
        sa.UniqueConstraint("name", name=op.f("uq_grids_name")),
    )
    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organizations.id"], name=op.f("fk_organizations_parent_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organizations_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("education", sa.String(length=20), nullable=False),
        sa.Column("degree", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=10), nullable=False),
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("group_id", sa.String(length=36), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("joined_day_unknown", sa.Boolean(), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("confirmed_day_unknown", sa.Boolean(), nullable=False),
        sa.Column("party_age_correction", sa.Integer(), nullable=False),
        sa.Column("probation_extension", sa.String(length=50), nullable=False),
        sa.Column("joined_branch", sa.String(length=100), nullable=False),
        sa.Column("job", sa.String(length=100), nullable=False),
        sa.Column("party_post", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("landline", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("residence", sa.String(length=200), nullable=False),
        sa.Column("hukou", sa.String(length=200), nullable=False),
        sa.Column("native_place", sa.String(length=100), nullable=False),
        sa.Column("grid_id", sa.String(length=36), nullable=True),
        sa.Column("photo", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("is_mobile", sa.Boolean(), nullable=False),
        sa.Column("mobile_destination", sa.String(length=200), nullable=False),
        sa.Column("is_lost_contact", sa.Boolean(), nullable=False),
        sa.Column("lost_contact_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("left_to", sa.String(length=200), nullable=False),
        sa.Column("pinyin_full", sa.String(length=200), nullable=False),
        sa.Column("pinyin_initials", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organizations.id"], name=op.f("fk_members_branch_id_organizations")
        ),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_members_grid_id_grids")),
        sa.ForeignKeyConstraint(
            ["group_id"], ["organizations.id"], name=op.f("fk_members_group_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("id_number", name=op.f("uq_members_id_number")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_grid_id"), ["grid_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_pinyin_full"), ["pinyin_full"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_pinyin_initials"), ["pinyin_initials"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_status"), ["status"], unique=False)

    op.create_table(
        "member_status_changes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_status_changes_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_status_changes")),
    )
    with op.batch_alter_table("member_status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_status_changes_member_id"), ["member_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("member_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_status_changes_member_id"))

    op.drop_table("member_status_changes")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_status"))
        batch_op.drop_index(batch_op.f("ix_members_pinyin_initials"))
        batch_op.drop_index(batch_op.f("ix_members_pinyin_full"))
        batch_op.drop_index(batch_op.f("ix_members_group_id"))
        batch_op.drop_index(batch_op.f("ix_members_grid_id"))
        batch_op.drop_index(batch_op.f("ix_members_branch_id"))

    op.drop_table("members")
    op.drop_table("settings")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_parent_id"))

    op.drop_table("organizations")
    op.drop_table("grids")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
