"""Rows devices report they could not apply (issue 15: the county sees set-aside rows).

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01 23:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('set_aside_rows',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('community_code', sa.String(length=32), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'table_name', 'row_id')
    )
    op.create_index(op.f('ix_set_aside_rows_community_code'), 'set_aside_rows',
                    ['community_code'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_set_aside_rows_community_code'), table_name='set_aside_rows')
    op.drop_table('set_aside_rows')
