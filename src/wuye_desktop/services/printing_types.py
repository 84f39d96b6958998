"""The printing service's plain results (what the 文书 screen lists and what a print returns)
and the parsing of the values a person types into a document form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select

from ..printing import NoticeTemplate, PrintError
from ..storage import models as m

# --- plain results ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentField:
    """A value the user fills in before printing (template fields and contract blanks alike)."""

    key: str
    label: str
    required: bool = False
    default: str = ""
    hint: str = ""
    kind: Literal["text", "date", "money"] = "text"


@dataclass(frozen=True, slots=True)
class EstateChoice:
    """An estate the user may address, with its building count (for the target list)."""

    id: str
    name: str
    buildings: int


@dataclass(frozen=True, slots=True)
class BuildingChoice:
    """A building of an estate with its lead(s) as printed."""

    id: str
    number: str
    lead: str  # "" when no lead is registered


@dataclass(frozen=True, slots=True)
class InspectionChoice:
    """A finalised inspection the rectification notice or the report can be printed from."""

    id: str
    label: str  # "2026-11-16 解放新村 日常巡查 不合格"
    failed: bool


@dataclass(frozen=True, slots=True)
class PrintResult:
    """What one print produced."""

    pages: int
    files: tuple[Path, ...] = ()
    buildings: int = 0
    number: str = ""  # the rectification notice number
    reused_number: bool = False
    #: printed, but the person should know (e.g. a photo file missing, a placeholder printed)
    warnings: tuple[str, ...] = ()


# --- helpers -----------------------------------------------------------------------------------


def _natural(text: str) -> list[Any]:
    """Sort key putting "2号楼" before "10号楼"."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _dec(value: str, label: str) -> Decimal | None:
    value = (value or "").strip().replace("元", "")
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise PrintError(f"“{label}”应为数字（元），现在是“{value}”。") from None


def parse_date(value: str, label: str) -> dt.date | None:
    """Accept 2026-12-01, 2026/12/1, 2026.12.1 and 2026年12月1日."""
    value = (value or "").strip()
    if not value:
        return None
    parts = re.findall(r"\d+", value)
    if len(parts) == 3:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise PrintError(f"“{label}”不是有效日期：“{value}”。请写成 2026-12-01。")


SERVICE_FIELDS: tuple[DocumentField, ...] = (
    DocumentField("住宅物业费", "住宅物业费（元/平方米·月）", hint="例如 0.60；空着则留空待手填", kind="money"),
    DocumentField("非住宅物业费", "非住宅物业费（元/平方米·月）", hint="没有非住宅可不填", kind="money"),
    DocumentField("计费方式", "计费方式", default="包干制", hint="包干制或酬金制"),
    DocumentField("缴费周期", "缴费周期", default="按季度", hint="按月、按季度或按年"),
    DocumentField("停车费", "停车服务费", hint="例如 地面停车位每个每月60元"),
    DocumentField("合同开始", "合同期限自", hint="默认取小区登记的合同起始日", kind="date"),
    DocumentField("合同结束", "合同期限至", hint="默认取小区登记的合同终止日", kind="date"),
    DocumentField("服务用房", "物业服务用房", hint="位置和面积"),
    DocumentField("维修资金", "专项维修资金", hint="交存、使用的约定"),
    DocumentField("签订地点", "签订地点"),
    DocumentField("合同编号", "合同编号"),
    DocumentField("甲方委托代理人", "甲方委托代理人", hint="由负责人签字的可不填"),
    DocumentField("乙方委托代理人", "乙方委托代理人", hint="由法定代表人签字的可不填"),
)
DECORATION_FIELDS: tuple[DocumentField, ...] = (
    DocumentField("业主姓名", "装修人（业主）", required=True),
    DocumentField("业主电话", "装修人电话"),
    DocumentField("房屋", "房屋坐落", required=True, hint="例如 3号楼2单元501室"),
    DocumentField("装修内容", "装饰装修内容", required=True, hint="例如 更换门窗、厨卫改造"),
    DocumentField("开工日期", "开工日期", required=True, kind="date"),
    DocumentField("竣工日期", "竣工日期", required=True, kind="date"),
    DocumentField("施工单位", "装饰装修企业"),
    DocumentField("垃圾堆放点", "装修垃圾临时堆放点"),
    DocumentField("管理费", "装修管理服务费"),
    DocumentField("押金", "装修押金"),
)


def committee_names(s: Any, estate_ids: Sequence[str]) -> dict[str, str]:
    """Estate id -> the name its notices are signed with ("东风花园业主委员会",
    "…物业管理委员会"), for the estates of ``estate_ids`` that registered a committee."""
    rows = s.execute(select(m.Estate.id, m.Estate.name, m.Committee.kind).join(
        m.Committee, m.Committee.estate_id == m.Estate.id).where(
        m.Estate.id.in_(estate_ids), m.Committee.deleted_at.is_(None)))
    return {eid: f"{name}{kind.label}" for eid, name, kind in rows}


#: The 文书 screen's field for who convenes an owners' assembly when the estate has no committee
#: registered (the first meeting's 筹备组); empty, the registered committee signs.
CONVENER_FIELD = DocumentField(
    "业主组织", "召集单位（未登记业委会时填写，如首次业主大会筹备组）", False, "",
    "留空则由登记的业主委员会（物业管理委员会）署名")


def notice_fields(template: NoticeTemplate) -> list[DocumentField]:
    """The fields the 文书 screen shows for ``template``: its own, and who convenes the meeting
    when it is signed by the estate's committee (:data:`CONVENER_FIELD`)."""
    own = [DocumentField(f.name, f.label, f.required, f.default, f.hint) for f in template.fields]
    return own + ([CONVENER_FIELD] if "业主组织" in template.placeholders else [])
