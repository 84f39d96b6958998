"""The change feed behind ``GET /sync/changes``: pages of row versions after a cursor.

Cursor scheme (it must never skip a transaction that commits late):

* Every version in ``row_versions`` records ``seq`` (a sequence value taken at insert time) and,
  on PostgreSQL, ``txid`` = ``pg_current_xact_id()`` of the transaction that wrote it.
* **PostgreSQL.** Sequence values are handed out at insert, not at commit, so a transaction that
  commits late can make a *smaller* seq visible after a larger one was served; a seq cursor
  alone would skip it. Pull therefore orders by ``(txid, seq)`` and serves only versions with
  ``txid < pg_snapshot_xmin(pg_current_snapshot())``: every transaction below that horizon has
  finished, so the set of versions below it can no longer grow, and any version that appears
  later has a txid at or above the horizon of the earlier pull, i.e. after the cursor. The
  cursor is the ``(txid, seq)`` of the last version served. A long-running write transaction
  delays the feed for everyone (it holds the horizon back) but never makes it lose a change.
* **SQLite.** One writer at a time (every transaction begins IMMEDIATE), so seq order is commit
  order; txid is stored as 0 and the cursor degenerates to the seq.

The cursor is sent as the opaque string ``"<txid>-<seq>"``. A device does not get back the
versions it wrote itself and the server applied as sent; merged and conflicting versions are
served, since they carry values the device has not seen.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic_core import PydanticSerializationError
from sqlalchemy import Connection, and_, not_, or_, select

from wuye_desktop.domain.values import wire_size
from wuye_desktop.sync.protocol import COUNTY_SCOPE, Change, ChangesPage, FieldConflict

from .auth import DeviceInfo
from .db import safe_txid_horizon
from .errors import Refusal
from .models import Conflict, RowVersion

_CURSOR_RE = re.compile(r"^(\d{1,19})-(\d{1,19})$")
DEFAULT_PAGE = 500
MAX_PAGE = 2000
#: characters of row data per page (see :func:`wuye_desktop.domain.values.wire_size`)
MAX_PAGE_SIZE = 4_000_000


class BadCursor(Refusal):
    """The cursor string was not made by this server (400)."""

    def __init__(self, cursor: str) -> None:
        super().__init__("同步位置（游标）无效，请从头重新同步。")
        self.cursor = cursor


def parse_cursor(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return (-1, -1)
    m = _CURSOR_RE.match(cursor)
    if not m:
        raise BadCursor(cursor)
    txid, seq = int(m.group(1)), int(m.group(2))
    if txid >= 2**63 or seq >= 2**63:
        raise BadCursor(cursor)
    return txid, seq


def format_cursor(txid: int, seq: int) -> str:
    return f"{max(txid, 0)}-{max(seq, 0)}"


def _open_conflicts(conn: Connection, versions: list[Any]
                    ) -> dict[tuple[str, str], list[FieldConflict]]:
    """The open conflicts of the 待核实 rows on a page, by (table, row id): one query."""
    out: dict[tuple[str, str], list[FieldConflict]] = {}
    row_ids = sorted({v.row_id for v in versions})
    if not row_ids:
        return out
    for c in conn.execute(select(Conflict.table_name, Conflict.row_id, Conflict.field,
                                 Conflict.server_value, Conflict.device_value)
                          .where(Conflict.row_id.in_(row_ids), Conflict.resolved_at.is_(None))
                          .order_by(Conflict.id)):
        out.setdefault((c.table_name, c.row_id), []).append(FieldConflict.model_construct(
            field=c.field, server_value=c.server_value, device_value=c.device_value))
    return out


def changes_page(conn: Connection, device: DeviceInfo, cursor: str | None,
                 limit: int = DEFAULT_PAGE) -> ChangesPage:
    txid, seq = parse_cursor(cursor)
    limit = max(1, min(limit, MAX_PAGE))
    rv = RowVersion
    q = (select(rv.txid, rv.seq, rv.table_name, rv.row_id, rv.version, rv.community_code,
                rv.data, rv.deleted, rv.needs_review, rv.device_id, rv.user,
                rv.created_at)
         .where(rv.community_code.in_([device.community_code, COUNTY_SCOPE]),
                or_(rv.txid > txid, and_(rv.txid == txid, rv.seq > seq)),
                not_(and_(rv.device_id == device.id, rv.status == "applied")))
         .order_by(rv.txid, rv.seq).limit(limit + 1))
    horizon = safe_txid_horizon(conn)
    held: Any = None
    if horizon is not None:
        held = q.with_only_columns(rv.seq).where(rv.txid >= horizon).limit(1)
        q = q.where(rv.txid < horizon)
    found = list(conn.execute(q))
    has_more = len(found) > limit
    # Held back: committed versions at or above the horizon (a long transaction, even in
    # another database of the cluster, keeps it low). Said, so the device does not take a
    # partial feed for a complete one (the "missing rows" of tests/sync/test_faults.py).
    held_back = not has_more and held is not None and conn.execute(held).first() is not None
    found = found[:limit]
    # A page also ends at about MAX_PAGE_SIZE characters (at least one row), so large rows
    # cannot make a page that takes every neighbour's device (and the server) a gigabyte.
    size = 0
    for i, v in enumerate(found):
        size += wire_size(v.data)
        if size > MAX_PAGE_SIZE and i > 0:
            found, has_more, held_back = found[:i], True, False
            break
    # model_construct: the values come from our own database, already in shape; validating
    # up to 2000 of them per page again was the bulk of a pull's server time.
    conflicts = _open_conflicts(conn, [v for v in found if v.needs_review])
    changes = [Change.model_construct(table=v.table_name, row_id=v.row_id, version=v.version,
                      community_code=v.community_code, data=v.data, deleted=v.deleted,
                      needs_review=v.needs_review,
                      conflicts=conflicts.get((v.table_name, v.row_id), []),
                      reference=v.community_code == COUNTY_SCOPE,
                      device_id=v.device_id, user=v.user or "", changed_at=v.created_at)
               for v in found]
    next_cursor = format_cursor(found[-1].txid, found[-1].seq) if found else (
        format_cursor(txid, seq) if cursor else "")
    return ChangesPage(changes=changes, next_cursor=next_cursor, has_more=has_more,
                       held_back=held_back)


def page_json(page: ChangesPage) -> str:
    """The page as JSON text. Fast (pydantic's core) unless a stored value cannot be UTF-8, e.g.
    a lone surrogate stored before the server checked values: then every string is escaped
    (``\\ud800`` is valid JSON), so the device gets the row, sets it aside with the reason and
    the community's pull goes on instead of failing with a 500 on every run."""
    try:
        return page.model_dump_json()
    except PydanticSerializationError:
        return json.dumps(page.model_dump(mode="json"), ensure_ascii=True)
