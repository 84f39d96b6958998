"""修改记录 and 回收站: every version of every register record, and undo.

History is read from the durable ``history`` table (see
:mod:`wuye_desktop.storage.models_history`): who (the worker's name), when, which device, each
field old → new, with the Chinese labels of :mod:`wuye_desktop.domain.fields`.

Undo is always a *new* version, never a rewrite of the past: 恢复为此版本 is a normal edit
through :meth:`RegisterService.save` (validated, captured in the outbox, synced, and itself a
history entry); restoring a deleted record from 回收站 clears its tombstone the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.fields import SPECS
from ..domain.validation import Issue
from ..storage.base import BOOKKEEPING, SyncMixin
from ..storage.db import Database
from ..storage.models import (
    Building,
    BuildingLead,
    Committee,
    CommitteeMember,
    Company,
    Estate,
    Unit,
)
from ..storage.models_history import LOCAL, SERVER, HistoryEntry
from ..storage.outbox import to_wire
from ..storage.types import CodeEnum
from .register_units import on_restore
from .registers import MODELS, RegisterService, SaveResult, ValidationFailed

#: kinds in the order the 回收站 lists them
KINDS = ("estates", "buildings", "units", "leads", "companies", "committees", "members")

#: labels of the reference columns (the specs name references by natural key, not by column)
REF_LABELS = {"company_id": "物业企业", "estate_id": "所属小区", "building_id": "所属楼栋",
              "unit_id": "单元",
              "committee_id": "所属业委会"}
#: spec field shown for a reference column (its position in the form)
REF_FIELDS = {"company_id": "company_name", "estate_id": "estate_name", "unit_id": "unit_number",
              "building_id": "building_number", "committee_id": "estate_name"}

ACTIONS = {"insert": "新建", "update": "修改", "delete": "删除", "restore": "恢复",
           "revert": "恢复版本"}
EMPTY = "（空）"
COUNTY = "县服务器同步"
THIS_DEVICE = "本机"
#: how the note of a 恢复为此版本 version starts
REVERT_NOTE = "恢复为"


@dataclass(frozen=True)
class FieldChange:
    """One field of one version: its Chinese label and the old and new value as shown."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryItem:
    """One version of a record, newest first in :meth:`HistoryService.history`."""

    id: str
    #: insert | update | delete | restore (from 回收站) | revert (恢复为此版本)
    kind: str
    action: str
    at: datetime
    user: str
    device: str
    source: str
    changes: list[FieldChange] = field(default_factory=list)
    #: 恢复为此版本 is offered (not the current version, not a deletion)
    restorable: bool = False
    #: e.g. which version a 恢复为此版本 went back to
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["at"] = self.at.isoformat()
        return d


@dataclass(frozen=True)
class TrashItem:
    """A deleted register record in 回收站."""

    kind: str
    kind_label: str
    id: str
    title: str
    deleted_at: datetime | None
    deleted_by: str
    device: str

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["deleted_at"] = self.deleted_at.isoformat() if self.deleted_at else None
        return d


def title_of(obj: Any) -> str:
    """The natural key of a register record as a person reads it (also the CLI's KEY)."""
    if isinstance(obj, Estate | Company):
        return obj.name
    if isinstance(obj, Building):
        return f"{obj.estate.name}/{obj.number}"
    if isinstance(obj, Unit):
        return f"{obj.building.estate.name}/{obj.building.number}/{obj.number}"
    if isinstance(obj, BuildingLead):
        b = obj.building
        return f"{b.estate.name}/{b.number}/{obj.name}"
    if isinstance(obj, Committee):
        return obj.estate.name
    if isinstance(obj, CommitteeMember):
        return f"{obj.committee.estate.name}/{obj.name}"
    return str(getattr(obj, "id", ""))


class HistoryService:
    """History, 恢复为此版本, and 回收站 over the register records of one database."""

    def __init__(self, db: Database, registers: RegisterService) -> None:
        self.db = db
        self.registers = registers

    # --- finding records -------------------------------------------------------------------

    def find(self, kind: str, key: str, *, deleted: bool | None = None) -> str | None:
        """The id of the record whose natural key (as :func:`title_of` writes it) or id is
        ``key``; live records first. ``deleted`` True/False restricts to tombstoned/live."""
        model = MODELS[kind]
        key = key.strip()
        with self.db.session() as s:
            obj = s.get(model, key)
            if obj is not None and (deleted is None or obj.is_deleted == deleted):
                return obj.id
            q = select(model)
            if deleted is True:
                q = q.where(model.deleted_at.is_not(None))
            elif deleted is False:
                q = q.where(model.deleted_at.is_(None))
            found = [o for o in s.scalars(q) if title_of(o) == key]
            found.sort(key=lambda o: (o.is_deleted, -(o.deleted_at or o.updated_at).timestamp()))
            return found[0].id if found else None

    def title(self, kind: str, record_id: str) -> str:
        with self.db.session() as s:
            obj = s.get(MODELS[kind], record_id)
            return title_of(obj) if obj is not None else ""

    # --- history ---------------------------------------------------------------------------

    def history(self, kind: str, record_id: str) -> list[HistoryItem]:
        """Every recorded version of a record, newest first."""
        model = MODELS[kind]
        with self.db.session() as s:
            obj = s.get(model, record_id)
            entries = self._entries(s, kind, record_id)
            locals_ = self._local_devices()
            fmt = _Formatter(s, model)
            items: list[HistoryItem] = []
            newest = entries[-1].id if entries else None
            live = obj is not None and not obj.is_deleted
            for e in reversed(entries):
                k = "revert" if _is_revert(e) else _kind_of(e)
                changes = [fmt.change(f, old, new) for f, (old, new) in _ordered(kind, e.changes)
                           if f != "deleted_at"]
                items.append(HistoryItem(
                    id=e.id, kind=k, action=ACTIONS.get(k, k), at=e.created_at,
                    user=e.user or (COUNTY if e.source == SERVER else "（未记录）"),
                    device=_device(e, locals_), source=e.source, changes=changes,
                    restorable=live and e.id != newest and k != "delete", note=e.note or ""))
            return items

    def restore_version(self, kind: str, record_id: str, entry_id: str) -> SaveResult:
        """Make the record as it was right after ``entry_id``: a new version (a normal edit
        through the registers service, so validated, captured in the outbox and synced)."""
        model = MODELS[kind]
        with self.db.session() as s:
            obj = s.get(model, record_id)
            if obj is None:
                raise ValidationFailed([Issue("", "找不到这条记录，可能已被清除。")])
            if obj.is_deleted:
                raise ValidationFailed([Issue("", "这条记录已删除，请先在“回收站”中恢复，"
                                                  "再恢复到以前的版本。")])
            entries = self._entries(s, kind, record_id)
            ids = [e.id for e in entries]
            if entry_id not in ids:
                raise ValidationFailed([Issue("", "找不到这个版本，请刷新修改记录后重试。")])
            state = {k: to_wire(getattr(obj, k)) for k in _columns(model)}
            # Walk back from the current row: undo every later version, newest first. Exact even
            # for rows whose first version predates the history table.
            for e in reversed(entries[ids.index(entry_id) + 1:]):
                for f, (old, _new) in e.changes.items():
                    if f in state:
                        state[f] = old
            values = self._spec_values(s, kind, model, state)
            target = next(e for e in entries if e.id == entry_id)
            note = (f"{REVERT_NOTE}{target.created_at.astimezone():%Y-%m-%d %H:%M} "
                    f"{target.user or COUNTY}{ACTIONS.get(_kind_of(target), '修改')}后的版本")
            newest = entries[-1].id
        result = self.registers.save(kind, values, record_id)
        with self.db.unit_of_work() as s:
            # The save wrote the new version's history entry; say what it was (the entry itself
            # is written by change capture, which knows nothing of why).
            made = self._entries(s, kind, record_id)[-1]
            if made.id != newest and made.source == LOCAL:
                made.note = note
        return result

    # --- 回收站 ----------------------------------------------------------------------------

    def trash(self) -> list[TrashItem]:
        """Every deleted register record, most recently deleted first."""
        out: list[TrashItem] = []
        with self.db.session() as s:
            locals_ = self._local_devices()
            for kind in KINDS:
                model = MODELS[kind]
                for obj in s.scalars(select(model).where(model.deleted_at.is_not(None))):
                    last = s.scalars(select(HistoryEntry).where(
                        HistoryEntry.table_name == kind, HistoryEntry.row_id == obj.id,
                        HistoryEntry.kind == "delete").order_by(
                        HistoryEntry.created_at.desc(), HistoryEntry.id.desc()).limit(1)).first()
                    by = (last.user if last is not None else obj.updated_by) or COUNTY
                    device = _device(last, locals_) if last is not None else ""
                    out.append(TrashItem(kind, SPECS[kind].label, obj.id, title_of(obj),
                                         obj.deleted_at, by, device))
        out.sort(key=lambda t: t.deleted_at.timestamp() if t.deleted_at else 0, reverse=True)
        return out

    def restore_deleted(self, kind: str, record_id: str) -> str:
        """Bring a record back from 回收站 (a new version clearing the tombstone, synced).
        Returns its title; raises ValidationFailed when its parent is deleted too or a live
        record now has the same name."""
        model = MODELS[kind]
        try:
            with self.db.unit_of_work() as s:
                obj = s.get(model, record_id)
                if obj is None or not obj.is_deleted:
                    raise ValidationFailed([Issue("", "这条记录不在回收站中，可能已被恢复。")])
                problem = _parent_problem(obj) or _key_taken(s, kind, obj)
                if problem:
                    raise ValidationFailed([Issue("", problem)])
                obj.deleted_at = None
                on_restore(s, kind, obj)
                title = title_of(obj)
        except IntegrityError as exc:
            raise ValidationFailed([Issue("", "已有同名的记录，不能恢复。请先修改或删除同名记录。")]) from exc
        return title

    # --- internals -------------------------------------------------------------------------

    @staticmethod
    def _entries(s: Session, kind: str, record_id: str) -> list[HistoryEntry]:
        return list(s.scalars(select(HistoryEntry).where(
            HistoryEntry.table_name == kind, HistoryEntry.row_id == record_id)
            .order_by(HistoryEntry.created_at, HistoryEntry.id)))

    def _local_devices(self) -> set[str]:
        from ..sync.engine import KEY_DEVICE

        ids = {self.db.device_id}
        county = self.db.get_setting(KEY_DEVICE)
        if county:
            ids.add(county)
        return ids

    @staticmethod
    def _spec_values(s: Session, kind: str, model: type[SyncMixin],
                     state: dict[str, Any]) -> dict[str, Any]:
        """Column wire values → the spec values a form would hold (references by name)."""
        from ..storage.sync_rows import columns_of, from_wire

        cols = columns_of(model)
        values: dict[str, Any] = {}
        for f in SPECS[kind].fields:
            if f.ref is None and f.name in cols:
                values[f.name] = from_wire(cols[f.name], state.get(f.name))

        def name_of(m: type[Any], row_id: Any) -> Any:
            return s.get(m, row_id) if row_id else None

        if kind == "estates":
            c = name_of(Company, state.get("company_id"))
            values["company_name"] = c.name if c is not None else None
        elif kind in ("buildings", "committees"):
            e = name_of(Estate, state.get("estate_id"))
            values["estate_name"] = e.name if e is not None else None
        elif kind in ("leads", "units"):
            b = name_of(Building, state.get("building_id"))
            values["estate_name"] = b.estate.name if b is not None else None
            values["building_number"] = b.number if b is not None else None
            if kind == "leads":
                u = name_of(Unit, state.get("unit_id"))
                values["unit_number"] = u.number if u is not None else None
        elif kind == "members":
            c = name_of(Committee, state.get("committee_id"))
            values["estate_name"] = c.estate.name if c is not None else None
        return values


def _columns(model: type[SyncMixin]) -> list[str]:
    return [a.key for a in inspect(model).column_attrs if a.key not in BOOKKEEPING]


def _kind_of(e: HistoryEntry) -> str:
    d = e.changes.get("deleted_at")
    if e.kind == "update" and d is not None and d[0] is not None and d[1] is None:
        return "restore"
    return e.kind


def _ordered(kind: str, changes: dict[str, Any]) -> list[tuple[str, Any]]:
    """Changed fields in form order (references where the form shows them)."""
    order = {f.name: i for i, f in enumerate(SPECS[kind].fields)}

    def pos(name: str) -> int:
        return order.get(REF_FIELDS.get(name, name), len(order))

    return sorted(changes.items(), key=lambda kv: pos(kv[0]))


def _is_revert(e: HistoryEntry) -> bool:
    # other notes (e.g. a 物业选聘 filing) say why an ordinary update was made
    return bool(e.note) and e.kind == "update" and (e.note or "").startswith(REVERT_NOTE)


def _device(e: HistoryEntry, local_ids: set[str]) -> str:
    if e.device_id and e.device_id in local_ids:
        return THIS_DEVICE
    if e.device_id:
        return f"其他设备（{e.device_id[:8]}）"
    return "县服务器" if e.source == SERVER else THIS_DEVICE


def _parent_problem(obj: Any) -> str:
    if isinstance(obj, Building | Committee) and obj.estate.is_deleted:
        return f"所属小区“{obj.estate.name}”也已删除，请先在回收站中恢复该小区。"
    if isinstance(obj, BuildingLead | Unit) and obj.building.is_deleted:
        return f"所属楼栋“{title_of(obj.building)}”也已删除，请先在回收站中恢复该楼栋。"
    if isinstance(obj, CommitteeMember) and obj.committee.is_deleted:
        return (f"小区“{obj.committee.estate.name}”的业委会也已删除，"
                "请先在回收站中恢复该业委会。")
    if isinstance(obj, Estate) and obj.company is not None and obj.company.is_deleted:
        return f"该小区的物业企业“{obj.company.name}”已删除，请先在回收站中恢复该企业。"
    return ""


def _key_taken(s: Session, kind: str, obj: Any) -> str:
    """Why the record cannot come back: a live record now has its unique key ("" if free)."""
    if kind == "estates":
        q = select(Estate.id).where(Estate.name == obj.name, Estate.deleted_at.is_(None))
        what = f"已有名为“{obj.name}”的小区"
    elif kind == "companies":
        q = select(Company.id).where(Company.name == obj.name, Company.deleted_at.is_(None))
        what = f"已有名为“{obj.name}”的物业企业"
    elif kind == "buildings":
        q = select(Building.id).where(Building.estate_id == obj.estate_id,
                                      Building.number == obj.number,
                                      Building.deleted_at.is_(None))
        what = f"小区“{obj.estate.name}”已有楼栋“{obj.number}”"
    elif kind == "units":
        q = select(Unit.id).where(Unit.building_id == obj.building_id, Unit.number == obj.number,
                                  Unit.deleted_at.is_(None))
        what = f"楼栋“{title_of(obj.building)}”已有{obj.number}单元"
    elif kind == "committees":
        q = select(Committee.id).where(Committee.estate_id == obj.estate_id,
                                       Committee.deleted_at.is_(None))
        what = f"小区“{obj.estate.name}”已登记了业委会"
    else:
        return ""
    if s.scalar(q.limit(1)) is None:
        return ""
    return f"{what}，不能恢复这条记录。请先修改或删除现有的记录。"


class _Formatter:
    """Wire values → the text a person reads (enum labels, 是/否, names of referenced rows)."""

    def __init__(self, s: Session, model: type[SyncMixin]) -> None:
        self.s = s
        self.cols = {a.key: a.columns[0] for a in inspect(model).column_attrs}
        self.labels: dict[str, str] = {}
        kind = model.__sync_table__
        for f in SPECS[kind].fields:
            self.labels[f.name] = f.label
        self.labels.update(REF_LABELS)

    def change(self, name: str, old: Any, new: Any) -> FieldChange:
        return FieldChange(name, self.labels.get(name, name), self.text(name, old),
                           self.text(name, new))

    def text(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return EMPTY
        refs: dict[str, type[SyncMixin]] = {"company_id": Company, "estate_id": Estate,
                                            "building_id": Building, "committee_id": Committee,
                                            "unit_id": Unit}
        ref = refs.get(name)
        if ref is not None:
            row = self.s.get(ref, value)
            if row is None:
                return str(value)[:8]
            return title_of(row) + ("（已删除）" if row.is_deleted else "")
        col = self.cols.get(name)
        t = col.type if col is not None else None
        if isinstance(t, CodeEnum):
            member = t.enum_cls.parse(str(value))
            return member.label if member is not None else str(value)
        if isinstance(t, Boolean):
            return "是" if value else "否"
        if isinstance(t, Float) and isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
