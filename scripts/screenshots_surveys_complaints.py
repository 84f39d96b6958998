"""Render the 投诉 and 调查 screens and the 待办 list on 概览 with the demo community to PNG
under docs/screenshots/ (complaints.png, surveys.png, todo.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_surveys_complaints.py

Uses a throw-away data directory, so the user's own data is never touched. Pin the business
date with WUYE_CLOCK_TODAY=YYYY-MM-DD for a reproducible picture.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("WUYE_NO_DIALOGS", "1")



sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import begin, demo_window, save, settle  # the main screenshot script's helpers


def main(argv: list[str] | None = None) -> int:
    args, _app = begin(__doc__, argv)
    with demo_window() as (app, runner, window):
        services: Any = window.ctx.services
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
