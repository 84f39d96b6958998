"""The durable change history (修改记录) of synced rows: one entry per row per transaction.

Why a table of its own rather than reading the outbox: the outbox is a queue — entries of a
rejected insert are folded away on retry, and a later release may prune applied entries — and
it never sees the versions pulled from the county (changes made on other devices). History
entries are written in the same transaction as the change itself:

* local edits by :mod:`wuye_desktop.storage.outbox` (mirroring the coalesced outbox entry, so
  an edit is one entry with exactly its changed fields, old → new);
* versions applied by the sync engine (pull, or the server's copy after a merge) with the
  county's user and device, ``source = "server"``;
* a person's conflict decision (:func:`~wuye_desktop.storage.models_sync.write_resolution`).

Values are wire values (dates ISO, enums their code, references UUIDs), like the outbox.
Not synced: the county keeps its own complete history (``row_versions``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import BOOKKEEPING, Base, SyncMixin
from .types import new_id, utcnow

#: ``HistoryEntry.source`` values
LOCAL = "local"
SERVER = "server"


class HistoryEntry(Base):
    """One version of one row: who, when, which device, and each changed field [old, new]."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_row", "table_name", "row_id", "created_at"),)

    # Client-made UUIDv7 (no RETURNING needed, so a 10k-row import inserts in a few statements).
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    row_id: Mapped[str] = mapped_column(String(36), nullable=False)
    #: insert | update | delete (as the outbox); a restore from 回收站 is an update of deleted_at
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    user: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    device_id: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    source: Mapped[str] = mapped_column(String(10), default=LOCAL, nullable=False)
    #: the outbox operation carrying a local change (None for versions from the server)
    op_id: Mapped[str | None] = mapped_column(String(36))
    #: the server version, for versions that came from the county
    version: Mapped[int | None] = mapped_column(Integer)
    #: why this version was made, when it is not a plain edit (e.g. 恢复为此版本)
    note: Mapped[str | None] = mapped_column(String(200))


def column_keys(obj: SyncMixin) -> list[str]:
    return [a.key for a in inspect(type(obj)).column_attrs if a.key not in BOOKKEEPING]


def pending_changes(obj: SyncMixin) -> tuple[str, dict[str, list[Any]]]:
    """(kind, field -> [old, new]) of ``obj``'s unflushed attribute changes (wire values).

    Used where change capture is suppressed (the sync engine applying server rows) to write a
    history entry of what actually changed locally.
    """
    from .outbox import to_wire  # outbox imports this module

    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    if state.pending or state.transient:
        out = {k: [None, to_wire(getattr(obj, k))] for k in column_keys(obj)
               if getattr(obj, k) is not None}
        return "insert", out
    for key in column_keys(obj):
        hist = state.attrs[key].history
        if not hist.added and not hist.deleted:
            continue
        old = hist.deleted[0] if hist.deleted else (hist.unchanged[0] if hist.unchanged else None)
        new = hist.added[0] if hist.added else None
        if to_wire(old) != to_wire(new):
            out[key] = [to_wire(old), to_wire(new)]
    kind = "delete" if "deleted_at" in out and out["deleted_at"][1] is not None else "update"
    return kind, out


def record_server_version(s: Session, obj: SyncMixin, *, user: str = "",
                          device_id: str = "", at: datetime | None = None,
                          version: int | None = None, source: str = SERVER
                          ) -> HistoryEntry | None:
    """Write the history entry of a version just applied onto ``obj`` with change capture
    suppressed (before flush): a server version, or (``source=LOCAL``) a person's edit made
    where the outbox entry is written by hand."""
    kind, changes = pending_changes(obj)
    if not changes:
        return None
    entry = HistoryEntry(id=new_id(), table_name=obj.__sync_table__, row_id=obj.id, kind=kind,
                         changes=changes, created_at=at or utcnow(), user=user or "",
                         device_id=device_id or "", source=source, version=version)
    s.add(entry)
    return entry


__all__ = ["LOCAL", "SERVER", "HistoryEntry", "pending_changes", "record_server_version"]
