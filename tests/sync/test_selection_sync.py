"""物业选聘 travels through a real county server: started, scored, published and filed on one
device; the other device sees the record at every stage and the estate with its new company and
contract term, and the county report shows the estate's selection stage."""

from __future__ import annotations

from datetime import date

from county.helpers import new_community
from selection.helpers import build_rows
from wuye_county.accounts import Staff
from wuye_county.console import data as console_data
from wuye_county.report_selection import as_lines as selection_lines
from wuye_county.report_selection import estate_selections
from wuye_desktop.domain.enums import ServiceGrade
from wuye_desktop.domain.selection import SelectionMethod, SelectionStage
from wuye_desktop.services.selections import SelectionService
from wuye_desktop.services.surveys import SurveyService
from wuye_desktop.storage.models import Estate

from .helpers import Desk


def test_selection_and_the_filed_estate_reach_the_other_device(server, tmp_path) -> None:
    community = new_community()
    a, b = Desk(tmp_path / "a", server.url), Desk(tmp_path / "b", server.url)
    try:
        a.enroll(server, community)
        b.enroll(server, community)
        w = build_rows(a.db, SurveyService(a.db), community)
        sel = SelectionService(a.db)
        sid = sel.start(w.estate_id, SelectionMethod.INVITED_TENDER, date(2026, 9, 10),
                        survey_id=w.survey_id, reason="辖区内有资质企业较少")
        sel.add_candidate(sid, w.good)
        sel.add_candidate(sid, w.other)
        a.engine.run()
        b.engine.run()
        mid = SelectionService(b.db).get(sid)
        assert mid.stage is SelectionStage.STARTED and len(mid.candidates) == 2
        assert mid.survey_label.startswith("2026年")
        sel.evaluate(sid, w.good, 80)
        sel.evaluate(sid, w.other, 90)
        sel.result(sid, None, date(2026, 10, 1), date(2026, 10, 7))
        sel.file(sid, date(2026, 10, 9), date(2027, 1, 1), date(2029, 12, 31), 1.2, ServiceGrade.STAR2)
        a.engine.run()
        b.engine.run()
        got = SelectionService(b.db).get(sid)
        assert got.stage is SelectionStage.FILED and got.company_id == w.other
        assert [(c.company_name, c.score, c.rank) for c in got.candidates] == [
            ("安居物业服务有限公司", 80.0, 2), ("宜家物业管理有限公司", 90.0, 1)]
        assert got.method_reason == "辖区内有资质企业较少" and got.fee_standard == 1.2
        with b.db.session() as s:
            e = s.get(Estate, w.estate_id)
            assert e is not None and e.company_id == w.other and e.contract_end == date(2029, 12, 31)
        assert a.engine.counts().get("rejected", 0) == 0
        with server.engine.connect() as conn:
            mine = [x for x in estate_selections(conn) if x.community_code == community]
            seen = console_data.selections(conn, Staff(2, "xq", "县", "admin", None)).rows
            hidden = console_data.selections(conn, Staff(1, "jd", "街道", "viewer", "999999999")).rows
        assert [(x.estate, x.stage, x.method, x.company, x.filed_on) for x in mine] == [
            ("锦程选聘试点小区", "合同已备案", "邀请招标", "宜家物业管理有限公司", "2026-10-09")]
        assert [r[:3] for r in seen if r[0] == community] == [[community, "锦程选聘试点小区", "合同已备案"]]
        assert all(r[0] != community for r in hidden)
        text = "\n".join(selection_lines(mine))
        assert "物业选聘" in text and "锦程选聘试点小区\t合同已备案" in text
    finally:
        a.close()
        b.close()
