"""The finalise planner on plain values (no database): which items open, withdraw, close or
escalate rectification items for an original, a revision and a re-inspection."""

from __future__ import annotations

from datetime import date

from wuye_desktop.domain.finalise import (
    KnownRectification,
    RecordedItem,
    finalise_problems,
    plan_finalise,
)
from wuye_desktop.domain.inspections import ItemEntry, ItemResult, RectificationStatus, score
from wuye_desktop.domain.templates import Template, parse_template

P, F, NA = ItemResult.PASS, ItemResult.FAIL, ItemResult.NA
OPEN, DONE = RectificationStatus.OPEN, RectificationStatus.RECTIFIED
DAY = date(2026, 3, 2)


def tmpl() -> Template:
    return parse_template({
        "id": "t", "version": 1, "kind": "quarterly", "name": "测试", "pass_threshold": 80,
        "sections": [{"title": "甲", "items": [
            {"code": "a", "text": "甲项", "points": 40},
            {"code": "b", "text": "乙项", "points": 30, "rectify_days": 5},
            {"code": "k", "text": "否决项", "points": 30, "critical": True}]}]})


def recorded(**results: ItemResult | None) -> list[RecordedItem]:
    return [RecordedItem(code, r, note=f"{code}备注" if r is F else None)
            for code, r in results.items()]


def failed_of(items: list[RecordedItem]) -> tuple[str, ...]:
    return score(tmpl(), {i.code: ItemEntry(i.result) for i in items}).failed


def test_an_original_opens_one_item_per_failure_with_default_deadline_and_photos() -> None:
    items = recorded(a=P, b=F, k=F)
    plan = plan_finalise(tmpl(), DAY, items, failed_of(items), [], reinspection=False,
                         photos={"b": ["sha-b"]})
    assert [(o.item_code, o.deadline, o.critical, o.note, o.photos) for o in plan.opens] == [
        ("b", date(2026, 3, 7), False, "b备注", ["sha-b"]),
        ("k", date(2026, 3, 17), True, "k备注", [])]
    assert plan.withdraws == [] and plan.reinspection == []


def test_a_chosen_deadline_wins_over_the_default() -> None:
    items = recorded(a=F, b=P, k=P)
    plan = plan_finalise(tmpl(), DAY, items, failed_of(items), [], reinspection=False,
                         deadlines={"a": date(2026, 4, 1)})
    assert [o.deadline for o in plan.opens] == [date(2026, 4, 1)]


def test_a_revision_keeps_known_items_withdraws_fixed_ones_and_opens_only_new_failures() -> None:
    items = recorded(a=F, b=P, k=F)
    known = [KnownRectification("r-a", "a", OPEN), KnownRectification("r-b", "b", OPEN),
             KnownRectification("r-k-done", "k", DONE)]
    plan = plan_finalise(tmpl(), DAY, items, failed_of(items), known, reinspection=False)
    assert plan.opens == []  # a is still failed and known; k was known (closed, kept)
    assert plan.withdraws == ["r-b"]  # b passes now: its open item is withdrawn


def test_a_reinspection_closes_passes_and_counts_failures_escalating_at_the_second() -> None:
    items = [RecordedItem("a", P, rectification_id="r-a"),
             RecordedItem("b", F, rectification_id="r-b"),
             RecordedItem("k", F, rectification_id="r-k"),
             RecordedItem("a", P, rectification_id="r-gone")]
    known = [KnownRectification("r-a", "a", OPEN),
             KnownRectification("r-b", "b", OPEN, failed_reinspections=1),
             KnownRectification("r-k", "k", OPEN, failed_reinspections=1, escalated=True)]
    plan = plan_finalise(tmpl(), DAY, items, failed_of(items[:3]), known, reinspection=True)
    assert plan.opens == [] and plan.withdraws == []
    out = {o.rectification_id: (o.result, o.new_deadline, o.escalates) for o in plan.reinspection}
    assert out == {"r-a": (P, None, False),
                   "r-b": (F, date(2026, 3, 7), True),  # second consecutive failure
                   "r-k": (F, date(2026, 3, 17), False)}  # already escalated: not again


def test_a_reinspection_skips_items_closed_meanwhile() -> None:
    items = [RecordedItem("a", F, rectification_id="r-a")]
    plan = plan_finalise(tmpl(), DAY, items, ("a",), [KnownRectification("r-a", "a", DONE)],
                         reinspection=True)
    assert plan.reinspection == []


def test_problems_name_unanswered_items_and_a_final_record() -> None:
    t = tmpl()
    sc = score(t, {"a": ItemEntry(P), "b": ItemEntry(None), "k": ItemEntry(NA)})
    assert finalise_problems(t, sc, already_final=True) == [
        "检查项b“乙项”尚未填写结果。", "该检查记录已定稿。"]
    assert finalise_problems(t, score(t, {c: ItemEntry(P) for c in "abk"}), False) == []
