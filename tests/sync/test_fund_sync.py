"""A 维修资金 application travels through a real county server: recorded and advanced on one
device, seen with its buildings and stages on the other, and counted in the county report."""

from __future__ import annotations

import json
from datetime import date

import pytest

from county.helpers import new_community
from wuye_county.reference import publish_templates
from wuye_county.report import HEADERS, as_row, compute_all
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.fund import EMERGENCY_CATEGORIES, FundError, FundPath, FundStage
from wuye_desktop.services.fund import FundService
from wuye_desktop.services.photos import PhotoStore
from wuye_desktop.storage.models import Building, Estate

from .helpers import Desk


def test_emergency_application_reaches_the_other_device_and_the_report(server, tmp_path) -> None:
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
            bld = Building(estate_id=e.id, number="3号楼")
            s.add(bld)
            s.flush()
            eid, bid = e.id, bld.id
        fa = FundService(a.db, PhotoStore(tmp_path / "photos"))
        app_id = fa.add(eid, FundPath.EMERGENCY, "电梯停运", "3号楼电梯曳引机故障", "东苑业委会",
                        4_560_050, date(2026, 11, 10), [(bid, "4800.50", 64)], contractor="某电梯公司")
        a.engine.run()
        fa.advance(app_id, date(2026, 11, 11), "社区王主任", "情况属实")
        a.engine.run()
        b.engine.run()
        got = FundService(b.db, PhotoStore(tmp_path / "photos_b")).get(app_id)
        assert got.stage is FundStage.COMMUNITY and got.path is FundPath.EMERGENCY
        assert got.estimated_fen == 4_560_050 and got.contractor == "某电梯公司"
        assert [(x.number, x.owners) for x in got.buildings] == [("3号楼", 64)]
        assert [s["by"] for s in got.stages] == ["东苑业委会", "社区王主任"]
        with server.engine.connect() as conn:
            communities, subs, _ = compute_all(conn, date(2026, 12, 1))
        mine = next(f for f in communities if f.code == community)
        assert (mine.fund_applications, mine.fund_estimated_fen, mine.fund_final_fen) == (1, 4_560_050, 0)
        assert HEADERS[-3:] == ["维修资金申请", "申请预算（元）", "决算（元）"]
        assert as_row(mine)[-3:] == [1, "45600.50", "0.00"]
        assert next(s for s in subs if s.code == community[:9]).fund_applications >= 1
    finally:
        a.close()
        b.close()


def test_county_categories_extend_the_default_list_and_bad_ones_are_refused(server, tmp_path) -> None:
    desk = Desk(tmp_path / "d", server.url)
    try:
        desk.enroll(server, new_community())
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"kind": "fund_categories", "name": "某县维修资金类别",
                                   "categories": ["楼道照明损坏", ""]}), encoding="utf-8")
        with pytest.raises(FundError, match="第2项"), server.engine.begin() as conn:
            publish_templates(conn, bad)
        good = tmp_path / "cats.json"
        good.write_text(json.dumps({"kind": "fund_categories", "name": "某县维修资金类别",
                                    "categories": ["楼道照明损坏", "屋面漏水"]}), encoding="utf-8")
        with server.engine.begin() as conn:
            publish_templates(conn, good)
        svc = FundService(desk.db, PhotoStore(tmp_path / "p"))
        assert svc.categories() == EMERGENCY_CATEGORIES
        desk.engine.pull()
        assert svc.categories() == (*EMERGENCY_CATEGORIES, "楼道照明损坏")  # 屋面漏水 once
    finally:
        desk.close()
