"""Applying server values to local rows: the storage half of sync (no protocol, no HTTP).

Which local model a wire table name means, how a wire value becomes a column value, and how a
row's open conflicts are closed once the server settles it. The sync use case
(:mod:`wuye_desktop.services.sync_engine`) calls these inside its transactions.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, inspect
from sqlalchemy.orm import Session

from .base import BOOKKEEPING, SyncMixin
from .models_sync import drop_copy, open_conflicts
from .types import CodeEnum, UTCDateTime, utcnow


def synced_models() -> dict[str, type[SyncMixin]]:
    """Wire table name -> local model, for every synced table the app knows."""
    from . import models_all

    models_all.load()
    out: dict[str, type[SyncMixin]] = {}
    stack = list(SyncMixin.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        name = getattr(cls, "__sync_table__", None)
        if name and hasattr(cls, "__table__"):
            out[name] = cls
    return out


def columns_of(model: type[SyncMixin]) -> dict[str, ColumnElement[Any]]:
    """Attribute name -> column of a synced model."""
    return {a.key: a.columns[0] for a in inspect(model).column_attrs}


def from_wire(column: ColumnElement[Any], value: Any) -> Any:
    """A wire (JSON) value as the Python value of ``column`` (dates, timestamps, enums)."""
    if value is None:
        return None
    t = column.type
    if isinstance(t, UTCDateTime):
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(t, Date):
        return date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if isinstance(t, CodeEnum):
        return t.enum_cls.parse(str(value))
    return value


def apply_fields(obj: SyncMixin, data: dict[str, Any], skip: set[str] | None = None) -> None:
    """Copy server values onto a local row (unknown fields from newer apps are ignored)."""
    cols = columns_of(type(obj))
    for k, v in data.items():
        if k in BOOKKEEPING or k not in cols or (skip and k in skip):
            continue
        setattr(obj, k, from_wire(cols[k], v))


def settle(s: Session, table: str, row_id: str, data: dict[str, Any]) -> None:
    """Close this device's open conflicts on a row the server no longer flags."""
    now = utcnow()
    for c in open_conflicts(s, table, row_id):
        c.resolved_at = now
        c.chosen_value = data.get(c.field)
    drop_copy(s, table, row_id)


def apply_county_fields(obj: SyncMixin, data: dict[str, Any], fields: tuple[str, ...]) -> None:
    """Merge a county reference row onto a same-named local row: the county's ``fields`` win,
    the local row's other fields stay (an empty one is filled from the county)."""
    cols = columns_of(type(obj))
    for k, v in data.items():
        if k in BOOKKEEPING or k not in cols or k in ("id", "name"):
            continue
        if k in fields or getattr(obj, k) in (None, ""):
            setattr(obj, k, from_wire(cols[k], v))
    for k in fields:
        if k not in data and k in cols:
            setattr(obj, k, None)
