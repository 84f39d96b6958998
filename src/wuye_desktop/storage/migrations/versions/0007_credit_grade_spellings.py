"""companies: credit grades in the county's spelling ("3A", "AAA级", "ａａａ" → "AAA")

Before, 信用等级 was free text. The known spellings of a grade become the grade; each change is
a pending outbox entry and a history version (by "系统升级"), so the county and the
other devices learn of it and the worker can see and undo it. Anything else (e.g. "AAAA") is
kept exactly as typed: the company list shows it as 待改正 and the form asks for a grade from
the list; nothing is erased.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01 19:20:00
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from wuye_desktop.domain.credit import normalize_grade
from wuye_desktop.storage.types import new_id, utcnow

revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None

#: who the history names for these changes
NOTE = "系统升级（统一信用等级写法）"

_OUTBOX = sa.text(
    "INSERT INTO outbox (op_id, table_name, row_id, kind, base_version, changes, created_at, "
    "user, device_id, state) VALUES (:op, 'companies', :i, 'update', :v, :c, :t, :u, :d, "
    "'pending')")
_HISTORY = sa.text(
    "INSERT INTO history (id, table_name, row_id, kind, changes, created_at, user, device_id, "
    "source, op_id) VALUES (:id, 'companies', :i, 'update', :c, :t, :u, :d, 'local', :op)")


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, version, credit_grade FROM companies WHERE credit_grade IS NOT NULL")).all()
    device = conn.execute(sa.text(
        "SELECT value FROM local_settings WHERE key = 'device_id'")).scalar() or ""
    now = utcnow().isoformat(timespec="microseconds")  # as UTCDateTime stores it
    for row_id, version, grade in rows:
        fixed = normalize_grade(grade)
        if fixed == grade:
            continue  # already a grade, or unknown: kept as typed for the worker to correct
        changes = json.dumps({"credit_grade": [grade, fixed]}, ensure_ascii=False)
        op_id = new_id()
        conn.execute(sa.text(
            "UPDATE companies SET credit_grade = :g, sync_state = 'pending', updated_at = :t "
            "WHERE id = :i"), {"g": fixed, "t": now, "i": row_id})
        conn.execute(_OUTBOX, {"op": op_id, "i": row_id, "v": int(version or 0), "c": changes,
                               "t": now, "u": NOTE, "d": device})
        conn.execute(_HISTORY, {"id": new_id(), "i": row_id, "c": changes, "t": now, "u": NOTE,
                                "d": device, "op": op_id})


def downgrade() -> None:
    # The old spellings are in the history; the grades stay in the county's spelling.
    pass
