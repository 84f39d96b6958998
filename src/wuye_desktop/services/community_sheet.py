"""The 社区 sheet of the register workbook: the community office's name, address, phone and
contact person as one row.

Exported with every register ("all"); on import, the division code (社区代码) must be this
community's — a file of another community is refused, naming sheet, row and column — the name is
checked, and the office's fields present in the file and changed update the community record in
the import's transaction, through the same ORM path as the 发文单位信息 form (so the change goes
to the outbox and the history). A blank cell keeps the stored value unless "blank clears".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.fields import COMMUNITY_SHEET
from ..storage.models import Community
from ..storage.tabular import read_register
from ..storage.tabular.errors import TabularError
from ..storage.tabular.sources import check_path, open_book
from ..storage.tabular.workbook import sheet_match_score
from .import_problem import Problem
from .register_types import CommunityInfo, FieldChange

#: The office's fields the sheet may change (the code and name are the county's).
OFFICE_FIELDS = ("office", "office_address", "office_phone", "office_contact")


def community_rows(info: CommunityInfo | None) -> list[dict[str, Any]]:
    """The 社区 sheet's one row (none before the community is registered)."""
    if info is None:
        return []
    return [{"code": info.code, "name": info.name, "office": info.office,
             "office_address": info.office_address, "office_phone": info.office_phone,
             "office_contact": info.office_contact}]


@dataclass
class CommunitySheet:
    """The 社区 sheet as read: its row (None when empty), columns and problems."""

    sheet: str
    row: int = 0
    values: dict[str, Any] = field(default_factory=dict)
    #: field → header as written in the file
    columns: dict[str, str] = field(default_factory=dict)
    issues: list[Problem] = field(default_factory=list)

    def column(self, name: str) -> str:
        return self.columns.get(name) or COMMUNITY_SHEET.field(name).label


def find_sheet(path: Path) -> str | None:
    """The workbook's 社区 sheet ("社区", "社区信息"), or None (CSV files have none)."""
    if check_path(Path(path)) == "csv":
        return None
    book = open_book(Path(path))
    try:
        return next((n for n in book.sheet_names
                     if sheet_match_score(n, COMMUNITY_SHEET)[0] == 2), None)
    finally:
        book.close()


def read_sheet(path: Path, sheet: str) -> CommunitySheet:
    """Read the 社区 sheet: one row expected; more rows are an error naming the extra row."""
    try:
        res = read_register(Path(path), COMMUNITY_SHEET, sheet=sheet)
    except TabularError as exc:
        return CommunitySheet(sheet, issues=[Problem(sheet, 0, "", str(exc))])
    out = CommunitySheet(res.sheet or sheet, columns=dict(res.columns))
    out.issues += [Problem.of(i) for i in res.issues]
    if res.rows:
        out.row, out.values = res.rows[0].row, dict(res.rows[0].values)
    for extra in res.rows[1:]:
        out.issues.append(Problem(out.sheet, extra.row, "", "社区工作表只能有一行（本社区的信息），"
                                     "请删去多余的行后重新导入。"))
    return out


def apply_sheet(s: Session, sheet: CommunitySheet,
                blank_clears: bool) -> tuple[list[FieldChange], list[Problem]]:
    """Write the sheet's changed office fields to the community row in ``s`` (not committed).
    Returns the changes, and the problems (a different division code is an error)."""
    if not sheet.row:
        return [], []
    c = s.scalars(select(Community).where(Community.deleted_at.is_(None))).first()
    if c is None:
        return [], [Problem(sheet.sheet, sheet.row, "", "本机还没有登记社区，社区工作表未导入"
                               "（其余工作表照常导入）。请先登记本社区（社区代码、名称），"
                               "再导入一次以填入发文单位信息。", "warning")]
    code = str(sheet.values.get("code") or "").strip()
    if code != c.code:
        return [], [Problem(
            sheet.sheet, sheet.row, sheet.column("code"),
            f"社区代码“{code or '（空）'}”不是本社区（{c.name}，{c.code}）的代码：这份文件属于另一个社区，"
            "为防止改错社区，本次没有导入任何数据。请导入本社区导出的文件，"
            f"或把该格改为 {c.code}。")]
    issues: list[Problem] = []
    name = str(sheet.values.get("name") or "").strip()
    if "name" in sheet.values and name and name != c.name:
        issues.append(Problem(sheet.sheet, sheet.row, sheet.column("name"),
                                 f"社区名称“{name}”与登记的“{c.name}”不同，社区名称不从表格修改，已保留“{c.name}”。",
                                 "warning"))
    changes: list[FieldChange] = []
    for f in OFFICE_FIELDS:
        if f not in sheet.values:
            continue
        new = sheet.values[f]
        new = str(new).strip() if new is not None else ""
        if not new and (not blank_clears or f == "office"):
            continue  # a blank keeps the stored value; the office's name is never cleared
        old = getattr(c, f) or ""
        if new != old:
            setattr(c, f, new or None)
            changes.append(FieldChange(f, COMMUNITY_SHEET.field(f).label, old or None, new or None))
    return changes, issues
