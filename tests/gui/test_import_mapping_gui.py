"""Issue 17 through the real widgets: the preview is a mapping step — map a column, map a value
the file writes in its own words, fix a bad cell in place, import; the next file with the same
headers is read with the remembered mapping, and the preview says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tabular.conftest import build_xlsx
from wuye_desktop.ui.main_window import MainWindow

HEADER = ["小区名称", "管理模式", "纳入改造否", "户数"]


def _import(window: MainWindow, monkeypatch, qtbot, path: Path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    flow = window.import_file()
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=20000)
    return flow


def _replanned(flow, qtbot, wait_idle, change) -> None:
    """Make one change in the dialog and wait for the plan computed with it."""
    before = flow.plan
    change()
    qtbot.waitUntil(lambda: flow.plan is not before, timeout=20000)
    wait_idle()


def test_map_a_column_a_value_fix_a_cell_import_and_remember(
        window: MainWindow, wait_idle, qtbot, monkeypatch, tmp_path, demo_services) -> None:
    regs = demo_services.registers
    window.show_screen("estates")
    wait_idle()
    path = build_xlsx(tmp_path / "办事处小区表.xlsx", {"小区": [
        HEADER, ["映月小区", "单位自管", "√", 100], ["星河小区", "物业公司管理", "×", "一百二"]]})
    flow = _import(window, monkeypatch, qtbot, path)
    dlg = flow.preview_dialog
    tabs = dlg.tabs
    # Read, not written: the asked value and the bad cell are listed, confirming is off.
    assert not dlg.confirm_button.isEnabled()
    assert tabs.combo("column", "estates", "纳入改造否").currentText() == "（忽略）"
    asked = tabs.combo("value", "management_mode", "单位自管")
    assert asked.currentText() == "（请选择）"  # asked, never guessed
    assert tabs.combo("value", "management_mode", "物业公司管理").currentText() == "专业化物业"
    assert any("户数" in t and "第3行" in t for t in tabs.problem_texts())
    # 1. the worker maps the column
    _replanned(flow, qtbot, wait_idle, lambda: tabs.choose(
        tabs.combo("column", "estates", "纳入改造否"), "改造状态"))
    assert flow.plan.headers["estates"]["纳入改造否"] == "renovation_status"
    assert tabs.combo("value", "renovation_status", "√").currentText() == "已纳入计划"
    # 2. … the value
    _replanned(flow, qtbot, wait_idle, lambda: tabs.choose(
        tabs.combo("value", "management_mode", "单位自管"), "业主自管"))
    assert not any("管理模式" in t for t in tabs.problem_texts())
    # 3. … and types the right number over the bad cell (the file is not changed)
    _replanned(flow, qtbot, wait_idle, lambda: tabs.fix("小区", 3, "户数", "120"))
    assert flow.plan.ok, flow.plan.text()
    assert dlg.confirm_button.isEnabled() and "新增2条" in dlg.summary.text()
    assert regs.rows("estates") == [r for r in regs.rows("estates")
                                    if r["name"] not in ("映月小区", "星河小区")]
    with qtbot.waitSignal(flow.finished, timeout=20000):
        qtbot.mouseClick(dlg.confirm_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert flow.report is not None and flow.report.ok
    rows = {r["name"]: r for r in regs.rows("estates")}
    assert rows["映月小区"]["management_mode"].label == "业主自管"
    assert rows["映月小区"]["renovation_status"].label == "已纳入计划"
    assert rows["星河小区"]["household_count"] == 120
    assert rows["星河小区"]["renovation_status"].label == "未纳入改造"

    # Next month's file, same headers: read with the remembered mapping, and shown so.
    again = build_xlsx(tmp_path / "十二月.xlsx", {"小区": [
        HEADER, ["望江小区", "单位自管", "√", 80]]})
    flow = _import(window, monkeypatch, qtbot, again)
    dlg = flow.preview_dialog
    assert flow.plan.remembered and not dlg.remembered_note.isHidden()
    assert dlg.tabs.combo("column", "estates", "纳入改造否").currentText() == "改造状态"
    assert dlg.tabs.combo("value", "management_mode", "单位自管").currentText() == "业主自管"
    assert flow.plan.ok and dlg.confirm_button.isEnabled()


def test_merge_a_duplicate_group_and_import(window: MainWindow, wait_idle, qtbot, monkeypatch,
                                            tmp_path, demo_services) -> None:
    regs = demo_services.registers
    estate = regs.rows("estates")[0]["name"]
    window.show_screen("buildings")
    wait_idle()
    path = build_xlsx(tmp_path / "楼栋.xlsx", {"楼栋": [
        ["所属小区", "楼栋号", "单元数", "户数"], [estate, "88#", 2, None], [estate, "八十八号楼", None, 40]]})
    flow = _import(window, monkeypatch, qtbot, path)
    dlg = flow.preview_dialog
    tabs = dlg.tabs
    [group] = flow.plan.duplicates
    assert not dlg.confirm_button.isEnabled()
    assert tabs.isTabVisible(tabs.duplicates_index) and tabs.currentIndex() == tabs.duplicates_index
    assert "1组待选择" in tabs.tabText(tabs.duplicates_index)
    assert any("与第2行重复" in t for t in tabs.problem_texts())
    box = tabs.combo("duplicate", group.key)
    assert box.currentText() == "（请选择）"
    _replanned(flow, qtbot, wait_idle, lambda: tabs.choose(box, "合并为一行"))
    assert flow.plan.ok, flow.plan.text()
    assert tabs.combo("duplicate", group.key).currentText() == "合并为一行"
    assert dlg.confirm_button.isEnabled()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        qtbot.mouseClick(dlg.confirm_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert flow.report is not None and flow.report.ok
    made = [b for b in regs.rows("buildings") if b["estate_name"] == estate
            and b["number"] in ("88#", "八十八号楼")]
    assert [(b["number"], b["unit_count"], b["household_count"]) for b in made] == [("八十八号楼", 2, 40)]


def test_choose_the_sheet_role_estate_is_the_sheet_name(window: MainWindow, wait_idle, qtbot,
                                                        monkeypatch, tmp_path, demo_services) -> None:
    regs = demo_services.registers
    for name in ("映月小区", "星河小区"):
        regs.create("estates", {"name": name, "management_mode": "quasi"})
        regs.create("buildings", {"estate_name": name, "number": "1号楼"})
    window.show_screen("leads")
    wait_idle()
    path = build_xlsx(tmp_path / "楼长花名册.xlsx", {
        "映月小区": [["所属小区", "姓名", "联系电话", "楼号"], [None, "甘露", "13912345670", "1#"]],
        "星河小区": [["姓名", "联系电话", "楼号"], ["晏清", "13712345670", "1号楼"]]})
    flow = _import(window, monkeypatch, qtbot, path)
    dlg = flow.preview_dialog
    tabs = dlg.tabs
    assert tabs.isTabVisible(tabs.sheets_index)
    per_estate = "楼长（每个小区一张表，所属小区＝工作表名）"
    assert tabs.combo("sheet", "星河小区").currentText() == per_estate  # guessed, and shown so
    assert tabs.combo("sheet", "映月小区").currentText() == "楼长"
    assert not dlg.confirm_button.isEnabled()
    _replanned(flow, qtbot, wait_idle, lambda: tabs.choose(tabs.combo("sheet", "映月小区"), per_estate))
    assert flow.plan.ok, flow.plan.text()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        qtbot.mouseClick(dlg.confirm_button, Qt.MouseButton.LeftButton)
    wait_idle()
    got = {x["name"]: x["estate_name"] for x in regs.rows("leads") if x["name"] in ("甘露", "晏清")}
    assert got == {"甘露": "映月小区", "晏清": "星河小区"}


def test_a_decade_is_asked_and_the_chosen_year_imported(window: MainWindow, wait_idle, qtbot,
                                                        monkeypatch, tmp_path, demo_services) -> None:
    regs = demo_services.registers
    window.show_screen("estates")
    wait_idle()
    path = build_xlsx(tmp_path / "小区.xlsx", {"小区": [
        ["小区名称", "管理模式", "建成年份"], ["映月小区", "准物业", "90年代"]]})
    flow = _import(window, monkeypatch, qtbot, path)
    dlg = flow.preview_dialog
    tabs = dlg.tabs
    box = tabs.combo("value", "year_built", "90年代")
    assert box.currentText() == "（请选择）"  # no year proposed
    assert [box.itemText(i) for i in range(1, box.count())] == [str(y) for y in range(1990, 2000)]
    assert not dlg.confirm_button.isEnabled() and tabs.currentIndex() == tabs.values_index
    assert any("第2行" in t and "建成年份" in t for t in tabs.problem_texts())
    _replanned(flow, qtbot, wait_idle, lambda: tabs.choose(box, "1995"))
    assert flow.plan.ok, flow.plan.text()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        qtbot.mouseClick(dlg.confirm_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert {r["name"]: r["year_built"] for r in regs.rows("estates")}["映月小区"] == 1995
