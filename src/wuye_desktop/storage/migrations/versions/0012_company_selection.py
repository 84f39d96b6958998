"""selections: the 物业选聘 record of an estate (survey, method, candidates, result, filing)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-01 23:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('selections',
    sa.Column('estate_id', sa.String(length=36), nullable=False),
    sa.Column('survey_id', sa.String(length=36), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=24), nullable=False),
    sa.Column('method_reason', sa.Text(), nullable=True),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('candidates', sa.JSON(), nullable=False),
    sa.Column('company_id', sa.String(length=36), nullable=True),
    sa.Column('publication_start', sa.Date(), nullable=True),
    sa.Column('publication_end', sa.Date(), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('contract_start', sa.Date(), nullable=True),
    sa.Column('contract_end', sa.Date(), nullable=True),
    sa.Column('fee_standard', sa.Float(), nullable=True),
    sa.Column('service_grade', sa.String(length=24), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('office', sa.String(length=100), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.String(length=60), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.Column('sync_state', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_selections_company_id_companies')),
    sa.ForeignKeyConstraint(['estate_id'], ['estates.id'], name=op.f('fk_selections_estate_id_estates')),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_selections_survey_id_surveys')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_selections'))
    )
    with op.batch_alter_table('selections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_selections_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_selections_estate_started', ['estate_id', 'started_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('selections', schema=None) as batch_op:
        batch_op.drop_index('ix_selections_estate_started')
        batch_op.drop_index(batch_op.f('ix_selections_company_id'))
    op.drop_table('selections')
