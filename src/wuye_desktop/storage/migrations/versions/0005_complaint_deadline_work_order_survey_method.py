"""complaints: handling deadline and 12345 work-order number; surveys: method

Existing complaints get the default deadline (7 days after receipt), so what was open before
the upgrade can be overdue after it.

Revision ID: 0005
Revises: 0004_history
Create Date: 2026-12-01 17:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004_history'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('work_order_no', sa.String(length=40), nullable=True))
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method', sa.String(length=24), nullable=True))
    # received_at is ISO text in UTC; the default deadline is 7 days after the day received
    op.execute(sa.text("UPDATE complaints SET deadline = date(substr(received_at, 1, 10), '+7 days')"
                       " WHERE deadline IS NULL"))


def downgrade() -> None:
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('method')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('work_order_no')
        batch_op.drop_column('deadline')
