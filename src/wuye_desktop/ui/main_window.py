"""The main window: sidebar of screens, menus and shortcuts, status bar.

Screens come from :func:`wuye_desktop.ui.collect_screens` and are built the first time they are
opened. The window never touches the database; screens do, through the runner.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from .. import __version__
from . import ScreenSpec, collect_screens, style
from .context import UiContext
from .screen import Screen
from .start_frame import SIDEBAR_KEY
from .transfer_ui import ExportFlow, ImportFlow

log = logging.getLogger(__name__)

BUSY_DELAY_MS = 400


class MainWindow(QMainWindow):
    """社区物业工作台 main window."""

    #: a backup was restored: the reopened services (the app controller rebuilds the window)
    restored = Signal(object)

    def __init__(self, ctx: UiContext, modules: tuple[str, ...] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.status = self
        self.setWindowTitle(self.tr("Community Property Workbench"))
        self.specs: list[ScreenSpec] = collect_screens(ctx, modules)
        self.screens: dict[str, QWidget] = {}
        self.flows: list[Any] = []

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setStyleSheet(style.SIDEBAR)
        for spec in self.specs:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(spec.tooltip or spec.title)
            self.sidebar.addItem(item)
        self.sidebar.setFixedWidth(max(130, self.sidebar.sizeHintForColumn(0) + 24))
        # the next start's frame lists the same screens before anything is loaded (start_frame)
        ctx.settings.setValue(SIDEBAR_KEY, [spec.title for spec in self.specs])
        self.stack = QStackedWidget()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 6, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_status()
        from .worker import install as install_worker_button

        install_worker_button(self)  # 切换工作人员 in the status bar
        self.sidebar.currentRowChanged.connect(self._on_sidebar)
        self._current_row = -1

        geometry = ctx.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = ctx.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        ctx.runner.pending_changed.connect(self._on_pending)
        ctx.runner.progress.connect(self._on_progress)
        start = str(ctx.settings.value("window/screen", "overview"))
        keys = [s.key for s in self.specs]
        self.sidebar.setCurrentRow(keys.index(start) if start in keys else 0)

    # --- actions ---------------------------------------------------------------------------

    def _action(self, text: str, slot: Any,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                name: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        act.setObjectName(name)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        self.act_new = self._action(self.tr("&New"), self.new_record, QKeySequence.StandardKey.New, "new")
        self.act_save = self._action(self.tr("&Save"), self.save, QKeySequence.StandardKey.Save, "save")
        self.act_find = self._action(self.tr("&Find"), self.focus_search, QKeySequence.StandardKey.Find,
                                     "find")
        self.act_print = self._action(self.tr("&Print…"), self.print_, QKeySequence.StandardKey.Print,
                                      "print")
        self.act_print.setEnabled(False)
        self.act_import = self._action(self.tr("&Import from Excel…"), self.import_file, "Ctrl+I", "import")
        self.act_export = self._action(self.tr("&Export to Excel…"), self.export_file, "Ctrl+E", "export")
        self.act_template = self._action(self.tr("Save import &template…"), self.export_template,
                                         None, "template")
        self.act_backup = self._action(self.tr("&Back up…"), self.backup, None, "backup")
        self.act_restore = self._action(self.tr("&Restore…"), self.restore, None, "restore")
        self.act_logs = self._action(self.tr("Open &log folder"), self.open_logs, None, "logs")
        self.act_about = self._action(self.tr("&About"), self.about, None, "about")
        self.act_quit = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quit")

        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for a in (self.act_import, self.act_export, self.act_template):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.act_backup)
        file_menu.addAction(self.act_restore)
        file_menu.addSeparator()
        file_menu.addAction(self.act_print)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        for a in (self.act_new, self.act_save, self.act_find):
            edit_menu.addAction(a)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_logs)
        help_menu.addAction(self.act_about)

        tools = QToolBar(self.tr("Toolbar"))
        tools.setObjectName("toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar: list[QAction | None] = [self.act_new, self.act_save, self.act_find, None,
                                         self.act_import, self.act_export, None, self.act_print]
        for tool in toolbar:
            if tool is None:
                tools.addSeparator()
            else:
                tools.addAction(tool)
        self.addToolBar(tools)

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.community_label = QLabel()
        self.community_label.setObjectName("community")
        self.busy = QProgressBar()
        self.busy.setMaximumWidth(180)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.sync_label = QLabel(self.tr("Sync: not set up"))
        self.sync_label.setObjectName("sync_state")
        sb.addPermanentWidget(self.busy)
        sb.addPermanentWidget(self.community_label)
        sb.addPermanentWidget(self.sync_label)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy)

    # --- StatusSink ------------------------------------------------------------------------

    def set_sync_state(self, text: str, tooltip: str = "") -> None:
        self.sync_label.setText(text)
        self.sync_label.setToolTip(tooltip)

    def show_message(self, text: str, msecs: int = 5000) -> None:
        self.statusBar().showMessage(text, msecs)

    def set_community(self, name: str, code: str) -> None:
        self.community_label.setText(self.tr("Community: %1 (%2)").replace("%1", name).replace("%2", code))
        self.setWindowTitle(self.tr("Community Property Workbench — %1").replace("%1", name))

    def _on_pending(self, n: int) -> None:
        # Only show the bar for work that takes a while, so quick queries do not flicker.
        if n and not self._busy_timer.isActive() and self.busy.isHidden():
            self._busy_timer.start()
        elif not n:
            self._busy_timer.stop()
            self.busy.hide()

    def _show_busy(self) -> None:
        if self.ctx.runner.pending:
            self.busy.setRange(0, 0)
            self.busy.show()

    def _on_progress(self, done: int, total: int, label: str) -> None:
        self.busy.setRange(0, max(total, 1))
        self.busy.setValue(done)
        self.busy.setToolTip(label)
        self.busy.show()

    # --- screens ---------------------------------------------------------------------------

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def screen_for(self, key: str) -> QWidget:
        """The screen for ``key``, built on first use."""
        if key not in self.screens:
            spec = next(s for s in self.specs if s.key == key)
            widget = spec.factory(self.ctx)
            widget.setObjectName(f"screen_{key}")
            self.screens[key] = widget
            self.stack.addWidget(widget)
        return self.screens[key]

    def show_screen(self, key: str) -> None:
        keys = [s.key for s in self.specs]
        self.sidebar.setCurrentRow(keys.index(key))

    def _on_sidebar(self, row: int) -> None:
        if row < 0 or row == self._current_row:
            return
        current = self.current_screen()
        if isinstance(current, Screen) and self._current_row >= 0 and not current.can_leave():
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(self._current_row)
            self.sidebar.blockSignals(False)
            return
        self._current_row = row
        key = self.specs[row].key
        widget = self.screen_for(key)
        self.stack.setCurrentWidget(widget)
        self.ctx.settings.setValue("window/screen", key)
        if isinstance(widget, Screen):
            widget.activate()
            self.act_print.setEnabled(widget.can_print())
            self.act_import.setEnabled(widget.can_import())
        else:
            self.act_print.setEnabled(False)
            self.act_import.setEnabled(True)

    def _screen_call(self, name: str) -> None:
        w = self.current_screen()
        if isinstance(w, Screen):
            getattr(w, name)()

    def new_record(self) -> None:
        self._screen_call("new_record")

    def save(self) -> None:
        self._screen_call("save")

    def focus_search(self) -> None:
        self._screen_call("focus_search")

    def print_(self) -> None:
        w = self.current_screen()
        if isinstance(w, Screen) and w.can_print():
            w.print_()

    def _kind(self) -> str | None:
        w = self.current_screen()
        return w.register_kind() if isinstance(w, Screen) else None

    def import_file(self) -> ImportFlow | None:
        w = self.current_screen()
        if isinstance(w, Screen) and not w.can_import():  # 检查, 整改, 投诉, 调查: not registers
            return None
        if isinstance(w, Screen) and w.import_():  # the screen imports its own data (维修资金)
            return None
        flow = ImportFlow(self.ctx, self, self._kind())
        self.flows = [*self.flows[-3:], flow]
        flow.start()
        return flow

    def export_file(self) -> ExportFlow | None:
        w = self.current_screen()
        if isinstance(w, Screen) and w.export_():  # the screen exports its own data (检查, 整改, 投诉, 调查, 待办)
            return None
        flow = ExportFlow(self.ctx, self, self._kind())
        self.flows = [*self.flows[-3:], flow]
        flow.start()
        return flow

    def export_template(self) -> ExportFlow:
        flow = ExportFlow(self.ctx, self, None, template=True)
        self.flows = [*self.flows[-3:], flow]
        flow.start()
        return flow

    def backup(self, restore: bool = False) -> Any:
        """文件 → 备份… / 恢复…: one dialog; 恢复… puts the focus on restoring."""
        from .backup_dialog import BackupDialog

        dialog = BackupDialog(self.ctx, self, on_restored=self.restored.emit,
                              can_restore=self.can_close_screens)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        (dialog.restore_button if restore else dialog.backup_button).setFocus()
        self.backup_dialog = dialog
        dialog.open()
        return dialog

    def restore(self) -> Any:
        return self.backup(restore=True)

    def can_close_screens(self) -> bool:
        """False when a screen keeps unsaved edits (the person chose to stay)."""
        return all(w.can_leave() for w in self.screens.values() if isinstance(w, Screen))

    def save_window_state(self) -> None:
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("window/state", self.saveState())
        self.ctx.settings.sync()

    def retire(self) -> None:
        """Replaced by a window on restored data: keep the geometry, stop, go away. Not
        ``close()``: its unsaved-edits question was already asked before the restore."""
        self.save_window_state()
        sync = self.ctx.sync_controller
        if sync is not None:  # parented to the runner, so it would outlive this window
            sync.stop()
            sync.deleteLater()
        self.hide()
        self.deleteLater()

    def open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.services.paths.logs)))

    def about(self) -> None:
        if os.environ.get("WUYE_NO_DIALOGS"):
            return
        QMessageBox.about(self, self.tr("About"), self.tr(
            "Community Property Workbench %1\nRegisters, inspections and notices for the "
            "property management of old residential estates.\nData folder: %2")
            .replace("%1", __version__).replace("%2", str(self.ctx.services.paths.data_dir)))

    # --- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        for w in self.screens.values():
            if isinstance(w, Screen) and not w.can_leave():
                event.ignore()
                return
        self.save_window_state()
        event.accept()
