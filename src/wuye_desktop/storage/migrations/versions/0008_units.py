"""units: a 单元 register under each building; a lead refers to its unit

Each building with a 单元数 N gets units 1…N. A lead's free-text 单元 ("2单元", "二单元", "2")
is linked to the unit it names; text that names no unit of the building stays in ``leads.unit``
as written. The new units and the relinked leads get outbox entries (so the county and the
other devices learn of them) and history entries (修改记录 says the upgrade made them).

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-01 19:30:00
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from wuye_desktop.domain.units import made_unit_id, unit_number, units_to_add
from wuye_desktop.storage.types import utcnow

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

NOTE = "升级时由单元数生成"


def upgrade() -> None:
    op.create_table('units',
    sa.Column('building_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('floors', sa.Integer(), nullable=True),
    sa.Column('household_count', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.String(length=60), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.Column('sync_state', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['building_id'], ['buildings.id'], name=op.f('fk_units_building_id_buildings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_units'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_building_id'), ['building_id'], unique=False)
        batch_op.create_index('uq_units_building_number_live', ['building_id', 'number'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'))
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_leads_unit_id'), ['unit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_leads_unit_id_units'), 'units', ['unit_id'], ['id'])
    _units_from_counts()


def _units_from_counts() -> None:
    """Plain SQL (migrations never import models that later versions change)."""
    c = op.get_bind()
    now = utcnow().isoformat(timespec="microseconds")  # when the upgrade really ran
    device = str(c.execute(sa.text(
        "SELECT value FROM local_settings WHERE key = 'device_id'")).scalar() or "")
    units: dict[str, dict[str, str]] = {}  # building id → unit number → unit id
    for bid, count in c.execute(sa.text(
            "SELECT id, unit_count FROM buildings WHERE deleted_at IS NULL AND unit_count > 0")):
        made = units.setdefault(bid, {})
        for number in units_to_add(count, ()):
            uid = made_unit_id(bid, number)
            made[number] = uid
            c.execute(sa.text(
                "INSERT INTO units (id, building_id, number, version, created_at, updated_at,"
                " updated_by, device_id, sync_state) VALUES (:id, :b, :n, 0, :t, :t, '', :d,"
                " 'pending')"), {"id": uid, "b": bid, "n": number, "t": now, "d": device})
            _record(c, "units", uid, "insert", 0, {"building_id": [None, bid],
                                                   "number": [None, number]}, now, device)
    for lid, bid, text, version in c.execute(sa.text(
            "SELECT id, building_id, unit, version FROM leads WHERE unit IS NOT NULL")).all():
        linked = units.get(bid, {}).get(unit_number(text) or "")
        if linked is None:
            continue  # names no unit of the building: kept in leads.unit as written
        c.execute(sa.text("UPDATE leads SET unit_id = :u, unit = NULL, sync_state = CASE"
                          " sync_state WHEN '' THEN 'pending' ELSE sync_state END WHERE id = :id"),
                  {"u": linked, "id": lid})
        _record(c, "leads", lid, "update", version,
                {"unit_id": [None, linked], "unit": [text, None]}, now, device)


def _record(c: Any, table: str, row_id: str, kind: str, base: int, changes: dict[str, Any],
            now: str, device: str) -> None:
    """One outbox entry and its 修改记录 line (the op id doubles as the history id, as in 0004)."""
    from uuid import uuid4

    op_id = str(uuid4())
    values = {"op": op_id, "t": table, "r": row_id, "k": kind, "b": base,
              "c": json.dumps(changes, ensure_ascii=False), "at": now, "d": device, "note": NOTE}
    c.execute(sa.text(
        "INSERT INTO outbox (op_id, table_name, row_id, kind, base_version, changes, created_at,"
        " user, device_id, state) VALUES (:op, :t, :r, :k, :b, :c, :at, '', :d, 'pending')"),
        values)
    c.execute(sa.text(
        "INSERT INTO history (id, table_name, row_id, kind, changes, created_at, user, device_id,"
        " source, op_id, version, note) VALUES (:op, :t, :r, :k, :c, :at, '', :d, 'local', :op,"
        " NULL, :note)"), values)


def downgrade() -> None:
    # Linked units go back into the free-text 单元 they replaced.
    op.execute(sa.text("UPDATE leads SET unit = (SELECT number || '单元' FROM units"
                       " WHERE units.id = leads.unit_id) WHERE unit_id IS NOT NULL"))
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_leads_unit_id_units'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_leads_unit_id'))
        batch_op.drop_column('unit_id')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index('uq_units_building_number_live', sqlite_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_units_building_id'))
    op.drop_table('units')
