"""projects (党员服务项目化): needs, the project pool, claims, progress, completion and evaluation

Revision ID: 0007_projects
Revises: 0006_service
Create Date: 2026-11-30 06:09:19

Builds on 0006_service: needs name households, people and requests.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007_projects'
down_revision: str | None = '0006_service'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('projects',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('size', sa.String(length=10), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('claimant_kind', sa.String(length=10), nullable=False),
    sa.Column('claimant_id', sa.String(length=36), nullable=True),
    sa.Column('claimed_on', sa.Date(), nullable=True),
    sa.Column('commitment_id', sa.String(length=36), nullable=True),
    sa.Column('done_text', sa.Text(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('people_served', sa.Integer(), nullable=False),
    sa.Column('satisfaction', sa.String(length=10), nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=True),
    sa.Column('before_photo', sa.String(length=100), nullable=False),
    sa.Column('after_photo', sa.String(length=100), nullable=False),
    sa.Column('withdrawn_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_claimant_id'), ['claimant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_completed_on'), ['completed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_status'), ['status'], unique=False)

    op.create_table('project_events',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('photo', sa.String(length=100), nullable=False),
    sa.Column('claimant_kind', sa.String(length=10), nullable=False),
    sa.Column('claimant_id', sa.String(length=36), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_events_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_events'))
    )
    with op.batch_alter_table('project_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_events_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_events_project_id'), ['project_id'], unique=False)

    op.create_table('project_needs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('size', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('household_id', sa.String(length=36), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.Column('group_name', sa.String(length=50), nullable=False),
    sa.Column('raised_how', sa.String(length=10), nullable=False),
    sa.Column('request_id', sa.String(length=36), nullable=True),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('wanted_by', sa.Date(), nullable=True),
    sa.Column('effort', sa.String(length=50), nullable=False),
    sa.Column('project_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_project_needs_household_id_households')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_project_needs_person_id_people')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_needs_project_id_projects')),
    sa.ForeignKeyConstraint(['request_id'], ['service_requests.id'], name=op.f('fk_project_needs_request_id_service_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_needs'))
    )
    with op.batch_alter_table('project_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_needs_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_needs_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_needs_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_needs_raised_on'), ['raised_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_needs_request_id'), ['request_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('project_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_needs_request_id'))
        batch_op.drop_index(batch_op.f('ix_project_needs_raised_on'))
        batch_op.drop_index(batch_op.f('ix_project_needs_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_needs_person_id'))
        batch_op.drop_index(batch_op.f('ix_project_needs_household_id'))

    op.drop_table('project_needs')
    with op.batch_alter_table('project_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_events_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_events_date'))

    op.drop_table('project_events')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_status'))
        batch_op.drop_index(batch_op.f('ix_projects_deadline'))
        batch_op.drop_index(batch_op.f('ix_projects_completed_on'))
        batch_op.drop_index(batch_op.f('ix_projects_claimant_id'))
        batch_op.drop_index(batch_op.f('ix_projects_category'))

    op.drop_table('projects')
