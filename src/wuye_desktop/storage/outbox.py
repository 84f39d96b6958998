"""Change capture: every insert, update and soft delete of a synced row writes an outbox entry
in the same transaction, so a rolled-back transaction leaves none and a committed one always
has its entries.

Within one transaction all flushes touching the same row coalesce into a single entry holding
exactly the fields that differ from the committed state (an edit = one entry). Bookkeeping
columns are set here too, so no caller can forget them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from .base import BOOKKEEPING, SyncMixin
from .models import OutboxEntry
from .models_history import HistoryEntry
from .types import new_id, utcnow


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is making changes on which device (stamped on rows and outbox entries)."""

    user: str
    device_id: str


class HardDeleteError(RuntimeError):
    """Synced rows are tombstoned, never deleted: other devices must learn of the deletion."""


#: session.info keys
ACTOR = "wuye_actor"
SUPPRESS = "wuye_suppress_outbox"  # set by the sync engine while applying server rows
_PENDING = "wuye_outbox_pending"
_HISTORY = "wuye_history_pending"


def to_wire(value: Any) -> Any:
    """A column value as JSON: dates ISO, enums their code."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _column_keys(obj: SyncMixin) -> list[str]:
    return [a.key for a in inspect(type(obj)).column_attrs if a.key not in BOOKKEEPING]


def _apply_defaults(obj: SyncMixin) -> None:
    # Python-side column defaults normally fire at INSERT time, after this hook; apply them now
    # so the outbox entry carries the row exactly as it will be stored.
    mapper = inspect(type(obj))
    for attr in mapper.column_attrs:
        col = attr.columns[0]
        if getattr(obj, attr.key) is None and col.default is not None:
            default = col.default
            if default.is_scalar:
                setattr(obj, attr.key, default.arg)
            elif default.is_callable:
                setattr(obj, attr.key, default.arg(None))


def _changes_of_update(obj: SyncMixin) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for key in _column_keys(obj):
        hist = state.attrs[key].history
        if not hist.added and not hist.deleted:
            continue
        old = hist.deleted[0] if hist.deleted else (hist.unchanged[0] if hist.unchanged else None)
        new = hist.added[0] if hist.added else None
        old_w, new_w = to_wire(old), to_wire(new)
        if old_w != new_w:
            out[key] = [old_w, new_w]
    return out


def _record(session: Session, obj: SyncMixin, kind: str, changes: dict[str, list[Any]]) -> None:
    actor: Actor = session.info.get(ACTOR) or Actor("", "")
    pending: dict[tuple[str, str], OutboxEntry] = session.info.setdefault(_PENDING, {})
    key = (obj.__sync_table__, obj.id)
    entry = pending.get(key)
    if entry is None:
        entry = OutboxEntry(op_id=new_id(), table_name=obj.__sync_table__, row_id=obj.id,
                            kind=kind, base_version=obj.version or 0, changes=changes,
                            user=actor.user, device_id=actor.device_id, state="pending",
                            created_at=utcnow())
        pending[key] = entry
        session.add(entry)
        _mirror(session, entry)
        return
    merged = {k: list(v) for k, v in entry.changes.items()}
    for field, (old, new) in changes.items():
        if field in merged:
            merged[field] = [merged[field][0], new]
            if entry.kind != "insert" and merged[field][0] == new:
                del merged[field]
        else:
            merged[field] = [old, new]
    if entry.kind != "insert":
        entry.kind = kind if kind == "delete" or entry.kind != "delete" else entry.kind
    entry.changes = merged  # reassign: JSON columns do not track in-place mutation
    if not merged and entry.kind != "insert":
        session.expunge(entry) if entry in session.new else session.delete(entry)
        del pending[key]
    _mirror(session, entry, gone=key not in pending)


def _mirror(session: Session, entry: OutboxEntry, gone: bool = False) -> None:
    """Keep the row's history entry of this transaction equal to its (coalesced) outbox entry:
    the outbox is a queue that sync may fold or prune, history is kept for good."""
    hist: dict[tuple[str, str], HistoryEntry] = session.info.setdefault(_HISTORY, {})
    key = (entry.table_name, entry.row_id)
    h = hist.get(key)
    if gone:
        if h is not None:
            session.expunge(h) if h in session.new else session.delete(h)
            del hist[key]
        return
    if h is None:
        h = HistoryEntry(id=new_id(), table_name=entry.table_name, row_id=entry.row_id,
                         user=entry.user, device_id=entry.device_id, created_at=entry.created_at,
                         source="local", op_id=entry.op_id)
        hist[key] = h
        session.add(h)
    h.kind, h.changes = entry.kind, {k: list(v) for k, v in entry.changes.items()}


@event.listens_for(Session, "before_flush")
def _capture(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    if session.info.get(SUPPRESS):
        return
    actor: Actor = session.info.get(ACTOR) or Actor("", "")
    now = utcnow()
    for obj in list(session.deleted):
        if isinstance(obj, SyncMixin):
            raise HardDeleteError(
                f"{type(obj).__name__} rows are soft-deleted (set deleted_at), never deleted")
    for obj in list(session.new):
        if not isinstance(obj, SyncMixin):
            continue
        _apply_defaults(obj)
        obj.created_at = obj.updated_at = now
        obj.updated_by, obj.device_id, obj.sync_state = actor.user, actor.device_id, "pending"
        if getattr(obj, "__sync_readonly__", False):
            obj.sync_state = ""  # county reference data: pulled, never pushed
            continue
        changes = {k: [None, to_wire(getattr(obj, k))] for k in _column_keys(obj)
                   if getattr(obj, k) is not None}
        _record(session, obj, "insert", changes)
    for obj in list(session.dirty):
        if not isinstance(obj, SyncMixin) or not session.is_modified(obj):
            continue
        if getattr(obj, "__sync_readonly__", False):
            continue
        changes = _changes_of_update(obj)
        if not changes:
            continue
        kind = "update"
        if "deleted_at" in changes and changes["deleted_at"][1] is not None:
            kind = "delete"
        obj.updated_at, obj.updated_by, obj.device_id = now, actor.user, actor.device_id
        obj.sync_state = "pending"
        _record(session, obj, kind, changes)


def _forget(session: Session, *args: object) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_HISTORY, None)


event.listen(Session, "after_commit", _forget)
event.listen(Session, "after_rollback", _forget)
event.listen(Session, "after_soft_rollback", _forget)
