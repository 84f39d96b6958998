"""Recurring inspections: the rule table, calendar periods and the state of the current period.

The rule table says which estates owe which recurring inspection: by management mode (准物业 a
quarterly assessment, 专业化物业 an annual one) and for every estate (a monthly fire-safety
check). The defaults are :data:`DEFAULT_RULES`; a county may publish its own table as reference
data (:func:`parse_rules` reads it). A schedule is owed once per period (month, quarter, half
year, year). The due list shows the *current* period only: done when a finalised inspection of
the kind took place in it, else due by its last day; earlier periods that went without one are
counted (``missed_periods``), and the schedule is *behind* while the period just before the
current one went without one and the current one is not done yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .enums import LabeledEnum, ManagementMode
from .errors import UserError
from .inspections import InspectionKind


class Period(LabeledEnum):
    MONTHLY = "monthly", "每月", "月度"
    QUARTERLY = "quarterly", "每季度", "季度", "按季度"
    HALF_YEARLY = "half_yearly", "每半年", "半年"
    YEARLY = "yearly", "每年", "年度", "按年"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}[self.value]


class ScheduleRuleError(UserError):
    """The county's rule table cannot be read; the message says which rule and why."""

    hint = "请联系县住建部门重新发布检查计划规则；在此之前按默认规则生成检查计划。"


#: the ``kind`` of the county reference document that carries the rule table
RULES_DOCUMENT_KIND = "schedule_rules"
#: how a rule that applies to every estate names its mode
EVERY_MODE = "全部"


@dataclass(frozen=True, slots=True)
class ScheduleRule:
    """Estates of ``mode`` (every estate when None) owe a ``kind`` inspection each ``period``."""

    mode: ManagementMode | None
    kind: InspectionKind
    period: Period
    #: the checklist template the schedule starts from (a built-in or county template code)
    template_code: str

    def applies_to(self, mode: ManagementMode) -> bool:
        return self.mode is None or self.mode is mode

    @property
    def mode_label(self) -> str:
        return self.mode.label if self.mode is not None else EVERY_MODE


#: The standing rule table: quasi-property estates quarterly, professional ones yearly, a fire
#: safety check of every estate each month.
DEFAULT_RULES: tuple[ScheduleRule, ...] = (
    ScheduleRule(ManagementMode.QUASI, InspectionKind.QUARTERLY, Period.QUARTERLY, "quasi-quarterly"),
    ScheduleRule(ManagementMode.PROFESSIONAL, InspectionKind.ANNUAL, Period.YEARLY,
                 "professional-annual"),
    ScheduleRule(None, InspectionKind.FIRE_SAFETY, Period.MONTHLY, "fire-safety"),
)


def rules_for(mode: ManagementMode, rules: Iterable[ScheduleRule]) -> list[ScheduleRule]:
    """The rules an estate of ``mode`` falls under, one per inspection kind (the first wins)."""
    out: dict[InspectionKind, ScheduleRule] = {}
    for r in rules:
        if r.applies_to(mode) and r.kind not in out:
            out[r.kind] = r
    return list(out.values())


def governed_kinds(rules: Iterable[ScheduleRule]) -> frozenset[InspectionKind]:
    """Kinds whose schedules the rule table makes and replaces (others are left to people)."""
    return frozenset(r.kind for r in rules)


def main_kind(mode: ManagementMode, rules: Iterable[ScheduleRule] = DEFAULT_RULES,
              ) -> InspectionKind | None:
    """The assessment an estate of ``mode`` owes by its mode (not the every-estate checks)."""
    return next((r.kind for r in rules if r.mode is mode), None)


def parse_rules(doc: Mapping[str, Any]) -> tuple[ScheduleRule, ...]:
    """The rule table of a county document ``{"rules": [{"mode", "kind", "period", "template"}]}``.

    Modes, kinds and periods may be codes or Chinese labels (准物业, 季度考核, 每季度); mode 全部
    (or no mode) is every estate. Raises :class:`ScheduleRuleError` naming the first bad rule.
    """
    items = doc.get("rules")
    if not isinstance(items, list) or not items:
        raise ScheduleRuleError("县里发布的检查计划规则中没有任何规则（rules）。")
    out: list[ScheduleRule] = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, Mapping):
            raise ScheduleRuleError(f"检查计划规则第{n}条格式不对：每条规则应写明管理模式、检查类型和周期。")
        mode_text = str(item.get("mode") or EVERY_MODE).strip()
        mode = None if mode_text in (EVERY_MODE, "all", "*") else ManagementMode.parse(mode_text)
        kind = InspectionKind.parse(str(item.get("kind") or ""))
        period = Period.parse(str(item.get("period") or ""))
        if mode is None and mode_text not in (EVERY_MODE, "all", "*"):
            raise ScheduleRuleError(f"检查计划规则第{n}条的管理模式“{mode_text}”不认识；可用："
                                    f"{'、'.join(ManagementMode.labels())}或{EVERY_MODE}。")
        if kind is None:
            raise ScheduleRuleError(f"检查计划规则第{n}条的检查类型“{item.get('kind') or ''}”不认识；"
                                    f"可用：{'、'.join(InspectionKind.labels())}。")
        if period is None:
            raise ScheduleRuleError(f"检查计划规则第{n}条的周期“{item.get('period') or ''}”不认识；"
                                    f"可用：{'、'.join(Period.labels())}。")
        default = next((r.template_code for r in DEFAULT_RULES if r.kind is kind), "")
        out.append(ScheduleRule(mode, kind, period, str(item.get("template") or default).strip()))
    return tuple(out)


def period_start(d: date, period: Period) -> date:
    m = ((d.month - 1) // period.months) * period.months + 1
    return date(d.year, m, 1)


def next_period_start(start: date, period: Period) -> date:
    total = start.year * 12 + start.month - 1 + period.months
    return date(total // 12, total % 12 + 1, 1)


def previous_period_start(start: date, period: Period) -> date:
    total = start.year * 12 + start.month - 1 - period.months
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
    """The current period of one schedule as of ``today``."""

    period_start: date
    #: the last day of the current period
    due: date
    label: str
    #: the latest inspection in the current period (None: not done yet)
    done_on: date | None
    #: earlier periods since the schedule started that went without an inspection
    missed_periods: int
    #: the period before the current one went without one and the current one is not done
    behind: bool
    #: days since the end of that missed previous period (0 unless ``behind``)
    days_behind: int

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def days_left(self, today: date) -> int:
        return (self.due - today).days


def due_state(start: date, period: Period, done_dates: Iterable[date], today: date) -> DueState:
    """The current period of a schedule that started on ``start``: done, or due by its end."""
    current = period_start(today, period)
    in_current = [d for d in done_dates if period_start(d, period) == current]
    covered = {period_start(d, period) for d in done_dates}
    first = period_start(start, period)
    missed, p = 0, first
    while p < current:
        if p not in covered:
            missed += 1
        p = next_period_start(p, period)
    previous = previous_period_start(current, period)
    behind = not in_current and first <= previous and previous not in covered
    days = (today - period_end(previous, period)).days if behind else 0
    return DueState(current, period_end(current, period), period_label(current, period),
                    max(in_current) if in_current else None, missed, behind, days)


def missed_text(missed: int) -> str:
    """另有N期未检查 — how the earlier periods without an inspection read in the due list."""
    return f"另有{missed}期未检查" if missed else ""


def status_text(state: DueState, today: date) -> str:
    """How the current period reads: done on a date, behind, or due in N days."""
    if state.done_on is not None:
        return f"本期已检查（{state.done_on.isoformat()}）"
    left = state.days_left(today)
    when = "今天到期" if left == 0 else f"{left}天后到期"
    if state.behind:
        return f"上期未检查，本期{when}"
    return f"待检查，{when}"
