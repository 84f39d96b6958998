"""回收站: deleted register records, each restorable (a new version clearing the tombstone, synced
like any edit)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..changes import REGISTER_AREAS, OpChanges
from ..services.history import HistoryService
from ..services.registers import ValidationFailed
from . import ScreenSpec, dialogs, ops
from .context import UiContext
from .history_dialog import _item, _table, history_service
from .screen import Screen

#: registers whose deletions 回收站 lists
AREAS = REGISTER_AREAS


class TrashScreen(Screen):
    """The 回收站 sidebar page."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.items: list[Any] = []
        self._loaded_once = False
        intro = QLabel(self.tr("Deleted register records stay here. Restoring one brings it back "
                               "into its register and tells the county server at the next sync."))
        intro.setWordWrap(True)
        self.table = _table([self.tr("Register"), self.tr("Record"), self.tr("Deleted at"),
                             self.tr("Deleted by"), self.tr("Device")], "trash_table")
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.show_history())
        self.total = QLabel()
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.restore_selected)
        self.history_button = QPushButton(self.tr("History…"))
        self.history_button.setObjectName("history")
        self.history_button.clicked.connect(self.show_history)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.total, 1)
        buttons.addWidget(refresh)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.restore_button)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.history_dialog: Any = None
        self._update_buttons()
        ctx.runner.changed.connect(self._on_changed)

    def _service(self) -> HistoryService:
        return history_service(self.ctx)

    def activate(self) -> None:
        self._loaded_once = True
        self.reload()

    def _on_changed(self, changes: OpChanges) -> None:
        if self._loaded_once and changes.touches(*AREAS):
            self.reload()

    def reload(self) -> None:
        self.ctx.db(lambda op: op.services.history.trash(), on_success=self._fill)

    def _fill(self, items: list[Any]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for r, it in enumerate(items):
            when = it.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M") if it.deleted_at else ""
            for c, text in enumerate((it.kind_label, it.title, when, it.deleted_by, it.device)):
                self.table.setItem(r, c, _item(text))
        self.total.setText(self.tr("%n deleted record(s)", "", len(items)))
        self._update_buttons()

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.restore_button.setEnabled(has)
        self.history_button.setEnabled(has)

    def restore_selected(self) -> None:
        it = self.selected()
        if it is None:
            return
        self.restore_button.setEnabled(False)
        self.ctx.db(ops.restore_deleted(it.kind, it.id), on_success=self._restored,
                    on_failure=self._failed, label=self.tr("Restoring"))

    def _restored(self, title: str) -> None:
        if self.ctx.status is not None:
            self.ctx.status.show_message(self.tr("Restored “%1”.").replace("%1", title))

    def _failed(self, exc: BaseException) -> None:
        self._update_buttons()
        if isinstance(exc, ValidationFailed):
            dialogs.warn(self, self.tr("Cannot restore"), "\n".join(i.message for i in exc.issues))
            return
        self.ctx.runner.default_failure(exc)

    def show_history(self) -> Any:
        from .history_dialog import HistoryDialog

        it = self.selected()
        if it is None:
            return None
        if self.history_dialog is not None:
            self.history_dialog.close()
        self.history_dialog = HistoryDialog(self.ctx, it.kind, it.id, parent=self)
        self.history_dialog.show()
        self.history_dialog.load()
        return self.history_dialog


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("TrashScreen", "Recycle bin")
    tip = QCoreApplication.translate("TrashScreen", "Deleted records, and restoring them")
    return [ScreenSpec("trash", title, TrashScreen, order=95, tooltip=tip)]
