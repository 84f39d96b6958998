"""楼长聘书 per lead (issue 13, item 6): one letter per building lead with that lead's registered
term, a sealed signature and no page number; a lead without a term is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from wuye_desktop.printing import TemplateError
from wuye_desktop.printing.data import cn_date
from wuye_desktop.services.context import Services
from wuye_desktop.storage import models as m

from .helpers import page_texts


def _leads_of(svc: Services, estate_id: str) -> list[m.BuildingLead]:
    with svc.db.session() as s:
        rows = list(s.scalars(select(m.BuildingLead).join(m.Building, m.BuildingLead.building_id == m.Building.id)
                              .where(m.Building.estate_id == estate_id, m.BuildingLead.deleted_at.is_(None),
                                     m.Building.deleted_at.is_(None))))
        s.expunge_all()
    return rows


def _estate_with_two_leads_in_a_building(svc: Services) -> str:
    for e in svc.printing.estates():
        leads = _leads_of(svc, e.id)
        per_building = [ld.building_id for ld in leads]
        if any(per_building.count(b) > 1 for b in per_building):
            return e.id
    raise AssertionError("the demo has a building with two leads")


def test_one_letter_per_lead_with_its_term_sealed_and_unnumbered(svc: Services, tmp_path: Path) -> None:
    eid = _estate_with_two_leads_in_a_building(svc)
    leads = _leads_of(svc, eid)
    out = tmp_path / "letters.pdf"
    res = svc.printing.notice_batch("lead_appointment", [eid], {}, out)
    pages = page_texts(out)
    assert res.pages == len(pages) == len(leads)
    for ld in leads:
        assert ld.term_start is not None and ld.term_end is not None
        mine = [p for p in pages if f"{ld.name}同志" in p]
        assert len(mine) == 1, ld.name
        page = mine[0]
        assert f"聘期自{cn_date(ld.term_start)}至{cn_date(ld.term_end)}" in page
        assert "、" not in page.split("同志")[0]  # addressed to this lead alone
        assert "（盖章）" in page
        assert "—" not in page  # no page number


def test_lead_without_term_is_refused_by_name(svc: Services, tmp_path: Path) -> None:
    eid = _estate_with_two_leads_in_a_building(svc)
    lead = _leads_of(svc, eid)[0]
    svc.registers.save("leads", {"term_end": None}, row_id=lead.id)
    out = tmp_path / "letters.pdf"
    with pytest.raises(TemplateError, match=f"{lead.name}（缺任期结束）") as exc:
        svc.printing.notice_batch("lead_appointment", [eid], {}, out)
    assert "任期开始和任期结束" in exc.value.with_hint()
    assert not out.exists()


def test_per_lead_files_are_named_by_lead(svc: Services, tmp_path: Path) -> None:
    eid = _estate_with_two_leads_in_a_building(svc)
    leads = _leads_of(svc, eid)
    res = svc.printing.notice_batch("lead_appointment", [eid], {}, tmp_path / "out", per_building=True)
    assert len(res.files) == len(leads) == len(set(res.files))
    assert all(any(ld.name in f.name for ld in leads) for f in res.files)
