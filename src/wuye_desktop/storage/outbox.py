"""Change capture: every insert, update and soft delete of a synced row writes an outbox entry
in the same transaction, so a rolled-back transaction leaves none and a committed one always
has its entries.

Within one transaction all flushes touching the same row coalesce into a single entry holding
exactly the fields that differ from the committed state (an edit = one entry). Bookkeeping
columns are set here too, so no caller can forget them.

:func:`outbox_values` is *the* one place an outbox entry is built (op id, table, row id, kind,
base version, changes ``{field: [old, new]}`` in wire form, user, device, created_at). Every
path calls it: the ORM hook below, :func:`bulk_insert_synced` (Core executemany), a conflict
decision (:func:`~wuye_desktop.storage.models_sync.write_resolution`) and a retried rejected
operation (:meth:`~wuye_desktop.services.sync.SyncService.retry`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select
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
_BULK = "wuye_bulk_pending"  # (table, row id) -> (op id, history id) of rows inserted by Core


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


class OutboxState(enum.StrEnum):
    """``OutboxEntry.state``: pending → sealed (in a batch) → one of the server's answers
    (applied, merged, conflict, rejected); a rejected entry is retried or discarded by a person."""

    PENDING = "pending"
    SEALED = "sealed"
    APPLIED = "applied"
    MERGED = "merged"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    RETRIED = "retried"
    DISCARDED = "discarded"


#: Outbox states that mean "this device still has something to say about the row".
UNSENT = (OutboxState.PENDING, OutboxState.SEALED)
#: Outbox states a revoked device still has to hand over (export-outbox).
UNFINISHED = (OutboxState.PENDING, OutboxState.SEALED, OutboxState.REJECTED)


class RowSyncState(enum.StrEnum):
    """``SyncMixin.sync_state`` of a synced row ("" = in step with the server)."""

    SYNCED = ""
    PENDING = "pending"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class ChangeKind(enum.StrEnum):
    """``OutboxEntry.kind``."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


def outbox_values(table: str, row_id: str, kind: str, base_version: int,
                  changes: Mapping[str, Sequence[Any]], actor: Actor, *,
                  created_at: datetime | None = None) -> dict[str, Any]:
    """The column values of one new pending outbox entry (see the module docstring).

    ``changes`` maps field -> (old, new); both are stored in wire form. A dict, so the bulk path
    can hand many to one executemany; :func:`new_outbox_entry` makes the ORM object.
    """
    return {"op_id": new_id(), "table_name": table, "row_id": row_id,
            "kind": str(ChangeKind(kind)), "base_version": int(base_version or 0),
            "changes": {f: [to_wire(old), to_wire(new)] for f, (old, new) in changes.items()},
            "user": actor.user, "device_id": actor.device_id,
            "state": str(OutboxState.PENDING),
            "created_at": created_at if created_at is not None else utcnow()}


def new_outbox_entry(table: str, row_id: str, kind: str, base_version: int,
                     changes: Mapping[str, Sequence[Any]], actor: Actor, *,
                     created_at: datetime | None = None) -> OutboxEntry:
    """:func:`outbox_values` as an :class:`OutboxEntry` (the caller adds it to its session)."""
    return OutboxEntry(**outbox_values(table, row_id, kind, base_version, changes, actor,
                                       created_at=created_at))


def insert_changes(values: Mapping[str, Any], columns: Iterable[str]) -> dict[str, list[Any]]:
    """The changes of an insert: every non-null content column, ``[None, new]``."""
    return {c: [None, to_wire(values.get(c))] for c in columns
            if c not in BOOKKEEPING and values.get(c) is not None}


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


apply_defaults = _apply_defaults


def remember_bulk(session: Session, entries: Mapping[tuple[str, str], tuple[str, str]]) -> None:
    """Rows a bulk path inserted with their outbox and history entries in this transaction
    ((table, row id) -> (op id, history id)): a later change to one of them in the same
    transaction coalesces into those entries, as it would into ORM-written ones."""
    session.info.setdefault(_BULK, {}).update(entries)


def _load_bulk(session: Session, key: tuple[str, str]) -> None:
    """Put a bulk-inserted row's outbox and history entries where the hook looks for them."""
    ids = session.info.get(_BULK, {}).pop(key, None)
    if ids is None:
        return
    op_id, hist_id = ids
    entry = session.scalars(select(OutboxEntry).where(OutboxEntry.op_id == op_id)).one()
    session.info.setdefault(_PENDING, {})[key] = entry
    h = session.get(HistoryEntry, hist_id)
    if h is not None:
        session.info.setdefault(_HISTORY, {})[key] = h


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
    if key not in pending:
        _load_bulk(session, key)
    entry = pending.get(key)
    if entry is None:
        entry = new_outbox_entry(obj.__sync_table__, obj.id, kind, obj.version or 0, changes,
                                 actor)
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


def note_history(session: Session, table: str, row_id: str, note: str) -> None:
    """Say why this transaction changed a row (e.g. "物业选聘备案"): set on the row's history
    entry of this transaction, which change capture writes knowing nothing of why. Call it
    after a flush that changed the row."""
    if (table, row_id) not in session.info.get(_HISTORY, {}):
        _load_bulk(session, (table, row_id))
    h = session.info.get(_HISTORY, {}).get((table, row_id))
    if h is not None:
        h.note = note


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
        obj.updated_by, obj.device_id = actor.user, actor.device_id
        obj.sync_state = RowSyncState.PENDING
        if getattr(obj, "__sync_readonly__", False):
            obj.sync_state = RowSyncState.SYNCED  # county reference data: pulled, never pushed
            continue
        keys = _column_keys(obj)
        changes = insert_changes({k: getattr(obj, k) for k in keys}, keys)
        _record(session, obj, ChangeKind.INSERT, changes)
    for obj in list(session.dirty):
        if not isinstance(obj, SyncMixin) or not session.is_modified(obj):
            continue
        if getattr(obj, "__sync_readonly__", False):
            continue
        changes = _changes_of_update(obj)
        if not changes:
            continue
        kind = ChangeKind.UPDATE
        if "deleted_at" in changes and changes["deleted_at"][1] is not None:
            kind = ChangeKind.DELETE
        obj.updated_at, obj.updated_by, obj.device_id = now, actor.user, actor.device_id
        obj.sync_state = RowSyncState.PENDING
        _record(session, obj, kind, changes)


def _forget(session: Session, *args: object) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_HISTORY, None)
    session.info.pop(_BULK, None)


event.listen(Session, "after_commit", _forget)
event.listen(Session, "after_rollback", _forget)
event.listen(Session, "after_soft_rollback", _forget)


def bulk_insert_synced(s: Session, model: type[SyncMixin], rows: list[dict[str, Any]],
                       actor: Actor) -> None:
    """Insert many rows of a synced model through Core executemany *and* one outbox entry per
    row, as the ORM hook would have written (kind insert, every non-null field)."""
    if not rows:
        return
    now = utcnow()
    cols = [a.key for a in inspect(model).column_attrs if a.key not in BOOKKEEPING]
    outbox = []
    for r in rows:
        r.setdefault("id", new_id())
        r.setdefault("version", 0)
        r["created_at"] = r["updated_at"] = now
        r["updated_by"], r["device_id"] = actor.user, actor.device_id
        r["sync_state"] = str(RowSyncState.PENDING)
        r.setdefault("deleted_at", None)
        for c in cols:
            r.setdefault(c, None)
        outbox.append(outbox_values(model.__sync_table__, r["id"], ChangeKind.INSERT, 0,
                                    insert_changes(r, cols), actor, created_at=now))
    s.execute(insert(model), rows)
    s.execute(insert(OutboxEntry), outbox)
