"""Server tables: rows stored generically, every version kept, plus auth and idempotency records.

A row of any desktop table lives in ``rows`` as (table, row_id, community_code, version, data
JSON, deleted); each version is also appended to ``row_versions`` with the device, user, batch
and time that produced it. So a new desktop table needs no server migration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JsonType = JSON().with_variant(JSONB(), "postgresql")
#: SQLite only auto-increments an INTEGER PRIMARY KEY, not BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")
UtcDateTime = DateTime(timezone=True)


class Base(DeclarativeBase):
    """Declarative base of the county schema (managed by Alembic)."""

    # Every model here maps one plain table (no joins or selects): say so, so the Core code
    # (bulk inserts, COPY) gets a Table and not the declarative default, a FromClause.
    __table__: ClassVar[Table]


class Meta(Base):
    """Server settings that must survive restarts (e.g. the access-token signing key)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Community(Base):
    __tablename__ = "communities"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EnrolmentCode(Base):
    """A one-time code printed by ``wuye-county enroll``; only its hash is stored."""

    __tablename__ = "enrolment_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    community_code: Mapped[str] = mapped_column(String(32), ForeignKey("communities.code"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: The client's request id of the enrolment that used the code (lost-reply retries).
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: A lost-reply retry was answered: the code can never be answered again.
    replayed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Device(Base):
    """An enrolled desktop. Refresh tokens are stored hashed and rotated on every use."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    community_code: Mapped[str] = mapped_column(String(32), ForeignKey("communities.code"))
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    app_version: Mapped[str] = mapped_column(String(40), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    refresh_hash: Mapped[str] = mapped_column(String(64))
    #: The token used for the last refresh stays valid until the next one: a client that
    #: crashed after the server rotated but before it saved the new token can still get back in.
    prev_refresh_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: Why it was revoked: revoked (by the county), retired (re-enrolled), token-reuse.
    revoked_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Row(Base):
    """Current state of one synced row of any table."""

    __tablename__ = "rows"
    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    community_code: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 待核实: a conflict on this row waits for a person.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_rows_row_id", "row_id"),)


class RowVersion(Base):
    """Every version of every row, with its audit trail; also the change feed pull reads.

    ``txid`` is the PostgreSQL transaction id that wrote the version (0 on SQLite); pull orders
    by (txid, seq) and only serves txids below the oldest running transaction (see pull.py).
    """

    __tablename__ = "row_versions"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    txid: Mapped[int] = mapped_column(BigInteger, default=0)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    community_code: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    #: field -> [old, new] of this version alone (what merge compares against).
    changes: Mapped[dict[str, Any]] = mapped_column(JsonType)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    #: applied | merged | conflict | county (reference data published by the county).
    status: Mapped[str] = mapped_column(String(16))
    device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user: Mapped[str] = mapped_column(String(100), default="")
    batch_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    op_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_row_versions_feed", "community_code", "txid", "seq"),
        Index("ix_row_versions_row", "table_name", "row_id", "version"),
    )


class Conflict(Base):
    """A field two devices changed differently: both values kept until a person decides."""

    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64), index=True)
    community_code: Mapped[str] = mapped_column(String(32), index=True)
    field: Mapped[str] = mapped_column(String(64))
    server_value: Mapped[Any] = mapped_column(JsonType, nullable=True)
    device_value: Mapped[Any] = mapped_column(JsonType, nullable=True)
    base_version: Mapped[int] = mapped_column(Integer)
    server_version: Mapped[int] = mapped_column(Integer)
    op_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Batch(Base):
    """A received batch and the reply sent, so a repeated batch_id gets the same answer."""

    __tablename__ = "batches"
    batch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    op_count: Mapped[int] = mapped_column(Integer)
    reply: Mapped[dict[str, Any]] = mapped_column(JsonType)


class AppliedOp(Base):
    """Each op_id is applied at most once; a second sight returns the stored result."""

    __tablename__ = "applied_ops"
    op_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(JsonType)


class Photo(Base):
    """Content-addressed photo bytes, per community: two communities uploading the same photo
    each keep (and can read back) their own copy."""

    __tablename__ = "photos"
    community_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class StaffUser(Base):
    """A county or sub-district staff account of the web console (``wuye-county users``).

    ``role`` is ``admin`` (everything), ``viewer`` (read-only, only the communities whose code
    starts with ``subdistrict``) or ``auditor`` (read-only plus the audit log)."""

    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16))
    subdistrict: Mapped[str | None] = mapped_column(String(9), nullable=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class StaffSession(Base):
    """A console login: the cookie carries a random token, only its hash is stored."""

    __tablename__ = "staff_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("staff_users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditEntry(Base):
    """Who did what when: staff logins, publications, revocations, exports, token reuse."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    ip: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JsonType)


class SpentRefreshToken(Base):
    """A refresh token that was rotated away: presenting it again is reuse (a stolen copy)."""

    __tablename__ = "spent_refresh_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    spent_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SetAside(Base):
    """A row a device reported it could not apply (its last report; see ``/sync/setaside``)."""

    __tablename__ = "set_aside_rows"
    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    community_code: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(500), default="")
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
