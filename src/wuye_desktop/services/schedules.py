"""Recurring inspections per estate and the due/overdue list they produce.

Defaults follow the standing rule (quarterly for every 准物业 estate, yearly for professional
ones); a worker can override per estate. A period counts as done when a finalised, original
(not re-inspection) inspection of the schedule's kind took place in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..clock import Clock, SystemClock
from ..domain.enums import ManagementMode
from ..domain.inspections import InspectionError, InspectionKind, InspectionStatus
from ..domain.schedules import DEFAULT_BY_MODE, DueState, Period, due_state
from ..storage.db import Database
from ..storage.models import Estate
from ..storage.models_inspection import Inspection, InspectionSchedule
from ..storage.types import utcnow
from .inspection_templates import TemplateService


@dataclass
class ScheduleInfo:
    id: str
    estate_id: str
    estate_name: str
    management_mode: ManagementMode | None
    kind: InspectionKind
    kind_label: str
    template_code: str
    period: Period
    period_label: str
    start_on: date
    active: bool


@dataclass
class DueItem:
    """A row of the due list: which estate owes which inspection by when."""

    schedule: ScheduleInfo
    state: DueState
    last_done: date | None

    @property
    def status_label(self) -> str:
        if self.state.overdue:
            return f"逾期{self.state.days_overdue}天"
        return "待检查"


class ScheduleService:
    """Schedules and the due list."""

    def __init__(self, db: Database, templates: TemplateService, clock: Clock | None = None) -> None:
        self.db = db
        self.templates = templates
        self.clock: Clock = clock if clock is not None else SystemClock()

    def set_schedule(self, estate_id: str, kind: InspectionKind, period: Period, start_on: date,
                     template_code: str | None = None, active: bool = True) -> str:
        """Create or change the estate's schedule of this kind; returns its id."""
        code = template_code
        if code is None:
            t = self.templates.for_kind(kind)
            if t is None:
                raise InspectionError(f"没有“{kind.label}”类型的检查模板，请先导入模板。")
            code = t.code
        with self.db.unit_of_work() as s:
            row = s.scalar(select(InspectionSchedule).where(
                InspectionSchedule.estate_id == estate_id, InspectionSchedule.kind == kind,
                InspectionSchedule.deleted_at.is_(None)))
            if row is None:
                row = InspectionSchedule(estate_id=estate_id, kind=kind)
                s.add(row)
            row.period, row.start_on, row.template_code, row.active = period, start_on, code, active
            s.flush()
            return row.id

    def remove(self, schedule_id: str) -> None:
        with self.db.unit_of_work() as s:
            row = s.get(InspectionSchedule, schedule_id)
            if row is not None:
                row.deleted_at = utcnow()

    def ensure_defaults(self, start_on: date) -> int:
        """Give every quasi/professional estate without a schedule of the rule's kind one."""
        added = 0
        with self.db.session() as s:
            have = set(s.execute(select(InspectionSchedule.estate_id, InspectionSchedule.kind)
                                 .where(InspectionSchedule.deleted_at.is_(None))))
            estates = list(s.execute(select(Estate.id, Estate.management_mode)
                                     .where(Estate.deleted_at.is_(None))))
        for eid, mode in estates:
            rule = DEFAULT_BY_MODE.get(mode)
            if rule is None or (eid, rule[0]) in have:
                continue
            kind, period, code = rule
            self.set_schedule(eid, kind, period, start_on, code)
            added += 1
        return added

    def find(self, estate_id: str | None = None) -> list[ScheduleInfo]:
        q = (select(InspectionSchedule, Estate.name, Estate.management_mode)
             .join(Estate, Estate.id == InspectionSchedule.estate_id)
             .where(InspectionSchedule.deleted_at.is_(None), Estate.deleted_at.is_(None))
             .order_by(Estate.name, InspectionSchedule.kind))
        if estate_id:
            q = q.where(InspectionSchedule.estate_id == estate_id)
        with self.db.session() as s:
            return [ScheduleInfo(r.id, r.estate_id, en, mode, r.kind, r.kind.label, r.template_code,
                                 r.period, r.period.label, r.start_on, r.active)
                    for r, en, mode in s.execute(q)]

    def due_list(self, today: date | None = None, include_future: bool = True) -> list[DueItem]:
        """Overdue first (most days late first), then by due date."""
        today = today or self.clock.today()
        scheds = [x for x in self.find() if x.active]
        with self.db.session() as s:
            done: dict[tuple[str, InspectionKind], list[date]] = {}
            q = select(Inspection.estate_id, Inspection.kind, Inspection.inspected_on).where(
                Inspection.status == InspectionStatus.FINAL, Inspection.reinspection_of_id.is_(None),
                Inspection.deleted_at.is_(None))
            for eid, kind, d in s.execute(q):
                done.setdefault((eid, kind), []).append(d)
        out = []
        for sc in scheds:
            dates = done.get((sc.estate_id, sc.kind), [])
            st = due_state(sc.start_on, sc.period, dates, today)
            if include_future or st.overdue or st.due <= today:
                out.append(DueItem(sc, st, max(dates) if dates else None))
        out.sort(key=lambda d: (not d.state.overdue, -d.state.days_overdue, d.state.due))
        return out
