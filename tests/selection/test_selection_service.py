"""物业选聘 through the service on a real SQLite file: the stages in order, the black list
refused, and filing that moves the estate's company and term with the change noted in history."""

from __future__ import annotations

from datetime import date

import pytest

from wuye_desktop.domain.enums import ServiceGrade
from wuye_desktop.domain.selection import (
    BlacklistedCandidate,
    SelectionError,
    SelectionMethod,
    SelectionStage,
    check_candidate,
    check_method,
)
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.storage.models import Estate

from .helpers import World, build


@pytest.fixture
def services(app_paths: AppPaths) -> Services:
    return open_services(app_paths, user="张社工")


def _to_published(services: Services, w: World) -> str:
    sel = services.selections
    sid = sel.start(w.estate_id, SelectionMethod.PUBLIC_TENDER, date(2026, 9, 10),
                    survey_id=w.survey_id)
    sel.add_candidate(sid, w.good)
    sel.add_candidate(sid, w.other)
    sel.evaluate(sid, w.good, 91.5)
    sel.evaluate(sid, w.other, "86")
    assert sel.result(sid, None, date(2026, 10, 1), date(2026, 10, 7)) == w.good
    return sid


def test_black_listed_company_is_refused_by_the_rule_and_the_service(services: Services) -> None:
    with pytest.raises(BlacklistedCandidate) as err:
        check_candidate("失信物业有限公司", "black", [], "x")
    assert "黑名单" in str(err.value) and "不得参加" in str(err.value)
    w = build(services)
    sid = services.selections.start(w.estate_id, SelectionMethod.INVITED_TENDER, date(2026, 9, 10))
    with pytest.raises(BlacklistedCandidate, match="失信物业有限公司"):
        services.selections.add_candidate(sid, w.black)
    assert services.selections.get(sid).candidates == []
    services.close()


def test_agreement_needs_a_reason_and_stages_come_in_order(services: Services) -> None:
    with pytest.raises(SelectionError, match="协议选聘须写明理由"):
        check_method(SelectionMethod.AGREEMENT, "  ")
    assert check_method(SelectionMethod.AGREEMENT, " 投标人不足三家 ") == "投标人不足三家"
    w = build(services)
    sel = services.selections
    sid = sel.start(w.estate_id, SelectionMethod.AGREEMENT, date(2026, 9, 10), reason="规模小")
    with pytest.raises(SelectionError, match="评审完成"):
        sel.result(sid, None, date(2026, 10, 1), date(2026, 10, 7))
    sel.add_candidate(sid, w.good)
    with pytest.raises(SelectionError, match="不必重复"):
        sel.add_candidate(sid, w.good)
    with pytest.raises(SelectionError, match="0到100"):
        sel.evaluate(sid, w.good, 120)
    sel.evaluate(sid, w.good, 88)
    assert sel.get(sid).stage is SelectionStage.EVALUATED
    with pytest.raises(SelectionError, match="结束日期不能早于"):
        sel.result(sid, w.good, date(2026, 10, 7), date(2026, 10, 1))
    sel.result(sid, w.good, date(2026, 10, 1), date(2026, 10, 7))
    with pytest.raises(SelectionError, match="不能再添加候选企业"):
        sel.add_candidate(sid, w.other)
    services.close()


def test_a_satisfaction_survey_or_a_failed_willingness_survey_cannot_start_one(
        services: Services) -> None:
    w = build(services)
    failed = services.surveys.record_willingness(w.estate_id, "2025年", date(2025, 9, 1), 200, 150, 90)
    with pytest.raises(SelectionError, match="未过半数"):
        services.selections.start(w.estate_id, SelectionMethod.PUBLIC_TENDER, date(2026, 9, 10),
                                  survey_id=failed.id)
    sat = services.surveys.record_satisfaction(w.estate_id, "2025年度", date(2025, 12, 1), 100, 90)
    with pytest.raises(SelectionError, match="满意度测评"):
        services.selections.start(w.estate_id, SelectionMethod.PUBLIC_TENDER, date(2026, 9, 10),
                                  survey_id=sat.id)
    services.close()


def test_filing_updates_the_estate_company_and_term_with_history(services: Services) -> None:
    w = build(services)
    sid = _to_published(services, w)
    sel = services.selections
    with pytest.raises(SelectionError, match="公示期满后"):
        sel.file(sid, date(2026, 10, 7), date(2027, 1, 1), date(2029, 12, 31), 0.8, ServiceGrade.LEVEL2)
    with pytest.raises(SelectionError, match="物业费标准"):
        sel.file(sid, date(2026, 10, 9), date(2027, 1, 1), date(2029, 12, 31), 0, ServiceGrade.LEVEL2)
    sel.file(sid, date(2026, 10, 9), date(2027, 1, 1), date(2029, 12, 31), "0.8", ServiceGrade.LEVEL2)
    info = sel.get(sid)
    assert info.stage is SelectionStage.FILED and info.fee_standard == 0.8
    assert [c.rank for c in info.candidates] == [1, 2]
    with services.db.session() as s:
        e = s.get(Estate, w.estate_id)
        assert e is not None and e.company_id == w.good
        assert (e.contract_start, e.contract_end) == (date(2027, 1, 1), date(2029, 12, 31))
    newest = services.history.history("estates", w.estate_id)[0]
    assert newest.kind == "update" and newest.action != "恢复为此版本"
    assert newest.note.startswith("物业选聘合同备案（公开招标")
    changed = {c.field: (c.old, c.new) for c in newest.changes}
    assert changed["company_id"] == ("原物业有限公司", "安居物业服务有限公司")
    assert newest.user == "张社工"
    services.close()
