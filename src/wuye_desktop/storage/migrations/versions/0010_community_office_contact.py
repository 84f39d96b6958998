"""community: the office's address, phone and contact person (printed on notices)

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-01 19:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.add_column(sa.Column('office_address', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('office_phone', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('office_contact', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.drop_column('office_contact')
        batch_op.drop_column('office_phone')
        batch_op.drop_column('office_address')
