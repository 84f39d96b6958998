"""Draft → finalise → rectification items → re-inspections → escalation; immutability and
revisions; notice numbers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from wuye_desktop.domain.inspections import InspectionError, InspectionFinalised, InspectionStatus, RectificationStatus
from wuye_desktop.services.inspections import InspectionFilter, Inspector
from wuye_desktop.storage.db import Database
from wuye_desktop.storage.models import OutboxEntry
from wuye_desktop.storage.models_inspection import Inspection, InspectionItem

from .helpers import D0, fill, template_id


def finalised_quarterly(services: Any, ins: Any, estate: dict[str, Any],
                        fails: tuple[str, ...] = ("A1", "C3")) -> Any:
    d = ins.create_draft(estate["id"], template_id(services, "quasi-quarterly"), D0,
                         inspectors=[Inspector("worker", "王丽华")], company_rep="张经理")
    fill(ins, d.id, {c: "fail" for c in fails} | {"A5": "na"})
    return ins.finalise(d.id)


def test_draft_has_every_item_and_live_score(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    d = ins.create_draft(quasi_estate["id"], template_id(services, "quasi-quarterly"), D0)
    assert len(d.items) == 15 and d.status is InspectionStatus.DRAFT
    u = ins.set_item(d.id, "A1", result="不合格")  # labels are accepted as typed
    assert u.item.result_label == "不合格" and u.score.failed == ("A1",)
    with pytest.raises(InspectionError, match="不允许选“不适用”"):
        ins.set_item(d.id, "B2", result="na")
    with pytest.raises(InspectionError, match="0到8分"):
        ins.set_item(d.id, "A1", points=9)


def test_finalise_requires_every_item(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    d = ins.create_draft(quasi_estate["id"], template_id(services, "quasi-quarterly"), D0)
    ins.set_item(d.id, "A1", result="pass")
    pv = ins.preview(d.id)
    assert not pv.can_finalise and len(pv.problems) == 14
    with pytest.raises(InspectionError, match="尚未填写结果"):
        ins.finalise(d.id)


def test_preview_matches_what_finalise_opens(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    d = ins.create_draft(quasi_estate["id"], template_id(services, "quasi-quarterly"), D0)
    fill(ins, d.id, {"A1": "fail", "C3": "fail", "A5": "na"})
    ins.set_item(d.id, "A1", note="3单元楼道堆放杂物")
    pv = ins.preview(d.id)
    # 95 applicable (A5 N/A), A1 (8) and C3 (8) failed
    assert pv.score.possible == 95 and pv.score.percent == round(79 * 100 / 95, 2)
    assert [(p.item_code, p.deadline) for p in pv.opens] == [
        ("A1", D0 + timedelta(days=7)), ("C3", D0 + timedelta(days=7))]
    res = ins.finalise(d.id, deadlines={"C3": date(2026, 4, 30)})  # deadline editable
    assert res.inspection.status is InspectionStatus.FINAL and res.inspection.passed
    got = {r.item_code: r for r in res.opened}
    assert set(got) == {"A1", "C3"}
    assert got["A1"].description == "3单元楼道堆放杂物"  # what was found, not the standard
    assert got["C3"].deadline == date(2026, 4, 30)
    assert got["A1"].company_name == quasi_estate["company_name"]


def test_failed_critical_item_fails_the_inspection(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    res = finalised_quarterly(services, ins, quasi_estate, fails=("B3",))
    assert res.inspection.score == round(87 * 100 / 95, 2)
    assert res.inspection.passed is False and res.inspection.critical_failed is True
    assert res.opened[0].critical and res.opened[0].deadline == D0 + timedelta(days=3)


def test_overdue_is_computed_from_today(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    finalised_quarterly(services, ins, quasi_estate, fails=("A1",))
    deadline = D0 + timedelta(days=7)
    assert ins.rectifications(status="overdue", today=deadline) == []
    late = ins.rectifications(status="overdue", today=deadline + timedelta(days=3))
    assert len(late) == 1 and late[0].days_overdue == 3 and "逾期3天" in late[0].display
    assert ins.overdue_count(today=deadline + timedelta(days=1)) == 1


def test_finalised_inspection_is_immutable_everywhere(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    res = finalised_quarterly(services, ins, quasi_estate)
    iid = res.inspection.id
    with pytest.raises(InspectionFinalised):
        ins.set_item(iid, "A1", result="pass")
    with pytest.raises(InspectionFinalised):
        ins.update_draft(iid, note="改一下")
    with pytest.raises(InspectionFinalised):
        ins.delete_draft(iid)
    db: Database = services.db
    # the storage guard refuses direct ORM edits too …
    with pytest.raises(InspectionFinalised), db.unit_of_work() as s:
        s.get(Inspection, iid).score = 100.0
    with pytest.raises(InspectionFinalised), db.unit_of_work() as s:
        it = s.scalar(select(InspectionItem).where(InspectionItem.inspection_id == iid))
        it.note = "偷偷改"
    with pytest.raises(InspectionFinalised), db.unit_of_work() as s:
        s.add(InspectionItem(inspection_id=iid, item_code="X9", position=99))
    # … and the SQLite trigger refuses raw SQL
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as c:
        c.execute(text("UPDATE inspections SET score = 1 WHERE id = :i"), {"i": iid})
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as c:
        c.execute(text("UPDATE inspection_items SET result = 'pass' WHERE inspection_id = :i"), {"i": iid})
    # bookkeeping stays writable for the sync engine
    with db.engine.begin() as c:
        c.execute(text("UPDATE inspections SET version = 3, sync_state = '' WHERE id = :i"), {"i": iid})
    assert ins.get(iid).score == res.inspection.score


def test_revision_is_a_new_row_and_supersedes(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    res = finalised_quarterly(services, ins, quasi_estate, fails=("A1", "C3"))
    old = res.inspection
    rv = ins.create_revision(old.id)
    assert rv.revision_of_id == old.id and rv.revision_no == 2 and rv.status is InspectionStatus.DRAFT
    assert [i.result for i in rv.items] == [i.result for i in old.items]
    with pytest.raises(InspectionError, match="已有修订版"):
        ins.create_revision(old.id)
    ins.set_item(rv.id, "C3", result="pass")  # C3 was recorded wrongly
    ins.set_item(rv.id, "A2", result="fail", note="漏记：A2不符合要求")  # and A2 was missed
    fr = ins.finalise(rv.id)
    assert [r.item_code for r in fr.opened] == ["A2"]
    assert len(fr.withdrawn) == 1
    by_code = {r.item_code: r for r in ins.rectifications(inspection_id=old.id)}
    assert by_code["C3"].status is RectificationStatus.WITHDRAWN
    assert by_code["A1"].status is RectificationStatus.OPEN  # kept, with its history
    # the original is untouched and hidden from the default list
    again = ins.get(old.id)
    assert again.score == old.score and again.superseded
    listed = [r.id for r in ins.find(InspectionFilter(estate_id=quasi_estate["id"]))]
    assert rv.id in listed and old.id not in listed
    assert old.id in [r.id for r in ins.find(InspectionFilter(include_superseded=True))]


def test_reinspection_covers_only_open_items_and_escalates_after_second_failure(  # type: ignore[no-untyped-def]
        services, ins, quasi_estate) -> None:
    res = finalised_quarterly(services, ins, quasi_estate, fails=("A1", "C3", "A2"))
    origin = res.inspection.id
    rid = {r.item_code: r.id for r in res.opened}
    ins.mark_rectified(rid["A2"], D0 + timedelta(days=2), "照片确认已清理")

    r1 = ins.create_reinspection(origin, D0 + timedelta(days=8))
    assert [i.code for i in r1.items] == ["A1", "C3"] and r1.round == 1
    assert r1.reinspection_of_id == origin
    fill(ins, r1.id, {"A1": "fail"})
    pv = ins.preview(r1.id)
    assert [(o.item_code, o.escalates) for o in pv.reinspection] == [("A1", False), ("C3", False)]
    f1 = ins.finalise(r1.id)
    assert f1.escalated == [] and f1.rectified == [rid["C3"]]
    a1 = ins.rectifications(ids=[rid["A1"]])[0]
    assert a1.failed_reinspections == 1 and a1.escalated_on is None and a1.status is RectificationStatus.OPEN
    assert a1.deadline == D0 + timedelta(days=8 + 7)  # a new deadline from the re-inspection
    assert ins.rectifications(status="escalated") == []

    r2 = ins.create_reinspection(r1.id, D0 + timedelta(days=20))  # from the re-inspection works too
    assert [i.code for i in r2.items] == ["A1"] and r2.round == 2 and r2.reinspection_of_id == origin
    fill(ins, r2.id, {}, default="fail")
    assert ins.preview(r2.id).reinspection[0].escalates
    f2 = ins.finalise(r2.id)
    assert f2.escalated == [rid["A1"]]
    a1 = ins.rectifications(ids=[rid["A1"]])[0]
    assert a1.escalated_on == D0 + timedelta(days=20) and "已上报" in a1.display
    assert [r.id for r in ins.rectifications(status="escalated")] == [rid["A1"]]

    r3 = ins.create_reinspection(origin, D0 + timedelta(days=40))
    fill(ins, r3.id, {}, default="fail")
    f3 = ins.finalise(r3.id)
    a1 = ins.rectifications(ids=[rid["A1"]])[0]
    assert f3.escalated == [] and a1.escalated_on == D0 + timedelta(days=20)  # not re-escalated
    assert a1.failed_reinspections == 3


def test_reinspection_refusals(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    d = ins.create_draft(quasi_estate["id"], template_id(services, "quasi-quarterly"), D0)
    with pytest.raises(InspectionError, match="尚未定稿"):
        ins.create_reinspection(d.id, D0)
    fill(ins, d.id, {})
    ins.finalise(d.id)
    with pytest.raises(InspectionError, match="没有待整改事项"):
        ins.create_reinspection(d.id, D0)
    res = finalised_quarterly(services, ins, quasi_estate)
    ins.create_reinspection(res.inspection.id, D0 + timedelta(days=1))
    with pytest.raises(InspectionError, match="未定稿的复查"):
        ins.create_reinspection(res.inspection.id, D0 + timedelta(days=2))


def test_every_change_is_in_the_outbox(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    with services.db.session() as s:
        before = s.scalar(select(func.count()).select_from(OutboxEntry)
                          .where(OutboxEntry.table_name == "rectifications"))
    finalised_quarterly(services, ins, quasi_estate, fails=("A1", "C3"))
    with services.db.session() as s:
        after = s.scalar(select(func.count()).select_from(OutboxEntry)
                         .where(OutboxEntry.table_name == "rectifications"))
    assert after - before == 2


def test_notice_numbers_are_sequential_per_year_and_persist(services, ins) -> None:  # type: ignore[no-untyped-def]
    assert [ins.next_notice_number(2026) for _ in range(3)] == [
        "〔2026〕第1号", "〔2026〕第2号", "〔2026〕第3号"]
    assert ins.next_notice_number(2027) == "〔2027〕第1号"
    db2 = Database(services.paths.database, services.paths.backups)  # another process, same file
    try:
        from wuye_desktop.services.inspection_templates import TemplateService
        from wuye_desktop.services.inspections import InspectionService
        from wuye_desktop.services.photos import PhotoStore

        other = InspectionService(db2, PhotoStore(services.paths.photos), TemplateService(db2))
        assert other.next_notice_number(2026) == "〔2026〕第4号"
    finally:
        db2.close()
    assert ins.next_notice_number(2026) == "〔2026〕第5号"


def test_assign_notice_number_to_rectifications(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    res = finalised_quarterly(services, ins, quasi_estate)
    num = ins.assign_notice_number([r.id for r in res.opened], 2026)
    assert {r.notice_number for r in ins.rectifications(inspection_id=res.inspection.id)} == {num}


def test_history_is_the_chain_only(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    other = finalised_quarterly(services, ins, quasi_estate).inspection  # not in the chain
    first = finalised_quarterly(services, ins, quasi_estate).inspection
    rv = ins.create_revision(first.id)
    fill(ins, rv.id, {"A1": "fail", "C3": "fail"})
    ins.finalise(rv.id)
    re1 = ins.create_reinspection(first.id, D0 + timedelta(days=8))
    chain = ins.history(re1.id)
    assert [r.id for r in chain] == [first.id, rv.id, re1.id]
    assert other.id not in [r.id for r in ins.history(first.id)]
    assert [r.id for r in ins.history(other.id)] == [other.id]


def test_search_matches_part_of_the_estate_name(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    mine = finalised_quarterly(services, ins, quasi_estate).inspection
    every = ins.find(limit=100000)
    for part in (quasi_estate["name"][1:3], quasi_estate["name"], "没有这个小区"):
        expected = [r.id for r in every if part in r.estate_name]
        assert [r.id for r in ins.find(InspectionFilter(search=part), limit=100000)] == expected
        assert ins.count(InspectionFilter(search=part)) == len(expected)
    assert mine.id in [r.id for r in ins.find(InspectionFilter(search=quasi_estate["name"]), limit=100000)]
