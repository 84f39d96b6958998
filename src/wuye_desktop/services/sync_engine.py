"""The sync engine: push the outbox, then pull the county's changes (no Qt, no HTTP details).

A use case over storage and the county client, so it lives in services; the pure parts (batch
building and sizing, the report, settings keys) are :mod:`wuye_desktop.sync.engine`, the
row-level storage helpers :mod:`wuye_desktop.storage.sync_rows`.

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

import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from uuid6 import uuid7

from .. import secrets
from ..domain.fields import COUNTY_FIELDS
from ..domain.values import changes_problem, printable, row_problem
from ..storage import sync_rows
from ..storage.db import Database
from ..storage.models import LocalSetting, OutboxEntry
from ..storage.models_history import record_server_version
from ..storage.models_sync import (
    COPY,
    REFERENCE,
    SET_ASIDE,
    SyncConflict,
    SyncCopy,
    drop_copy,
    open_conflicts,
    put_copy,
    reference_rows,
    replace_conflicts,
    write_resolution,
)
from ..storage.outbox import SUPPRESS, UNSENT, OutboxState, RowSyncState, to_wire
from ..storage.sync_rows import apply_fields, columns_of, from_wire, synced_models
from ..storage.types import utcnow
from ..sync.client import AuthRequired, CountyClient
from ..sync.engine import (
    KEY_COMMUNITY,
    KEY_CURSOR,
    KEY_DEVICE,
    KEY_LAST_OK,
    KEY_SERVER,
    SyncReport,
    fitting,
    photo_hashes,
    push_batch,
)
from ..sync.protocol import (
    MAX_BATCH_BYTES,
    MAX_BATCH_OPS,
    Change,
    Operation,
    OpKind,
    OpStatus,
    PushBatch,
)
from .sync_after_pull import download_photos, report_set_aside
from .sync_types import TABLE_LABELS

__all__ = ["Credentials", "SyncEngine", "SyncReport", "synced_models"]

PENDING, SEALED = OutboxState.PENDING, OutboxState.SEALED



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
        # Enrolling again on the same server: the old identity is retired there (issue 16).
        same_server = self.db.get_setting(KEY_SERVER) == self.client.base_url
        previous = self.db.get_setting(KEY_DEVICE) if same_server else None
        got = self.client.enroll(code, device_name, replaces=previous)
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
                 photos_dir: Path | None = None, hold_waits: int = 6) -> None:
        self.db = db
        #: how often a pull waits (0.1 s, doubling) for a feed the county holds back
        self.hold_waits = hold_waits
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
        if not report.incomplete:  # the status shows the last *complete* sync
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

    @staticmethod
    def _entry_op(e: OutboxEntry) -> Operation:
        return Operation(op_id=e.op_id, table=e.table_name, row_id=e.row_id, kind=OpKind(e.kind),
                         base_version=e.base_version, changes=e.changes,
                         created_at=e.created_at, user=e.user, device_id=e.device_id)

    def _batch(self, batch_id: str, entries: list[OutboxEntry]) -> PushBatch:
        return push_batch(batch_id, self._device(), [self._entry_op(e) for e in entries])

    def _sealed(self) -> PushBatch | None:
        """The oldest batch sealed but not answered (after a crash or a failed send)."""
        with self.db.session() as s:
            first = s.scalars(select(OutboxEntry.batch_id).where(OutboxEntry.state == SEALED)
                              .order_by(OutboxEntry.seq).limit(1)).first()
            if first is None:
                return None
            entries = list(s.scalars(select(OutboxEntry).where(OutboxEntry.batch_id == first,
                                                               OutboxEntry.state == SEALED)
                                     .order_by(OutboxEntry.seq)))
            return self._batch(first, entries)

    def _seal(self) -> PushBatch | None:
        """Where a batch is sealed: up to ``max_ops`` pending entries (fewer if the gzip JSON
        would pass ``max_bytes``) take one new batch id and state ``sealed``, committed before
        anything is sent."""
        with self.db.unit_of_work() as s:
            entries = list(s.scalars(select(OutboxEntry).where(OutboxEntry.state == PENDING)
                                     .order_by(OutboxEntry.seq).limit(self.max_ops)))
            entries = self._refuse_unstorable(s, entries)
            if not entries:
                return None
            batch_id, device = str(uuid7()), self._device()
            ops = [self._entry_op(e) for e in entries]  # built once, sized, then sent as is
            n = fitting(batch_id, device, ops, self.max_bytes)
            for e in entries[:n]:
                e.batch_id = batch_id
                e.state = SEALED
            return push_batch(batch_id, device, ops[:n])

    def _refuse_unstorable(self, s: Session, entries: list[OutboxEntry]) -> list[OutboxEntry]:
        """The entries the one value schema lets through; the others go to 需要处理 here, with
        the reason the server would give, instead of being sent (JSON would turn Infinity into
        null and 2⁶³ would stop other devices' pulls)."""
        out = []
        for e in entries:
            problem = changes_problem(e.table_name, e.changes or {})
            if problem is None:
                out.append(e)
                continue
            s.info[SUPPRESS] = True  # bookkeeping only: no change capture for this
            e.state = OutboxState.REJECTED
            e.result_message = f"{problem}此修改未发送，请改正这条记录后点“重试”。"
            model = self.models.get(e.table_name)
            obj = s.get(model, e.row_id) if model else None
            if obj is not None:
                obj.sync_state = RowSyncState.REJECTED
        s.flush()
        return out

    def _upload_photos(self, batch: PushBatch) -> None:
        if self.photos_dir is None:
            return
        for sha in photo_hashes(batch):
            path = self.photos_dir / sha[:2] / f"{sha}.jpg"
            if path.is_file():
                self.client.put_photo(sha, path.read_bytes())

    def _record(self, batch: PushBatch, results: list[Any], report: SyncReport) -> None:
        """The reply, recorded in one transaction with a few set-based statements: the batch's
        entries, the rows they touch and the other unsent entries of those rows are read once
        each, every entry is decided in Python, and one flush writes it all (only an answer that
        carries the server's copy flushes first, so its history entry holds just that copy)."""
        by_op = {r.op_id: r for r in results}
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            entries = list(s.scalars(select(OutboxEntry).where(
                OutboxEntry.batch_id == batch.batch_id, OutboxEntry.state == SEALED)
                .order_by(OutboxEntry.seq)))
            keys = {(e.table_name, e.row_id) for e in entries}
            # What each answered entry would have seen still unsent for its row, had the
            # entries been recorded one by one in order: the row's entries outside the batch,
            # the batch's unanswered ones and the batch's later ones.
            unsent = self._unsent_outside(s, batch.batch_id, keys)
            for e in entries:
                if e.op_id not in by_op:
                    unsent.setdefault((e.table_name, e.row_id), set()).update(e.changes or {})
            objs = self._rows_of(s, keys)
            plan: list[tuple[OutboxEntry, Any, set[str], bool]] = []
            later: dict[tuple[str, str], set[str]] = {}
            for e in reversed(entries):
                key = (e.table_name, e.row_id)
                res = by_op.get(e.op_id)
                if res is None:  # not answered: send again in a later batch
                    e.state, e.batch_id = PENDING, None
                    continue
                pending = key in unsent or key in later
                plan.append((e, res, unsent.get(key, set()) | later.get(key, set()), pending))
                later.setdefault(key, set()).update(e.changes or {})
            for e, res, still, pending in reversed(plan):
                e.state = res.status.value
                e.result_message = res.reason
                report.pushed[res.status.value] += 1
                obj = objs.get((e.table_name, e.row_id))
                if obj is not None:
                    if res.row is not None and s.is_modified(obj):
                        s.flush()
                    self._after_result(s, e, res, obj, still, pending)

    @staticmethod
    def _unsent_outside(s: Session, batch_id: str,
                        keys: set[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
        """Row -> fields of its unsent outbox entries outside ``batch_id`` (one query)."""
        out: dict[tuple[str, str], set[str]] = {}
        ids = sorted({k[1] for k in keys})
        for i in range(0, len(ids), 500):
            q = select(OutboxEntry.table_name, OutboxEntry.row_id, OutboxEntry.changes).where(
                OutboxEntry.row_id.in_(ids[i:i + 500]), OutboxEntry.state.in_(UNSENT),
                OutboxEntry.batch_id.is_(None) | (OutboxEntry.batch_id != batch_id))
            for table, row_id, changes in s.execute(q):
                if (table, row_id) in keys:
                    out.setdefault((table, row_id), set()).update(changes or {})
        return out

    def _rows_of(self, s: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
        """The local rows behind ``keys``, one query per table (deleted ones too)."""
        by_table: dict[str, set[str]] = {}
        for table, row_id in keys:
            if table in self.models:
                by_table.setdefault(table, set()).add(row_id)
        out: dict[tuple[str, str], Any] = {}
        for table, ids in by_table.items():
            model: Any = self.models[table]
            wanted = sorted(ids)
            for i in range(0, len(wanted), 500):
                for obj in s.scalars(select(model).where(model.id.in_(wanted[i:i + 500]))):
                    out[(table, obj.id)] = obj
        return out

    def _after_result(self, s: Session, e: OutboxEntry, res: Any, obj: Any, still: set[str],
                      pending: bool) -> None:
        if res.status is OpStatus.REJECTED:
            obj.sync_state = RowSyncState.REJECTED
            return
        if res.version is not None and res.version > obj.version:
            obj.version = res.version
        if res.row is not None:
            apply_fields(obj, res.row, skip=still)
            # Other devices' edits merged in by the server: 修改记录 shows them as the county's.
            record_server_version(s, obj, version=res.version)
            drop_copy(s, e.table_name, e.row_id)
        if res.status is OpStatus.CONFLICT:
            put_copy(s, COPY, e.table_name, e.row_id, res.row, version=res.version,
                     needs_review=True, reason=res.reason)
            replace_conflicts(s, e.table_name, e.row_id,
                              [(c.field, c.server_value, c.device_value) for c in res.conflicts],
                              res.version, res.reason)
            obj.sync_state = RowSyncState.CONFLICT
        elif obj.sync_state != RowSyncState.CONFLICT or not pending:
            obj.sync_state = RowSyncState.PENDING if pending else RowSyncState.SYNCED

    # -- pull ------------------------------------------------------------------------------

    def pull(self, report: SyncReport | None = None) -> SyncReport:
        report = report or SyncReport()
        waits = 0
        while True:
            cursor = self.db.get_setting(KEY_CURSOR, "") or ""
            page = self.client.changes(cursor, self.page_size)
            self._apply_page(page.changes, page.next_cursor, report)
            if page.has_more and page.next_cursor != cursor:
                continue
            if page.held_back and waits < self.hold_waits:
                time.sleep(0.1 * 2**waits)  # a county transaction still open: it ends soon
                waits += 1
                continue
            report.incomplete = page.held_back
            self._land_templates(report)
            if self.photos_dir is not None:
                download_photos(self.db, self.client, self.photos_dir, report)
            report_set_aside(self.db, self.client)
            return report

    def _land_templates(self, report: SyncReport) -> None:
        """Checklists the county published become usable templates here (listed, selectable,
        printable, with the county's template version). Importing is idempotent (same content,
        same row id: see ``template_row_id``), so every pull may safely do it again."""
        from ..domain.templates import TemplateInvalid, parse_template
        from .inspection_templates import TemplateConflict, TemplateService

        with self.db.session() as s:
            found = [(c.row_id, c.data) for c in reference_rows(s, "templates")
                     if "sections" in c.data]
        service = TemplateService(self.db)
        for row_id, data in found:
            try:
                service.import_template(parse_template(data, str(data.get("name") or row_id)),
                                        source="county")
            except (TemplateInvalid, TemplateConflict) as exc:
                report.problems.append(f"县里发布的检查模板“{printable(data.get('name'))}”"
                                       f"无法使用：{exc}")

    def _apply_page(self, changes: list[Change], next_cursor: str, report: SyncReport) -> None:
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            # Written first so the driver has begun a real transaction before any SAVEPOINT.
            s.merge(LocalSetting(key=KEY_CURSOR, value=next_cursor))
            s.flush()
            ids = {c.row_id for c in changes}
            busy = set(s.execute(select(OutboxEntry.table_name, OutboxEntry.row_id).where(
                OutboxEntry.row_id.in_(ids), OutboxEntry.state.in_(UNSENT))).all())
            # Read once for the page (not a query per change): the local rows, and which of
            # them have open conflicts or a kept copy (to settle) or were set aside before.
            objs = self._rows_of(s, {(c.table, c.row_id) for c in changes})
            unsettled, aside = self._kept_for(s, ids)
            unknown: set[tuple[str, str]] = set()  # rows a failed savepoint may have dropped
            for ch in changes:
                model = self.models.get(ch.table)
                problem = row_problem(ch.table, ch.data)
                if problem is not None:
                    aside.add((ch.table, ch.row_id))
                    self._set_aside(s, ch, problem, report)
                    continue
                if model is None:
                    put_copy(s, REFERENCE, ch.table, ch.row_id, ch.data, version=ch.version,
                             deleted=ch.deleted)
                    continue
                if ch.reference and ch.table in COUNTY_FIELDS and self._merge_county(s, model, ch):
                    report.pulled += 1
                    continue
                key = (ch.table, ch.row_id)
                if key in busy:
                    put_copy(s, COPY, ch.table, ch.row_id, ch.data, version=ch.version,
                             deleted=ch.deleted, needs_review=ch.needs_review)
                    unsettled.add(key)
                    report.kept_local += 1
                    continue
                obj = s.get(model, ch.row_id) if key in unknown else objs.get(key)
                if obj is not None and obj.version >= ch.version:
                    continue
                try:
                    with s.begin_nested():
                        if obj is None:
                            obj = model()
                            obj.id = ch.row_id
                            s.add(obj)
                            objs[key] = obj
                        apply_fields(obj, ch.data)
                        obj.version = ch.version
                        if ch.deleted and obj.deleted_at is None:
                            obj.deleted_at = ch.changed_at
                        elif not ch.deleted and obj.deleted_at is not None:
                            obj.deleted_at = None  # restored from 回收站 on another device
                        record_server_version(s, obj, user=ch.user, device_id=ch.device_id or "",
                                              at=ch.changed_at, version=ch.version)
                        obj.sync_state = (RowSyncState.CONFLICT if ch.needs_review
                                          else RowSyncState.SYNCED)
                        if ch.needs_review and ch.conflicts:
                            # Both values, on every device of the community (not only the
                            # one whose push conflicted), for the conflict screen.
                            replace_conflicts(s, ch.table, ch.row_id, [
                                (c.field, c.server_value, c.device_value) for c in ch.conflicts
                            ], ch.version, None)
                            unsettled.add(key)
                        if not ch.needs_review and key in unsettled:
                            # Settled elsewhere (another device's decision): nothing left here.
                            sync_rows.settle(s, ch.table, ch.row_id, ch.data)
                        s.flush()
                    report.pulled += 1
                    if key in aside:
                        drop_copy(s, ch.table, ch.row_id, SET_ASIDE)
                        aside.discard(key)
                except (SQLAlchemyError, ValueError, TypeError, ArithmeticError,
                        LookupError) as exc:
                    # Kept, not dropped, and the pull goes on (the cursor already moves past):
                    # a person sees it under 需要处理, and a later good version replaces it.
                    unknown.add(key)
                    aside.add(key)
                    self._set_aside(s, ch, f"本机无法保存其中的值（{type(exc).__name__}: "
                                           f"{printable(str(exc), 200)}）。", report)

    @staticmethod
    def _kept_for(s: Session, ids: set[str]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """Of the rows ``ids``: those with open conflicts or a kept server copy, and those set
        aside (two queries for a page)."""
        unsettled: set[tuple[str, str]] = set()
        aside: set[tuple[str, str]] = set()
        wanted = sorted(ids)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            unsettled.update((t, r) for t, r in s.execute(select(
                SyncConflict.table_name, SyncConflict.row_id).where(
                SyncConflict.row_id.in_(chunk), SyncConflict.resolved_at.is_(None))))
            for kind, table, row_id in s.execute(select(
                    SyncCopy.kind, SyncCopy.table_name, SyncCopy.row_id).where(
                    SyncCopy.row_id.in_(chunk), SyncCopy.kind.in_((COPY, SET_ASIDE)))):
                (unsettled if kind == COPY else aside).add((table, row_id))
        return unsettled, aside

    @staticmethod
    def _merge_county(s: Session, model: type[Any], ch: Change) -> bool:
        """A county registry row (kept as reference) merged onto a same-named local row: the
        county's fields win, local contact fields stay, no second row (names are unique).
        False when there is no such local row: the row is then applied as any other."""
        put_copy(s, REFERENCE, ch.table, ch.row_id, ch.data, version=ch.version,
                 deleted=ch.deleted)
        if s.get(model, ch.row_id) is not None:
            return False
        local = s.scalars(select(model).where(model.name == ch.data.get("name"))
                          .order_by(model.deleted_at.is_not(None))).first()
        if local is None:
            return False
        if not ch.deleted:
            sync_rows.apply_county_fields(local, ch.data, COUNTY_FIELDS[ch.table])
        return True

    @staticmethod
    def _set_aside(s: Session, ch: Change, problem: str, report: SyncReport) -> None:
        """Keep a pulled row this device cannot apply, with the server's copy and the reason."""
        label = TABLE_LABELS.get(ch.table, printable(ch.table))
        reason = (f"县服务器发来的{label}记录（版本{ch.version}）无法在本机保存：{problem}"
                  "已单独存放，其余数据照常同步；请联系县住建部门改正这条记录。")
        put_copy(s, SET_ASIDE, ch.table, ch.row_id, ch.data, version=ch.version,
                 deleted=ch.deleted, needs_review=ch.needs_review, reason=reason[:1000])
        report.problems.append(reason)

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
            cols = columns_of(model)
            changes: dict[str, tuple[Any, Any]] = {}
            for f, v in choices.items():
                wire = to_wire(v)
                changes[f] = (server.get(f), wire)
                setattr(obj, f, from_wire(cols[f], wire))
            write_resolution(s, obj, changes)
            if copy is not None:
                s.delete(copy)
