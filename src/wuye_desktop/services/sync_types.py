"""What the sync screens show: status, conflicts waiting for a person, the 需要处理 list,
and how a wire table, field and value read in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.enums import LabeledEnum
from ..domain.fields import SPECS

#: Wire table -> Chinese name, for the lists (registers from the field specs, the rest here).
TABLE_LABELS: dict[str, str] = {
    **{k: s.label for k, s in SPECS.items()},
    "community": "社区", "inspection_templates": "检查模板", "inspections": "检查记录",
    "inspection_items": "检查项", "inspection_photos": "检查照片", "rectifications": "整改",
    "inspection_schedules": "检查计划", "surveys": "满意度调查", "complaints": "投诉",
    "revenue_entries": "公共收益台账", "revenue_postings": "公示张贴记录", "fee_collections": "物业费收缴",
    "selections": "物业选聘",
    "fund_applications": "维修资金申请",
}

#: Fields the specs call by a derived name (``company_name``) but rows store as ids.
_EXTRA_LABELS = {"company_id": "物业企业", "estate_id": "小区", "building_id": "楼栋",
                 "unit_id": "单元", "committee_id": "业委会", "name": "名称", "code": "代码"}

_TITLE_FIELDS = ("name", "number", "title", "code", "template_code")


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
    #: whether the OS keyring can hold a token now (enrolment is pointless without one);
    #: None: not looked at (``SyncService.status(check_keyring=False)``)
    secret_store: bool | None = True
    #: photos the last sync could not download (Chinese, one each; counted in ``attention``)
    photo_problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"enrolled": self.enrolled, "server": self.server, "community": self.community,
                "device_id": self.device_id, "pending": self.pending,
                "attention": self.attention, "conflicts": self.conflicts,
                "last_sync": self.last_sync.isoformat() if self.last_sync else None,
                "revoked": self.revoked, "secret_store": self.secret_store,
                "photo_problems": self.photo_problems}


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


def label_of(table: str, f: str) -> str:
    spec = SPECS.get(table)
    if spec is not None:
        for fs in spec.fields:
            if fs.name == f:
                return fs.label
    return _EXTRA_LABELS.get(f, f)


def text_of(table: str, f: str, value: Any) -> str:
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


def title_of(obj: Any) -> str:
    if obj is None:
        return "（本机无此记录）"
    for f in _TITLE_FIELDS:
        v = getattr(obj, f, None)
        if v:
            return str(v)
    return str(obj.id)[:8]
