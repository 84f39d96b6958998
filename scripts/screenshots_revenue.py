"""Render the 公共收益 screen with the demo community and a quarter's ledger to PNG under
docs/screenshots/ (revenue.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_revenue.py

Uses a throw-away data directory, so the user's own data is never touched. Pin the business
date with WUYE_CLOCK_TODAY=YYYY-MM-DD for a reproducible picture.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import begin, demo_window, save, settle  # the main screenshot script's helpers

from wuye_desktop.domain.revenue import EntryKind, PeriodKind
from wuye_desktop.services.revenue import EntryInput

IN, OUT = EntryKind.INCOME, EntryKind.EXPENSE
LEDGER = [(IN, "广告", dt.date(2026, 9, 28), "8800", "长春新媒广告有限公司", "合同GG-2026-07"),
          (IN, "广告", dt.date(2026, 10, 8), "12000", "长春新媒广告有限公司", "发票No.03817722"),
          (IN, "停车", dt.date(2026, 11, 30), "36500.50", "物业服务中心（代收）", "收据0092-0105"),
          (IN, "场地租赁", dt.date(2026, 12, 31), "600", "早餐车摊位", "收据0106"),
          (OUT, "维修养护", dt.date(2026, 10, 20), "3200", "长春安居物业服务有限公司", "单元门禁维修发票"),
          (OUT, "补充维修资金", dt.date(2026, 12, 15), "20000", "住宅专项维修资金专户", "缴存凭证")]


def main(argv: list[str] | None = None) -> int:
    args, _app = begin(__doc__, argv)
    with demo_window() as (app, runner, window):
        services: Any = window.ctx.services
        estate = next(e.id for e in services.printing.estates() if services.printing.buildings(e.id))
        for kind, cat, day, amount, who, evidence in LEDGER:
            services.revenue.add_entry(EntryInput(estate, kind, cat, day, amount, who, evidence))
        window.show_screen("revenue")
        settle(app, runner, 300)
        screen: Any = window.screens["revenue"]
        screen.estate.setCurrentIndex(screen.estate.findData(estate))
        screen.kind_filter.setCurrentIndex(screen.kind_filter.findData(PeriodKind.QUARTER))
        screen.year.setValue(2026)
        screen.part.setCurrentIndex(3)
        settle(app, runner, 300)
        screen.post_by.setText("王喆")
        screen.record_posting()
        settle(app, runner, 300)
        screen.table.selectRow(1)
        settle(app, runner, 200)
        save(window, "revenue", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
