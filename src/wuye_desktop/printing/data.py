"""Plain data the printing engine consumes. Services fill these; no database access here.

All text is already-final Chinese for print; dates are :class:`datetime.date` and are formatted by
:func:`cn_date` ("2026年11月21日", Arabic numerals, no zero padding, as GB/T 9704 requires).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..domain.notice_rules import NoticeAuthority
from .contract_texts import ContractClauses, ServiceStandard

#: ``progress(done, total)`` — called after each building/page group.
ProgressCallback = Callable[[int, int], None]
#: ``cancelled()`` — polled between buildings; return True to stop the batch.
CancelCheck = Callable[[], bool]


def cn_date(d: dt.date) -> str:
    """Format a date the official way: ``2026年11月21日``."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True, slots=True)
class BuildingLead:
    """楼长: printed only where a notice template asks for it."""

    name: str
    phone: str = ""
    #: the registered term (任期), printed on a 聘书 (a template with ``per_lead``)
    term_start: dt.date | None = None
    term_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Building:
    """楼栋. ``number`` is the printed designation, e.g. "3号楼" or "3栋".

    ``lead`` is what a notice prints (two leads of a building joined with "、"); ``leads`` are
    the individual leads with their terms, for documents addressed to each lead (聘书). Empty
    ``leads`` with a ``lead`` means that one lead.
    """

    number: str
    lead: BuildingLead | None = None
    units: int | None = None
    leads: tuple[BuildingLead, ...] = ()

    def each_lead(self) -> tuple[BuildingLead, ...]:
        """The building's leads one by one."""
        return self.leads or ((self.lead,) if self.lead is not None else ())


@dataclass(frozen=True, slots=True)
class Estate:
    """小区 with the buildings a batch may address."""

    name: str
    address: str = ""
    community: str = ""  # 社区名称, e.g. "幸福里社区"
    company: str = ""  # 物业服务企业名称 (empty if none)
    buildings: tuple[Building, ...] = ()
    #: the estate's 业主委员会 / 物业管理委员会, as printed under its notices (empty if none)
    committee: str = ""


@dataclass(frozen=True, slots=True)
class Issuer:
    """发文单位: the office printed as signature (e.g. "幸福里社区居民委员会")."""

    office: str
    contact: str = ""
    phone: str = ""
    address: str = ""


# --- rectification notice -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RectificationItem:
    """One failed inspection item turned into a 整改事项."""

    problem: str  # 发现的问题（事实）
    action: str  # 整改要求
    deadline: dt.date
    item_ref: str = ""  # checklist reference, e.g. "3.2"
    critical: bool = False  # 否决项: printed with ★


@dataclass(frozen=True, slots=True)
class RectificationNotice:
    """整改通知单. ``number`` is given by the caller, e.g. "〔2026〕第3号"."""

    number: str
    company: str
    estate: str
    inspection_date: dt.date
    items: tuple[RectificationItem, ...]
    issuer: Issuer
    issue_date: dt.date
    legal_basis: str = (
        "《中华人民共和国民法典》第九百四十二条、《物业管理条例》第三十五条及物业服务合同的约定"
    )
    inspection_kind: str = "日常巡查"
    reply_days: int = 0  # if > 0: ask for a written reply within this many days
    #: who issues it: a community informs and urges (督促/告知); the county orders (责令)
    authority: NoticeAuthority = NoticeAuthority.COMMUNITY


# --- contracts -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Party:
    """A contracting party with the details printed in the contract head."""

    name: str
    representative: str = ""  # 法定代表人 (a company) / 负责人 (业主委员会, 物管会)
    address: str = ""
    phone: str = ""
    credit_code: str = ""  # 统一社会信用代码
    agent: str = ""  # 委托代理人 (signs in the representative's place), a separate field


@dataclass(frozen=True, slots=True)
class FeeStandard:
    """物业费标准: per m² of floor area per month, by property kind."""

    residential: Decimal  # 元/平方米·月
    commercial: Decimal | None = None
    method: str = "包干制"  # 包干制 or 酬金制
    payment_cycle: str = "按季度"  # 按月 / 按季度 / 按年
    parking: str = ""  # free text, e.g. "地面停车位每个每月 60 元"


@dataclass(frozen=True, slots=True)
class ServiceContract:
    """物业服务合同 data. Fields left empty print as blank lines to fill by hand."""

    estate: Estate
    owners: Party  # 甲方: 业主大会 (业主委员会 on its behalf) or 物管会
    company: Party  # 乙方: 物业服务企业
    fee: FeeStandard
    term_start: dt.date
    term_end: dt.date
    floor_area: str = ""  # 建筑面积, e.g. "86,420.5 平方米"
    building_count: int | None = None
    household_count: int | None = None
    service_grade: str = ""  # e.g. "二级"
    premises: str = ""  # 物业服务用房 location/area
    maintenance_fund: str = ""  # 专项维修资金 arrangement
    signing_place: str = ""
    contract_number: str = ""
    extra_clauses: tuple[str, ...] = ()
    #: the attachment 物业服务标准 (None: the shipped standard of ``service_grade``)
    standard: ServiceStandard | None = None
    #: replaceable clause texts (None: the shipped ones)
    clauses: ContractClauses | None = None


@dataclass(frozen=True, slots=True)
class DecorationAgreement:
    """装饰装修管理服务协议 data (owner ↔ property company)."""

    estate: Estate
    company: Party
    owner_name: str
    room: str  # e.g. "3号楼2单元501室"
    works: str  # 装饰装修工程的内容
    start: dt.date
    end: dt.date
    contractor: str = ""  # 装修施工单位
    working_hours: str = "8:00—12:00、14:00—18:00（法定节假日不得进行产生噪声的作业）"
    waste_site: str = ""  # 装修垃圾临时堆放点
    management_fee: str = ""  # e.g. "按建筑面积每平方米 2 元，计 180 元"
    deposit: str = ""  # 装修押金, e.g. "2,000 元"
    owner_phone: str = ""


# --- inspection report ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InspectionItemResult:
    """One checklist item as filled in."""

    section: str
    title: str
    result: str  # "合格" / "不合格" / "不适用"
    score: Decimal | None = None
    max_score: Decimal | None = None
    note: str = ""
    failed: bool = False
    critical: bool = False


@dataclass(frozen=True, slots=True)
class Photo:
    """A JPEG/PNG on disk with its caption."""

    path: Path
    caption: str = ""


@dataclass(frozen=True, slots=True)
class InspectionReport:
    """巡查/考核报告."""

    estate: str
    company: str
    inspection_date: dt.date
    inspectors: tuple[str, ...]
    template_name: str
    score: Decimal
    max_score: Decimal
    passed: bool
    items: tuple[InspectionItemResult, ...]
    kind: str = "日常巡查"
    photos: tuple[Photo, ...] = ()
    rectifications: tuple[RectificationItem, ...] = ()
    issuer: Issuer | None = None
    summary: str = ""
    building_leads_present: tuple[str, ...] = field(default_factory=tuple)
    #: the template's pass line (percent); with it the report says why it failed
    pass_threshold: Decimal | None = None
    #: a re-inspection: its rectification section lists the items still open after it
    reinspection: bool = False
