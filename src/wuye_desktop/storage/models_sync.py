"""Local sync bookkeeping: conflicts waiting for a person and the server's copies of rows.

* :class:`SyncConflict` — one row per conflicting *field*: the server kept its value, this
  device's value is stored beside it, and a person decides (``resolved_at`` set then). Open
  conflicts are the rows with ``resolved_at IS NULL``.
* :class:`SyncCopy` — a server copy of one row, of one of two kinds:
  ``"copy"`` (kept beside a local row that has pending edits or a conflict: never applied over
  local data) and ``"reference"`` (county reference data with no local table yet, e.g. notice
  templates); ``"setaside"`` is a pulled row this device could not apply, with the reason.
  They replace the ``sync_server_copy:`` / ``sync_reference:`` keys that the first
  engine kept in ``local_settings``.

:func:`write_resolution` is *the* way to record a person's conflict decision: it writes the
outbox entry itself, with the one writer :func:`~wuye_desktop.storage.outbox.new_outbox_entry`
(change capture would drop a choice equal to the local value as a no-op,
but the server closes a conflict only when an edit on the current version touches the field).

None of these tables is synced: they describe this device's view of the server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, func, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, SyncMixin
from .models import OutboxEntry
from .models_history import LOCAL, HistoryEntry
from .outbox import ACTOR, Actor, ChangeKind, RowSyncState, new_outbox_entry, to_wire
from .types import new_id, utcnow

#: ``SyncCopy.kind`` values.
COPY = "copy"
REFERENCE = "reference"
#: A pulled row this device could not apply, kept with its reason (shown under 需要处理).
SET_ASIDE = "setaside"


class SyncConflict(Base):
    """One conflicting field of one row: both values kept until a person chooses."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (
        Index("ix_sync_conflicts_open", "table_name", "row_id",
              sqlite_where=text("resolved_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    row_id: Mapped[str] = mapped_column(String(36), nullable=False)
    field: Mapped[str] = mapped_column(String(63), nullable=False)
    #: JSON wire values (dates ISO, enums their code), exactly as the protocol carries them.
    server_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    local_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    server_version: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    #: the wire value the person chose (kept for the audit trail)
    chosen_value: Mapped[Any] = mapped_column(JSON, nullable=True)


class SyncCopy(Base):
    """A server copy of one row: beside a local row (``copy``) or reference data."""

    __tablename__ = "sync_reference"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int | None] = mapped_column(Integer)
    #: the row's fields as the server sent them (wire values)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    deleted: Mapped[bool] = mapped_column(default=False, nullable=False)
    needs_review: Mapped[bool] = mapped_column(default=False, nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


def put_copy(s: Session, kind: str, table: str, row_id: str, data: dict[str, Any] | None, *,
             version: int | None = None, deleted: bool = False, needs_review: bool = False,
             reason: str | None = None) -> SyncCopy:
    """Insert or replace the server copy of ``table``/``row_id``."""
    row = s.get(SyncCopy, (kind, table, row_id))
    if row is not None and row in s.deleted:  # dropped earlier in this transaction
        s.flush()
        row = None
    if row is None:
        row = SyncCopy(kind=kind, table_name=table, row_id=row_id, data={})
        s.add(row)
    row.data = dict(data or {})
    row.version, row.deleted, row.needs_review, row.reason = version, deleted, needs_review, reason
    row.received_at = utcnow()
    return row


def drop_copy(s: Session, table: str, row_id: str, kind: str = COPY) -> None:
    row = s.get(SyncCopy, (kind, table, row_id))
    if row is not None:
        s.delete(row)


def reference_rows(s: Session, table: str) -> list[SyncCopy]:
    """The county reference rows of ``table`` this device has pulled (not deleted)."""
    return list(s.scalars(select(SyncCopy).where(
        SyncCopy.kind == REFERENCE, SyncCopy.table_name == table,
        SyncCopy.deleted.is_(False)).order_by(SyncCopy.row_id)))


def county_record(s: Session, table: str, name: object) -> SyncCopy | None:
    """The county's reference row of ``table`` whose ``name`` is ``name`` (the registry entry
    a same-named local company merges with), if this device has pulled one."""
    if not isinstance(name, str) or not name:
        return None
    return s.scalars(select(SyncCopy).where(
        SyncCopy.kind == REFERENCE, SyncCopy.table_name == table, SyncCopy.deleted.is_(False),
        func.json_extract(SyncCopy.data, "$.name") == name).limit(1)).first()


def newest_document(s: Session, kind: str) -> SyncCopy | None:
    """The newest county document of ``kind`` received (schedule rules, privacy policy…):
    reference rows of ``templates`` carry them, told apart by their ``kind``."""
    for c in s.scalars(select(SyncCopy).where(
            SyncCopy.kind == REFERENCE, SyncCopy.table_name == "templates",
            SyncCopy.deleted.is_(False)).order_by(SyncCopy.received_at.desc())):
        if isinstance(c.data, dict) and c.data.get("kind") == kind:
            return c
    return None


def open_conflicts(s: Session, table: str | None = None,
                   row_id: str | None = None) -> list[SyncConflict]:
    q = select(SyncConflict).where(SyncConflict.resolved_at.is_(None))
    if table is not None:
        q = q.where(SyncConflict.table_name == table)
    if row_id is not None:
        q = q.where(SyncConflict.row_id == row_id)
    return list(s.scalars(q.order_by(SyncConflict.id)))


def replace_conflicts(s: Session, table: str, row_id: str, fields: list[tuple[str, Any, Any]],
                      server_version: int | None, reason: str | None) -> None:
    """The open conflicts of a row become exactly ``fields`` (field, server, local)."""
    for old in open_conflicts(s, table, row_id):
        s.delete(old)
    for f, server_value, local_value in fields:
        s.add(SyncConflict(table_name=table, row_id=row_id, field=f, server_value=server_value,
                           local_value=local_value, server_version=server_version,
                           reason=reason, created_at=utcnow()))


def write_resolution(s: Session, obj: SyncMixin, changes: dict[str, tuple[Any, Any]]) -> OutboxEntry:
    """Record a person's conflict decision on ``obj`` as one pending outbox entry.

    ``changes`` maps field -> (server value, chosen value), both as wire values. Must run in a
    session with ``SUPPRESS`` set (the caller has already written the chosen values onto
    ``obj``). The entry's base version is the server version the person saw, so the server
    accepts it as the newest edit and closes the conflict; the open :class:`SyncConflict`
    rows of the decided fields are marked resolved in the same transaction.
    """
    actor: Actor = s.info.get(ACTOR) or Actor("", "")
    now = utcnow()
    entry = new_outbox_entry(obj.__sync_table__, obj.id, ChangeKind.UPDATE, obj.version,
                             changes, actor, created_at=now)
    s.add(entry)
    # The decision is an edit by this person (change capture is suppressed here).
    s.add(HistoryEntry(id=new_id(), table_name=entry.table_name, row_id=entry.row_id,
                       kind=entry.kind, changes=dict(entry.changes), created_at=now,
                       user=actor.user, device_id=actor.device_id, source=LOCAL,
                       op_id=entry.op_id))
    for c in open_conflicts(s, obj.__sync_table__, obj.id):
        if c.field in changes:
            c.resolved_at = now
            c.chosen_value = to_wire(changes[c.field][1])
    obj.sync_state = RowSyncState.PENDING
    obj.updated_at = now
    obj.updated_by = actor.user
    return entry
