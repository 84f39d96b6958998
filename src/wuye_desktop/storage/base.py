"""Declarative base and the columns every synced row carries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Date, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .types import UTCDateTime, new_id, utcnow

# Deterministic constraint names so Alembic batch migrations on SQLite can find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of all local tables."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), date: Date()}


#: Columns maintained by storage itself; never reported as user changes in the outbox (nor
#: applied from a pull, nor kept in history). ``is_current`` (inspections) is derived on each
#: device by SQLite triggers (migration 0014).
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "updated_by", "device_id",
                         "sync_state", "is_current"})


class SyncMixin:
    """Columns of a synced row (see ARCHITECTURE.md "Storage that is ready to sync").

    ``version`` is the server-confirmed version (0 = never confirmed); local edits do not bump
    it, they record it as the outbox entry's base version.
    """

    __sync_table__: ClassVar[str]  # the table name on the wire
    #: County reference data (e.g. inspection templates): stored like synced rows and pulled
    #: from the county, but local changes are never pushed (the server refuses them).
    __sync_readonly__: ClassVar[bool] = False

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    updated_by: Mapped[str] = mapped_column(String(60), default="", nullable=False)
    device_id: Mapped[str] = mapped_column(String(36), default="", nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    #: "" in step with the server, "pending" local edits unsent, "conflict" needs a person.
    sync_state: Mapped[str] = mapped_column(String(12), default="pending", nullable=False)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
