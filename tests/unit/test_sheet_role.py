"""The sheet role "one register per sheet, estate = sheet name": guessed for a roster kept as one
sheet per estate without a 所属小区 column, shown as that role in the preview, and selectable for a
sheet the guess reads otherwise (a 所属小区 column added but left blank); the mapping file
carries it and a wrong one is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabular.conftest import build_xlsx
from wuye_desktop.domain.import_mapping import ImportMapping, MappingFileError
from wuye_desktop.services.context import Services

ROSTER = ["姓名", "联系电话", "楼号"]


@pytest.fixture
def estates(services: Services) -> list[str]:
    regs = services.registers
    for name in ("幸福小区", "阳光小区"):
        regs.create("estates", {"name": name, "management_mode": "quasi"})
        regs.create("buildings", {"estate_name": name, "number": "1号楼"})
    return ["幸福小区", "阳光小区"]


def roster(tmp_path: Path) -> Path:
    # 幸福小区: the worker added 所属小区 but left it blank; 阳光小区: no such column.
    return build_xlsx(tmp_path / "楼长花名册.xlsx", {
        "幸福小区": [["所属小区", *ROSTER], [None, "张三", "13912345678", "1#"],
                     [None, "李四", "13812345678", "一号楼"]],
        "阳光小区": [ROSTER, ["王五", "13712345678", "1号楼"]],
    })


@pytest.mark.parametrize("kind", ["all", "leads"])
def test_role_guessed_and_chosen(services: Services, estates: list[str], tmp_path: Path,
                                 kind: str) -> None:
    path = roster(tmp_path)
    plan = services.transfer.preview(kind, path)
    assert plan.sheets == {"幸福小区": "leads", "阳光小区": "leads@sheet"}
    assert not plan.ok
    assert {(p.sheet, p.row) for p in plan.report.errors} == {("幸福小区", 2), ("幸福小区", 3)}
    chosen = ImportMapping(sheets={"幸福小区": "leads@sheet", "阳光小区": "leads@sheet"})
    plan = services.transfer.preview(kind, path, mapping=chosen)
    assert plan.ok, plan.text()
    assert plan.sheets["幸福小区"] == "leads@sheet"
    services.transfer.apply(plan)
    got = sorted((x["estate_name"], x["name"]) for x in services.registers.rows("leads"))
    assert got == [("幸福小区", "张三"), ("幸福小区", "李四"), ("阳光小区", "王五")]


def test_role_wins_over_the_estate_column(services: Services, estates: list[str],
                                          tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "楼长.xlsx", {
        "幸福小区": [["小区", *ROSTER], ["幸福", "张三", "13912345678", "1#"]],
        "阳光小区": [ROSTER, ["王五", "13712345678", "1号楼"]]})
    plan = services.transfer.preview("all", path, mapping=ImportMapping(sheets={
        "幸福小区": "leads@sheet", "阳光小区": "leads@sheet"}))
    assert plan.ok, plan.text()
    assert [v["estate_name"] for _k, rows in plan.batches for _s, _r, v in rows] == ["幸福小区", "阳光小区"]


def test_mapping_file_role_checked() -> None:
    m = ImportMapping.from_json('{"sheets": {"幸福小区": "leads@sheet"}}')
    assert m.sheets == {"幸福小区": "leads@sheet"}
    with pytest.raises(MappingFileError, match="物业企业不属于某个小区"):
        ImportMapping.from_json('{"sheets": {"幸福小区": "companies@sheet"}}')
    with pytest.raises(MappingFileError, match="不是台账类型"):
        ImportMapping.from_json('{"sheets": {"幸福小区": "roster@sheet"}}')
