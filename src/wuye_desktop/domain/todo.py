"""待办: what needs the community worker soon, one list across the registers and the records.

Which things count and how far ahead to look are rules of the office's work, kept here:
overdue rectification items, complaints past their deadline, survey follow-ups (the 整改承诺书
and the like) past their deadline or due within :data:`FOLLOW_UP_DAYS`, recurring inspections
of the current period not done yet whose period ends within :data:`SCHEDULE_DAYS` or whose
previous period was missed too (see :mod:`wuye_desktop.domain.schedules`), building-lead and
committee terms that ended or end within :data:`TERM_DAYS`, service contracts that end within
:data:`CONTRACT_DAYS`, and company credit grades that are not the county's (kept from an older
register: due today, so they are corrected).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .enums import LabeledEnum

#: look this many days ahead for ending terms (building leads, owners' committees)
TERM_DAYS = 30
#: look this many days ahead for ending property service contracts
CONTRACT_DAYS = 90
#: look this many days ahead for a survey's pending follow-up (the pledge's deadline)
FOLLOW_UP_DAYS = 14
#: look this many days ahead for the end of a recurring inspection's period (a monthly check
#: is always in view; a quarterly or annual one from its last six weeks, or at once when the
#: period before it went without one)
SCHEDULE_DAYS = 45


class TodoKind(LabeledEnum):
    """What a row is about; the code doubles as the key of the screen where it is done."""

    RECTIFICATION = "rectifications", "整改逾期"
    COMPLAINT = "complaints", "投诉超期"
    SURVEY = "surveys", "调查处置"
    SCHEDULE = "schedules", "到期检查"
    LEAD_TERM = "leads", "楼长任期"
    COMMITTEE_TERM = "committees", "业委会任期"
    CONTRACT = "estates", "物业服务合同"
    #: a grade kept from an older free-text register that is not one of the county's grades
    CREDIT_GRADE = "companies", "信用等级待改正"


@dataclass(frozen=True, slots=True)
class TodoItem:
    kind: TodoKind
    #: the record to open on that screen
    record_id: str
    #: what it is about (estate, building, name)
    subject: str
    #: what is due, in a few words
    what: str
    due: date
    #: days past ``due`` (negative: days left)
    days_late: int

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def screen(self) -> str:
        return self.kind.value


def ending_within(end: date | None, today: date, days: int) -> bool:
    """Ended already, or ends within ``days`` days from today (inclusive)."""
    return end is not None and (end - today).days <= days


def when_text(due: date, today: date) -> str:
    """逾期N天 / 今天到期 / N天后到期 — how a due date reads in the list."""
    n = (today - due).days
    if n > 0:
        return f"已过{n}天"
    if n == 0:
        return "今天到期"
    return f"{-n}天后到期"


def sort_key(item: TodoItem) -> tuple[int, int, str]:
    """Most overdue first, then what is due soonest."""
    return (0 if item.overdue else 1, -item.days_late, item.subject)
