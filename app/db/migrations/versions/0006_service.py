"""service (服务群众): people beyond the roster, households, grid cells and staff, 联户 pairing, visits,
the request ledger, links to deeds and points, people in teams

Revision ID: 0006_service
Revises: 0004_points, 0003_evaluations, 0002_commitments
Create Date: 2026-11-30 05:13:37

Builds on all three: team_people refers to teams (0002); links name deeds (0003) and points entries (0004).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006_service'
down_revision: str | Sequence[str] | None = ('0004_points', '0003_evaluations', '0002_commitments')
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('service_links',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('source_kind', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('deed_id', sa.String(length=36), nullable=True),
    sa.Column('point_entry_id', sa.String(length=36), nullable=True),
    sa.Column('reversed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_links'))
    )
    with op.batch_alter_table('service_links', schema=None) as batch_op:
        batch_op.create_index('ix_service_links_source', ['source_kind', 'source_id'], unique=False)

    op.create_table('visits',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('way', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by', sa.String(length=50), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_date'), ['date'], unique=False)

    op.create_table('grid_cells',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('grid_id', sa.String(length=36), nullable=False),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_grid_cells_grid_id_grids')),
    sa.ForeignKeyConstraint(['parent_id'], ['grid_cells.id'], name=op.f('fk_grid_cells_parent_id_grid_cells')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_cells'))
    )
    with op.batch_alter_table('grid_cells', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grid_cells_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grid_cells_parent_id'), ['parent_id'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('gender', sa.String(length=2), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('grid_id', sa.String(length=36), nullable=True),
    sa.Column('roles', sa.Text(), nullable=False),
    sa.Column('organization', sa.String(length=100), nullable=False),
    sa.Column('post', sa.String(length=50), nullable=False),
    sa.Column('photo', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('pinyin_full', sa.String(length=200), nullable=False),
    sa.Column('pinyin_initials', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_people_grid_id_grids')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_pinyin_full'), ['pinyin_full'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_pinyin_initials'), ['pinyin_initials'], unique=False)

    op.create_table('grid_staff',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('grid_id', sa.String(length=36), nullable=False),
    sa.Column('cell_id', sa.String(length=36), nullable=True),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('(member_id IS NULL) <> (person_id IS NULL)', name=op.f('ck_grid_staff_one_staff')),
    sa.ForeignKeyConstraint(['cell_id'], ['grid_cells.id'], name=op.f('fk_grid_staff_cell_id_grid_cells')),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_grid_staff_grid_id_grids')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_grid_staff_member_id_members')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_grid_staff_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_staff'))
    )
    with op.batch_alter_table('grid_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grid_staff_cell_id'), ['cell_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grid_staff_grid_id'), ['grid_id'], unique=False)

    op.create_table('households',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('head_person_id', sa.String(length=36), nullable=True),
    sa.Column('head_name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('grid_id', sa.String(length=36), nullable=True),
    sa.Column('cell_id', sa.String(length=36), nullable=True),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('pinyin_full', sa.String(length=200), nullable=False),
    sa.Column('pinyin_initials', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cell_id'], ['grid_cells.id'], name=op.f('fk_households_cell_id_grid_cells')),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_households_grid_id_grids')),
    sa.ForeignKeyConstraint(['head_person_id'], ['people.id'], name=op.f('fk_households_head_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_cell_id'), ['cell_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_grid_id'), ['grid_id'], unique=False)

    op.create_table('visit_members',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_visit_members_member_id_members')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_members_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_members'))
    )
    with op.batch_alter_table('visit_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_members_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_members_visit_id'), ['visit_id'], unique=False)

    op.create_table('pairings',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(member_id IS NULL) <> (person_id IS NULL)', name=op.f('ck_pairings_one_pairer')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_pairings_household_id_households')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_pairings_member_id_members')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_pairings_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairings'))
    )
    with op.batch_alter_table('pairings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairings_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairings_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairings_person_id'), ['person_id'], unique=False)

    op.create_table('service_requests',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('grid_id', sa.String(length=36), nullable=True),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('assigned_member_id', sa.String(length=36), nullable=True),
    sa.Column('assigned_team_id', sa.String(length=36), nullable=True),
    sa.Column('assigned_committee', sa.Boolean(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('satisfaction', sa.String(length=10), nullable=False),
    sa.Column('revisited_on', sa.Date(), nullable=True),
    sa.Column('reopened', sa.Integer(), nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['assigned_member_id'], ['members.id'], name=op.f('fk_service_requests_assigned_member_id_members')),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_service_requests_grid_id_grids')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_service_requests_household_id_households')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_service_requests_person_id_people')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_service_requests_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_requests'))
    )
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_requests_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_requests_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_requests_raised_on'), ['raised_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_requests_status'), ['status'], unique=False)

    op.create_table('team_people',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('team_id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_team_people_person_id_people')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_people_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_people'))
    )
    with op.batch_alter_table('team_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_people_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_people_team_id'), ['team_id'], unique=False)

    op.create_table('visit_targets',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_visit_targets_household_id_households')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_visit_targets_person_id_people')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_targets_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_targets'))
    )
    with op.batch_alter_table('visit_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_targets_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_targets_visit_id'), ['visit_id'], unique=False)

    op.create_table('request_events',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('request_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['service_requests.id'], name=op.f('fk_request_events_request_id_service_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_events'))
    )
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_events_request_id'), ['request_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('request_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_events_request_id'))

    op.drop_table('request_events')
    with op.batch_alter_table('visit_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_targets_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_targets_household_id'))

    op.drop_table('visit_targets')
    with op.batch_alter_table('team_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_people_team_id'))
        batch_op.drop_index(batch_op.f('ix_team_people_person_id'))

    op.drop_table('team_people')
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_requests_status'))
        batch_op.drop_index(batch_op.f('ix_service_requests_raised_on'))
        batch_op.drop_index(batch_op.f('ix_service_requests_household_id'))
        batch_op.drop_index(batch_op.f('ix_service_requests_grid_id'))

    op.drop_table('service_requests')
    with op.batch_alter_table('pairings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairings_person_id'))
        batch_op.drop_index(batch_op.f('ix_pairings_member_id'))
        batch_op.drop_index(batch_op.f('ix_pairings_household_id'))

    op.drop_table('pairings')
    with op.batch_alter_table('visit_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_members_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_members_member_id'))

    op.drop_table('visit_members')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_grid_id'))
        batch_op.drop_index(batch_op.f('ix_households_cell_id'))

    op.drop_table('households')
    with op.batch_alter_table('grid_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grid_staff_grid_id'))
        batch_op.drop_index(batch_op.f('ix_grid_staff_cell_id'))

    op.drop_table('grid_staff')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_pinyin_initials'))
        batch_op.drop_index(batch_op.f('ix_people_pinyin_full'))
        batch_op.drop_index(batch_op.f('ix_people_household_id'))
        batch_op.drop_index(batch_op.f('ix_people_grid_id'))

    op.drop_table('people')
    with op.batch_alter_table('grid_cells', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grid_cells_parent_id'))
        batch_op.drop_index(batch_op.f('ix_grid_cells_grid_id'))

    op.drop_table('grid_cells')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_date'))

    op.drop_table('visits')
    with op.batch_alter_table('service_links', schema=None) as batch_op:
        batch_op.drop_index('ix_service_links_source')

    op.drop_table('service_links')
