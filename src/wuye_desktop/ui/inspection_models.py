"""Qt models of the inspection screens: the paged inspection list, the items of one inspection
(the keyboard form) and rectification items (the board and the form's follow-up table).

They follow :mod:`wuye_desktop.ui.register_model`: every query runs on the runner's database
thread, a generation counter drops superseded answers, and ``NativeRole`` carries the native
value of a cell (date, float, int) so a ``QSortFilterProxyModel`` sorts numbers as numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..domain.inspections import InspectionStatus, ItemResult, RectificationStatus
from ..tasks import TaskRunner
from .register_model import IdRole, NativeRole, native_value

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

#: result colours: the form and the list read the same at a glance
RESULT_COLORS = {ItemResult.PASS: QColor("#2e7d32"), ItemResult.FAIL: QColor("#c62828"),
                 ItemResult.NA: QColor("#757575")}
OVERDUE_BG = QColor("#fdecea")
ESCALATED_FG = QColor("#b71c1c")


def fmt_number(v: float | None) -> str:
    return "" if v is None else f"{v:.2f}".rstrip("0").rstrip(".")


def fmt_date(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


class _RowsModel(QAbstractTableModel):
    """A table over a Python list of row objects; subclasses describe the columns."""

    #: (header, display function, native function or None, right aligned)
    COLUMNS: list[tuple[str, Callable[[Any], str], Callable[[Any], Any] | None, bool]]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows_: list[Any] = []
        self.COLUMNS = []

    def headers(self) -> list[str]:
        return [c[0] for c in self.COLUMNS]

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows_ = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self.rows_[row] if 0 <= row < len(self.rows_) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows_)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY \
                and 0 <= section < len(self.COLUMNS):
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows_) \
                or not 0 <= index.column() < len(self.COLUMNS):
            return None
        obj = self.rows_[index.row()]
        _h, show, native, right = self.COLUMNS[index.column()]
        if role in (DISPLAY, TOOLTIP):
            return show(obj)
        if role == NativeRole:
            return native_value(native(obj)) if native else show(obj)
        if role == IdRole:
            return getattr(obj, "id", None) or getattr(obj, "code", None)
        if role == Qt.ItemDataRole.TextAlignmentRole and right:
            return RIGHT
        return self.style(obj, index.column(), role)

    def style(self, obj: Any, column: int, role: int) -> Any:
        return None


# --- the inspection list ---------------------------------------------------------------------


class InspectionListModel(_RowsModel):
    """Inspections matching an :class:`InspectionFilter`, newest first, paged lazily."""

    loaded = Signal()
    total_changed = Signal(int)

    def __init__(self, runner: TaskRunner, service: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.service = service
        self.filter: Any = None
        self._gen = 0
        self._more = False
        self._fetching = False
        self.total = -1
        self.COLUMNS = [
            (self.tr("Date"), lambda r: fmt_date(r.inspected_on), lambda r: r.inspected_on, False),
            (self.tr("Estate"), lambda r: r.estate_name, None, False),
            (self.tr("Building"), lambda r: r.building_number or "", None, False),
            (self.tr("Kind"), lambda r: r.kind_label, None, False),
            (self.tr("Status"), lambda r: r.status_label, None, False),
            (self.tr("Score"), lambda r: fmt_number(r.score), lambda r: r.score, True),
            (self.tr("Result"), lambda r: r.result_label, None, False),
            (self.tr("Company"), lambda r: r.company_name or "", None, False),
            (self.tr("Revision"), lambda r: str(r.revision_no), lambda r: r.revision_no, True),
            (self.tr("Re-inspection"), self._round_label, lambda r: r.round, False),
        ]

    def _round_label(self, r: Any) -> str:
        return self.tr("Round %1").replace("%1", str(r.round)) if r.reinspection_of_id else ""

    def set_filter(self, f: Any) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        self._gen += 1
        gen, f, svc = self._gen, self.filter, self.service
        self._fetching = True

        def work() -> tuple[list[Any], int] | None:
            if gen != self._gen:
                return None
            return svc.find(f, limit=PAGE), svc.count(f)

        self.runner.db(work, on_success=lambda r: self._on_first(gen, r))

    def _on_first(self, gen: int, result: tuple[list[Any], int] | None) -> None:
        if gen != self._gen or result is None:
            return
        rows, total = result
        self._fetching = False
        self._more = len(rows) == PAGE
        self.set_rows(rows)
        self.total = total
        self.total_changed.emit(total)
        self.loaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        gen, offset, f, svc = self._gen, len(self.rows_), self.filter, self.service

        def work() -> list[Any] | None:
            return None if gen != self._gen else svc.find(f, limit=PAGE, offset=offset)

        self.runner.db(work, on_success=lambda rows: self._on_page(gen, offset, rows))

    def _on_page(self, gen: int, offset: int, rows: list[Any] | None) -> None:
        if gen != self._gen or rows is None or offset != len(self.rows_):
            return
        self._fetching = False
        self._more = len(rows) == PAGE
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self.rows_.extend(rows)
            self.endInsertRows()

    def style(self, obj: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 \
                and obj.status is InspectionStatus.FINAL:
            return QBrush(RESULT_COLORS[ItemResult.PASS if obj.passed else ItemResult.FAIL])
        if role == Qt.ItemDataRole.FontRole and obj.status is InspectionStatus.DRAFT:
            f = QFont()
            f.setItalic(True)
            return f
        return None


# --- the items of one inspection ---------------------------------------------------------------


class ItemsModel(_RowsModel):
    """:class:`ItemView` rows of the form; one row is replaced after each keystroke."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.COLUMNS = [
            (self.tr("No."), lambda i: i.code, None, False),
            (self.tr("Section"), lambda i: i.section, None, False),
            (self.tr("Item"), lambda i: i.text, None, False),
            (self.tr("Points"), lambda i: fmt_number(i.max_points), lambda i: i.max_points, True),
            (self.tr("Result"), self._result, lambda i: i.result.value if i.result else "", False),
            (self.tr("Awarded"), lambda i: fmt_number(i.points), lambda i: i.points, True),
            (self.tr("Note"), lambda i: i.note or "", None, False),
            (self.tr("Photos"), lambda i: str(len(i.photos)) if i.photos else "",
             lambda i: len(i.photos), True),
        ]

    def _result(self, i: Any) -> str:
        return i.result.label if i.result else self.tr("Not yet")

    def replace(self, item: Any) -> int:
        """Swap in a fresh :class:`ItemView` (same code); returns its row or -1."""
        for n, old in enumerate(self.rows_):
            if old.code == item.code:
                self.rows_[n] = item
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(self.COLUMNS) - 1))
                return n
        return -1

    def style(self, obj: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and obj.result is not None:
            return QBrush(RESULT_COLORS[obj.result])
        if role == Qt.ItemDataRole.FontRole and column == 0 and obj.critical:
            f = QFont()
            f.setBold(True)
            return f
        if role == TOOLTIP and column == 0 and obj.critical:
            return self.tr("Critical item: failing it fails the whole inspection")
        return None


# --- rectification items -----------------------------------------------------------------------


class RectificationModel(_RowsModel):
    """:class:`RectificationInfo` rows; overdue rows are tinted, escalated ones red and bold."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.COLUMNS = [
            (self.tr("Status"), lambda r: r.display, None, False),
            (self.tr("Estate"), lambda r: r.estate_name, None, False),
            (self.tr("Building"), lambda r: r.building_number or "", None, False),
            (self.tr("Company"), lambda r: r.company_name or self.tr("(none)"), None, False),
            (self.tr("No."), lambda r: r.item_code, None, False),
            (self.tr("Problem"), lambda r: r.description, None, False),
            (self.tr("Found on"), lambda r: fmt_date(r.opened_on), lambda r: r.opened_on, False),
            (self.tr("Deadline"), lambda r: fmt_date(r.deadline), lambda r: r.deadline, False),
            (self.tr("Days overdue"), lambda r: str(r.days_overdue) if r.days_overdue else "",
             lambda r: r.days_overdue, True),
            (self.tr("Failed re-inspections"), lambda r: str(r.failed_reinspections),
             lambda r: r.failed_reinspections, True),
            (self.tr("Escalated on"), lambda r: fmt_date(r.escalated_on),
             lambda r: r.escalated_on or dt.date.min, False),
            (self.tr("Notice"), lambda r: r.notice_number or "", None, False),
        ]

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # a tuple is no QVariant: the status column sorts by its text-free key instead
        if role == NativeRole and index.isValid() and index.column() == 0 \
                and 0 <= index.row() < len(self.rows_):
            r = self.rows_[index.row()]
            return f"{r.status.value}:{100000 - r.days_overdue:06d}"
        return super().data(index, role)

    def style(self, obj: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and obj.overdue:
            return QBrush(OVERDUE_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            if obj.escalated and obj.status is RectificationStatus.OPEN:
                return QBrush(ESCALATED_FG)
            if obj.overdue and column in (0, 7, 8):
                return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.FontRole and obj.escalated \
                and obj.status is RectificationStatus.OPEN and column == 0:
            f = QFont()
            f.setBold(True)
            return f
        return None
