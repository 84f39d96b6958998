"""待办 on 概览: one list across rectifications, complaints, survey follow-ups, lead and committee
terms and contracts, most overdue first and red; a row opens its record where it is done."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt

from wuye_desktop.domain.todo import CONTRACT_DAYS, SCHEDULE_DAYS, TERM_DAYS, TodoKind, ending_within, when_text
from wuye_desktop.ui import style


def _panel(window: Any, wait_idle: Any) -> Any:
    window.show_screen("overview")
    wait_idle()
    return window.screens["overview"].todo


def test_todo_lists_what_is_due_most_overdue_first(window: Any, services: Any, wait_idle: Any) -> None:
    panel = _panel(window, wait_idle)
    rows = panel.model.rows_
    kinds = {r.kind for r in rows}
    assert {TodoKind.RECTIFICATION, TodoKind.COMPLAINT, TodoKind.LEAD_TERM,
            TodoKind.COMMITTEE_TERM} <= kinds
    today = services.clock.today()
    n_rect = sum(1 for r in rows if r.kind is TodoKind.RECTIFICATION)
    assert n_rect == services.inspections.overdue_count(today)
    # overdue first, most overdue on top
    late = [r.days_late for r in rows if r.overdue]
    assert late == sorted(late, reverse=True) and rows[0].overdue
    assert all(r.overdue for r in rows[:len(late)])
    assert f"共{len(rows)}项" in panel.title.text()
    overview = next(window.sidebar.item(i) for i in range(window.sidebar.count())
                    if window.sidebar.item(i).data(Qt.ItemDataRole.UserRole) == "overview")
    assert overview.text() == f"概览（{len(late)}）"
    m = panel.model
    assert m.index(0, m.column("when")).data(Qt.ItemDataRole.ForegroundRole).color() \
        == style.Tone.ERROR.color()
    assert m.index(0, m.column("when")).data() == f"已过{rows[0].days_late}天"
    # nothing far in the future: terms within 30 days, contracts within 90
    for r in rows:
        horizon = {TodoKind.CONTRACT: CONTRACT_DAYS, TodoKind.SCHEDULE: SCHEDULE_DAYS}.get(r.kind, TERM_DAYS)
        assert (r.due - today).days <= horizon


def test_rows_open_where_they_are_done(window: Any, wait_idle: Any) -> None:
    panel = _panel(window, wait_idle)
    for kind in (TodoKind.COMPLAINT, TodoKind.RECTIFICATION, TodoKind.LEAD_TERM,
                 TodoKind.COMMITTEE_TERM):
        window.show_screen("overview")
        wait_idle()
        row = next(i for i, r in enumerate(panel.model.rows_) if r.kind is kind)
        item = panel.model.rows_[row]
        panel.table.doubleClicked.emit(panel.model.index(row, 0))
        wait_idle()
        assert window.current_screen() is window.screens[kind.value]
        screen = window.screens[kind.value]
        if kind is TodoKind.COMPLAINT:
            assert screen.selected().id == item.record_id and screen.tabs.currentIndex() == 1
        elif kind is TodoKind.RECTIFICATION:
            assert screen.selected().id == item.record_id
        else:
            assert screen.panel.current_id == item.record_id


def test_horizon_edges() -> None:
    today = date(2026, 11, 20)
    assert ending_within(today + timedelta(days=30), today, TERM_DAYS)
    assert not ending_within(today + timedelta(days=31), today, TERM_DAYS)
    assert ending_within(today - timedelta(days=400), today, TERM_DAYS)
    assert ending_within(today + timedelta(days=90), today, CONTRACT_DAYS)
    assert not ending_within(today + timedelta(days=91), today, CONTRACT_DAYS)
    assert not ending_within(None, today, TERM_DAYS)
    assert [when_text(today + timedelta(days=d), today) for d in (-3, 0, 5)] == \
        ["已过3天", "今天到期", "5天后到期"]


def test_export_acts_on_the_screens_data(window: Any, services: Any, wait_idle: Any, tmp_path: Any,
                                         monkeypatch: Any) -> None:
    """Ctrl+E on 概览 writes the 待办 list, on 整改 the board's items (not the registers)."""
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel = _panel(window, wait_idle)
    assert window.export_file() is None
    wait_idle()
    ws = load_workbook(target)["待办"]
    assert ws.max_row == len(panel.model.rows_) + 1 and ws.cell(1, 2).value == "小区/对象"
    window.show_screen("rectifications")
    wait_idle()
    board = window.screens["rectifications"]
    assert window.export_file() is None
    wait_idle()
    ws = load_workbook(target)["整改台账"]
    assert ws.max_row == board.model.rowCount() + 1 and "已导出" in board.message.text()
