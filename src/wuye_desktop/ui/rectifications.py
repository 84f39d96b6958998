"""整改: the rectification board — open, overdue and escalated items by estate and by company —
and the overdue count on the sidebar.

Rows come from ``InspectionService.rectifications`` (at most a few thousand open items in a
community), so the board holds them all and a proxy sorts them natively (``NativeRole``);
sorting by company or estate groups them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.errors import UserError
from ..domain.inspections import RectificationStatus
from ..tasks import OpContext
from . import ScreenSpec, ops, style
from .choices import load_estate_company_choices
from .context import UiContext
from .inspection_finalise import pydate, qdate
from .inspection_models import RectificationModel
from .screen import Screen
from .table_model import NativeRole


def status_choices() -> list[tuple[str, str | None]]:
    return [(QCoreApplication.translate("RectificationsScreen", "Open items"), "open"),
            (QCoreApplication.translate("RectificationsScreen", "Overdue"), "overdue"),
            (QCoreApplication.translate("RectificationsScreen", "Escalated"), "escalated"),
            (QCoreApplication.translate("RectificationsScreen", "Rectified"), "rectified"),
            (QCoreApplication.translate("RectificationsScreen", "All"), None)]


class RectificationsScreen(Screen):
    """Filters on top, the board on the left, the selected item on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ins = ctx.services.inspections
        self._dirty = True
        self._gen = 0
        self._want: str | None = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        for text, code in status_choices():
            self.status.addItem(text, code)
        self.estate = QComboBox()
        self.estate.setObjectName("estate_filter")
        self.estate.addItem(self.tr("All estates"), None)
        self.company = QComboBox()
        self.company.setObjectName("company_filter")
        self.company.addItem(self.tr("All companies"), None)
        self.group = QComboBox()
        self.group.setObjectName("group")
        self.group.addItem(self.tr("Overdue first"), None)
        self.group.addItem(self.tr("Group by estate"), 1)
        self.group.addItem(self.tr("Group by company"), 3)
        for w in (self.status, self.estate, self.company, self.group):
            bar.addWidget(w)
        bar.addStretch(1)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        style.apply(self.counts, style.Look.STRONG)
        bar.addWidget(self.counts)
        lay.addLayout(bar)
        for c in (self.status, self.estate, self.company):
            c.currentIndexChanged.connect(lambda _i: self.reload())
        self.group.currentIndexChanged.connect(lambda _i: self._apply_group())

        self.model = RectificationModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(NativeRole)
        self.table = QTableView()
        self.table.setObjectName("board")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        side = QFrame()
        side.setMinimumWidth(330)
        sl = QVBoxLayout(side)
        self.what = style.text("what", style.Look.ITEM)
        self.requirement = style.text(t=style.Tone.MUTED)
        self.state = style.text("state")
        sl.addWidget(self.what)
        sl.addWidget(self.requirement)
        sl.addWidget(self.state)
        form = QFormLayout()
        self.deadline = QDateEdit()
        self.deadline.setObjectName("deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.set_deadline_button = QPushButton(self.tr("Change deadline"))
        self.set_deadline_button.setObjectName("set_deadline")
        self.set_deadline_button.clicked.connect(self.change_deadline)
        row = QHBoxLayout()
        row.addWidget(self.deadline, 1)
        row.addWidget(self.set_deadline_button)
        form.addRow(self.tr("Deadline"), row)
        self.done_on = QDateEdit(qdate(ctx.services.clock.today()))
        self.done_on.setObjectName("done_on")
        self.done_on.setCalendarPopup(True)
        self.done_on.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("Rectified on"), self.done_on)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("How it was confirmed (photo, visit…)"))
        form.addRow(self.tr("Note"), self.note)
        sl.addLayout(form)
        self.mark_button = QPushButton(self.tr("Mark rectified"))
        self.mark_button.setObjectName("mark_rectified")
        self.mark_button.clicked.connect(self.mark_rectified)
        sl.addWidget(self.mark_button)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        sl.addWidget(self.message)
        sl.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)
        self._show_selected()
        ctx.runner.changed.connect(self._on_changed)

    # --- loading ---------------------------------------------------------------------------

    def activate(self) -> None:
        badge = self.ctx.overdue_badge
        if badge is not None:
            badge.refresh()
        if self._dirty:
            self._dirty = False
            self._load_choices()
            self.reload()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.RECTIFICATIONS, Area.INSPECTIONS, Area.ESTATES, Area.COMPANIES):
            if self.isVisible():
                self.reload()
            else:
                self._dirty = True

    def _load_choices(self) -> None:
        load_estate_company_choices(self.ctx, self.estate, self.company)

    def reload(self) -> None:
        self._gen += 1
        gen = self._gen
        status, estate, company = (self.status.currentData(), self.estate.currentData(),
                                   self.company.currentData())

        def work(op: OpContext) -> tuple[list[Any], list[Any]]:
            ins = op.services.inspections
            rows = ins.rectifications(status=status, estate_id=estate, company_id=company)
            everything = ins.rectifications(status="open", estate_id=estate, company_id=company)
            return rows, everything

        self.ctx.db(work, on_success=lambda r: self._show(gen, r))

    def _show(self, gen: int, result: tuple[list[Any], list[Any]]) -> None:
        if gen != self._gen:
            return
        rows, open_rows = result
        selected = self.selected()
        self.model.set_rows(rows)
        self._apply_group()
        overdue = sum(1 for r in open_rows if r.overdue)
        escalated = sum(1 for r in open_rows if r.escalated)
        self.counts.setText(self.tr("%1 open · %2 overdue · %3 escalated").replace(
            "%1", str(len(open_rows))).replace("%2", str(overdue)).replace("%3", str(escalated)))
        row = 0
        want, self._want = self._want or (selected.id if selected is not None else None), None
        if want is not None:
            for n in range(self.proxy.rowCount()):
                src = self.proxy.mapToSource(self.proxy.index(n, 0)).row()
                if self.model.rows_[src].id == want:
                    row = n
        if self.proxy.rowCount():
            self.table.selectRow(row)
        self._show_selected()

    def _apply_group(self) -> None:
        col = self.group.currentData()
        if col is None:
            self.proxy.sort(-1)  # the service's order: overdue first, then by deadline
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            self.table.sortByColumn(int(col), Qt.SortOrder.AscendingOrder)

    # --- the selected item -----------------------------------------------------------------

    def selected(self) -> Any:
        ix = self.table.currentIndex()
        if not ix.isValid():
            return None
        return self.model.row_object(self.proxy.mapToSource(ix).row())

    def show_record(self, rect_id: str) -> None:
        """Show one item (from 待办): the open items of every estate and company, it selected."""
        for combo, value in ((self.status, "open"), (self.estate, None), (self.company, None)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self._want = rect_id
        self.reload()

    def can_import(self) -> bool:
        return False  # not a register: 导入 is not offered here

    def export_(self) -> bool:
        """导出 (Ctrl+E) on 整改: the board's items under the current filter."""
        from .export import export_to_excel

        status, estate, company = (self.status.currentData(), self.estate.currentData(),
                                   self.company.currentData())
        return export_to_excel(self, self.ctx, self.tr("Rectification items"),
                               lambda op, path: op.services.inspections.export_rectifications(
                                   path, status=status, estate_id=estate, company_id=company),
                               self.message)

    def select_id(self, rect_id: str) -> bool:
        for n in range(self.proxy.rowCount()):
            src = self.proxy.mapToSource(self.proxy.index(n, 0)).row()
            if self.model.rows_[src].id == rect_id:
                self.table.selectRow(n)
                return True
        return False

    def _show_selected(self) -> None:
        r = self.selected()
        is_open = r is not None and r.status is RectificationStatus.OPEN
        for w in (self.deadline, self.set_deadline_button, self.done_on, self.note, self.mark_button):
            w.setEnabled(is_open)
        if r is None:
            self.what.setText(self.tr("No rectification item selected."))
            self.requirement.clear()
            self.state.clear()
            return
        where = r.estate_name + (f" {r.building_number}" if r.building_number else "")
        self.what.setText(f"{where} · {r.item_code}　{r.description}")
        self.requirement.setText(r.requirement or "")
        lines = [self.tr("Status: %1").replace("%1", r.display),
                 self.tr("Company: %1").replace("%1", r.company_name or self.tr("(none)")),
                 self.tr("Found on %1, deadline %2").replace("%1", r.opened_on.isoformat())
                 .replace("%2", r.deadline.isoformat()),
                 self.tr("Failed re-inspections: %1").replace("%1", str(r.failed_reinspections))]
        if r.escalated_on:
            lines.append(self.tr("Escalated to the county on %1").replace("%1", r.escalated_on.isoformat()))
        if r.note:
            lines.append(r.note)
        self.state.setText("\n".join(lines))
        style.tone(self.state, style.Tone.ERROR if r.overdue or r.escalated else style.Tone.NORMAL)
        self.deadline.setDate(qdate(r.deadline))

    # --- actions ---------------------------------------------------------------------------

    def _run(self, work: ops.Op[None]) -> None:
        self.ctx.db(work, on_success=lambda _r: self.message.setText(self.tr("Saved.")),
                    on_failure=self._error)

    def _error(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):  # InspectionError…: said on the board itself
            self.message.setText(style.span(exc.with_hint(), style.Tone.ERROR))
        else:
            self.ctx.runner.default_failure(exc)

    def change_deadline(self) -> None:
        r = self.selected()
        if r is not None:
            self._run(ops.set_deadline(r.id, pydate(self.deadline.date())))

    def mark_rectified(self) -> None:
        r = self.selected()
        if r is not None:
            d, note = pydate(self.done_on.date()), self.note.text().strip()
            self.note.clear()
            self._run(ops.mark_rectified(r.id, d, note))


class OverdueBadge(QObject):
    """Keeps the overdue count on the 整改 sidebar entry.

    The main window has no badge API, so this finds its entry by key in ``ctx.status.sidebar``
    (the main window is the status sink) and appends the count to the title.
    """

    def __init__(self, ctx: UiContext, key: str, title: str) -> None:
        super().__init__(ctx.runner)
        self.ctx, self.key, self.title = ctx, key, title
        self.count = -1
        # No QTimer here: the badge lives as long as the runner, which Python may finalise on
        # another thread, and Qt timers must die on their own. Instead the count is refreshed
        # on every change and whenever the board is shown (which also catches a new day).
        ctx.runner.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.RECTIFICATIONS, Area.INSPECTIONS):
            self.refresh()

    def refresh(self) -> None:
        def work(op: OpContext) -> int:
            return op.services.inspections.overdue_count(op.services.clock.today())

        # a badge is a hint: a failed count leaves the old one rather than interrupting
        self.ctx.db(work, on_success=self.show, on_failure=lambda _e: None)

    def show(self, n: int) -> None:
        self.count = n
        sidebar = getattr(self.ctx.status, "sidebar", None)
        try:
            rows = sidebar.count() if sidebar is not None else 0
        except RuntimeError:  # that main window is gone (tests build several on one runner)
            return
        for i in range(rows):
            item = sidebar.item(i) if sidebar is not None else None
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == self.key:
                text = QCoreApplication.translate("RectificationsScreen", "%1 (%2)")
                tip = QCoreApplication.translate("RectificationsScreen", "%1 rectification items are overdue")
                item.setText(text.replace("%1", self.title).replace("%2", str(n)) if n else self.title)
                item.setToolTip(tip.replace("%1", str(n)) if n else self.title)
                item.setForeground(style.Tone.ERROR.brush() if n else QBrush())


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("RectificationsScreen", "Rectification")
    badge = ctx.overdue_badge
    if badge is None:
        ctx.overdue_badge = OverdueBadge(ctx, "rectifications", title)
    else:  # a second main window on the same context (tests): recount for it
        badge.refresh()
    return [ScreenSpec("rectifications", title, RectificationsScreen, order=65)]
