"""Render the 备份与恢复 dialog listing several backups to docs/screenshots/backup.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_backup.py

Uses a throw-away data directory with the demo community and backups of pinned dates and
reasons (每日自动, 导入前, 恢复前, 手动, 升级前), so the picture is the same on every run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

from PySide6.QtCore import QSettings

from wuye_desktop.paths import resolve
from wuye_desktop.services import demo
from wuye_desktop.services.backup import BackupService
from wuye_desktop.services.context import open_services
from wuye_desktop.storage import backups
from wuye_desktop.tasks import TaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import begin, save, settle


def main(argv: list[str] | None = None) -> int:
    args, app = begin(__doc__, argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        runner = TaskRunner()

        def prepare() -> object:
            svc = open_services(paths)
            demo.install(svc.registers, 1)
            db = svc.db
            backups.take(db.path, db.backup_dir, "before-migration-0003",
                         lambda: datetime(2026, 11, 2, 8, 41, 7))
            steps = [(datetime(2026, 11, 23, 8, 30, 12), "daily"),
                     (datetime(2026, 11, 24, 8, 52, 40), "daily"),
                     (datetime(2026, 11, 24, 15, 10, 3), "before-import"),
                     (datetime(2026, 11, 25, 8, 47, 55), "daily"),
                     (datetime(2026, 11, 26, 9, 2, 18), "daily"),
                     (datetime(2026, 11, 26, 16, 35, 0), "manual"),
                     (datetime(2026, 11, 27, 8, 38, 26), "daily"),
                     (datetime(2026, 11, 27, 11, 20, 9), "before-restore"),
                     (datetime(2026, 11, 30, 8, 44, 31), "daily"),
                     (datetime(2026, 12, 1, 8, 35, 2), "daily")]
            for n, (when, reason) in enumerate(steps):
                if reason == "before-import":  # the import adds an estate and its buildings
                    svc.registers.save("estates", {"name": f"新苑小区{n}",
                                                   "management_mode": "professional"})
                service = BackupService(db, lambda when=when: when)
                if reason == "manual":
                    service.backup_now()
                else:
                    backups.take(db.path, db.backup_dir, reason, lambda when=when: when)
            return svc

        services = runner.run_sync(prepare)
        from wuye_desktop.ui.backup_dialog import BackupDialog
        from wuye_desktop.ui.context import UiContext

        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        ctx = UiContext(services, runner, settings)  # type: ignore[arg-type]
        dialog = BackupDialog(ctx, now=lambda: datetime(2026, 12, 1, 9, 0))
        dialog.resize(900, 520)
        dialog.show()
        settle(app, runner, 400)
        dialog.table.selectRow(1)
        settle(app, runner, 200)
        save(dialog, "backup", args.out)
        dialog.close()
        runner.run_sync(services.close)  # type: ignore[attr-defined]
        runner.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
