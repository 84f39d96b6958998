"""The 社区 sheet through the import dialog (issue 13, item 2): the preview names the office
field that changes, and 确认导入 writes it to the community record."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QFileDialog

from wuye_desktop.ui.main_window import MainWindow
from wuye_desktop.ui.transfer_ui import ImportFlow


def test_import_dialog_previews_and_writes_the_office_phone(window: MainWindow, demo_services, wait_idle,
                                                            monkeypatch, tmp_path: Path, qtbot) -> None:
    demo_services.registers.update_office(phone="0431-85910000")
    path = tmp_path / "all.xlsx"
    demo_services.transfer.export("all", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["社区"]
    col = next(c.column for c in ws[1] if str(c.value).lstrip("*") == "办公电话")
    ws.cell(row=2, column=col, value="0431-85917777")
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    flow = ImportFlow(window.ctx, window, None)
    assert flow.start()
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=60000)
    dlg = flow.preview_dialog
    assert dlg is not None and flow.plan is not None and flow.plan.ok, flow.plan and flow.plan.text()
    assert "社区信息更新办公电话" in dlg.summary.text()
    assert dlg.confirm_button.isEnabled()
    assert demo_services.registers.community().office_phone == "0431-85910000"
    with qtbot.waitSignal(flow.finished, timeout=60000):
        dlg.confirm_button.click()
    wait_idle()
    assert flow.report is not None and flow.report.ok
    assert demo_services.registers.community().office_phone == "0431-85917777"
