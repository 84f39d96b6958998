"""The sync engine: push the outbox, then pull the county's changes (no Qt, no HTTP details).

Push. Up to 500 pending outbox entries (and at most 1 MB of gzip JSON) are *sealed* into a
batch: their ``batch_id`` and ``state = "sealed"`` are committed before anything is sent. A
sealed batch is always re-sent with the same id until a reply is recorded, so a crash or a
lost reply at any point can neither lose nor duplicate an operation (the server answers a
repeated batch id with its stored reply). The reply is recorded in one transaction: each entry
takes its status; rejected entries stay in the outbox as the 需要处理 list with the server's
reason; merged and conflicting rows take the server's copy except for fields with newer
local edits; a conflict keeps the server copy beside the local row for the conflict screen.

Pull. Each page of changes is applied and the cursor moved in one transaction. A row with
local edits still waiting in the outbox is never overwritten: the server copy is kept beside
it (and the push of those edits later merges or flags the conflict on the server).

Where things are kept: ``local_settings`` holds ``sync_cursor``, ``county_server``,
``county_device_id``, ``county_community`` and ``sync_last_ok``; the server copy beside a local
row and county reference data with no local table yet are rows of ``sync_reference``, and each
conflicting field is a row of ``sync_conflicts`` (see :mod:`wuye_desktop.storage.models_sync`).
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, func, inspect, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from uuid6 import uuid7

from wuye_desktop import SCHEMA_VERSION, __version__
from wuye_desktop.storage.base import BOOKKEEPING, SyncMixin
from wuye_desktop.storage.db import Database
from wuye_desktop.storage.models import LocalSetting, OutboxEntry
from wuye_desktop.storage.models_history import record_server_version
from wuye_desktop.storage.models_sync import (
    COPY,
    REFERENCE,
    SyncCopy,
    drop_copy,
    open_conflicts,
    put_copy,
    replace_conflicts,
    write_resolution,
)
from wuye_desktop.storage.outbox import SUPPRESS, to_wire
from wuye_desktop.storage.types import CodeEnum, UTCDateTime, utcnow

from .. import secrets
from .client import AuthRequired, CountyClient
from .protocol import MAX_BATCH_BYTES, MAX_BATCH_OPS, Change, Operation, OpStatus, PushBatch

KEY_CURSOR = "sync_cursor"
KEY_SERVER = "county_server"
KEY_DEVICE = "county_device_id"
KEY_COMMUNITY = "county_community"
KEY_LAST_OK = "sync_last_ok"

#: Outbox states that mean "this device still has something to say about the row".
UNSENT = ("pending", "sealed")


def synced_models() -> dict[str, type[SyncMixin]]:
    """Wire table name -> local model, for every synced table the app knows."""
    from wuye_desktop.storage import models_all

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


@dataclass
class SyncReport:
    """What one run did (for the status bar and ``sync status``)."""

    pushed: Counter[str] = field(default_factory=Counter)
    pulled: int = 0
    kept_local: int = 0
    problems: list[str] = field(default_factory=list)


class Credentials:
    """Enrolment and tokens: the refresh token lives only in the keyring, access in memory."""

    def __init__(self, db: Database, client: CountyClient) -> None:
        self.db = db
        self.client = client
        self._access: str | None = None
        self._access_until = 0.0
        client.token = self.access_token
        client.on_unauthorized = self.invalidate

    @property
    def device_id(self) -> str | None:
        return self.db.get_setting(KEY_DEVICE)

    @property
    def account(self) -> str:
        return secrets.account(self.client.base_url, self.device_id or "")

    def enroll(self, code: str, device_name: str) -> str:
        """Exchange a one-time code for this device's credentials; returns the community."""
        if not secrets.usable():
            # Checked before the code is spent: there would be nowhere to keep the token.
            raise secrets.SecretStoreUnavailable()
        got = self.client.enroll(code, device_name)
        secrets.save_refresh_token(secrets.account(self.client.base_url, got.device_id),
                                   got.refresh_token)
        with self.db.unit_of_work() as s:
            for k, v in ((KEY_SERVER, self.client.base_url), (KEY_DEVICE, got.device_id),
                         (KEY_COMMUNITY, got.community_code)):
                s.merge(LocalSetting(key=k, value=v))
        self._access = got.access_token
        self._access_until = time.monotonic() + got.expires_in * 0.8
        return got.community_code

    def invalidate(self) -> None:
        self._access = None

    def access_token(self) -> str:
        if self._access and time.monotonic() < self._access_until:
            return self._access
        device = self.device_id
        token = secrets.load_refresh_token(self.account) if device else None
        if not device or not token:
            raise AuthRequired("本机尚未注册或登录凭据已丢失，请用县里发的注册码重新注册本机。")
        pair = self.client.refresh(device, token)
        # The new token is saved before it is relied on; if we die before this line the
        # server still accepts the old one once more (see wuye_county.auth).
        secrets.save_refresh_token(self.account, pair.refresh_token)
        self._access = pair.access_token
        self._access_until = time.monotonic() + pair.expires_in * 0.8
        return self._access


class SyncEngine:
    """Push then pull over a :class:`CountyClient`, against one desktop :class:`Database`."""

    def __init__(self, db: Database, client: CountyClient, *, max_ops: int = MAX_BATCH_OPS,
                 max_bytes: int = MAX_BATCH_BYTES, page_size: int = 500,
                 photos_dir: Path | None = None) -> None:
        self.db = db
        self.client = client
        self.max_ops = max_ops
        self.max_bytes = max_bytes
        self.page_size = page_size
        self.photos_dir = photos_dir
        self.models = synced_models()

    # -- whole run -------------------------------------------------------------------------

    def run(self) -> SyncReport:
        report = SyncReport()
        self.push(report)
        self.pull(report)
        self.db.set_setting(KEY_LAST_OK, utcnow().isoformat())
        return report

    # -- push ------------------------------------------------------------------------------

    def push(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        while True:
            batch = self._sealed() or self._seal()
            if batch is None:
                return report
            self._upload_photos(batch)
            reply = self.client.push(batch)
            self._record(batch, reply.results, report)

    def _device(self) -> str:
        return self.db.get_setting(KEY_DEVICE) or self.db.device_id

    def _entry_op(self, e: OutboxEntry) -> Operation:
        return Operation(op_id=e.op_id, table=e.table_name, row_id=e.row_id, kind=e.kind,
                         base_version=e.base_version, changes=e.changes,
                         created_at=e.created_at, user=e.user, device_id=e.device_id)

    def _batch(self, batch_id: str, entries: list[OutboxEntry]) -> PushBatch:
        return PushBatch(batch_id=batch_id, device_id=self._device(), app_version=__version__,
                         schema_version=SCHEMA_VERSION,
                         operations=[self._entry_op(e) for e in entries])

    def _sealed(self) -> PushBatch | None:
        """The oldest batch sealed but not answered (after a crash or a failed send)."""
        with self.db.session() as s:
            first = s.scalars(select(OutboxEntry.batch_id).where(OutboxEntry.state == "sealed")
                              .order_by(OutboxEntry.seq).limit(1)).first()
            if first is None:
                return None
            entries = list(s.scalars(select(OutboxEntry).where(OutboxEntry.batch_id == first,
                                                               OutboxEntry.state == "sealed")
                                     .order_by(OutboxEntry.seq)))
            return self._batch(first, entries)

    def _seal(self) -> PushBatch | None:
        with self.db.unit_of_work() as s:
            entries = list(s.scalars(select(OutboxEntry).where(OutboxEntry.state == "pending")
                                     .order_by(OutboxEntry.seq).limit(self.max_ops)))
            if not entries:
                return None
            batch_id = str(uuid7())
            while len(entries) > 1 and self._gzip_size(batch_id, entries) > self.max_bytes:
                entries = entries[: len(entries) // 2]
            for e in entries:
                e.batch_id = batch_id
                e.state = "sealed"
            return self._batch(batch_id, entries)

    def _gzip_size(self, batch_id: str, entries: list[OutboxEntry]) -> int:
        body = self._batch(batch_id, entries).model_dump(mode="json")
        return len(gzip.compress(json.dumps(body, ensure_ascii=False).encode(), 6))

    def _upload_photos(self, batch: PushBatch) -> None:
        if self.photos_dir is None:
            return
        for op in batch.operations:
            if not isinstance(op, Operation) or op.table != "inspection_photos":
                continue
            sha = (op.changes.get("sha256") or (None, None))[1]
            if not isinstance(sha, str):
                continue
            path = self.photos_dir / sha[:2] / f"{sha}.jpg"
            if path.is_file():
                self.client.put_photo(sha, path.read_bytes())

    def _record(self, batch: PushBatch, results: list[Any], report: SyncReport) -> None:
        by_op = {r.op_id: r for r in results}
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            entries = list(s.scalars(select(OutboxEntry).where(
                OutboxEntry.batch_id == batch.batch_id, OutboxEntry.state == "sealed")))
            for e in entries:
                res = by_op.get(e.op_id)
                if res is None:  # not answered: send again in a later batch
                    e.state, e.batch_id = "pending", None
                    continue
                e.state = res.status.value
                e.result_message = res.reason
                report.pushed[res.status.value] += 1
                s.flush()
                self._after_result(s, e, res)

    def _after_result(self, s: Session, e: OutboxEntry, res: Any) -> None:
        model = self.models.get(e.table_name)
        obj = s.get(model, e.row_id) if model else None
        if obj is None:
            return
        still = set()
        for ch in s.scalars(select(OutboxEntry.changes).where(
                OutboxEntry.table_name == e.table_name, OutboxEntry.row_id == e.row_id,
                OutboxEntry.state.in_(UNSENT))):
            still.update(ch)
        pending = bool(s.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.table_name == e.table_name, OutboxEntry.row_id == e.row_id,
            OutboxEntry.state.in_(UNSENT))))
        if res.status is OpStatus.REJECTED:
            obj.sync_state = "rejected"
            return
        if res.version is not None and res.version > obj.version:
            obj.version = res.version
        if res.row is not None:
            _apply_fields(obj, res.row, skip=still)
            # Other devices' edits merged in by the server: 修改记录 shows them as the county's.
            record_server_version(s, obj, version=res.version)
            drop_copy(s, e.table_name, e.row_id)
        if res.status is OpStatus.CONFLICT:
            put_copy(s, COPY, e.table_name, e.row_id, res.row, version=res.version,
                     needs_review=True, reason=res.reason)
            replace_conflicts(s, e.table_name, e.row_id,
                              [(c.field, c.server_value, c.device_value) for c in res.conflicts],
                              res.version, res.reason)
            obj.sync_state = "conflict"
        elif obj.sync_state != "conflict" or not pending:
            obj.sync_state = "pending" if pending else ""

    # -- pull ------------------------------------------------------------------------------

    def pull(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        while True:
            cursor = self.db.get_setting(KEY_CURSOR, "") or ""
            page = self.client.changes(cursor, self.page_size)
            self._apply_page(page.changes, page.next_cursor, report)
            if not page.has_more or page.next_cursor == cursor:
                return report

    def _apply_page(self, changes: list[Change], next_cursor: str, report: SyncReport) -> None:
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            # Written first so the driver has begun a real transaction before any SAVEPOINT.
            s.merge(LocalSetting(key=KEY_CURSOR, value=next_cursor))
            s.flush()
            ids = {c.row_id for c in changes}
            busy = set(s.execute(select(OutboxEntry.table_name, OutboxEntry.row_id).where(
                OutboxEntry.row_id.in_(ids), OutboxEntry.state.in_(UNSENT))).all())
            for ch in changes:
                model = self.models.get(ch.table)
                if model is None:
                    put_copy(s, REFERENCE, ch.table, ch.row_id, ch.data, version=ch.version,
                             deleted=ch.deleted)
                    continue
                if (ch.table, ch.row_id) in busy:
                    put_copy(s, COPY, ch.table, ch.row_id, ch.data, version=ch.version,
                             deleted=ch.deleted, needs_review=ch.needs_review)
                    report.kept_local += 1
                    continue
                obj = s.get(model, ch.row_id)
                if obj is not None and obj.version >= ch.version:
                    continue
                try:
                    with s.begin_nested():
                        if obj is None:
                            obj = model(id=ch.row_id)
                            s.add(obj)
                        _apply_fields(obj, ch.data)
                        obj.version = ch.version
                        if ch.deleted and obj.deleted_at is None:
                            obj.deleted_at = ch.changed_at
                        elif not ch.deleted and obj.deleted_at is not None:
                            obj.deleted_at = None  # restored from 回收站 on another device
                        record_server_version(s, obj, user=ch.user, device_id=ch.device_id or "",
                                              at=ch.changed_at, version=ch.version)
                        obj.sync_state = "conflict" if ch.needs_review else ""
                        if not ch.needs_review:
                            # Settled elsewhere (another device's decision): nothing left here.
                            _settle(s, ch.table, ch.row_id, ch.data)
                        s.flush()
                    report.pulled += 1
                except (IntegrityError, StatementError, ValueError, TypeError) as exc:
                    # Kept, not dropped: a person sees it beside the local data.
                    put_copy(s, COPY, ch.table, ch.row_id, ch.data, version=ch.version,
                             deleted=ch.deleted, needs_review=ch.needs_review,
                             reason=f"{type(exc).__name__}: {exc}"[:500])
                    report.problems.append(f"{ch.table} {ch.row_id}: {type(exc).__name__}")

    # -- status ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Outbox entries by state (pending, sealed, applied, merged, conflict, rejected)."""
        with self.db.session() as s:
            rows = s.execute(select(OutboxEntry.state, func.count())
                             .group_by(OutboxEntry.state)).all()
            return {state: n for state, n in rows}

    # -- conflicts -------------------------------------------------------------------------

    def server_copy(self, table: str, row_id: str) -> dict[str, Any] | None:
        """The server's copy kept beside a local row (conflict screen), if any.

        ``{"version", "data", "reason", "conflicts": [{"field", "server_value",
        "device_value"}]}`` (the shape the first engine stored in ``local_settings``).
        """
        with self.db.session() as s:
            copy = s.get(SyncCopy, (COPY, table, row_id))
            if copy is None:
                return None
            return {"version": copy.version, "data": copy.data, "reason": copy.reason,
                    "conflicts": [{"field": c.field, "server_value": c.server_value,
                                   "device_value": c.local_value}
                                  for c in open_conflicts(s, table, row_id)]}

    def resolve_conflict(self, table: str, row_id: str, choices: dict[str, Any]) -> None:
        """Record a person's decision as a new edit of every decided field.

        Each chosen field is sent even when it equals the local value (ordinary change capture
        would drop such a no-op), because the server closes a conflict only when an edit made
        on the current version touches the conflicted field. The outbox entry is written by
        :func:`~wuye_desktop.storage.models_sync.write_resolution`.
        """
        model = self.models[table]
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            obj = s.get(model, row_id)
            if obj is None:
                raise KeyError(row_id)
            copy = s.get(SyncCopy, (COPY, table, row_id))
            server = dict(copy.data) if copy is not None else {}
            for c in open_conflicts(s, table, row_id):
                server.setdefault(c.field, c.server_value)
            cols = {a.key: a.columns[0] for a in inspect(model).column_attrs}
            changes: dict[str, tuple[Any, Any]] = {}
            for f, v in choices.items():
                wire = to_wire(v)
                changes[f] = (server.get(f), wire)
                setattr(obj, f, _from_wire(cols[f], wire))
            write_resolution(s, obj, changes)
            if copy is not None:
                s.delete(copy)


def _settle(s: Session, table: str, row_id: str, data: dict[str, Any]) -> None:
    """Close this device's open conflicts on a row the server no longer flags."""
    now = utcnow()
    for c in open_conflicts(s, table, row_id):
        c.resolved_at = now
        c.chosen_value = data.get(c.field)
    drop_copy(s, table, row_id)


def _from_wire(column: Any, value: Any) -> Any:
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


def _apply_fields(obj: SyncMixin, data: dict[str, Any], skip: set[str] | None = None) -> None:
    """Copy server values onto a local row (unknown fields from newer apps are ignored)."""
    cols = {a.key: a.columns[0] for a in inspect(type(obj)).column_attrs}
    for k, v in data.items():
        if k in BOOKKEEPING or k not in cols or (skip and k in skip):
            continue
        setattr(obj, k, _from_wire(cols[k], v))
