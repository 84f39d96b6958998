"""Register use cases: the same validation as imports, natural keys, soft delete."""

from __future__ import annotations

from datetime import date

import pytest

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.context import Services
from wuye_desktop.services.registers import DuplicateRecord, ValidationFailed


def estate(svc: Services, name: str = "幸福小区", **kw: object) -> str:
    values = {"name": name, "management_mode": ManagementMode.QUASI, **kw}
    return svc.registers.save("estates", values).id


def test_create_edit_and_read_back(services: Services) -> None:
    services.registers.save("companies", {"name": "安居物业", "credit_code": "91310110666007217T"})
    eid = estate(services, company_name="安居物业", household_count=100)
    row = services.registers.get("estates", eid)
    assert row is not None
    assert row["company_name"] == "安居物业" and row["community_code"] == "220102003001"
    services.registers.save("estates", {**row, "household_count": 101}, row_id=eid)
    assert services.registers.get("estates", eid)["household_count"] == 101  # type: ignore[index]


def test_estate_of_another_community_is_refused(services: Services) -> None:
    with pytest.raises(ValidationFailed) as exc:
        estate(services, community_code="220102003002")
    assert exc.value.issues[0].field == "community_code"
    assert services.registers.count("estates") == 0


def test_building_number_unique_within_its_estate(services: Services) -> None:
    estate(services, "甲小区")
    estate(services, "乙小区")
    first = services.registers.save("buildings", {"estate_name": "甲小区", "number": "1号楼"}).id
    services.registers.save("buildings", {"estate_name": "乙小区", "number": "1号楼"})  # other estate: ok
    second = services.registers.save("buildings", {"estate_name": "甲小区", "number": "2号楼"}).id
    issues = services.registers.validate("buildings", {"estate_name": "甲小区", "number": "1号楼"},
                                         row_id=second)
    assert [i.field for i in issues] == ["number"] and "不能重复" in issues[0].message
    # Creating never merges: the same natural key is refused, naming the existing building.
    with pytest.raises(DuplicateRecord) as dup:
        services.registers.save("buildings", {"estate_name": "甲小区", "number": "1号楼",
                                              "unit_count": 3})
    assert dup.value.existing_id == first and "1号楼" in str(dup.value)
    assert services.registers.get("buildings", first)["unit_count"] is None


def test_lead_must_be_on_a_building_of_this_community(services: Services) -> None:
    estate(services)
    services.registers.save("buildings", {"estate_name": "幸福小区", "number": "1号楼"})
    ok = services.registers.save("leads", {"name": "王秀英", "phone": "13912345678",
                                           "estate_name": "幸福小区", "building_number": "1号楼"})
    assert ok.created
    with pytest.raises(ValidationFailed) as exc:
        services.registers.save("leads", {"name": "李建国", "phone": "13912345679",
                                          "estate_name": "幸福小区", "building_number": "9号楼"})
    assert exc.value.issues[0].field == "building_number"
    with pytest.raises(ValidationFailed) as exc:
        services.registers.save("leads", {"name": "李建国", "phone": "13912345679",
                                          "estate_name": "别的小区", "building_number": "1号楼"})
    assert exc.value.issues[0].field == "estate_name"


def test_lead_term_and_phone_rules(services: Services) -> None:
    estate(services)
    services.registers.save("buildings", {"estate_name": "幸福小区", "number": "1号楼"})
    with pytest.raises(ValidationFailed) as exc:
        services.registers.save("leads", {
            "name": "王秀英", "phone": "1391234", "estate_name": "幸福小区", "building_number": "1号楼",
            "term_start": date(2025, 1, 1), "term_end": date(2024, 1, 1)})
    assert {i.field for i in exc.value.issues} == {"phone", "term_end"}


def test_soft_delete_hides_row_and_frees_its_name(services: Services) -> None:
    eid = estate(services)
    services.registers.delete("estates", eid)
    assert services.registers.count("estates") == 0
    assert services.registers.get("estates", eid) is None
    assert estate(services) != eid  # the name can be registered again


def test_delete_refused_while_dependents_exist(services: Services) -> None:
    eid = estate(services)
    services.registers.save("buildings", {"estate_name": "幸福小区", "number": "1号楼"})
    with pytest.raises(ValidationFailed) as exc:
        services.registers.delete("estates", eid)
    assert "还有1栋楼" in str(exc.value)
    assert services.registers.count("estates") == 1


def test_search_filter_sort_and_paging(demo_services: Services) -> None:
    reg = demo_services.registers
    total = reg.count("buildings")
    assert total > 100
    pages = [reg.page("buildings", offset=o, limit=50) for o in range(0, total, 50)]
    ids = [r[0] for p in pages for r in p]
    assert len(ids) == total == len(set(ids))
    lead = reg.rows("leads")[0]
    found = reg.rows("leads", search=lead["phone"][-6:])
    assert lead["id"] in {r["id"] for r in found}
    quasi = reg.rows("estates", filters={"management_mode": "quasi"})
    assert quasi and all(r["management_mode"] is ManagementMode.QUASI for r in quasi)
    names = [r[1] for r in reg.page("estates", sort="name", descending=True, limit=100)]
    assert names == sorted(names, reverse=True)
    one = reg.estate_choices()[0]
    in_estate = reg.rows("buildings", filters={"estate_id": one[0]})
    assert in_estate and {r["estate_name"] for r in in_estate} == {one[1]}


def test_init_community_validates_code(services: Services) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.registers.init_community("2201", "坏代码社区")
    assert "12位" in str(exc.value)


def test_demo_is_realistic_and_idempotent(demo_services: Services) -> None:
    from wuye_desktop.services import demo

    reg = demo_services.registers
    counts = {k: reg.count(k) for k in ("estates", "buildings", "leads", "companies")}
    assert counts["estates"] == 12 and counts["companies"] == 8
    assert 100 <= counts["buildings"] <= 140 and 130 <= counts["leads"] <= 170
    modes = {r["management_mode"] for r in reg.rows("estates")}
    assert modes == set(ManagementMode)
    demo.install(reg)
    assert {k: reg.count(k) for k in counts} == counts
