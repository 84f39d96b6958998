"""Tables of inspections, rectification items, schedules, surveys, complaints and the notice
counter.

A finalised inspection is append-only: the guard at the bottom refuses, inside the flush, any
change to a finalised inspection, its item results or its photos (and migration 0002 adds SQLite
triggers that refuse the same through raw SQL). Only the bookkeeping columns the sync engine
maintains (version, sync_state, …) may still change. A correction is a new revision row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, event, inspect, text
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column, relationship

from ..domain.inspections import (
    InspectionFinalised,
    InspectionKind,
    InspectionStatus,
    ItemResult,
    RectificationStatus,
)
from ..domain.schedules import Period
from ..domain.surveys import ActionStatus, ComplaintSource, SurveyAction, SurveyKind, SurveyMethod
from .base import BOOKKEEPING, Base, SyncMixin
from .models import LIVE, Estate
from .outbox import SUPPRESS
from .types import CodeEnum


class InspectionTemplate(SyncMixin, Base):
    """One version of a county checklist; ``body`` is the validated JSON as imported."""

    __tablename__ = "inspection_templates"
    __sync_table__ = "inspection_templates"
    __sync_readonly__ = True  # county data: every device has the same rows, none pushes them
    __table_args__ = (Index("uq_inspection_templates_code_version_live", "template_code",
                            "template_version", unique=True, sqlite_where=LIVE),)

    template_code: Mapped[str] = mapped_column(String(40), nullable=False)
    # not "version": that name is the sync version of every synced row
    template_version: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[InspectionKind] = mapped_column(CodeEnum(InspectionKind), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    pass_threshold: Mapped[float] = mapped_column(Float, nullable=False)
    item_count: Mapped[int] = mapped_column(Integer, nullable=False)
    total_points: Mapped[float] = mapped_column(Float, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    body: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    source: Mapped[str] = mapped_column(String(20), default="import", nullable=False)


class Inspection(SyncMixin, Base):
    """巡查/考核/查验记录. ``revision_of_id`` links a correction to the revision it replaces;
    ``reinspection_of_id`` links a re-inspection (复查) to the inspection whose items it checks."""

    __tablename__ = "inspections"
    __sync_table__ = "inspections"
    __table_args__ = (
        Index("ix_inspections_estate_date", "estate_id", "inspected_on"),
        Index("ix_inspections_date", "inspected_on"),
        Index("ix_inspections_kind_date", "kind", "inspected_on"),
        Index("ix_inspections_company_date", "company_id", "inspected_on"),
        # no plain index on status: SQLite then uses it for the "superseded" NOT EXISTS probe
        # (scanning every final row) instead of the revision_of_id index — 25 s instead of 20 ms
        # the list's default filter (live, current rows) newest first, without a probe per row
        Index("ix_inspections_current_date", "inspected_on", "id",
              sqlite_where=text("is_current = 1 AND deleted_at IS NULL")),
    )

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    building_id: Mapped[str | None] = mapped_column(ForeignKey("buildings.id"))
    template_id: Mapped[str] = mapped_column(ForeignKey("inspection_templates.id"), nullable=False,
                                             index=True)
    kind: Mapped[InspectionKind] = mapped_column(CodeEnum(InspectionKind), nullable=False)
    inspected_on: Mapped[date] = mapped_column(nullable=False)
    status: Mapped[InspectionStatus] = mapped_column(CodeEnum(InspectionStatus), nullable=False,
                                                     default=InspectionStatus.DRAFT)
    #: [{"role": "worker"|"lead"|"company"|"other", "name": "…"}]
    inspectors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    lead_id: Mapped[str | None] = mapped_column(ForeignKey("leads.id"))
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"))
    company_rep: Mapped[str | None] = mapped_column(String(40))
    revision_of_id: Mapped[str | None] = mapped_column(ForeignKey("inspections.id"), index=True)
    revision_no: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    #: the first revision of this inspection's chain (its own id for revision 1): rectification
    #: items and re-inspections hang on the chain, not on one revision
    origin_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    #: a re-inspection's original (its origin_id)
    reinspection_of_id: Mapped[str | None] = mapped_column(ForeignKey("inspections.id"), index=True)
    round: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # 0 = not a re-inspection
    score: Mapped[float | None] = mapped_column(Float)
    earned: Mapped[float | None] = mapped_column(Float)
    possible: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    critical_failed: Mapped[bool | None] = mapped_column(Boolean)
    finalised_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    #: False once a finalised, live revision replaces this row. Derived on this device by the
    #: SQLite triggers of migration 0014 (in the same statement as the write that supersedes,
    #: local or pulled), never set by the app and never synced (it is in ``BOOKKEEPING``).
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True,
                                             server_default=text("1"))


class InspectionItem(SyncMixin, Base):
    """One item result. Item text lives in the template (joined in memory: templates are few,
    item rows are millions)."""

    __tablename__ = "inspection_items"
    __sync_table__ = "inspection_items"
    __table_args__ = (Index("uq_inspection_items_inspection_code", "inspection_id", "item_code",
                            unique=True),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False)
    item_code: Mapped[str] = mapped_column(String(40), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    result: Mapped[ItemResult | None] = mapped_column(CodeEnum(ItemResult))
    points: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    #: in a re-inspection: the rectification item this row checks
    rectification_id: Mapped[str | None] = mapped_column(ForeignKey("rectifications.id"), index=True)


class InspectionPhoto(SyncMixin, Base):
    """A photo attached to an inspection (optionally to one item); the file is
    ``photos/<sha[:2]>/<sha>.jpg`` under the data directory."""

    __tablename__ = "inspection_photos"
    __sync_table__ = "inspection_photos"
    __table_args__ = (Index("ix_inspection_photos_inspection", "inspection_id", "item_code"),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False)
    item_code: Mapped[str | None] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    original_name: Mapped[str | None] = mapped_column(String(200))
    caption: Mapped[str | None] = mapped_column(String(200))


class Rectification(SyncMixin, Base):
    """整改事项 opened by a failed item. Mutable (status, deadline, escalation), unlike the
    inspection that found it."""

    __tablename__ = "rectifications"
    __sync_table__ = "rectifications"
    __table_args__ = (
        Index("ix_rectifications_status_deadline", "status", "deadline"),
        Index("ix_rectifications_company_status", "company_id", "status"),
        Index("ix_rectifications_estate_status", "estate_id", "status"),
    )

    #: the origin_id of the inspection that found it (stable across its revisions)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"), nullable=False,
                                               index=True)
    item_code: Mapped[str] = mapped_column(String(40), nullable=False)
    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    building_id: Mapped[str | None] = mapped_column(ForeignKey("buildings.id"))
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"))
    description: Mapped[str] = mapped_column(Text, nullable=False)
    requirement: Mapped[str | None] = mapped_column(Text)
    critical: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    opened_on: Mapped[date] = mapped_column(nullable=False)
    deadline: Mapped[date] = mapped_column(nullable=False)
    status: Mapped[RectificationStatus] = mapped_column(CodeEnum(RectificationStatus),
                                                        nullable=False,
                                                        default=RectificationStatus.OPEN)
    rectified_on: Mapped[date | None]
    failed_reinspections: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    escalated_on: Mapped[date | None]
    last_reinspection_id: Mapped[str | None] = mapped_column(ForeignKey("inspections.id"))
    notice_number: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)


class InspectionSchedule(SyncMixin, Base):
    """A recurring inspection of one estate (e.g. quarterly assessment of a quasi estate)."""

    __tablename__ = "inspection_schedules"
    __sync_table__ = "inspection_schedules"
    __table_args__ = (Index("uq_inspection_schedules_estate_kind_live", "estate_id", "kind",
                            unique=True, sqlite_where=LIVE),)

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    kind: Mapped[InspectionKind] = mapped_column(CodeEnum(InspectionKind), nullable=False)
    template_code: Mapped[str] = mapped_column(String(40), nullable=False)
    period: Mapped[Period] = mapped_column(CodeEnum(Period), nullable=False)
    start_on: Mapped[date] = mapped_column(nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    note: Mapped[str | None] = mapped_column(Text)

    #: never loaded (``raise``): declared so a flush inserts an estate registered in the same
    #: transaction before the schedules the rule table gives it
    estate: Mapped[Estate] = relationship(lazy="raise")


class Survey(SyncMixin, Base):
    """满意度测评 / 意愿征询 of one estate for one period, with the prescribed action tracked."""

    __tablename__ = "surveys"
    __sync_table__ = "surveys"
    __table_args__ = (Index("ix_surveys_estate_date", "estate_id", "conducted_on"),)

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    kind: Mapped[SurveyKind] = mapped_column(CodeEnum(SurveyKind), nullable=False)
    period: Mapped[str] = mapped_column(String(20), nullable=False)
    conducted_on: Mapped[date] = mapped_column(nullable=False)
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"), index=True)
    households: Mapped[int | None] = mapped_column(Integer)
    surveyed: Mapped[int] = mapped_column(Integer, nullable=False)
    positive: Mapped[int] = mapped_column(Integer, nullable=False)  # satisfied / agreeing
    rate: Mapped[float] = mapped_column(Float, nullable=False)
    action: Mapped[SurveyAction] = mapped_column(CodeEnum(SurveyAction), nullable=False)
    action_status: Mapped[ActionStatus] = mapped_column(CodeEnum(ActionStatus), nullable=False,
                                                        default=ActionStatus.PENDING)
    action_deadline: Mapped[date | None]
    action_done_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)
    method: Mapped[SurveyMethod | None] = mapped_column(CodeEnum(SurveyMethod))
    #: satisfaction per service item (``domain.surveys.SURVEY_ITEMS``), percent; None when not
    #: scored item by item
    scores: Mapped[dict[str, float] | None] = mapped_column(JSON)
    #: what was done to carry the prescribed action out (the follow-up's own note)
    action_note: Mapped[str | None] = mapped_column(Text)


class Complaint(SyncMixin, Base):
    """A complaint or "吹哨" report and how it was handled."""

    __tablename__ = "complaints"
    __sync_table__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_estate_received", "estate_id", "received_at"),
        Index("ix_complaints_company_received", "company_id", "received_at"),
    )

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    building_id: Mapped[str | None] = mapped_column(ForeignKey("buildings.id"))
    lead_id: Mapped[str | None] = mapped_column(ForeignKey("leads.id"))
    source: Mapped[ComplaintSource] = mapped_column(CodeEnum(ComplaintSource), nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    responsible: Mapped[str | None] = mapped_column(String(100))
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"))
    received_at: Mapped[datetime] = mapped_column(nullable=False)
    responded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    satisfied: Mapped[bool | None] = mapped_column(Boolean)
    result: Mapped[str | None] = mapped_column(Text)
    #: the handling deadline (None only on rows from before migration 0005 or an old device)
    deadline: Mapped[date | None]
    #: a 12345 hotline work-order number, exactly as the hotline gave it
    work_order_no: Mapped[str | None] = mapped_column(String(40))


class NoticeCounter(Base):
    """Last issued rectification-notice number per community and year. Not synced: numbers are
    issued by this office's installation (see the service for the multi-device caveat)."""

    __tablename__ = "notice_counters"

    community_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False)


INSPECTION_MODELS: dict[str, type[SyncMixin]] = {
    m.__sync_table__: m
    for m in (InspectionTemplate, Inspection, InspectionItem, InspectionPhoto, Rectification,
              InspectionSchedule, Survey, Complaint)
}


def _committed_status(obj: Inspection) -> Any:
    hist = inspect(obj).attrs["status"].history
    if hist.deleted:
        return hist.deleted[0]
    return hist.unchanged[0] if hist.unchanged else obj.status


def _content_changed(obj: Any) -> list[str]:
    state = inspect(obj)
    return [a.key for a in state.mapper.column_attrs
            if a.key not in BOOKKEEPING and state.attrs[a.key].history.has_changes()]


def _parent_final(session: Session, inspection_id: str) -> bool:
    parent = session.get(Inspection, inspection_id)
    return parent is not None and _committed_status(parent) is InspectionStatus.FINAL


@event.listens_for(Session, "before_flush")
def _guard_finalised(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    if session.info.get(SUPPRESS):  # the sync engine applies server rows as they are
        return
    for obj in session.dirty:
        if isinstance(obj, Inspection) and _committed_status(obj) is InspectionStatus.FINAL:
            changed = _content_changed(obj)
            if changed:
                raise InspectionFinalised("、".join(changed))
        elif isinstance(obj, InspectionItem | InspectionPhoto) and _content_changed(obj) \
                and _parent_final(session, obj.inspection_id):
            raise InspectionFinalised(f"检查项{obj.item_code or ''}")
    for obj in session.new:
        if isinstance(obj, InspectionItem | InspectionPhoto) and _parent_final(session,
                                                                              obj.inspection_id):
            raise InspectionFinalised("不能向已定稿的记录添加检查项或照片")


#: content columns a SQLite trigger protects once an inspection is final (bookkeeping columns
#: stay writable for the sync engine)
FINAL_LOCKED_COLUMNS = ("estate_id", "building_id", "template_id", "kind", "inspected_on", "status",
                        "inspectors", "lead_id", "company_id", "company_rep", "revision_of_id",
                        "revision_no", "origin_id", "reinspection_of_id", "round", "score", "earned", "possible",
                        "passed", "critical_failed", "finalised_at", "note", "deleted_at")
