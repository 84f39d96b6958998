"""Reading real-looking registers from .xlsx: headers, tolerances, validation, duplicates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.domain.enums import BuildingStructure, ManagementMode
from wuye_desktop.domain.fields import BUILDING, COMPANY, ESTATE, LEAD, SPECS
from wuye_desktop.domain.validation import Severity
from wuye_desktop.storage.tabular import (
    HeaderError,
    SheetNotFoundError,
    read_register,
    read_workbook,
)

Maker = Callable[..., Path]

BUILDING_HEADER = ["所属小区", "楼栋号", "单元数", "户数", "结构", "建成年份"]


def test_plain_sheet_reads_typed_values(xlsx: Maker) -> None:
    path = xlsx([BUILDING_HEADER, ["阳光小区", "1号楼", 3, 36, "砖混", 1998]])
    r = read_register(path, BUILDING)
    assert r.ok, r.report()
    assert len(r.rows) == 1
    row = r.rows[0]
    assert (row.sheet, row.row) == ("楼栋", 2)
    assert row.values == {"estate_name": "阳光小区", "number": "1号楼", "unit_count": 3,
                          "household_count": 36, "structure": BuildingStructure.BRICK_CONCRETE,
                          "year_built": 1998}
    assert r.header_row == 1
    assert r.columns["number"] == "楼栋号"


def test_merged_title_row_and_messy_headers(xlsx: Maker) -> None:
    path = xlsx([
        ["XX社区楼栋台账"],
        [None],
        ["序号", " 小区名称 ", "楼号*", "户数\n（户）", "建筑结构", "建成年代", "单元数量"],
        [1, " 阳光小区", "３", "１２０", " 框架结构 ", "1998年", "2.0"],
        [None, None, None, None, None, None, None],
        [2, "阳光小区", 4.0, 96.0, "frame", "2001", "2"],
    ], merge_title=True)
    r = read_register(path, BUILDING)
    assert r.ok, r.report()
    assert r.header_row == 3
    assert [x.row for x in r.rows] == [4, 6]  # blank row 5 skipped, rows numbered as in Excel
    assert r.rows[0].values["number"] == "3"
    assert r.rows[0].values["household_count"] == 120
    assert r.rows[0].values["estate_name"] == "阳光小区"
    assert r.rows[1].values["number"] == "4"
    assert r.rows[1].values["structure"] is BuildingStructure.FRAME
    assert r.rows[1].values["unit_count"] == 2
    assert r.columns["household_count"] == "户数（户）"
    assert r.warnings == []  # "序号" is ignored silently


def test_header_with_unit_in_parentheses(xlsx: Maker) -> None:
    path = xlsx([["所属小区", "楼栋号", "电梯数（部）"], ["阳光小区", "1", "2部"]])
    r = read_register(path, BUILDING)
    assert r.ok and r.rows[0].values["elevator_count"] == 2


def test_unknown_column_warned_once_and_ignored(xlsx: Maker) -> None:
    path = xlsx([[*BUILDING_HEADER, "外墙颜色"]] + [["阳光小区", str(i), 1, 1, "砖混", 1990, "红"]
                                                    for i in range(5)])
    r = read_register(path, BUILDING)
    assert r.ok
    assert len(r.warnings) == 1
    w = r.warnings[0]
    assert (w.row, w.column, w.severity) == (1, "外墙颜色", Severity.WARNING)
    assert all("外墙颜色" not in row.values for row in r.rows)


def test_duplicate_column_keeps_first(xlsx: Maker) -> None:
    path = xlsx([["所属小区", "楼栋号", "楼号"], ["阳光小区", "1", "2"]])
    r = read_register(path, BUILDING)
    assert r.rows[0].values["number"] == "1"
    assert any(w.column == "楼号" for w in r.warnings)


def test_wrong_type_names_row_and_column(xlsx: Maker) -> None:
    path = xlsx([BUILDING_HEADER, ["阳光小区", "1", 3, 36, "砖混", 1998],
                 ["阳光小区", "2", 3, "abc", "砖混", 1998]])
    r = read_register(path, BUILDING)
    assert not r.ok
    assert len(r.errors) == 1
    e = r.errors[0]
    assert (e.sheet, e.row, e.column, e.field) == ("楼栋", 3, "户数", "household_count")
    assert "“abc”" in e.message and "整数" in e.message
    assert "工作表“楼栋” 第3行 “户数”列：" in r.report()
    assert r.rows[1].values["household_count"] is None  # the row is still returned, typed


def test_every_problem_is_reported(xlsx: Maker) -> None:
    path = xlsx([BUILDING_HEADER,
                 ["阳光小区", "1", "x", "y", "木头", "九八年"],
                 [None, "2", -1, 3, None, 1800]])
    r = read_register(path, BUILDING)
    cells = {(e.row, e.column) for e in r.errors}
    assert cells == {(2, "单元数"), (2, "户数"), (2, "结构"), (2, "建成年份"),
                     (3, "所属小区"), (3, "单元数"), (3, "建成年份")}
    report = r.report()
    assert report.count("工作表“楼栋”") == 7
    assert "请填写所属小区" in report and "不能为负数" in report


def test_conversion_failure_is_not_doubled_by_required_rule(xlsx: Maker) -> None:
    path = xlsx([["企业名称", "联系电话"], ["安居物业", "1.39123E+10"]], sheet="物业企业")
    r = read_register(path, COMPANY)
    assert [e.column for e in r.errors] == ["联系电话"]
    lead = xlsx([["姓名", "联系电话", "所属小区", "楼栋号"], ["张三", True, "阳光小区", "1"]],
                sheet="楼长", name="lead.xlsx")
    r = read_register(lead, LEAD)
    assert len(r.errors) == 1 and "请填写" not in r.errors[0].message


def test_domain_rules_apply_at_the_right_column(xlsx: Maker) -> None:
    path = xlsx([["姓名", "手机", "所属小区", "楼号", "任期开始", "任期结束"],
                 ["张三", "12345", "阳光小区", "1", "2024-03-01", "2023-01-01"]], sheet="楼长")
    r = read_register(path, LEAD)
    by_col = {e.column: e.message for e in r.errors}
    assert set(by_col) == {"手机", "任期结束"}
    assert "格式不对" in by_col["手机"]
    assert "应晚于开始日期" in by_col["任期结束"]


def test_estate_community_code_checked(xlsx: Maker) -> None:
    rows = [["小区名称", "管理模式", "社区代码"], ["阳光小区", "专业化物业", 220104001002],
            ["花园小区", "无物业", "220104001001"]]
    r = read_register(xlsx(rows, sheet="小区"), ESTATE, community_code="220104001001")
    assert [(e.row, e.column) for e in r.errors] == [(2, "社区代码")]
    assert r.rows[0].values["community_code"] == "220104001002"
    assert r.rows[1].values["management_mode"] is ManagementMode.NONE


def test_credit_code_check_digit_is_a_warning(xlsx: Maker) -> None:
    rows = [["企业名称", "统一社会信用代码"], ["甲物业", "91310110666007217T"],
            ["乙物业", "91310110666007217X"]]
    r = read_register(xlsx(rows, sheet="物业企业"), COMPANY)
    assert r.ok
    assert [(w.row, w.column) for w in r.warnings] == [(3, "统一社会信用代码")]
    assert "（提示）" in r.report()


def test_duplicate_natural_key_names_first_row(xlsx: Maker) -> None:
    path = xlsx([BUILDING_HEADER, ["阳光小区", "1", 1, 1, None, None],
                 ["阳光小区", "2", 1, 1, None, None], ["花园小区", "1", 1, 1, None, None],
                 ["阳光小区", " 1 ", 2, 2, None, None], ["阳光小区", 1.0, 2, 2, None, None]])
    r = read_register(path, BUILDING)
    dups = [(e.row, e.column) for e in r.errors]
    assert dups == [(5, "楼栋号"), (6, "楼栋号")]
    assert all("与第2行重复" in e.message for e in r.errors)


def test_duplicate_single_key(xlsx: Maker) -> None:
    path = xlsx([["企业名称"], ["甲物业"], ["乙物业"], ["甲物业"]], sheet="物业企业")
    r = read_register(path, COMPANY)
    assert [(e.row, e.column) for e in r.errors] == [(4, "企业名称")]


def test_formula_without_cached_value_is_an_error_naming_the_cell(xlsx: Maker) -> None:
    path = xlsx([BUILDING_HEADER, ["阳光小区", "1", 3, "=1+1", "砖混", 1998]])
    r = read_register(path, BUILDING)
    assert not r.ok
    [e] = r.errors
    assert (e.row, e.column) == (2, "户数")
    assert "D2" in e.message and "公式" in e.message


def test_formula_with_cached_value_uses_it(xlsx: Maker, cache_formula: Callable) -> None:
    path = xlsx([BUILDING_HEADER, ["阳光小区", "1", 3, "=1+1", "砖混", 1998]])
    cache_formula(path, "D2", "2")
    r = read_register(path, BUILDING)
    assert r.ok, r.report()
    assert r.rows[0].values["household_count"] == 2


def test_formula_in_text_column_without_value(xlsx: Maker) -> None:
    path = xlsx([BUILDING_HEADER, ["=A1", "1", 3, 3, "砖混", 1998]])
    r = read_register(path, BUILDING)
    assert [(e.row, e.column) for e in r.errors] == [(2, "所属小区")]
    assert "A2" in r.errors[0].message


def test_formula_looking_text_stays_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "楼栋"
    ws.append([*BUILDING_HEADER, "备注"])
    ws.append(["阳光小区", "1", 3, 3, "砖混", 1998, None])
    cell = ws.cell(2, 7, "=cmd|' /C calc'!A0")
    cell.data_type = "s"  # a string cell, as Excel stores text typed with a leading apostrophe
    wb.save(tmp_path / "t.xlsx")
    r = read_register(tmp_path / "t.xlsx", BUILDING)
    assert r.ok
    assert r.rows[0].values["note"] == "=cmd|' /C calc'!A0"


def test_excel_error_values(xlsx: Maker) -> None:
    path = xlsx([BUILDING_HEADER, ["阳光小区", "1", 3, "#DIV/0!", "砖混", 1998]])
    r = read_register(path, BUILDING)
    assert [(e.row, e.column) for e in r.errors] == [(2, "户数")]
    assert "#DIV/0!" in r.errors[0].message


def test_dates_as_cells_serials_and_text(xlsx: Maker) -> None:
    rows = [["姓名", "联系电话", "所属小区", "楼栋号", "任期开始", "任期结束", "是否党员"],
            ["甲", 13912345678, "阳光小区", "1", datetime(2024, 3, 1), 45717, "是"],
            ["乙", 1.3912345678e10, "阳光小区", "2", "2024/3/1", "2025年3月1日", "×"],
            ["丙", "1.3912345678E10", "阳光小区", "3", "2024.3.1", "20250301", "√"]]
    r = read_register(xlsx(rows, sheet="楼长"), LEAD)
    assert r.ok, r.report()
    for row in r.rows:
        assert row.values["term_start"] == date(2024, 3, 1)
        assert row.values["term_end"] == date(2025, 3, 1)
        assert row.values["phone"] == "13912345678"
    assert [row.values["party_member"] for row in r.rows] == [True, False, True]


def test_footer_rows_are_skipped_with_a_warning(xlsx: Maker) -> None:
    path = xlsx([BUILDING_HEADER, ["阳光小区", "1", 3, 3, None, None], ["合计", None, 3, 3],
                 [None], ["填表人：王芳", None, None, None]])
    r = read_register(path, BUILDING)
    assert r.ok
    assert len(r.rows) == 1
    assert [w.row for w in r.warnings] == [3, 5]


def test_only_columns_present_are_in_values(xlsx: Maker) -> None:
    r = read_register(xlsx([["所属小区", "楼栋号"], ["阳光小区", "1"]]), BUILDING)
    assert r.rows[0].values == {"estate_name": "阳光小区", "number": "1"}


def test_header_only_sheet_has_no_rows(xlsx: Maker) -> None:
    r = read_register(xlsx([BUILDING_HEADER]), BUILDING)
    assert r.ok and r.rows == []


def test_sheet_chosen_by_name_synonym(xlsx_book: Maker) -> None:
    path = xlsx_book({"说明": [["请按要求填写"]], "小区信息": [["小区名称", "管理模式"], ["阳光小区", "无物业"]],
                      "楼栋信息": [BUILDING_HEADER, ["阳光小区", "1", 1, 1, None, None]]})
    r = read_register(path, BUILDING)
    assert r.sheet == "楼栋信息" and len(r.rows) == 1
    r = read_register(path, ESTATE)
    assert r.sheet == "小区信息"


def test_sheet_chosen_by_header_when_names_do_not_help(xlsx_book: Maker) -> None:
    path = xlsx_book({"Sheet1": [["小区名称", "管理模式"], ["阳光小区", "无物业"]],
                      "Sheet2": [BUILDING_HEADER, ["阳光小区", "1", 1, 1, None, None]]})
    assert read_register(path, BUILDING).sheet == "Sheet2"
    assert read_register(path, ESTATE).sheet == "Sheet1"


def test_explicit_sheet(xlsx_book: Maker) -> None:
    path = xlsx_book({"A": [BUILDING_HEADER, ["阳光小区", "1", 1, 1, None, None]],
                      "B": [BUILDING_HEADER, ["阳光小区", "1", 1, 1, None, None],
                            ["阳光小区", "2", 1, 1, None, None]]})
    assert len(read_register(path, BUILDING, sheet="B").rows) == 2
    with pytest.raises(SheetNotFoundError) as e:
        read_register(path, BUILDING, sheet="C")
    assert "“C”" in str(e.value) and "A、B" in str(e.value)


def test_no_matching_sheet(xlsx_book: Maker) -> None:
    path = xlsx_book({"Sheet1": [["甲", "乙"]], "Sheet2": [["丙"]]})
    with pytest.raises(SheetNotFoundError):
        read_register(path, BUILDING)


def test_missing_required_column(xlsx: Maker) -> None:
    path = xlsx([["所属小区", "户数"], ["阳光小区", 3]])
    with pytest.raises(HeaderError) as e:
        read_register(path, BUILDING)
    msg = str(e.value)
    assert "缺少必填列" in msg and "“楼栋号”" in msg and "楼号" in msg
    assert "所属小区”" not in msg.split("缺少必填列")[1]


def test_no_header_at_all(xlsx: Maker) -> None:
    path = xlsx([["甲", "乙"], [1, 2]])
    with pytest.raises(HeaderError) as e:
        read_register(path, BUILDING)
    assert "找不到楼栋的表头" in str(e.value)


def test_header_below_scan_window_is_not_found(xlsx: Maker) -> None:
    path = xlsx([["注意"]] * 10 + [BUILDING_HEADER, ["阳光小区", "1", 1, 1, None, None]])
    with pytest.raises(HeaderError):
        read_register(path, BUILDING)


def test_wrong_dimension_element_still_reads_everything(tmp_path: Path) -> None:
    """Files from other tools often claim <dimension ref="A1"/>; every cell must still be read."""
    import re
    import zipfile

    src = tmp_path / "src.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "楼栋"
    wb.active.append(BUILDING_HEADER)
    wb.active.append(["阳光小区", "1", 1, 7, None, None])
    wb.save(src)
    dst = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
                assert n == 1
            zout.writestr(info, data)
    r = read_register(dst, BUILDING)
    assert r.rows[0].values["household_count"] == 7


def test_read_workbook_by_sheet_names(xlsx_book: Maker) -> None:
    path = xlsx_book({
        "填写说明": [["小区名称", "楼栋号"]],  # instruction sheets never count as data
        "物业公司": [["企业名称", "联系电话"], ["安居物业", "13912345678"]],
        "小区信息表": [["小区名称", "管理模式"], ["阳光小区", "专业化物业"]],
        "阳光社区楼栋台账": [BUILDING_HEADER, ["阳光小区", "1", 1, 1, None, None]],
        "业委会成员名单": [["所属小区", "姓名"], ["阳光小区", "李四"]],
        "业委会": [["所属小区", "类型"], ["阳光小区", "业委会"]],
        "杂项": [["随便写写"]],
    })
    wr = read_workbook(path, SPECS.values())
    assert list(wr.results) == ["estates", "buildings", "companies", "committees", "members"]
    assert wr.results["buildings"].sheet == "阳光社区楼栋台账"
    assert wr.results["members"].sheet == "业委会成员名单"
    assert wr.results["committees"].sheet == "业委会"
    assert wr.ok, wr.report()
    assert [i.sheet for i in wr.issues] == ["杂项"]
    assert "杂项" in wr.report()


def test_read_workbook_collects_errors_of_all_sheets(xlsx_book: Maker) -> None:
    path = xlsx_book({"小区": [["小区名称", "管理模式"], ["阳光小区", "外包"]],
                      "楼栋": [BUILDING_HEADER, ["阳光小区", "1", "x", 1, None, None]]})
    wr = read_workbook(path, SPECS.values())
    assert not wr.ok
    assert {(i.sheet, i.column) for i in wr.all_issues} == {("小区", "管理模式"), ("楼栋", "单元数")}
    report = wr.report()
    assert "工作表“小区” 第2行 “管理模式”列" in report
    assert "工作表“楼栋” 第2行 “单元数”列" in report


def test_read_workbook_without_any_register(xlsx_book: Maker) -> None:
    with pytest.raises(SheetNotFoundError):
        read_workbook(xlsx_book({"Sheet1": [["x"]]}), SPECS.values())


def test_ten_thousand_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("楼栋")
    ws.append(["XX社区楼栋台账"])
    ws.append([*BUILDING_HEADER, "地上层数", "电梯数", "备注"])
    for i in range(10_000):
        ws.append([f"小区{i // 100}", f"{i % 100 + 1}号楼", 3, 36 + i % 7, "砖混", 1980 + i % 40,
                   6.0, "1", f"备注{i}"])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    r = read_register(path, BUILDING)
    assert r.ok, r.report()[:500]
    assert len(r.rows) == 10_000
    assert r.rows[-1].row == 10_002
    assert r.rows[-1].values["number"] == "100号楼"
    assert r.rows[-1].values["floors_above"] == 6


def test_vertically_merged_estate_is_filled_down(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "楼栋"
    ws.append(["阳光社区楼栋台账"])
    ws.append([*BUILDING_HEADER, "备注"])
    ws.append(["阳光小区", "1", 1, 10, None, None, "跨列备注"])
    ws.append([None, "2", 1, 11, None, None, None])
    ws.append([None, "3", 1, 12, None, None, None])
    ws.append(["花园小区", "1", 1, 13, None, None, None])
    ws.merge_cells("A1:G1")  # title across columns: never filled into data
    ws.merge_cells("A3:A5")  # estate over its three buildings
    ws.merge_cells("G3:G4")  # a note over two rows is filled down too (same column only)
    ws.merge_cells("E6:F6")  # horizontal merge: must not leak into the neighbour column
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    r = read_register(path, BUILDING)
    assert r.ok, r.report()
    assert [x.values["estate_name"] for x in r.rows] == ["阳光小区"] * 3 + ["花园小区"]
    assert [x.values["note"] for x in r.rows] == ["跨列备注", "跨列备注", None, None]
    assert r.rows[3].values["year_built"] is None


def test_read_workbook_second_sheet_of_same_register_is_not_guessed(xlsx_book: Maker) -> None:
    path = xlsx_book({"楼栋": [BUILDING_HEADER, ["阳光小区", "1", 1, 1, None, None]],
                      "楼栋(2)": [BUILDING_HEADER, ["阳光小区", "2", 1, 1, None, None]],
                      "Sheet3": [["所属小区", "楼栋号"], ["阳光小区", "3"]]})
    wr = read_workbook(path, SPECS.values())
    # Sheet3's header fits leads only partly (no 姓名/联系电话): it must not be read as leads.
    assert list(wr.results) == ["buildings"]
    assert len(wr.results["buildings"].rows) == 1
    assert {i.sheet for i in wr.issues} == {"楼栋(2)", "Sheet3"}
    assert "同一种登记表" in next(i.message for i in wr.issues if i.sheet == "楼栋(2)")


def test_company_named_like_a_footer_is_data(xlsx: Maker) -> None:
    path = xlsx([["企业名称"], ["合计物业有限公司"], ["合计"], ["填表人：王芳"]], sheet="物业企业")
    r = read_register(path, COMPANY)
    assert [x.values["name"] for x in r.rows] == ["合计物业有限公司"]
    assert len(r.warnings) == 2
