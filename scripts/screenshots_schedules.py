"""Render the 检查计划 screen (the due list) with the demo community to PNG under
docs/screenshots/ (schedules_due.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_schedules.py

Uses a throw-away data directory, so the user's own data is never touched. The demo's schedules
are made today by the rule table; for the picture they are set to start with the demo's two
years of history, so the periods that went without an inspection show as 另有N期未检查. Pin the
business date with WUYE_CLOCK_TODAY=YYYY-MM-DD for a reproducible picture.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

from PySide6.QtCore import QSettings

from wuye_desktop.paths import resolve
from wuye_desktop.services import demo
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.tasks import TaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import begin, save, settle  # the main screenshot script's helpers


def main(argv: list[str] | None = None) -> int:
    args, app = begin(__doc__, argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        runner = TaskRunner()

        def build() -> Services:
            s = open_services(paths)
            demo.install_everything(s, 1)
            today = s.clock.today()
            start = today.replace(year=today.year - 2, day=1)
            for sc in s.schedules.find():
                s.schedules.set_schedule(sc.estate_id, sc.kind, sc.period, start, sc.template_code)
            return s

        services = runner.run_sync(build)
        from wuye_desktop.ui.context import UiContext
        from wuye_desktop.ui.main_window import MainWindow

        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        window = MainWindow(UiContext(services, runner, settings))
        window.set_community(demo.DEMO_NAME, demo.DEMO_CODE)
        window.resize(1600, 960)
        window.show()
        settle(app, runner, 400)
        window.show_screen("schedules")
        settle(app, runner, 300)
        screen: Any = window.screens["schedules"]
        screen.table.selectRow(0)
        settle(app, runner, 200)
        save(window, "schedules_due", args.out)
        window.close()
        runner.run_sync(services.close)
        runner.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
