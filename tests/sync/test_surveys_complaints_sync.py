"""Surveys (with per-item scores and the follow-up) and complaints travel through a real county
server: recorded on one device, changed there, and seen with every field on the other."""

from __future__ import annotations

from datetime import UTC, date, datetime

from county.helpers import new_community
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.surveys import ActionStatus, ComplaintSource, SurveyAction
from wuye_desktop.services.complaints import ComplaintService
from wuye_desktop.services.surveys import SurveyService
from wuye_desktop.storage.models import Estate

from .helpers import Desk


def test_survey_follow_up_and_complaint_reach_the_other_device(server, tmp_path) -> None:
    community = new_community()
    a, b = Desk(tmp_path / "a", server.url), Desk(tmp_path / "b", server.url)
    try:
        a.enroll(server, community)
        b.enroll(server, community)
        with a.db.unit_of_work() as s:
            e = Estate(name="东苑", community_code=community,
                       management_mode=ManagementMode.PROFESSIONAL, household_count=100)
            s.add(e)
            s.flush()
            eid = e.id
        sv, cs = SurveyService(a.db), ComplaintService(a.db)
        rec = sv.record_satisfaction(eid, "2026年度", date(2026, 11, 10), 100, 72,
                                     scores={"保洁": 70, "绿化": 80})
        cid = cs.record(eid, ComplaintSource.HOTLINE, "环境卫生", "垃圾未清运",
                        datetime(2026, 11, 12, 9, tzinfo=UTC), work_order_no="12345-01")
        a.engine.run()
        sv.mark_action_done(rec.id, date(2026, 11, 20), "已签订整改承诺书")
        cs.close(cid, datetime(2026, 11, 13, 9, tzinfo=UTC), True, "已清运")
        a.engine.run()
        b.engine.run()
        got = SurveyService(b.db).get(rec.id)
        assert got.action is SurveyAction.INTERVIEW_PLEDGE and got.scores == {"保洁": 70.0, "绿化": 80.0}
        assert got.action_status is ActionStatus.DONE and got.action_done_on == date(2026, 11, 20)
        assert got.action_note == "已签订整改承诺书"
        assert SurveyService(b.db).notice(rec.id, "pledge")[1]["整改事项"].startswith("重点整改保洁（70%）")
        c = ComplaintService(b.db).get(cid, date(2026, 11, 20))
        assert c.work_order_no == "12345-01" and c.closed and c.satisfied is True and c.result == "已清运"
        assert a.engine.counts() == {"applied": 5}  # estate, survey, complaint, two updates
    finally:
        a.close()
        b.close()
