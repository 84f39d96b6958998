"""Render the import preview dialog (新增 / 更新 field: old → new / 没有变化) to
docs/screenshots/import-preview.png, and its mapping step — 列对应, 值对应, 问题 on an office's
own register — to import-preview-{columns,values,problems}.png, and its 重复 tab (near-duplicate
rows within the file and against the register, some decided 合并 / 分别保留, some still to
choose) to import-preview-duplicates.png, on the demo community in a throw-away data directory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_import_preview.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

import openpyxl

from wuye_desktop import i18n_build
from wuye_desktop.app import make_application
from wuye_desktop.paths import resolve
from wuye_desktop.services import demo
from wuye_desktop.services.context import open_services

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "import-preview.png"


def workbook(path: Path, estates: list[dict]) -> Path:
    """A worker's sheet: two estates changed (one with a blank 地址 cell), one unchanged, one new."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(["小区名称", "管理模式", "地址", "户数"])
    a, b, c = estates[:3]
    ws.append([a["name"], "业主自管", None, a["household_count"]])
    ws.append([b["name"], b["management_mode"].label, b["address"], (b["household_count"] or 0) + 12])
    ws.append([c["name"], c["management_mode"].label, c["address"], c["household_count"]])
    ws.append(["幸福家园二期", "准物业", "长春市南关区幸福街8号", 320])
    wb.save(path)
    return path


def office_register(path: Path) -> Path:
    """An office's own table: its words for the choices, a column the worker maps, a bad cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(["小区名称", "管理模式", "纳入改造否", "合同期限", "户数", "填表人备注"])
    ws.append(["映月小区", "物业公司管理", "√", "2022.1.1-2024.12.31", 240, ""])
    ws.append(["星河小区", "单位自管", "×", "", "一百二", ""])
    ws.append(["望江小区", "弃管", "√", "2023年1月1日至2025年12月31日", 96, "待核实"])
    wb.save(path)
    return path


def near_duplicates(path: Path, lead: dict, other_building: str) -> Path:
    """A workbook written twice over in places: a new estate and its building each spelled two
    ways within the file, and a registered lead written with a space, in another building of
    the estate (against the register; a person may lead two, so keeping both is allowed)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(["小区名称", "管理模式", "地址"])
    ws.append(["幸福家园二期", "准物业", "长春市南关区幸福街8号"])
    ws.append(["幸福家园 二期", "准物业", "长春市南关区幸福街8号院"])
    ws = wb.create_sheet("楼栋")
    ws.append(["所属小区", "楼栋号", "单元数", "建成年份"])
    ws.append(["幸福家园二期", "1#", 3, None])
    ws.append(["幸福家园二期", "1号楼", None, 2008])
    ws = wb.create_sheet("楼长")
    ws.append(["姓名", "联系电话", "所属小区", "楼栋号"])
    who = lead["name"]
    ws.append([f"{who[0]} {who[1:]}", lead["phone"], lead["estate_name"], other_building])
    wb.save(path)
    return path


def duplicates_plan(svc: object, path: Path) -> object:
    """The plan of :func:`near_duplicates` with two groups decided, the others still asked."""
    from wuye_desktop.domain.duplicates import KEEP, MERGE
    from wuye_desktop.domain.import_mapping import ImportMapping

    transfer = svc.transfer  # type: ignore[attr-defined]
    groups = transfer.preview("all", path).duplicates
    decided = {g.kind: g.key for g in groups}
    plan = transfer.preview("all", path, mapping=ImportMapping(duplicates={
        decided["buildings"]: MERGE, decided["leads"]: KEEP}))
    assert [g.decision for g in plan.duplicates] == ["ask", MERGE, KEEP], plan.text()
    return plan


def shoot(app: object, dlg: object, out: Path) -> None:
    dlg.resize(900, 600)  # type: ignore[attr-defined]
    dlg.show()  # type: ignore[attr-defined]
    for _ in range(20):
        app.processEvents()  # type: ignore[attr-defined]
    out.parent.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(out))  # type: ignore[attr-defined]
    print(out)


def main() -> int:
    i18n_build.build()
    app = make_application(sys.argv[:1], "zh_CN")
    from wuye_desktop.ui.transfer_ui import PreviewDialog

    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        svc = open_services(paths)
        demo.install(svc.registers, 1)
        rows = sorted(svc.registers.rows("estates"), key=lambda r: r["name"] != "东风花园")
        plan = svc.transfer.preview("estates", workbook(Path(tmp) / "小区台账.xlsx", rows))
        assert plan.ok, plan.text()
        dlg = PreviewDialog(plan)
        shoot(app, dlg, OUT)
        dlg.close()
        office = svc.transfer.preview("estates", office_register(Path(tmp) / "办事处小区表.xlsx"))
        dlg = PreviewDialog(office)
        for name, index in (("columns", dlg.tabs.columns_index), ("values", dlg.tabs.values_index),
                            ("problems", dlg.tabs.problems_index)):
            dlg.tabs.setCurrentIndex(index)
            shoot(app, dlg, OUT.with_name(f"import-preview-{name}.png"))
        dlg.close()
        lead = svc.registers.rows("leads")[0]
        other = next(b["number"] for b in svc.registers.rows("buildings")
                     if b["estate_name"] == lead["estate_name"]
                     and b["number"] != lead["building_number"])
        plan = duplicates_plan(svc, near_duplicates(Path(tmp) / "重复台账.xlsx", lead, other))
        dlg = PreviewDialog(plan)
        dlg.tabs.setCurrentIndex(dlg.tabs.duplicates_index)
        shoot(app, dlg, OUT.with_name("import-preview-duplicates.png"))
        dlg.close()
        svc.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
