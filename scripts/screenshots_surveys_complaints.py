"""Render the 投诉 and 调查 screens and the 待办 list on 概览 with the demo community to PNG
under docs/screenshots/ (complaints.png, surveys.png, todo.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_surveys_complaints.py

Uses a throw-away data directory, so the user's own data is never touched. Pin the business
date with WUYE_CLOCK_TODAY=YYYY-MM-DD for a reproducible picture.
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

        save(window, "todo", args.out)  # 概览 opens first, with the 待办 list

        window.show_screen("complaints")
        settle(app, runner, 300)
        screen: Any = window.screens["complaints"]
        screen.table.selectRow(0)
        screen.tabs.setCurrentIndex(1)
        settle(app, runner, 200)
        save(window, "complaints", args.out)

        window.show_screen("surveys")
        settle(app, runner, 300)
        sv: Any = window.screens["surveys"]
        estate = next(i for i, _n in services.registers.estate_choices()
                      if any(r.estate_id == i for r in services.surveys.find()))
        sv.estate.setCurrentIndex(sv.estate.findData(estate))
        settle(app, runner, 200)
        form = sv.satisfaction
        form.households.setValue(420)
        form.surveyed.setValue(300)
        form.positive.setValue(231)  # 77%: interview and pledge, with its deadline
        settle(app, runner, 200)
        save(window, "surveys", args.out)
        window.close()
        runner.run_sync(services.close)
        runner.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
