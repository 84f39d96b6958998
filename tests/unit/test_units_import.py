"""Importing units as real registers have them: a 楼栋 sheet with 单元数, a 单元 sheet with
楼号/单元号/层数/户数 (no 小区 column), a 楼长 roster whose 单元 reads "1单元", "一单元" or "1";
a bad file is refused whole, naming sheet, row and column, and nothing changes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tabular.test_sheet_per_estate import book as _book
from wuye_desktop.services.context import Services


def _register(tmp_path: Path, unit_rows: list[list[object]], lead_rows: list[list[object]]) -> Path:
    return _book(tmp_path / "台账.xlsx", {
        "小区": [["小区名称", "管理模式"], ["东风花园", "准物业"]],
        "楼栋信息": [["小区名称", "楼号", "单元数", "层数"],
                     ["东风花园", "1号楼", 3, 6], ["东风花园", "2号楼", 2, 6]],
        "单元": [["楼号", "单元号", "层数", "户数"], *unit_rows],
        "楼长名单": [["姓名", "手机", "小区", "楼号", "单元"], *lead_rows],
    })


def _state(svc: Services) -> tuple[list[tuple[str, str, object, object]], list[tuple[str, object]],
                                   list[tuple[str, object]]]:
    units = sorted((u["building_number"], u["number"], u["floors"], u["household_count"])
                   for u in svc.registers.rows("units"))
    leads = sorted((x["name"], x["unit_number"]) for x in svc.registers.rows("leads"))
    counts = sorted((b["number"], b["unit_count"]) for b in svc.registers.rows("buildings"))
    return units, leads, counts


def test_units_and_a_roster_with_unit_columns(services: Services, tmp_path: Path) -> None:
    f = _register(tmp_path, [["1号楼", "1单元", 6, 12], ["1号楼", "二单元", 6, 12],
                             ["2号楼", 3, 5, 10]],
                  [["李桂兰", "13912345678", "东风花园", "1号楼", "1单元"],
                   ["王芳", "13912345679", "东风花园", "1号楼", "一单元"],
                   ["赵强", "13912345670", "东风花园", "2号楼", 3]])
    report = services.transfer.import_file("all", f)
    assert report.ok, report.text()
    units, leads, counts = _state(services)
    assert units == [("1号楼", "1", 6, 12), ("1号楼", "2", 6, 12), ("1号楼", "3", None, None),
                     ("2号楼", "1", None, None), ("2号楼", "2", None, None), ("2号楼", "3", 5, 10)]
    assert leads == [("李桂兰", "1"), ("王芳", "1"), ("赵强", "3")]
    assert counts == [("1号楼", 3), ("2号楼", 3)]  # the unit sheet's 3 of 2号楼 raised its 单元数

    # exported and read back: the 单元 sheet is in the workbook
    out = tmp_path / "导出.xlsx"
    services.transfer.export("all", out)
    wb = openpyxl.load_workbook(out)
    assert "单元" in wb.sheetnames
    header = [c.value for c in wb["单元"][1]]
    assert {"楼栋号", "单元号", "层数", "户数"} <= set(header)


@pytest.mark.parametrize(("units", "leads", "expected"), [
    # a cell that cannot be read: said by the reader, before anything is looked up
    ([["1号楼", "1单元", "六", 12]], [], ["工作表“单元” 第2行 “层数”列"]),
    # rows that read well but name what does not exist
    ([["1号楼", "1单元", 6, 12], ["9号楼", "1单元", 6, 12]],
     [["李桂兰", "13912345678", "东风花园", "1号楼", "7单元"]],
     ["工作表“单元” 第3行", "9号楼", "工作表“楼长名单” 第2行 “单元”列", "7单元"]),
])
def test_a_bad_unit_file_is_refused_whole(services: Services, tmp_path: Path, units: list,
                                          leads: list, expected: list[str]) -> None:
    services.registers.create("estates", {"name": "东风花园", "management_mode": "准物业"})
    services.registers.create("buildings", {"estate_name": "东风花园", "number": "1号楼",
                                            "unit_count": 2})
    before = _state(services)
    report = services.transfer.import_file("all", _register(tmp_path, units, leads))
    assert not report.ok
    text = report.text()
    assert "没有导入任何数据" in text
    for bit in expected:
        assert bit in text, text
    assert _state(services) == before
