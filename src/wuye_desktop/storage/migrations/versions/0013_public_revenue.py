"""public revenue: the ledger (公共收益), notice postings (张贴记录) and fee collections (物业费收缴)

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-01 22:52:49.351100
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:  # type: ignore[type-arg]
    """The columns every synced row carries (``storage.base.SyncMixin``)."""
    return [sa.Column('id', sa.String(length=36), nullable=False),
            sa.Column('version', sa.Integer(), nullable=False),
            sa.Column('created_at', sa.String(length=32), nullable=False),
            sa.Column('updated_at', sa.String(length=32), nullable=False),
            sa.Column('updated_by', sa.String(length=60), nullable=False),
            sa.Column('device_id', sa.String(length=36), nullable=False),
            sa.Column('deleted_at', sa.String(length=32), nullable=True),
            sa.Column('sync_state', sa.String(length=12), nullable=False)]


def upgrade() -> None:
    op.create_table('fee_collections',
    sa.Column('estate_id', sa.String(length=36), nullable=False),
    sa.Column('period_kind', sa.String(length=24), nullable=False),
    sa.Column('period_code', sa.String(length=8), nullable=False),
    sa.Column('households_due', sa.Integer(), nullable=False),
    sa.Column('households_paid', sa.Integer(), nullable=False),
    sa.Column('amount_due_fen', sa.Integer(), nullable=True),
    sa.Column('amount_paid_fen', sa.Integer(), nullable=True),
    sa.Column('fee_standard', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    *_synced(),
    sa.ForeignKeyConstraint(['estate_id'], ['estates.id'], name=op.f('fk_fee_collections_estate_id_estates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_collections'))
    )
    with op.batch_alter_table('fee_collections', schema=None) as batch_op:
        batch_op.create_index('ix_fee_collections_estate_period', ['estate_id', 'period_code'], unique=False)

    op.create_table('revenue_entries',
    sa.Column('estate_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('counterparty', sa.String(length=100), nullable=True),
    sa.Column('evidence', sa.String(length=200), nullable=True),
    sa.Column('evidence_photo', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    *_synced(),
    sa.ForeignKeyConstraint(['estate_id'], ['estates.id'], name=op.f('fk_revenue_entries_estate_id_estates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revenue_entries'))
    )
    with op.batch_alter_table('revenue_entries', schema=None) as batch_op:
        batch_op.create_index('ix_revenue_entries_estate_day', ['estate_id', 'entry_date'], unique=False)

    op.create_table('revenue_postings',
    sa.Column('estate_id', sa.String(length=36), nullable=False),
    sa.Column('notice', sa.String(length=20), nullable=False),
    sa.Column('period_code', sa.String(length=8), nullable=False),
    sa.Column('posted_at', sa.String(length=32), nullable=False),
    sa.Column('posted_by', sa.String(length=60), nullable=False),
    sa.Column('buildings', sa.JSON(), nullable=False),
    sa.Column('photo', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    *_synced(),
    sa.ForeignKeyConstraint(['estate_id'], ['estates.id'], name=op.f('fk_revenue_postings_estate_id_estates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revenue_postings'))
    )
    with op.batch_alter_table('revenue_postings', schema=None) as batch_op:
        batch_op.create_index('ix_revenue_postings_estate_period', ['estate_id', 'period_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('revenue_postings', schema=None) as batch_op:
        batch_op.drop_index('ix_revenue_postings_estate_period')

    op.drop_table('revenue_postings')
    with op.batch_alter_table('revenue_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_revenue_entries_estate_day')

    op.drop_table('revenue_entries')
    with op.batch_alter_table('fee_collections', schema=None) as batch_op:
        batch_op.drop_index('ix_fee_collections_estate_period')

    op.drop_table('fee_collections')
