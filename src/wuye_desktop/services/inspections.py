"""Inspection use cases for a keyboard-driven form: draft → item results → preview → finalise,
revisions, re-inspections, rectification items, notice numbers.

Every method opens its own short transaction and returns plain dataclasses, so the GUI never
holds a session. ``today`` parameters exist so tests and the county can ask "as of" a date.

"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, insert, select, text
from sqlalchemy.orm import Session, aliased

from ..clock import Clock, SystemClock
from ..domain.inspections import (
    InspectionError,
    InspectionKind,
    InspectionStatus,
    ItemEntry,
    ItemResult,
    RectificationPlan,
    RectificationStatus,
    Score,
    days_overdue,
    display_status,
    escalates,
    format_notice_number,
    is_overdue,
    rectification_deadline,
    rectification_owner,
    score,
    verdict_label,
)
from ..domain.templates import Template
from ..storage.db import Database
from ..storage.models import Building, BuildingLead, Community, Company, Estate
from ..storage.models_inspection import (
    Inspection,
    InspectionFinalised,
    InspectionItem,
    InspectionPhoto,
    Rectification,
)
from ..storage.types import new_id, utcnow
from .inspection_templates import TemplateService
from .photos import PhotoStore

ROLES = {"worker": "社区工作者", "lead": "楼长", "company": "物业企业代表", "other": "其他"}
_UNSET: Any = object()


# --- plain results ------------------------------------------------------------------------------


@dataclass
class Inspector:
    role: str  # worker | lead | company | other
    name: str

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


@dataclass
class PhotoInfo:
    id: str
    item_code: str | None
    sha256: str
    path: Path
    thumb_path: Path
    width: int
    height: int
    original_name: str | None


@dataclass
class ItemView:
    """One row of the form: template text + what was recorded."""

    code: str
    position: int
    section: str
    text: str
    requirement: str
    max_points: float
    critical: bool
    na_allowed: bool
    rectify_days: int
    result: ItemResult | None
    points: float | None
    note: str | None
    rectification_id: str | None = None
    photos: list[PhotoInfo] = field(default_factory=list)

    @property
    def result_label(self) -> str:
        return self.result.label if self.result else "未填"


@dataclass
class InspectionSummary:
    """A row of the inspection list."""

    id: str
    estate_id: str
    estate_name: str
    building_id: str | None
    building_number: str | None
    company_id: str | None
    company_name: str | None
    kind: InspectionKind
    kind_label: str
    inspected_on: date
    status: InspectionStatus
    status_label: str
    template_id: str
    score: float | None
    passed: bool | None
    critical_failed: bool | None
    revision_no: int
    origin_id: str
    revision_of_id: str | None
    reinspection_of_id: str | None
    round: int
    superseded: bool = False

    @property
    def result_label(self) -> str:
        if self.status is not InspectionStatus.FINAL:
            return "草稿"
        return verdict_label(self.passed, self.critical_failed)

    @property
    def is_reinspection(self) -> bool:
        return self.reinspection_of_id is not None

    @property
    def owner_id(self) -> str:
        """The id its rectification items are filed under (see ``rectification_owner``)."""
        return rectification_owner(self.origin_id, self.reinspection_of_id)


@dataclass
class InspectionDetail(InspectionSummary):
    template_name: str = ""
    template_code: str = ""
    template_version: int = 0
    pass_threshold: float = 0.0
    inspectors: list[Inspector] = field(default_factory=list)
    lead_id: str | None = None
    company_rep: str | None = None
    note: str | None = None
    items: list[ItemView] = field(default_factory=list)
    photos: list[PhotoInfo] = field(default_factory=list)  # photos not tied to one item
    live_score: Score | None = None


@dataclass
class ItemUpdate:
    """What the form redraws after one keystroke: the row and the running score."""

    item: ItemView
    score: Score


@dataclass
class RectificationInfo:
    id: str
    inspection_id: str
    item_code: str
    estate_id: str
    estate_name: str
    building_number: str | None
    company_id: str | None
    company_name: str | None
    description: str
    requirement: str | None
    critical: bool
    opened_on: date
    deadline: date
    status: RectificationStatus
    rectified_on: date | None
    failed_reinspections: int
    escalated_on: date | None
    notice_number: str | None
    note: str | None
    overdue: bool
    days_overdue: int
    display: str

    @property
    def escalated(self) -> bool:
        return self.escalated_on is not None


@dataclass
class ReinspectionOutcome:
    rectification_id: str
    item_code: str
    text: str
    result: ItemResult | None
    new_deadline: date | None  # when it failed again
    escalates: bool


@dataclass
class FinalisePreview:
    """Shown in the confirmation before finalising. ``problems`` block finalising."""

    inspection_id: str
    score: Score
    opens: list[RectificationPlan] = field(default_factory=list)
    withdraws: list[str] = field(default_factory=list)  # rectification ids (a revision fixed them)
    reinspection: list[ReinspectionOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def can_finalise(self) -> bool:
        return not self.problems


@dataclass
class FinaliseResult:
    inspection: InspectionDetail
    opened: list[RectificationInfo]
    rectified: list[str]
    escalated: list[str]
    withdrawn: list[str]


@dataclass
class InspectionFilter:
    """List/dashboard filter; all fields optional."""

    estate_id: str | None = None
    company_id: str | None = None
    kind: InspectionKind | None = None
    status: InspectionStatus | None = None
    date_from: date | None = None
    date_to: date | None = None
    passed: bool | None = None
    search: str = ""  # part of an estate name
    include_superseded: bool = False
    reinspections: bool | None = None  # None both, True only re-inspections, False only originals


# --- the service --------------------------------------------------------------------------------


class InspectionService:
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
        row = s.get(Inspection, inspection_id)
        if row is None or row.deleted_at is not None:
            raise InspectionError("找不到该检查记录，可能已被删除。")
        return row

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
                it.result = parsed  # type: ignore[assignment]
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

    def _list_query(self, f: InspectionFilter):  # type: ignore[no-untyped-def]
        newer = aliased(Inspection)
        q = (select(Inspection, Estate.name, Company.name, Building.number)
             .join(Estate, Estate.id == Inspection.estate_id)
             .outerjoin(Company, Company.id == Inspection.company_id)
             .outerjoin(Building, Building.id == Inspection.building_id)
             .where(Inspection.deleted_at.is_(None)))
        superseded = exists().where(newer.revision_of_id == Inspection.id,
                                    newer.status == InspectionStatus.FINAL,
                                    newer.deleted_at.is_(None))
        if not f.include_superseded:
            q = q.where(~superseded)
        if f.estate_id:
            q = q.where(Inspection.estate_id == f.estate_id)
        if f.company_id:
            q = q.where(Inspection.company_id == f.company_id)
        if f.kind is not None:
            q = q.where(Inspection.kind == f.kind)
        if f.status is not None:
            q = q.where(Inspection.status == f.status)
        if f.date_from is not None:
            q = q.where(Inspection.inspected_on >= f.date_from)
        if f.date_to is not None:
            q = q.where(Inspection.inspected_on <= f.date_to)
        if f.passed is not None:
            q = q.where(Inspection.passed.is_(f.passed))
        if f.search:
            q = q.where(Estate.name.contains(f.search.strip()))
        if f.reinspections is True:
            q = q.where(Inspection.reinspection_of_id.is_not(None))
        elif f.reinspections is False:
            q = q.where(Inspection.reinspection_of_id.is_(None))
        return q, superseded

    def find(self, f: InspectionFilter | None = None, limit: int = 200,
             offset: int = 0) -> list[InspectionSummary]:
        """Newest first; superseded revisions hidden unless asked for."""
        f = f or InspectionFilter()
        q, superseded = self._list_query(f)
        q = q.add_columns(superseded).order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
        q = q.limit(limit).offset(offset)
        with self.db.session() as s:
            return [InspectionSummary(
                r.id, r.estate_id, en, r.building_id, bn, r.company_id, cn, r.kind, r.kind.label,
                r.inspected_on, r.status, r.status.label, r.template_id, r.score, r.passed,
                r.critical_failed, r.revision_no, r.origin_id, r.revision_of_id,
                r.reinspection_of_id, r.round, bool(sup))
                for r, en, cn, bn, sup in s.execute(q)]

    def count(self, f: InspectionFilter | None = None) -> int:
        q, _ = self._list_query(f or InspectionFilter())
        with self.db.session() as s:
            return int(s.scalar(select(func.count()).select_from(q.subquery())) or 0)

    def history(self, inspection_id: str) -> list[InspectionSummary]:
        """Every revision and re-inspection of an inspection's chain, oldest first."""
        with self.db.session() as s:
            origin = self._load(s, inspection_id).origin_id
            first = s.get(Inspection, origin)
            root = rectification_owner(origin, first.reinspection_of_id) if first else origin
        rows = self.find(InspectionFilter(include_superseded=True), limit=100000)
        chain = [r for r in rows if root in (r.origin_id, r.reinspection_of_id)]
        return sorted(chain, key=lambda r: (r.round, r.revision_no, r.inspected_on))

    # preview and finalise ---------------------------------------------------------------------

    def _open_rects(self, s: Session, origin_id: str) -> list[Rectification]:
        return list(s.scalars(select(Rectification).where(
            Rectification.inspection_id == origin_id, Rectification.status == RectificationStatus.OPEN,
            Rectification.deleted_at.is_(None)).order_by(Rectification.created_at)))

    def _preview(self, s: Session, row: Inspection,
                 deadlines: dict[str, date] | None = None) -> FinalisePreview:
        t = self.templates.get(row.template_id)
        items = self._items(s, row.id)
        sc = score(t, self._entries(items), [i.item_code for i in items])
        pv = FinalisePreview(row.id, sc)
        for code in sc.unanswered:
            ti = t.item(code)
            pv.problems.append(f"检查项{code}“{ti.text}”尚未填写结果。")
        if row.status is InspectionStatus.FINAL:
            pv.problems.append("该检查记录已定稿。")
        photos_by_item: dict[str, list[str]] = {}
        for p in s.scalars(select(InspectionPhoto).where(InspectionPhoto.inspection_id == row.id,
                                                         InspectionPhoto.deleted_at.is_(None))):
            if p.item_code:
                photos_by_item.setdefault(p.item_code, []).append(p.sha256)
        deadlines = deadlines or {}
        owner = rectification_owner(row.origin_id, row.reinspection_of_id)
        if row.reinspection_of_id is not None:
            rects = {r.id: r for r in self._open_rects(s, owner)}
            for it in items:
                r = rects.get(it.rectification_id or "")
                if r is None:
                    continue  # closed meanwhile by hand: nothing left to decide
                ti = t.item(it.item_code)
                fail = it.result is ItemResult.FAIL
                nd = deadlines.get(it.item_code) or rectification_deadline(row.inspected_on, ti) \
                    if fail else None
                pv.reinspection.append(ReinspectionOutcome(
                    r.id, it.item_code, ti.text, it.result, nd,
                    escalates(r.failed_reinspections, fail) and r.escalated_on is None))
            return pv
        # a revision keeps the items its predecessor opened (with their history), withdraws open
        # ones the correction no longer finds failed, and opens only newly failed ones
        known = {r.item_code: r for r in s.scalars(select(Rectification).where(
            Rectification.inspection_id == owner,
            Rectification.status != RectificationStatus.WITHDRAWN,
            Rectification.deleted_at.is_(None)).order_by(Rectification.created_at))}
        failed = set(sc.failed)
        for it in items:
            if it.item_code not in failed or it.item_code in known:
                continue
            ti = t.item(it.item_code)
            pv.opens.append(RectificationPlan(
                ti.code, ti.section, ti.text, it.note or "",
                deadlines.get(ti.code) or rectification_deadline(row.inspected_on, ti), ti.critical,
                photos_by_item.get(ti.code, [])))
        pv.withdraws = [r.id for code, r in known.items()
                        if code not in failed and r.status is RectificationStatus.OPEN]
        return pv

    def preview(self, inspection_id: str, deadlines: dict[str, date] | None = None) -> FinalisePreview:
        """Score and the rectification items finalising would open, close or escalate."""
        with self.db.session() as s:
            return self._preview(s, self._load(s, inspection_id), deadlines)

    def finalise(self, inspection_id: str, deadlines: dict[str, date] | None = None) -> FinaliseResult:
        """Freeze the inspection (immutable from now on) and apply its consequences atomically:
        open rectification items for failed items; for a re-inspection close passed items and
        count failures (escalating at the second consecutive one); for a revision withdraw items
        the correction no longer finds failed."""
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
            t = self.templates.get(row.template_id)
            estate = s.get(Estate, row.estate_id)
            for plan in pv.opens:
                r = Rectification(
                    inspection_id=owner, item_code=plan.item_code, estate_id=row.estate_id,
                    building_id=row.building_id, company_id=row.company_id,
                    description=plan.text + (f"（{plan.note}）" if plan.note else ""),
                    requirement=t.item(plan.item_code).requirement or None, critical=plan.critical,
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
            current = self._current_revision(s, origin_id)
            if current.status is not InspectionStatus.FINAL:
                raise InspectionError("原检查记录尚未定稿，不能复查。")
            if s.scalar(select(Inspection.id).where(Inspection.reinspection_of_id == origin_id,
                                                    Inspection.status == InspectionStatus.DRAFT,
                                                    Inspection.deleted_at.is_(None))):
                raise InspectionError("该检查已有一份未定稿的复查，请先完成或删除它。")
            rects = self._open_rects(s, origin_id)
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

    @staticmethod
    def _current_revision(s: Session, origin_id: str) -> Inspection:
        rows = list(s.scalars(select(Inspection).where(Inspection.origin_id == origin_id,
                                                       Inspection.status == InspectionStatus.FINAL,
                                                       Inspection.deleted_at.is_(None))
                              .order_by(Inspection.revision_no.desc()).limit(1)))
        return rows[0] if rows else s.get_one(Inspection, origin_id)

    # rectification items ---------------------------------------------------------------------

    def rectifications(self, *, status: str | None = None, estate_id: str | None = None,
                       company_id: str | None = None, inspection_id: str | None = None,
                       ids: list[str] | None = None, today: date | None = None,
                       limit: int = 5000) -> list[RectificationInfo]:
        """Board rows. ``status``: open | overdue | escalated | rectified | withdrawn | None (all).
        Overdue ones first, then by deadline. ``inspection_id`` (any revision or re-inspection
        of a chain) gives every item of its chain."""
        today = today or self.clock.today()
        q = (select(Rectification, Estate.name, Company.name, Building.number)
             .join(Estate, Estate.id == Rectification.estate_id)
             .outerjoin(Company, Company.id == Rectification.company_id)
             .outerjoin(Building, Building.id == Rectification.building_id)
             .where(Rectification.deleted_at.is_(None)))
        if status == "open":
            q = q.where(Rectification.status == RectificationStatus.OPEN)
        elif status == "overdue":
            q = q.where(is_overdue(Rectification.status, Rectification.deadline, today))
        elif status == "escalated":
            q = q.where(Rectification.escalated_on.is_not(None))
        elif status in ("rectified", "withdrawn"):
            q = q.where(Rectification.status == RectificationStatus(status))
        elif status is not None:
            raise InspectionError(f"不认识的整改状态“{status}”。")
        if estate_id:
            q = q.where(Rectification.estate_id == estate_id)
        if company_id:
            q = q.where(Rectification.company_id == company_id)
        if inspection_id:
            with self.db.session() as s:
                row = self._load(s, inspection_id)
                q = q.where(Rectification.inspection_id == rectification_owner(row.origin_id,
                                                                               row.reinspection_of_id))
        if ids is not None:
            if not ids:
                return []
            q = q.where(Rectification.id.in_(ids))
        q = q.order_by(Rectification.deadline, Rectification.id).limit(limit)
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

    def _rect(self, s: Session, rect_id: str) -> Rectification:
        r = s.get(Rectification, rect_id)
        if r is None or r.deleted_at is not None:
            raise InspectionError("找不到该整改事项。")
        return r

    def set_deadline(self, rect_id: str, deadline: date) -> None:
        with self.db.unit_of_work() as s:
            r = self._rect(s, rect_id)
            if r.status is not RectificationStatus.OPEN:
                raise InspectionError("该整改事项已关闭，不能修改期限。")
            if deadline < r.opened_on:
                raise InspectionError("整改期限不能早于发现问题的日期。")
            r.deadline = deadline

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
            return int(s.scalar(select(func.count()).select_from(Rectification).where(
                is_overdue(Rectification.status, Rectification.deadline, today),
                Rectification.deleted_at.is_(None))) or 0)

    def notice_rectifications(self, inspection_id: str) -> list[RectificationInfo]:
        """The items a 整改通知单 of this inspection lists.

        An original (or a revision) lists every item it opened that was not withdrawn, so a
        reprint matches the notice first issued. A re-inspection opens nothing itself: its notice
        lists the items it re-checked that are still open — the ones the company must still put
        right, with their new deadline.
        """
        with self.db.session() as s:
            row = self._load(s, inspection_id)
            if row.reinspection_of_id is None:
                ids = None
            else:
                ids = [rid for rid in s.scalars(select(InspectionItem.rectification_id).where(
                    InspectionItem.inspection_id == row.id, InspectionItem.deleted_at.is_(None),
                    InspectionItem.rectification_id.is_not(None))) if rid]
        if ids is None:
            return [r for r in self.rectifications(inspection_id=inspection_id)
                    if r.status is not RectificationStatus.WITHDRAWN]
        return [r for r in self.rectifications(ids=ids) if r.status is RectificationStatus.OPEN]

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


# --- bulk insert shared with the demo ------------------------------------------------------------


def bulk_insert_synced(s: Session, model: type, rows: list[dict[str, Any]], user: str = "",
                       device_id: str = "") -> None:
    """Insert many rows of a synced model through Core executemany *and* one outbox entry per
    row, as the ORM listener would have written (kind insert, every non-null field)."""
    from ..storage.base import BOOKKEEPING
    from ..storage.models import OutboxEntry
    from ..storage.outbox import to_wire

    if not rows:
        return
    now = utcnow()
    cols = [a.key for a in model.__mapper__.column_attrs if a.key not in BOOKKEEPING]  # type: ignore[attr-defined]
    outbox = []
    for r in rows:
        r.setdefault("id", new_id())
        r.setdefault("version", 0)
        r["created_at"] = r["updated_at"] = now
        r["updated_by"], r["device_id"], r["sync_state"] = user, device_id, "pending"
        r.setdefault("deleted_at", None)
        for c in cols:
            r.setdefault(c, None)
        outbox.append({"op_id": new_id(), "table_name": model.__sync_table__, "row_id": r["id"],  # type: ignore[attr-defined]
                       "kind": "insert", "base_version": 0,
                       "changes": {c: [None, to_wire(r[c])] for c in cols if r[c] is not None},
                       "created_at": now, "user": user, "device_id": device_id, "state": "pending"})
    s.execute(insert(model), rows)
    s.execute(insert(OutboxEntry), outbox)
