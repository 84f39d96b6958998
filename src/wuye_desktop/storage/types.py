"""Column types: enums stored as their stable codes, UTC timestamps, ids."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import uuid6
from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from ..domain.enums import LabeledEnum


def new_id() -> str:
    """A client-made, time-ordered UUIDv7 as text (sortable, unique across devices)."""
    return str(uuid6.uuid7())


def utcnow() -> datetime:
    return datetime.now(UTC)


class CodeEnum(TypeDecorator[LabeledEnum]):
    """Stores a :class:`LabeledEnum` member as its code; unknown codes from a newer client load
    as None rather than crashing (sync may bring codes this version does not know)."""

    impl = String(24)
    cache_ok = True

    def __init__(self, enum_cls: type[LabeledEnum]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, self.enum_cls):
            return value.value
        parsed = self.enum_cls.parse(str(value))
        if parsed is None:
            raise ValueError(f"{value!r} is not a {self.enum_cls.__name__}")
        return parsed.value

    def process_result_value(self, value: str | None, dialect: Dialect) -> LabeledEnum | None:
        if value is None:
            return None
        try:
            return self.enum_cls(value)
        except ValueError:
            return None


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored as ISO-8601 UTC text (sortable, unambiguous, readable in exports)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)
