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

Three things make it fast, each measured (cProfile, 5k buildings, `benchmarks/bench_import.py`):
- the rows go to the driver's ``executemany`` already converted by each column type's own bind
  processor, once per value: SQLAlchemy's compiled ``executemany`` re-derives every row's
  parameters (``construct_params``), which was most of the 7.8 s the eight inserts took;
- the inserted objects become persistent the way a flush makes them (the session's
  ``_register_persistent``), instead of being expunged, made detached and added again with a
  save-update cascade per object (4 s);
- the units a new building's 单元数 makes are held for this write (:func:`hold`) instead of each
  being ``session.add``-ed with its cascade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, inspect
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

_HELD = "wuye_bulk_held"  # session.info: new objects kept out of the session for write_new


def start(s: Session) -> None:
    """Turn :func:`hold` on for this session's transaction (the import's bulk write)."""
    s.info[_HELD] = []


def hold(s: Session, obj: SyncMixin, after: SyncMixin) -> bool:
    """Keep a new row for :func:`write_new` instead of ``session.add``: True if taken (the bulk
    write is on), False if the caller must add it itself. Its outbox entry comes right after
    ``after``'s (a building's, for its units), where a flush of the session would put it."""
    held = s.info.get(_HELD)
    if held is None:
        return False
    held.append((obj, after))
    return True


def held(s: Session) -> list[Any]:
    """The rows :func:`hold` is keeping for the next :func:`write_new` (new, as ``s.new``)."""
    return [obj for obj, _after in s.info.get(_HELD) or ()]


def _insert_many(s: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` every row with one driver ``executemany``, each value converted by its
    column's type exactly as SQLAlchemy's own insert converts it. Only on SQLite (the desktop's
    database) and for rows that name every column with a default (the callers' rows name every
    column but the key SQLite assigns); otherwise SQLAlchemy's Core insert."""
    if not rows:
        return
    keys = list(rows[0])
    conn = s.connection()
    dialect = conn.dialect
    if dialect.paramstyle != "qmark" or any(c.key not in keys and (c.default is not None
                                  or (c.server_default is not None and not c.primary_key))
           for c in table.columns):
        s.execute(insert(table), rows)
        return
    procs = [table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in keys]
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(table.c[k].name) for k in keys)})"
           f" VALUES ({', '.join('?' * len(keys))})")
    columns: list[list[Any]] = []
    for k, p in zip(keys, procs, strict=True):
        values = [r[k] for r in rows]
        if p is not None:
            # A column often holds one object in every row (the flush's timestamp, the user,
            # the device): converted once. Keyed by identity, so equal-but-distinct values
            # are each converted, exactly as before.
            last: Any = object()
            done: Any = None
            out = []
            for v in values:
                if v is not last:
                    last, done = v, p(v)
                out.append(done)
            values = out
        columns.append(values)
    conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))


def _attach(s: Session, objs: list[Any]) -> None:
    """Make the Core-inserted objects persistent in the session, as a flush leaves them."""
    register = getattr(s, "_register_persistent", None)
    save = getattr(s, "_save_impl", None)
    if register is None or save is None:  # another SQLAlchemy: the public, slower way
        for obj in objs:
            if obj in s:
                s.expunge(obj)
            make_transient_to_detached(obj)
        s.add_all(objs)
        return
    states = set()
    for obj in objs:
        state = inspect(obj)
        if state.session_id is None:
            save(state)  # a held row: pending first, no cascade (it has no related objects)
        states.add(state)
    register(states)


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
    held = s.info.get(_HELD)
    new = [o for o in s.new
           if isinstance(o, SyncMixin) and not getattr(o, "__sync_readonly__", False)]
    if held:
        follow: dict[int, list[Any]] = {}
        for obj, after in held:
            follow.setdefault(id(after), []).append(obj)
        new = [x for o in new for x in (o, *follow.pop(id(o), ()))]
        new += [x for rest in follow.values() for x in rest]
        s.info[_HELD] = []
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
    # The tables' dependency order is taken now, not at import: model modules load lazily (an
    # estate's first import brings in the schedules' table), and the metadata grows with them.
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    with s.no_autoflush:  # the updates flush after, as the hook writes inserts first
        for model in sorted(by_model, key=lambda m: order[m.__table__.name]):
            _insert_many(s, _TABLES[model.__table__.name], by_model[model])
        _insert_many(s, _TABLES[OutboxEntry.__tablename__], outbox)
        _insert_many(s, _TABLES[HistoryEntry.__tablename__], history)
    _attach(s, new)
    remember_bulk(s, {(e["table_name"], e["row_id"]): (e["op_id"], h["id"])
                      for e, h in zip(outbox, history, strict=True)})
    return len(new)


__all__ = ["held", "hold", "start", "write_new"]
