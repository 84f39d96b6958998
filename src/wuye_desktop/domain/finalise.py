"""The finalise plan: which items of an inspection open, withdraw, close or escalate
rectification items. Pure values in, pure values out (no storage), so the rule is one function
the service calls and a unit test exercises without a database.

Three cases, decided by what the inspection is:

* an original: every failed item opens a rectification item;
* a revision (a correction of a finalised original): it keeps the items its predecessor opened
  (with their history), withdraws open ones the correction no longer finds failed, and opens
  only newly failed ones;
* a re-inspection: it opens nothing; each re-checked item that is still open is closed when it
  passes, or counted as a failed re-inspection (with a new deadline, escalating at the
  ``ESCALATE_AFTER``-th consecutive failure) when it fails.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .inspections import (
    ItemResult,
    RectificationPlan,
    RectificationStatus,
    Score,
    escalates,
    rectification_deadline,
)
from .notice_rules import FailedEntry, missing_findings, rectify_requirement
from .templates import Template


@dataclass(frozen=True, slots=True)
class RecordedItem:
    """One item of the inspection being finalised, as recorded on the form."""

    code: str
    result: ItemResult | None
    note: str | None = None
    #: the rectification item a re-inspection re-checks (None on originals and revisions)
    rectification_id: str | None = None


@dataclass(frozen=True, slots=True)
class KnownRectification:
    """A rectification item already filed under the inspection's chain (not withdrawn)."""

    id: str
    item_code: str
    status: RectificationStatus
    failed_reinspections: int = 0
    escalated: bool = False


@dataclass
class ReinspectionOutcome:
    """What finalising a re-inspection does to one rectification item it re-checked."""

    rectification_id: str
    item_code: str
    text: str
    result: ItemResult | None
    new_deadline: date | None  # when it failed again
    escalates: bool


@dataclass
class FinalisePlan:
    """The consequences of finalising: items to open, withdraw and re-inspection outcomes."""

    opens: list[RectificationPlan] = field(default_factory=list)
    withdraws: list[str] = field(default_factory=list)  # rectification ids
    reinspection: list[ReinspectionOutcome] = field(default_factory=list)


def finalise_problems(template: Template, sc: Score, already_final: bool,
                      findings: Mapping[str, str | None] | None = None) -> list[str]:
    """What blocks finalising (Chinese, one line each): unanswered items, failed items without
    a finding (``findings``: item code -> the note recorded; the notice prints what was found,
    so a failed item needs one), already finalised."""
    problems = [f"检查项{code}“{template.item(code).text}”尚未填写结果。" for code in sc.unanswered]
    if findings is not None:
        problems += missing_findings(FailedEntry(c, template.item(c).text, findings.get(c))
                                     for c in sc.failed if template.has_item(c))
    if already_final:
        problems.append("该检查记录已定稿。")
    return problems


def plan_finalise(template: Template, inspected_on: date, items: Sequence[RecordedItem],
                  failed: Sequence[str], known: Sequence[KnownRectification], *,
                  reinspection: bool, photos: Mapping[str, Sequence[str]] | None = None,
                  deadlines: Mapping[str, date] | None = None) -> FinalisePlan:
    """The plan of finalising one inspection (see the module docstring).

    ``failed`` is the score's failed item codes; ``known`` the chain's rectification items that
    are not withdrawn, oldest first; ``photos`` item code -> photo hashes (carried onto opened
    items); ``deadlines`` item code -> a deadline the person chose instead of the default.
    """
    deadlines = deadlines or {}
    photos = photos or {}
    plan = FinalisePlan()
    if reinspection:
        still_open = {r.id: r for r in known if r.status is RectificationStatus.OPEN}
        for it in items:
            r = still_open.get(it.rectification_id or "")
            if r is None:
                continue  # closed meanwhile by hand: nothing left to decide
            ti = template.item(it.code)
            fail = it.result is ItemResult.FAIL
            nd = (deadlines.get(it.code) or rectification_deadline(inspected_on, ti)) \
                if fail else None
            plan.reinspection.append(ReinspectionOutcome(
                r.id, it.code, ti.text, it.result, nd,
                escalates(r.failed_reinspections, fail) and not r.escalated))
        return plan
    by_code = {r.item_code: r for r in known}  # the newest per item wins, as filed
    failed_set = set(failed)
    for it in items:
        if it.code not in failed_set or it.code in by_code:
            continue
        ti = template.item(it.code)
        plan.opens.append(RectificationPlan(
            ti.code, ti.section, ti.text, it.note or "",
            deadlines.get(ti.code) or rectification_deadline(inspected_on, ti), ti.critical,
            list(photos.get(ti.code, [])), rectify_requirement(ti.rectify, ti.requirement or ti.text)))
    plan.withdraws = [r.id for code, r in by_code.items()
                      if code not in failed_set and r.status is RectificationStatus.OPEN]
    return plan
