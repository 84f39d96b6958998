"""文件 → 备份… / 恢复…: the kept backups with their date, reason and record counts; back up now
(into the backup folder or a folder of the worker's choice) and restore a selected copy.

Every file operation runs on the database thread through the runner (a backup reads the whole
database; a restore closes and reopens it), with a busy bar meanwhile. A restore ends by handing
the reopened services to ``on_restored``: the application controller then rebuilds the main
window on them, so every screen shows the restored data without restarting the program.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services.backup import BackupEntry, BackupService, list_entries, restore_and_reopen
from ..storage.backups import COUNTED, KEEP_DAYS, KEEP_WEEKS, stamp_now
from . import dialogs
from .context import UiContext

#: table columns: time, reason, then one per counted register
COL_TIME, COL_REASON, COL_COMMUNITY = 0, 1, 2
COL_FIRST_COUNT = 3
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class BackupDialog(QDialog):
    """Lists the backups; backs up and restores in the background."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *,
                 on_restored: Callable[[Any], None] | None = None,
                 can_restore: Callable[[], bool] = lambda: True,
                 now: Callable[[], datetime] = stamp_now) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.on_restored = on_restored
        self.can_restore = can_restore
        self.now = now
        self.entries: list[BackupEntry] = []
        self.setObjectName("backup_dialog")
        self.setWindowTitle(self.tr("Backup and restore"))
        self.setMinimumSize(820, 460)
        lay = QVBoxLayout(self)
        folder = ctx.services.paths.backups
        intro = QLabel(self.tr(
            "Backups are kept in %1. The program backs up automatically at the first start of "
            "each day and before every import and restore, and keeps one automatic backup per "
            "day for the last %2 days and one per week for %3 weeks before that. Manual "
            "backups are never deleted automatically.")
            .replace("%1", str(folder)).replace("%2", str(KEEP_DAYS)).replace("%3", str(KEEP_WEEKS)))
        intro.setWordWrap(True)
        lay.addWidget(intro)

        headers = [self.tr("Date and time"), self.tr("Reason"), self.tr("Community"),
                   self.tr("Estates"), self.tr("Buildings"), self.tr("Building leads"),
                   self.tr("Companies")]
        assert len(headers) == COL_FIRST_COUNT + len(COUNTED)
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The community name takes the spare width; counts stay narrow and readable.
        header.setSectionResizeMode(COL_COMMUNITY, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(72)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        lay.addWidget(self.table, 1)

        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setTextVisible(False)
        self.progress.hide()
        lay.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setObjectName("backup_now")
        self.backup_to_button = QPushButton(self.tr("Back up to a folder…"))
        self.backup_to_button.setObjectName("backup_to")
        self.restore_button = QPushButton(self.tr("Restore selected backup…"))
        self.restore_button.setObjectName("restore")
        self.restore_file_button = QPushButton(self.tr("Restore from another file…"))
        self.restore_file_button.setObjectName("restore_file")
        self.close_button = QPushButton(self.tr("Close"))
        for b in (self.backup_button, self.backup_to_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.restore_button, self.restore_file_button, self.close_button):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.backup_to_button.clicked.connect(self.backup_to_folder)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.close_button.clicked.connect(self.reject)
        self._busy_state = False
        #: what the last action did, shown above the count once the list is reloaded
        self._note = ""
        self._update_buttons()
        self.reload()

    # --- list ------------------------------------------------------------------------------

    def reload(self) -> None:
        folder = self.ctx.services.paths.backups
        self._busy(True, self.tr("Reading the backups…"))
        self.ctx.db(lambda _op: list_entries(folder), on_success=self._show_entries,
                    on_failure=self._failed)

    def _show_entries(self, entries: list[BackupEntry]) -> None:
        self._busy(False)
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            cells = [e.taken_text(), e.reason_label, e.counts.community or ""]
            cells += ["?" if e.counts.values[k] is None else str(e.counts.values[k]) for k in COUNTED]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(e.file.path))
                item.setToolTip(str(e.file.path))
                if col >= COL_FIRST_COUNT:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if entries and not self.table.selectedItems():
            self.table.selectRow(0)
        count = self.tr("%1 backups.").replace("%1", str(len(entries)))
        self.status.setText(f"{self._note}\n{count}" if self._note else count)
        self._note = ""
        self._update_buttons()

    def selected(self) -> BackupEntry | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.entries[min(rows)] if rows and min(rows) < len(self.entries) else None

    # --- state -----------------------------------------------------------------------------

    def _busy(self, busy: bool, text: str = "") -> None:
        self._busy_state = busy
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        if text:
            self.status.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self._busy_state
        for b in (self.backup_button, self.backup_to_button, self.restore_file_button,
                  self.close_button):
            b.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.selected() is not None)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.status.setText(self.tr("Failed: %1").replace("%1", str(exc)))
        self.ctx.runner.default_failure(exc)

    # --- backup ----------------------------------------------------------------------------

    def backup_now(self, folder: Path | None = None) -> None:
        now = self.now
        self._busy(True, self.tr("Backing up…"))
        self.ctx.db(lambda op: BackupService(op.services.db, now).backup_now(folder),
                    on_success=self._backed_up, on_failure=self._failed,
                    label=self.tr("Backing up"))

    def backup_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder for the backup"))
        if folder:
            self.backup_now(Path(folder))

    def _backed_up(self, path: Path) -> None:
        self._note = self.tr("Backed up to %1").replace("%1", str(path))
        self.reload()

    # --- restore ---------------------------------------------------------------------------

    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.restore(entry.file.path, entry.taken_text())

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup file"), str(self.ctx.services.paths.backups),
            self.tr("Backups (*.sqlite3);;All files (*)"))
        if name:
            self.restore(Path(name), Path(name).name)

    def restore(self, source: Path, what: str) -> None:
        """Ask, then replace the data by ``source`` (the current data is backed up first)."""
        B = dialogs.Button
        answer = dialogs.ask(self, self.tr("Restore backup"), self.tr(
            "Replace all current data by the backup of %1?\n\nThe current data is backed up "
            "first (恢复前), so this can be undone by restoring that backup.")
            .replace("%1", what), B.Yes | B.No, B.No)
        if answer != B.Yes or not self.can_restore():
            return
        now = self.now
        self._busy(True, self.tr("Restoring…"))
        self.ctx.db(lambda op: restore_and_reopen(op.services, source, now),
                    on_success=self._restored, on_failure=self._failed,
                    label=self.tr("Restoring"))

    def _restored(self, services: Any) -> None:
        self._busy(False, self.tr("Restored."))
        self.accept()
        if self.on_restored is not None:
            self.on_restored(services)
