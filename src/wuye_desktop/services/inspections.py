"""Inspection use cases for a keyboard-driven form: draft → item results → preview → finalise,
revisions, re-inspections, rectification items, notice numbers.

Every method opens its own short transaction and returns plain dataclasses
(:mod:`~wuye_desktop.services.inspection_types`), so the GUI never holds a session. ``today``
parameters exist so tests and the county can ask "as of" a date. Which items finalising opens,
withdraws, closes or escalates is decided by the pure planner
:func:`wuye_desktop.domain.finalise.plan_finalise`; the list SQL is built in
:mod:`wuye_desktop.storage.inspections`; rectification items, notice numbers and the export
are the :class:`~wuye_desktop.services.rectifications.RectificationMixin` half.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ..clock import Clock, SystemClock
from ..domain.finalise import KnownRectification, RecordedItem, finalise_problems, plan_finalise
from ..domain.inspections import (
    InspectionError,
    InspectionFinalised,
    InspectionKind,
    InspectionStatus,
    ItemEntry,
    ItemResult,
    RectificationStatus,
    rectification_owner,
    score,
)
from ..domain.templates import Template
from ..storage.db import Database
from ..storage.inspections import (
    InspectionFilter,
    current_revision,
    inspection_count,
    inspection_ids_with_prefix,
    inspection_page,
    load_inspection,
    open_rectifications,
)
from ..storage.models import Building, BuildingLead, Company, Estate
from ..storage.models_inspection import (
    Inspection,
    InspectionItem,
    InspectionPhoto,
    Rectification,
)
from ..storage.types import new_id, utcnow
from .inspection_templates import TemplateService
from .inspection_types import (
    ROLES,
    FinalisePreview,
    FinaliseResult,
    InspectionDetail,
    InspectionSummary,
    Inspector,
    ItemUpdate,
    ItemView,
    PhotoInfo,
    RectificationInfo,
    ReinspectionOutcome,
)
from .photos import PhotoStore
from .rectifications import RectificationMixin

__all__ = ["ROLES", "FinalisePreview", "FinaliseResult", "InspectionDetail", "InspectionFilter",
           "InspectionService", "InspectionSummary", "Inspector", "ItemUpdate", "ItemView",
           "PhotoInfo", "RectificationInfo", "ReinspectionOutcome"]

_UNSET: Any = object()


class InspectionService(RectificationMixin):
    """Inspections, rectification items and notice numbers over one database."""

    def __init__(self, db: Database, photos: PhotoStore, templates: TemplateService,
                 clock: Clock | None = None) -> None:
        self.db = db
        self.photos = photos
        self.templates = templates
        self.clock: Clock = clock if clock is not None else SystemClock()

    # helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _load(s: Session, inspection_id: str) -> Inspection:
        return load_inspection(s, inspection_id)

    @staticmethod
    def _draft(s: Session, inspection_id: str) -> Inspection:
        row = InspectionService._load(s, inspection_id)
        if row.status is InspectionStatus.FINAL:
            raise InspectionFinalised()
        return row

    @staticmethod
    def _items(s: Session, inspection_id: str) -> list[InspectionItem]:
        return list(s.scalars(select(InspectionItem).where(
            InspectionItem.inspection_id == inspection_id, InspectionItem.deleted_at.is_(None))
            .order_by(InspectionItem.position)))

    @staticmethod
    def _entries(items: list[InspectionItem]) -> dict[str, ItemEntry]:
        return {i.item_code: ItemEntry(i.result, i.points) for i in items}

    def _photo(self, p: InspectionPhoto) -> PhotoInfo:
        return PhotoInfo(p.id, p.item_code, p.sha256, self.photos.path_of(p.sha256),
                         self.photos.thumb_of(p.sha256), p.width, p.height, p.original_name)

    def _item_view(self, t: Template, it: InspectionItem, photos: list[PhotoInfo]) -> ItemView:
        ti = t.item(it.item_code)
        return ItemView(ti.code, it.position, ti.section, ti.text, ti.requirement, ti.points,
                        ti.critical, ti.na_allowed, ti.rectify_days, it.result, it.points, it.note,
                        it.rectification_id, [p for p in photos if p.item_code == ti.code])

    # creating --------------------------------------------------------------------------------

    def create_draft(self, estate_id: str, template_id: str, inspected_on: date, *,
                     building_id: str | None = None, inspectors: list[Inspector] | None = None,
                     lead_id: str | None = None, company_rep: str | None = None,
                     note: str | None = None, kind: InspectionKind | None = None) -> InspectionDetail:
        """A new draft with one empty row per template item (the form walks them in order)."""
        t = self.templates.get(template_id)
        with self.db.unit_of_work() as s:
            estate = s.get(Estate, estate_id)
            if estate is None or estate.deleted_at is not None:
                raise InspectionError("请选择要检查的小区。")
            if building_id is not None:
                b = s.get(Building, building_id)
                if b is None or b.estate_id != estate_id:
                    raise InspectionError("所选楼栋不属于该小区。")
            people = list(inspectors or [])
            if lead_id is not None:
                lead = s.get(BuildingLead, lead_id)
                if lead is None:
                    raise InspectionError("找不到所选楼长。")
                if not any(p.role == "lead" and p.name == lead.name for p in people):
                    people.append(Inspector("lead", lead.name))
            if company_rep and not any(p.role == "company" for p in people):
                people.append(Inspector("company", company_rep))
            rid = new_id()
            row = Inspection(id=rid, origin_id=rid, estate_id=estate_id, building_id=building_id,
                             template_id=template_id,
                             kind=kind or t.kind, inspected_on=inspected_on,
                             status=InspectionStatus.DRAFT,
                             inspectors=[{"role": p.role, "name": p.name} for p in people],
                             lead_id=lead_id, company_id=estate.company_id, company_rep=company_rep,
                             revision_no=1, round=0, note=note)
            s.add(row)
            s.flush()
            for pos, ti in enumerate(t.items(), 1):
                s.add(InspectionItem(inspection_id=row.id, item_code=ti.code, position=pos))
            created = row.id
        return self.get(created)

    def update_draft(self, inspection_id: str, *, inspected_on: date | None = None,
                     inspectors: list[Inspector] | None = None, building_id: Any = _UNSET,
                     lead_id: Any = _UNSET, company_rep: Any = _UNSET, note: Any = _UNSET) -> None:
        with self.db.unit_of_work() as s:
            row = self._draft(s, inspection_id)
            if inspected_on is not None:
                row.inspected_on = inspected_on
            if inspectors is not None:
                row.inspectors = [{"role": p.role, "name": p.name} for p in inspectors]
            if building_id is not _UNSET:
                row.building_id = building_id
            if lead_id is not _UNSET:
                row.lead_id = lead_id
            if company_rep is not _UNSET:
                row.company_rep = company_rep
            if note is not _UNSET:
                row.note = note

    def set_item(self, inspection_id: str, item_code: str, *, result: Any = _UNSET,
                 points: Any = _UNSET, note: Any = _UNSET) -> ItemUpdate:
        """Record one item (any of result / points / note); returns the row and running score.

        ``result`` accepts an :class:`ItemResult`, its code or label, or None to clear.
        """
        with self.db.unit_of_work() as s:
            row = self._draft(s, inspection_id)
            t = self.templates.get(row.template_id)
            ti = t.item(item_code)
            it = s.scalar(select(InspectionItem).where(InspectionItem.inspection_id == inspection_id,
                                                      InspectionItem.item_code == item_code,
                                                      InspectionItem.deleted_at.is_(None)))
            if it is None:
                raise InspectionError(f"本次检查不包括检查项{item_code}。")
            if result is not _UNSET:
                parsed = None if result is None else ItemResult.parse(str(result))
                if result is not None and parsed is None:
                    raise InspectionError(f"结果“{result}”不认识；请选择合格、不合格或不适用。")
                if parsed is ItemResult.NA and not ti.na_allowed:
                    raise InspectionError(f"检查项{ti.code}“{ti.text}”不允许选“不适用”。")
                it.result = parsed
                if parsed is not ItemResult.FAIL and points is _UNSET:
                    it.points = None  # partial points only make sense for a failed item
            if points is not _UNSET:
                if points is not None and not 0 <= float(points) <= ti.points:
                    raise InspectionError(f"检查项{ti.code}的得分应在0到{ti.points:g}分之间。")
                it.points = None if points is None else float(points)
            if note is not _UNSET:
                it.note = (note or "").strip() or None
            s.flush()
            items = self._items(s, inspection_id)
            photos = [self._photo(p) for p in s.scalars(select(InspectionPhoto).where(
                InspectionPhoto.inspection_id == inspection_id, InspectionPhoto.item_code == item_code,
                InspectionPhoto.deleted_at.is_(None)))]
            view = self._item_view(t, it, photos)
            sc = score(t, self._entries(items), [i.item_code for i in items])
        return ItemUpdate(view, sc)

    def attach_photo(self, inspection_id: str, source: Path, item_code: str | None = None,
                     caption: str | None = None) -> PhotoInfo:
        """Downscale and store a picture file, attach it to the draft (or one of its items).
        The same picture attached twice to the same place is kept once."""
        with self.db.session() as s:
            row = self._draft(s, inspection_id)
            if item_code is not None:
                self.templates.get(row.template_id).item(item_code)
        stored = self.photos.store(Path(source))
        with self.db.unit_of_work() as s:
            self._draft(s, inspection_id)
            dup = s.scalar(select(InspectionPhoto).where(
                InspectionPhoto.inspection_id == inspection_id, InspectionPhoto.sha256 == stored.sha256,
                InspectionPhoto.item_code.is_(None) if item_code is None
                else InspectionPhoto.item_code == item_code, InspectionPhoto.deleted_at.is_(None)))
            if dup is not None:
                return self._photo(dup)
            p = InspectionPhoto(inspection_id=inspection_id, item_code=item_code, sha256=stored.sha256,
                                width=stored.width, height=stored.height,
                                original_name=Path(source).name[:200], caption=caption)
            s.add(p)
            s.flush()
            return self._photo(p)

    def remove_photo(self, photo_id: str) -> None:
        """Detach a photo from a draft (the file stays: other records may share it)."""
        with self.db.unit_of_work() as s:
            p = s.get(InspectionPhoto, photo_id)
            if p is None:
                return
            self._draft(s, p.inspection_id)
            p.deleted_at = utcnow()

    def delete_draft(self, inspection_id: str) -> None:
        with self.db.unit_of_work() as s:
            row = self._draft(s, inspection_id)
            now = utcnow()
            for it in self._items(s, inspection_id):
                it.deleted_at = now
            for p in s.scalars(select(InspectionPhoto).where(InspectionPhoto.inspection_id == row.id)):
                p.deleted_at = now
            row.deleted_at = now

    # reading ---------------------------------------------------------------------------------

    def get(self, inspection_id: str) -> InspectionDetail:
        with self.db.session() as s:
            row = self._load(s, inspection_id)
            t = self.templates.get(row.template_id)
            estate = s.get(Estate, row.estate_id)
            company = s.get(Company, row.company_id) if row.company_id else None
            building = s.get(Building, row.building_id) if row.building_id else None
            photos = [self._photo(p) for p in s.scalars(select(InspectionPhoto).where(
                InspectionPhoto.inspection_id == inspection_id, InspectionPhoto.deleted_at.is_(None))
                .order_by(InspectionPhoto.created_at))]
            items = self._items(s, inspection_id)
            superseded = bool(s.scalar(select(exists().where(
                Inspection.revision_of_id == row.id, Inspection.status == InspectionStatus.FINAL,
                Inspection.deleted_at.is_(None)))))
            d = InspectionDetail(
                row.id, row.estate_id, estate.name if estate else "", row.building_id,
                building.number if building else None, row.company_id,
                company.name if company else None, row.kind, row.kind.label, row.inspected_on,
                row.status, row.status.label, row.template_id, row.score, row.passed,
                row.critical_failed, row.revision_no, row.origin_id, row.revision_of_id,
                row.reinspection_of_id, row.round, superseded,
                template_name=t.name, template_code=t.id, template_version=t.version,
                pass_threshold=t.pass_threshold,
                inspectors=[Inspector(p.get("role", "other"), p.get("name", "")) for p in row.inspectors],
                lead_id=row.lead_id, company_rep=row.company_rep, note=row.note,
                items=[self._item_view(t, it, photos) for it in items],
                photos=[p for p in photos if p.item_code is None],
                live_score=score(t, self._entries(items), [i.item_code for i in items]))
        return d

    def find(self, f: InspectionFilter | None = None, limit: int = 200, offset: int = 0,
             after: InspectionSummary | None = None) -> list[InspectionSummary]:
        """Newest first; superseded revisions hidden unless asked for. ``after`` (the last row
        of the previous page) continues from its sort key, without re-reading the rows before."""
        key = (after.inspected_on, after.id) if after is not None else None
        q = inspection_page(f or InspectionFilter(), limit, offset, key)
        with self.db.session() as s:
            return [InspectionSummary(
                r.id, r.estate_id, en, r.building_id, bn, r.company_id, cn, r.kind, r.kind.label,
                r.inspected_on, r.status, r.status.label, r.template_id, r.score, r.passed,
                r.critical_failed, r.revision_no, r.origin_id, r.revision_of_id,
                r.reinspection_of_id, r.round, bool(sup))
                for r, en, cn, bn, sup in s.execute(q)]

    def count(self, f: InspectionFilter | None = None) -> int:
        with self.db.session() as s:
            return int(s.scalar(inspection_count(f or InspectionFilter())) or 0)

    def ids_starting_with(self, prefix: str, limit: int = 2) -> list[str]:
        """Ids that begin with ``prefix`` (a short id typed at the command line)."""
        with self.db.session() as s:
            return list(s.scalars(inspection_ids_with_prefix(prefix, limit)))

    def history(self, inspection_id: str) -> list[InspectionSummary]:
        """Every revision and re-inspection of an inspection's chain, oldest first."""
        with self.db.session() as s:
            origin = self._load(s, inspection_id).origin_id
            first = s.get(Inspection, origin)
            root = rectification_owner(origin, first.reinspection_of_id) if first else origin
        # the chain's rows only, by the origin/re-inspection indexes (not the whole table)
        chain = self.find(InspectionFilter(include_superseded=True, chain=root), limit=100000)
        return sorted(chain, key=lambda r: (r.round, r.revision_no, r.inspected_on))

    # preview and finalise ---------------------------------------------------------------------

    def _preview(self, s: Session, row: Inspection,
                 deadlines: dict[str, date] | None = None) -> FinalisePreview:
        t = self.templates.get(row.template_id)
        items = self._items(s, row.id)
        sc = score(t, self._entries(items), [i.item_code for i in items])
        photos: dict[str, list[str]] = {}
        for p in s.scalars(select(InspectionPhoto).where(InspectionPhoto.inspection_id == row.id,
                                                         InspectionPhoto.deleted_at.is_(None))):
            if p.item_code:
                photos.setdefault(p.item_code, []).append(p.sha256)
        owner = rectification_owner(row.origin_id, row.reinspection_of_id)
        known = [KnownRectification(r.id, r.item_code, r.status, r.failed_reinspections,
                                    r.escalated_on is not None)
                 for r in s.scalars(select(Rectification).where(
                     Rectification.inspection_id == owner,
                     Rectification.status != RectificationStatus.WITHDRAWN,
                     Rectification.deleted_at.is_(None)).order_by(Rectification.created_at))]
        plan = plan_finalise(
            t, row.inspected_on,
            [RecordedItem(i.item_code, i.result, i.note, i.rectification_id) for i in items],
            sc.failed, known, reinspection=row.reinspection_of_id is not None, photos=photos,
            deadlines=deadlines)
        return FinalisePreview(row.id, sc, plan.opens, plan.withdraws, plan.reinspection,
                               finalise_problems(t, sc, row.status is InspectionStatus.FINAL,
                                                 {i.item_code: i.note for i in items}))

    def preview(self, inspection_id: str, deadlines: dict[str, date] | None = None) -> FinalisePreview:
        """Score and the rectification items finalising would open, close or escalate."""
        with self.db.session() as s:
            return self._preview(s, self._load(s, inspection_id), deadlines)

    def finalise(self, inspection_id: str, deadlines: dict[str, date] | None = None,
                 requirements: dict[str, str] | None = None) -> FinaliseResult:
        """Freeze the inspection (immutable from now on) and apply its consequences atomically:
        open rectification items for failed items; for a re-inspection close passed items and
        count failures (escalating at the second consecutive one); for a revision withdraw items
        the correction no longer finds failed. ``requirements`` (item code -> 整改要求) replaces
        the template's requirement for this inspection; each opened item stores the finding
        (the item's note) as what was found."""
        opened: list[str] = []
        rectified: list[str] = []
        escalated: list[str] = []
        withdrawn: list[str] = []
        with self.db.unit_of_work() as s:
            row = self._draft(s, inspection_id)
            pv = self._preview(s, row, deadlines)
            if pv.problems:
                raise InspectionError("不能定稿：" + "；".join(pv.problems[:5])
                                      + ("……" if len(pv.problems) > 5 else ""))
            if row.revision_of_id is not None:
                prev = s.get(Inspection, row.revision_of_id)
                if prev is not None and prev.status is InspectionStatus.FINAL and bool(s.scalar(
                        select(exists().where(Inspection.revision_of_id == prev.id,
                                              Inspection.id != row.id,
                                              Inspection.status == InspectionStatus.FINAL)))):
                    raise InspectionError("原记录已有更新的修订版，本修订版不能再定稿；请在最新修订版上更正。")
            sc = pv.score
            owner = rectification_owner(row.origin_id, row.reinspection_of_id)
            estate = s.get(Estate, row.estate_id)
            for plan in pv.opens:
                r = Rectification(
                    inspection_id=owner, item_code=plan.item_code, estate_id=row.estate_id,
                    building_id=row.building_id, company_id=row.company_id,
                    description=plan.note or plan.text,
                    requirement=(requirements or {}).get(plan.item_code, "").strip()
                    or plan.requirement,
                    critical=plan.critical,
                    opened_on=row.inspected_on, deadline=plan.deadline,
                    status=RectificationStatus.OPEN, failed_reinspections=0)
                s.add(r)
                s.flush()
                opened.append(r.id)
            now = utcnow()
            for rid in pv.withdraws:
                withdrawn.append(rid)
                r = s.get_one(Rectification, rid)
                r.status = RectificationStatus.WITHDRAWN
                r.note = ((r.note or "") + f"（第{row.revision_no}次修订后不再属于不合格项，撤销）").strip()
            for out in pv.reinspection:
                r = s.get_one(Rectification, out.rectification_id)
                r.last_reinspection_id = row.id
                if out.result is ItemResult.PASS:
                    r.status = RectificationStatus.RECTIFIED
                    r.rectified_on = row.inspected_on
                    rectified.append(r.id)
                elif out.result is ItemResult.FAIL:
                    if out.escalates:
                        r.escalated_on = row.inspected_on
                        escalated.append(r.id)
                    r.failed_reinspections += 1
                    if out.new_deadline is not None:
                        r.deadline = out.new_deadline
            row.score, row.earned, row.possible = sc.percent, sc.earned, sc.possible
            row.passed, row.critical_failed = sc.passed, bool(sc.critical_failed)
            row.status = InspectionStatus.FINAL
            row.finalised_at = now
            if estate is not None and row.company_id is None:
                row.company_id = estate.company_id
        detail = self.get(inspection_id)
        return FinaliseResult(detail, self.rectifications(ids=opened), rectified, escalated, withdrawn)

    # revisions and re-inspections ------------------------------------------------------------

    def create_revision(self, inspection_id: str) -> InspectionDetail:
        """A draft copy of a finalised inspection to correct; the original stays as it was."""
        with self.db.unit_of_work() as s:
            old = self._load(s, inspection_id)
            if old.status is not InspectionStatus.FINAL:
                raise InspectionError("草稿可以直接修改，不需要新建修订版。")
            if old.reinspection_of_id is not None:
                raise InspectionError("复查记录定稿后不能修订（整改状态已据此更新）；如有错误，请再次复查。")
            newer = s.scalar(select(Inspection.id).where(Inspection.revision_of_id == old.id,
                                                        Inspection.deleted_at.is_(None)))
            if newer is not None:
                raise InspectionError("该记录已有修订版；请打开最新修订版进行更正。")
            new = Inspection(
                estate_id=old.estate_id, building_id=old.building_id, template_id=old.template_id,
                kind=old.kind, inspected_on=old.inspected_on, status=InspectionStatus.DRAFT,
                inspectors=list(old.inspectors), lead_id=old.lead_id, company_id=old.company_id,
                company_rep=old.company_rep, revision_of_id=old.id, revision_no=old.revision_no + 1,
                origin_id=old.origin_id, round=0, note=old.note)
            s.add(new)
            s.flush()
            for it in self._items(s, old.id):
                s.add(InspectionItem(inspection_id=new.id, item_code=it.item_code, position=it.position,
                                     result=it.result, points=it.points, note=it.note))
            for p in s.scalars(select(InspectionPhoto).where(InspectionPhoto.inspection_id == old.id,
                                                             InspectionPhoto.deleted_at.is_(None))):
                s.add(InspectionPhoto(inspection_id=new.id, item_code=p.item_code, sha256=p.sha256,
                                      width=p.width, height=p.height, original_name=p.original_name,
                                      caption=p.caption))
            created = new.id
        return self.get(created)

    def create_reinspection(self, inspection_id: str, inspected_on: date, *,
                            inspectors: list[Inspector] | None = None,
                            company_rep: str | None = None, note: str | None = None) -> InspectionDetail:
        """A draft covering only the open rectification items of the original (given the
        original, any of its revisions or an earlier re-inspection)."""
        with self.db.unit_of_work() as s:
            row = self._load(s, inspection_id)
            origin_id = rectification_owner(row.origin_id, row.reinspection_of_id)
            origin = s.get_one(Inspection, origin_id)
            current = current_revision(s, origin_id)
            if current.status is not InspectionStatus.FINAL:
                raise InspectionError("原检查记录尚未定稿，不能复查。")
            if s.scalar(select(Inspection.id).where(Inspection.reinspection_of_id == origin_id,
                                                    Inspection.status == InspectionStatus.DRAFT,
                                                    Inspection.deleted_at.is_(None))):
                raise InspectionError("该检查已有一份未定稿的复查，请先完成或删除它。")
            rects = open_rectifications(s, origin_id)
            if not rects:
                raise InspectionError("该检查没有待整改事项，不需要复查。")
            if inspected_on < current.inspected_on:
                raise InspectionError("复查日期不能早于原检查日期。")
            rounds = s.scalar(select(func.max(Inspection.round)).where(
                Inspection.reinspection_of_id == origin_id, Inspection.deleted_at.is_(None))) or 0
            t = self.templates.get(current.template_id)
            order = {ti.code: n for n, ti in enumerate(t.items(), 1)}
            people = inspectors if inspectors is not None else \
                [Inspector(p.get("role", "other"), p.get("name", "")) for p in current.inspectors]
            rid = new_id()
            new = Inspection(
                id=rid, origin_id=rid, estate_id=origin.estate_id, building_id=current.building_id,
                template_id=current.template_id, kind=current.kind, inspected_on=inspected_on,
                status=InspectionStatus.DRAFT,
                inspectors=[{"role": p.role, "name": p.name} for p in people],
                lead_id=current.lead_id, company_id=current.company_id,
                company_rep=company_rep or current.company_rep, revision_no=1,
                reinspection_of_id=origin_id, round=rounds + 1, note=note)
            s.add(new)
            s.flush()
            for r in sorted(rects, key=lambda r: order.get(r.item_code, 0)):
                s.add(InspectionItem(inspection_id=new.id, item_code=r.item_code,
                                     position=order.get(r.item_code, 0), rectification_id=r.id))
            created = new.id
        return self.get(created)
