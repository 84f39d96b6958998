"""概览 dashboard aggregates: estates by management mode, professional coverage against the
community's target, scores over time per estate, open/overdue rectifications by company, survey
rates. Every aggregate takes the same :class:`DashboardFilter` the lists use, so charts follow the
list filters. All aggregation runs in SQL (the 100k-inspection database must stay fast).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, select

from ..clock import Clock, SystemClock
from ..domain.enums import ManagementMode
from ..domain.inspections import InspectionKind, InspectionStatus, RectificationStatus, is_overdue
from ..domain.surveys import SurveyKind
from ..storage.db import Database
from ..storage.models import Community, Company, Estate
from ..storage.models_inspection import Inspection, Rectification, Survey


@dataclass
class DashboardFilter:
    estate_id: str | None = None
    company_id: str | None = None
    mode: ManagementMode | None = None
    kind: InspectionKind | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class ModeCount:
    mode: ManagementMode
    label: str
    estates: int
    households: int


@dataclass
class Coverage:
    professional: int
    estates: int
    percent: float | None
    households_professional: int
    households: int
    households_percent: float | None
    target: float | None

    @property
    def meets_target(self) -> bool | None:
        return None if self.target is None or self.percent is None else self.percent >= self.target


@dataclass
class ScorePoint:
    period: str  # "2025-03" (month)
    average: float
    count: int


@dataclass
class EstateScores:
    estate_id: str
    estate_name: str
    points: list[ScorePoint] = field(default_factory=list)


@dataclass
class CompanyRectifications:
    company_id: str | None
    company_name: str
    open: int
    overdue: int
    escalated: int
    rectified: int


@dataclass
class SurveyRate:
    estate_id: str
    estate_name: str
    period: str
    conducted_on: date
    rate: float
    action_label: str
    action_done: bool


class DashboardService:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock: Clock = clock if clock is not None else SystemClock()

    def _estates(self, f: DashboardFilter) -> Select[str]:
        q = select(Estate.id).where(Estate.deleted_at.is_(None))
        if f.estate_id:
            q = q.where(Estate.id == f.estate_id)
        if f.company_id:
            q = q.where(Estate.company_id == f.company_id)
        if f.mode is not None:
            q = q.where(Estate.management_mode == f.mode)
        return q

    def estates_by_mode(self, f: DashboardFilter | None = None) -> list[ModeCount]:
        f = f or DashboardFilter()
        q = (select(Estate.management_mode, func.count(), func.coalesce(func.sum(Estate.household_count), 0))
             .where(Estate.id.in_(self._estates(f))).group_by(Estate.management_mode))
        with self.db.session() as s:
            got = {m: (int(n), int(h or 0)) for m, n, h in s.execute(q)}
        return [ModeCount(m, m.label, *got.get(m, (0, 0))) for m in ManagementMode]

    def coverage(self, f: DashboardFilter | None = None) -> Coverage:
        """专业化物业覆盖率 by estates and by households, with the community's target."""
        modes = self.estates_by_mode(f)
        total = sum(m.estates for m in modes)
        hh = sum(m.households for m in modes)
        pro = next(m for m in modes if m.mode is ManagementMode.PROFESSIONAL)
        with self.db.session() as s:
            target = s.scalar(select(Community.coverage_target).where(Community.deleted_at.is_(None)))
        pct = round(pro.estates * 100 / total, 1) if total else None
        hpct = round(pro.households * 100 / hh, 1) if hh else None
        return Coverage(pro.estates, total, pct, pro.households, hh, hpct, target)

    def _inspections(self, q: Any, f: DashboardFilter) -> Any:
        q = q.where(Inspection.deleted_at.is_(None), Inspection.status == InspectionStatus.FINAL,
                    Inspection.reinspection_of_id.is_(None), Inspection.score.is_not(None))
        if f.estate_id or f.company_id or f.mode is not None:
            q = q.where(Inspection.estate_id.in_(self._estates(f)))
        if f.kind is not None:
            q = q.where(Inspection.kind == f.kind)
        if f.date_from is not None:
            q = q.where(Inspection.inspected_on >= f.date_from)
        if f.date_to is not None:
            q = q.where(Inspection.inspected_on <= f.date_to)
        return q

    def scores_over_time(self, f: DashboardFilter | None = None,
                         max_estates: int = 20) -> list[EstateScores]:
        """Monthly average score per estate (original inspections; the latest revision of a
        corrected one and its predecessors both count only if not superseded)."""
        f = f or DashboardFilter()
        newer = select(Inspection.revision_of_id).where(
            Inspection.revision_of_id.is_not(None), Inspection.status == InspectionStatus.FINAL)
        month = func.substr(Inspection.inspected_on, 1, 7)
        q = self._inspections(select(Inspection.estate_id, Estate.name, month,
                                     func.avg(Inspection.score), func.count())
                              .join(Estate, Estate.id == Inspection.estate_id), f)
        if not f.estate_id:  # a chart shows a few lines: pick the estates before aggregating
            shown = self._estates(f).order_by(Estate.name).limit(max_estates)
            q = q.where(Inspection.estate_id.in_(shown))
        q = q.where(Inspection.id.not_in(newer)).group_by(Inspection.estate_id, Estate.name, month) \
            .order_by(Estate.name, month)
        out: dict[str, EstateScores] = {}
        with self.db.session() as s:
            for eid, name, m, avg, n in s.execute(q):
                es = out.setdefault(eid, EstateScores(eid, name))
                es.points.append(ScorePoint(m, round(float(avg), 1), int(n)))
        return list(out.values())[:max_estates]

    def average_score(self, f: DashboardFilter | None = None) -> tuple[float | None, int, int]:
        """(average score, inspections, passed) over the filter."""
        q = self._inspections(select(func.avg(Inspection.score), func.count(),
                                     func.sum(case((Inspection.passed.is_(True), 1), else_=0))),
                              f or DashboardFilter())
        with self.db.session() as s:
            avg, n, ok = s.execute(q).one()
        return (round(float(avg), 1) if avg is not None else None), int(n), int(ok or 0)

    def rectifications_by_company(self, f: DashboardFilter | None = None,
                                  today: date | None = None) -> list[CompanyRectifications]:
        f = f or DashboardFilter()
        today = today or self.clock.today()
        is_open = Rectification.status == RectificationStatus.OPEN
        late = is_overdue(Rectification.status, Rectification.deadline, today)
        q = (select(Rectification.company_id, Company.name,
                    func.sum(case((is_open, 1), else_=0)),
                    func.sum(case((late, 1), else_=0)),
                    func.sum(case((is_open & Rectification.escalated_on.is_not(None), 1), else_=0)),
                    func.sum(case((Rectification.status == RectificationStatus.RECTIFIED, 1), else_=0)))
             .outerjoin(Company, Company.id == Rectification.company_id)
             .where(Rectification.deleted_at.is_(None))
             .group_by(Rectification.company_id, Company.name))
        if f.estate_id or f.company_id or f.mode is not None:
            q = q.where(Rectification.estate_id.in_(self._estates(f)))
        if f.date_from is not None:
            q = q.where(Rectification.opened_on >= f.date_from)
        if f.date_to is not None:
            q = q.where(Rectification.opened_on <= f.date_to)
        with self.db.session() as s:
            rows = [CompanyRectifications(c, n or "（无物业企业）", int(o or 0), int(od or 0),
                                          int(e or 0), int(r or 0))
                    for c, n, o, od, e, r in s.execute(q)]
        rows.sort(key=lambda r: (-r.overdue, -r.open, r.company_name))
        return rows

    def survey_rates(self, f: DashboardFilter | None = None) -> list[SurveyRate]:
        """The latest satisfaction survey of each estate in the filter."""
        f = f or DashboardFilter()
        latest = (select(Survey.estate_id, func.max(Survey.conducted_on).label("d"))
                  .where(Survey.deleted_at.is_(None), Survey.kind == SurveyKind.SATISFACTION,
                         Survey.estate_id.in_(self._estates(f))))
        if f.date_from is not None:
            latest = latest.where(Survey.conducted_on >= f.date_from)
        if f.date_to is not None:
            latest = latest.where(Survey.conducted_on <= f.date_to)
        latest_sq = latest.group_by(Survey.estate_id).subquery()
        q = (select(Survey, Estate.name).join(Estate, Estate.id == Survey.estate_id)
             .join(latest_sq, (latest_sq.c.estate_id == Survey.estate_id)
                   & (latest_sq.c.d == Survey.conducted_on))
             .where(Survey.deleted_at.is_(None), Survey.kind == SurveyKind.SATISFACTION)
             .order_by(Survey.rate))
        with self.db.session() as s:
            return [SurveyRate(r.estate_id, n, r.period, r.conducted_on, r.rate, r.action.label,
                               r.action_status.value == "done") for r, n in s.execute(q)]
