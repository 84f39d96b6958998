"""One rule per fact (ownership, overdue, points, pass/fail) and the rectification notice of a
failed re-inspection: it lists exactly the items still open after it."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from wuye_desktop.domain.inspections import (
    ItemResult,
    RectificationStatus,
    days_overdue,
    is_overdue,
    item_points,
    passes,
    rectification_owner,
    verdict_label,
)
from wuye_desktop.services.printing import PrintError
from wuye_desktop.storage.models_inspection import Rectification

from .helpers import D0, fill
from .test_inspection_flow import finalised_quarterly

OPEN, DONE = RectificationStatus.OPEN, RectificationStatus.RECTIFIED


def test_overdue_rule_on_values_and_in_sql(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    d = date(2026, 11, 20)
    assert is_overdue(OPEN, d - timedelta(days=1), d) is True
    assert is_overdue(OPEN, d, d) is False  # due today is not late yet
    assert is_overdue(DONE, d - timedelta(days=30), d) is False
    assert days_overdue(OPEN, d - timedelta(days=4), d) == 4 and days_overdue(DONE, d - timedelta(days=4), d) == 0
    # the same function is the SQL condition: it selects exactly what it says on values
    res = finalised_quarterly(services, ins, quasi_estate, fails=("A1", "B3"))
    early, late = sorted({r.deadline for r in res.opened})  # B3 (critical) has the shorter time
    today = early + timedelta(days=1)
    assert today <= late
    with services.db.session() as s:
        rows = list(s.scalars(select(Rectification)))
        in_sql = set(s.scalars(select(Rectification.id).where(
            is_overdue(Rectification.status, Rectification.deadline, today))))
    assert in_sql == {r.id for r in rows if is_overdue(r.status, r.deadline, today)}
    assert len(in_sql) == 1 and ins.overdue_count(today) == 1


def test_points_pass_fail_and_ownership_rules() -> None:
    assert item_points(5, ItemResult.PASS, None) == 5 and item_points(5, ItemResult.FAIL, None) == 0
    assert item_points(5, ItemResult.FAIL, 2) == 2 and item_points(5, ItemResult.PASS, 9) == 5
    assert item_points(5, ItemResult.NA, None) is None and item_points(5, None, None) is None
    assert passes(80, False, 80) and not passes(79.9, False, 80) and not passes(100, True, 80)
    assert passes(None, False, 80)  # nothing applicable
    assert verdict_label(True, False) == "合格" and verdict_label(False, True) == "不合格（否决项）"
    assert rectification_owner("orig", None) == "orig"
    assert rectification_owner("re-1", "orig") == "orig"  # a re-inspection works on its original's


def test_failed_reinspection_prints_its_still_open_items(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    res = finalised_quarterly(services, ins, quasi_estate, fails=("A1", "C3", "A2"))
    rid = {r.item_code: r.id for r in res.opened}
    r1 = ins.create_reinspection(res.inspection.id, D0 + timedelta(days=8))
    fill(ins, r1.id, {"A1": "fail", "A2": "fail"})  # C3 put right, A1 and A2 still not
    f1 = ins.finalise(r1.id)
    assert f1.rectified == [rid["C3"]]

    # every inspection of the chain sees the chain's items (one ownership rule)
    assert {r.id for r in ins.rectifications(inspection_id=r1.id)} == set(rid.values())
    listed = ins.notice_rectifications(r1.id)
    assert sorted(r.item_code for r in listed) == ["A1", "A2"]
    assert all(r.status is OPEN and r.deadline == D0 + timedelta(days=15) for r in listed)

    printing = services.printing
    orig_out, re_out = io.BytesIO(), io.BytesIO()
    on = D0 + timedelta(days=8)  # the day of the re-inspection: no deadline has passed yet
    orig = printing.rectification(res.inspection.id, orig_out, issue_date=on)
    first = printing.rectification(r1.id, re_out, issue_date=on)
    text = "".join(p.extract_text() for p in PdfReader(re_out).pages)
    assert first.pages >= 1 and not first.reused_number
    assert first.number != orig.number  # a re-inspection's notice is a notice of its own
    a1, a2, c3 = (ins.rectifications(ids=[rid[c]])[0] for c in ("A1", "A2", "C3"))
    assert a1.description[:6] in text and a2.description[:6] in text
    assert c3.description[:6] not in text
    again = printing.rectification(r1.id, io.BytesIO(), issue_date=on)
    assert again.reused_number and again.number == first.number  # a reprint keeps its number

    # the 文书 list says which inspections are re-inspections
    labels = {c.id: c.label for c in printing.finalised_inspections()}
    assert "复查" in labels[r1.id] and "复查" not in labels[res.inspection.id]


def test_passed_reinspection_has_nothing_to_notify(services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    res = finalised_quarterly(services, ins, quasi_estate, fails=("A1",))
    r1 = ins.create_reinspection(res.inspection.id, D0 + timedelta(days=8))
    fill(ins, r1.id, {})
    ins.finalise(r1.id)
    assert ins.notice_rectifications(r1.id) == []
    with pytest.raises(PrintError, match="没有需要整改"):
        services.printing.rectification(r1.id, io.BytesIO())
