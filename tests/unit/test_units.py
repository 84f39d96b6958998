"""单元: the register under each building — the number rule, 单元数 kept equal to the units,
leads linked to a unit, the upgrade from free text, 修改记录 and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from wuye_desktop.domain.units import unit_number, units_to_add
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.services.registers import ValidationFailed
from wuye_desktop.storage.migrate import make_config
from wuye_desktop.storage.models import BuildingLead, OutboxEntry, Unit

CODE = "220102003001"


@pytest.mark.parametrize(("written", "number"), [
    ("2单元", "2"), ("二单元", "2"), ("2", "2"), ("02", "2"), ("第2单元", "2"), ("２单元", "2"),
    ("十二单元", "12"), ("2号单元", "2"), (3, "3"), (3.0, "3"), ("东单元", "东"), ("", None),
])
def test_a_unit_number_as_registers_write_it(written: object, number: str | None) -> None:
    assert unit_number(written) == number


def test_units_to_add_fills_the_lowest_free_numbers() -> None:
    assert units_to_add(3, ()) == ["1", "2", "3"]
    assert units_to_add(3, {"2"}) == ["1", "3"]
    assert units_to_add(2, {"1", "2", "3"}) == []


def _estate_and_building(svc: Services, units: int | None = 3) -> str:
    svc.registers.create("estates", {"name": "东风花园", "management_mode": "准物业"})
    return svc.registers.create("buildings", {"estate_name": "东风花园", "number": "1号楼",
                                              "unit_count": units}).id


def _units(svc: Services) -> list[tuple[str, int | None, int | None]]:
    return [(u["number"], u["floors"], u["household_count"])
            for u in svc.registers.rows("units", filters={"building_number": "1号楼"})]


def test_unit_count_makes_units_and_follows_them(services: Services) -> None:
    svc = services
    bid = _estate_and_building(svc)
    assert _units(svc) == [("1", None, None), ("2", None, None), ("3", None, None)]
    svc.registers.create("units", {"estate_name": "东风花园", "building_number": "1号楼",
                                   "number": "四单元", "floors": 6, "household_count": 12})
    assert svc.registers.get("buildings", bid)["unit_count"] == 4  # type: ignore[index]
    four = next(u for u in svc.registers.rows("units") if u["number"] == "4")
    svc.registers.delete("units", four["id"])
    assert svc.registers.get("buildings", bid)["unit_count"] == 3  # type: ignore[index]
    with pytest.raises(ValidationFailed, match="单元数不能少于3"):
        svc.registers.update("buildings", bid, {"unit_count": 2})
    svc.registers.update("buildings", bid, {"unit_count": 5})
    assert [u[0] for u in _units(svc)] == ["1", "2", "3", "4", "5"]  # 4 comes back


def test_a_lead_refers_to_a_unit_of_its_building(services: Services) -> None:
    svc = services
    _estate_and_building(svc)
    lead = svc.registers.create("leads", {"name": "李桂兰", "phone": "13912345678",
                                          "estate_name": "东风花园", "building_number": "1号楼",
                                          "unit_number": "二单元"})
    got = svc.registers.get("leads", lead.id)
    assert got is not None and got["unit_number"] == "2"
    with pytest.raises(ValidationFailed, match="1号楼没有“7单元”"):
        svc.registers.update("leads", lead.id, {"unit_number": "7"})
    two = next(u for u in svc.registers.rows("units") if u["number"] == "2")
    assert two["lead_names"] == "李桂兰"  # the unit's 楼长: the leads that name it
    svc.registers.update("units", two["id"], {"lead_names": "别人", "floors": 6})  # not written
    assert svc.registers.get("units", two["id"])["lead_names"] == "李桂兰"  # type: ignore[index]
    with pytest.raises(ValidationFailed, match="还有1位楼长"):
        svc.registers.delete("units", two["id"])
    assert svc.registers.unit_choices("东风花园", "1号楼") == ["1", "2", "3"]


def test_unit_edits_are_in_history_and_the_outbox(services: Services) -> None:
    svc = services
    _estate_and_building(svc, 1)
    (unit,) = svc.registers.rows("units")
    svc.registers.update("units", unit["id"], {"floors": 6, "household_count": 12})
    items = svc.history.history("units", unit["id"])
    assert [i.action for i in items] == ["修改", "新建"]
    assert {(c.label, c.new) for c in items[0].changes} == {("层数", "6"), ("户数", "12")}
    assert svc.history.find("units", "东风花园/1号楼/1") == unit["id"]
    with svc.db.session() as s:
        tables = [e.table_name for e in s.scalars(select(OutboxEntry).where(
            OutboxEntry.row_id == unit["id"]))]
    assert tables and set(tables) == {"units"}


def test_upgrade_makes_units_from_counts_and_links_free_text(tmp_path: Path) -> None:
    """A database from before units: 单元数 3 → units 1–3; "2单元", "二单元", "3" link; text
    that names no unit is kept as written; the new rows are queued for the county."""
    data = AppPaths(tmp_path / "data").ensure()
    engine = create_engine(f"sqlite:///{data.database}")
    with engine.begin() as c:
        command.upgrade(make_config(c), "0005")
        stamp = "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', '', '', ''"
        cols = "version, created_at, updated_at, updated_by, device_id, sync_state"
        c.execute(text(f"INSERT INTO community (id, code, name, subdistrict, county, office, {cols})"
                       f" VALUES ('c', '{CODE}', '桃源社区', '', '', '', 1, {stamp})"))
        c.execute(text(f"INSERT INTO estates (id, name, community_code, management_mode, {cols})"
                       f" VALUES ('e', '东风花园', '{CODE}', 'quasi', 1, {stamp})"))
        for bid, number, count in (("b1", "1号楼", 3), ("b2", "2号楼", None)):
            c.execute(text(f"INSERT INTO buildings (id, estate_id, number, unit_count, {cols})"
                           f" VALUES (:i, 'e', :n, :u, 1, {stamp})"),
                      {"i": bid, "n": number, "u": count})
        for lid, bid, unit in (("l1", "b1", "2单元"), ("l2", "b1", "二单元"), ("l3", "b1", "3"),
                               ("l4", "b1", "1-2单元"), ("l5", "b2", "1单元"), ("l6", "b1", None)):
            c.execute(text(f"INSERT INTO leads (id, building_id, name, phone, unit, {cols})"
                           f" VALUES (:i, :b, :i, '13912345678', :u, 1, {stamp})"),
                      {"i": lid, "b": bid, "u": unit})
    engine.dispose()

    svc = open_services(data, user="测试员")
    try:
        assert [u[0] for u in _units(svc)] == ["1", "2", "3"]
        with svc.db.session() as s:
            units = {u.id: u.number for u in s.scalars(select(Unit))}
            leads = {x.id: (units.get(x.unit_id or ""), x.unit) for x in s.scalars(select(BuildingLead))}
            queued = {(e.table_name, e.kind) for e in s.scalars(select(OutboxEntry))}
        assert leads == {"l1": ("2", None), "l2": ("2", None), "l3": ("3", None),
                         "l4": (None, "1-2单元"), "l5": (None, "1单元"), "l6": (None, None)}
        assert queued == {("units", "insert"), ("leads", "update")}
        shown = svc.registers.get("leads", "l4")
        assert shown is not None and shown["unit"] == "1-2单元" and shown["unit_number"] is None
        (made,) = svc.history.history("units", next(iter(units)))
        assert made.action == "新建"
    finally:
        svc.close()


def test_cli_lists_units_as_json(paths: AppPaths, services: Services,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from wuye_desktop.__main__ import main

    _estate_and_building(services, 2)
    services.close()
    assert main(["--data-dir", str(paths.data_dir), "list", "units", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["building_number"], r["number"]) for r in rows] == [("1号楼", "1"), ("1号楼", "2")]
    assert main(["--data-dir", str(paths.data_dir), "add", "单元", "所属小区=东风花园",
                 "楼栋号=1号楼", "单元号=3单元", "户数=18"]) == 0
    assert main(["--data-dir", str(paths.data_dir), "list", "buildings", "--json"]) == 0
    (b,) = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert b["unit_count"] == 3


def test_trash_keeps_the_unit_count_in_step(services: Services) -> None:
    svc = services
    bid = _estate_and_building(svc, 2)
    two = next(u for u in svc.registers.rows("units") if u["number"] == "2")
    svc.registers.delete("units", two["id"])
    assert svc.registers.get("buildings", bid)["unit_count"] == 1  # type: ignore[index]
    svc.history.restore_deleted("units", two["id"])
    assert svc.registers.get("buildings", bid)["unit_count"] == 2  # type: ignore[index]
    svc.registers.delete("buildings", bid)
    assert svc.registers.rows("units") == []  # the units go with their building
    svc.history.restore_deleted("buildings", bid)
    assert [u[0] for u in _units(svc)] == ["1", "2"]
