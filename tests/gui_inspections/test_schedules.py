"""检查计划 in the window: the due list shows the current period only, earlier periods without an
inspection summarised as 另有N期未检查; 开始检查 opens a new inspection of that estate and kind; a
management-mode change in the estate form replaces the schedule; 待办 rows open the due row."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from wuye_desktop.domain.inspections import InspectionKind
from wuye_desktop.domain.schedules import Period
from wuye_desktop.domain.todo import TodoKind
from wuye_desktop.ui import style

ESTATE = "新苑小区"


def _new_quasi_estate(services: Any, runner: Any) -> str:
    """A 准物业 estate registered today whose quarterly schedule (for the test) began in 2025Q3."""
    def work() -> str:
        eid = services.registers.create("estates", {"name": ESTATE, "management_mode": "准物业"}).id
        services.schedules.set_schedule(eid, InspectionKind.QUARTERLY, Period.QUARTERLY,
                                        date(2025, 7, 1), "quasi-quarterly")
        return eid
    return runner.run_sync(work)


def _due_screen(window: Any, wait_idle: Any) -> Any:
    window.show_screen("schedules")
    wait_idle()
    return window.screens["schedules"]


def _rows(screen: Any, estate_id: str) -> list[tuple[int, Any]]:
    return [(i, r) for i, r in enumerate(screen.model.rows_) if r.schedule.estate_id == estate_id]


def test_due_list_shows_the_current_period_with_missed_ones_summarised(
        window: Any, services: Any, runner: Any, wait_idle: Any) -> None:
    eid = _new_quasi_estate(services, runner)
    screen = _due_screen(window, wait_idle)
    rows = _rows(screen, eid)
    assert sorted(r.schedule.kind_label for _i, r in rows) == ["季度考核", "消防安全检查"]
    row = next(i for i, r in rows if r.schedule.kind is InspectionKind.QUARTERLY)
    m = screen.model
    cell = {c: m.index(row, m.column(c)).data() for c in ("estate", "kind", "period", "due", "status", "missed")}
    # one row, the current quarter; 2025Q3 … 2026Q3 went without one and are counted, not listed
    assert cell == {"estate": ESTATE, "kind": "季度考核", "period": "2026年第4季度", "due": "2026-12-31",
                    "status": "上期未检查，本期41天后到期", "missed": "另有5期未检查"}
    assert m.index(row, m.column("status")).data(Qt.ItemDataRole.ForegroundRole).color() \
        == style.Tone.ERROR.color()
    assert "默认规则" in screen.rules.text()
    assert "上期也未检查" in screen.summary.text()
    # only what is not done: the estate's rows stay (nothing inspected this period)
    screen.pending.setChecked(True)
    wait_idle()
    assert len(_rows(screen, eid)) == 2 and all(not r.state.done for r in screen.model.rows_)


def test_start_on_a_due_row_opens_a_new_inspection_of_that_estate_and_kind(
        window: Any, services: Any, runner: Any, qtbot: Any, wait_idle: Any) -> None:
    eid = _new_quasi_estate(services, runner)
    screen = _due_screen(window, wait_idle)
    row = next(i for i, r in _rows(screen, eid) if r.schedule.kind is InspectionKind.QUARTERLY)
    screen.table.selectRow(row)
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    wait_idle()
    inspections = window.screens["inspections"]
    assert window.current_screen() is inspections
    dlg = inspections.new_dialog
    assert dlg is not None and dlg.isVisible()
    assert dlg.estate.currentData() == eid
    assert dlg.template.currentData() == services.templates.latest("quasi-quarterly").id
    # the fire-safety row starts the fire-safety checklist
    dlg.reject()
    screen = _due_screen(window, wait_idle)
    row = next(i for i, r in _rows(screen, eid) if r.schedule.kind is InspectionKind.FIRE_SAFETY)
    screen.table.doubleClicked.emit(screen.model.index(row, 0))
    wait_idle()
    dlg = window.screens["inspections"].new_dialog
    assert dlg.estate.currentData() == eid
    assert dlg.template.currentData() == services.templates.latest("fire-safety").id


def test_mode_change_in_the_estate_form_replaces_the_schedule(
        window: Any, services: Any, runner: Any, wait_idle: Any) -> None:
    eid = _new_quasi_estate(services, runner)
    screen = _due_screen(window, wait_idle)
    assert {r.schedule.kind_label for _i, r in _rows(screen, eid)} == {"季度考核", "消防安全检查"}
    window.show_screen("estates")
    wait_idle()
    panel = window.screens["estates"].panel
    panel.load_record(eid)
    wait_idle()
    panel.form.set_field("management_mode", "professional")
    window.act_save.trigger()
    wait_idle()
    assert services.registers.get("estates", eid)["management_mode"].label == "专业化物业"
    screen = _due_screen(window, wait_idle)
    rows = {r.schedule.kind_label: r for _i, r in _rows(screen, eid)}
    assert set(rows) == {"年度考核", "消防安全检查"}
    assert rows["年度考核"].state.label == "2026年" and rows["年度考核"].state.missed_periods == 0


def test_todo_lists_inspections_due_and_opens_the_due_row(
        window: Any, services: Any, runner: Any, wait_idle: Any) -> None:
    eid = _new_quasi_estate(services, runner)
    window.screens["overview"].refresh()  # made behind the window's back: reload 概览
    wait_idle()
    panel = window.screens["overview"].todo
    mine = [(i, r) for i, r in enumerate(panel.model.rows_)
            if r.kind is TodoKind.SCHEDULE and r.subject == ESTATE]
    by_what = {r.what: r for _i, r in mine}
    # behind: late since the end of last quarter, so red and near the top
    late = by_what["2026年第4季度季度考核未检查（上期也未检查）"]
    assert late.overdue and late.due == date(2026, 9, 30) and late.days_late == 51
    assert "2026年11月消防安全检查未检查" in by_what
    row = next(i for i, r in mine if r is late)
    panel.table.doubleClicked.emit(panel.model.index(row, 0))
    wait_idle()
    screen = window.screens["schedules"]
    assert window.current_screen() is screen
    selected = screen.model.row_object(screen.table.currentIndex().row())
    assert selected.schedule.id == late.record_id and selected.schedule.estate_id == eid
