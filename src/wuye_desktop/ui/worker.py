"""切换工作人员: who is working at this shared office PC.

A status-bar button shows the current worker's name; clicking it asks for another name (recent
names offered in a list). The switch takes effect for the next change without restarting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services.workers import WorkerService
from ..tasks import OpContext
from . import style
from .context import UiContext


class WorkerDialog(QDialog):
    """Ask for the worker's name (free text or one of the recent names)."""

    def __init__(self, current: str, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("worker_dialog")
        self.setWindowTitle(self.tr("Switch worker"))
        lay = QVBoxLayout(self)
        label = QLabel(self.tr("Your name. Every change from now on is recorded under it and shown "
                               "in the change history."))
        label.setWordWrap(True)
        lay.addWidget(label)
        self.name = QComboBox()
        self.name.setObjectName("worker_name")
        self.name.setEditable(True)
        self.name.addItems(recent)
        self.name.setEditText(current)
        lay.addWidget(self.name)
        self.message = QLabel()
        style.tone(self.message, style.Tone.ERROR)
        self.message.hide()
        lay.addWidget(self.message)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self._accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.setMinimumWidth(360)

    def value(self) -> str:
        return self.name.currentText().strip()

    def _accept(self) -> None:
        try:
            WorkerService.check(self.value())
        except ValueError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.accept()


class WorkerButton(QPushButton):
    """Status-bar button: 工作人员：name; click to switch."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("worker")
        self.setFlat(True)
        self.setToolTip(self.tr("Switch worker (several workers can share this computer)"))
        self.clicked.connect(self.ask)
        self.dialog: WorkerDialog | None = None
        self.recent: list[str] = []
        self.refresh()

    def _service(self) -> WorkerService:
        return self.ctx.services.workers

    def refresh(self) -> None:
        def work(op: OpContext) -> tuple[str, str | None, list[str]]:
            w = op.services.workers
            return w.current(), w.stored(), w.recent()

        self.ctx.db(work, on_success=self._show)

    def _show(self, result: tuple[str, str | None, list[str]]) -> None:
        current, stored, self.recent = result
        if stored:
            self.setText(self.tr("Worker: %1").replace("%1", current))
            style.tone(self, style.Tone.NORMAL)
        else:
            # Never entered on this computer: changes carry the system login, so say so.
            self.setText(self.tr("Worker: not set (click to enter your name)"))
            style.tone(self, style.Tone.ERROR)
        self.current = current if stored else ""

    def ask(self) -> WorkerDialog:
        self.dialog = WorkerDialog(getattr(self, "current", ""), self.recent, self.window())
        self.dialog.accepted.connect(lambda: self.switch(self.dialog.value() if self.dialog else ""))
        self.dialog.open()
        return self.dialog

    def switch(self, name: str) -> None:
        """Record following changes as ``name``."""
        self.ctx.db(lambda op: op.services.workers.switch(name), on_success=self._switched)

    def _switched(self, name: Any) -> None:
        if self.ctx.status is not None:
            self.ctx.status.show_message(self.tr("Now working: %1").replace("%1", str(name)))
        self.refresh()


def install(window: Any) -> WorkerButton:
    """Add the worker button to a main window's status bar (kept out of main_window.py)."""
    button = WorkerButton(window.ctx, window)
    window.statusBar().addPermanentWidget(button)
    window.worker_button = button
    return button
