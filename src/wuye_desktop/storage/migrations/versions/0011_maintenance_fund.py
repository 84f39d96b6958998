"""fund_applications: 维修资金 use applications (应急 and 一般), synced to the county

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 23:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fund_applications',
    sa.Column('estate_id', sa.String(length=36), nullable=False),
    sa.Column('path', sa.String(length=24), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('repair_item', sa.Text(), nullable=False),
    sa.Column('applicant', sa.String(length=100), nullable=False),
    sa.Column('contractor', sa.String(length=200), nullable=True),
    sa.Column('estimated_fen', sa.Integer(), nullable=False),
    sa.Column('final_fen', sa.Integer(), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('buildings', sa.JSON(), nullable=False),
    sa.Column('stages', sa.JSON(), nullable=False),
    sa.Column('vote', sa.JSON(), nullable=True),
    sa.Column('vote_passed', sa.Boolean(), nullable=True),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.String(length=60), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.Column('sync_state', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['estate_id'], ['estates.id'],
                            name=op.f('fk_fund_applications_estate_id_estates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_applications'))
    )
    with op.batch_alter_table('fund_applications', schema=None) as batch_op:
        batch_op.create_index('ix_fund_applications_estate_applied', ['estate_id', 'applied_on'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('fund_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_fund_applications_estate_applied')
    op.drop_table('fund_applications')
