"""Rectification items, notice numbers and the inspection export: the half of
:class:`~wuye_desktop.services.inspections.InspectionService` that works on what finalising
left behind. A mixin, so callers keep one ``services.inspections`` object.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..clock import Clock
from ..domain.fields import INSPECTION_EXPORT, RECTIFICATION_EXPORT
from ..domain.inspections import (
    InspectionError,
    RectificationStatus,
    days_overdue,
    display_status,
    format_notice_number,
    rectification_owner,
)
from ..storage.db import Database
from ..storage.inspections import (
    InspectionFilter,
    load_inspection,
    load_rectification,
    overdue_count,
    rectification_list,
)
from ..storage.models import Community
from ..storage.models_inspection import InspectionItem, Rectification
from ..storage.tabular import write_registers
from .inspection_templates import TemplateService
from .inspection_types import InspectionSummary, RectificationInfo


class RectificationMixin:
    """Board rows, deadlines, notice numbers and export (see the module docstring)."""

    db: Database
    clock: Clock
    templates: TemplateService

    #: the inspection list query, provided by ``InspectionService.find``
    find: Callable[..., list[InspectionSummary]]

    # rectification items ---------------------------------------------------------------------

    def rectifications(self, *, status: str | None = None, estate_id: str | None = None,
                       company_id: str | None = None, inspection_id: str | None = None,
                       ids: list[str] | None = None, today: date | None = None,
                       limit: int = 5000) -> list[RectificationInfo]:
        """Board rows. ``status``: open | overdue | escalated | rectified | withdrawn | None (all).
        Overdue ones first, then by deadline. ``inspection_id`` (any revision or re-inspection
        of a chain) gives every item of its chain."""
        today = today or self.clock.today()
        owner_id = None
        if inspection_id:
            with self.db.session() as s:
                row = load_inspection(s, inspection_id)
                owner_id = rectification_owner(row.origin_id, row.reinspection_of_id)
        if ids is not None and not ids:
            return []
        q = rectification_list(today=today, status=status, estate_id=estate_id,
                               company_id=company_id, owner_id=owner_id, ids=ids, limit=limit)
        with self.db.session() as s:
            out = [self._rect_info(r, en, cn, bn, today) for r, en, cn, bn in s.execute(q)]
        out.sort(key=lambda r: (not r.overdue, r.deadline))
        return out

    @staticmethod
    def _rect_info(r: Rectification, en: str, cn: str | None, bn: str | None,
                   today: date) -> RectificationInfo:
        late = days_overdue(r.status, r.deadline, today)
        return RectificationInfo(
            r.id, r.inspection_id, r.item_code, r.estate_id, en, bn, r.company_id, cn, r.description,
            r.requirement, r.critical, r.opened_on, r.deadline, r.status, r.rectified_on,
            r.failed_reinspections, r.escalated_on, r.notice_number, r.note, late > 0, max(late, 0),
            display_status(r.status, r.deadline, today, r.escalated_on is not None))

    @staticmethod
    def _rect(s: Session, rect_id: str) -> Rectification:
        return load_rectification(s, rect_id)

    def set_deadline(self, rect_id: str, deadline: date) -> None:
        with self.db.unit_of_work() as s:
            r = self._rect(s, rect_id)
            if r.status is not RectificationStatus.OPEN:
                raise InspectionError("该整改事项已关闭，不能修改期限。")
            if deadline < r.opened_on:
                raise InspectionError("整改期限不能早于发现问题的日期。")
            r.deadline = deadline

    def set_requirement(self, rect_id: str, requirement: str) -> None:
        """Edit the 整改要求 of one open item (for this inspection only; the template stays)."""
        text_ = requirement.strip()
        if not text_:
            raise InspectionError("整改要求不能为空。请写明企业应当怎样整改。")
        with self.db.unit_of_work() as s:
            r = self._rect(s, rect_id)
            if r.status is not RectificationStatus.OPEN:
                raise InspectionError("该整改事项已关闭，不能修改整改要求。")
            r.requirement = text_

    def mark_rectified(self, rect_id: str, on: date, note: str = "") -> None:
        """Close an item confirmed without a formal re-inspection (e.g. by photo evidence)."""
        with self.db.unit_of_work() as s:
            r = self._rect(s, rect_id)
            if r.status is not RectificationStatus.OPEN:
                raise InspectionError("该整改事项已关闭。")
            r.status, r.rectified_on = RectificationStatus.RECTIFIED, on
            if note:
                r.note = note

    def overdue_count(self, today: date | None = None) -> int:
        """The sidebar badge."""
        today = today or self.clock.today()
        with self.db.session() as s:
            return int(s.scalar(overdue_count(today)) or 0)

    def notice_rectifications(self, inspection_id: str) -> list[RectificationInfo]:
        """The items a 整改通知单 of this inspection lists.

        An original (or a revision) lists the items it opened that are still open: withdrawn
        and already rectified ones are left out (a notice never asks to put right what is
        right). A re-inspection opens nothing itself: its notice
        lists the items it re-checked that are still open — the ones the company must still put
        right, with their new deadline.
        """
        with self.db.session() as s:
            row = load_inspection(s, inspection_id)
            if row.reinspection_of_id is None:
                ids = None
            else:
                ids = [rid for rid in s.scalars(select(InspectionItem.rectification_id).where(
                    InspectionItem.inspection_id == row.id, InspectionItem.deleted_at.is_(None),
                    InspectionItem.rectification_id.is_not(None))) if rid]
        rows = self.rectifications(inspection_id=inspection_id) if ids is None else \
            self.rectifications(ids=ids)
        return [r for r in rows if r.status is RectificationStatus.OPEN]

    # notice numbers --------------------------------------------------------------------------

    def next_notice_number(self, year: int) -> str:
        """〔year〕第N号, per community per year, never reused: the increment is one atomic
        statement committed before the number is returned, so a crash can skip a number but
        never hand the same one out twice."""
        with self.db.unit_of_work() as s:
            code = s.scalar(select(Community.code).where(Community.deleted_at.is_(None))) or ""
            n = s.execute(text(
                "INSERT INTO notice_counters (community_code, year, last_number) VALUES (:c, :y, 1) "
                "ON CONFLICT (community_code, year) DO UPDATE SET last_number = last_number + 1 "
                "RETURNING last_number"), {"c": code, "y": year}).scalar_one()
        return format_notice_number(year, int(n))

    def assign_notice_number(self, rect_ids: list[str], year: int) -> str:
        """Issue one notice number for a set of rectification items (one printed notice)."""
        number = self.next_notice_number(year)
        with self.db.unit_of_work() as s:
            for rid in rect_ids:
                self._rect(s, rid).notice_number = number
        return number

    # export ------------------------------------------------------------------------------------

    def export_rectifications(self, path: Path, *, status: str | None = None,
                              estate_id: str | None = None, company_id: str | None = None) -> int:
        """The board's rows (the same filter) to an .xlsx file; returns the number written."""
        rows = [{"status": r.display, "estate_name": r.estate_name, "building_number": r.building_number,
                 "company_name": r.company_name, "item_code": r.item_code, "description": r.description,
                 "requirement": r.requirement, "opened_on": r.opened_on, "deadline": r.deadline,
                 "days_overdue": r.days_overdue or None, "rectified_on": r.rectified_on,
                 "failed_reinspections": r.failed_reinspections, "escalated_on": r.escalated_on,
                 "notice_number": r.notice_number, "note": r.note}
                for r in self.rectifications(status=status, estate_id=estate_id, company_id=company_id,
                                             limit=100000)]
        write_registers(Path(path), [(RECTIFICATION_EXPORT, rows)])
        return len(rows)

    def export_inspections(self, path: Path, f: InspectionFilter | None = None) -> int:
        """The inspection list's rows (the same filter) to an .xlsx file; returns the number."""
        rows = [{"inspected_on": r.inspected_on, "estate_name": r.estate_name,
                 "building_number": r.building_number, "kind": r.kind_label,
                 "status": r.status_label, "template": self.templates.get(r.template_id).name,
                 "score": r.score, "result": r.result_label, "company_name": r.company_name,
                 "revision_no": r.revision_no, "round": r.round}
                for r in self.find(f, limit=1_000_000)]
        write_registers(Path(path), [(INSPECTION_EXPORT, rows)])
        return len(rows)

    def export_rows(self, f: InspectionFilter | None = None, with_items: bool = True,
                    limit: int = 1_000_000) -> list[dict[str, Any]]:
        """Plain dicts (Chinese labels) for JSON/CSV export and the CLI."""
        rows = self.find(f, limit=limit)
        out: list[dict[str, Any]] = []
        item_rows: dict[str, list[InspectionItem]] = {}
        if with_items and rows:
            with self.db.session() as s:
                ids = [r.id for r in rows]
                for chunk in range(0, len(ids), 500):
                    for it in s.scalars(select(InspectionItem).where(
                            InspectionItem.inspection_id.in_(ids[chunk:chunk + 500]),
                            InspectionItem.deleted_at.is_(None)).order_by(InspectionItem.position)):
                        item_rows.setdefault(it.inspection_id, []).append(it)
        for r in rows:
            t = self.templates.get(r.template_id)
            d: dict[str, Any] = {
                "id": r.id, "小区": r.estate_name, "楼栋": r.building_number, "类型": r.kind_label,
                "日期": r.inspected_on.isoformat(), "状态": r.status_label, "模板": t.name,
                "模板版本": t.version, "得分": r.score, "结论": r.result_label,
                "物业企业": r.company_name, "修订": r.revision_no, "复查轮次": r.round,
                "复查原检查": r.reinspection_of_id}
            if with_items:
                d["检查项"] = [{"编号": it.item_code, "内容": t.item(it.item_code).text,
                              "分值": t.item(it.item_code).points,
                              "结果": it.result.label if it.result else None, "得分": it.points,
                              "备注": it.note} for it in item_rows.get(r.id, [])]
            out.append(d)
        return out

