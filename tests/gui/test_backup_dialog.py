"""文件 → 备份… / 恢复…: the dialog lists the kept backups with time, reason and counts, backs up
in the background, and a restore reopens the database so the main window shows the restored
data; the first GUI start of a day takes the daily backup."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from shiboken6 import isValid

from wuye_desktop.app import AppController
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.backup import BackupService
from wuye_desktop.services.context import open_services
from wuye_desktop.storage import backups
from wuye_desktop.ui import dialogs
from wuye_desktop.ui.backup_dialog import COL_FIRST_COUNT, COL_REASON, COL_TIME, BackupDialog

PINNED = datetime(2031, 5, 6, 7, 30)


def _start(qtbot, paths: AppPaths, now=lambda: PINNED) -> AppController:  # type: ignore[no-untyped-def]
    controller = AppController(paths, now=now)
    controller.start()
    qtbot.waitUntil(lambda: controller.window is not None, timeout=20000)
    qtbot.waitUntil(lambda: controller.runner.pending == 0, timeout=20000)
    return controller


def _stop(controller: AppController) -> None:
    if controller.window is not None:
        controller.window.close()
    controller.shutdown()


def test_first_gui_start_of_the_day_backs_up_once(qtbot, demo_db: Path, app_paths: AppPaths):
    shutil.copy(demo_db, app_paths.database)
    for _ in range(2):  # the second start that day takes no second copy
        controller = _start(qtbot, app_paths)
        _stop(controller)
    daily = [b for b in backups.list_backups(app_paths.backups) if b.reason == backups.DAILY]
    assert [b.taken for b in daily] == [PINNED]
    controller = _start(qtbot, app_paths, now=lambda: datetime(2031, 5, 7, 8))  # the next day
    _stop(controller)
    daily = [b for b in backups.list_backups(app_paths.backups) if b.reason == backups.DAILY]
    assert len(daily) == 2


def test_first_run_takes_no_backup_of_the_empty_file(qtbot, app_paths: AppPaths):
    controller = AppController(app_paths, now=lambda: PINNED)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.setup_dialog is not None, timeout=20000)
        assert backups.list_backups(app_paths.backups) == []
    finally:
        controller.shutdown()


def test_dialog_lists_backups_and_backs_up_now(qtbot, demo_db: Path, app_paths: AppPaths):
    shutil.copy(demo_db, app_paths.database)
    svc = open_services(app_paths)
    service = BackupService(svc.db, lambda: datetime(2031, 5, 1, 9, 5))
    service.before_import()
    svc.close()
    controller = _start(qtbot, app_paths)
    try:
        window = controller.window
        dialog = window.backup()
        assert isinstance(dialog, BackupDialog)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10000)
        rows = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
                for r in range(2)]
        assert rows[0][COL_TIME] == "2031年5月6日 07:30:00" and rows[0][COL_REASON] == "每日自动"
        assert rows[1][COL_TIME] == "2031年5月1日 09:05:00" and rows[1][COL_REASON] == "导入前"
        estates = controller.services.registers.count("estates")
        assert rows[0][COL_FIRST_COUNT] == str(estates) and estates > 0
        dialog.now = lambda: datetime(2031, 5, 6, 10, 0)
        dialog.findChild(QPushButton, "backup_now").click()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10000)
        assert dialog.table.item(0, COL_REASON).text() == "手动"
        assert "已备份到" in dialog.status.text()
        dialog.close()
    finally:
        _stop(controller)


def test_restore_shows_the_restored_data_in_the_main_window(qtbot, demo_db: Path,
                                                            app_paths: AppPaths, monkeypatch):
    shutil.copy(demo_db, app_paths.database)
    controller = _start(qtbot, app_paths)
    try:
        regs = controller.services.registers
        estates = controller.runner.run_sync(lambda: regs.count("estates"))
        # After the daily copy: a new estate that the restore must take away again.
        controller.runner.run_sync(lambda: regs.save(
            "estates", {"name": "新苑小区", "management_mode": "professional"}))
        assert controller.runner.run_sync(lambda: regs.count("estates")) == estates + 1
        old_window = controller.window
        old_window.show_screen("estates")
        qtbot.waitUntil(lambda: controller.runner.pending == 0, timeout=10000)

        dialog = old_window.restore()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)  # the daily copy
        dialog.table.selectRow(0)
        asked = []
        monkeypatch.setattr(dialogs, "ask", lambda *a, **k: asked.append(a[2]) or dialogs.Button.Yes)
        dialog.now = lambda: datetime(2031, 5, 6, 11, 0)
        dialog.findChild(QPushButton, "restore").click()
        qtbot.waitUntil(lambda: controller.window is not old_window, timeout=20000)
        qtbot.waitUntil(lambda: controller.runner.pending == 0, timeout=20000)
        assert asked and "2031年5月6日 07:30:00" in asked[0]
        window = controller.window
        assert window.isVisible() and (not isValid(old_window) or not old_window.isVisible())
        assert controller.services is not None and controller.services.registers is not regs
        window.show_screen("estates")
        qtbot.waitUntil(lambda: controller.runner.pending == 0, timeout=10000)
        panel = window.screens["estates"].panel
        qtbot.waitUntil(lambda: panel.model.total == estates, timeout=10000)
        names = {panel.model.value(r, "name") for r in range(panel.model.rowCount())}
        assert "新苑小区" not in names and len(names) == estates
        # The data before the restore was kept as 恢复前.
        saved = [b for b in backups.list_backups(app_paths.backups)
                 if b.reason == backups.BEFORE_RESTORE]
        assert len(saved) == 1 and backups.counts(saved[0].path).values["estates"] == estates + 1
    finally:
        _stop(controller)


def test_restoring_a_damaged_file_is_refused_and_nothing_changes(qtbot, demo_db: Path,
                                                                  app_paths: AppPaths,
                                                                  monkeypatch, tmp_path: Path):
    shutil.copy(demo_db, app_paths.database)
    controller = _start(qtbot, app_paths)
    try:
        bad = tmp_path / "bad.sqlite3"
        bad.write_bytes(b"not a database" * 500)
        warned = []
        monkeypatch.setattr(dialogs, "ask", lambda *a, **k: dialogs.Button.Yes)
        monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append(text))
        window = controller.window
        dialog = window.restore()
        qtbot.waitUntil(lambda: controller.runner.pending == 0, timeout=10000)
        dialog.restore(bad, bad.name)
        qtbot.waitUntil(lambda: bool(warned), timeout=10000)
        assert "损坏" in warned[0] and controller.window is window
        assert controller.runner.run_sync(lambda: controller.services.registers.count("estates")) > 0
        dialog.close()
    finally:
        _stop(controller)
