"""待办 on 概览: one list of what needs the worker soon, gathered from the other services and
the registers (the rules of what counts are in :mod:`wuye_desktop.domain.todo`)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from ..clock import Clock
from ..domain.fields import AGENDA_EXPORT
from ..domain.surveys import ComplaintState
from ..domain.todo import (
    CONTRACT_DAYS,
    FOLLOW_UP_DAYS,
    SCHEDULE_DAYS,
    TERM_DAYS,
    TodoItem,
    TodoKind,
    ending_within,
    sort_key,
    when_text,
)
from ..storage.db import Database
from ..storage.models import Building, BuildingLead, Committee, Company, Estate
from ..storage.tabular import write_registers
from .committees import load_bands
from .complaints import ComplaintFilter, ComplaintService
from .inspections import InspectionService
from .schedules import DueItem, ScheduleService
from .surveys import SurveyService


def export_todo(path: Path, items: list[TodoItem], today: date) -> int:
    """The 待办 list to an .xlsx file."""
    rows = [{"kind": i.kind.label, "subject": i.subject, "what": i.what, "due": i.due,
             "when": when_text(i.due, today)} for i in items]
    write_registers(Path(path), [(AGENDA_EXPORT, rows)])
    return len(rows)


def schedule_item(d: DueItem) -> TodoItem:
    """A recurring inspection not done this period: due by the period's end, or late since the
    end of the previous period when that one went without an inspection too."""
    st, sc = d.state, d.schedule
    what = f"{st.label}{sc.kind_label}未检查"
    if st.behind:
        what += "（上期也未检查）"
        due = st.period_start - timedelta(days=1)
    else:
        due = st.due
    return TodoItem(TodoKind.SCHEDULE, sc.id, sc.estate_name, what, due, (d.today - due).days)


class TodoService:
    def __init__(self, db: Database, inspections: InspectionService, complaints: ComplaintService,
                 surveys: SurveyService, schedules: ScheduleService, clock: Clock) -> None:
        self.db, self.inspections, self.complaints, self.surveys = db, inspections, complaints, surveys
        self.schedules = schedules
        self.clock = clock

    def items(self, today: date | None = None) -> list[TodoItem]:
        """Everything due, most overdue first."""
        today = today or self.clock.today()
        out: list[TodoItem] = []
        for r in self.inspections.rectifications(status="overdue"):
            where = r.estate_name + (f" {r.building_number}" if r.building_number else "")
            out.append(TodoItem(TodoKind.RECTIFICATION, r.id, where, f"{r.item_code} {r.description}",
                                r.deadline, (today - r.deadline).days))
        for c in self.complaints.page(ComplaintFilter(state=ComplaintState.OVERDUE), today, 0, 1000):
            assert c.deadline is not None
            where = c.estate_name + (f" {c.building_number}" if c.building_number else "")
            out.append(TodoItem(TodoKind.COMPLAINT, c.id, where,
                                f"{c.source_label}：{c.category} {c.description}", c.deadline,
                                (today - c.deadline).days))
        for sv in self.surveys.find(pending_only=True):
            if ending_within(sv.action_deadline, today, FOLLOW_UP_DAYS) and sv.action_deadline:
                out.append(TodoItem(TodoKind.SURVEY, sv.id, sv.estate_name,
                                    f"{sv.period}{sv.kind_label}：{sv.action_label}", sv.action_deadline,
                                    (today - sv.action_deadline).days))
        out += [schedule_item(d) for d in self.schedules.due_list(today, pending_only=True)
                if d.state.behind or ending_within(d.state.due, today, SCHEDULE_DAYS)]
        with self.db.session() as s:
            leads = s.execute(
                select(BuildingLead.id, BuildingLead.name, BuildingLead.term_end, Building.number,
                       Estate.name)
                .join(Building, Building.id == BuildingLead.building_id)
                .join(Estate, Estate.id == Building.estate_id)
                .where(BuildingLead.deleted_at.is_(None), Building.deleted_at.is_(None),
                       Estate.deleted_at.is_(None), BuildingLead.term_end.is_not(None)))
            for lid, name, end, number, estate in leads:
                if end is None or not ending_within(end, today, TERM_DAYS):
                    continue
                out.append(TodoItem(TodoKind.LEAD_TERM, lid, f"{estate} {number} {name}",
                                    "楼长任期已届满，请换届或续聘" if end < today else "楼长任期即将届满",
                                    end, (today - end).days))
            committees = s.execute(
                select(Committee.id, Committee.kind, Committee.term_end, Estate.name)
                .join(Estate, Estate.id == Committee.estate_id)
                .where(Committee.deleted_at.is_(None), Estate.deleted_at.is_(None),
                       Committee.term_end.is_not(None)))
            for cid, kind, end, estate in committees:
                if end is None or not ending_within(end, today, TERM_DAYS):
                    continue
                label = kind.label if kind else "业委会"
                out.append(TodoItem(TodoKind.COMMITTEE_TERM, cid, f"{estate} {label}",
                                    f"{label}任期已届满，请指导换届" if end < today else f"{label}任期即将届满",
                                    end, (today - end).days))
            contracts = s.execute(
                select(Estate.id, Estate.name, Estate.contract_end)
                .where(Estate.deleted_at.is_(None), Estate.contract_end.is_not(None)))
            for eid, name, end in contracts:
                if end is None or not ending_within(end, today, CONTRACT_DAYS):
                    continue
                out.append(TodoItem(TodoKind.CONTRACT, eid, name,
                                    "物业服务合同已到期" if end < today else "物业服务合同即将到期",
                                    end, (today - end).days))
            bands = load_bands(s)
            grades = s.execute(select(Company.id, Company.name, Company.credit_grade).where(
                Company.deleted_at.is_(None), Company.credit_grade.is_not(None),
                Company.credit_grade.not_in(bands.grades)))
            for cid, name, grade in grades:
                out.append(TodoItem(TodoKind.CREDIT_GRADE, cid, name,
                                    f"信用等级“{grade}”不是县定的等级，请改为{'、'.join(bands.grades)}之一",
                                    today, 0))
        return sorted(out, key=sort_key)

    def export(self, path: Path, today: date | None = None) -> int:
        today = today or self.clock.today()
        return export_todo(path, self.items(today), today)
