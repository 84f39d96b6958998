"""Recurring inspections: calendar periods and which period is still uncovered.

A schedule is due once per period (quarter, half year, year). The first period since the
schedule started that has no finalised inspection of its kind is the one owed; its last day is
the due date, and once that has passed the schedule is overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .enums import LabeledEnum, ManagementMode
from .inspections import InspectionKind


class Period(LabeledEnum):
    MONTHLY = "monthly", "每月", "月度"
    QUARTERLY = "quarterly", "每季度", "季度", "按季度"
    HALF_YEARLY = "half_yearly", "每半年", "半年"
    YEARLY = "yearly", "每年", "年度", "按年"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[self.value]


#: The standing rule: quasi-property estates quarterly, professional ones yearly.
DEFAULT_BY_MODE: dict[ManagementMode, tuple[InspectionKind, Period, str]] = {
    ManagementMode.QUASI: (InspectionKind.QUARTERLY, Period.QUARTERLY, "quasi-quarterly"),
    ManagementMode.PROFESSIONAL: (InspectionKind.ANNUAL, Period.YEARLY, "professional-annual"),
}


def period_start(d: date, period: Period) -> date:
    m = ((d.month - 1) // period.months) * period.months + 1
    return date(d.year, m, 1)


def next_period_start(start: date, period: Period) -> date:
    total = start.year * 12 + start.month - 1 + period.months
    return date(total // 12, total % 12 + 1, 1)


def period_end(d: date, period: Period) -> date:
    return next_period_start(period_start(d, period), period) - timedelta(days=1)


def period_label(d: date, period: Period) -> str:
    s = period_start(d, period)
    if period is Period.YEARLY:
        return f"{s.year}年"
    if period is Period.HALF_YEARLY:
        return f"{s.year}年{'上' if s.month == 1 else '下'}半年"
    if period is Period.QUARTERLY:
        return f"{s.year}年第{(s.month - 1) // 3 + 1}季度"
    return f"{s.year}年{s.month}月"


@dataclass(frozen=True, slots=True)
class DueState:
    """The owed period of one schedule as of ``today``."""

    period_start: date
    due: date
    label: str
    overdue: bool
    days_overdue: int
    missed_periods: int  # earlier periods also without an inspection (0 when only this one)


def due_state(start: date, period: Period, done_dates: Iterable[date], today: date) -> DueState:
    """The first period from ``start`` up to today's that no date in ``done_dates`` covers.

    When every period up to today's is covered, the next period is the one owed (not overdue).
    """
    covered = {period_start(d, period) for d in done_dates}
    p = period_start(start, period)
    current = period_start(today, period)
    owed: date | None = None
    missed = 0
    while p <= current:
        if p not in covered:
            if owed is None:
                owed = p
            elif p < current:
                missed += 1
        p = next_period_start(p, period)
    if owed is None:
        owed = next_period_start(current, period)
    due = period_end(owed, period)
    late = (today - due).days if today > due else 0
    return DueState(owed, due, period_label(owed, period), late > 0, late, missed)
