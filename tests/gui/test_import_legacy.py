"""The import dialog offers and reads the formats offices have: a WPS/Excel 97 .xls register."""

from __future__ import annotations

from pathlib import Path

import xlwt
from PySide6.QtWidgets import QFileDialog

from wuye_desktop.ui.main_window import MainWindow


def test_xls_register_is_offered_previewed_and_imported(window: MainWindow, wait_idle, monkeypatch,
                                                         tmp_path: Path, demo_services, qtbot):
    regs = demo_services.registers
    estate = regs.estate_choices()[0][1]
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("楼栋")
    for c, h in enumerate(["所属小区", "楼栋号", "单元数", "地上层数"]):
        ws.write(0, c, h)
    ws.write_merge(1, 2, 0, 0, estate)  # the estate merged over its two buildings
    for r, (number, units, floors) in enumerate([("新1号楼", 2.0, 6.0), ("新2号楼", 3.0, 7.0)], 1):
        ws.write(r, 1, number)
        ws.write(r, 2, units)
        ws.write(r, 3, floors)
    path = tmp_path / "楼栋台账.xls"
    wb.save(str(path))
    window.show_screen("buildings")
    wait_idle()
    before = regs.count("buildings")
    offered: list[str] = []

    def pick(_parent, _title, _dir, filters):
        offered.append(filters)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    flow = window.import_file()
    # the dialog lists legacy workbooks, so the worker can see the file at all
    assert "*.xls" in offered[0] and "*.et" in offered[0] and "*.ods" in offered[0]
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=20000)
    assert "新增2条" in flow.preview_dialog.summary.text()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        flow.preview_dialog.confirm_button.click()
    wait_idle()
    assert flow.report.ok
    assert regs.count("buildings") == before + 2
