"""Render the inspection screens with the demo community to PNG under docs/screenshots/:
the keyboard form (a draft half filled, with photos), the finalise confirmation, the list, the
rectification board and the 概览 dashboard.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_inspections.py

Uses a throw-away data directory, so the user's own data is never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

from PIL import Image, ImageDraw
from PySide6.QtCore import QSettings

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.paths import resolve
from wuye_desktop.services import demo, demo_inspections, plugins
from wuye_desktop.services.context import open_services
from wuye_desktop.services.inspections import Inspector
from wuye_desktop.tasks import TaskRunner

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import begin, save, settle  # noqa: E402  (the main screenshot script's helpers)


def photo(path: Path, hue: int) -> Path:
    """A stand-in for a phone photo: a corridor with clutter."""
    img = Image.new("RGB", (1600, 1200), (200, 196, 188))
    d = ImageDraw.Draw(img)
    d.polygon([(0, 1200), (600, 500), (1000, 500), (1600, 1200)], fill=(150, 140, 128))
    d.rectangle([600, 200, 1000, 500], fill=(90, 90, 100))
    d.rectangle([250, 800, 700, 1100], fill=(hue, 90, 60))
    d.ellipse([900, 850, 1250, 1150], fill=(60, 120, hue))
    img.save(path, "JPEG", quality=85)
    return path


def main(argv: list[str] | None = None) -> int:
    args, app = begin(__doc__, argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        runner = TaskRunner()

        def build() -> object:
            s = open_services(paths)
            plugins.install(s)
            demo.install(s.registers, 1)
            demo_inspections.install(s, 1)
            return s

        services = runner.run_sync(build)
        ins = services.extra["inspections"]  # type: ignore[attr-defined]
        regs = services.registers  # type: ignore[attr-defined]
        estate = next(e for e in regs.rows("estates")
                      if e["management_mode"] is ManagementMode.QUASI and e.get("company_name"))
        tid = services.extra["inspection_templates"].latest("quasi-quarterly").id  # type: ignore[attr-defined]
        pics = [photo(Path(tmp) / f"现场{i}.jpg", 80 + 60 * i) for i in range(3)]

        def draft() -> str:
            d = ins.create_draft(estate["id"], tid, date.today(),
                                 inspectors=[Inspector("worker", "王丽华"), Inspector("worker", "李强")],
                                 company_rep="张经理")
            answers = {"A1": "fail", "A2": "pass", "A3": "pass", "A4": "pass", "A5": "na", "A6": "pass",
                       "B1": "pass", "B2": "pass", "B3": "fail"}
            for code, res in answers.items():
                ins.set_item(d.id, code, result=res)
            ins.set_item(d.id, "A1", note="3单元楼道堆放纸箱、旧家具")
            ins.set_item(d.id, "B3", note="2号楼楼道停放电动自行车3辆，有飞线充电")
            for p in pics[:2]:
                ins.attach_photo(d.id, p, "A1")
            ins.attach_photo(d.id, pics[2], "B3")
            return d.id

        draft_id = runner.run_sync(draft)

        from wuye_desktop.ui.context import UiContext
        from wuye_desktop.ui.main_window import MainWindow

        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        window = MainWindow(UiContext(services, runner, settings))  # type: ignore[arg-type]
        window.set_community(demo.DEMO_NAME, demo.DEMO_CODE)
        window.resize(1440, 1280)
        window.show()
        settle(app, runner, 600)
        save(window, "dashboard", args.out)

        window.resize(1440, 900)
        window.show_screen("inspections")
        settle(app, runner, 400)
        screen = window.screens["inspections"]
        save(window, "inspection_list", args.out)
        screen.open_inspection(draft_id)  # type: ignore[attr-defined]
        settle(app, runner, 300)
        form = screen.form  # type: ignore[attr-defined]
        form.table.selectRow(0)
        settle(app, runner, 300)
        save(window, "inspection_form", args.out)
        for it in runner.run_sync(lambda: ins.get(draft_id)).items:
            if it.result is None:
                runner.run_sync(lambda c=it.code: ins.set_item(draft_id, c, result="pass"))
        form.load(draft_id)
        settle(app, runner, 300)
        form.request_finalise()
        settle(app, runner, 400)
        save(form.finalise_dialog, "inspection_finalise", args.out)
        form.finalise_dialog.accept()
        settle(app, runner, 400)
        save(window, "inspection_finalised", args.out)

        window.show_screen("rectifications")
        settle(app, runner, 400)
        save(window, "rectification_board", args.out)
        window.close()
        runner.run_sync(services.close)  # type: ignore[attr-defined]
        runner.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
