"""待办 on 概览: one list of what needs the worker soon (``TodoService.items``), most overdue
first and in red; double-click (or Enter) opens the screen where it is done, on that record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..changes import OpChanges
from ..domain.todo import TodoItem, when_text
from ..tasks import OpContext
from . import style
from .context import UiContext
from .table_model import Column, RowsModel


class TodoModel(RowsModel[TodoItem]):
    def __init__(self, today: Any, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.today = today
        self.columns = [
            Column("kind", self.tr("Kind"), lambda r: r.kind.label),
            Column("subject", self.tr("Where / who"), lambda r: r.subject),
            Column("what", self.tr("What"), lambda r: r.what),
            Column("due", self.tr("Due"), lambda r: r.due.isoformat(), lambda r: r.due),
            Column("when", self.tr("When"), lambda r: when_text(r.due, self.today), lambda r: r.days_late),
        ]

    @staticmethod
    def id_of(obj: TodoItem) -> Any:
        return f"{obj.kind.value}:{obj.record_id}"

    def style(self, obj: TodoItem, column: str, role: int) -> Any:
        if obj.overdue:
            if role == Qt.ItemDataRole.ForegroundRole and column in ("due", "when", "kind"):
                return style.Tone.ERROR.brush()
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(style.OVERDUE_BACKGROUND)
        elif role == Qt.ItemDataRole.ForegroundRole and column == "when":
            return style.Tone.WARNING.brush()
        return None


class TodoPanel(QWidget):
    """The list with its heading; reloads on every change (it gathers from every area)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel(self.tr("To do"))
        self.title.setObjectName("todo_title")
        style.apply(self.title, style.Look.TITLE)
        head.addWidget(self.title)
        self.hint = QLabel(self.tr("Double-click a row to open it where it is done."))
        style.tone(self.hint, style.Tone.MUTED)
        head.addWidget(self.hint)
        head.addStretch(1)
        lay.addLayout(head)
        self.model = TodoModel(ctx.services.clock.today(), self)
        self.table = QTableView()
        self.table.setObjectName("todo")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(self.model.column("what"), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.open_index)
        self.table.activated.connect(self.open_index)
        lay.addWidget(self.table)
        self._gen = 0

    def refresh(self) -> None:
        self._gen += 1
        gen, today = self._gen, self.ctx.services.clock.today()

        def work(op: OpContext) -> list[TodoItem]:
            return op.services.todo.items(today)

        self.ctx.db(work, on_success=lambda rows: self._show(gen, today, rows))

    def _show(self, gen: int, today: Any, rows: list[TodoItem]) -> None:
        if gen != self._gen:
            return
        self.model.today = today
        self.model.set_rows(rows)
        late = sum(1 for r in rows if r.overdue)
        self.title.setText(self.tr("To do: %1 items, %2 overdue").replace("%1", str(len(rows)))
                           .replace("%2", str(late)))

    def on_changed(self, _changes: OpChanges) -> None:
        if self.isVisible():
            self.refresh()

    def open_index(self, index: QModelIndex) -> None:
        item = self.model.row_object(index.row())
        if item is not None:
            self.open_item(item)

    def open_item(self, item: TodoItem) -> bool:
        """Show the item's screen and its record there; False when there is no window."""
        window: Any = self.ctx.status
        if window is None or not hasattr(window, "show_screen"):
            return False
        window.show_screen(item.screen)
        screen = window.screens.get(item.screen)
        panel = getattr(screen, "panel", None)
        if panel is not None and hasattr(panel, "load_record"):  # a register: open the record
            panel.load_record(item.record_id)
            return True
        if screen is not None and hasattr(screen, "show_record"):
            screen.show_record(item.record_id)
        return True
