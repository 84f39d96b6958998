"""Render the 维修资金 screen with two applications of the demo community to PNG under
docs/screenshots/ (fund.png: the list and the handling page; fund_print.png: the tally sheet in
the preview).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_fund.py

Uses a throw-away data directory, so the user's own data is never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import begin, demo_window, save, settle  # the main screenshot script's helpers

from wuye_desktop.domain.fund import FundPath
from wuye_desktop.services.context import Services


def _applications(s: Services) -> None:
    estate = s.registers.estate_choices()[0][0]
    blds = s.registers.buildings_of(estate)
    f = s.fund
    lift = f.add(estate, FundPath.EMERGENCY, "电梯停运", f"{blds[0][1]}电梯曳引机故障停运，需更换",
                 "物业服务中心", 4_560_000, date(2026, 11, 12), [(blds[0][0], "4800.50", 64)],
                 contractor="某电梯维保公司")
    f.advance(lift, date(2026, 11, 12), "社区王丽", "情况属实")
    f.advance(lift, date(2026, 11, 13), "街道李强", "同意")
    roof = f.add(estate, FundPath.ORDINARY, "屋面漏水", "屋面防水层老化，顶层多户渗水，整体翻修防水",
                 "业主委员会", 18_600_000, date(2026, 11, 2),
                 [(blds[0][0], "3210.55", 48), (blds[1][0], "3210.55", 48)], contractor="某防水工程公司")
    f.record_vote(roof, "4500.00", 70, "2500.00", 40, date(2026, 11, 6))
    for who, day in (("社区王丽", 9), ("街道李强", 10), ("县住建局", 12), ("某防水工程公司", 14)):
        f.advance(roof, date(2026, 11, day), who)
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / "验收.jpg"
        Image.new("RGB", (320, 240), "gray").save(photo)
        f.add_photos(roof, [photo])
    f.advance(roof, date(2026, 11, 25), "验收组")
    f.settle(roof, 17_843_207, date(2026, 11, 28), "县住建局")


def main(argv: list[str] | None = None) -> int:
    args, _app = begin(__doc__, argv)
    with demo_window(_applications) as (app, runner, window):
        window.show_screen("fund")
        settle(app, runner, 300)
        screen: Any = window.screens["fund"]
        screen.table.selectRow(1)
        screen.tabs.setCurrentIndex(1)
        settle(app, runner, 200)
        save(window, "fund", args.out)
        screen.print_buttons["tally"].click()
        settle(app, runner, 600)
        save(window, "fund_print", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
