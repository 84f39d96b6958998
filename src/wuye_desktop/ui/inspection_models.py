"""Qt models of the inspection screens: the paged inspection list, the items of one inspection
(the keyboard form) and rectification items (the board and the form's follow-up table).

All are :mod:`~wuye_desktop.ui.table_model` models with a column spec; ``NativeRole`` carries
the native value of a cell (date, float, int) so a ``QSortFilterProxyModel`` sorts numbers as
numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from ..domain.inspections import InspectionStatus, ItemResult, RectificationStatus
from ..services.inspections import InspectionFilter, InspectionSummary, ItemView, RectificationInfo
from ..tasks import TaskRunner
from . import style
from .table_model import (
    COUNT_DELAY_MS,
    DISPLAY,
    TOOLTIP,
    Column,
    CountQuery,
    NativeRole,
    PagedModel,
    PageQuery,
    RowsModel,
)

if TYPE_CHECKING:
    from ..services.context import Services

Index = QModelIndex | QPersistentModelIndex

#: result colours: the form and the list read the same at a glance
RESULT_TONES = {ItemResult.PASS: style.Tone.OK, ItemResult.FAIL: style.Tone.ERROR,
                ItemResult.NA: style.Tone.NA}


def fmt_number(v: float | None) -> str:
    return "" if v is None else f"{v:.2f}".rstrip("0").rstrip(".")


def fmt_date(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _font(*, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont()
    f.setBold(bold)
    f.setItalic(italic)
    return f


# --- the inspection list ---------------------------------------------------------------------


class InspectionListModel(PagedModel[InspectionSummary]):
    """Inspections matching an :class:`InspectionFilter`, newest first, paged lazily. The
    count waits for typing to pause (it reads every match; the first page reads 200)."""

    count_delay_ms = COUNT_DELAY_MS

    def __init__(self, runner: TaskRunner, services: Services, parent: QObject | None = None) -> None:
        super().__init__(runner, services, parent=parent)
        self.filter: InspectionFilter | None = None
        self.columns = [
            Column("date", self.tr("Date"), lambda r: fmt_date(r.inspected_on), lambda r: r.inspected_on),
            Column("estate", self.tr("Estate"), lambda r: r.estate_name),
            Column("building", self.tr("Building"), lambda r: r.building_number or ""),
            Column("kind", self.tr("Kind"), lambda r: r.kind_label),
            Column("status", self.tr("Status"), lambda r: r.status_label),
            Column("score", self.tr("Score"), lambda r: fmt_number(r.score), lambda r: r.score, right=True),
            Column("result", self.tr("Result"), lambda r: r.result_label),
            Column("company", self.tr("Company"), lambda r: r.company_name or ""),
            Column("revision", self.tr("Revision"), lambda r: str(r.revision_no), lambda r: r.revision_no,
                   right=True),
            Column("round", self.tr("Re-inspection"), self._round_label, lambda r: r.round),
        ]

    def _round_label(self, r: InspectionSummary) -> str:
        return self.tr("Round %1").replace("%1", str(r.round)) if r.reinspection_of_id else ""

    def set_filter(self, f: InspectionFilter) -> None:
        self.filter = f
        self.reload()

    def page_query(self) -> PageQuery[InspectionSummary]:
        f = self.filter
        return lambda op, at, limit: op.services.inspections.find(f, limit=limit, after=at.last)

    def count_query(self) -> CountQuery:
        f = self.filter
        return lambda op: op.services.inspections.count(f)

    def style(self, obj: InspectionSummary, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == "result" \
                and obj.status is InspectionStatus.FINAL:
            return RESULT_TONES[ItemResult.PASS if obj.passed else ItemResult.FAIL].brush()
        if role == Qt.ItemDataRole.FontRole and obj.status is InspectionStatus.DRAFT:
            return _font(italic=True)
        return None


# --- the items of one inspection ---------------------------------------------------------------


class ItemsModel(RowsModel[ItemView]):
    """:class:`ItemView` rows of the form; one row is replaced after each keystroke."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.columns = [
            Column("code", self.tr("No."), lambda i: i.code),
            Column("section", self.tr("Section"), lambda i: i.section),
            Column("text", self.tr("Item"), lambda i: i.text),
            Column("max_points", self.tr("Points"), lambda i: fmt_number(i.max_points),
                   lambda i: i.max_points, right=True),
            Column("result", self.tr("Result"), self._result, lambda i: i.result.value if i.result else ""),
            Column("points", self.tr("Awarded"), lambda i: fmt_number(i.points), lambda i: i.points,
                   right=True),
            Column("note", self.tr("Note"), lambda i: i.note or ""),
            Column("photos", self.tr("Photos"), lambda i: str(len(i.photos)) if i.photos else "",
                   lambda i: len(i.photos), right=True),
        ]

    def _result(self, i: ItemView) -> str:
        return i.result.label if i.result else self.tr("Not yet")

    def replace(self, item: ItemView) -> int:
        """Swap in a fresh :class:`ItemView` (same code); returns its row or -1."""
        for n, old in enumerate(self.rows_):
            if old.code == item.code:
                self.rows_[n] = item
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(self.columns) - 1))
                return n
        return -1

    def style(self, obj: ItemView, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == "result" and obj.result is not None:
            return RESULT_TONES[obj.result].brush()
        if role == Qt.ItemDataRole.FontRole and column == "code" and obj.critical:
            return _font(bold=True)
        if role == TOOLTIP and column == "code" and obj.critical:
            return self.tr("Critical item: failing it fails the whole inspection")
        return None


# --- rectification items -----------------------------------------------------------------------


class RectificationModel(RowsModel[RectificationInfo]):
    """:class:`RectificationInfo` rows; overdue rows are tinted, escalated ones red and bold."""

    #: columns shown red when the item is overdue
    OVERDUE_RED = frozenset({"status", "deadline", "days_overdue"})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.columns = [
            Column("status", self.tr("Status"), lambda r: r.display),
            Column("estate", self.tr("Estate"), lambda r: r.estate_name),
            Column("building", self.tr("Building"), lambda r: r.building_number or ""),
            Column("company", self.tr("Company"), lambda r: r.company_name or self.tr("(none)")),
            Column("item_code", self.tr("No."), lambda r: r.item_code),
            Column("problem", self.tr("Problem"), lambda r: r.description),
            Column("opened_on", self.tr("Found on"), lambda r: fmt_date(r.opened_on), lambda r: r.opened_on),
            Column("deadline", self.tr("Deadline"), lambda r: fmt_date(r.deadline), lambda r: r.deadline),
            Column("days_overdue", self.tr("Days overdue"),
                   lambda r: str(r.days_overdue) if r.days_overdue else "", lambda r: r.days_overdue,
                   right=True),
            Column("failed_reinspections", self.tr("Failed re-inspections"),
                   lambda r: str(r.failed_reinspections), lambda r: r.failed_reinspections, right=True),
            Column("escalated_on", self.tr("Escalated on"), lambda r: fmt_date(r.escalated_on),
                   lambda r: r.escalated_on or dt.date.min),
            Column("notice", self.tr("Notice"), lambda r: r.notice_number or ""),
        ]

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # a tuple is no QVariant: the status column sorts by its text-free key instead
        if role == NativeRole and index.isValid() and index.column() == self.column("status") \
                and 0 <= index.row() < len(self.rows_):
            r = self.rows_[index.row()]
            return f"{r.status.value}:{100000 - r.days_overdue:06d}"
        return super().data(index, role)

    def style(self, obj: RectificationInfo, column: str, role: int) -> Any:
        open_escalated = obj.escalated and obj.status is RectificationStatus.OPEN
        if role == Qt.ItemDataRole.BackgroundRole and obj.overdue:
            return QBrush(style.OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if open_escalated:
                return style.Tone.SEVERE.brush()
            if obj.overdue and column in self.OVERDUE_RED:
                return style.Tone.ERROR.brush()
        if role == Qt.ItemDataRole.FontRole and open_escalated and column == "status":
            return _font(bold=True)
        return None


__all__ = ["InspectionListModel", "ItemsModel", "RectificationModel", "fmt_date", "fmt_number"]
