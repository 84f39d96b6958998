"""Import of 维修资金 applications from an Excel file in the export's layout (工作表“维修资金申请”).

All or nothing: every problem is listed with its sheet, row and column, and then nothing is
written. A row whose 编号 is an application already here is left alone (nothing the person did
not change is overwritten); the others become new applications at 申请 — a row at a later stage
is refused, since its confirmations cannot be re-created from a spreadsheet.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.fields import FUND_EXPORT
from ..domain.fund import FundError, FundPath, FundStage, area, yuan_to_fen
from ..storage.db import Database
from ..storage.models import Building, Estate
from ..storage.models_fund import FundApplication
from ..storage.tabular import read_register
from .fund import FundImport, new_application

#: one building of the 楼栋 cell: "3号楼（3210.55㎡，48户）" (half- or full-width brackets)
_BUILDING = re.compile(r"^\s*(.+?)\s*[（(]\s*([0-9.]+)\s*(?:㎡|m2|平方米)?\s*[，,]\s*(\d+)\s*户?\s*[）)]\s*$")


def _cell_place(sheet: str, row: int, column: str) -> str:
    return f"工作表“{sheet}” 第{row}行 “{column}”列"


def _buildings(s: Session, estate_id: str, text: str) -> list[tuple[str, str, int]]:
    numbers = dict(s.execute(select(Building.number, Building.id).where(
        Building.estate_id == estate_id, Building.deleted_at.is_(None))).all())
    out: list[tuple[str, str, int]] = []
    for part in re.split(r"[、;；]", text or ""):
        if not part.strip():
            continue
        m = _BUILDING.match(part)
        if m is None:
            raise FundError(f"“{part.strip()}”请写成 楼栋（面积㎡，户数户），如 3号楼（3210.55㎡，48户）。")
        if m.group(1) not in numbers:
            raise FundError(f"小区里没有楼栋“{m.group(1)}”。")
        area(m.group(2), f"{m.group(1)}的专有部分面积")  # said against this column
        out.append((numbers[m.group(1)], m.group(2), int(m.group(3))))
    return out


def _row(s: Session, v: dict[str, Any], estates: dict[str, str]) -> tuple[str, str] | None:
    """Add the row's application; a problem is (column, message)."""
    estate_id = estates.get(str(v.get("estate_name") or ""))
    if estate_id is None:
        return FUND_EXPORT.field("estate_name").label, f"找不到小区“{v.get('estate_name')}”，请先登记该小区。"
    stage = v.get("stage")
    if stage is not None and stage is not FundStage.APPLIED:
        return FUND_EXPORT.field("stage").label, "导入只能登记新申请（阶段为“申请”或留空）。"
    column = "buildings"
    try:
        buildings = _buildings(s, estate_id, str(v.get("buildings") or ""))
        column = "estimated"
        estimated = yuan_to_fen(v.get("estimated"), "预算金额")
        column = "repair_item"
        new_application(s, estate_id, v.get("path") or FundPath.EMERGENCY, str(v.get("category") or ""),
                        str(v.get("repair_item") or ""), str(v.get("applicant") or ""), estimated,
                        v.get("applied_on") or date.min, buildings, v.get("contractor"))
    except FundError as e:
        return FUND_EXPORT.field(column).label, e.message
    return None


def import_applications(db: Database, path: Path) -> FundImport:
    result = read_register(path, FUND_EXPORT)
    if not result.ok:
        raise FundError(result.report())
    problems: list[str] = []
    added = unchanged = 0
    with db.unit_of_work() as s:
        estates = dict(s.execute(select(Estate.name, Estate.id).where(
            Estate.deleted_at.is_(None))).all())
        known = set(s.scalars(select(FundApplication.id)))
        for r in result.rows:
            if r.values.get("id") in known:
                unchanged += 1
                continue
            problem = _row(s, r.values, estates)
            if problem is None:
                added += 1
            else:
                problems.append(f"{_cell_place(r.sheet, r.row, problem[0])}：{problem[1]}")
        if problems:  # raising rolls the whole unit of work back: nothing is imported
            raise FundError("维修资金申请没有导入，请改正下列问题后重新导入：\n" + "\n".join(problems))
    return FundImport(added, unchanged)
