"""单元 through a real county server: a unit made on device A (and the units A's 单元数 made)
reach device B with the lead that refers to one; edits on both sides conflict like any row."""

from __future__ import annotations

import pytest

from county.helpers import new_community
from wuye_desktop.services.registers import RegisterService

from .helpers import Desk


@pytest.fixture
def pair(server, tmp_path):
    community = new_community()
    a = Desk(tmp_path / "a", server.url)
    b = Desk(tmp_path / "b", server.url)
    a.enroll(server, community)
    b.enroll(server, community)
    yield a, b, community
    a.close()
    b.close()


def _units(regs: RegisterService) -> list[tuple[str, str, int | None]]:
    return [(u["building_number"], u["number"], u["floors"]) for u in regs.rows("units")]


def test_a_unit_made_on_a_reaches_b_with_its_lead(pair) -> None:
    a, b, community = pair
    ra, rb = RegisterService(a.db), RegisterService(b.db)
    ra.create("estates", {"name": "东苑", "community_code": community, "management_mode": "none"})
    bid = ra.create("buildings", {"estate_name": "东苑", "number": "1号楼", "unit_count": 2}).id
    uid = ra.create("units", {"estate_name": "东苑", "building_number": "1号楼", "number": "3单元",
                              "floors": 6, "household_count": 12}).id
    ra.create("leads", {"name": "王芳", "phone": "13912345678", "estate_name": "东苑",
                        "building_number": "1号楼", "unit_number": "3"})
    a.engine.run()
    assert "rejected" not in a.engine.counts()
    b.engine.run()

    assert _units(rb) == [("1号楼", "1", None), ("1号楼", "2", None), ("1号楼", "3", 6)]
    assert rb.get("buildings", bid)["unit_count"] == 3  # type: ignore[index]
    (lead,) = rb.rows("leads")
    assert (lead["building_number"], lead["unit_number"]) == ("1号楼", "3")
    assert rb.unit_choices("东苑", "1号楼") == ["1", "2", "3"]

    # both devices edit the unit's floors: B's later edit is a conflict for a person
    ra.update("units", uid, {"floors": 7})
    rb.update("units", uid, {"floors": 8})
    a.engine.run()
    b.engine.run()
    assert b.engine.counts().get("conflict") == 1
    assert rb.get("units", uid)["sync_state"] == "conflict"  # type: ignore[index]
