"""修改记录: every version of one register record, and 恢复为此版本.

The upper table lists the versions (newest first: when, what, who, which device); the lower one
the fields of the selected version, old → new. Restoring writes a new version through the
history service (a normal, synced edit), so the dialog reloads and shows it on top.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services.history import HistoryService
from ..services.registers import ValidationFailed
from ..tasks import OpContext
from . import dialogs, ops, style
from .context import UiContext


def history_service(ctx: UiContext) -> HistoryService:
    return ctx.services.history


def _item(text: str) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return it


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.verticalHeader().hide()
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


class HistoryDialog(QDialog):
    """The 修改记录 of one record (non-modal; several may be open side by side)."""

    #: a version was restored: the record's id (the register refreshes its form)
    restored = Signal(str)

    def __init__(self, ctx: UiContext, kind: str, record_id: str, title: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.record_id = record_id
        self.items: list[Any] = []
        self.setObjectName("history_dialog")
        self.setWindowTitle(self.tr("Change history"))
        self.heading = QLabel(title)
        self.heading.setObjectName("heading")
        style.apply(self.heading, style.Look.HEADING)
        self.versions = _table([self.tr("When"), self.tr("Action"), self.tr("Worker"),
                                self.tr("Device"), self.tr("Fields changed")], "versions")
        self.fields = _table([self.tr("Field"), self.tr("Old value"), self.tr("New value")],
                             "fields")
        self.versions.itemSelectionChanged.connect(self._show_fields)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        style.tone(self.hint, style.Tone.MUTED)
        self.restore_button = QPushButton(self.tr("Restore this version"))
        self.restore_button.setObjectName("restore_version")
        self.restore_button.setToolTip(self.tr(
            "Makes the record as it was right after the selected change. This is saved as a new "
            "change, synced like any edit, and can itself be undone."))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.versions)
        splitter.addWidget(self.fields)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(splitter, 1)
        lay.addLayout(buttons)
        self.resize(820, 560)

    def _service(self) -> HistoryService:
        return history_service(self.ctx)

    # --- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        kind, rid = self.kind, self.record_id

        def work(op: OpContext) -> tuple[str, list[Any]]:
            h = op.services.history
            return h.title(kind, rid), h.history(kind, rid)

        self.ctx.db(work, on_success=self._fill)

    def _fill(self, result: tuple[str, list[Any]]) -> None:
        title, items = result
        self.items = items
        if title:
            self.heading.setText(self.tr("%1 “%2”: %n change(s)", "", len(items))
                                 .replace("%1", self._kind_label()).replace("%2", title))
        self.versions.setRowCount(len(items))
        for r, it in enumerate(items):
            when = it.at.astimezone().strftime("%Y-%m-%d %H:%M")
            names = "、".join(c.label for c in it.changes[:6]) + ("…" if len(it.changes) > 6 else "")
            if it.note:
                names = f"{it.note}：{names}" if names else it.note
            for c, text in enumerate((when, it.action, it.user, it.device, names)):
                self.versions.setItem(r, c, _item(text))
        if items:
            self.versions.selectRow(0)
        else:
            self.fields.setRowCount(0)
            self.hint.setText(self.tr("No changes have been recorded for this record."))
        self._update_button()

    def _kind_label(self) -> str:
        from ..domain.fields import SPECS

        return SPECS[self.kind].label

    def selected(self) -> Any | None:
        rows = self.versions.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _show_fields(self) -> None:
        it = self.selected()
        changes = it.changes if it is not None else []
        inserted = it is not None and it.kind == "insert"
        self.fields.setRowCount(len(changes))
        for r, c in enumerate(changes):
            old = "" if inserted else c.old
            for col, text in enumerate((c.label, old, c.new)):
                self.fields.setItem(r, col, _item(text))
        self._update_button()

    def _update_button(self) -> None:
        it = self.selected()
        self.restore_button.setEnabled(bool(it is not None and it.restorable))
        if it is None:
            return
        if it is self.items[0]:
            self.hint.setText(self.tr("This is the current version."))
        elif it.kind == "delete":
            self.hint.setText(self.tr("Deleted records are brought back from the Recycle bin."))
        else:
            self.hint.setText("")

    # --- restoring -------------------------------------------------------------------------

    def restore_selected(self) -> None:
        it = self.selected()
        if it is None or not it.restorable:
            return
        B = dialogs.Button
        # Default Yes: restoring is itself a new version, so it can be undone the same way.
        answer = dialogs.ask(self, self.tr("Restore this version"),
                             self.tr("Make this record as it was after the change of %1 by %2? "
                                     "The current values stay in the history.")
                             .replace("%1", it.at.astimezone().strftime("%Y-%m-%d %H:%M"))
                             .replace("%2", it.user), B.Yes | B.No, B.Yes)
        if answer != B.Yes:
            return
        self.restore_button.setEnabled(False)
        self.ctx.db(ops.restore_version(self.kind, self.record_id, it.id),
                    on_success=self._restored, on_failure=self._failed,
                    label=self.tr("Restoring"))

    def _restored(self, _result: Any) -> None:
        if self.ctx.status is not None:
            self.ctx.status.show_message(self.tr("The earlier version was restored."))
        self.restored.emit(self.record_id)
        self.load()

    def _failed(self, exc: BaseException) -> None:
        self._update_button()
        if isinstance(exc, ValidationFailed):
            dialogs.warn(self, self.tr("Cannot restore"), "\n".join(i.message for i in exc.issues))
            return
        self.ctx.runner.default_failure(exc)
