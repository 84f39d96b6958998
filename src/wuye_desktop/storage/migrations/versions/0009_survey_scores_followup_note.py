"""surveys: optional per-item scores and the follow-up's own note

``scores`` holds the satisfaction per service item (保洁, 绿化, 秩序维护, 设施维护, 客户服务;
percent, JSON object), ``action_note`` what was done to carry the prescribed action out (it
no longer overwrites the survey's own note).

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-01 19:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scores', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('action_note', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('action_note')
        batch_op.drop_column('scores')
