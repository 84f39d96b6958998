"""County figures per community and per sub-district (the first 9 digits of the community code).

Counts estates by management mode, professional-service coverage (share of estates managed by
a professional company), committee formation (share of estates with an owners' or management
committee), inspections, overdue/escalated rectifications, complaints with their response,
closure and satisfaction rates (also per property company), and the satisfaction band of each
estate's latest satisfaction survey, and the 维修资金 use applications with their estimated
and final amounts. The rates and bands are the desktop's rules
(``domain.surveys`` — ``ComplaintRates``, ``satisfaction_band``) on the synced rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.fund import fen_text
from wuye_desktop.domain.inspections import RectificationStatus, is_overdue
from wuye_desktop.domain.revenue import EntryKind
from wuye_desktop.domain.surveys import (
    ComplaintRates,
    SurveyAction,
    SurveyBand,
    SurveyKind,
    satisfaction_band,
)
from wuye_desktop.sync.protocol import COUNTY_SCOPE

from .models import Community, Row
from .report_selection import HEADERS as SELECTION_HEADERS
from .report_selection import EstateSelection
from .report_selection import as_lines as selection_lines

MODES = [m.value for m in ManagementMode]
BANDS = [b.value for b in SurveyBand]


@dataclass
class ComplaintCounts:
    """Complaints of one community or company: the counts behind the three rates."""

    total: int = 0
    responded: int = 0
    closed: int = 0
    rated: int = 0
    satisfied: int = 0

    def count(self, data: dict[str, Any]) -> None:
        self.total += 1
        self.responded += bool(data.get("responded_at"))
        self.closed += bool(data.get("closed_at"))
        self.rated += data.get("satisfied") is not None
        self.satisfied += data.get("satisfied") is True

    def add(self, other: ComplaintCounts) -> None:
        self.total += other.total
        self.responded += other.responded
        self.closed += other.closed
        self.rated += other.rated
        self.satisfied += other.satisfied

    @property
    def rates(self) -> ComplaintRates:
        return ComplaintRates(self.total, self.responded, self.closed, self.rated,
                              self.satisfied, 0)

    def row(self) -> list[Any]:
        """总数, 已响应, 已办结, 响应率, 办结率, 满意率 (rates as fractions, blank when none)."""
        r = self.rates
        return [self.total, self.responded, self.closed,
                *[None if v is None else round(v / 100, 4)
                  for v in (r.response_rate, r.closure_rate, r.satisfaction_rate)]]


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
    complaints: ComplaintCounts = field(default_factory=ComplaintCounts)
    #: estates per band of their latest satisfaction survey
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    #: public revenue (公共收益) booked by the community's estates, all periods, in fen
    revenue_income: int = 0
    revenue_expense: int = 0

    def count_revenue(self, data: dict[str, Any]) -> None:
        fen = data.get("amount_fen")
        if not isinstance(fen, int) or isinstance(fen, bool) or fen <= 0:
            return
        if EntryKind.parse(data.get("kind")) is EntryKind.INCOME:
            self.revenue_income += fen
        elif EntryKind.parse(data.get("kind")) is EntryKind.EXPENSE:
            self.revenue_expense += fen
    #: 维修资金 use applications, their estimated and final amounts (fen; final of settled ones)
    fund_applications: int = 0
    fund_estimated_fen: int = 0
    fund_final_fen: int = 0

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
        self.complaints.add(other.complaints)
        for b in BANDS:
            self.bands[b] += other.bands[b]
        self.revenue_income += other.revenue_income
        self.revenue_expense += other.revenue_expense
        self.fund_applications += other.fund_applications
        self.fund_estimated_fen += other.fund_estimated_fen
        self.fund_final_fen += other.fund_final_fen

    def count_fund(self, data: dict[str, Any]) -> None:
        self.fund_applications += 1
        self.fund_estimated_fen += _fen(data.get("estimated_fen"))
        self.fund_final_fen += _fen(data.get("final_fen"))


@dataclass
class CompanyFigures:
    """Complaints against one property company, across every community."""

    company_id: str
    name: str = ""
    complaints: ComplaintCounts = field(default_factory=ComplaintCounts)


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


def _band(data: dict[str, Any]) -> SurveyBand | None:
    if SurveyKind.parse(data.get("kind")) is not SurveyKind.SATISFACTION:
        return None
    action = SurveyAction.parse(data.get("action"))
    return satisfaction_band(action) if action is not None else None


def compute(conn: Connection, today: date) -> tuple[list[Figures], list[Figures]]:
    """(per community, per sub-district) figures from the current, non-deleted rows; ``today``
    decides what is overdue (the caller's clock, see ``wuye_desktop.clock``)."""
    communities, subs, _companies = compute_all(conn, today)
    return communities, subs


def compute_all(conn: Connection, today: date
                ) -> tuple[list[Figures], list[Figures], list[CompanyFigures]]:
    """:func:`compute` and the complaints per property company (by name; the county registry's
    or the community's company row)."""
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
        Row.table_name.in_(["estates", "committees", "inspections", "rectifications",
                            "complaints", "surveys", "revenue_entries", "fund_applications"]))
    estates: dict[str, str] = {}
    committee_estates: set[str] = set()
    latest: dict[str, tuple[str, SurveyBand]] = {}  # estate → (conducted_on, band)
    by_company: dict[str, CompanyFigures] = {}
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
        elif t == "complaints":
            f.complaints.count(data)
            cid = data.get("company_id")
            if cid:
                by_company.setdefault(cid, CompanyFigures(cid)).complaints.count(data)
        elif t == "revenue_entries":
            f.count_revenue(data)
        elif t == "fund_applications":
            f.count_fund(data)
        elif t == "surveys" and data.get("estate_id"):
            band, on = _band(data), str(data.get("conducted_on") or "")
            if band is not None and on >= latest.get(data["estate_id"], ("", band))[0]:
                latest[data["estate_id"]] = (on, band)
    for estate_id in committee_estates:
        if estate_id in estates:
            per[estates[estate_id]].with_committee += 1
    for estate_id, (_on, band) in latest.items():
        if estate_id in estates:
            per[estates[estate_id]].bands[band.value] += 1
    communities = sorted(per.values(), key=lambda x: x.code)
    subs: dict[str, Figures] = defaultdict(lambda: Figures(""))
    for f in communities:
        s = subs[f.code[:9]]
        s.code = f.code[:9]
        s.add(f)
    return communities, sorted(subs.values(), key=lambda x: x.code), _by_name(conn, by_company)


def _by_name(conn: Connection, by_id: dict[str, CompanyFigures]) -> list[CompanyFigures]:
    """One line per company name: each community registers the same company as its own row."""
    if not by_id:
        return []
    names_q = select(Row.row_id, Row.data).where(Row.table_name == "companies",
                                                 Row.row_id.in_(list(by_id)))
    for row_id, data in conn.execute(names_q):
        by_id[row_id].name = str(data.get("name") or "").strip()
    merged: dict[str, CompanyFigures] = {}
    for c in by_id.values():
        key = c.name or c.company_id
        if key in merged:
            merged[key].complaints.add(c.complaints)
        else:
            merged[key] = c
    return sorted(merged.values(), key=lambda x: (x.name, x.company_id))


CENT = Decimal("0.01")
#: public revenue totals (元), the last columns of a line
REVENUE_HEADERS = ["公共收益收入（元）", "公共收益支出（元）", "公共收益结余（元）"]
def _fen(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


COMPLAINT_HEADERS = ["投诉件数", "已响应", "已办结", "响应率", "办结率", "满意率"]
HEADERS = ["代码", "名称", "小区数", *[m.label for m in ManagementMode],
           "专业化物业覆盖率", "已成立业委会/物管会的小区", "组建率", "巡查次数",
           "逾期整改", "升级督办", *COMPLAINT_HEADERS,
           *[f"满意度{b.label}的小区" for b in SurveyBand], *REVENUE_HEADERS,
           "维修资金申请", "申请预算（元）", "决算（元）"]
COMPANY_HEADERS = ["物业企业", *COMPLAINT_HEADERS]


def as_row(f: Figures) -> list[Any]:
    return [f.code, f.name, f.estates, *[f.by_mode[m] for m in MODES],
            round(f.coverage, 4), f.with_committee, round(f.committee_rate, 4), f.inspections,
            f.overdue, f.escalated, *f.complaints.row(), *[f.bands[b] for b in BANDS],
            *[(Decimal(v) / 100).quantize(CENT) for v in (f.revenue_income, f.revenue_expense,
                                         f.revenue_income - f.revenue_expense)],
            f.fund_applications, fen_text(f.fund_estimated_fen), fen_text(f.fund_final_fen)]


def company_row(c: CompanyFigures) -> list[Any]:
    return [c.name or c.company_id, *c.complaints.row()]


#: the columns of the complaint rates that are fractions (formatted as percent)
RATE_COLUMNS = range(3, 6)


def _percent(row: list[Any], first: int) -> list[Any]:
    """The complaint rates in ``row`` (starting at its complaint columns) as text."""
    out = list(row)
    for i in RATE_COLUMNS:
        v = out[first + i]
        out[first + i] = "—" if v is None else f"{v:.1%}"
    return out


def write_xlsx(path: Path, communities: list[Figures], subs: list[Figures],
               companies: list[CompanyFigures] | None = None,
               selections: list[EstateSelection] | None = None) -> None:
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
        first = HEADERS.index(COMPLAINT_HEADERS[0])
        for idx in (8, 10, *[first + i for i in RATE_COLUMNS]):  # coverage, formation, rates
            for cell in next(iter(sheet.iter_cols(min_col=idx + 1, max_col=idx + 1)))[1:]:
                cell.number_format = "0.0%"
    sheet = wb.create_sheet("物业企业")
    sheet.append(COMPANY_HEADERS)
    for c in companies or []:
        sheet.append(company_row(c))
    for idx in RATE_COLUMNS:
        for cell in next(iter(sheet.iter_cols(min_col=idx + 2, max_col=idx + 2)))[1:]:
            cell.number_format = "0.0%"
    sheet = wb.create_sheet("物业选聘")
    sheet.append(SELECTION_HEADERS)
    for sel in selections or []:
        sheet.append(sel.row())
    wb.save(path)


def as_text(communities: list[Figures], subs: list[Figures],
            companies: list[CompanyFigures] | None = None,
            selections: list[EstateSelection] | None = None) -> str:
    lines = []
    first = HEADERS.index(COMPLAINT_HEADERS[0])
    for title, rows in (("按社区", communities), ("按街道（区划代码前9位）", subs)):
        lines.append(f"== {title} ==")
        lines.append("\t".join(HEADERS))
        for f in rows:
            r = _percent(as_row(f), first)
            r[8] = f"{f.coverage:.1%}"
            r[10] = f"{f.committee_rate:.1%}"
            lines.append("\t".join(str(x) for x in r))
    lines.append("== 按物业企业（投诉） ==")
    lines.append("\t".join(COMPANY_HEADERS))
    for c in companies or []:
        lines.append("\t".join(str(x) for x in _percent(company_row(c), 1)))
    lines.extend(selection_lines(selections or []))
    return "\n".join(lines)
