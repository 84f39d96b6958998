"""Issue 9, items 1–2 through the real widgets: 新建 never merges into an existing record (the
form offers 打开已有记录), an edit saves only the changed fields, and an import shows its
preview and writes only on 确认导入, changing only what the file says."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from wuye_desktop.storage.db import Database
from wuye_desktop.storage.models import Estate
from wuye_desktop.storage.outbox import SUPPRESS
from wuye_desktop.ui.main_window import MainWindow

ESTATE = "东风花园"


def _screen(window: MainWindow, key: str, wait_idle):
    window.show_screen(key)
    wait_idle()
    return window.screens[key]


def _estate(regs, name: str = ESTATE) -> dict:
    (row,) = [r for r in regs.rows("estates") if r["name"] == name]
    return row


def _stable(r: dict) -> dict:
    return {k: v for k, v in r.items() if k not in ("sync_state", "updated_at")}


def test_new_estate_with_existing_name_is_refused_and_offers_the_existing(
        window: MainWindow, wait_idle, qtbot, demo_services) -> None:
    """(a) 新建 东风花园 again: refused with the existing estate named; nothing lost."""
    regs = demo_services.registers
    before = _estate(regs)
    assert before["address"] and before["company_name"] and before["contract_start"]
    panel = _screen(window, "estates", wait_idle).panel
    window.act_new.trigger()
    panel.form.set_field("name", ESTATE)
    panel.form.set_field("management_mode", "none")
    window.act_save.trigger()
    wait_idle()
    message = panel.form.message("")
    assert f"已有小区“{ESTATE}”" in message and before["address"] in message
    assert panel.current_id is None
    assert regs.count("estates") == 12
    assert _stable(_estate(regs)) == _stable(before)
    # 打开已有记录 opens the estate that exists, in the form and selected in the table
    button = panel.open_existing_button
    assert button.isVisible() and button.text() == "打开已有记录"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert panel.current_id == before["id"]
    assert panel.form.values()["address"] == before["address"]
    assert not panel.form.dirty and not button.isVisible()
    assert panel.model.row_id(panel.table.currentIndex().row()) == before["id"]


def test_second_lead_with_same_name_in_same_building_is_refused(
        window: MainWindow, wait_idle, demo_services) -> None:
    """(b) a second 楼长 of the same name in the same building: the first keeps phone and term."""
    regs = demo_services.registers
    lead = next(r for r in regs.rows("leads") if r["term_end"] and r["phone"])
    n = regs.count("leads")
    panel = _screen(window, "leads", wait_idle).panel
    panel.new_record()
    form = panel.form
    form.set_field("name", lead["name"])
    form.set_field("phone", "13900001111")
    form.set_field("estate_name", lead["estate_name"])
    form.set_field("building_number", lead["building_number"])
    panel.save()
    wait_idle()
    assert f"楼长“{lead['name']}”" in form.message("")
    assert panel.open_existing_button.isVisible()
    assert regs.count("leads") == n
    assert _stable(regs.get("leads", lead["id"])) == _stable(lead)


def test_edit_saves_only_changed_fields_and_keeps_a_concurrent_sync_change(
        window: MainWindow, wait_idle, demo_services) -> None:
    regs = demo_services.registers
    before = _estate(regs)
    panel = _screen(window, "estates", wait_idle).panel
    panel.load_record(before["id"])
    wait_idle()
    assert panel.form.values()["address"] == before["address"]
    # while the form is open, sync changes the address from another connection
    other = Database(demo_services.db.path)
    try:
        with other.unit_of_work() as s:
            s.info[SUPPRESS] = True
            obj = s.get(Estate, before["id"])
            obj.address = "同步来的地址8号"
    finally:
        other.close()
    panel.form.set_field("household_count", 1234)
    panel.save()
    wait_idle()
    after = regs.get("estates", before["id"])
    assert after["household_count"] == 1234
    assert after["address"] == "同步来的地址8号"  # not overwritten by the form's stale copy
    assert after["company_name"] == before["company_name"]


def _estates_xlsx(path: Path, header: list[str], *rows: list[object]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _import(window: MainWindow, monkeypatch, qtbot, path: Path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    flow = window.import_file()
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=20000)
    return flow


def _confirm(flow, qtbot, wait_idle) -> None:
    with qtbot.waitSignal(flow.finished, timeout=20000):
        qtbot.mouseClick(flow.preview_dialog.confirm_button, Qt.MouseButton.LeftButton)
    wait_idle()


def test_import_with_two_columns_previews_then_changes_only_those(
        window: MainWindow, wait_idle, qtbot, monkeypatch, tmp_path, demo_services) -> None:
    """(c) only 小区名称 and 管理模式: the preview shows one change, confirming writes only it."""
    regs = demo_services.registers
    before = _estate(regs)
    _screen(window, "estates", wait_idle)
    new_mode = "业主自管" if before["management_mode"].label != "业主自管" else "准物业"
    f = _estates_xlsx(tmp_path / "mode.xlsx", ["小区名称", "管理模式"], [ESTATE, new_mode])
    flow = _import(window, monkeypatch, qtbot, f)
    dlg = flow.preview_dialog
    assert "更新1条" in dlg.summary.text()
    assert dlg.change_texts() == [f"管理模式：{before['management_mode'].label} → {new_mode}"]
    assert _stable(_estate(regs)) == _stable(before)  # nothing written before confirmation
    _confirm(flow, qtbot, wait_idle)
    assert flow.report is not None and flow.report.ok
    after = _estate(regs)
    assert after["management_mode"].label == new_mode
    assert {k: v for k, v in _stable(after).items() if k != "management_mode"} == {
        k: v for k, v in _stable(before).items() if k != "management_mode"}


def test_import_blank_cell_keeps_value_unless_checkbox_and_cancel_writes_nothing(
        window: MainWindow, wait_idle, qtbot, monkeypatch, tmp_path, demo_services) -> None:
    """(d) an empty 地址 cell keeps the address; 空白单元格清空原有内容 clears it on request."""
    regs = demo_services.registers
    before = _estate(regs)
    _screen(window, "estates", wait_idle)
    old_mode = before["management_mode"].label
    new_mode = "业主自管" if old_mode != "业主自管" else "准物业"
    f = _estates_xlsx(tmp_path / "blank.xlsx", ["小区名称", "管理模式", "地址", "物业企业"],
                      [ESTATE, new_mode, None, None])
    flow = _import(window, monkeypatch, qtbot, f)
    dlg = flow.preview_dialog
    assert dlg.blank_clears.text() == "空白单元格清空原有内容" and not dlg.blank_clears.isChecked()
    assert dlg.change_texts() == [f"管理模式：{old_mode} → {new_mode}"]
    dlg.blank_clears.setChecked(True)  # the preview is recomputed with the new choice
    qtbot.waitUntil(lambda: f"地址：{before['address']} → （空）" in dlg.change_texts(),
                    timeout=20000)
    with qtbot.waitSignal(flow.finished, timeout=20000):
        qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert _stable(_estate(regs)) == _stable(before)  # 取消: nothing written
    flow = _import(window, monkeypatch, qtbot, f)  # again, keeping the default
    _confirm(flow, qtbot, wait_idle)
    assert flow.report.ok
    after = _estate(regs)
    assert after["address"] == before["address"] and after["company_name"] == before["company_name"]
    assert after["management_mode"].label == new_mode
    assert {k: v for k, v in _stable(after).items() if k != "management_mode"} == {
        k: v for k, v in _stable(before).items() if k != "management_mode"}
