"""调查 follow-up through the screen: per-item scores recorded, the document buttons per band
(整改承诺书 at 60–85%, 表扬通报 from 85%, edges 84/85) prefilled on 文书 and rendered, the
follow-up back to pending, and the follow-up in 待办 before its deadline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from wuye_desktop.domain.surveys import ActionStatus, SurveyAction
from wuye_desktop.domain.todo import FOLLOW_UP_DAYS, TodoKind
from wuye_desktop.ui.surveys import SurveysScreen


def _open(window: Any, services: Any, wait_idle: Any) -> tuple[SurveysScreen, str]:
    window.show_screen("surveys")
    wait_idle()
    screen = window.screens["surveys"]
    estate_id = services.registers.estate_choices()[1][0]
    screen.estate.setCurrentIndex(screen.estate.findData(estate_id))
    wait_idle()
    return screen, estate_id


def _record(screen: SurveysScreen, wait_idle: Any, satisfied: int, **scores: int) -> Any:
    form = screen.satisfaction
    assert form.scores is not None
    form.scores.clear()
    for item, v in scores.items():
        form.scores.spins[item].setValue(v)
    form.period.setText("2026年度")
    form.surveyed.setValue(100)
    form.positive.setValue(satisfied)
    form.record_button.click()
    wait_idle()
    rec = screen.last_recorded
    assert rec is not None and screen.selected().id == rec.id
    return rec


def test_pledge_at_84_and_commendation_at_85(window: Any, services: Any, wait_idle: Any) -> None:
    screen, estate_id = _open(window, services, wait_idle)
    rec = _record(screen, wait_idle, 84, 保洁=70, 客户服务=88)
    assert rec.action is SurveyAction.INTERVIEW_PLEDGE and rec.scores == {"保洁": 70, "客户服务": 88}
    assert "保洁70%、客户服务88%" in screen.detail.text()
    assert screen.pledge_button.isEnabled() and screen.publish_button.isEnabled()
    assert not screen.commend_button.isEnabled() and not screen.assembly_button.isEnabled()
    screen.pledge_button.click()
    wait_idle()
    docs = window.screens["documents"]
    wait_idle()
    assert window.current_screen() is docs and docs.template.currentData() == "rectification_pledge"
    assert docs.checked_estates() == [estate_id]
    values = docs.values()
    due = rec.action_deadline
    assert values["满意度"] == "84%" and values["发放份数"] == "100"
    assert "保洁（70%）" in values["整改事项"] and "客户服务" not in values["整改事项"]
    assert values["整改期限"] == f"{due.year}年{due.month}月{due.day}日"
    assert len(services.printing.buildings(estate_id)) > 1
    docs.render_preview()
    wait_idle()
    assert docs.preview.page_count_() == 1  # a letter: one copy, not one per building

    screen, _ = _open(window, services, wait_idle)
    rec = _record(screen, wait_idle, 85, 绿化=95)
    assert rec.action is SurveyAction.COMMENDATION
    assert screen.commend_button.isEnabled() and not screen.pledge_button.isEnabled()
    screen.commend_button.click()
    wait_idle()
    wait_idle()
    assert docs.template.currentData() == "commendation"
    values = docs.values()
    assert values["满意度"] == "85%" and values["分项满意度"] == "，其中绿化95%"


def test_results_notice_carries_the_item_scores(window: Any, services: Any, wait_idle: Any) -> None:
    screen, _ = _open(window, services, wait_idle)
    _record(screen, wait_idle, 60, 秩序维护=55)
    screen.publish_button.click()
    wait_idle()
    docs = window.screens["documents"]
    wait_idle()
    assert docs.template.currentData() == "survey_results"
    assert docs.values()["分项满意度"] == "（其中秩序维护55%）"


def test_follow_up_reopens_and_shows_in_todo_before_its_deadline(window: Any, services: Any,
                                                                   wait_idle: Any) -> None:
    screen, _ = _open(window, services, wait_idle)
    rec = _record(screen, wait_idle, 70)
    today = services.clock.today()
    items = {i.record_id: i for i in services.todo.items(today)}
    assert rec.id not in items  # due in 30 days: beyond the horizon
    soon = rec.action_deadline - timedelta(days=FOLLOW_UP_DAYS)
    item = {i.record_id: i for i in services.todo.items(soon)}[rec.id]
    assert item.kind is TodoKind.SURVEY and not item.overdue and item.screen == "surveys"
    screen.done_button.click()
    wait_idle()
    assert services.surveys.get(rec.id).action_status is ActionStatus.DONE
    assert rec.id not in {i.record_id for i in services.todo.items(soon)}
    assert screen.reopen_button.isEnabled()
    screen.reopen_button.click()
    wait_idle()
    back = services.surveys.get(rec.id)
    assert back.action_status is ActionStatus.PENDING and back.action_done_on is None
    assert screen.done_button.isEnabled() and not screen.reopen_button.isEnabled()


def test_a_follow_up_in_todo_opens_its_survey(window: Any, services: Any, wait_idle: Any) -> None:
    window.show_screen("overview")
    wait_idle()
    panel = window.screens["overview"].todo
    row = next(i for i, r in enumerate(panel.model.rows_) if r.kind is TodoKind.SURVEY)
    item = panel.model.rows_[row]
    assert item.overdue and "整改承诺书" in item.what
    panel.table.doubleClicked.emit(panel.model.index(row, 0))
    wait_idle()
    screen = window.screens["surveys"]
    assert window.current_screen() is screen
    assert screen.selected().id == item.record_id and screen.tabs.currentIndex() == 2
    assert screen.done_button.isEnabled() and screen.pledge_button.isEnabled()
    assert "已逾期" in screen.detail.text()
