"""维修资金 through the GUI: a new ordinary application for two buildings, refused advance
without a vote (said beside the form), the vote, every stage, acceptance photos, the final cost
apportioned by area, and the tally sheet in the preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QDate, Qt

from wuye_desktop.domain.fund import FundPath, FundStage
from wuye_desktop.ui.fund import FundScreen


def _open(window: Any, wait_idle: Any) -> FundScreen:
    window.show_screen("fund")
    wait_idle()
    screen = window.screens["fund"]
    assert isinstance(screen, FundScreen)
    return screen


def test_application_from_form_to_settlement(window: Any, services: Any, wait_idle: Any,
                                             tmp_path: Path) -> None:
    screen = _open(window, wait_idle)
    assert screen.model.headers()[-1] == "阶段"  # the list speaks Chinese
    before = screen.model.rowCount()
    screen.tabs.setCurrentIndex(0)
    screen.in_path.setCurrentIndex(screen.in_path.findData(FundPath.ORDINARY.value))
    wait_idle()
    assert screen.in_buildings.rowCount() >= 2  # the estate's buildings were loaded
    for row, (a, n) in enumerate((("3000.00", "50"), ("6000.00", "100"))):
        screen.in_buildings.item(row, 0).setCheckState(Qt.CheckState.Checked)
        screen.in_buildings.item(row, 1).setText(a)
        screen.in_buildings.item(row, 2).setText(n)
    screen.in_category.setCurrentText("外墙渗漏")
    screen.in_item.setText("外墙渗漏维修")
    screen.in_applicant.setText("业主委员会")
    screen.in_estimate.setText("86000")
    screen.in_date.setDate(QDate(2026, 11, 2))
    screen.add_button.click()
    wait_idle()
    assert screen.model.rowCount() == before + 1, screen.in_message.text()
    r = screen.selected()
    assert r is not None and r.repair_item == "外墙渗漏维修" and r.stage is FundStage.APPLIED
    assert screen.advance_button.text() == "推进到：社区确认"

    screen.by.setText("社区王主任")
    screen.on.setDate(QDate(2026, 11, 6))
    screen.advance_button.click()
    wait_idle()
    assert "业主表决" in screen.message.text()  # refused, said beside the form
    screen.voted_area.setText("6000.00")
    screen.voted_owners.setValue(100)
    screen.agreed_area.setText("3600")
    screen.agreed_owners.setValue(51)
    screen.vote_button.click()
    wait_idle()
    assert "表决：通过" in screen.detail.text() and "66.66%" in screen.detail.text()
    for _ in range(4):  # 社区确认, 街道确认, 县住建审核批准, 施工
        screen.advance_button.click()
        wait_idle()
    assert screen.selected().stage is FundStage.WORKS, screen.message.text()
    photo = tmp_path / "验收.jpg"
    Image.new("RGB", (80, 60), "gray").save(photo)
    screen.add_photos([str(photo)])
    wait_idle()
    screen.advance_button.click()
    wait_idle()
    assert screen.selected().stage is FundStage.ACCEPTED and screen.settle_button.isEnabled()
    screen.final.setText("80000.01")
    screen.settle_button.click()
    wait_idle()
    done = screen.selected()
    assert done.stage is FundStage.SETTLED
    assert sum(b.share_fen or 0 for b in done.buildings) == 8_000_001
    assert "26666.67元" in screen.detail.text()

    screen.print_buttons["tally"].click()
    wait_idle()
    assert screen.tabs.currentIndex() == 2 and screen.preview.page_count_() >= 1
    assert services.fund.get(done.id).vote.passed


def test_import_from_the_toolbar_adds_new_applications_and_refuses_a_bad_file(
        window: Any, services: Any, wait_idle: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    screen = _open(window, wait_idle)
    assert window.act_import.isEnabled()  # 从Excel导入 applies on this screen
    target = tmp_path / "维修资金.xlsx"
    services.fund.export(target)
    before = screen.model.rowCount()
    wb = load_workbook(target)
    ws = wb["维修资金申请"]
    headers = [c.value for c in ws[1]]
    estate_name = screen.in_estate.currentText()
    building = screen.in_buildings.item(0, 0).text()  # the estate's buildings were loaded
    good = {"申请日期": "2026-11-20", "小区": estate_name, "楼栋": f"{building}（3000.00㎡，50户）", "使用方式": "应急",
            "类别": "供排水管道爆裂", "维修项目": "主管爆裂抢修", "申请人": "街道", "预算金额（元）": 12000}
    ws.append([good.get(h) for h in headers])
    ws.append([{**good, "预算金额（元）": "一万"}.get(h) for h in headers])
    wb.save(target)
    screen.import_(str(target))
    wait_idle()
    assert "第" in screen.message.text() and "预算金额" in screen.message.text()  # refused, place named
    assert screen.model.rowCount() == before  # all or nothing
    ws.delete_rows(ws.max_row)
    wb.save(target)
    screen.import_(str(target))
    wait_idle()
    assert "已导入1份新申请" in screen.message.text(), screen.message.text()
    assert screen.model.rowCount() == before + 1
