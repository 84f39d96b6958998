"""调查: the seed thresholds at their edges through the screen (59/60, 84/85 of 100 surveyed;
50% and 50% + 1 household agreeing), the action and its deadline shown before and after
recording, the history per estate, marking a follow-up done, and bad counts refused in place."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from wuye_desktop.domain.surveys import ActionStatus, SurveyAction, SurveyBand, SurveyKind
from wuye_desktop.ui.surveys import SurveysScreen


def _open(window: Any, wait_idle: Any) -> SurveysScreen:
    window.show_screen("surveys")
    wait_idle()
    screen = window.screens["surveys"]
    assert isinstance(screen, SurveysScreen)
    return screen


def _estate(services: Any) -> tuple[str, str]:
    return services.registers.estate_choices()[1]


@pytest.mark.parametrize(("satisfied", "action", "band", "pledge"), [
    (59, SurveyAction.ASSEMBLY_VOTE, SurveyBand.LOW, False),
    (60, SurveyAction.INTERVIEW_PLEDGE, SurveyBand.MIDDLE, True),
    (84, SurveyAction.INTERVIEW_PLEDGE, SurveyBand.MIDDLE, True),
    (85, SurveyAction.COMMENDATION, SurveyBand.HIGH, False),
])
def test_satisfaction_edges(window: Any, services: Any, wait_idle: Any, satisfied: int,
                            action: SurveyAction, band: SurveyBand, pledge: bool) -> None:
    screen = _open(window, wait_idle)
    estate_id, _estate_name = _estate(services)
    screen.estate.setCurrentIndex(screen.estate.findData(estate_id))  # its history, and the forms
    wait_idle()
    before = len(screen.model.rows_)
    form = screen.satisfaction
    assert form.estate.currentData() == estate_id
    form.households.setValue(240)
    form.surveyed.setValue(100)
    form.positive.setValue(satisfied)
    # the outcome is shown before anything is saved
    text = form.preview.text()
    assert f"满意率{satisfied}.0%" in text and band.label in text and action.label in text
    today = services.clock.today()
    due = today + timedelta(days=30)
    assert (f"整改承诺书须于{due.isoformat()}前签订" in text) is pledge
    form.record_button.click()
    wait_idle()
    assert form.message.text() == f"已登记：{action.label}"
    rec = screen.last_recorded
    assert rec is not None and rec.action is action and rec.band is band and rec.rate == satisfied
    assert rec.action_deadline == (due if pledge else None)
    # in the estate's history, selected, with its follow-up
    assert len(screen.model.rows_) == before + 1
    assert all(r.estate_id == estate_id for r in screen.model.rows_)
    sel = screen.selected()
    assert sel is not None and sel.id == rec.id and sel.method_label == "入户走访"
    assert action.label in screen.detail.text() and band.label in screen.detail.text()
    m = screen.model
    assert m.index(screen.table.currentIndex().row(), m.column("action")).data() == action.label
    assert services.surveys.get(rec.id).kind is SurveyKind.SATISFACTION


@pytest.mark.parametrize(("agreeing", "action"), [
    (50, SurveyAction.NOT_INTRODUCE),  # exactly half is not more than half
    (51, SurveyAction.INTRODUCE),
])
def test_willingness_half_and_one_more(window: Any, services: Any, wait_idle: Any, agreeing: int,
                                       action: SurveyAction) -> None:
    screen = _open(window, wait_idle)
    screen.tabs.setCurrentIndex(1)
    form = screen.willingness
    estate_id, _name = _estate(services)
    form.estate.setCurrentIndex(form.estate.findData(estate_id))
    form.households.setValue(100)
    form.surveyed.setValue(90)
    form.positive.setValue(agreeing)
    text = form.preview.text()
    assert "过半数须达到51户" in text and action.label in text
    form.record_button.click()
    wait_idle()
    rec = screen.last_recorded
    assert rec is not None and rec.action is action and rec.kind is SurveyKind.WILLINGNESS
    assert rec.rate == float(agreeing) and rec.households == 100 and rec.action_deadline is None


def test_follow_up_done_and_bad_counts(window: Any, services: Any, wait_idle: Any) -> None:
    screen = _open(window, wait_idle)
    estate_id, _name = _estate(services)
    screen.estate.setCurrentIndex(screen.estate.findData(estate_id))
    wait_idle()
    form = screen.satisfaction
    form.households.setValue(100)
    form.surveyed.setValue(100)
    form.positive.setValue(70)
    form.record_button.click()
    wait_idle()
    rec = screen.last_recorded
    assert rec is not None and rec.action_status is ActionStatus.PENDING
    assert screen.selected().id == rec.id and screen.done_button.isEnabled()
    screen.done_note.setText("已签订整改承诺书")
    screen.done_button.click()
    wait_idle()
    done = services.surveys.get(rec.id)
    assert done.action_status is ActionStatus.DONE and done.action_note == "已签订整改承诺书"
    assert "已签订整改承诺书" in screen.detail.text()  # the follow-up's own note, shown
    assert "已落实" in screen.detail.text() and not screen.done_button.isEnabled()
    screen.pending.setChecked(True)
    wait_idle()
    assert rec.id not in [r.id for r in screen.model.rows_]

    # more satisfied than surveyed: said in the preview and refused by the service
    form.surveyed.setValue(10)
    form.positive.setValue(11)
    assert "不能大于参与调查户数" in form.preview.text()
    form.record_button.click()
    wait_idle()
    assert "不能大于参与调查户数" in form.message.text()
    # a willingness survey counts against all households: the total is required
    wf = screen.willingness
    wf.households.setValue(0)
    wf.surveyed.setValue(10)
    wf.positive.setValue(6)
    wf.record_button.click()
    wait_idle()
    assert "须填写小区总户数" in wf.message.text()


def test_export_writes_the_survey_history(window: Any, services: Any, wait_idle: Any,
                                          tmp_path: Path, monkeypatch: Any) -> None:
    _open(window, wait_idle)
    target = tmp_path / "调查.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.export_file() is None
    wait_idle()
    ws = load_workbook(target)["调查台账"]
    assert [c.value for c in ws[1]][:4] == ["调查日期", "调查类型", "年度/期次", "小区"]
    assert ws.max_row == len(services.surveys.find()) + 1


def test_result_publication_fills_itself_from_the_survey(window: Any, services: Any,
                                                         wait_idle: Any) -> None:
    screen = _open(window, wait_idle)
    estate_id, _estate_name = _estate(services)
    screen.estate.setCurrentIndex(screen.estate.findData(estate_id))
    wait_idle()
    form = screen.satisfaction
    form.period.setText("2026年度")
    form.surveyed.setValue(200)
    form.positive.setValue(150)  # 75%: interview and pledge
    form.record_button.click()
    wait_idle()
    rec = screen.last_recorded
    assert rec is not None and screen.selected().id == rec.id and screen.publish_button.isEnabled()
    screen.publish_button.click()
    wait_idle()
    docs = window.screens["documents"]
    assert window.current_screen() is docs
    wait_idle()
    assert docs.template.currentData() == "survey_results"
    assert docs.checked_estates() == [estate_id]
    values = docs.values()
    due = rec.action_deadline
    assert (values["调查年度"], values["发放份数"], values["有效份数"], values["满意度"]) == \
        ("2026", "200", "200", "75%")
    assert "约谈" in values["处理意见"] and f"{due.year}年{due.month}月{due.day}日" in values["处理意见"]
    assert values["主要意见"] == ""  # what residents said is the worker's to write
    docs.set_values({"主要意见": "楼道保洁不及时"})
    docs.render_preview()
    wait_idle()
    assert docs.preview.page_count_() >= 1


def test_below_60_prefills_the_owners_assembly_notice(window: Any, services: Any,
                                                      wait_idle: Any) -> None:
    screen = _open(window, wait_idle)
    estate_id, _name = _estate(services)
    screen.estate.setCurrentIndex(screen.estate.findData(estate_id))
    wait_idle()
    form = screen.satisfaction
    form.surveyed.setValue(100)
    form.positive.setValue(60)  # 60%: no assembly
    form.record_button.click()
    wait_idle()
    assert not screen.assembly_button.isEnabled()
    form.positive.setValue(59)
    form.record_button.click()
    wait_idle()
    rec = screen.last_recorded
    assert rec is not None and rec.action is SurveyAction.ASSEMBLY_VOTE
    assert screen.assembly_button.isEnabled()
    screen.assembly_button.click()
    wait_idle()
    docs = window.screens["documents"]
    wait_idle()
    assert window.current_screen() is docs and docs.template.currentData() == "owners_assembly"
    vote = docs.values()["表决事项"]
    assert "是否续聘" in vote and "59%" in vote and (rec.company_name or "现物业服务企业") in vote
    assert docs.checked_estates() == [estate_id]
