"""Bugs (not user problems) end here: a report saved under the log directory and a dialog.

Installed as ``sys.excepthook`` by the application. Python exceptions raised in Qt slots and
virtual methods reach the hook too, so a bug never silently kills a half-done edit.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..failures import write_report
from .dialogs import dialogs_disabled

log = logging.getLogger(__name__)


class CrashDialog(QDialog):
    """Says that the program hit an error, where the report is, and lets the user copy it."""

    def __init__(self, report: Path, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Program error"))
        lay = QVBoxLayout(self)
        msg = QLabel(self.tr("The program ran into an internal error. What you saved before is safe.\n"
                             "An error report was saved to:\n{path}\n"
                             "Please send this file to the county's technical support.")
                     .format(path=report))
        msg.setWordWrap(True)
        msg.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(msg)
        box = QPlainTextEdit(details)
        box.setReadOnly(True)
        lay.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy report"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        folder = QPushButton(self.tr("Open log folder"))
        folder.clicked.connect(lambda: self._open(report.parent))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 420)

    @staticmethod
    def _open(folder: Path) -> None:
        # A slot must not return a value (PySide6 mis-counts a returned bool at exit).
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class CrashHandler:
    """Callable ``sys.excepthook`` replacement; shows at most one dialog at a time."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self._showing = False
        self.reports: list[Path] = []

    def install(self) -> None:
        sys.excepthook = self

    def __call__(self, etype: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        self.handle(exc)

    def handle(self, exc: BaseException) -> None:
        try:
            path = write_report(self.log_dir, exc)
        except OSError:  # the disk is the problem: still log it
            path = self.log_dir / "(not saved)"
        self.reports.append(path)
        log.error("unexpected error, report %s", path, exc_info=exc)
        if dialogs_disabled() or self._showing or QCoreApplication.instance() is None:
            return
        self._showing = True
        try:
            details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            CrashDialog(path, details).exec()
        finally:
            self._showing = False
