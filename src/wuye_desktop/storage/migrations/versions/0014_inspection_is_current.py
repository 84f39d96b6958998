"""inspections.is_current kept by triggers; FTS5 trigram indexes for substring search

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 04:40:00.000000

An inspection is superseded once a finalised, live revision (``revision_of_id`` = its id)
exists. The list asked that per row with a NOT EXISTS subquery; the column holds the same answer,
kept right by triggers in the statement that writes the revision, so every writer (the app's
ORM, a pulled row, raw SQL) keeps it in step. The column is local: it is in ``BOOKKEEPING``, so
it is neither pushed nor applied from a pull.

The registers' and the inspection list's substring search reads ``<table>_fts`` trigram
indexes (``storage.fts``), each holding the row id (unindexed) and the searched text columns,
kept in step by insert/update/delete triggers. They hold their own copy of the text, not an
external-content index on the rowid: these tables have text primary keys, and VACUUM may
renumber the rowid of such a table.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

#: recompute is_current of the rows whose id matches the WHERE of each trigger
_RECOMPUTE = """UPDATE inspections SET is_current = NOT EXISTS (
            SELECT 1 FROM inspections n WHERE n.revision_of_id = inspections.id
            AND n.status = 'final' AND n.deleted_at IS NULL)"""

TRIGGERS = {
    # a new row: itself (a pulled revision may have arrived before it) and what it revises
    'trg_inspections_current_insert': f"""CREATE TRIGGER trg_inspections_current_insert
        AFTER INSERT ON inspections
        BEGIN {_RECOMPUTE} WHERE id IN (NEW.id, NEW.revision_of_id); END""",
    # finalising, deleting or re-pointing a revision changes what it revised (old and new)
    'trg_inspections_current_update': f"""CREATE TRIGGER trg_inspections_current_update
        AFTER UPDATE OF status, deleted_at, revision_of_id ON inspections
        BEGIN {_RECOMPUTE} WHERE id IN (OLD.revision_of_id, NEW.revision_of_id); END""",
    'trg_inspections_current_delete': f"""CREATE TRIGGER trg_inspections_current_delete
        AFTER DELETE ON inspections
        BEGIN {_RECOMPUTE} WHERE id = OLD.revision_of_id; END""",
}


#: table → searched columns (as ``storage.fts.FTS_COLUMNS``; a test checks the two agree)
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    'estates': ('name', 'address'),
    'companies': ('name', 'credit_code', 'manager', 'phone'),
    'buildings': ('number',),
    'units': ('number',),
    'leads': ('name', 'phone'),
    'members': ('name', 'phone'),
}


def _fts_statements(t: str, cols: tuple[str, ...]) -> list[str]:
    names = ', '.join(cols)
    new = ', '.join(f'NEW.{c}' for c in cols)
    insert = f'INSERT INTO {t}_fts (id, {names}) VALUES (NEW.id, {new});'
    delete = f'DELETE FROM {t}_fts WHERE id = OLD.id;'
    return [
        f"CREATE VIRTUAL TABLE {t}_fts USING fts5(id UNINDEXED, {names}, tokenize='trigram')",
        f'INSERT INTO {t}_fts (id, {names}) SELECT id, {names} FROM {t}',
        f'CREATE TRIGGER trg_{t}_fts_insert AFTER INSERT ON {t} BEGIN {insert} END',
        f'CREATE TRIGGER trg_{t}_fts_update AFTER UPDATE OF id, {names} ON {t} BEGIN {delete} {insert} END',
        f'CREATE TRIGGER trg_{t}_fts_delete AFTER DELETE ON {t} BEGIN {delete} END',
    ]


def upgrade() -> None:
    # a plain ADD COLUMN, not batch mode: rebuilding the table would drop its triggers
    op.add_column('inspections', sa.Column('is_current', sa.Boolean(), server_default=sa.text('1'),
                                           nullable=False))
    op.execute(_RECOMPUTE)
    op.create_index('ix_inspections_current_date', 'inspections', ['inspected_on', 'id'], unique=False,
                    sqlite_where=sa.text('is_current = 1 AND deleted_at IS NULL'))
    for sql in TRIGGERS.values():
        op.execute(sql)
    for t, cols in FTS_COLUMNS.items():
        for sql in _fts_statements(t, cols):
            op.execute(sql)


def downgrade() -> None:
    for t in FTS_COLUMNS:
        for kind in ('insert', 'update', 'delete'):
            op.execute(f'DROP TRIGGER IF EXISTS trg_{t}_fts_{kind}')
        op.execute(f'DROP TABLE IF EXISTS {t}_fts')
    for name in TRIGGERS:
        op.execute(f'DROP TRIGGER IF EXISTS {name}')
    op.drop_index('ix_inspections_current_date', table_name='inspections')
    op.execute('ALTER TABLE inspections DROP COLUMN is_current')
