"""A roster kept as one sheet per estate, imported through the service as the worker does."""

from __future__ import annotations

from pathlib import Path

from tabular.test_sheet_per_estate import ROSTER, book
from wuye_desktop.services.context import Services


def test_roster_per_estate_imports_through_the_service(services: Services, tmp_path: Path) -> None:
    regs = services.registers
    for estate in ("幸福小区", "阳光小区"):
        regs.create("estates", {"name": estate, "management_mode": "quasi"})
        regs.create("buildings", {"estate_name": estate, "number": "1号楼"})
    path = book(tmp_path / "楼长花名册.xlsx", {
        "幸福小区": [ROSTER, ["张三", "13912345678", "1#", "中共党员"]],
        "阳光小区": [ROSTER, ["李四", "13812345678", "1栋", "群众"]],
    })
    report = services.transfer.import_file("leads", path)
    assert report.ok, report.text()
    leads = {x["name"]: x for x in regs.rows("leads")}
    assert (leads["张三"]["estate_name"], leads["张三"]["building_number"]) == ("幸福小区", "1号楼")
    assert leads["张三"]["party_member"] is True and leads["李四"]["party_member"] is False
    assert leads["李四"]["estate_name"] == "阳光小区"


def test_unknown_estate_from_a_sheet_name_is_named_with_its_sheet(services: Services,
                                                                  tmp_path: Path) -> None:
    services.registers.create("estates", {"name": "幸福小区", "management_mode": "quasi"})
    services.registers.create("buildings", {"estate_name": "幸福小区", "number": "1号楼"})
    path = book(tmp_path / "楼长花名册.xlsx", {
        "幸福小区": [ROSTER, ["张三", "13912345678", "1号楼", "是"]],
        "不存在小区": [ROSTER, ["李四", "13812345678", "1号楼", "否"]],
    })
    report = services.transfer.import_file("leads", path)
    assert not report.ok
    bad = [p for p in report.errors if p.sheet == "不存在小区"]
    assert bad and "不存在小区" in bad[0].message
    assert services.registers.rows("leads") == []


def test_all_problems_at_once_cell_and_reference(services: Services, tmp_path: Path) -> None:
    """A bad cell and an unknown building in one file are both reported the first time."""
    services.registers.create("estates", {"name": "幸福小区", "management_mode": "quasi"})
    services.registers.create("buildings", {"estate_name": "幸福小区", "number": "1号楼"})
    path = book(tmp_path / "楼长.xlsx", {"楼长": [
        ["所属小区", *ROSTER],
        ["幸福小区", "张三", "12345", "1号楼", "是"],      # bad phone: a cell error
        ["幸福小区", "李四", "13812345678", "9号楼", "否"],  # no such building: a register error
    ]})
    report = services.transfer.import_file("leads", path)
    assert not report.ok
    rows = {(p.row, p.column) for p in report.errors}
    assert (2, "联系电话") in rows and (3, "楼号") in rows
    assert len([p for p in report.errors if p.row == 2]) == 1  # not repeated as "请填写"
    assert services.registers.rows("leads") == []
