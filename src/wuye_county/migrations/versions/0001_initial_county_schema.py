"""Initial county schema: generic rows, their versions, devices, batches, conflicts, photos.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 01:42:32.910746
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

JSONT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:

    op.create_table('applied_ops',
    sa.Column('op_id', sa.String(length=64), nullable=False),
    sa.Column('batch_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('result', JSONT, nullable=False),
    sa.PrimaryKeyConstraint('op_id')
    )
    op.create_table('batches',
    sa.Column('batch_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('op_count', sa.Integer(), nullable=False),
    sa.Column('reply', JSONT, nullable=False),
    sa.PrimaryKeyConstraint('batch_id')
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batches_device_id'), ['device_id'], unique=False)

    op.create_table('communities',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('conflicts',
    sa.Column('id', BIGID, autoincrement=True, nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('community_code', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('server_value', JSONT, nullable=True),
    sa.Column('device_value', JSONT, nullable=True),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('op_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('user', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicts_community_code'), ['community_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflicts_row_id'), ['row_id'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('photos',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('community_code', sa.String(length=32), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('row_versions',
    sa.Column('seq', BIGID, autoincrement=True, nullable=False),
    sa.Column('txid', sa.BigInteger(), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('community_code', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', JSONT, nullable=False),
    sa.Column('changes', JSONT, nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.Column('user', sa.String(length=100), nullable=False),
    sa.Column('batch_id', sa.String(length=64), nullable=True),
    sa.Column('op_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('row_versions', schema=None) as batch_op:
        batch_op.create_index('ix_row_versions_feed', ['community_code', 'txid', 'seq'], unique=False)
        batch_op.create_index('ix_row_versions_row', ['table_name', 'row_id', 'version'], unique=False)

    op.create_table('rows',
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('community_code', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', JSONT, nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'row_id')
    )
    with op.batch_alter_table('rows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rows_community_code'), ['community_code'], unique=False)
        batch_op.create_index('ix_rows_row_id', ['row_id'], unique=False)

    op.create_table('devices',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('community_code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('app_version', sa.String(length=40), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refresh_hash', sa.String(length=64), nullable=False),
    sa.Column('prev_refresh_hash', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['community_code'], ['communities.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('enrolment_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('community_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['community_code'], ['communities.code'], ),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('code_hash')
    )



def downgrade() -> None:

    op.drop_table('enrolment_codes')
    op.drop_table('devices')
    with op.batch_alter_table('rows', schema=None) as batch_op:
        batch_op.drop_index('ix_rows_row_id')
        batch_op.drop_index(batch_op.f('ix_rows_community_code'))

    op.drop_table('rows')
    with op.batch_alter_table('row_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_row_versions_row')
        batch_op.drop_index('ix_row_versions_feed')

    op.drop_table('row_versions')
    op.drop_table('photos')
    op.drop_table('meta')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicts_row_id'))
        batch_op.drop_index(batch_op.f('ix_conflicts_community_code'))

    op.drop_table('conflicts')
    op.drop_table('communities')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batches_device_id'))

    op.drop_table('batches')
    op.drop_table('applied_ops')

