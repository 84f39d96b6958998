"""检查: the inspection list (paged, filtered) and, in its place, the form of one inspection.

Filters are SQL arguments of :class:`InspectionFilter` (estate, kind, draft/final, date range,
passed/failed, estate name), so the list stays fast on the 100k-inspection database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.inspections import InspectionKind, InspectionStatus
from . import ScreenSpec, ops
from .context import UiContext
from .inspection_finalise import pydate
from .inspection_form import InspectionForm
from .inspection_models import InspectionListModel
from .inspection_new import NewInspectionDialog
from .screen import Screen
from .table_model import interactive_columns

#: a date edit at this date means "no bound" (shown as its special text)
NO_DATE = QDate(2000, 1, 1)


def date_bound(edit: QDateEdit) -> date | None:
    return None if edit.date() == edit.minimumDate() else pydate(edit.date())


def optional_date_edit(placeholder: str) -> QDateEdit:
    """A date edit whose minimum means "not set" and reads as ``placeholder``."""
    ed = QDateEdit()
    ed.setCalendarPopup(True)
    ed.setDisplayFormat("yyyy-MM-dd")
    ed.setMinimumDate(NO_DATE)
    ed.setSpecialValueText(placeholder)
    ed.setDate(NO_DATE)
    return ed


class InspectionsScreen(Screen):
    """List ⇄ form in one stacked widget; 新建 (Ctrl+N) starts a new inspection."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ins = ctx.services.inspections
        self.new_dialog: NewInspectionDialog | None = None
        self._dirty = True
        self.stack = QStackedWidget()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)

        page = QWidget()
        pl = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Estate name…"))
        self.estate = QComboBox()
        self.estate.setObjectName("estate_filter")
        self.estate.setMinimumContentsLength(8)
        self.estate.addItem(self.tr("All estates"), None)
        self.kind = QComboBox()
        self.kind.setObjectName("kind_filter")
        self.kind.addItem(self.tr("All kinds"), None)
        for k in InspectionKind:
            self.kind.addItem(k.label, k.value)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.addItem(self.tr("Drafts and final"), None)
        for s in InspectionStatus:
            self.status.addItem(s.label, s.value)
        self.result = QComboBox()
        self.result.setObjectName("result_filter")
        self.result.addItem(self.tr("Passed and failed"), None)
        self.result.addItem(self.tr("Passed"), True)
        self.result.addItem(self.tr("Failed"), False)
        self.date_from = optional_date_edit(self.tr("from any date"))
        self.date_from.setObjectName("date_from")
        self.date_to = optional_date_edit(self.tr("to any date"))
        self.date_to.setObjectName("date_to")
        for w in (self.search, self.estate, self.kind, self.status, self.result):
            bar.addWidget(w)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.date_to)
        pl.addLayout(bar)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for c in (self.estate, self.kind, self.status, self.result):
            c.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(lambda _d: self._timer.start())

        self.model = InspectionListModel(ctx.runner, ctx.services, self)
        self.model.total_changed.connect(self._show_total)
        self.model.at_least.connect(self._show_at_least)
        self.table = QTableView()
        self.table.setObjectName("inspections")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        interactive_columns(self.table)
        self.table.doubleClicked.connect(lambda ix: self.open_row(ix.row()))
        pl.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.total = QLabel()
        self.total.setObjectName("total")
        foot.addWidget(self.total, 1)
        self.new_button = QPushButton(self.tr("New inspection…"))
        self.new_button.setObjectName("new")
        self.new_button.clicked.connect(self.new_record)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("open")
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentIndex().row()))
        foot.addWidget(self.new_button)
        foot.addWidget(self.open_button)
        pl.addLayout(foot)
        self.stack.addWidget(page)

        self.form = InspectionForm(ctx)
        self.form.closed.connect(self.show_list)
        self.stack.addWidget(self.form)
        ctx.runner.changed.connect(self._on_changed)

    # --- Screen hooks ----------------------------------------------------------------------

    def activate(self) -> None:
        if self._dirty:
            self._dirty = False
            self._load_estates()
            self.apply_filter()

    def new_record(self, estate_id: str | None = None, kind: InspectionKind | None = None,
                   template_code: str | None = None) -> None:
        """新建: the dialog, prefilled with an estate and the kind's checklist when a due row
        started it (检查计划)."""
        dlg = NewInspectionDialog(self.ctx, self, estate_id=estate_id, kind=kind,
                                  template_code=template_code)
        dlg.accepted.connect(lambda: self.create_inspection(dlg.values()))
        self.new_dialog = dlg
        dlg.open()

    def save(self) -> None:
        self.form.flush()

    def focus_search(self) -> None:
        self.show_list()
        self.search.setFocus()
        self.search.selectAll()

    # --- list ------------------------------------------------------------------------------

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.INSPECTIONS, Area.ESTATES, Area.COMPANIES):
            if self.isVisible() and self.stack.currentIndex() == 0:
                self.apply_filter()
            else:
                self._dirty = True

    def _load_estates(self) -> None:
        self.ctx.db(lambda op: op.services.registers.estate_choices(), on_success=self._fill_estates)

    def _fill_estates(self, estates: list[tuple[str, str]]) -> None:
        current = self.estate.currentData()
        self.estate.blockSignals(True)
        self.estate.clear()
        self.estate.addItem(self.tr("All estates"), None)
        for i, n in estates:
            self.estate.addItem(n, i)
        self.estate.setCurrentIndex(max(self.estate.findData(current), 0))
        self.estate.blockSignals(False)

    def current_filter(self) -> Any:
        from ..services.inspections import InspectionFilter

        kind, status = self.kind.currentData(), self.status.currentData()
        return InspectionFilter(
            estate_id=self.estate.currentData(),
            kind=InspectionKind(kind) if kind else None,
            status=InspectionStatus(status) if status else None,
            date_from=date_bound(self.date_from), date_to=date_bound(self.date_to),
            passed=self.result.currentData(), search=self.search.text().strip())

    def can_import(self) -> bool:
        return False  # inspections are recorded here, never imported from a register sheet

    def export_(self) -> bool:
        """导出 (Ctrl+E) on 检查: the inspection list under the current filter."""
        from .export import export_to_excel

        f = self.current_filter()
        return export_to_excel(self, self.ctx, self.tr("Inspections"),
                               lambda op, path: op.services.inspections.export_inspections(path, f))

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())

    def _show_total(self, n: int) -> None:
        self.total.setText(self.tr("%1 inspections").replace("%1", str(n)))

    def _show_at_least(self, n: int) -> None:
        self.total.setText(self.tr("At least %1 inspections (counting…)").replace("%1", str(n)))

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        if self._dirty:
            self._dirty = False
            self.apply_filter()

    # --- form ------------------------------------------------------------------------------

    def open_row(self, row: int) -> None:
        r = self.model.row_object(row)
        if r is not None:
            self.open_inspection(r.id)

    def open_inspection(self, inspection_id: str) -> None:
        self.stack.setCurrentWidget(self.form)
        self.form.load(inspection_id)

    def create_inspection(self, values: dict[str, Any]) -> None:
        self.stack.setCurrentWidget(self.form)
        self.ctx.db(ops.create_inspection(dict(values)), on_success=self.form.show_detail,
                    on_failure=self.form._error)


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("InspectionsScreen", "Inspections")
    tip = QCoreApplication.translate("InspectionsScreen", "Inspections: checklists, scores, photos")
    return [ScreenSpec("inspections", title, InspectionsScreen, order=60, tooltip=tip)]


__all__ = ["InspectionsScreen", "screens"]
