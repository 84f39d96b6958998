"""检查计划: the due list — the current period of every estate's recurring inspections (made by
the rule table, see :mod:`wuye_desktop.services.schedules`), earlier periods without one counted
as 另有N期未检查 — and 开始检查, which opens a new inspection of that estate and kind."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.schedules import missed_text
from ..services.schedules import DueItem, RegenerateResult, RuleTable
from ..tasks import OpContext
from . import ScreenSpec, ops, style
from .context import UiContext
from .screen import Screen
from .table_model import Column, RowsModel, list_view


class DueModel(RowsModel[DueItem]):
    """The due list's columns; a schedule that is behind is tinted, its status red."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.columns = [
            Column("estate", self.tr("Estate"), lambda r: r.schedule.estate_name),
            Column("kind", self.tr("Inspection"), lambda r: r.schedule.kind_label),
            Column("every", self.tr("Every"), lambda r: r.schedule.period_label),
            Column("period", self.tr("This period"), lambda r: r.state.label,
                   lambda r: r.state.period_start),
            Column("due", self.tr("Due by"), lambda r: r.state.due.isoformat(), lambda r: r.state.due),
            Column("status", self.tr("Status"), lambda r: r.status_label, lambda r: r.state.done),
            Column("missed", self.tr("Earlier periods"), lambda r: missed_text(r.state.missed_periods),
                   lambda r: r.state.missed_periods),
            Column("last", self.tr("Last inspected"),
                   lambda r: r.last_done.isoformat() if r.last_done else "", lambda r: r.last_done),
        ]

    @staticmethod
    def id_of(obj: DueItem) -> Any:
        return obj.schedule.id

    def style(self, obj: DueItem, column: str, role: int) -> Any:
        st = obj.state
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "status":
                tone = style.Tone.OK if st.done else style.Tone.ERROR if st.behind else style.Tone.WARNING
                return tone.brush()
            if column == "missed" and st.missed_periods:
                return style.Tone.ERROR.brush()
        if role == Qt.ItemDataRole.BackgroundRole and st.behind:
            return QBrush(style.OVERDUE_BACKGROUND)
        return None


class SchedulesScreen(Screen):
    """The due list; double-click or 开始检查 starts the inspection of the selected row."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._dirty = True
        self._gen = 0
        self._select: str | None = None
        lay = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Inspections due"))
        self.heading.setObjectName("schedules_heading")
        style.apply(self.heading, style.Look.PAGE_TITLE)
        lay.addWidget(self.heading)
        self.rules = QLabel()
        self.rules.setObjectName("schedule_rules")
        self.rules.setWordWrap(True)
        style.tone(self.rules, style.Tone.MUTED)
        lay.addWidget(self.rules)
        bar = QHBoxLayout()
        self.pending = QCheckBox(self.tr("Only what is not done this period"))
        self.pending.setObjectName("pending_only")
        self.pending.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(self.pending)
        bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("due_summary")
        bar.addWidget(self.summary)
        lay.addLayout(bar)
        self.model = DueModel(self)
        self.table = list_view(self.model, "due")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda ix: self.start_row(ix.row()))
        self.table.activated.connect(lambda ix: self.start_row(ix.row()))
        lay.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.hint = QLabel(self.tr("Double-click a row to start its inspection."))
        style.tone(self.hint, style.Tone.MUTED)
        foot.addWidget(self.hint, 1)
        self.regenerate_button = QPushButton(self.tr("Make schedules by the rules"))
        self.regenerate_button.setObjectName("regenerate")
        self.regenerate_button.setToolTip(self.tr(
            "Give every estate the schedules its management mode calls for; running it again changes nothing."))
        self.regenerate_button.clicked.connect(self.regenerate)
        self.start_button = QPushButton(self.tr("Start inspection"))
        self.start_button.setObjectName("start")
        self.start_button.clicked.connect(lambda: self.start_row(self.table.currentIndex().row()))
        foot.addWidget(self.regenerate_button)
        foot.addWidget(self.start_button)
        lay.addLayout(foot)
        ctx.runner.changed.connect(self._on_changed)

    # --- Screen hooks ----------------------------------------------------------------------

    def activate(self) -> None:
        if self._dirty:
            self.refresh()

    def new_record(self) -> None:
        """新建 (Ctrl+N) here: start the selected row's inspection."""
        self.start_row(self.table.currentIndex().row())

    def export_(self) -> bool:
        """导出 (Ctrl+E): the due list as shown."""
        from .export import export_to_excel

        today, pending = self.ctx.services.clock.today(), self.pending.isChecked()
        return export_to_excel(self, self.ctx, self.tr("Inspections due"),
                               lambda op, path: op.services.schedules.export(path, today, pending))

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.SCHEDULES, Area.INSPECTIONS, Area.ESTATES):
            if self.isVisible():
                self.refresh()
            else:
                self._dirty = True

    # --- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self._dirty = False
        self._gen += 1
        gen, today, pending = self._gen, self.ctx.services.clock.today(), self.pending.isChecked()

        def work(op: OpContext) -> tuple[list[DueItem], RuleTable]:
            sch = op.services.schedules
            return sch.due_list(today, pending_only=pending), sch.rule_table()

        self.ctx.db(work, on_success=lambda r: self._show(gen, today, *r))

    def _show(self, gen: int, today: date, rows: list[DueItem], table: RuleTable) -> None:
        if gen != self._gen:
            return
        self.model.set_rows(rows)
        todo = sum(not r.state.done for r in rows)
        behind = sum(r.state.behind for r in rows)
        self.summary.setText(self.tr("%1 schedules · %2 to do this period · %3 behind").replace(
            "%1", str(len(rows))).replace("%2", str(todo)).replace("%3", str(behind)))
        style.tone(self.summary, style.Tone.ERROR if behind else style.Tone.NORMAL)
        text = self.tr("Schedules are made by the rule table (%1) when an estate is registered or "
                       "its management mode changes.").replace("%1", table.source)
        self.rules.setText(text + (f"\n{table.problem}" if table.problem else ""))
        self.start_button.setEnabled(bool(rows))
        if self._select is not None:
            self.show_record(self._select)

    def show_record(self, schedule_id: str) -> None:
        """Select one schedule's row (from 待办); it is selected once the list has loaded."""
        row = self.model.row_of(schedule_id)
        if row < 0:
            if self.pending.isChecked():
                self.pending.setChecked(False)  # reloads, then selects
            self._select = schedule_id
            if not self._dirty:
                return
            self.refresh()
            return
        self._select = None
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        self.table.setFocus()

    # --- actions ---------------------------------------------------------------------------

    def start_row(self, row: int) -> bool:
        """Open 检查 with a new inspection of the row's estate and kind; False without a row."""
        item: DueItem | None = self.model.row_object(row)
        window: Any = self.ctx.status
        if item is None or window is None or not hasattr(window, "show_screen"):
            return False
        window.show_screen("inspections")
        screen = window.screens.get("inspections")
        if screen is None:
            return False
        screen.new_record(estate_id=item.schedule.estate_id, kind=item.schedule.kind,
                          template_code=item.schedule.template_code)
        return True

    def regenerate(self) -> None:
        self.ctx.db(ops.regenerate_schedules(), on_success=self._regenerated)

    def _regenerated(self, result: RegenerateResult) -> None:
        if self.ctx.status is not None:
            self.ctx.status.show_message(self.tr("Schedules: %1 added, %2 withdrawn, %3 changed").replace(
                "%1", str(result.added)).replace("%2", str(result.removed)).replace("%3", str(result.changed)))


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("SchedulesScreen", "Due inspections")
    tip = QCoreApplication.translate("SchedulesScreen",
                                     "Recurring inspections of this period, by estate")
    return [ScreenSpec("schedules", title, SchedulesScreen, order=61, tooltip=tip)]


__all__ = ["DueModel", "SchedulesScreen", "screens"]
