"""Writing an import's new rows at database speed (issue 14 item 6).

The registers validate and build every row as before; what this module replaces is the ORM
flush of the rows that are *new*: the register rows (and the units a building's 单元数 derives),
their outbox entries and their history entries are inserted with Core ``executemany`` in the
caller's transaction, with exactly the values the ``before_flush`` change capture
(:mod:`wuye_desktop.storage.outbox`) would have written — the same bookkeeping columns, one
timestamp per flush, the same outbox payloads and history records in the same order. The rows
are then attached to the session as persistent, so later rows and later flushes of the same
transaction see them as the ORM path leaves them; a later change to one of them coalesces into
its insert entry as before (:func:`~wuye_desktop.storage.outbox.remember_bulk`).

Updated rows stay on the ORM path (the caller's ``flush`` after this).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session, make_transient_to_detached

from ..storage.base import BOOKKEEPING, Base, SyncMixin
from ..storage.models import OutboxEntry
from ..storage.models_history import LOCAL, HistoryEntry
from ..storage.outbox import (
    ACTOR,
    SUPPRESS,
    Actor,
    ChangeKind,
    RowSyncState,
    insert_changes,
    outbox_values,
    remember_bulk,
)
from ..storage.types import new_id, utcnow

_TABLES = Base.metadata.tables


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the bulk write needs of a model, worked out once."""

    attrs: list[str]  # attribute keys of every column
    columns: list[str]  # the matching column keys (the Core insert's)
    content: list[str]  # the columns an insert's outbox entry carries
    defaults: list[tuple[str, Any, bool]]  # (attribute, default, callable) as the ORM applies


_SHAPES: dict[type[Any], _Shape] = {}


def _shape(model: type[Any]) -> _Shape:
    shape = _SHAPES.get(model)
    if shape is None:
        attrs = list(inspect(model).column_attrs)
        defaults = [(a.key, a.columns[0].default.arg, bool(a.columns[0].default.is_callable))
                    for a in attrs if a.columns[0].default is not None
                    and (a.columns[0].default.is_scalar or a.columns[0].default.is_callable)]
        shape = _Shape([a.key for a in attrs], [a.columns[0].key for a in attrs],
                       [a.key for a in attrs if a.key not in BOOKKEEPING], defaults)
        _SHAPES[model] = shape
    return shape


def write_new(s: Session) -> int:
    """Insert the session's pending new synced rows (see the module docstring); returns how
    many. Anything else pending (updates, other objects) is left for the caller's flush."""
    if s.info.get(SUPPRESS):
        return 0
    new = [o for o in s.new
           if isinstance(o, SyncMixin) and not getattr(o, "__sync_readonly__", False)]
    if not new:
        return 0
    actor: Actor = s.info.get(ACTOR) or Actor("", "")
    now = utcnow()
    stamps = {"created_at": now, "updated_at": now, "updated_by": actor.user,
              "device_id": actor.device_id, "sync_state": str(RowSyncState.PENDING)}
    by_model: dict[type[Any], list[dict[str, Any]]] = {}
    outbox: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for obj in new:
        model = type(obj)
        shape = _shape(model)
        d = obj.__dict__
        values = {k: d.get(k) for k in shape.attrs}
        # as the capture hook: the Python-side defaults now, then the bookkeeping columns
        for key, default, is_callable in shape.defaults:
            if values[key] is None:
                values[key] = default(None) if is_callable else default
        values.update(stamps)
        d.update(values)  # the object as the flush leaves it (attached as loaded below)
        by_model.setdefault(model, []).append(
            dict(zip(shape.columns, values.values(), strict=True)))
        entry = outbox_values(obj.__sync_table__, obj.id, ChangeKind.INSERT, obj.version or 0,
                              insert_changes(values, shape.content), actor, created_at=utcnow())
        outbox.append(entry)
        history.append({"id": new_id(), "table_name": entry["table_name"],
                        "row_id": entry["row_id"], "kind": entry["kind"],
                        "changes": {k: list(v) for k, v in entry["changes"].items()},
                        "created_at": entry["created_at"], "user": entry["user"],
                        "device_id": entry["device_id"], "source": LOCAL,
                        "op_id": entry["op_id"], "version": None, "note": None})
    for obj in new:
        s.expunge(obj)
    # The tables' dependency order is taken now, not at import: model modules load lazily (an
    # estate's first import brings in the schedules' table), and the metadata grows with them.
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    with s.no_autoflush:  # the updates flush after, as the hook writes inserts first
        for model in sorted(by_model, key=lambda m: order[m.__table__.name]):
            s.execute(insert(_TABLES[model.__table__.name]), by_model[model])
        s.execute(insert(_TABLES[OutboxEntry.__tablename__]), outbox)
        s.execute(insert(_TABLES[HistoryEntry.__tablename__]), history)
    for obj in new:
        make_transient_to_detached(obj)
    s.add_all(new)
    remember_bulk(s, {(e["table_name"], e["row_id"]): (e["op_id"], h["id"])
                      for e, h in zip(outbox, history, strict=True)})
    return len(new)


__all__ = ["write_new"]
