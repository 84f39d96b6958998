"""County figures per community and per sub-district (the first 9 digits of the community code).

Counts estates by management mode, professional-service coverage (share of estates managed by
a professional company), committee formation (share of estates with an owners' or management
committee), inspections, and overdue/escalated rectifications once those tables sync.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.inspections import RectificationStatus, is_overdue
from wuye_desktop.sync.protocol import COUNTY_SCOPE

from .models import Community, Row

MODES = [m.value for m in ManagementMode]


@dataclass
class Figures:
    """One line of the report."""

    code: str
    name: str = ""
    estates: int = 0
    by_mode: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MODES, 0))
    with_committee: int = 0
    households: int = 0
    professional_households: int = 0
    with_party: int = 0
    inspections: int = 0
    overdue: int = 0
    escalated: int = 0

    @property
    def coverage(self) -> float:
        return self.by_mode["professional"] / self.estates if self.estates else 0.0

    @property
    def committee_rate(self) -> float:
        return self.with_committee / self.estates if self.estates else 0.0

    @property
    def household_coverage(self) -> float:
        """专业化物业覆盖率 by households (estates without a household count weigh nothing)."""
        return self.professional_households / self.households if self.households else 0.0

    @property
    def party_rate(self) -> float:
        """党组织覆盖率: share of estates with a party branch recorded."""
        return self.with_party / self.estates if self.estates else 0.0

    def add(self, other: Figures) -> None:
        self.estates += other.estates
        for m in MODES:
            self.by_mode[m] += other.by_mode[m]
        self.with_committee += other.with_committee
        self.households += other.households
        self.professional_households += other.professional_households
        self.with_party += other.with_party
        self.inspections += other.inspections
        self.overdue += other.overdue
        self.escalated += other.escalated


def row_overdue(data: dict[str, Any], today: date) -> bool:
    """The desktop's overdue rule (``domain.inspections.is_overdue``) on a synced row's data."""
    due = data.get("deadline") or data.get("due_date")
    status = RectificationStatus.parse(data.get("status") or RectificationStatus.OPEN.value)
    if status is None or not isinstance(due, str):
        return False
    try:
        return bool(is_overdue(status, date.fromisoformat(due[:10]), today))
    except ValueError:
        return False


def compute(conn: Connection, today: date) -> tuple[list[Figures], list[Figures]]:
    """(per community, per sub-district) figures from the current, non-deleted rows; ``today``
    decides what is overdue (the caller's clock, see ``wuye_desktop.clock``)."""
    names = dict(conn.execute(select(Community.code, Community.name)).all())
    per: dict[str, Figures] = {}

    def fig(code: str) -> Figures:
        if code not in per:
            per[code] = Figures(code, names.get(code, ""))
        return per[code]

    for code in names:
        fig(code)
    q = select(Row.table_name, Row.row_id, Row.community_code, Row.data).where(
        Row.deleted.is_(False), Row.community_code != COUNTY_SCOPE,
        Row.table_name.in_(["estates", "committees", "inspections", "rectifications"]))
    estates: dict[str, str] = {}
    committee_estates: set[str] = set()
    for t, row_id, code, data in conn.execute(q):
        f = fig(code)
        if t == "estates":
            estates[row_id] = code
            f.estates += 1
            mode = ManagementMode.parse(data.get("management_mode")) or ManagementMode.NONE
            f.by_mode[mode.value] += 1
            households = data.get("household_count")
            if isinstance(households, int) and not isinstance(households, bool) and households > 0:
                f.households += households
                if mode is ManagementMode.PROFESSIONAL:
                    f.professional_households += households
            f.with_party += bool(str(data.get("party_branch") or "").strip())
        elif t == "committees" and data.get("estate_id"):
            committee_estates.add(data["estate_id"])
        elif t == "inspections" and data.get("status", "final") == "final" \
                and not data.get("revision_of_id"):  # corrections are not new inspections
            f.inspections += 1
        elif t == "rectifications":
            f.overdue += row_overdue(data, today)
            f.escalated += bool(data.get("escalated_on"))
    for estate_id in committee_estates:
        if estate_id in estates:
            per[estates[estate_id]].with_committee += 1
    communities = sorted(per.values(), key=lambda x: x.code)
    subs: dict[str, Figures] = defaultdict(lambda: Figures(""))
    for f in communities:
        s = subs[f.code[:9]]
        s.code = f.code[:9]
        s.add(f)
    return communities, sorted(subs.values(), key=lambda x: x.code)


HEADERS = ["代码", "名称", "小区数", *[m.label for m in ManagementMode],
           "专业化物业覆盖率", "已成立业委会/物管会的小区", "组建率", "巡查次数",
           "逾期整改", "升级督办"]


def as_row(f: Figures) -> list[Any]:
    return [f.code, f.name, f.estates, *[f.by_mode[m] for m in MODES],
            round(f.coverage, 4), f.with_committee, round(f.committee_rate, 4), f.inspections,
            f.overdue, f.escalated]


def write_xlsx(path: Path, communities: list[Figures], subs: list[Figures]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "社区"
    for title, rows in (("社区", communities), ("街道", subs)):
        sheet = ws if title == "社区" else wb.create_sheet(title)
        sheet.append(HEADERS)
        for f in rows:
            sheet.append(as_row(f))
        for col in ("I", "K"):  # coverage and formation rate
            for cell in sheet[col][1:]:
                cell.number_format = "0.0%"
    wb.save(path)


def as_text(communities: list[Figures], subs: list[Figures]) -> str:
    lines = []
    for title, rows in (("按社区", communities), ("按街道（区划代码前9位）", subs)):
        lines.append(f"== {title} ==")
        lines.append("\t".join(HEADERS))
        for f in rows:
            r = as_row(f)
            r[8] = f"{f.coverage:.1%}"
            r[10] = f"{f.committee_rate:.1%}"
            lines.append("\t".join(str(x) for x in r))
    return "\n".join(lines)
