"""Complaints ("吹哨报到", 12345, phone, visit, building lead): record, respond, close, and
response/closure/satisfaction rates per estate and per company."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..domain.inspections import InspectionError
from ..domain.surveys import RESPONSE_HOURS, ComplaintRates, ComplaintSource
from ..storage.db import Database
from ..storage.models import Company, Estate
from ..storage.models_inspection import Complaint


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


@dataclass
class RatesRow:
    """Rates of one estate or company (``key`` its id, ``name`` its name)."""

    key: str | None
    name: str
    rates: ComplaintRates


def _aware(dt: datetime) -> datetime:
    # storage reads timestamps back as UTC-aware; a naive input is taken as UTC, as storage does
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


class ComplaintService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, estate_id: str, source: ComplaintSource, category: str, description: str,
               received_at: datetime, *, building_id: str | None = None, lead_id: str | None = None,
               responsible: str | None = None, company_id: str | None = None) -> str:
        """A new complaint; the responsible company defaults to the estate's."""
        if not description.strip():
            raise InspectionError("请填写投诉内容。")
        if not category.strip():
            raise InspectionError("请选择投诉类别。")
        with self.db.unit_of_work() as s:
            estate = s.get(Estate, estate_id)
            if estate is None or estate.deleted_at is not None:
                raise InspectionError("请选择小区。")
            company = company_id or estate.company_id
            row = Complaint(estate_id=estate_id, building_id=building_id, lead_id=lead_id,
                            source=source, category=category.strip(), description=description.strip(),
                            responsible=responsible or (estate.company.name if estate.company else None),
                            company_id=company, received_at=received_at)
            s.add(row)
            s.flush()
            return row.id

    def respond(self, complaint_id: str, at: datetime, text: str | None = None) -> None:
        with self.db.unit_of_work() as s:
            row = self._get(s, complaint_id)
            if _aware(at) < row.received_at:
                raise InspectionError("响应时间不能早于受理时间。")
            row.responded_at = at
            if text:
                row.result = text

    def close(self, complaint_id: str, at: datetime, satisfied: bool | None,
              result: str | None = None) -> None:
        with self.db.unit_of_work() as s:
            row = self._get(s, complaint_id)
            if _aware(at) < row.received_at:
                raise InspectionError("办结时间不能早于受理时间。")
            if row.responded_at is None:
                row.responded_at = at
            row.closed_at, row.satisfied = at, satisfied
            if result:
                row.result = result

    @staticmethod
    def _get(s: Session, complaint_id: str) -> Complaint:
        row = s.get(Complaint, complaint_id)
        if row is None or row.deleted_at is not None:
            raise InspectionError("找不到该投诉记录。")
        return row

    def find(self, estate_id: str | None = None, company_id: str | None = None,
             open_only: bool = False, limit: int = 1000) -> list[ComplaintInfo]:
        q = (select(Complaint, Estate.name, Company.name).join(Estate, Estate.id == Complaint.estate_id)
             .outerjoin(Company, Company.id == Complaint.company_id)
             .where(Complaint.deleted_at.is_(None)).order_by(Complaint.received_at.desc()).limit(limit))
        if estate_id:
            q = q.where(Complaint.estate_id == estate_id)
        if company_id:
            q = q.where(Complaint.company_id == company_id)
        if open_only:
            q = q.where(Complaint.closed_at.is_(None))
        with self.db.session() as s:
            return [ComplaintInfo(r.id, r.estate_id, en, r.building_id, r.source, r.source.label,
                                  r.category, r.description, r.responsible, r.company_id, cn,
                                  r.received_at, r.responded_at, r.closed_at, r.satisfied, r.result)
                    for r, en, cn in s.execute(q)]

    def _rates(self, group_col: Any, name_col: Any, join_model: Any, join_on: Any,
               date_from: date | None, date_to: date | None) -> list[RatesRow]:
        # Timestamps are ISO text in UTC, so "responded within 24 h" is computed in Python below
        # from two aggregated counts rather than with SQLite date arithmetic on text.
        q = (select(group_col, name_col, func.count(),
                    func.count(Complaint.responded_at), func.count(Complaint.closed_at),
                    func.count(Complaint.satisfied),
                    func.sum(case((Complaint.satisfied.is_(True), 1), else_=0)))
             .select_from(Complaint).outerjoin(join_model, join_on)
             .where(Complaint.deleted_at.is_(None)).group_by(group_col, name_col))
        q = self._period(q, date_from, date_to)
        timely = self._timely(group_col, date_from, date_to)
        with self.db.session() as s:
            return [RatesRow(k, n or "（无物业企业）",
                             ComplaintRates(int(t), int(r), int(c), int(rt), int(sa or 0),
                                            timely.get(k, 0)))
                    for k, n, t, r, c, rt, sa in s.execute(q)]

    @staticmethod
    def _period(q: Any, date_from: date | None, date_to: date | None) -> Any:
        if date_from is not None:
            q = q.where(Complaint.received_at >= datetime.combine(date_from, time.min))
        if date_to is not None:
            q = q.where(Complaint.received_at < datetime.combine(date_to + timedelta(days=1), time.min))
        return q

    def _timely(self, group_col: Any, date_from: date | None,
                date_to: date | None) -> dict[str | None, int]:
        q = self._period(select(group_col, Complaint.received_at, Complaint.responded_at)
                         .where(Complaint.deleted_at.is_(None), Complaint.responded_at.is_not(None)),
                         date_from, date_to)
        out: dict[str | None, int] = {}
        limit = timedelta(hours=RESPONSE_HOURS)
        with self.db.session() as s:
            for k, rec, resp in s.execute(q):
                if resp - rec <= limit:
                    out[k] = out.get(k, 0) + 1
        return out

    def rates_by_estate(self, date_from: date | None = None,
                        date_to: date | None = None) -> list[RatesRow]:
        return self._rates(Complaint.estate_id, Estate.name, Estate, Estate.id == Complaint.estate_id,
                           date_from, date_to)

    def rates_by_company(self, date_from: date | None = None,
                         date_to: date | None = None) -> list[RatesRow]:
        return self._rates(Complaint.company_id, Company.name, Company,
                           Company.id == Complaint.company_id, date_from, date_to)
