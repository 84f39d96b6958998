"""Owners' committees: the party-member ratio, the term status and the community's rates.

* Party-member ratio (业委会党员比例): members whose political status is 中共党员 (or 预备党员)
  over all registered members of the committee; a member with no political status recorded
  counts in the denominator (it is not known to be a party member). The target is ≥ 50 %
  (Lishui; other work plans say "高于50%").
* 业委会组建率: live estates with a registered 业主委员会 or 物业管理委员会 (物管会 stands in
  where no owners' committee can be formed: "业委会（物管会）100%覆盖") over all live estates.
* 党组织覆盖率: live estates with a party organisation recorded (the estate's 党支部 field is
  filled in) over all live estates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .enums import LabeledEnum
from .todo import TERM_DAYS, ending_within

#: the tracked target of the party-member ratio, in percent
PARTY_RATIO_TARGET = 50.0


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal (None when there is nothing to count)."""
    return round(part * 100 / whole, 1) if whole else None


@dataclass(frozen=True, slots=True)
class PartyRatio:
    """Party members among a committee's members."""

    party: int
    members: int
    #: members whose political status is not recorded
    unknown: int = 0

    @property
    def percent(self) -> float | None:
        return percent(self.party, self.members)

    @property
    def meets_target(self) -> bool | None:
        p = self.percent
        return None if p is None else p >= PARTY_RATIO_TARGET

    def text(self) -> str:
        if not self.members:
            return "尚未登记成员"
        tail = f"，{self.unknown}人未填政治面貌" if self.unknown else ""
        verdict = "达到" if self.meets_target else "未达到"
        return (f"党员{self.party}人/成员{self.members}人，党员比例{self.percent:g}%"
                f"（{verdict}{PARTY_RATIO_TARGET:g}%的目标）{tail}")


class TermStatus(LabeledEnum):
    """Where a committee stands in its term."""

    NOT_SET = "not_set", "未填任期"
    ACTIVE = "active", "任期内"
    ENDING = "ending", "即将届满"
    EXPIRED = "expired", "已届满"


def term_status(term_end: date | None, today: date) -> TermStatus:
    """已届满 after the end day, 即将届满 within :data:`~.todo.TERM_DAYS` days of it."""
    if term_end is None:
        return TermStatus.NOT_SET
    if term_end < today:
        return TermStatus.EXPIRED
    if ending_within(term_end, today, TERM_DAYS):
        return TermStatus.ENDING
    return TermStatus.ACTIVE


def term_text(term_end: date | None, today: date) -> str:
    """The term status with its day count, as the committee screen shows it."""
    status = term_status(term_end, today)
    if term_end is None:
        return f"{status.label}（请填写任期结束日期）"
    days = (term_end - today).days
    if status is TermStatus.EXPIRED:
        return f"{status.label}（{term_end:%Y-%m-%d}届满，已过{-days}天，请组织换届）"
    return f"{status.label}（{term_end:%Y-%m-%d}届满，还有{days}天）"


@dataclass(frozen=True, slots=True)
class CommitteeRates:
    """The community's committee figures on 概览."""

    estates: int
    with_committee: int
    with_party_org: int

    @property
    def formation_percent(self) -> float | None:
        """业委会组建率 (see the module docstring)."""
        return percent(self.with_committee, self.estates)

    @property
    def party_org_percent(self) -> float | None:
        """党组织覆盖率 (see the module docstring)."""
        return percent(self.with_party_org, self.estates)
