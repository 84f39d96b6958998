"""Sync use cases for the CLI and the GUI: enrol, run, status, conflicts, 需要处理, export.

The engine (:mod:`wuye_desktop.services.sync_engine`) does push and pull; this module wraps it in what a
person asks for. Every method is blocking: the GUI calls :meth:`SyncService.run`,
:meth:`~SyncService.enroll` and :meth:`~SyncService.probe` on the runner's network lane and the
rest (quick local reads and writes) on its database lane.

The 需要处理 list is the outbox entries the server rejected. A person may *retry* one (after
editing the rejected values): a new operation with a new id is queued and the old one becomes
``retried``; or *discard* it: the entry becomes ``discarded`` and is kept for the audit trail
(a rejected write is never deleted silently).

County configuration (``county.ini``) is read by :mod:`wuye_desktop.services.county_config`;
the engine is :mod:`wuye_desktop.services.sync_engine`.
"""

from __future__ import annotations

import json
import logging
import platform
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from .. import secrets
from ..clock import Clock, default_clock
from ..domain.errors import UserError
from ..domain.fields import COUNTY_FIELDS
from ..domain.values import printable
from ..paths import AppPaths
from ..storage.db import Database
from ..storage.models import OutboxEntry
from ..storage.models_sync import (
    COPY,
    REFERENCE,
    SET_ASIDE,
    SyncCopy,
    county_record,
    open_conflicts,
)
from ..storage.outbox import (
    SUPPRESS,
    UNFINISHED,
    OutboxState,
    RowSyncState,
    insert_changes,
    new_outbox_entry,
    to_wire,
)
from ..storage.sync_rows import apply_county_fields, columns_of, from_wire, synced_models
from ..storage.types import utcnow
from ..sync import engine as sync_engine
from ..sync.client import CountyClient, DeviceRevoked
from .county_config import COUNTY_INI, CountyConfig, load_county_config, program_dir
from .sync_after_pull import PHOTO_PREFIX, photo_problems
from .sync_engine import Credentials, SyncEngine, SyncReport
from .sync_types import (
    TABLE_LABELS,
    AttentionItem,
    ConflictField,
    ConflictItem,
    SyncStatus,
    label_of,
    text_of,
    title_of,
)

__all__ = ["COUNTY_INI", "TABLE_LABELS", "UNFINISHED", "AttentionItem", "ConflictField",
           "ConflictItem", "CountyConfig", "SyncReport", "SyncService", "SyncStatus",
           "load_county_config", "program_dir"]

log = logging.getLogger(__name__)

KEY_REVOKED = "sync_revoked"
KEY_CA_FILE = "county_ca_file"


def set_aside_id(table: str, row_id: str) -> str:
    """The 需要处理 key of a pulled row set aside (rejected operations use their op id)."""
    return f"{SET_ASIDE}:{table}:{row_id}"


class SyncActionRefused(UserError):
    """A sync action this computer refuses itself: an address the county locked or that is not
    a web address, a conflict choice that picks nothing, an entry no longer waiting."""


# -- the service -----------------------------------------------------------------------------


class SyncService:
    """Sync use cases over one desktop database (see the module docstring)."""

    def __init__(self, paths: AppPaths, db: Database, *, retries: int = 5,
                 backoff: float = 0.5, timeout: float = 30.0, clock: Clock | None = None) -> None:
        self.paths = paths
        self.clock = clock if clock is not None else default_clock()
        from .updates import UpdateService

        #: updates offered by the county server (checked after a sync, at most daily)
        self.updates = UpdateService(db.get_setting, db.set_setting, paths.data_dir / "updates",
                                     self.clock.today)
        self.db = db
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self._lock = threading.Lock()  # one run at a time (timer and button may race)
        self._client: CountyClient | None = None
        self._creds: Credentials | None = None
        self._engine: SyncEngine | None = None

    # -- configuration ---------------------------------------------------------------------

    def check_update(self, *, force: bool = False) -> Any:
        """An :class:`~wuye_desktop.services.updates.Offer` or None (checked at most daily)."""
        server = self.server() or self.county_config().server
        if not server:
            return None
        client = self._make_client(server, retries=0, timeout=10.0, keepalive=False)
        try:
            return self.updates.check(client, force=force)
        finally:
            client.close()

    def download_update(self, offer: Any, progress: Any = None, cancelled: Any = None) -> Path:
        server = self.server() or self.county_config().server
        client = self._make_client(server or "", retries=0, keepalive=False)
        try:
            path = self.updates.download(client, offer, progress, cancelled)
        finally:
            client.close()
        # The offer promises it: a copy of the data exists before the installer replaces the app.
        from ..storage.db import timestamped_backup

        timestamped_backup(self.db.path, self.db.backup_dir, "before-update")
        return path

    def county_config(self) -> CountyConfig:
        return load_county_config(self.paths)

    def server(self) -> str | None:
        return self.db.get_setting(sync_engine.KEY_SERVER)

    def _ca_file(self) -> str | None:
        return self.db.get_setting(KEY_CA_FILE) or self.county_config().ca_file or None

    def _make_client(self, server: str, **kw: Any) -> CountyClient:
        opts: dict[str, Any] = {"ca_file": self._ca_file(), "retries": self.retries,
                                "backoff": self.backoff, "timeout": self.timeout,
                                "allow_http": self.county_config().allow_http}
        opts.update(kw)
        return CountyClient(server, **opts)

    def _engine_for(self, server: str) -> SyncEngine:
        # Kept between runs so the access token is reused rather than refreshed every time.
        if self._engine is None or self._client is None or self._client.base_url != server.rstrip("/"):
            self.close()
            self._client = self._make_client(server)
            self._creds = Credentials(self.db, self._client)
            self._engine = SyncEngine(self.db, self._client, photos_dir=self.paths.photos)
        return self._engine

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = self._creds = self._engine = None

    # -- enrol, run, probe -----------------------------------------------------------------

    def enroll(self, server: str, code: str, device_name: str = "") -> str:
        """Exchange a one-time code for this device's credentials; returns the community code.

        Raises :class:`~wuye_desktop.secrets.SecretStoreUnavailable` (no keyring: nothing is
        written), :class:`~wuye_desktop.sync.client.Refused` (wrong or used code) or
        :class:`~wuye_desktop.sync.client.Offline`.
        """
        server = server.strip().rstrip("/")
        if not server.startswith(("http://", "https://")):
            raise SyncActionRefused("服务器地址应以 https:// 开头，例如 https://wuye.example.gov.cn")
        cfg = self.county_config()
        if cfg.lock and cfg.server and server != cfg.server.rstrip("/"):
            raise SyncActionRefused(f"县里已锁定服务器地址（{cfg.server}），不能注册到其他服务器。"
                             "如地址有变，请联系县住建部门更新安装包中的 county.ini。")
        with self._lock:
            self.close()
            client = self._make_client(server)
            try:
                community = Credentials(self.db, client).enroll(
                    code.strip(), device_name or platform.node()[:100])
            finally:
                client.close()
            with self.db.unit_of_work() as s:
                from ..storage.models import LocalSetting

                row = s.get(LocalSetting, KEY_REVOKED)
                if row is not None:
                    s.delete(row)
            return community

    def run(self) -> SyncReport:
        """Push then pull. Raises the client's :class:`SyncError` subclasses (Chinese text)."""
        server = self.server()
        if not server:
            from ..sync.client import AuthRequired

            raise AuthRequired("本机尚未注册到县服务器。请在“同步”页点击“注册本机”，"
                               "输入县里发的一次性注册码。")
        with self._lock:
            try:
                return self._engine_for(server).run()
            except DeviceRevoked:
                self.db.set_setting(KEY_REVOKED, utcnow().isoformat())
                raise

    def probe(self, timeout: float = 3.0) -> bool:
        """Whether the county server answers ``/health`` now (one try, short timeout)."""
        server = self.server() or self.county_config().server
        if not server:
            return False
        client = self._make_client(server, retries=0, timeout=timeout, keepalive=False)
        try:
            client.health()
            return True
        except Exception:  # any failure means "not reachable now"
            return False
        finally:
            client.close()

    # -- status ----------------------------------------------------------------------------

    def status(self, check_keyring: bool = True) -> SyncStatus:
        """The local sync state. ``check_keyring=False`` leaves ``secret_store`` unknown (None)
        instead of loading keyring and its platform backends to look: the window's first
        status-bar reading at start, which must not wait for them (the Sync screen checks)."""
        with self.db.session() as s:
            counts = dict(s.execute(select(OutboxEntry.state, func.count())
                                    .group_by(OutboxEntry.state)).all())
            conflict_rows = len({(c.table_name, c.row_id) for c in open_conflicts(s)})
            set_aside = s.scalar(select(func.count()).select_from(SyncCopy)
                                 .where(SyncCopy.kind == SET_ASIDE)) or 0
        last = self.db.get_setting(sync_engine.KEY_LAST_OK)
        server = self.server()
        photos = [p.text for p in photo_problems(self.db)]
        return SyncStatus(
            enrolled=bool(server and self.db.get_setting(sync_engine.KEY_DEVICE)),
            server=server, community=self.db.get_setting(sync_engine.KEY_COMMUNITY),
            device_id=self.db.get_setting(sync_engine.KEY_DEVICE),
            pending=counts.get(OutboxState.PENDING, 0) + counts.get(OutboxState.SEALED, 0),
            attention=counts.get(OutboxState.REJECTED, 0) + set_aside + len(photos),
            conflicts=max(conflict_rows, self._flagged()),
            last_sync=datetime.fromisoformat(last) if last else None,
            revoked=bool(self.db.get_setting(KEY_REVOKED)),
            secret_store=secrets.usable() if check_keyring else None,
            photo_problems=photos)

    def _flagged(self) -> int:
        with self.db.session() as s:
            return sum(s.scalar(select(func.count()).select_from(m).where(
                m.sync_state == RowSyncState.CONFLICT)) or 0 for m in synced_models().values())

    # -- conflicts -------------------------------------------------------------------------

    def conflicts(self) -> list[ConflictItem]:
        """Rows with open field conflicts, then rows the server flags 待核实 with no local detail
        (the other device's value is the one stored on the server)."""
        models = synced_models()
        items: dict[tuple[str, str], ConflictItem] = {}
        with self.db.session() as s:
            for c in open_conflicts(s):
                key = (c.table_name, c.row_id)
                item = items.get(key)
                if item is None:
                    model = models.get(c.table_name)
                    obj = s.get(model, c.row_id) if model else None
                    item = items[key] = ConflictItem(
                        c.table_name, TABLE_LABELS.get(c.table_name, c.table_name), c.row_id,
                        title_of(obj), "", c.server_version, server_reason=c.reason or "")
                label = label_of(c.table_name, c.field)
                item.fields.append(ConflictField(c.field, label, c.server_value, c.local_value,
                                                 text_of(c.table_name, c.field, c.server_value),
                                                 text_of(c.table_name, c.field, c.local_value)))
            for table, model in models.items():
                for obj in s.scalars(select(model).where(model.sync_state == RowSyncState.CONFLICT)):
                    if (table, obj.id) not in items:
                        copy = s.get(SyncCopy, (COPY, table, obj.id))
                        items[(table, obj.id)] = ConflictItem(
                            table, TABLE_LABELS.get(table, table), obj.id, title_of(obj),
                            (copy.reason if copy else None)
                            or "县服务器标记为待核实：另一台电脑对同一字段提交了不同的值。",
                            obj.version)
        for item in items.values():
            if item.fields and not item.reason:
                # Our own words: the server's text names fields by their identifiers.
                item.reason = ("、".join(f.label for f in item.fields)
                               + " 在另一台电脑上被改成了不同的值，县服务器暂时保留了它收到的第一个值。")
        return list(items.values())

    def resolve(self, table: str, row_id: str, choices: dict[str, Any]) -> None:
        """Record a person's choice (field -> wire value) as a new edit; sent by the next run."""
        if not choices:
            raise SyncActionRefused("请至少为一个字段选择要保留的值。")
        eng = SyncEngine(self.db, _NoNetwork())  # resolve_conflict is local only
        eng.resolve_conflict(table, row_id, choices)

    # -- 需要处理 ---------------------------------------------------------------------------

    def attention(self) -> list[AttentionItem]:
        models = synced_models()
        out = []
        with self.db.session() as s:
            for e in s.scalars(select(OutboxEntry).where(OutboxEntry.state == OutboxState.REJECTED)
                               .order_by(OutboxEntry.seq)):
                model = models.get(e.table_name)
                obj = s.get(model, e.row_id) if model else None
                fields = {}
                for f, (_old, new) in (e.changes or {}).items():
                    cur = to_wire(getattr(obj, f)) if obj is not None and hasattr(obj, f) else new
                    fields[f] = (label_of(e.table_name, f), cur)
                out.append(AttentionItem(e.op_id, e.table_name,
                                         TABLE_LABELS.get(e.table_name, e.table_name), e.row_id,
                                         e.kind, title_of(obj), e.result_message or "",
                                         e.created_at, fields))
            for c in s.scalars(select(SyncCopy).where(SyncCopy.kind == SET_ASIDE)
                               .order_by(SyncCopy.received_at)):
                model = models.get(c.table_name)
                obj = s.get(model, c.row_id) if model else None
                fields = {f: (label_of(c.table_name, f), v) for f, v in (c.data or {}).items()
                          if model is not None and f in columns_of(model)}
                out.append(AttentionItem(set_aside_id(c.table_name, c.row_id), c.table_name,
                                         TABLE_LABELS.get(c.table_name, c.table_name),
                                         c.row_id, "pulled", title_of(obj) or printable(
                                             (c.data or {}).get("name", "")),
                                         c.reason or "", c.received_at, fields))
        out += [AttentionItem(PHOTO_PREFIX + p.sha256, "inspection_photos",
                              TABLE_LABELS.get("inspection_photos", "检查照片"), p.sha256, "photo",
                              p.title, p.reason, p.at) for p in photo_problems(self.db)]
        return out

    def retry(self, op_id: str, edits: dict[str, Any] | None = None) -> str:
        """Queue a rejected operation again as a new operation; returns the new op id.

        ``edits`` (field -> wire value) are applied to the row first. A rejected insert is
        re-sent as a full insert of the row as it is now (any later unsent edits of the row are
        folded into it, since the server never had the row); an update or delete re-sends its
        fields with the row's current values on its current version.
        """
        _refuse_photo(op_id)
        if op_id.startswith(SET_ASIDE + ":"):
            raise SyncActionRefused("这条记录来自县服务器，本机无法保存它，也不能重试；"
                                    "请联系县住建部门改正后再同步，或点“放弃”。")
        models = synced_models()
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            old = s.scalars(select(OutboxEntry).where(OutboxEntry.op_id == op_id)).one_or_none()
            if old is None or old.state != OutboxState.REJECTED:
                raise SyncActionRefused("这条记录已不在需要处理清单中。")
            model = models.get(old.table_name)
            obj = s.get(model, old.row_id) if model else None
            if obj is None or model is None:
                raise SyncActionRefused("对应的记录已不存在，只能放弃这条修改。")
            cols = columns_of(model)
            for f, v in (edits or {}).items():
                if f not in cols:
                    # The retry dialog offers only the row's own fields: another is our bug.
                    raise ValueError(f"{old.table_name} has no field {f!r}")
                setattr(obj, f, from_wire(cols[f], v))
            actor = self.db.actor
            if edits:  # a correction typed in 需要处理 is an edit: 修改记录 shows it
                from ..storage.models_history import LOCAL, record_server_version

                record_server_version(s, obj, user=actor.user, device_id=actor.device_id,
                                      source=LOCAL)
            s.flush()
            if old.kind == "insert":
                later = list(s.scalars(select(OutboxEntry).where(
                    OutboxEntry.table_name == old.table_name, OutboxEntry.row_id == old.row_id,
                    OutboxEntry.state == OutboxState.PENDING)))
                for e in later:
                    s.delete(e)
                changes = insert_changes({k: getattr(obj, k) for k in cols}, cols)
            else:
                changes = {f: [old_new[0], to_wire(getattr(obj, f))]
                           for f, old_new in (old.changes or {}).items() if f in cols}
            new = new_outbox_entry(old.table_name, old.row_id, old.kind, obj.version, changes,
                                   actor)
            s.add(new)
            old.state = OutboxState.RETRIED
            obj.sync_state = RowSyncState.PENDING
            return new.op_id

    def discard(self, op_id: str) -> None:
        """Give up a rejected operation (kept as ``discarded``; the local row is left as is),
        or a pulled row set aside (its copy is dropped; a later version is pulled as usual)."""
        _refuse_photo(op_id)
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            if op_id.startswith(SET_ASIDE + ":"):
                _kind, table, row_id = op_id.split(":", 2)
                copy = s.get(SyncCopy, (SET_ASIDE, table, row_id))
                if copy is None:
                    raise SyncActionRefused("这条记录已不在需要处理清单中。")
                s.delete(copy)
                return
            e = s.scalars(select(OutboxEntry).where(OutboxEntry.op_id == op_id)).one_or_none()
            if e is None or e.state != OutboxState.REJECTED:
                raise SyncActionRefused("这条记录已不在需要处理清单中。")
            e.state = OutboxState.DISCARDED
            still = s.scalar(select(func.count()).select_from(OutboxEntry).where(
                OutboxEntry.table_name == e.table_name, OutboxEntry.row_id == e.row_id,
                OutboxEntry.state.in_(UNFINISHED)))
            model = synced_models().get(e.table_name)
            obj = s.get(model, e.row_id) if model else None
            if obj is not None and not still and obj.sync_state == RowSyncState.REJECTED:
                obj.sync_state = RowSyncState.SYNCED
            if obj is not None and e.table_name in COUNTY_FIELDS:
                # A refused change of county data is not left behind: the county's value returns.
                county = (s.get(SyncCopy, (REFERENCE, e.table_name, e.row_id))
                          or county_record(s, e.table_name, getattr(obj, "name", None)))
                if county is not None:
                    apply_county_fields(obj, county.data, COUNTY_FIELDS[e.table_name])

    # -- export ----------------------------------------------------------------------------

    def export_outbox(self, dest: Path, states: tuple[str, ...] = UNFINISHED) -> int:
        """Write the outbox operations not accepted by the server to a JSON file.

        A revoked device keeps its outbox; this is how its work reaches the county anyway (by
        hand). Returns the number of operations written.
        """
        with self.db.session() as s:
            entries = list(s.scalars(select(OutboxEntry).where(OutboxEntry.state.in_(states))
                                     .order_by(OutboxEntry.seq)))
            ops = [{"op_id": e.op_id, "table": e.table_name, "row_id": e.row_id,
                    "kind": e.kind, "base_version": e.base_version, "changes": e.changes,
                    "created_at": e.created_at.isoformat(), "user": e.user,
                    "device_id": e.device_id, "state": e.state, "batch_id": e.batch_id,
                    "server_reason": e.result_message} for e in entries]
        body = {"format": "wuye-outbox/1", "exported_at": utcnow().isoformat(),
                "server": self.server(), "community": self.db.get_setting(sync_engine.KEY_COMMUNITY),
                "device_id": self.db.get_setting(sync_engine.KEY_DEVICE) or self.db.device_id,
                "operations": ops}
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_suffix(dest.suffix + ".part")
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(dest)  # never a half-written export
        return len(ops)


class _NoNetwork(CountyClient):
    """A client that refuses to talk: for engine methods that are purely local."""

    def __init__(self) -> None:
        self.base_url = ""
        self.token = None
        self.on_unauthorized = None

    def close(self) -> None:
        pass


def _refuse_photo(op_id: str) -> None:
    """A photo that could not be downloaded is neither re-sent nor given up: every sync tries it."""
    if op_id.startswith(PHOTO_PREFIX):
        raise SyncActionRefused("照片会在每次同步时自动重新下载，不需要重试或放弃：请点“立即同步”。"
                                "若县服务器上没有这张照片，请在拍摄照片的那台电脑上同步一次。")
