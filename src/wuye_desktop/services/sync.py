"""Sync use cases for the CLI and the GUI: enrol, run, status, conflicts, 需要处理, export.

The engine (:mod:`wuye_desktop.sync.engine`) does push and pull; this module wraps it in what a
person asks for. Every method is blocking: the GUI calls :meth:`SyncService.run`,
:meth:`~SyncService.enroll` and :meth:`~SyncService.probe` on the runner's network lane and the
rest (quick local reads and writes) on its database lane.

The 需要处理 list is the outbox entries the server rejected. A person may *retry* one (after
editing the rejected values): a new operation with a new id is queued and the old one becomes
``retried``; or *discard* it: the entry becomes ``discarded`` and is kept for the audit trail
(a rejected write is never deleted silently).

County configuration (``county.ini``), looked up in this order: ``$WUYE_COUNTY_INI``, the data
directory, the directory of the executable (installer preconfiguration), then the packaged
resources. Format::

    [county]
    server = https://wuye.example-county.gov.cn
    ca_file = county-ca.pem      ; optional, relative to the ini file
    name = 某某县住房和城乡建设局   ; optional, shown in the enrolment dialog
"""

from __future__ import annotations

import configparser
import contextlib
import json
import logging
import os
import platform
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select

from .. import secrets
from ..clock import Clock, default_clock
from ..domain.enums import LabeledEnum
from ..domain.errors import UserError
from ..domain.fields import SPECS
from ..paths import AppPaths
from ..storage.db import Database
from ..storage.models import OutboxEntry
from ..storage.models_sync import COPY, SyncCopy, open_conflicts
from ..storage.outbox import SUPPRESS, to_wire
from ..storage.types import new_id, utcnow
from ..sync import engine as sync_engine
from ..sync.client import CountyClient, DeviceRevoked
from ..sync.engine import Credentials, SyncEngine, SyncReport, synced_models

log = logging.getLogger(__name__)

COUNTY_INI = "county.ini"
KEY_REVOKED = "sync_revoked"
KEY_CA_FILE = "county_ca_file"

#: Outbox states a revoked device still has to hand over (export-outbox).
UNFINISHED = ("pending", "sealed", "rejected")

#: Wire table -> Chinese name, for the lists (registers from the field specs, the rest here).
TABLE_LABELS: dict[str, str] = {
    **{k: s.label for k, s in SPECS.items()},
    "community": "社区", "inspection_templates": "检查模板", "inspections": "检查记录",
    "inspection_items": "检查项", "inspection_photos": "检查照片", "rectifications": "整改",
    "inspection_schedules": "检查计划", "surveys": "满意度调查", "complaints": "投诉",
}

#: Fields the specs call by a derived name (``company_name``) but rows store as ids.
_EXTRA_LABELS = {"company_id": "物业企业", "estate_id": "小区", "building_id": "楼栋",
                 "committee_id": "业委会", "name": "名称", "code": "代码"}

_TITLE_FIELDS = ("name", "number", "title", "code", "template_code")


class SyncActionRefused(UserError):
    """A sync action this computer refuses itself: an address the county locked or that is not
    a web address, a conflict choice that picks nothing, an entry no longer waiting."""


# -- county configuration --------------------------------------------------------------------


@dataclass(frozen=True)
class CountyConfig:
    """What a county preconfigures: its server address and, optionally, its own CA file."""

    server: str = ""
    ca_file: str = ""
    name: str = ""
    source: str = ""
    #: set by the county (``lock = true``): the worker cannot change the server address
    lock: bool = False


def program_dir() -> Path:
    """The folder of the installed program (the frozen executable's, or the interpreter's)."""
    return Path(sys.executable).resolve().parent


def _ini_candidates(paths: AppPaths | None) -> list[Path]:
    out: list[Path] = []
    env = os.environ.get("WUYE_COUNTY_INI")
    if env:
        out.append(Path(env))
    if paths is not None:
        out.append(paths.data_dir / COUNTY_INI)
    out.append(program_dir() / COUNTY_INI)
    with contextlib.suppress(ModuleNotFoundError, TypeError):  # a broken install
        out.append(Path(str(resources.files("wuye_desktop.resources") / COUNTY_INI)))
    return out


def _read_ini(p: Path) -> CountyConfig | None:
    cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"))
    try:
        cp.read(p, encoding="utf-8-sig")  # Notepad on Windows writes a BOM
    except (configparser.Error, UnicodeDecodeError, OSError) as exc:
        log.warning("ignoring unreadable %s: %s", p, exc)
        return None
    if not cp.has_section("county"):
        return None
    sec = cp["county"]
    ca = sec.get("ca_file", "").strip()
    if ca and not Path(ca).is_absolute():
        ca = str(p.parent / ca)
    lock = sec.get("lock", "").strip().lower() in ("1", "true", "yes", "on", "是")
    return CountyConfig(server=sec.get("server", "").strip(), ca_file=ca,
                        name=sec.get("name", "").strip(), source=str(p), lock=lock)


def load_county_config(paths: AppPaths | None = None) -> CountyConfig:
    """The first readable ``county.ini`` (see the module docstring), or an empty config.

    A locked file in the program folder (where only an administrator writes: the installer put
    it there) wins over every other, so a worker cannot unlock it from the data directory.
    """
    candidates = _ini_candidates(paths)
    machine = [p for p in candidates if paths is None or paths.data_dir not in p.parents]
    for p in machine:
        if p.is_file() and os.environ.get("WUYE_COUNTY_INI") != str(p):
            cfg = _read_ini(p)
            if cfg is not None and cfg.lock:
                return cfg
    for p in candidates:
        if not p.is_file():
            continue
        cfg = _read_ini(p)
        if cfg is not None:
            return cfg
    return CountyConfig()


# -- results ---------------------------------------------------------------------------------


@dataclass
class SyncStatus:
    """What ``sync status`` and the status bar show."""

    enrolled: bool
    server: str | None
    community: str | None
    device_id: str | None
    pending: int
    attention: int
    conflicts: int
    last_sync: datetime | None
    revoked: bool
    #: whether the OS keyring can hold a token now (enrolment is pointless without one)
    secret_store: bool = True

    def as_json(self) -> dict[str, Any]:
        return {"enrolled": self.enrolled, "server": self.server, "community": self.community,
                "device_id": self.device_id, "pending": self.pending,
                "attention": self.attention, "conflicts": self.conflicts,
                "last_sync": self.last_sync.isoformat() if self.last_sync else None,
                "revoked": self.revoked, "secret_store": self.secret_store}


@dataclass
class ConflictField:
    field: str
    label: str
    server_value: Any
    local_value: Any
    server_text: str
    local_text: str


@dataclass
class ConflictItem:
    """One row with fields waiting for a person (or flagged 待核实 by the server)."""

    table: str
    table_label: str
    row_id: str
    title: str
    reason: str
    server_version: int | None
    fields: list[ConflictField] = field(default_factory=list)
    #: the server's own text (kept for support; it names fields by their identifiers)
    server_reason: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"table": self.table, "row_id": self.row_id, "title": self.title,
                "reason": self.reason, "server_reason": self.server_reason,
                "server_version": self.server_version,
                "fields": [{"field": f.field, "label": f.label, "server_value": f.server_value,
                            "local_value": f.local_value} for f in self.fields]}


@dataclass
class AttentionItem:
    """A rejected operation (需要处理) with the server's reason."""

    op_id: str
    table: str
    table_label: str
    row_id: str
    kind: str
    title: str
    reason: str
    created_at: datetime
    #: field -> (label, current wire value of the row, or the op's new value)
    fields: dict[str, tuple[str, Any]] = field(default_factory=dict)


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
                                "backoff": self.backoff, "timeout": self.timeout}
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

    def status(self) -> SyncStatus:
        with self.db.session() as s:
            counts = dict(s.execute(select(OutboxEntry.state, func.count())
                                    .group_by(OutboxEntry.state)).all())
            conflict_rows = len({(c.table_name, c.row_id) for c in open_conflicts(s)})
        last = self.db.get_setting(sync_engine.KEY_LAST_OK)
        server = self.server()
        return SyncStatus(
            enrolled=bool(server and self.db.get_setting(sync_engine.KEY_DEVICE)),
            server=server, community=self.db.get_setting(sync_engine.KEY_COMMUNITY),
            device_id=self.db.get_setting(sync_engine.KEY_DEVICE),
            pending=counts.get("pending", 0) + counts.get("sealed", 0),
            attention=counts.get("rejected", 0), conflicts=max(conflict_rows, self._flagged()),
            last_sync=datetime.fromisoformat(last) if last else None,
            revoked=bool(self.db.get_setting(KEY_REVOKED)),
            secret_store=secrets.usable())

    def _flagged(self) -> int:
        with self.db.session() as s:
            return sum(s.scalar(select(func.count()).select_from(m).where(
                m.sync_state == "conflict")) or 0 for m in synced_models().values())

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
                        _title(obj), "", c.server_version, server_reason=c.reason or "")
                label = _label(c.table_name, c.field)
                item.fields.append(ConflictField(c.field, label, c.server_value, c.local_value,
                                                 _text(c.table_name, c.field, c.server_value),
                                                 _text(c.table_name, c.field, c.local_value)))
            for table, model in models.items():
                for obj in s.scalars(select(model).where(model.sync_state == "conflict")):
                    if (table, obj.id) not in items:
                        copy = s.get(SyncCopy, (COPY, table, obj.id))
                        items[(table, obj.id)] = ConflictItem(
                            table, TABLE_LABELS.get(table, table), obj.id, _title(obj),
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
            for e in s.scalars(select(OutboxEntry).where(OutboxEntry.state == "rejected")
                               .order_by(OutboxEntry.seq)):
                model = models.get(e.table_name)
                obj = s.get(model, e.row_id) if model else None
                fields = {}
                for f, (_old, new) in (e.changes or {}).items():
                    cur = to_wire(getattr(obj, f)) if obj is not None and hasattr(obj, f) else new
                    fields[f] = (_label(e.table_name, f), cur)
                out.append(AttentionItem(e.op_id, e.table_name,
                                         TABLE_LABELS.get(e.table_name, e.table_name), e.row_id,
                                         e.kind, _title(obj), e.result_message or "",
                                         e.created_at, fields))
        return out

    def retry(self, op_id: str, edits: dict[str, Any] | None = None) -> str:
        """Queue a rejected operation again as a new operation; returns the new op id.

        ``edits`` (field -> wire value) are applied to the row first. A rejected insert is
        re-sent as a full insert of the row as it is now (any later unsent edits of the row are
        folded into it, since the server never had the row); an update or delete re-sends its
        fields with the row's current values on its current version.
        """
        models = synced_models()
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            old = s.scalars(select(OutboxEntry).where(OutboxEntry.op_id == op_id)).one_or_none()
            if old is None or old.state != "rejected":
                raise SyncActionRefused("这条记录已不在需要处理清单中。")
            model = models.get(old.table_name)
            obj = s.get(model, old.row_id) if model else None
            if obj is None:
                raise SyncActionRefused("对应的记录已不存在，只能放弃这条修改。")
            cols = {a.key: a.columns[0] for a in inspect(model).column_attrs}
            for f, v in (edits or {}).items():
                if f not in cols:
                    # The retry dialog offers only the row's own fields: another is our bug.
                    raise ValueError(f"{old.table_name} has no field {f!r}")
                setattr(obj, f, sync_engine._from_wire(cols[f], v))
            actor = self.db.actor
            if edits:  # a correction typed in 需要处理 is an edit: 修改记录 shows it
                from ..storage.models_history import LOCAL, record_server_version

                record_server_version(s, obj, user=actor.user, device_id=actor.device_id,
                                      source=LOCAL)
            s.flush()
            if old.kind == "insert":
                later = list(s.scalars(select(OutboxEntry).where(
                    OutboxEntry.table_name == old.table_name, OutboxEntry.row_id == old.row_id,
                    OutboxEntry.state == "pending")))
                for e in later:
                    s.delete(e)
                from ..storage.base import BOOKKEEPING

                changes = {k: [None, to_wire(getattr(obj, k))] for k in cols
                           if k not in BOOKKEEPING and getattr(obj, k) is not None}
            else:
                changes = {f: [old_new[0], to_wire(getattr(obj, f))]
                           for f, old_new in (old.changes or {}).items() if f in cols}
            new = OutboxEntry(op_id=new_id(), table_name=old.table_name, row_id=old.row_id,
                              kind=old.kind, base_version=obj.version, changes=changes,
                              user=actor.user, device_id=actor.device_id, state="pending",
                              created_at=utcnow())
            s.add(new)
            old.state = "retried"
            obj.sync_state = "pending"
            return new.op_id

    def discard(self, op_id: str) -> None:
        """Give up a rejected operation (kept as ``discarded``; the local row is left as is)."""
        with self.db.unit_of_work() as s:
            s.info[SUPPRESS] = True
            e = s.scalars(select(OutboxEntry).where(OutboxEntry.op_id == op_id)).one_or_none()
            if e is None or e.state != "rejected":
                raise SyncActionRefused("这条记录已不在需要处理清单中。")
            e.state = "discarded"
            still = s.scalar(select(func.count()).select_from(OutboxEntry).where(
                OutboxEntry.table_name == e.table_name, OutboxEntry.row_id == e.row_id,
                OutboxEntry.state.in_(("pending", "sealed", "rejected"))))
            model = synced_models().get(e.table_name)
            obj = s.get(model, e.row_id) if model else None
            if obj is not None and not still and obj.sync_state == "rejected":
                obj.sync_state = ""

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


# -- display helpers -------------------------------------------------------------------------


def _label(table: str, f: str) -> str:
    spec = SPECS.get(table)
    if spec is not None:
        for fs in spec.fields:
            if fs.name == f:
                return fs.label
    return _EXTRA_LABELS.get(f, f)


def _text(table: str, f: str, value: Any) -> str:
    """A wire value as a person reads it (enum labels, 是/否, empty shown as （空）)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    spec = SPECS.get(table)
    if spec is not None:
        for fs in spec.fields:
            if fs.name == f and fs.enum is not None:
                member = fs.enum.parse(str(value))
                if isinstance(member, LabeledEnum):
                    return member.label
    return str(value)


def _title(obj: Any) -> str:
    if obj is None:
        return "（本机无此记录）"
    for f in _TITLE_FIELDS:
        v = getattr(obj, f, None)
        if v:
            return str(v)
    return str(obj.id)[:8]
