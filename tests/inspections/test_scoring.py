"""Scoring rules: N/A leaves the denominator, a failed critical item fails everything."""

from __future__ import annotations

from datetime import date

import pytest

from wuye_desktop.domain.inspections import (
    ItemEntry,
    ItemResult,
    escalates,
    format_notice_number,
    rectification_deadline,
    score,
)
from wuye_desktop.domain.templates import parse_template

P, F, NA = ItemResult.PASS, ItemResult.FAIL, ItemResult.NA


def tmpl(threshold: float = 80):  # type: ignore[no-untyped-def]
    return parse_template({
        "id": "t", "version": 1, "kind": "quarterly", "name": "测试", "pass_threshold": threshold,
        "sections": [{"title": "甲", "items": [
            {"code": "a", "text": "甲项", "points": 40},
            {"code": "b", "text": "乙项", "points": 30, "rectify_days": 5},
            {"code": "c", "text": "丙项", "points": 20},
            {"code": "k", "text": "否决项", "points": 10, "critical": True, "na_allowed": False}]}]})


def entries(**kw: ItemResult | tuple[ItemResult, float]) -> dict[str, ItemEntry]:
    return {k: ItemEntry(*v) if isinstance(v, tuple) else ItemEntry(v) for k, v in kw.items()}


def test_all_pass_is_100() -> None:
    s = score(tmpl(), entries(a=P, b=P, c=P, k=P))
    assert (s.percent, s.passed, s.failed) == (100.0, True, ())


def test_na_leaves_the_denominator() -> None:
    # b (30) failed, c (20) N/A: 50 earned of 80 applicable → 62.5, not 50 of 100
    s = score(tmpl(60), entries(a=P, b=F, c=NA, k=P))
    assert s.possible == 80 and s.earned == 50
    assert s.percent == 62.5 and s.passed
    assert s.not_applicable == 1 and s.applicable == 3


def test_na_counts_against_when_it_would_have_been_failed() -> None:
    with_na = score(tmpl(), entries(a=P, b=P, c=NA, k=P))
    with_fail = score(tmpl(), entries(a=P, b=P, c=F, k=P))
    assert with_na.percent == 100.0 and with_fail.percent == 80.0


def test_failed_critical_item_fails_a_high_score() -> None:
    s = score(tmpl(), entries(a=P, b=P, c=P, k=F))
    assert s.percent == 90.0
    assert not s.passed and s.critical_failed == ("k",)
    assert s.result_label.startswith("不合格")


def test_threshold_is_inclusive() -> None:
    assert score(tmpl(70), entries(a=P, b=F, c=P, k=P)).passed  # exactly 70
    assert not score(tmpl(70.01), entries(a=P, b=F, c=P, k=P)).passed


def test_partial_points_on_a_failed_item_still_fail_it() -> None:
    s = score(tmpl(), entries(a=(F, 25.0), b=P, c=P, k=P))
    assert s.earned == 85 and s.failed == ("a",)


def test_unanswered_items_are_reported_and_not_scored() -> None:
    s = score(tmpl(), entries(a=P))
    assert s.unanswered == ("b", "c", "k") and s.possible == 40


def test_covered_subset_scores_only_those_items() -> None:
    s = score(tmpl(), entries(b=F, c=P), covered=["b", "c"])
    assert s.possible == 50 and s.percent == 40.0


def test_all_na_has_no_percent() -> None:
    t = tmpl()
    s = score(t, entries(a=NA, b=NA, c=NA), covered=["a", "b", "c"])
    assert s.percent is None and s.result_label == "无适用项"


def test_deadline_uses_item_days() -> None:
    t = tmpl()
    assert rectification_deadline(date(2026, 1, 30), t.item("b")) == date(2026, 2, 4)
    assert rectification_deadline(date(2026, 1, 30), t.item("a")) == date(2026, 2, 14)  # default 15


@pytest.mark.parametrize(("before", "failed", "expected"), [
    (0, True, False), (1, True, True), (2, True, False), (1, False, False)])
def test_escalation_rule_fires_exactly_on_the_second_failure(before: int, failed: bool,
                                                             expected: bool) -> None:
    assert escalates(before, failed) is expected


def test_notice_number_format() -> None:
    assert format_notice_number(2026, 7) == "〔2026〕第7号"
