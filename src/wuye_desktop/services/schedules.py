"""Recurring inspections per estate, made by the rule table, and the due list they produce.

The rule table (:data:`~wuye_desktop.domain.schedules.DEFAULT_RULES`, or the one the county
publishes as reference data, a ``templates`` document of kind ``schedule_rules``) gives each
estate its schedules when it is registered or its management mode changes
(:meth:`ScheduleService.apply_rules`, called by the register service in the same transaction),
and :meth:`ScheduleService.regenerate` brings every estate in line (idempotent). Kinds the rule
table does not govern (a routine patrol a worker schedules by hand) are left alone.

A period counts as done when a finalised, original (not re-inspection) inspection of the
schedule's kind took place in it. Removed estates have no due rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import Clock, SystemClock
from ..domain.enums import ManagementMode
from ..domain.fields import SCHEDULE_EXPORT
from ..domain.inspections import InspectionError, InspectionKind, InspectionStatus
from ..domain.schedules import (
    DEFAULT_RULES,
    RULES_DOCUMENT_KIND,
    DueState,
    Period,
    ScheduleRule,
    ScheduleRuleError,
    due_state,
    governed_kinds,
    missed_text,
    parse_rules,
    rules_for,
    status_text,
)
from ..storage.db import Database
from ..storage.models import Estate
from ..storage.models_inspection import Inspection, InspectionSchedule, InspectionTemplate
from ..storage.models_sync import newest_document
from ..storage.tabular import write_registers
from ..storage.types import new_id, utcnow
from .inspection_templates import TemplateService

log = logging.getLogger(__name__)

#: ``Session.info`` key of the rule table and template codes read once per transaction
_CACHE = "schedule_rules"
#: where the rule table came from when the county published none
DEFAULT_SOURCE = "默认规则"


@dataclass
class ScheduleInfo:
    id: str
    estate_id: str
    estate_name: str
    management_mode: ManagementMode | None
    kind: InspectionKind
    kind_label: str
    template_code: str
    period: Period
    period_label: str
    start_on: date
    active: bool


@dataclass
class DueItem:
    """A row of the due list: the current period of one schedule."""

    schedule: ScheduleInfo
    state: DueState
    last_done: date | None
    today: date

    @property
    def status_label(self) -> str:
        return status_text(self.state, self.today)

    @property
    def missed_label(self) -> str:
        return missed_text(self.state.missed_periods)


@dataclass(frozen=True)
class RuleTable:
    """The rules in force and where they came from (``problem``: why the county's were not used)."""

    rules: tuple[ScheduleRule, ...]
    source: str
    problem: str = ""


@dataclass(frozen=True)
class RegenerateResult:
    added: int
    removed: int
    changed: int

    @property
    def total(self) -> int:
        return self.added + self.removed + self.changed


def county_rule_table(s: Session) -> RuleTable:
    """The county's published rule table (newest received), or the defaults."""
    doc = newest_document(s, RULES_DOCUMENT_KIND)
    if doc is None:
        return RuleTable(DEFAULT_RULES, DEFAULT_SOURCE)
    name = str(doc.data.get("name") or "检查计划规则")
    try:
        return RuleTable(parse_rules(doc.data), f"县级发布：{name}（第{doc.version or 1}版）")
    except ScheduleRuleError as exc:
        log.warning("county schedule rules unusable: %s", exc)
        return RuleTable(DEFAULT_RULES, DEFAULT_SOURCE, exc.with_hint())


class ScheduleService:
    """Schedules, the rule table that makes them, and the due list."""

    def __init__(self, db: Database, templates: TemplateService, clock: Clock | None = None) -> None:
        self.db = db
        self.templates = templates
        self.clock: Clock = clock if clock is not None else SystemClock()

    # --- the rule table ----------------------------------------------------------------------

    def rule_table(self) -> RuleTable:
        with self.db.session() as s:
            return county_rule_table(s)

    def apply_rules(self, s: Session, estate_id: str, mode: ManagementMode, today: date,
                    table: RuleTable | None = None, created: bool = False) -> RegenerateResult:
        """Give one estate the schedules its mode calls for, inside the caller's transaction:
        missing ones are added (starting today), ones of a governed kind the mode no longer
        calls for are removed, a changed period is taken over. Running it twice changes nothing."""
        cached = s.info.get(_CACHE)
        if cached is None:  # once per transaction: an import registers thousands of estates
            cached = s.info[_CACHE] = (county_rule_table(s), _template_codes(s))
        table = table or cached[0]
        governed = governed_kinds(table.rules) | governed_kinds(DEFAULT_RULES)
        codes, by_kind = cached[1]
        wanted: dict[InspectionKind, tuple[ScheduleRule, str]] = {}
        for rule in rules_for(mode, table.rules):
            code = rule.template_code if rule.template_code in codes else by_kind.get(rule.kind)
            if code is not None:
                wanted[rule.kind] = (rule, code)
        have: dict[InspectionKind, InspectionSchedule] = {}
        if not created:
            have = {r.kind: r for r in s.scalars(select(InspectionSchedule).where(
                InspectionSchedule.estate_id == estate_id, InspectionSchedule.deleted_at.is_(None)))}
        added = removed = changed = 0
        for kind, old in have.items():
            if kind in governed and kind not in wanted:
                old.deleted_at = utcnow()
                removed += 1
        for kind, (rule, code) in wanted.items():
            row = have.get(kind)
            if row is None:
                s.add(InspectionSchedule(id=new_id(), estate_id=estate_id, kind=kind,
                                         period=rule.period, start_on=today, template_code=code,
                                         active=True))
                added += 1
            elif row.period is not rule.period:
                row.period = rule.period
                changed += 1
        return RegenerateResult(added, removed, changed)

    def regenerate(self, today: date | None = None) -> RegenerateResult:
        """Bring every live estate's schedules in line with the rule table (idempotent)."""
        today = today or self.clock.today()
        added = removed = changed = 0
        with self.db.unit_of_work() as s:
            table = county_rule_table(s)
            estates = list(s.execute(select(Estate.id, Estate.management_mode)
                                     .where(Estate.deleted_at.is_(None))))
            for eid, mode in estates:
                r = self.apply_rules(s, eid, mode, today, table)
                added, removed, changed = added + r.added, removed + r.removed, changed + r.changed
        return RegenerateResult(added, removed, changed)

    # --- schedules by hand -------------------------------------------------------------------

    def set_schedule(self, estate_id: str, kind: InspectionKind, period: Period, start_on: date,
                     template_code: str | None = None, active: bool = True) -> str:
        """Create or change the estate's schedule of this kind; returns its id."""
        code = template_code
        if code is None:
            t = self.templates.for_kind(kind)
            if t is None:
                raise InspectionError(f"没有“{kind.label}”类型的检查模板，请先导入模板。")
            code = t.code
        with self.db.unit_of_work() as s:
            row = s.scalar(select(InspectionSchedule).where(
                InspectionSchedule.estate_id == estate_id, InspectionSchedule.kind == kind,
                InspectionSchedule.deleted_at.is_(None)))
            if row is None:
                row = InspectionSchedule(estate_id=estate_id, kind=kind)
                s.add(row)
            row.period, row.start_on, row.template_code, row.active = period, start_on, code, active
            s.flush()
            return row.id

    def remove(self, schedule_id: str) -> None:
        with self.db.unit_of_work() as s:
            row = s.get(InspectionSchedule, schedule_id)
            if row is not None:
                row.deleted_at = utcnow()

    # --- reading -----------------------------------------------------------------------------

    def find(self, estate_id: str | None = None) -> list[ScheduleInfo]:
        q = (select(InspectionSchedule, Estate.name, Estate.management_mode)
             .join(Estate, Estate.id == InspectionSchedule.estate_id)
             .where(InspectionSchedule.deleted_at.is_(None), Estate.deleted_at.is_(None))
             .order_by(Estate.name, InspectionSchedule.kind))
        if estate_id:
            q = q.where(InspectionSchedule.estate_id == estate_id)
        with self.db.session() as s:
            return [ScheduleInfo(r.id, r.estate_id, en, mode, r.kind, r.kind.label, r.template_code,
                                 r.period, r.period.label, r.start_on, r.active)
                    for r, en, mode in s.execute(q)]

    def due_list(self, today: date | None = None, pending_only: bool = False,
                 estate_id: str | None = None) -> list[DueItem]:
        """The current period of every active schedule of a live estate: behind first (longest
        first), then what is still to do by due date, then what is done this period."""
        today = today or self.clock.today()
        scheds = [x for x in self.find(estate_id) if x.active]
        with self.db.session() as s:
            done: dict[tuple[str, InspectionKind], list[date]] = {}
            q = select(Inspection.estate_id, Inspection.kind, Inspection.inspected_on).where(
                Inspection.status == InspectionStatus.FINAL, Inspection.reinspection_of_id.is_(None),
                Inspection.deleted_at.is_(None), Inspection.inspected_on <= today)
            for eid, kind, d in s.execute(q):
                done.setdefault((eid, kind), []).append(d)
        out = []
        for sc in scheds:
            dates = done.get((sc.estate_id, sc.kind), [])
            st = due_state(sc.start_on, sc.period, dates, today)
            if not (pending_only and st.done):
                out.append(DueItem(sc, st, max(dates) if dates else None, today))
        out.sort(key=lambda d: (d.state.done, not d.state.behind, -d.state.days_behind, d.state.due,
                                d.schedule.estate_name, d.schedule.kind_label))
        return out

    def export(self, path: Path, today: date | None = None, pending_only: bool = False) -> int:
        """The due list to an .xlsx file (sheet 到期检查); returns the number of rows."""
        rows = [{"estate": d.schedule.estate_name, "kind": d.schedule.kind_label,
                 "every": d.schedule.period_label, "period": d.state.label, "due": d.state.due,
                 "status": d.status_label, "missed": d.state.missed_periods,
                 "last_done": d.last_done} for d in self.due_list(today, pending_only)]
        write_registers(Path(path), [(SCHEDULE_EXPORT, rows)])
        return len(rows)


def _template_codes(s: Session) -> tuple[set[str], dict[InspectionKind, str]]:
    """Live template codes, and per kind the first code of that kind (a county rule may name a
    template this device does not have yet: the schedule then starts from one of its kind)."""
    codes: set[str] = set()
    by_kind: dict[InspectionKind, str] = {}
    rows = s.execute(select(InspectionTemplate.template_code, InspectionTemplate.kind)
                     .where(InspectionTemplate.deleted_at.is_(None))
                     .order_by(InspectionTemplate.template_code))
    for code, kind in rows:
        codes.add(code)
        by_kind.setdefault(kind, code)
    return codes, by_kind
