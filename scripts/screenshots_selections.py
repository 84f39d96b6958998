"""Render the 物业选聘 screen with the demo community to docs/screenshots/selections.png, and
the two documents (选聘结果公示, 物业服务合同备案表) to docs/printing/ via pdftoppm.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_selections.py

Uses a throw-away data directory, so the user's own data is never touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

from sqlalchemy import select

from wuye_desktop.domain.enums import ListStatus, ServiceGrade
from wuye_desktop.domain.selection import SelectionMethod
from wuye_desktop.services.context import Services
from wuye_desktop.storage.models import Company

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import begin, demo_window, save, settle  # the main screenshot script's helpers

PRINTING = Path(__file__).resolve().parents[1] / "docs" / "printing"


def prepare(s: Services) -> None:
    estates = [e for e in s.registers.rows("estates") if e.get("household_count")]
    with s.db.unit_of_work() as ss:
        companies = [c for c in ss.scalars(select(Company).order_by(Company.name))]
        companies[-1].list_status = ListStatus.BLACK
        ids = [c.id for c in companies if c.list_status is not ListStatus.BLACK]
    for n, e in enumerate(estates[:2]):
        hh = int(e["household_count"])
        sv = s.surveys.record_willingness(e["id"], "2026年", date(2026, 9, 1), hh, hh - 10, hh * 2 // 3)
        sid = s.selections.start(e["id"], SelectionMethod.PUBLIC_TENDER if n == 0 else SelectionMethod.AGREEMENT,
                                 date(2026, 9, 10), "小区规模较小，经业主大会同意" if n else None, sv.id)
        for cid, score in zip(ids[:3], (91.5, 86.0, 78.5), strict=False):
            s.selections.add_candidate(sid, cid)
            s.selections.evaluate(sid, cid, score)
        if n == 0:
            s.selections.result(sid, None, date(2026, 10, 8), date(2026, 10, 14))
            s.selections.file(sid, date(2026, 10, 16), date(2027, 1, 1), date(2029, 12, 31), 0.85,
                              ServiceGrade.LEVEL2)


def main(argv: list[str] | None = None) -> int:
    args, _app = begin(__doc__, argv)
    with demo_window(prepare) as (app, runner, window):
        services: Any = window.ctx.services
        window.show_screen("selections")
        settle(app, runner, 300)
        screen: Any = window.screens["selections"]
        filed = next(r for r in services.selections.find() if r.filed_on is not None)
        open_ = next(r for r in services.selections.find() if r.filed_on is None)
        row = next(k for k in range(screen.model.rowCount()) if screen.model.row_id(k) == open_.id)
        screen.table.selectRow(row)
        settle(app, runner, 200)
        black = next(c["id"] for c in runner.run_sync(lambda: services.registers.rows("companies"))
                     if c.get("list_status") is ListStatus.BLACK)
        screen.company.setCurrentIndex(screen.company.findData(black))
        screen.add_button.click()  # refused: the message shows beside the form
        settle(app, runner, 300)
        save(window, "selections", args.out)
        with tempfile.TemporaryDirectory() as tmp:
            for kind, name in (("publication", "sample_selection_publication"),
                               ("filing", "sample_selection_filing")):
                pdf = Path(tmp) / f"{kind}.pdf"
                runner.run_sync(lambda k=kind, p=pdf: services.selections.print(filed.id, k, p))
                subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                                str(PRINTING / name)], check=True)
                print(PRINTING / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
