"""Render the committee screen with the party-member ratio and term status, 概览 with
业委会组建率 and 党组织覆盖率, the company list filtered by grade with the grade choice, and an
estate flagged for its black-listed company, with the demo community, to PNG under
docs/screenshots/ (committee_ratio.png, overview_committee_rates.png, company_grades.png,
estate_blacklisted.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_committees_companies.py

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
            regs = s.registers
            black = next(c["name"] for c in regs.rows("companies") if c["list_status"] == "black")
            estate = next(e for e in regs.rows("estates") if e["company_name"])
            regs.save("estates", {"company_name": black}, estate["id"], allow_blacklisted=True)
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
        save(window, "overview_committee_rates", args.out)

        window.show_screen("committees")
        settle(app, runner, 300)
        screen: Any = window.screens["committees"]
        below = next(c for c in services.committees.summaries() if c.ratio.meets_target is False)
        screen.panel.load_record(below.id)
        settle(app, runner, 300)
        save(window, "committee_ratio", args.out)

        window.show_screen("companies")
        settle(app, runner, 300)
        panel: Any = window.screens["companies"].panel
        panel.extras.grade_filter.setCurrentIndex(panel.extras.grade_filter.findData("AA"))
        settle(app, runner, 300)
        panel.table.selectRow(0)
        settle(app, runner, 300)
        save(window, "company_grades", args.out)

        window.show_screen("estates")
        settle(app, runner, 300)
        estates: Any = window.screens["estates"]
        flagged = next(e for e in services.registers.rows("estates") if e["company_blacklisted"])
        estates.panel.load_record(flagged["id"])
        settle(app, runner, 300)
        save(window, "estate_blacklisted", args.out)
        window.close()
        runner.run_sync(services.close)
        runner.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
