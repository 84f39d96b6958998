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
from pathlib import Path
from typing import Any

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

from wuye_desktop.services.context import Services

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import begin, demo_window, save, settle  # the main screenshot script's helpers


def start_with_the_history(s: Services) -> None:
    today = s.clock.today()
    start = today.replace(year=today.year - 2, day=1)
    for sc in s.schedules.find():
        s.schedules.set_schedule(sc.estate_id, sc.kind, sc.period, start, sc.template_code)


def main(argv: list[str] | None = None) -> int:
    args, _app = begin(__doc__, argv)
    with demo_window(start_with_the_history) as (app, runner, window):
        window.show_screen("schedules")
        settle(app, runner, 300)
        screen: Any = window.screens["schedules"]
        screen.table.selectRow(0)
        settle(app, runner, 200)
        save(window, "schedules_due", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
