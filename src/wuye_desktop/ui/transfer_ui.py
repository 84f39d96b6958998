"""Import and export from the GUI: file dialogs, a cancellable progress dialog, the report.

Imports are all-or-nothing (see services/transfer.py); the report lists every problem with sheet,
row and column so the worker can fix the Excel file and try again.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.fields import IMPORT_ORDER, SPECS
from ..services.transfer import Cancelled, ImportReport
from . import dialogs
from .context import UiContext

log = logging.getLogger(__name__)

FILE_FILTER_KEY = "transfer/last_dir"


class ReportDialog(QDialog):
    """The import report, readable and savable (保存报告)."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("Import succeeded") if report.ok else self.tr("Nothing was imported"))
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("The file was imported.") if report.ok else
                      self.tr("The file has problems. To keep the registers complete, nothing was "
                              "imported. Correct the cells listed below in Excel and import again."))
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: bold;" + ("" if report.ok else "color: #c62828;"))
        lay.addWidget(head)
        self.text = QPlainTextEdit(report.text())
        self.text.setObjectName("report_text")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        f = QFont(self.text.font())
        f.setPointSize(f.pointSize() + 1)
        self.text.setFont(f)
        lay.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(self.tr("Save report…"))
        self.save_button.clicked.connect(self.save_report)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(720, 460)

    def save_report(self) -> Path | None:
        default = self.report.path.with_name(self.report.path.stem + "-导入报告.txt")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), str(default),
                                              self.tr("Text files (*.txt)"))
        if not path:
            return None
        try:
            # UTF-8 with BOM: Notepad on older Windows then shows the Chinese correctly.
            Path(path).write_text(self.report.text(), encoding="utf-8-sig")
        except OSError as exc:
            dialogs.warn(self, self.tr("Could not save"),
                         self.tr("The report could not be saved: %1. Choose another folder.")
                         .replace("%1", exc.strerror or str(exc)))
            return None
        return Path(path)


class ImportFlow(QObject):
    """Pick a file, import it in the background with progress and cancel, show the report."""

    finished = Signal(object)  # ImportReport, or None when cancelled / failed

    def __init__(self, ctx: UiContext, parent: QWidget, kind: str | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.kind = kind or "all"
        self.report: ImportReport | None = None
        self.dialog: ReportDialog | None = None
        self.progress: QProgressDialog | None = None
        self._task: object = None

    def start(self) -> bool:
        what = SPECS[self.kind].label if self.kind != "all" else self.tr("all registers")
        start_dir = str(self.ctx.settings.value(FILE_FILTER_KEY, str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, self.tr("Import %1 from Excel").replace("%1", what), start_dir,
            self.tr("Excel or CSV files (*.xlsx *.xlsm *.csv);;All files (*)"))
        if not path:
            return False
        self.ctx.settings.setValue(FILE_FILTER_KEY, str(Path(path).parent))
        kind = self.kind
        if kind == "all" and path.lower().endswith(".csv"):
            dialogs.warn(self.parent_widget, self.tr("Import"),
                         self.tr("A CSV file holds one register. Open the register's page "
                                 "(for example 楼栋) and import it there."))
            return False
        self.progress = QProgressDialog(self.tr("Importing %1…").replace("%1", Path(path).name),
                                        self.tr("Cancel"), 0, 0, self.parent_widget)
        self.progress.setWindowTitle(self.tr("Import"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        transfer = self.ctx.services.transfer
        task = self.ctx.runner.db(
            lambda t: transfer.import_file(kind, Path(path), progress=t.report, cancelled=t.cancelled),
            pass_task=True, on_success=self._done, on_failure=self._failed,
            label=self.tr("Importing"))
        self._task = task
        self.ctx.runner.task_progress.connect(self._on_task_progress)
        self.progress.canceled.connect(task.cancel)
        return True

    def _on_task_progress(self, task: object, done: int, total: int) -> None:
        if task is not self._task or self.progress is None:
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, report: ImportReport) -> None:
        self._close_progress()
        self.report = report
        if report.ok:
            self.ctx.runner.changed.emit(frozenset(IMPORT_ORDER))
        log.info("import %s: %s", report.path, report.text())
        self.dialog = ReportDialog(report, self.parent_widget)
        if not dialogs.dialogs_disabled():
            self.dialog.open()
        self.finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._close_progress()
        if isinstance(exc, Cancelled):
            dialogs.inform(self.parent_widget, self.tr("Import cancelled"),
                           self.tr("The import was cancelled. Nothing was imported."))
        elif isinstance(exc, OSError):
            dialogs.warn(self.parent_widget, self.tr("Cannot read the file"),
                         self.tr("The file could not be read: %1. Close it in Excel or copy it to "
                                 "the desktop and try again.").replace("%1", exc.strerror or str(exc)))
        else:
            self.ctx.runner.default_failure(exc)
        self.finished.emit(None)


class ExportFlow(QObject):
    """Pick where to save, write the register(s) in the background, say where it went."""

    finished = Signal(object)  # the path written, or None

    def __init__(self, ctx: UiContext, parent: QWidget, kind: str | None,
                 template: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.kind = kind or "all"
        self.template = template

    def start(self) -> bool:
        if self.template:
            name = "台账导入模板.xlsx"
            title = self.tr("Save import template")
        else:
            label = SPECS[self.kind].label if self.kind != "all" else "全部台账"
            name = f"{label}-{self.ctx.services.clock.today():%Y%m%d}.xlsx"
            title = self.tr("Export to Excel")
        start_dir = Path(str(self.ctx.settings.value(FILE_FILTER_KEY, str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, title, str(start_dir / name),
                                              self.tr("Excel files (*.xlsx)"))
        if not path:
            return False
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.ctx.settings.setValue(FILE_FILTER_KEY, str(Path(path).parent))
        transfer, kind, target = self.ctx.services.transfer, self.kind, Path(path)

        def work() -> Any:
            return transfer.template(target) if self.template else transfer.export(kind, target)

        self.ctx.runner.db(work, on_success=lambda n: self._done(target, n),
                           on_failure=self._failed, label=self.tr("Exporting"))
        return True

    def _done(self, path: Path, rows: int | None) -> None:
        msg = (self.tr("Template saved to %1.").replace("%1", str(path)) if self.template else
               self.tr("%1 rows exported to %2.").replace("%1", str(rows)).replace("%2", str(path)))
        if self.ctx.status is not None:
            self.ctx.status.show_message(msg, 10000)
        dialogs.inform(self.parent_widget, self.tr("Export"), msg)
        self.finished.emit(path)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            dialogs.warn(self.parent_widget, self.tr("Cannot save the file"),
                         self.tr("The file could not be written: %1. If it is open in Excel, close "
                                 "it; otherwise choose another folder.")
                         .replace("%1", exc.strerror or str(exc)))
        else:
            self.ctx.runner.default_failure(exc)
        self.finished.emit(None)
