"""The GUI's write operations: each takes plain values (read from widgets on the GUI thread),
runs on the database thread with the services it receives, and returns its result together
with what it changed (:class:`~wuye_desktop.changes.Changed`), so no call site declares
changes by hand and every view refreshes from the runner's ``changed`` signal.

Reads need no wrapper: ``ctx.db(lambda op: op.services.registers.get(kind, rid), …)``.
(The services return no change sets yet; each wrapper here names the areas its call writes,
next to the call, once.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from ..changes import EVERYTHING, REGISTER_AREAS, Area, Changed, OpChanges
from ..domain.revenue import PeriodBounds
from ..services.inspections import FinaliseResult, InspectionDetail, ItemUpdate
from ..services.registers import SaveResult
from ..services.revenue import EntryInput
from ..services.schedules import RegenerateResult
from ..services.sync import SyncReport
from ..services.transfer import ImportPlan, ImportReport
from ..tasks import OpContext

T = TypeVar("T")
Op = Callable[[OpContext], Changed[T]]

INSPECTIONS = OpChanges.of(Area.INSPECTIONS)
#: finalising opens, closes and escalates rectification items as well
INSPECTIONS_AND_RECTIFICATIONS = OpChanges.of(Area.INSPECTIONS, Area.RECTIFICATIONS)
RECTIFICATIONS = OpChanges.of(Area.RECTIFICATIONS)
COMPLAINTS = OpChanges.of(Area.COMPLAINTS)
SURVEYS = OpChanges.of(Area.SURVEYS)
SELECTIONS = OpChanges.of(Area.SELECTIONS)
#: filing sets the estate's company and contract term
SELECTION_FILED = OpChanges.of(Area.SELECTIONS, Area.ESTATES)
SYNC = OpChanges.of(Area.SYNC)


def _register(kind: str) -> OpChanges:
    # A building's 单元数 makes units, and a unit changes its building's 单元数.
    if kind in ("buildings", "units"):
        return OpChanges.of(Area.BUILDINGS, Area.UNITS)
    # an estate's registration or management mode makes and replaces its schedules
    extra = (Area.SCHEDULES,) if kind == "estates" else ()
    return OpChanges.of(Area.of_register(kind), *extra)


def _table(table: str) -> OpChanges:
    area = Area.of_table(table)
    return SYNC | (OpChanges.of(area) if area is not None else OpChanges())


# --- registers -------------------------------------------------------------------------------

def save_record(kind: str, values: dict[str, Any], row_id: str | None,
                allow_blacklisted: bool = False) -> Op[SaveResult]:
    def run(op: OpContext) -> Changed[SaveResult]:
        return Changed(op.services.registers.save(kind, values, row_id, allow_blacklisted),
                       _register(kind))
    return run


def delete_record(kind: str, row_id: str) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.registers.delete(kind, row_id)
        return Changed(None, _register(kind))
    return run


def restore_deleted(kind: str, record_id: str) -> Op[str]:
    def run(op: OpContext) -> Changed[str]:
        return Changed(op.services.history.restore_deleted(kind, record_id), _register(kind))
    return run


def restore_version(kind: str, record_id: str, entry_id: str) -> Op[SaveResult]:
    def run(op: OpContext) -> Changed[SaveResult]:
        return Changed(op.services.history.restore_version(kind, record_id, entry_id),
                       _register(kind))
    return run


def apply_import(plan: ImportPlan) -> Op[ImportReport]:
    def run(op: OpContext) -> Changed[ImportReport]:
        report = op.services.transfer.apply(plan, progress=op.report, cancelled=op.cancelled)
        areas = (*REGISTER_AREAS, Area.SCHEDULES)
        return Changed(report, OpChanges.of_all(areas) if report.ok else OpChanges())
    return run


# --- inspections -----------------------------------------------------------------------------

def regenerate_schedules() -> Op[RegenerateResult]:
    def run(op: OpContext) -> Changed[RegenerateResult]:
        return Changed(op.services.schedules.regenerate(), OpChanges.of(Area.SCHEDULES))
    return run


def create_inspection(values: dict[str, Any]) -> Op[InspectionDetail]:
    def run(op: OpContext) -> Changed[InspectionDetail]:
        return Changed(op.services.inspections.create_draft(**values), INSPECTIONS)
    return run


def set_item(inspection_id: str, code: str, **kw: Any) -> Op[ItemUpdate]:
    def run(op: OpContext) -> Changed[ItemUpdate]:
        return Changed(op.services.inspections.set_item(inspection_id, code, **kw), INSPECTIONS)
    return run


def attach_photos(inspection_id: str, code: str, paths: list[Path]) -> Op[InspectionDetail]:
    def run(op: OpContext) -> Changed[InspectionDetail]:
        ins = op.services.inspections
        for p in paths:
            ins.attach_photo(inspection_id, Path(p), code)
        return Changed(ins.get(inspection_id), INSPECTIONS)
    return run


def finalise(inspection_id: str, deadlines: dict[str, date],
             requirements: dict[str, str] | None = None) -> Op[FinaliseResult]:
    def run(op: OpContext) -> Changed[FinaliseResult]:
        return Changed(op.services.inspections.finalise(inspection_id, deadlines, requirements),
                       INSPECTIONS_AND_RECTIFICATIONS)
    return run


def create_revision(inspection_id: str) -> Op[InspectionDetail]:
    def run(op: OpContext) -> Changed[InspectionDetail]:
        return Changed(op.services.inspections.create_revision(inspection_id), INSPECTIONS)
    return run


def create_reinspection(inspection_id: str, on: date) -> Op[InspectionDetail]:
    def run(op: OpContext) -> Changed[InspectionDetail]:
        return Changed(op.services.inspections.create_reinspection(inspection_id, on),
                       INSPECTIONS)
    return run


def delete_draft(inspection_id: str) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.inspections.delete_draft(inspection_id)
        return Changed(None, INSPECTIONS)
    return run


def set_deadline(rect_id: str, deadline: date) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.inspections.set_deadline(rect_id, deadline)
        return Changed(None, RECTIFICATIONS)
    return run


def mark_rectified(rect_id: str, on: date, note: str) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.inspections.mark_rectified(rect_id, on, note)
        return Changed(None, RECTIFICATIONS)
    return run


# --- complaints and surveys -----------------------------------------------------------------

def record_complaint(values: dict[str, Any]) -> Op[str]:
    """values: ``ComplaintService.record``'s arguments by name."""
    def run(op: OpContext) -> Changed[str]:
        return Changed(op.services.complaints.record(**values), COMPLAINTS)
    return run


def assign_complaint(complaint_id: str, company_id: str | None, responsible: str | None,
                     deadline: date | None) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.complaints.assign(complaint_id, company_id, responsible, deadline)
        return Changed(None, COMPLAINTS)
    return run


def respond_complaint(complaint_id: str, text: str | None) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.complaints.respond(complaint_id, op.services.clock.now(), text)
        return Changed(None, COMPLAINTS)
    return run


def close_complaint(complaint_id: str, satisfied: bool | None, result: str | None) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.complaints.close(complaint_id, op.services.clock.now(), satisfied, result)
        return Changed(None, COMPLAINTS)
    return run


def record_survey(kind: str, values: dict[str, Any]) -> Op[Any]:
    """kind "satisfaction" or "willingness"; values: the service method's arguments by name."""
    def run(op: OpContext) -> Changed[Any]:
        sv = op.services.surveys
        fn = sv.record_satisfaction if kind == "satisfaction" else sv.record_willingness
        return Changed(fn(**values), SURVEYS)
    return run


def survey_action_done(survey_id: str, on: date, note: str | None) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.surveys.mark_action_done(survey_id, on, note)
        return Changed(None, SURVEYS)
    return run


def survey_action_reopen(survey_id: str) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.surveys.reopen_action(survey_id)
        return Changed(None, SURVEYS)
    return run


def selection_step(step: str, *args: Any) -> Op[Any]:
    """One step of a 物业选聘 (``SelectionService`` method ``step``: start, add_candidate,
    remove_candidate, evaluate, result, file) with plain arguments."""
    if step not in ("start", "add_candidate", "remove_candidate", "evaluate", "result", "file"):
        raise ValueError(step)

    def run(op: OpContext) -> Changed[Any]:
        result = getattr(op.services.selections, step)(*args)
        return Changed(result, SELECTION_FILED if step == "file" else SELECTIONS)
    return run


# --- sync ------------------------------------------------------------------------------------

def sync_run(op: OpContext) -> Changed[SyncReport]:
    """Push then pull (network lane): a pull may bring rows of every table."""
    return Changed(op.services.sync.run(), EVERYTHING)


def resolve_conflict(table: str, row_id: str, choices: dict[str, Any]) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.sync.resolve(table, row_id, choices)
        return Changed(None, _table(table))
    return run


def retry_rejected(table: str, op_id: str, edits: dict[str, Any]) -> Op[str]:
    def run(op: OpContext) -> Changed[str]:
        return Changed(op.services.sync.retry(op_id, edits), _table(table))
    return run


def discard_rejected(op_id: str) -> Op[None]:
    def run(op: OpContext) -> Changed[None]:
        op.services.sync.discard(op_id)
        return Changed(None, SYNC)
    return run


# --- the community office ------------------------------------------------------------------

def update_office(office: str, address: str, phone: str, contact: str) -> Op[Any]:
    """The issuing office's name, address, phone and contact (the community row is synced)."""
    def run(op: OpContext) -> Changed[Any]:
        return Changed(op.services.registers.update_office(
            office=office, address=address, phone=phone, contact=contact), SYNC)
    return run


# --- public revenue (公共收益) -------------------------------------------------------------------

REVENUE = OpChanges.of(Area.REVENUE)


def save_revenue_entry(entry_id: str | None, entry: EntryInput) -> Op[str]:
    """Add (``entry_id`` None) or replace a ledger entry; the result is its id."""
    def work(op: OpContext) -> Changed[str]:
        if entry_id is None:
            return Changed(op.services.revenue.add_entry(entry), REVENUE)
        op.services.revenue.update_entry(entry_id, entry)
        return Changed(entry_id, REVENUE)
    return work


def delete_revenue_entry(entry_id: str) -> Op[None]:
    def work(op: OpContext) -> Changed[None]:
        op.services.revenue.delete_entry(entry_id)
        return Changed(None, REVENUE)
    return work


def record_revenue_posting(estate_id: str, period: PeriodBounds, building_ids: list[str],
                           posted_by: str, photo: Path | None) -> Op[str]:
    def work(op: OpContext) -> Changed[str]:
        return Changed(op.services.revenue.record_posting(estate_id, period, building_ids,
                                                          posted_by=posted_by, photo=photo), REVENUE)
    return work


def import_revenue_ledger(path: Path) -> Op[tuple[int, int]]:
    """(added, already booked) of a 公共收益台账 sheet."""
    def work(op: OpContext) -> Changed[tuple[int, int]]:
        return Changed(op.services.revenue.import_ledger(path), REVENUE)
    return work
# --- 维修资金 ---------------------------------------------------------------------------------

FUND = OpChanges.of(Area.FUND)


def fund_op(method: str, *args: Any, **kwargs: Any) -> Op[Any]:
    """``FundService.<method>(*args, **kwargs)`` (add, advance, record_vote, add_photos, settle,
    import_file)
    on the database thread; every one of them changes the applications only."""
    def run(op: OpContext) -> Changed[Any]:
        return Changed(getattr(op.services.fund, method)(*args, **kwargs), FUND)
    return run
