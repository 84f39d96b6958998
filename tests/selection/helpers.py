"""Shared set-up of the 物业选聘 tests: an estate, a willingness survey that passed, companies
(one black-listed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wuye_desktop.domain.enums import ListStatus, ManagementMode
from wuye_desktop.services.context import Services
from wuye_desktop.services.surveys import SurveyService
from wuye_desktop.storage.db import Database
from wuye_desktop.storage.models import Company, Estate

COMMUNITY = "220102003001"


@dataclass
class World:
    estate_id: str
    survey_id: str
    good: str
    other: str
    black: str
    old: str


def build(services: Services, community: str = COMMUNITY) -> World:
    return build_rows(services.db, services.surveys, community)


def build_rows(db: Database, surveys: SurveyService, community: str = COMMUNITY) -> World:
    with db.unit_of_work() as s:
        cs = [Company(name=n, list_status=st) for n, st in (
            ("安居物业服务有限公司", ListStatus.NONE), ("宜家物业管理有限公司", ListStatus.RED),
            ("失信物业有限公司", ListStatus.BLACK), ("原物业有限公司", ListStatus.NONE))]
        s.add_all(cs)
        s.flush()
        e = Estate(name="锦程选聘试点小区", community_code=community, household_count=200,
                   management_mode=ManagementMode.COMMITTEE, company_id=cs[3].id,
                   contract_start=date(2023, 1, 1), contract_end=date(2025, 12, 31))
        s.add(e)
        s.flush()
        ids = [c.id for c in cs]
        eid = e.id
    sv = surveys.record_willingness(eid, "2026年", date(2026, 9, 1), 200, 180, 130)
    return World(eid, sv.id, ids[0], ids[1], ids[2], ids[3])
