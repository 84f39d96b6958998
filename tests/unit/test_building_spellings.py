"""One building written many ways is one building: in imports of buildings and of leads, and in
the form; the register keeps its own spelling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tabular.test_sheet_per_estate import book
from wuye_desktop.domain.errors import UserError
from wuye_desktop.domain.normalise import building_key, chinese_number
from wuye_desktop.services.context import Services


@pytest.mark.parametrize("spelling", ["1#", "1栋", "1幢", "一号楼", "01", "1", "１号楼", "1 号楼", "1号",
                                      "1号楼"])
def test_spellings_of_building_one(spelling: str) -> None:
    assert building_key(spelling) == "1"


@pytest.mark.parametrize(("a", "b"), [("综合楼", "1号楼"), ("A座", "B座"), ("3-1", "31"), ("12号楼", "1号楼")])
def test_different_buildings_stay_different(a: str, b: str) -> None:
    assert building_key(a) != building_key(b)


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ("三", "十", "十二", "二十一", "一百零五", "楼")] == [3, 10, 12, 21, 105, None]
    assert building_key("十二号楼") == building_key("12#") == "12"


def _sheet(path: Path, title: str, rows: list[list[Any]]) -> Path:
    return book(path, {title: rows})


@pytest.fixture
def estate(services: Services) -> str:
    regs = services.registers
    regs.create("estates", {"name": "幸福小区", "management_mode": "quasi"})
    regs.create("buildings", {"estate_name": "幸福小区", "number": "1号楼", "unit_count": 2})
    return "幸福小区"


def test_buildings_import_updates_the_building_written_another_way(services: Services, estate: str,
                                                                   tmp_path: Path) -> None:
    f = _sheet(tmp_path / "b.xlsx", "楼栋", [["所属小区", "楼栋号", "单元数"], [estate, "1#", 3]])
    report = services.transfer.import_file("buildings", f)
    assert report.ok, report.text()
    rows = services.registers.rows("buildings")
    assert [(b["number"], b["unit_count"]) for b in rows] == [("1号楼", 3)]  # updated, not a 2nd


def test_same_building_twice_in_one_file_is_refused(services: Services, estate: str,
                                                    tmp_path: Path) -> None:
    f = _sheet(tmp_path / "b.xlsx", "楼栋", [["所属小区", "楼栋号", "单元数"], [estate, "2号楼", 2],
                                             [estate, "2栋", 3]])
    report = services.transfer.import_file("buildings", f)
    assert not report.ok
    assert any(p.row == 3 and "与第2行重复" in p.message for p in report.problems)
    assert len(services.registers.rows("buildings")) == 1


def test_lead_on_a_building_written_another_way(services: Services, estate: str, tmp_path: Path) -> None:
    f = _sheet(tmp_path / "l.xlsx", "楼长", [["姓名", "联系电话", "所属小区", "楼栋号"],
                                             ["张伟", "13912345678", estate, "一号楼"]])
    report = services.transfer.import_file("leads", f)
    assert report.ok, report.text()
    lead = services.registers.rows("leads")[0]
    assert lead["building_number"] == "1号楼"
    # re-importing with yet another spelling updates the same lead
    f2 = _sheet(tmp_path / "l2.xlsx", "楼长", [["姓名", "联系电话", "所属小区", "楼栋号"],
                                               ["张伟", "13812345678", estate, "1#"]])
    assert services.transfer.import_file("leads", f2).ok
    leads = services.registers.rows("leads")
    assert [(x["phone"], x["building_number"]) for x in leads] == [("13812345678", "1号楼")]


def test_unknown_building_names_those_the_estate_has(services: Services, estate: str,
                                                     tmp_path: Path) -> None:
    f = _sheet(tmp_path / "l.xlsx", "楼长", [["姓名", "联系电话", "所属小区", "楼栋号"],
                                             ["张伟", "13912345678", estate, "9#"]])
    report = services.transfer.import_file("leads", f)
    assert not report.ok
    assert any("已登记的楼栋：1号楼" in p.message for p in report.problems)
    assert services.registers.rows("leads") == []


def test_form_refuses_a_second_spelling_of_an_existing_building(services: Services, estate: str) -> None:
    with pytest.raises(UserError) as e:
        services.registers.create("buildings", {"estate_name": estate, "number": "1栋"})
    assert "1号楼" in e.value.with_hint() or "已有" in e.value.with_hint()
    assert len(services.registers.rows("buildings")) == 1
