"""Plain results of the inspection use cases: what the form, the lists, the board and the
finalise confirmation show. Dataclasses only (no session, no ORM objects), so the GUI thread can
hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..domain.finalise import ReinspectionOutcome
from ..domain.inspections import (
    InspectionKind,
    InspectionStatus,
    ItemResult,
    RectificationPlan,
    RectificationStatus,
    Score,
    rectification_owner,
    verdict_label,
)
from ..storage.inspections import InspectionFilter

__all__ = ["ROLES", "FinalisePreview", "FinaliseResult", "InspectionDetail", "InspectionFilter",
           "InspectionSummary", "Inspector", "ItemUpdate", "ItemView", "PhotoInfo",
           "RectificationInfo", "ReinspectionOutcome"]

ROLES = {"worker": "社区工作者", "lead": "楼长", "company": "物业企业代表", "other": "其他"}


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
