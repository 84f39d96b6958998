"""Real user flows: first-run setup, create/edit/delete with inline validation, filtering,
import through the dialogs, unsaved-changes question."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from wuye_desktop.app import AppController
from wuye_desktop.ui import dialogs
from wuye_desktop.ui.main_window import MainWindow


def _screen(window: MainWindow, key: str, wait_idle):
    window.show_screen(key)
    wait_idle()
    return window.screens[key]


def test_first_run_setup_validates_then_creates(qtbot, app_paths, wait_idle):
    controller = AppController(app_paths)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.setup_dialog is not None, timeout=20000)
        dlg = controller.setup_dialog
        qtbot.addWidget(dlg)
        dlg.code.setText("2201020030")  # too short
        dlg.name.setText("")
        qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
        assert "12位" in dlg.code_message.text()
        assert dlg.name_message.text()
        assert "工作人员姓名" in dlg.worker_message.text()  # the worker's name is required
        assert controller.window is None
        dlg.code.setText("220102003001")
        dlg.name.setText("桃源社区")
        dlg.worker.setText("王小红")
        qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: controller.window is not None, timeout=20000)
        qtbot.addWidget(controller.window)
        assert "桃源社区" in controller.window.community_label.text()
        assert controller.services.registers.community().code == "220102003001"
        # Who is working: stored, stamped on the community row and shown in the status bar.
        assert controller.services.db.user == "王小红"
        assert controller.services.db.get_setting("worker_name") == "王小红"
        qtbot.waitUntil(lambda: "王小红" in controller.window.worker_button.text())
        qtbot.waitUntil(lambda: controller.runner.pending == 0)
    finally:
        controller.shutdown()


def test_first_run_demo_community(qtbot, app_paths):
    controller = AppController(app_paths)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.setup_dialog is not None, timeout=20000)
        qtbot.addWidget(controller.setup_dialog)
        qtbot.mouseClick(controller.setup_dialog.demo_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: controller.window is not None, timeout=30000)
        qtbot.addWidget(controller.window)
        assert controller.services.registers.count("estates") == 12
        # the same demo as `wuye-desktop demo`: inspections for the dashboard come with it
        assert controller.services.inspections.count() > 100
        qtbot.waitUntil(lambda: controller.runner.pending == 0)
    finally:
        controller.shutdown()


def test_existing_community_opens_main_window_directly(qtbot, demo_services, runner, app_paths):
    runner.run_sync(demo_services.close)
    controller = AppController(app_paths)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.window is not None, timeout=20000)
        qtbot.addWidget(controller.window)
        assert controller.setup_dialog is None
        qtbot.waitUntil(lambda: controller.runner.pending == 0)
    finally:
        controller.shutdown()


def test_create_estate_wrong_code_then_corrected(window: MainWindow, wait_idle, demo_services):
    screen = _screen(window, "estates", wait_idle)
    panel = screen.panel
    window.act_new.trigger()
    form = panel.form
    form.set_field("name", "幸福家园二期")
    form.set_field("management_mode", "quasi")
    form.set_field("community_code", "220102003009")  # another community's code
    window.act_save.trigger()
    wait_idle()
    assert "另一个社区" in form.message("community_code")
    assert panel.current_id is None
    assert demo_services.registers.count("estates", search="幸福家园二期") == 0
    form.set_field("community_code", "220102003001")
    window.act_save.trigger()
    wait_idle()
    assert form.message("community_code") == ""
    assert panel.current_id is not None
    assert not form.dirty
    saved = demo_services.registers.get("estates", panel.current_id)
    assert saved["name"] == "幸福家园二期" and saved["management_mode"] == "quasi"
    assert panel.model.row_of(panel.current_id) >= 0  # the table refreshed


def test_live_validation_shows_message_while_typing(window: MainWindow, wait_idle, qtbot):
    panel = _screen(window, "leads", wait_idle).panel
    panel.new_record()
    panel.form.set_field("phone", "12345")
    qtbot.waitUntil(lambda: panel.form.message("phone") != "", timeout=5000)
    assert panel.form.message("name")  # required


def test_edit_record_and_required_field(window: MainWindow, wait_idle, demo_services):
    panel = _screen(window, "companies", wait_idle).panel
    panel.table.selectRow(0)
    wait_idle()
    assert panel.current_id is not None
    row_id = panel.current_id
    panel.form.set_field("manager", "王建国")
    panel.save()
    wait_idle()
    assert demo_services.registers.get("companies", row_id)["manager"] == "王建国"
    panel.form.set_field("name", None)
    panel.save()
    wait_idle()
    assert panel.form.message("name")
    assert demo_services.registers.get("companies", row_id)["name"]


def test_filter_register_by_estate_and_search(window: MainWindow, wait_idle, qtbot, demo_services):
    panel = _screen(window, "buildings", wait_idle).panel
    qtbot.waitUntil(lambda: panel.model.total >= 0)
    all_rows = panel.model.total
    assert all_rows == demo_services.registers.count("buildings")
    panel.estate_filter.setCurrentIndex(1)
    wait_idle()
    estate = panel.estate_filter.currentText()
    assert 0 < panel.model.rowCount() < all_rows
    assert {panel.model.value(r, "estate_name") for r in range(panel.model.rowCount())} == {estate}
    qtbot.keyClicks(panel.search, "10")  # typed (QTest cannot type non-Latin-1 keys)
    panel.search.insert("号")
    qtbot.waitUntil(lambda: panel.model.search == "10号", timeout=5000)
    wait_idle()
    assert panel.model.rowCount() == 1
    assert panel.total_label.text() == "共1条"


def test_soft_delete_asks_and_respects_dependents(window: MainWindow, wait_idle, monkeypatch,
                                                 demo_services):
    regs = demo_services.registers
    panel = _screen(window, "leads", wait_idle).panel
    panel.table.selectRow(0)
    wait_idle()
    row_id = panel.current_id
    answers = []
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: answers.append(a[2]) or dialogs.Button.No)
    panel.delete()
    wait_idle()
    assert answers and regs.get("leads", row_id) is not None  # "No" keeps it
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: dialogs.Button.Yes)
    before = regs.count("leads")
    panel.delete()
    wait_idle()
    assert regs.count("leads") == before - 1
    assert panel.model.row_of(row_id) == -1
    assert panel.current_id is None
    # an estate with buildings cannot be deleted: the reason is shown, nothing changes
    estates = _screen(window, "estates", wait_idle).panel
    estates.table.selectRow(0)
    wait_idle()
    n = regs.count("estates")
    estates.delete()
    wait_idle()
    assert "楼" in estates.form.message("")
    assert regs.count("estates") == n


def test_unsaved_changes_are_asked_about(window: MainWindow, wait_idle, monkeypatch):
    panel = _screen(window, "companies", wait_idle).panel
    panel.table.selectRow(0)
    wait_idle()
    first = panel.current_id
    panel.form.set_field("manager", "未保存的名字")
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: dialogs.Button.Cancel)
    panel.table.selectRow(1)
    wait_idle()
    assert panel.current_id == first and panel.form.dirty
    window.show_screen("overview")
    assert window.current_screen() is window.screens["companies"]  # stayed
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: dialogs.Button.Discard)
    panel.table.selectRow(1)
    wait_idle()
    assert panel.current_id != first and not panel.form.dirty


def _buildings_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "楼栋"
    ws.append(["所属小区", "楼栋号", "单元数", "地上层数"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_through_dialog_all_or_nothing(window: MainWindow, wait_idle, monkeypatch, tmp_path,
                                               demo_services, qtbot):
    regs = demo_services.registers
    estate = regs.estate_choices()[0][1]
    bad = _buildings_xlsx(tmp_path / "bad.xlsx", [[estate, "新1号楼", 2, 6],
                                                   ["不存在的小区", "新2号楼", 2, 6]])
    good = _buildings_xlsx(tmp_path / "good.xlsx", [[estate, "新1号楼", 2, 6],
                                                     [estate, "新2号楼", 3, 7]])
    _screen(window, "buildings", wait_idle)
    before = regs.count("buildings")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    flow = window.import_file()
    # A file with problems opens the preview at its problems, all listed; nothing can be confirmed.
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=20000)
    assert flow.plan is not None and not flow.plan.ok
    assert not flow.preview_dialog.confirm_button.isEnabled()
    assert any("不存在的小区" in t for t in flow.preview_dialog.tabs.problem_texts())
    assert regs.count("buildings") == before
    saved = tmp_path / "report.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    assert flow.preview_dialog.save_report() == saved
    assert "不存在的小区" in saved.read_text(encoding="utf-8-sig")
    with qtbot.waitSignal(flow.finished, timeout=20000):
        flow.preview_dialog.cancel_button.click()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    flow = window.import_file()
    # a valid file is previewed first and written only on 确认导入
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=20000)
    assert "新增2条" in flow.preview_dialog.summary.text()
    assert regs.count("buildings") == before
    with qtbot.waitSignal(flow.finished, timeout=20000):
        flow.preview_dialog.confirm_button.click()
    wait_idle()
    assert flow.report.ok
    assert regs.count("buildings") == before + 2
    panel = window.screens["buildings"].panel
    qtbot.waitUntil(lambda: panel.model.total == before + 2)  # the open register refreshed


def test_import_cancelled_by_file_dialog_does_nothing(window: MainWindow, monkeypatch, wait_idle):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    flow = window.import_file()
    assert flow.report is None and flow.progress is None


def test_export_through_dialog(window: MainWindow, monkeypatch, tmp_path, qtbot, wait_idle):
    _screen(window, "companies", wait_idle)
    target = tmp_path / "companies.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    flow = window.export_file()
    with qtbot.waitSignal(flow.finished, timeout=20000) as blocker:
        pass
    assert blocker.args == [target]
    wb = openpyxl.load_workbook(target)
    assert wb.worksheets[0].max_row >= 9  # header + 8 demo companies


@pytest.mark.parametrize("kind", ["estates"])
def test_estate_page_shows_related(window: MainWindow, wait_idle, kind, demo_services):
    screen = _screen(window, kind, wait_idle)
    screen.panel.table.selectRow(0)
    wait_idle()
    estate_id = screen.panel.current_id
    regs = demo_services.registers
    assert screen.buildings.related.rowCount() == regs.count("buildings", filters={"estate_id": estate_id})
    assert screen.leads.related.rowCount() == regs.count("leads", filters={"estate_id": estate_id})
    company = regs.get("estates", estate_id)["company_name"]
    assert screen.company.related.rowCount() == (1 if company else 0)
