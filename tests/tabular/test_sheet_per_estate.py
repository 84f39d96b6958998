"""Rosters kept as one sheet per estate, the sheet named after the estate (how 楼长花名册 are
kept): every sheet is read and its rows belong to the estate it is named after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wuye_desktop.domain.fields import ESTATE, LEAD, SPECS
from wuye_desktop.storage.tabular import HeaderError, read_register, read_workbook
from wuye_desktop.storage.tabular.workbook import estate_of_sheet

ROSTER = ["姓名", "联系电话", "楼号", "是否党员"]


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


@pytest.mark.parametrize(("name", "estate"), [("幸福小区", "幸福小区"), ("幸福小区楼长名册", "幸福小区"),
                                              ("阳光花园 楼长", "阳光花园"), ("楼长", None), ("Sheet1", None),
                                              ("楼长名册", None)])
def test_estate_of_sheet(name: str, estate: str | None) -> None:
    assert estate_of_sheet(name, LEAD) == estate
    assert estate_of_sheet(name, ESTATE) is None  # estates belong to no estate


def test_each_sheet_is_its_estate(tmp_path: Path) -> None:
    path = book(tmp_path / "楼长花名册.xlsx", {
        "幸福小区": [["幸福小区楼长花名册"], ROSTER, ["张三", "13912345678", "1号楼", "是"]],
        "阳光小区": [ROSTER, ["李四", "13812345678", "2号楼", "否"], ["王五", "13712345678", "3号楼", "否"]],
    })
    r = read_register(path, LEAD)
    assert r.ok, r.report()
    assert [(x.sheet, x.row, x.values["estate_name"], x.values["name"]) for x in r.rows] == [
        ("幸福小区", 3, "幸福小区", "张三"), ("阳光小区", 2, "阳光小区", "李四"),
        ("阳光小区", 3, "阳光小区", "王五")]
    assert any("2张工作表" in w.message for w in r.warnings)  # said, not silent


def test_sheet_with_its_own_estate_column_and_sheets_without(tmp_path: Path) -> None:
    # the worker added 所属小区 to the first sheet only: the others are not skipped
    path = book(tmp_path / "楼长.xlsx", {
        "幸福小区": [["所属小区", *ROSTER], ["幸福小区", "张三", "13912345678", "1号楼", "是"]],
        "阳光小区": [ROSTER, ["李四", "13812345678", "2号楼", "否"]],
    })
    r = read_register(path, LEAD)
    assert r.ok, r.report()
    assert [x.values["estate_name"] for x in r.rows] == ["幸福小区", "阳光小区"]


def test_import_all_does_not_take_an_estate_sheet_for_the_estate_register(tmp_path: Path) -> None:
    path = book(tmp_path / "台账.xlsx", {
        "小区": [["小区名称", "管理模式"], ["幸福小区", "准物业"], ["阳光小区", "专业化物业"]],
        "幸福小区": [ROSTER, ["张三", "13912345678", "1号楼", "是"]],
        "阳光小区": [ROSTER, ["李四", "13812345678", "2号楼", "否"]],
    })
    wr = read_workbook(path, SPECS.values())
    assert set(wr.results) == {"estates", "leads"}
    assert [x.values["name"] for x in wr.results["estates"].rows] == ["幸福小区", "阳光小区"]
    assert [(x.values["estate_name"], x.values["name"]) for x in wr.results["leads"].rows] == [
        ("幸福小区", "张三"), ("阳光小区", "李四")]


def test_a_generic_sheet_without_estate_column_is_still_refused(tmp_path: Path) -> None:
    path = book(tmp_path / "楼长.xlsx", {"Sheet1": [ROSTER, ["张三", "13912345678", "1号楼", "是"]]})
    with pytest.raises(HeaderError) as e:
        read_register(path, LEAD)
    assert "所属小区" in str(e.value)
