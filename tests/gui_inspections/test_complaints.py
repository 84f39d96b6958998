"""投诉: record one in a few keystrokes, see it in the list, close it with the resident's
satisfaction and see the rates change; overdue complaints first and red on the pinned clock;
bad input said beside the form; the screen's export writes this screen's data."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from wuye_desktop.domain.surveys import ComplaintSource, ComplaintState
from wuye_desktop.services.complaints import ComplaintFilter
from wuye_desktop.ui import style
from wuye_desktop.ui.complaints import ComplaintsScreen

FG = Qt.ItemDataRole.ForegroundRole


def _open(window: Any, wait_idle: Any) -> ComplaintsScreen:
    window.show_screen("complaints")
    wait_idle()
    screen = window.screens["complaints"]
    assert isinstance(screen, ComplaintsScreen)
    return screen


def _estate_rates(screen: ComplaintsScreen, estate_id: str) -> Any:
    return next(r for r in screen.estate_rates.rows_ if r.key == estate_id)


def test_record_see_close_and_rates_change(window: Any, services: Any, wait_idle: Any,
                                           qtbot: Any) -> None:
    screen = _open(window, wait_idle)
    today = services.clock.today()
    assert str(today) == "2026-11-20"  # the suite's pinned clock
    open_n = services.complaints.count(ComplaintFilter(state=ComplaintState.OPEN), today)
    assert screen.model.rowCount() == min(open_n, 200) and screen.model.total == open_n
    assert "投诉" in screen.headline.text() and "办结率" in screen.headline.text()

    # an estate with complaints still open, so closing one more moves its closure rate
    row = next(r for r in screen.estate_rates.rows_ if (r.rates.closure_rate or 0) < 100)
    estate_id, estate_name = row.key, row.name
    before = row.rates
    headline = screen.headline.text()

    # intake: source, work order, estate, category, description, Enter
    screen.new_record()
    screen.in_source.setCurrentIndex(screen.in_source.findData(ComplaintSource.HOTLINE))
    qtbot.keyClicks(screen.in_work_order, " 0026112000017-A ")
    screen.in_estate.setCurrentIndex(screen.in_estate.findData(estate_id))
    wait_idle()
    assert screen.in_building.count() > 1  # the estate's buildings were loaded
    screen.in_building.setCurrentIndex(1)
    building = screen.in_building.currentText()
    screen.in_category.setCurrentIndex(screen.in_category.findText("设施设备维修"))
    screen.in_description.setText("3单元楼道灯不亮")  # (QTest types Latin-1 only)
    qtbot.keyClick(screen.in_description, Qt.Key.Key_Return)
    wait_idle()
    assert screen.in_message.text() == "已登记。"
    new = screen.selected()
    assert new is not None and new.description == "3单元楼道灯不亮"
    assert new.work_order_no == "0026112000017-A"  # kept as given (only the blanks trimmed)
    assert new.estate_name == estate_name and new.building_number == building
    assert new.source is ComplaintSource.HOTLINE and new.deadline == today + timedelta(days=7)
    assert not new.overdue and screen.model.total == open_n + 1
    assert _estate_rates(screen, estate_id).rates.total == before.total + 1

    # handle it: respond, then close with the resident satisfied
    assert screen.respond_button.isEnabled()
    screen.result.setText("已联系物业更换灯泡")
    screen.respond_button.click()
    wait_idle()
    assert screen.message.text() == "已记录响应。"
    assert screen.selected().responded_at is not None
    screen.satisfaction.setCurrentIndex(screen.satisfaction.findData(True))
    screen.close_button.click()
    wait_idle()
    assert screen.message.text() == "已办结。"
    info = services.complaints.get(new.id, today)
    assert info.closed and info.satisfied is True and info.result == "已联系物业更换灯泡"
    assert new.id not in [r.id for r in screen.model.rows_]  # the open list no longer holds it
    after = _estate_rates(screen, estate_id).rates
    assert (after.closed, after.responded) == (before.closed + 1, before.responded + 1)
    assert (after.rated, after.satisfied) == (before.rated + 1, before.satisfied + 1)
    assert after.closure_rate > before.closure_rate and screen.headline.text() != headline

    screen.state.setCurrentIndex(screen.state.findData(ComplaintState.CLOSED))
    wait_idle()
    assert screen.model.rows_ and all(r.closed for r in screen.model.rows_)
    screen.search.setText("0026112000017")
    screen.search.returnPressed.emit()
    wait_idle()
    assert [r.id for r in screen.model.rows_] == [new.id]
    assert not screen.close_button.isEnabled()

    # 概览 shows the same rates
    window.show_screen("overview")
    wait_idle()
    total = screen.totals.rates
    label = window.screens["overview"].complaints.text()
    assert f"投诉：{total.total}件" in label and f"办结率{total.closure_rate:.1f}%" in label


def test_overdue_first_and_red_on_the_pinned_clock(window: Any, services: Any, wait_idle: Any) -> None:
    today = services.clock.today()
    estate_id = services.registers.estate_choices()[0][0]
    cs = services.complaints
    received = datetime.combine(today - timedelta(days=10), time(9))
    late = cs.record(estate_id, ComplaintSource.WHISTLE, "消防安全", "消防通道被占", received,
                     deadline=today - timedelta(days=1))
    due_today = cs.record(estate_id, ComplaintSource.PHONE, "噪音扰民", "夜间施工", received,
                          deadline=today)
    screen = _open(window, wait_idle)
    screen.estate.setCurrentIndex(screen.estate.findData(estate_id))
    wait_idle()
    rows = screen.model.rows_
    ids = [r.id for r in rows]
    assert late in ids and due_today in ids
    # overdue ones come first
    first_ok = next(i for i, r in enumerate(rows) if not r.overdue)
    assert all(r.overdue for r in rows[:first_ok]) and ids.index(late) < first_ok
    red = style.Tone.ERROR.color()
    m = screen.model
    row = ids.index(late)
    assert rows[row].days_overdue == 1
    assert m.index(row, m.column("state")).data() == "逾期1天"
    assert m.index(row, m.column("deadline")).data(FG).color() == red
    assert m.index(row, m.column("state")).data(FG).color() == red
    # the deadline day itself is not overdue
    row = ids.index(due_today)
    assert not rows[row].overdue and m.index(row, m.column("state")).data(FG) is None
    assert m.index(row, m.column("state")).data() == "未响应"

    # the sidebar says how many are past their deadline, like 整改's count
    n = cs.overdue_count(today)
    item = next(window.sidebar.item(i) for i in range(window.sidebar.count())
                if window.sidebar.item(i).data(Qt.ItemDataRole.UserRole) == "complaints")
    assert n > 0 and item.text() == f"投诉（{n}）"

    screen.state.setCurrentIndex(screen.state.findData(ComplaintState.OVERDUE))
    wait_idle()
    assert late in [r.id for r in m.rows_] and due_today not in [r.id for r in m.rows_]
    assert all(r.overdue for r in m.rows_)
    assert "逾期" in screen.counts.text()
    # the selected overdue complaint is said in red beside the list
    screen.select_id(late)
    assert "逾期1天" in screen.detail.text()

    # a new deadline takes it off the overdue list
    screen.as_deadline.setDate(QDate(today.year, today.month, today.day).addDays(5))
    screen.assign_button.click()
    wait_idle()
    assert late not in [r.id for r in m.rows_]
    assert cs.get(late, today).deadline == today + timedelta(days=5)
    assert item.text() == f"投诉（{n - 1}）"


def test_bad_input_is_said_beside_the_form(window: Any, wait_idle: Any, services: Any) -> None:
    screen = _open(window, wait_idle)
    screen.in_description.clear()
    screen.record_button.click()
    wait_idle()
    assert "请填写投诉内容" in screen.in_message.text()
    # a deadline before the day received is refused by the rule
    screen.in_description.setText("路灯不亮")
    screen.in_deadline.setDate(QDate(2020, 1, 1))
    screen.record_button.click()
    wait_idle()
    assert "不能早于受理日期" in screen.in_message.text()
    screen.in_work_order.setText("9" * 41)
    screen.in_deadline.setDate(QDate(2030, 1, 1))
    screen.record_button.click()
    wait_idle()
    assert "工单号最多40个字符" in screen.in_message.text()


def test_export_writes_this_screens_complaints(window: Any, services: Any, wait_idle: Any,
                                               tmp_path: Path, monkeypatch: Any) -> None:
    screen = _open(window, wait_idle)
    screen.state.setCurrentIndex(screen.state.findData(None))  # all
    wait_idle()
    target = tmp_path / "投诉.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.export_file() is None  # the window left the export to the screen
    wait_idle()
    assert screen.last_export == target and "导出" in screen.message.text()
    ws = load_workbook(target)["投诉台账"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["受理日期", "来源", "12345工单号", "小区"] and "居民满意" in header
    total = services.complaints.count(ComplaintFilter(), date(2026, 11, 20))
    assert ws.max_row == total + 1
    sources = {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert sources <= set(ComplaintSource.labels())
    orders = [ws.cell(r, 3).value for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value]
    assert orders and all(isinstance(o, str) for o in orders)
