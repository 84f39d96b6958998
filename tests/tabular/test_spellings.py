"""Spellings of one thing in hand-kept registers mean that one thing (domain/normalise.py), read
through the importer as a worker's file is; what cannot be told is refused, never guessed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tabular.test_sheet_per_estate import book
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.fields import BUILDING, COMPANY, ESTATE, LEAD
from wuye_desktop.domain.normalise import (
    AmbiguousValue,
    header_scale,
    is_empty_marker,
    loose_year,
    month_only_date,
    party_member_from_status,
    squeeze_name,
)
from wuye_desktop.storage.tabular import read_register
from wuye_desktop.storage.tabular.cells import CellError, convert_cell


@pytest.mark.parametrize("text", ["/", "／", "——", "—", "-", "－", "无", "暂无", "\\", " 暂无 ", "N/A"])
def test_empty_markers(text: str) -> None:
    assert is_empty_marker(text)
    assert convert_cell(COMPANY.field("credit_code"), text) == (None, None)  # 暂无 is not a code
    assert convert_cell(ESTATE.field("company_name"), text) == (None, None)  # no company known
    assert convert_cell(LEAD.field("phone"), text) == (None, None)


def test_none_word_in_a_count_is_zero_and_in_yes_no_is_no() -> None:
    assert convert_cell(BUILDING.field("elevator_count"), "无") == (0, None)
    assert convert_cell(BUILDING.field("elevator_count"), "/") == (None, None)
    assert convert_cell(LEAD.field("party_member"), "无") == (False, None)
    assert convert_cell(LEAD.field("party_member"), "——") == (None, None)


@pytest.mark.parametrize("text", ["一号楼", "1#", "3单元楼道堆放", "0"])
def test_values_are_not_markers(text: str) -> None:
    assert not is_empty_marker(text)


@pytest.mark.parametrize(("raw", "clean"), [("张  伟", "张伟"), ("张\u3000伟", "张伟"),
                                            ("幸福 小区", "幸福小区"), (" Li  Na ", "Li Na"),
                                            ("阳光 Garden 小区", "阳光 Garden 小区")])
def test_names_lose_the_spaces_typed_inside(raw: str, clean: str) -> None:
    assert squeeze_name(raw) == clean
    assert convert_cell(LEAD.field("name"), raw)[0] == clean


@pytest.mark.parametrize(("text", "member"), [("中共党员", True), ("中共预备党员", True), ("党员", True),
                                              ("群众", False), ("共青团员", False), ("民盟盟员", False)])
def test_party_status_from_political_status(text: str, member: bool) -> None:
    assert party_member_from_status(text) is member
    assert convert_cell(LEAD.field("party_member"), text) == (member, None)


def test_years_as_registers_write_them() -> None:
    built = BUILDING.field("year_built")
    assert convert_cell(built, "1998.05") == (1998, None)
    assert convert_cell(built, 1998.05) == (1998, None)
    year, note = convert_cell(built, "98年")
    assert year == 1998 and note and "1998" in note  # read, and said so
    assert loose_year("05年") is not None and loose_year("05年")[0] == 2005
    with pytest.raises(CellError) as e:
        convert_cell(built, "90年代")
    assert "年代" in e.value.message and "四位年份" in e.value.message
    with pytest.raises(AmbiguousValue):
        loose_year("1990年代末")


@pytest.mark.parametrize("text", ["2022年1月", "2022.1", "2022-01", "2022/1", "２０２２年１月份"])
def test_month_without_a_day_is_the_first_with_a_note(text: str) -> None:
    d, note = convert_cell(LEAD.field("term_start"), text)
    assert d == date(2022, 1, 1)
    assert note and "2022-01-01" in note
    assert month_only_date(text) is not None


@pytest.mark.parametrize(("unit", "scale"), [("(万㎡)", 10000), ("（万平方米）", 10000), ("(万m2)", 10000),
                                             ("(㎡)", 1), ("(户)", 1)])
def test_header_scale(unit: str, scale: int) -> None:
    assert header_scale(unit) == scale


def _sheet(path: Path, title: str, rows: list[list[Any]]) -> Path:
    return book(path, {title: rows})


def test_area_in_ten_thousand_square_metres_is_converted(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "小区.xlsx", "小区", [["小区名称", "管理模式", "建筑面积（万㎡）"],
                                                   ["阳光小区", "准物业", 1.23], ["花园小区", "无物业", "0.5"]])
    r = read_register(path, ESTATE)
    assert r.ok, r.report()
    assert [x.values["floor_area"] for x in r.rows] == [12300.0, 5000.0]
    assert any("万" in w.message and "12300" in w.message for w in r.warnings)


def test_roster_with_political_status_and_spaced_names(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "楼长.xlsx", "楼长", [
        ["姓名", "联系电话", "小区名称", "楼号", "政治面貌", "任期开始"],
        ["张  伟", "13912345678", "幸福 小区", "1", "中共党员", "2022年1月"],
        ["李娜", "13812345678", "幸福小区", "2", "群众", "——"],
    ])
    r = read_register(path, LEAD)
    assert r.ok, r.report()
    a, b = (x.values for x in r.rows)
    assert (a["name"], a["estate_name"], a["party_member"], a["term_start"]) == \
        ("张伟", "幸福小区", True, date(2022, 1, 1))
    assert (b["party_member"], b["term_start"]) == (False, None)
    assert any("当月1日" in w.message for w in r.warnings)  # the month-only date is visible


def test_required_cell_written_as_a_marker_asks_to_fill_it(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "楼长.xlsx", "楼长", [["姓名", "联系电话", "小区名称", "楼号"],
                                                   ["李娜", "/", "幸福小区", "2"]])
    r = read_register(path, LEAD)
    assert not r.ok
    assert any(i.row == 2 and i.column == "联系电话" and "请填写" in i.message for i in r.errors)


def test_mode_none_word_is_still_a_choice_not_emptied() -> None:
    # "无" written as the 管理模式 is tried against the choices before it is taken as empty.
    value, _ = convert_cell(ESTATE.field("management_mode"), "无物业")
    assert value is ManagementMode.NONE


@pytest.mark.parametrize(("text", "mode"), [
    ("物业公司管理", ManagementMode.PROFESSIONAL), ("专业物业", ManagementMode.PROFESSIONAL),
    ("社区代管", ManagementMode.COMMITTEE), ("居委会托管", ManagementMode.COMMITTEE),
    ("准物业（三个有）", ManagementMode.QUASI), ("准物业(三个有)", ManagementMode.QUASI),
    ("暂无物业", ManagementMode.NONE), ("弃管", ManagementMode.NONE),
])
def test_colloquial_management_modes(text: str, mode: ManagementMode) -> None:
    assert convert_cell(ESTATE.field("management_mode"), text) == (mode, None)


def test_a_mode_that_could_be_two_things_is_refused_not_guessed() -> None:
    # 单位自管 (the work unit runs it) is neither 业主自管 nor 居委会代管: the worker says which.
    with pytest.raises(CellError) as e:
        convert_cell(ESTATE.field("management_mode"), "单位自管")
    assert "应为以下之一" in e.value.message


@pytest.mark.parametrize(("text", "label"), [("√", "已纳入计划"), ("×", "未纳入改造")])
def test_renovation_ticks(text: str, label: str) -> None:
    value, _ = convert_cell(ESTATE.field("renovation_status"), text)
    assert value.label == label


@pytest.mark.parametrize("text", ["2022.1.1-2024.12.31", "2022年1月1日至2024年12月31日",
                                  "20220101~20241231", "2022-01-01—2024-12-31", "2022.01.01－2024.12.31"])
def test_contract_period_in_one_cell_is_split(tmp_path: Path, text: str) -> None:
    path = _sheet(tmp_path / "小区.xlsx", "小区", [["小区名称", "管理模式", "合同期限"],
                                                   ["阳光小区", "物业公司管理", text]])
    r = read_register(path, ESTATE)
    assert r.ok, r.report()
    v = r.rows[0].values
    assert (v["contract_start"], v["contract_end"]) == (date(2022, 1, 1), date(2024, 12, 31))
    assert v["management_mode"] is ManagementMode.PROFESSIONAL


def test_contract_period_that_is_not_two_dates_is_refused_with_the_forms(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "小区.xlsx", "小区", [["小区名称", "管理模式", "合同期限"],
                                                   ["阳光小区", "准物业", "三年"],
                                                   ["花园小区", "准物业", "/"]])
    r = read_register(path, ESTATE)
    assert [(i.row, i.column) for i in r.errors] == [(2, "合同期限")]
    assert "2022.1.1-2024.12.31" in r.errors[0].message
    assert r.rows[1].values["contract_start"] is None


def test_renovation_column_named_as_a_question(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "小区.xlsx", "小区", [["小区名称", "管理模式", "是否纳入改造"],
                                                   ["阳光小区", "准物业", "√"]])
    r = read_register(path, ESTATE)
    assert r.ok, r.report()
    assert r.rows[0].values["renovation_status"].label == "已纳入计划"


def test_two_phones_in_one_cell_first_is_the_phone_rest_in_the_note(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "楼长.xlsx", "楼长", [
        ["姓名", "联系电话", "小区名称", "楼号", "备注"],
        ["张伟", "13912345678/13812345678", "幸福小区", "1", None],
        ["李娜", "13712345678、0431-88881234", "幸福小区", "2", "兼任调解员"],
        ["王芳", "13612345678", "幸福小区", "3", None],
    ])
    r = read_register(path, LEAD)
    assert r.ok, r.report()
    a, b, c = (x.values for x in r.rows)
    assert (a["phone"], a["note"]) == ("13912345678", "其他电话：13812345678")
    assert (b["phone"], b["note"]) == ("13712345678", "兼任调解员；其他电话：0431-88881234")
    assert (c["phone"], c["note"]) == ("13612345678", None)
    assert sum("已记入备注" in w.message for w in r.warnings) == 2


def test_two_phones_without_a_note_column_asks_where_the_second_goes(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "楼长.xlsx", "楼长", [["姓名", "联系电话", "小区名称", "楼号"],
                                                   ["张伟", "13912345678 13812345678", "幸福小区", "1"]])
    r = read_register(path, LEAD)
    assert [(i.row, i.column) for i in r.errors] == [(2, "联系电话")]
    assert "备注" in r.errors[0].message
