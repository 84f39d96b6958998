"""Render 修改记录 and 回收站 with the demo community to docs/screenshots/history.png and
trash.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_history.py

Uses a throw-away data directory. Two workers edit 东风花园 (one of them then restores an
earlier version) and delete a few records, all through the services, as in the app.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

from PySide6.QtCore import QSettings

from wuye_desktop.paths import resolve
from wuye_desktop.services import demo, plugins
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.services.workers import WorkerService
from wuye_desktop.tasks import TaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import SIZE, begin, save, settle


def _story(svc: Services) -> str:
    """Edits by two workers, a restored version, and some deletions; returns the estate id."""
    regs, hist, workers = svc.registers, svc.extra["history"], WorkerService(svc.db)
    eid = hist.find("estates", "东风花园")

    def edit(kind: str, row_id: str, **changes: object) -> None:
        values = dict(regs.get(kind, row_id) or {})
        values.update(changes)
        regs.save(kind, values, row_id)

    workers.switch("王小红")
    edit("estates", eid, address="长春市南关区人民大街1190号（东门）", household_count=884,
         service_grade="二级")
    workers.switch("李建华")
    edit("estates", eid, management_mode="准物业", company_name=None, note="原物业合同到期，转为准物业")
    workers.switch("王小红")
    versions = hist.history("estates", eid)
    hist.restore_version("estates", eid, versions[1].id)  # undo 李建华's change
    for lead in regs.rows("leads", filters={"estate_id": eid})[:2]:
        regs.delete("leads", lead["id"])
    workers.switch("李建华")
    other = hist.find("estates", "兴华新村")
    for m in regs.rows("members", filters={"estate_id": other}):
        regs.delete("members", m["id"])
    committee = hist.find("committees", "兴华新村")
    if committee:
        regs.delete("committees", committee)
    return eid


def main(argv: list[str] | None = None) -> int:
    args, app = begin(__doc__, argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        runner = TaskRunner()
        svc = runner.run_sync(lambda: open_services(paths))
        plugins.install(svc)
        runner.run_sync(lambda: demo.install(svc.registers, 1))
        eid = runner.run_sync(lambda: _story(svc))

        from wuye_desktop.ui.context import UiContext
        from wuye_desktop.ui.main_window import MainWindow

        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        window = MainWindow(UiContext(svc, runner, settings))
        window.set_community(demo.DEMO_NAME, demo.DEMO_CODE)
        window.resize(*SIZE)
        window.show()
        settle(app, runner, 400)

        window.show_screen("estates")
        settle(app, runner)
        panel = window.screens["estates"].panel  # type: ignore[attr-defined]
        panel.load_record(eid)
        settle(app, runner)
        dlg = panel.show_history()
        dlg.resize(980, 620)
        settle(app, runner, 300)
        dlg.versions.selectRow(1)  # 李建华's change, with 恢复为此版本 enabled
        settle(app, runner, 300)
        save(dlg, "history", args.out)
        dlg.close()

        window.show_screen("trash")
        settle(app, runner, 300)
        window.screens["trash"].table.selectRow(0)  # type: ignore[attr-defined]
        settle(app, runner, 200)
        save(window, "trash", args.out)
        window.close()
        runner.run_sync(svc.close)
        runner.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
