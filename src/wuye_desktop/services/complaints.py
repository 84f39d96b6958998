"""Complaints ("吹哨报到", 12345, phone, visit, building lead): intake, assignment, response,
closure with the resident's satisfaction; the paged list behind the 投诉 screen, its Excel
export, and response/closure/satisfaction rates per estate and per company.

Rules (default deadline, overdue, the work-order number kept as given) live in
:mod:`wuye_desktop.domain.surveys`; bad input raises :class:`ComplaintError` (a ``UserError``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..domain.fields import COMPLAINT_EXPORT
from ..domain.surveys import (
    COMPLAINT_CATEGORIES,
    RESPONSE_HOURS,
    ComplaintError,
    ComplaintRates,
    ComplaintSource,
    ComplaintState,
    clean_work_order,
    complaint_deadline,
    complaint_state,
)
from ..storage.db import Database
from ..storage.models import Building, Company, Estate
from ..storage.models_inspection import Complaint
from ..storage.tabular import write_registers


@dataclass
class ComplaintInfo:
    id: str
    estate_id: str
    estate_name: str
    building_id: str | None
    source: ComplaintSource
    source_label: str
    category: str
    description: str
    responsible: str | None
    company_id: str | None
    company_name: str | None
    received_at: datetime
    responded_at: datetime | None
    closed_at: datetime | None
    satisfied: bool | None
    result: str | None
    building_number: str | None = None
    deadline: date | None = None
    work_order_no: str | None = None
    #: the state on the day the list was read (open, overdue, closed)
    state: ComplaintState = ComplaintState.OPEN
    days_overdue: int = 0

    @property
    def overdue(self) -> bool:
        return self.state is ComplaintState.OVERDUE

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def satisfaction_label(self) -> str:
        return "" if self.satisfied is None else ("满意" if self.satisfied else "不满意")


@dataclass(frozen=True)
class ComplaintFilter:
    """What the 投诉 list shows (plain values, built on the GUI thread)."""

    estate_id: str | None = None
    company_id: str | None = None
    source: ComplaintSource | None = None
    #: None: all; OPEN: not closed (overdue included); OVERDUE; CLOSED
    state: ComplaintState | None = None
    text: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class RatesRow:
    """Rates of one estate or company (``key`` its id, ``name`` its name)."""

    key: str | None
    name: str
    rates: ComplaintRates
    #: open complaints past their deadline today (0 when rates were asked without a day)
    overdue: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _aware(dt: datetime) -> datetime:
    # storage reads timestamps back as UTC-aware; a naive input is taken as UTC, as storage does
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _local_day(dt: datetime) -> date:
    """The calendar day of a timestamp as the office saw it (the computer's local time)."""
    return dt.date() if dt.tzinfo is None else dt.astimezone().date()


def _text(value: str | None, what: str, limit: int) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > limit:
        raise ComplaintError(f"{what}最多{limit}个字（现为{len(value)}个）。")
    return value


class ComplaintService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing ---------------------------------------------------------------------------

    def record(self, estate_id: str, source: ComplaintSource, category: str, description: str,
               received_at: datetime, *, building_id: str | None = None, lead_id: str | None = None,
               responsible: str | None = None, company_id: str | None = None,
               deadline: date | None = None, work_order_no: str | None = None) -> str:
        """A new complaint; the responsible company defaults to the estate's, the deadline to
        :data:`~wuye_desktop.domain.surveys.COMPLAINT_DAYS` after receipt."""
        if not isinstance(source, ComplaintSource):
            raise ComplaintError("请选择投诉来源（吹哨报到、12345热线、来电、来访、楼长反映）。")
        if not description.strip():
            raise ComplaintError("请填写投诉内容。")
        if not category.strip():
            raise ComplaintError("请选择投诉类别。")
        category = _text(category, "投诉类别", 20) or ""
        due = complaint_deadline(_local_day(received_at), deadline)
        order = clean_work_order(work_order_no)
        with self.db.unit_of_work() as s:
            estate = s.get(Estate, estate_id)
            if estate is None or estate.deleted_at is not None:
                raise ComplaintError("请选择小区。")
            if building_id is not None:
                b = s.get(Building, building_id)
                if b is None or b.deleted_at is not None or b.estate_id != estate_id:
                    raise ComplaintError("所选楼栋不属于该小区，请重新选择。")
            company = company_id or estate.company_id
            name = _text(responsible, "责任方", 100)
            if name is None and company is not None:
                c = s.get(Company, company)
                name = c.name if c is not None else None
            row = Complaint(estate_id=estate_id, building_id=building_id, lead_id=lead_id,
                            source=source, category=category, description=description.strip(),
                            responsible=name, company_id=company, received_at=received_at,
                            deadline=due, work_order_no=order)
            s.add(row)
            s.flush()
            return row.id

    def assign(self, complaint_id: str, company_id: str | None, responsible: str | None = None,
               deadline: date | None = None) -> None:
        """交办: the company (and person) responsible, and optionally a new deadline."""
        with self.db.unit_of_work() as s:
            row = self._get(s, complaint_id)
            if row.closed_at is not None:
                raise ComplaintError("该投诉已办结，不能再交办。")
            name = _text(responsible, "责任方", 100)
            if company_id is not None:
                c = s.get(Company, company_id)
                if c is None or c.deleted_at is not None:
                    raise ComplaintError("找不到所选物业企业，请重新选择。")
                name = name or c.name
            row.company_id, row.responsible = company_id, name
            if deadline is not None:
                row.deadline = complaint_deadline(_local_day(row.received_at), deadline)

    def respond(self, complaint_id: str, at: datetime, text: str | None = None) -> None:
        with self.db.unit_of_work() as s:
            row = self._get(s, complaint_id)
            if _aware(at) < row.received_at:
                raise ComplaintError("响应时间不能早于受理时间。")
            row.responded_at = at
            if text:
                row.result = text

    def close(self, complaint_id: str, at: datetime, satisfied: bool | None,
              result: str | None = None) -> None:
        with self.db.unit_of_work() as s:
            row = self._get(s, complaint_id)
            if _aware(at) < row.received_at:
                raise ComplaintError("办结时间不能早于受理时间。")
            if row.responded_at is None:
                row.responded_at = at
            row.closed_at, row.satisfied = at, satisfied
            if result:
                row.result = result

    @staticmethod
    def _get(s: Session, complaint_id: str) -> Complaint:
        row = s.get(Complaint, complaint_id)
        if row is None or row.deleted_at is not None:
            raise ComplaintError("找不到该投诉记录。")
        return row

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def _where(q: Any, f: ComplaintFilter, today: date) -> Any:
        q = q.where(Complaint.deleted_at.is_(None))
        if f.estate_id:
            q = q.where(Complaint.estate_id == f.estate_id)
        if f.company_id:
            q = q.where(Complaint.company_id == f.company_id)
        if f.source is not None:
            q = q.where(Complaint.source == f.source)
        if f.state is ComplaintState.CLOSED:
            q = q.where(Complaint.closed_at.is_not(None))
        elif f.state is ComplaintState.OPEN:
            q = q.where(Complaint.closed_at.is_(None))
        elif f.state is ComplaintState.OVERDUE:
            q = q.where(Complaint.closed_at.is_(None), Complaint.deadline < today)
        if f.text.strip():
            like = f"%{f.text.strip()}%"
            q = q.where(or_(Complaint.description.like(like), Complaint.work_order_no.like(like),
                            Complaint.category.like(like), Estate.name.like(like)))
        return ComplaintService._period(q, f.date_from, f.date_to)

    def page(self, f: ComplaintFilter, today: date, offset: int = 0,
             limit: int = 200) -> list[ComplaintInfo]:
        """One page of the list: overdue first (longest overdue on top), then newest first."""
        overdue = and_(Complaint.closed_at.is_(None), Complaint.deadline < today)
        q = (select(Complaint, Estate.name, Company.name, Building.number)
             .join(Estate, Estate.id == Complaint.estate_id)
             .outerjoin(Company, Company.id == Complaint.company_id)
             .outerjoin(Building, Building.id == Complaint.building_id))
        q = (self._where(q, f, today)
             .order_by(case((overdue, 0), else_=1), Complaint.deadline, Complaint.received_at.desc(),
                       Complaint.id)
             .offset(offset).limit(limit))
        with self.db.session() as s:
            return [self._info(r, en, cn, bn, today) for r, en, cn, bn in s.execute(q)]

    def count(self, f: ComplaintFilter, today: date) -> int:
        q = select(func.count()).select_from(Complaint).join(Estate, Estate.id == Complaint.estate_id)
        with self.db.session() as s:
            return int(s.scalar(self._where(q, f, today)) or 0)

    def overdue_count(self, today: date) -> int:
        return self.count(ComplaintFilter(state=ComplaintState.OVERDUE), today)

    def get(self, complaint_id: str, today: date) -> ComplaintInfo:
        q = (select(Complaint, Estate.name, Company.name, Building.number)
             .join(Estate, Estate.id == Complaint.estate_id)
             .outerjoin(Company, Company.id == Complaint.company_id)
             .outerjoin(Building, Building.id == Complaint.building_id)
             .where(Complaint.id == complaint_id, Complaint.deleted_at.is_(None)))
        with self.db.session() as s:
            hit = s.execute(q).first()
        if hit is None:
            raise ComplaintError("找不到该投诉记录。")
        return self._info(*hit, today)

    @staticmethod
    def _info(r: Complaint, estate_name: str, company_name: str | None, building: str | None,
              today: date) -> ComplaintInfo:
        state = complaint_state(r.deadline, r.closed_at is not None, today)
        late = (today - r.deadline).days if state is ComplaintState.OVERDUE and r.deadline else 0
        return ComplaintInfo(r.id, r.estate_id, estate_name, r.building_id, r.source,
                             r.source.label if r.source else "", r.category, r.description,
                             r.responsible, r.company_id, company_name, r.received_at,
                             r.responded_at, r.closed_at, r.satisfied, r.result, building,
                             r.deadline, r.work_order_no, state, late)

    def find(self, estate_id: str | None = None, company_id: str | None = None,
             open_only: bool = False, limit: int = 1000,
             today: date | None = None) -> list[ComplaintInfo]:
        f = ComplaintFilter(estate_id=estate_id, company_id=company_id,
                            state=ComplaintState.OPEN if open_only else None)
        return self.page(f, today or date.min, 0, limit)

    def categories(self) -> tuple[str, ...]:
        return COMPLAINT_CATEGORIES

    # --- export ----------------------------------------------------------------------------

    def export_rows(self, f: ComplaintFilter, today: date) -> list[dict[str, Any]]:
        """Plain rows keyed by :data:`~wuye_desktop.domain.fields.COMPLAINT_EXPORT` names."""
        out: list[dict[str, Any]] = []
        offset = 0
        while True:
            rows = self.page(f, today, offset, 1000)
            for r in rows:
                out.append({
                    "received_at": _local_day(r.received_at), "source": r.source,
                    "work_order_no": r.work_order_no, "estate_name": r.estate_name,
                    "building_number": r.building_number, "category": r.category,
                    "description": r.description, "company_name": r.company_name,
                    "responsible": r.responsible, "deadline": r.deadline, "state": r.state,
                    "days_overdue": r.days_overdue or None,
                    "responded_at": _local_day(r.responded_at) if r.responded_at else None,
                    "closed_at": _local_day(r.closed_at) if r.closed_at else None,
                    "satisfied": r.satisfied, "result": r.result})
            if len(rows) < 1000:
                return out
            offset += 1000

    def export(self, path: Path, f: ComplaintFilter, today: date) -> int:
        """Write the complaints of ``f`` to an .xlsx file; returns the number of rows."""
        rows = self.export_rows(f, today)
        write_registers(Path(path), [(COMPLAINT_EXPORT, rows)])
        return len(rows)

    # --- rates -----------------------------------------------------------------------------

    def _rates(self, group_col: Any, name_col: Any, join_model: Any, join_on: Any,
               date_from: date | None, date_to: date | None, today: date | None = None,
               f: ComplaintFilter | None = None) -> list[RatesRow]:
        # Timestamps are ISO text in UTC, so "responded within 24 h" is computed in Python below
        # from two aggregated counts rather than with SQLite date arithmetic on text.
        late = and_(Complaint.closed_at.is_(None), Complaint.deadline < (today or date.min))
        q = (select(group_col, name_col, func.count(),
                    func.count(Complaint.responded_at), func.count(Complaint.closed_at),
                    func.count(Complaint.satisfied),
                    func.sum(case((Complaint.satisfied.is_(True), 1), else_=0)),
                    func.sum(case((late, 1), else_=0)))
             .select_from(Complaint).outerjoin(join_model, join_on)
             .where(Complaint.deleted_at.is_(None)).group_by(group_col, name_col)
             .order_by(name_col))
        q = self._period(q, date_from, date_to)
        q = self._scope(q, f)
        timely = self._timely(group_col, date_from, date_to, f)
        with self.db.session() as s:
            return [RatesRow(k, n or "（无物业企业）",
                             ComplaintRates(int(t), int(r), int(c), int(rt), int(sa or 0),
                                            timely.get(k, 0)), int(od or 0))
                    for k, n, t, r, c, rt, sa, od in s.execute(q)]

    @staticmethod
    def _scope(q: Any, f: ComplaintFilter | None) -> Any:
        if f is None:
            return q
        if f.estate_id:
            q = q.where(Complaint.estate_id == f.estate_id)
        if f.company_id:
            q = q.where(Complaint.company_id == f.company_id)
        if f.source is not None:
            q = q.where(Complaint.source == f.source)
        return q

    @staticmethod
    def _period(q: Any, date_from: date | None, date_to: date | None) -> Any:
        if date_from is not None:
            q = q.where(Complaint.received_at >= datetime.combine(date_from, time.min))
        if date_to is not None:
            q = q.where(Complaint.received_at < datetime.combine(date_to + timedelta(days=1), time.min))
        return q

    def _timely(self, group_col: Any, date_from: date | None, date_to: date | None,
                f: ComplaintFilter | None = None) -> dict[str | None, int]:
        q = self._period(select(group_col, Complaint.received_at, Complaint.responded_at)
                         .where(Complaint.deleted_at.is_(None), Complaint.responded_at.is_not(None)),
                         date_from, date_to)
        q = self._scope(q, f)
        out: dict[str | None, int] = {}
        limit = timedelta(hours=RESPONSE_HOURS)
        with self.db.session() as s:
            for k, rec, resp in s.execute(q):
                if resp - rec <= limit:
                    out[k] = out.get(k, 0) + 1
        return out

    def rates_by_estate(self, date_from: date | None = None, date_to: date | None = None,
                        today: date | None = None,
                        f: ComplaintFilter | None = None) -> list[RatesRow]:
        return self._rates(Complaint.estate_id, Estate.name, Estate, Estate.id == Complaint.estate_id,
                           date_from, date_to, today, f)

    def rates_by_company(self, date_from: date | None = None, date_to: date | None = None,
                         today: date | None = None,
                         f: ComplaintFilter | None = None) -> list[RatesRow]:
        return self._rates(Complaint.company_id, Company.name, Company,
                           Company.id == Complaint.company_id, date_from, date_to, today, f)

    def rates_total(self, today: date | None = None,
                    f: ComplaintFilter | None = None) -> RatesRow:
        """All complaints in ``f``'s scope together (the screen's headline figures)."""
        rows = self.rates_by_estate(today=today, f=f)
        total = ComplaintRates(*(sum(getattr(r.rates, n) for r in rows) for n in (
            "total", "responded", "closed", "rated", "satisfied", "responded_in_time")))
        return RatesRow(None, "合计", total, sum(r.overdue for r in rows))

    def ids_starting_with(self, prefix: str, limit: int = 2) -> list[str]:
        """Complaint ids beginning with ``prefix`` (the CLI accepts the first few characters)."""
        with self.db.session() as s:
            return list(s.scalars(select(Complaint.id).where(
                Complaint.id.like(f"{prefix.strip()}%"), Complaint.deleted_at.is_(None)).limit(limit)))
