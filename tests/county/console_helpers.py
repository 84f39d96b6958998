"""A county with synced rows and staff accounts, for the console tests (browser and HTTP)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine

from wuye_county.accounts import add_user

from .helpers import Device, op, uid

PASSWORD = "县里的密码-2026"
#: two sub-districts; the viewer sees only the first
SUB_A, SUB_B = "330106001", "330106002"
A1, A2, B1 = SUB_A + "001", SUB_A + "002", SUB_B + "001"
#: (community, name, mode, households, party branch, committee)
ESTATES = [
    (A1, "翠苑一区", "professional", 400, "翠苑一区党支部", True),
    (A1, "翠苑二区", "quasi", 200, "", False),
    (A1, "文三新村", "none", 100, "", False),
    (A2, "古荡新村", "professional", 300, "古荡党支部", True),
    (B1, "西溪花园", "committee", 250, "", True),
    (B1, "求是村", "professional", 150, "", False),
]


@dataclass
class Seeded:
    devices: dict[str, Device]


def add_staff(engine: Engine) -> None:
    at = datetime.now(UTC)
    with engine.begin() as conn:
        add_user(conn, at, "admin", PASSWORD, "admin", display_name="王科长")
        add_user(conn, at, "jiedao", PASSWORD, "viewer", display_name="李干事", subdistrict=SUB_A)
        add_user(conn, at, "shenji", PASSWORD, "auditor", display_name="赵审计")


def seed(server: object) -> Seeded:
    """Enrol one device per community and sync the estates and committees of ``ESTATES``."""
    devices = {c: server.enrol(c, name=f"{c}的电脑") for c in (A1, A2, B1)}  # type: ignore[attr-defined]
    for community, name, mode, households, party, committee in ESTATES:
        eid = uid()
        ops = [op("estates", eid, name=name, management_mode=mode, household_count=households,
                  party_branch=party or None, community_code=community)]
        if committee:
            ops.append(op("committees", uid(), estate_id=eid, estate_name=name, kind="owners"))
        assert {r["status"] for r in devices[community].push(*ops)} == {"applied"}
    return Seeded(devices)


def expected(communities: set[str]) -> dict[str, str]:
    """The 概览 figures computed straight from ``ESTATES`` (what was synced), as displayed."""
    rows = [e for e in ESTATES if e[0] in communities]
    n = len(rows)
    households = sum(e[3] for e in rows)
    pro = [e for e in rows if e[2] == "professional"]
    return {
        "fig-estates": str(n), "fig-households": str(households),
        "fig-coverage": f"{len(pro) / n:.1%}",
        "fig-household-coverage": f"{sum(e[3] for e in pro) / households:.1%}",
        "fig-committee": f"{sum(e[5] for e in rows) / n:.1%}",
        "fig-party": f"{sum(bool(e[4]) for e in rows) / n:.1%}",
        "fig-none": str(sum(e[2] == "none" for e in rows)),
    }
