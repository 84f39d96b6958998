"""Near-duplicates in an import: grouped by normalised key within the file and against the
register, merged or kept per group as the worker says, refused while undecided or where keeping
both would repeat the register's unique key; a refused import changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabular.conftest import build_xlsx
from wuye_desktop.domain.duplicates import (
    ASK,
    KEEP,
    MERGE,
    find_groups,
    merge_values,
    near_key,
    resolve,
    unique_key,
)
from wuye_desktop.domain.import_mapping import ImportMapping
from wuye_desktop.services.context import Services

BUILDINGS = ["所属小区", "楼栋号", "单元数", "建成年份"]
LEADS = ["姓名", "联系电话", "所属小区", "楼栋号"]


def test_near_keys_normalise_spaces_width_and_building_spellings() -> None:
    assert near_key("estates", {"name": "幸福 小区"}) == near_key("estates", {"name": "幸福小区"})
    assert near_key("estates", {"name": "Ａ区花园"}) == near_key("estates", {"name": "A区花园"})
    keys = {near_key("buildings", {"estate_name": "幸福小区", "number": n})
            for n in ("1#", "1栋", "一号楼", "１号楼", "1 号楼")}
    assert len(keys) == 1
    assert near_key("buildings", {"estate_name": "幸福小区", "number": "2#"}) not in keys
    # a person is the same by name and estate; the register's key adds the building
    a = {"estate_name": "幸福小区", "building_number": "1号楼", "name": "张  伟"}
    b = {"estate_name": "幸福小区", "building_number": "2号楼", "name": "张伟"}
    assert near_key("leads", a) == near_key("leads", b)
    assert unique_key("leads", a) != unique_key("leads", b)
    assert near_key("estates", {"name": ""}) is None


def test_merge_fills_from_later_rows_and_lists_conflicts() -> None:
    merged, conflicts = merge_values([{"number": "1#", "unit_count": 2, "year_built": None},
                                      {"number": "1号楼", "unit_count": None, "year_built": 1998}])
    assert merged == {"number": "1号楼", "unit_count": 2, "year_built": 1998}
    assert [(c.field, c.values, c.kept) for c in conflicts] == [("number", ("1#", "1号楼"), "1号楼")]


def test_groups_say_when_keeping_both_is_refused() -> None:
    rows = [("楼栋", 2, {"estate_name": "幸福小区", "number": "1#"}),
            ("楼栋", 3, {"estate_name": "幸福小区", "number": "2号楼"}),
            ("楼栋", 4, {"estate_name": "幸福小区", "number": "一号楼"})]
    [g] = find_groups("buildings", "楼栋", rows)
    assert g.rows == [("楼栋", 2), ("楼栋", 4)] and g.decision == ASK
    assert "工作表“楼栋” 第2行、工作表“楼栋” 第4行" in g.keep_refused and "不能分别保留" in g.keep_refused
    g.decision = MERGE
    assert [r for _s, r, _v in resolve("buildings", rows, [g])] == [2, 3]
    leads = [("楼长", 2, {"estate_name": "幸福小区", "building_number": "1号楼", "name": "张伟"}),
             ("楼长", 3, {"estate_name": "幸福小区", "building_number": "2号楼", "name": "张 伟"})]
    [lg] = find_groups("leads", "楼长", leads)
    assert lg.keep_refused == ""  # one person may lead two buildings
    lg.decision = KEEP
    assert len(resolve("leads", leads, [lg])) == 2


@pytest.fixture
def estate(services: Services) -> str:
    services.registers.create("estates", {"name": "幸福小区", "management_mode": "quasi"})
    return "幸福小区"


def _buildings(tmp_path: Path, estate: str) -> Path:
    return build_xlsx(tmp_path / "b.xlsx", {"楼栋": [BUILDINGS, [estate, "1#", 2, None],
                                                    [estate, "2号楼", 3, 2001],
                                                    [estate, "一号楼", None, 1998]]})


def test_undecided_group_refuses_and_writes_nothing(services: Services, estate: str,
                                                    tmp_path: Path) -> None:
    plan = services.transfer.preview("buildings", _buildings(tmp_path, estate))
    assert not plan.ok
    assert [g.rows for g in plan.duplicates] == [[("楼栋", 2), ("楼栋", 4)]]
    assert any(p.sheet == "楼栋" and p.row == 4 and p.column == "楼栋号" and "与第2行重复" in p.message
               and "合并" in p.message for p in plan.report.errors), plan.text()
    assert services.registers.rows("buildings") == []


def test_merged_group_imports_one_building(services: Services, estate: str, tmp_path: Path) -> None:
    path = _buildings(tmp_path, estate)
    key = services.transfer.preview("buildings", path).duplicates[0].key
    plan = services.transfer.preview("buildings", path, mapping=ImportMapping(duplicates={key: MERGE}))
    assert plan.ok, plan.text()
    assert "疑似重复" in plan.text() and "合并" in plan.text()
    services.transfer.apply(plan)
    rows = sorted((b["number"], b["unit_count"], b["year_built"])
                  for b in services.registers.rows("buildings"))
    assert rows == [("2号楼", 3, 2001), ("一号楼", 2, 1998)]


def test_keeping_one_building_twice_is_refused_naming_rows(services: Services, estate: str,
                                                          tmp_path: Path) -> None:
    path = _buildings(tmp_path, estate)
    key = services.transfer.preview("buildings", path).duplicates[0].key
    plan = services.transfer.preview("buildings", path, mapping=ImportMapping(duplicates={key: KEEP}))
    assert not plan.ok
    assert any("第2行" in p.message and "第4行" in p.message and "不能分别保留" in p.message
               for p in plan.report.errors)
    assert services.registers.rows("buildings") == []


def test_lead_in_another_building_of_the_register_is_asked(services: Services, estate: str,
                                                          tmp_path: Path) -> None:
    regs = services.registers
    regs.create("buildings", {"estate_name": estate, "number": "1号楼"})
    regs.create("buildings", {"estate_name": estate, "number": "2号楼"})
    regs.create("leads", {"estate_name": estate, "building_number": "1号楼", "name": "张伟",
                          "phone": "13912345678"})
    path = build_xlsx(tmp_path / "l.xlsx", {"楼长": [LEADS, ["张 伟", "13812345678", estate, "2#"]]})
    plan = services.transfer.preview("leads", path)
    [g] = plan.duplicates
    assert g.register == "幸福小区 / 1号楼 / 张伟" and g.keep_refused == ""
    assert not plan.ok and "已登记" in plan.report.errors[0].message
    # merged: the register's lead is updated (its building kept, the conflict listed)
    merged = services.transfer.preview("leads", path, mapping=ImportMapping(duplicates={g.key: MERGE}))
    assert merged.ok, merged.text()
    assert [c.field for c in merged.duplicates[0].conflicts] == ["联系电话", "楼栋号"]
    services.transfer.apply(merged)
    assert [(x["building_number"], x["phone"]) for x in regs.rows("leads")] == [("1号楼", "13812345678")]
    # kept: a second lead of the same name in building 2
    kept = services.transfer.preview("leads", path, mapping=ImportMapping(duplicates={g.key: KEEP}))
    assert kept.ok, kept.text()
    services.transfer.apply(kept)
    assert sorted(x["building_number"] for x in regs.rows("leads")) == ["1号楼", "2号楼"]
