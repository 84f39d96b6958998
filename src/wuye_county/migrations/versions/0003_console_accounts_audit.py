"""Console accounts, sessions and audit log; refresh-token reuse detection; photos per community.

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-01 19:20:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None

JSONT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _photos(name: str, pk: list[str]) -> None:
    op.create_table(name,
    sa.Column('community_code', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint(*pk, name=f'pk_{name}_{len(pk)}')
    )


def _swap_photos(pk: list[str]) -> None:
    _photos('photos_new', pk)
    op.execute("INSERT INTO photos_new (community_code, sha256, size, data, device_id, created_at) "
               "SELECT community_code, sha256, size, data, device_id, created_at FROM photos")
    op.drop_table('photos')
    op.rename_table('photos_new', 'photos')


def upgrade() -> None:
    op.create_table('staff_users',
    sa.Column('id', BIGID, autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('subdistrict', sa.String(length=9), nullable=True),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('staff_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', BIGID, nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_users.id'], ),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index('ix_staff_sessions_user_id', 'staff_sessions', ['user_id'])
    op.create_table('audit_log',
    sa.Column('id', BIGID, autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('detail', JSONT, nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.create_index('ix_audit_log_action', 'audit_log', ['action'])
    op.create_table('spent_refresh_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('spent_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index('ix_spent_refresh_tokens_device_id', 'spent_refresh_tokens', ['device_id'])
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_reason', sa.String(length=32), nullable=True))
    with op.batch_alter_table('enrolment_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replayed_at', sa.DateTime(timezone=True), nullable=True))
    _swap_photos(['community_code', 'sha256'])


def downgrade() -> None:
    # Two communities' copies of one photo cannot share the old single-hash key: keep the first.
    op.execute("DELETE FROM photos WHERE EXISTS (SELECT 1 FROM photos p2 WHERE p2.sha256 = photos.sha256 "
               "AND p2.community_code < photos.community_code)")
    _swap_photos(['sha256'])
    with op.batch_alter_table('enrolment_codes', schema=None) as batch_op:
        batch_op.drop_column('replayed_at')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('revoked_reason')
    op.drop_table('spent_refresh_tokens')
    op.drop_table('audit_log')
    op.drop_table('staff_sessions')
    op.drop_table('staff_users')
