"""township: the villages merged from USB packages and which village owns each merged row

Revision ID: 0021_township
Revises: 0001_roster
Create Date: 2026-11-30 06:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0021_township'
down_revision: str | None = '0001_roster'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('township_villages',
    sa.Column('village_id', sa.String(length=36), nullable=False),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('package_created_at', sa.String(length=40), nullable=False),
    sa.Column('schema_revision', sa.String(length=200), nullable=False),
    sa.Column('package_name', sa.String(length=255), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('digests', sa.Text(), nullable=False),
    sa.Column('merged_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('village_id', name=op.f('pk_township_villages'))
    )
    op.create_table('township_rows',
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('village_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'row_id', name=op.f('pk_township_rows'))
    )
    op.create_index('ix_township_rows_village', 'township_rows', ['village_id', 'table_name'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_township_rows_village', table_name='township_rows')
    op.drop_table('township_rows')
    op.drop_table('township_villages')
