"""Survey thresholds (59.9 / 60 / 85 / 85.1), willingness majority, complaint rates,
schedules and dashboard aggregates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.surveys import (
    ActionStatus,
    ComplaintError,
    ComplaintSource,
    SurveyAction,
    SurveyError,
    action_for_rate,
    satisfaction_action,
    willingness_action,
)
from wuye_desktop.services.inspection_dashboard import DashboardFilter

from .helpers import D0, fill, template_id


@pytest.mark.parametrize(("satisfied", "expected"), [
    (599, SurveyAction.ASSEMBLY_VOTE), (600, SurveyAction.INTERVIEW_PLEDGE),
    (849, SurveyAction.INTERVIEW_PLEDGE), (850, SurveyAction.COMMENDATION),
    (851, SurveyAction.COMMENDATION)])
def test_satisfaction_thresholds_from_counts(satisfied: int, expected: SurveyAction) -> None:
    assert satisfaction_action(1000, satisfied) is expected


@pytest.mark.parametrize(("pct", "expected"), [
    (59.9, SurveyAction.ASSEMBLY_VOTE), (60, SurveyAction.INTERVIEW_PLEDGE),
    (60.0, SurveyAction.INTERVIEW_PLEDGE), (84.99, SurveyAction.INTERVIEW_PLEDGE),
    (85, SurveyAction.COMMENDATION), (85.1, SurveyAction.COMMENDATION)])
def test_satisfaction_thresholds_from_rate(pct: float, expected: SurveyAction) -> None:
    assert action_for_rate(pct) is expected


def test_exact_sixty_percent_with_awkward_counts() -> None:
    # 3/5 = 60% exactly, where float arithmetic could give 59.99999
    assert satisfaction_action(5, 3) is SurveyAction.INTERVIEW_PLEDGE
    assert satisfaction_action(20, 17) is SurveyAction.COMMENDATION  # 85% exactly


def test_willingness_needs_more_than_half_of_all_households() -> None:
    assert willingness_action(200, 100) is SurveyAction.NOT_INTRODUCE
    assert willingness_action(200, 101) is SurveyAction.INTRODUCE
    assert willingness_action(201, 101) is SurveyAction.INTRODUCE


def test_survey_service_tracks_the_action(services, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    sv = services.surveys
    low = sv.record_satisfaction(quasi_estate["id"], "2025年度", date(2025, 12, 5), 1000, 599)
    mid = sv.record_satisfaction(quasi_estate["id"], "2026年度", date(2026, 12, 5), 1000, 600)
    assert low.action is SurveyAction.ASSEMBLY_VOTE and low.rate == 59.9 and low.action_deadline is None
    assert mid.action is SurveyAction.INTERVIEW_PLEDGE and mid.action_deadline == date(2027, 1, 4)
    assert "整改承诺书" in mid.action_label
    assert mid.overdue(date(2027, 1, 5)) and not mid.overdue(date(2027, 1, 4))
    sv.mark_action_done(mid.id, date(2026, 12, 20))
    assert sv.get(mid.id).action_status is ActionStatus.DONE
    assert [s.id for s in sv.find(pending_only=True)] == [low.id]
    with pytest.raises(SurveyError, match="不能大于参与调查户数"):
        sv.record_satisfaction(quasi_estate["id"], "2026年度", date(2026, 12, 5), 10, 11)


def test_complaint_rates_per_estate_and_company(services, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    cs = services.complaints
    t0 = datetime(2026, 5, 1, 9)
    a = cs.record(quasi_estate["id"], ComplaintSource.HOTLINE, "环境卫生", "垃圾未清运", t0)
    b = cs.record(quasi_estate["id"], ComplaintSource.WHISTLE, "消防安全", "楼道堆物", t0)
    c = cs.record(quasi_estate["id"], ComplaintSource.LEAD, "其他", "公示栏未更新", t0)
    cs.respond(a, t0 + timedelta(hours=3))
    cs.close(a, t0 + timedelta(days=2), satisfied=True)
    cs.close(b, t0 + timedelta(days=3), satisfied=False)  # responded late (on closing)
    del c
    row = next(r for r in cs.rates_by_estate() if r.key == quasi_estate["id"])
    assert (row.rates.total, row.rates.responded, row.rates.closed) == (3, 2, 2)
    assert row.rates.response_rate == 66.7 and row.rates.closure_rate == 66.7
    assert row.rates.satisfaction_rate == 50.0 and row.rates.timely_response_rate == 33.3
    comp = next(r for r in cs.rates_by_company() if r.name == quasi_estate["company_name"])
    assert comp.rates.total == 3
    with pytest.raises(ComplaintError, match="不能早于受理时间"):
        cs.respond(a, t0 - timedelta(hours=1))


def test_dashboard_aggregates(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    dash = services.dashboard
    modes = {m.mode: m.estates for m in dash.estates_by_mode()}
    assert sum(modes.values()) == 12 and modes[ManagementMode.QUASI] >= 1
    cov = dash.coverage()
    assert cov.professional == modes[ManagementMode.PROFESSIONAL]
    assert cov.percent == round(cov.professional * 100 / 12, 1)
    d = ins.create_draft(quasi_estate["id"], template_id(services, "quasi-quarterly"), D0)
    fill(ins, d.id, {"A1": "fail"})
    ins.finalise(d.id)
    f = DashboardFilter(estate_id=quasi_estate["id"])
    series = dash.scores_over_time(f)
    assert len(series) == 1 and series[0].points[0].period == "2026-03"
    assert series[0].points[0].average == 92.0
    by_company = dash.rectifications_by_company(f, today=D0 + timedelta(days=30))
    assert [(r.company_name, r.open, r.overdue) for r in by_company] == [(quasi_estate["company_name"], 1, 1)]
    assert dash.average_score(f) == (92.0, 1, 1)
    assert dash.scores_over_time(DashboardFilter(mode=ManagementMode.PROFESSIONAL)) == []
