"""Inspection rules: kinds, item results, scoring, rectification deadlines and escalation.

Pure Python (no storage, no Qt) so the county server can score an uploaded inspection with the
same code the community office used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, overload

from .enums import LabeledEnum
from .errors import UserError

if TYPE_CHECKING:  # templates imports InspectionKind from here
    from .templates import Template, TemplateItem


class InspectionKind(LabeledEnum):
    ROUTINE = "routine", "日常巡查", "巡查"
    QUARTERLY = "quarterly", "季度考核", "准物业季度考核"
    ANNUAL = "annual", "年度考核", "物业服务年度考核"
    TAKEOVER = "takeover", "承接查验", "查验"
    RENOVATION = "renovation", "改造验收", "老旧小区改造验收"
    SPOT_CHECK = "spot_check", "双随机抽查", "双随机、一公开", "抽查"
    FIRE_SAFETY = "fire_safety", "消防安全检查", "消防检查"
    FOLLOW_UP = "follow_up", "满意度回访", "回访"


class ItemResult(LabeledEnum):
    PASS = "pass", "合格", "是", "√", "通过"
    FAIL = "fail", "不合格", "否", "×", "不通过"
    NA = "na", "不适用", "无此项", "/"


class InspectionStatus(LabeledEnum):
    DRAFT = "draft", "草稿"
    FINAL = "final", "已定稿", "定稿"


class RectificationStatus(LabeledEnum):
    """Stored status; 逾期 (overdue) is not stored but computed from the deadline and today."""

    OPEN = "open", "待整改", "未整改"
    RECTIFIED = "rectified", "已整改", "整改完成"
    WITHDRAWN = "withdrawn", "已撤销", "撤销"


class InspectionError(UserError):
    """A use-case rule was broken; the message is Chinese and says what to do.

    Still a ``ValueError`` too: the inspection and rectification screens show any ValueError of
    their work in the form (``ui/inspection_form.py``, ``ui/rectifications.py``)."""


class InspectionFinalised(InspectionError):
    """A finalised inspection (or its items/photos) was about to change."""

    def __init__(self, what: str = "") -> None:
        super().__init__("已定稿的检查记录不能修改；如需更正，请新建修订版（修订会保留原记录）。"
                         + (f"（{what}）" if what else ""))


#: Consecutive failed re-inspections of one item after which it is reported to the county.
ESCALATE_AFTER = 2


@dataclass(frozen=True, slots=True)
class ItemEntry:
    """What the inspector recorded for one item; ``points`` overrides the default award."""

    result: ItemResult | None
    points: float | None = None


@dataclass(frozen=True, slots=True)
class Score:
    """The outcome of scoring one inspection.

    ``percent`` is earned over applicable points (N/A items leave the denominator); ``passed``
    also needs no failed critical item. ``unanswered`` lists the item codes still without a
    result (finalising requires it empty).
    """

    earned: float
    possible: float
    percent: float | None
    passed: bool
    failed: tuple[str, ...] = ()
    critical_failed: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()
    applicable: int = 0
    not_applicable: int = 0

    @property
    def result_label(self) -> str:
        if self.percent is None:
            return "无适用项"
        if self.critical_failed:
            return "不合格（否决项不合格）"
        return "合格" if self.passed else "不合格"


def item_points(max_points: float, result: ItemResult | None, points: float | None) -> float | None:
    """Points one item earns: the inspector's override (clamped to 0..max), else all for 合格 and
    none for 不合格; ``None`` for an unanswered or N/A item (it is not in the denominator)."""
    if result is None or result is ItemResult.NA:
        return None
    if points is not None:
        return max(0.0, min(float(points), max_points))
    return max_points if result is ItemResult.PASS else 0.0


def awarded(item: TemplateItem, entry: ItemEntry) -> float:
    """Points earned for one answered, applicable item (clamped to 0..item.points)."""
    return item_points(item.points, entry.result, entry.points) or 0.0


def passes(percent: float | None, critical_failed: bool, threshold: float) -> bool:
    """Pass/fail of a scored inspection: no failed critical item, and the percentage reaches the
    template's threshold (an inspection with no applicable item passes)."""
    return not critical_failed and (percent is None or percent >= threshold)


def fail_reasons(percent: float | None, threshold: float | None,
                 critical_failed: Iterable[str] = ()) -> list[str]:
    """Why an inspection failed, in Chinese, per :func:`passes`: each failed 否决项 (its title
    given), and a score below the threshold. Empty when it passed."""
    out = [f"否决项“{t}”不合格" for t in critical_failed]
    if percent is not None and threshold is not None and percent < threshold:
        # the threshold is a percentage of the full score (百分制), whatever the full score is
        out.append(f"得分率{round(percent, 1):g}%，低于合格分数线{threshold:g}%")
    return out


def verdict_label(passed: bool | None, critical_failed: bool | None) -> str:
    """合格 / 不合格 / 不合格（否决项） of a finalised inspection, as lists and printouts show it."""
    if critical_failed:
        return "不合格（否决项）"
    return "合格" if passed else "不合格"


def score(template: Template, entries: Mapping[str, ItemEntry],
          covered: Iterable[str] | None = None) -> Score:
    """Score ``entries`` (item code → entry) against ``template``.

    ``covered`` restricts scoring to some items (a re-inspection covers only the open ones).
    An item answered 不合格 is failed even when partial points were given; a failed critical
    item fails the whole inspection whatever the total.
    """
    codes = list(covered) if covered is not None else [i.code for i in template.items()]
    earned = possible = 0.0
    failed: list[str] = []
    critical: list[str] = []
    unanswered: list[str] = []
    na = applicable = 0
    for code in codes:
        item = template.item(code)
        entry = entries.get(code)
        if entry is None or entry.result is None:
            unanswered.append(code)
            continue
        if entry.result is ItemResult.NA:
            na += 1
            continue
        applicable += 1
        possible += item.points
        earned += awarded(item, entry)
        if entry.result is ItemResult.FAIL:
            failed.append(code)
            if item.critical:
                critical.append(code)
    percent = round(earned * 100.0 / possible, 2) if possible > 0 else None
    passed = passes(percent, bool(critical), template.pass_threshold)
    return Score(round(earned, 2), round(possible, 2), percent, passed, tuple(failed),
                 tuple(critical), tuple(unanswered), applicable, na)


def rectification_deadline(inspected_on: date, item: TemplateItem) -> date:
    """Default deadline: inspection date + the template's rectification days for the item."""
    return inspected_on + timedelta(days=item.rectify_days)


def rectification_owner(origin_id: str, reinspection_of_id: str | None) -> str:
    """The inspection id a rectification item is filed under.

    Items belong to the original inspection's chain: its ``origin_id`` (stable across its
    revisions). A re-inspection opens no items of its own; it works on, and shows, its
    original's — ``reinspection_of_id`` already is that original's ``origin_id``.
    """
    return reinspection_of_id or origin_id


@overload
def is_overdue(status: RectificationStatus, deadline: date, today: date) -> bool: ...
@overload
def is_overdue(status: Any, deadline: Any, today: date) -> Any: ...
def is_overdue(status: Any, deadline: Any, today: date) -> Any:
    """Overdue: still open and its deadline is before today (due today is not late yet).

    Written with ``==``, ``<`` and ``&`` only, so the same rule works on Python values (giving a
    bool) and on SQLAlchemy columns (giving a SQL condition for ``where``/``case``): services,
    the dashboard and the county report query with this function instead of re-writing it.
    """
    return (status == RectificationStatus.OPEN) & (deadline < today)


def days_overdue(status: RectificationStatus, deadline: date, today: date) -> int:
    """Days past the deadline of an overdue item, 0 for every other item."""
    return (today - deadline).days if is_overdue(status, deadline, today) else 0


def escalates(failed_before: int, failed_now: bool) -> bool:
    """True exactly when this re-inspection is the ESCALATE_AFTER-th consecutive failure."""
    return failed_now and failed_before + 1 == ESCALATE_AFTER


def display_status(status: RectificationStatus, deadline: date, today: date,
                   escalated: bool) -> str:
    """The label a board shows: escalation and lateness must be impossible to miss."""
    if status is not RectificationStatus.OPEN:
        return status.label
    parts = ["待整改"]
    late = days_overdue(status, deadline, today)
    if late:
        parts.append(f"逾期{late}天")
    if escalated:
        parts.append("已上报")
    return "·".join(parts)


def format_notice_number(year: int, n: int) -> str:
    """整改通知单编号, as written on the notice: 〔2026〕第7号."""
    return f"〔{year}〕第{n}号"


@dataclass
class RectificationPlan:
    """A rectification item finalising would open (shown in the confirmation)."""

    item_code: str
    section: str
    text: str
    note: str
    deadline: date
    critical: bool = False
    photos: list[str] = field(default_factory=list)
    #: the 整改要求 it will carry (the template's; the confirmation may replace it)
    requirement: str = ""
