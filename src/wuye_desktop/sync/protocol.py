"""Wire protocol between the desktop and the county server (pydantic v2, no Qt, no SQLAlchemy).

Both sides import this module, so a field renamed here is renamed everywhere at once.

* Enrolment: ``POST /auth/enroll`` exchanges a one-time code for a device id, an opaque refresh
  token and a short-lived access token; ``POST /auth/refresh`` rotates the refresh token.
* Push: ``POST /sync/push`` carries a :class:`PushBatch`; the reply is one :class:`OpResult` per
  operation, in order. A repeated ``batch_id`` gets the stored reply.
* Pull: ``GET /sync/changes?cursor=`` returns a :class:`ChangesPage`; the cursor is opaque.
* Photos: ``PUT /photos/{sha256}`` with the raw bytes; ``HEAD`` tells whether it is stored.

Every request carries ``X-Wuye-App-Version`` and ``X-Wuye-Schema-Version``; the server accepts
the current and the previous schema and answers HTTP 426 to anything older.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wuye_desktop import SCHEMA_VERSION, __version__

#: Tables a device may write. Inspection tables are appended here when they exist; the server
#: stores rows generically, so a new table needs no server migration.
SYNC_TABLES: tuple[str, ...] = (
    "community", "estates", "buildings", "units", "leads", "companies", "committees", "members",
    "inspection_templates", "inspections", "inspection_items", "inspection_photos",
    "rectifications", "inspection_schedules", "surveys", "complaints", "selections",
    "revenue_entries", "revenue_postings", "fee_collections", "fund_applications",
)

#: County reference data: read-only to devices, served to every community by pull
#: ("templates" holds notice templates and other county documents with no local table yet).
REFERENCE_TABLES: tuple[str, ...] = ("templates", "inspection_templates", "companies")

#: ``community_code`` of county reference rows (real codes are 12 digits, so no clash).
COUNTY_SCOPE = "county"

#: Reference fields: field name -> table it points into (value is the other row's UUID).
REFERENCE_FIELDS: dict[str, str] = {
    "estate_id": "estates",
    "building_id": "buildings",
    "unit_id": "units",
    "company_id": "companies",
    "committee_id": "committees",
    "inspection_id": "inspections",
    "template_id": "inspection_templates",
    "lead_id": "leads",
    "survey_id": "surveys",
}

#: Oldest schema version the server still accepts (the current and the previous one).
MIN_SCHEMA_VERSION = max(1, SCHEMA_VERSION - 1)

APP_VERSION_HEADER = "X-Wuye-App-Version"
SCHEMA_VERSION_HEADER = "X-Wuye-Schema-Version"

#: Limits of one batch (the client seals at most this much; the server refuses more).
MAX_BATCH_OPS = 500
MAX_BATCH_BYTES = 1_000_000

UPGRADE_MESSAGE = "本软件版本过旧，县服务器已不再接受。请安装最新版本的社区物业工作台后再同步。"

_UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_FIELD_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")

UuidStr = Annotated[str, Field(pattern=_UUID_RE.pattern,
                               examples=["01a200ea-9438-7ec0-ad95-fe90d3653f04"])]
Sha256Hex = Annotated[str, Field(pattern=_SHA256_RE.pattern)]


def is_uuid(text: object) -> bool:
    return isinstance(text, str) and bool(_UUID_RE.match(text))


def is_field_name(text: object) -> bool:
    return isinstance(text, str) and bool(_FIELD_RE.match(text))


def is_sha256(text: object) -> bool:
    return isinstance(text, str) and bool(_SHA256_RE.match(text))


class OpKind(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"  # a soft-delete tombstone


class OpStatus(StrEnum):
    APPLIED = "applied"
    MERGED = "merged"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=False)


class Operation(_Model):
    """One outbox row, mirrored exactly: a change to one row of one table."""

    op_id: UuidStr
    table: str = Field(max_length=64)
    row_id: UuidStr
    kind: OpKind
    #: Server-confirmed version the edit was made on (0 for an insert).
    base_version: int = Field(ge=0)
    #: field -> [old, new]; JSON values (dates ISO, enums ASCII codes, references UUIDs).
    changes: dict[str, tuple[Any, Any]] = Field(default_factory=dict)
    created_at: datetime
    user: str = Field(default="", max_length=100)
    device_id: str = Field(default="", max_length=64)

    @field_validator("changes")
    @classmethod
    def _field_names(cls, v: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
        bad = [k for k in v if not is_field_name(k)]
        if bad:
            raise ValueError(f"invalid field names: {bad[:3]}")
        return v


class PushBatch(_Model):
    """A sealed batch: the server applies it in one transaction and stores its reply."""

    batch_id: UuidStr
    device_id: str = Field(max_length=64)
    app_version: str = Field(default=__version__, max_length=40)
    schema_version: int = SCHEMA_VERSION
    #: A malformed entry stays a plain dict so it is rejected alone, not the whole batch.
    operations: list[Operation | dict[str, Any]] = Field(max_length=MAX_BATCH_OPS)


class FieldConflict(_Model):
    """Same field changed to different values: the server kept its value, stored the device's."""

    field: str
    server_value: Any = None
    device_value: Any = None


class OpResult(_Model):
    """The server's answer for one operation."""

    op_id: str
    status: OpStatus
    #: Server version of the row after this operation (None when rejected).
    version: int | None = None
    #: Why it was rejected or what conflicted, in Chinese, for the 需要处理 list.
    reason: str | None = None
    conflicts: list[FieldConflict] = Field(default_factory=list)
    #: Full server copy of the row after a merge or conflict, so the client can show both.
    row: dict[str, Any] | None = None


class PushResult(_Model):
    batch_id: str
    results: list[OpResult]
    server_time: datetime
    #: True when this is the stored reply of a batch already applied.
    replayed: bool = False


class Change(_Model):
    """One version of one row, as served by pull."""

    table: str
    row_id: str
    version: int
    community_code: str
    data: dict[str, Any]
    deleted: bool = False
    #: 待核实: a conflict on this row waits for a person.
    needs_review: bool = False
    #: The open conflicts of a 待核实 row (both values), so every device of the community can
    #: show them, not only the one whose push conflicted; empty from older servers.
    conflicts: list[FieldConflict] = Field(default_factory=list)
    #: County reference data (read-only on the device).
    reference: bool = False
    device_id: str | None = None
    #: the worker who made this version (shown in 修改记录); "" from older servers
    user: str = ""
    changed_at: datetime


class ChangesPage(_Model):
    changes: list[Change]
    next_cursor: str
    has_more: bool
    #: Versions exist that are not served yet because an older transaction (anywhere on the
    #: county's PostgreSQL) is still open: this page is not the end; pull again shortly.
    held_back: bool = False


class SetAsideRow(_Model):
    """A pulled row the device could not apply (kept aside with the server's copy)."""

    table: str = Field(max_length=64)
    row_id: str = Field(max_length=64)
    version: int = Field(ge=0, le=2**62)
    reason: str = Field(default="", max_length=500)


#: how many set-aside rows one report carries (a device with more reports the first ones)
MAX_SET_ASIDE = 1000


class SetAsideReport(_Model):
    """``POST /sync/setaside``: every row this device has set aside now (replaces the last
    report), so the county sees which rows some device of a community cannot apply."""

    rows: list[SetAsideRow] = Field(default_factory=list, max_length=MAX_SET_ASIDE)


class SetAsideStored(_Model):
    stored: int


class EnrollRequest(_Model):
    code: str = Field(min_length=4, max_length=64)
    #: Made once per enrolment attempt and repeated on retries: if the reply was lost, the
    #: same code and request id get the credentials again instead of "code already used".
    request_id: UuidStr | None = None
    device_name: str = Field(default="", max_length=100)
    app_version: str = Field(default=__version__, max_length=40)
    schema_version: int = SCHEMA_VERSION
    #: The device id this PC had before enrolling again: the server retires it (same community).
    replaces_device_id: str | None = Field(default=None, max_length=64)


class TokenPair(_Model):
    device_id: str
    community_code: str
    access_token: str
    #: Seconds until the access token expires.
    expires_in: int
    #: Opaque; valid once: every refresh returns a new one.
    refresh_token: str


class EnrollResponse(TokenPair):
    community_name: str = ""


class RefreshRequest(_Model):
    device_id: str = Field(max_length=64)
    refresh_token: str = Field(min_length=8, max_length=200)


class PhotoStored(_Model):
    sha256: str
    size: int
    #: False when the same bytes were already stored (idempotent upload).
    created: bool


class ServerInfo(_Model):
    server_version: str
    schema_version: int
    min_schema_version: int
    tables: list[str]
    database: Literal["postgresql", "sqlite"]


class ErrorBody(_Model):
    """Every refusal carries a Chinese ``detail`` the app can show as is."""

    detail: str
