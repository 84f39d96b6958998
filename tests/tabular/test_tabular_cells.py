"""Cell converters: lenient about form, strict about meaning."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from wuye_desktop.domain.enums import BuildingStructure, ManagementMode, Openness
from wuye_desktop.domain.fields import BUILDING, COMPANY, ESTATE, LEAD
from wuye_desktop.storage.tabular.cells import CellError, convert_cell, normalize_header

UNITS = BUILDING.field("unit_count")
AREA = ESTATE.field("floor_area")
BUILT = BUILDING.field("year_built")
START = LEAD.field("term_start")
PARTY = LEAD.field("party_member")
MODE = ESTATE.field("management_mode")
PHONE = LEAD.field("phone")
NUMBER = BUILDING.field("number")
CODE = ESTATE.field("community_code")
NOTE = BUILDING.field("note")


def value(f: Any, raw: Any) -> Any:
    return convert_cell(f, raw)[0]


@pytest.mark.parametrize("raw", [12, 12.0, "12", "１２", " 12 ", "12.0", "12户", "+12", "\u300012"])
def test_int_forms(raw: Any) -> None:
    got = value(UNITS, raw)
    assert got == 12 and type(got) is int


def test_int_thousands_separator() -> None:
    assert value(BUILDING.field("household_count"), "1,200") == 1200


@pytest.mark.parametrize("raw", ["abc", 12.5, "12.5", True, datetime(2024, 3, 1), "十二", "1 2 x"])
def test_int_rejects(raw: Any) -> None:
    with pytest.raises(CellError) as e:
        convert_cell(UNITS, raw)
    assert "单元数应为整数" in e.value.message


def test_negative_int_is_read_for_the_rules_to_reject() -> None:
    # Range checks belong to domain.rules; the converter must not silently drop the sign.
    assert value(UNITS, "-3") == -3


@pytest.mark.parametrize("raw,expected", [
    (1234.5, 1234.5), ("1234.5", 1234.5), ("１２３４．５", 1234.5), ("1,234.5㎡", 1234.5),
    (100, 100.0), ("1200平方米", 1200.0),
])
def test_float_forms(raw: Any, expected: float) -> None:
    got = value(AREA, raw)
    assert got == expected and type(got) is float


@pytest.mark.parametrize("raw", ["很大", float("inf"), "1.2.3"])
def test_float_rejects(raw: Any) -> None:
    with pytest.raises(CellError):
        convert_cell(AREA, raw)


@pytest.mark.parametrize("raw", [
    45352, 45352.0, "45352", datetime(2024, 3, 1, 0, 0), date(2024, 3, 1),
    "2024-3-1", "2024-03-01", "2024/03/01", "2024/3/1", "2024.3.1", "2024年3月1日", "2024年03月01日",
    "20240301", 20240301, "２０２４－３－１", "2024-03-01 00:00:00", "2024/3/1 0:00",
    " 2024 年 3 月 1 日 ",
])
def test_date_forms(raw: Any) -> None:
    assert value(START, raw) == date(2024, 3, 1)


def test_serial_with_time_fraction_keeps_the_day() -> None:
    assert value(START, 45352.75) == date(2024, 3, 1)


@pytest.mark.parametrize("raw", ["2024-02-30", "昨天", "3/1/2024", "2024年13月", True, time(8, 0),
                                 -5, 99999999])
def test_date_rejects(raw: Any) -> None:
    with pytest.raises(CellError) as e:
        convert_cell(START, raw)
    assert "日期" in e.value.message


@pytest.mark.parametrize("raw", [1998, 1998.0, "1998", "1998年", "１９９８年", date(1998, 5, 1),
                                 datetime(1998, 5, 1), "1998-05-01", "1998年5月"])
def test_year_forms(raw: Any) -> None:
    assert value(BUILT, raw) == 1998


@pytest.mark.parametrize("raw", ["九八年", "90年代", 1998.5, "98-99"])
def test_year_rejects(raw: Any) -> None:
    with pytest.raises(CellError) as e:
        convert_cell(BUILT, raw)
    assert "四位年份" in e.value.message


@pytest.mark.parametrize("raw", ["是", "√", "✓", "Y", "y", "yes", "TRUE", "true", "1", 1, True, "有"])
def test_bool_true(raw: Any) -> None:
    assert value(PARTY, raw) is True


@pytest.mark.parametrize("raw", ["否", "×", "N", "no", "FALSE", "false", "0", 0, False, "无"])
def test_bool_false(raw: Any) -> None:
    assert value(PARTY, raw) is False


@pytest.mark.parametrize("raw", ["也许", 2, "是否"])
def test_bool_rejects(raw: Any) -> None:
    with pytest.raises(CellError) as e:
        convert_cell(PARTY, raw)
    assert "“是”或“否”" in e.value.message


@pytest.mark.parametrize("raw", ["专业化物业", "professional", "物业公司", " 专业化 物业 ", "PROFESSIONAL"])
def test_enum_by_label_code_synonym(raw: str) -> None:
    assert value(MODE, raw) is ManagementMode.PROFESSIONAL


def test_enum_other_classes() -> None:
    assert value(BUILDING.field("structure"), "砖混结构") is BuildingStructure.BRICK_CONCRETE
    assert value(ESTATE.field("openness"), "封闭") is Openness.CLOSED


def test_enum_rejects_with_allowed_labels() -> None:
    with pytest.raises(CellError) as e:
        convert_cell(MODE, "外包")
    assert "“外包”" in e.value.message
    for label in ManagementMode.labels():
        assert label in e.value.message


@pytest.mark.parametrize("raw", [13912345678, 13912345678.0, "13912345678", "1.3912345678E10",
                                 "1.3912345678E+10", "139 1234 5678", "139-1234-5678",
                                 "+86 139 1234 5678", "１３９１２３４５６７８", "13912345678.0"])
def test_phone_forms(raw: Any) -> None:
    assert value(PHONE, raw) == "13912345678"


def test_phone_landline_text_kept() -> None:
    assert value(PHONE, "0431-88881234") == "0431-88881234"


def test_phone_leading_zero_restored_with_warning() -> None:
    got, warning = convert_cell(PHONE, 43188881234)
    assert got == "043188881234"
    assert warning and "0" in warning


def test_phone_scientific_with_lost_digits_is_an_error() -> None:
    with pytest.raises(CellError) as e:
        convert_cell(PHONE, "1.39123E+10")
    assert "科学计数法" in e.value.message


def test_phone_rejects_fractional_number() -> None:
    with pytest.raises(CellError):
        convert_cell(PHONE, 1391234.5)


def test_text_number_cells() -> None:
    assert value(NUMBER, 3.0) == "3"
    assert value(NUMBER, 3) == "3"
    assert value(NUMBER, "３号楼") == "3号楼"
    assert value(NUMBER, "1.5E3") == "1.5E3"  # short: typed by a person, not Excel's doing
    assert value(NOTE, 2.5) == "2.5"
    assert value(NOTE, True) == "是"


def test_code_number_cells() -> None:
    assert value(CODE, 220104001001.0) == "220104001001"
    assert value(CODE, "2.20104001001E11") == "220104001001"
    with pytest.raises(CellError):
        convert_cell(CODE, "2.20104E+11")  # Excel's display form: digits are gone
    with pytest.raises(CellError):
        convert_cell(COMPANY.field("credit_code"), 9.131011066600721e17)  # > 15 digits


def test_text_date_cell_warns() -> None:
    got, warning = convert_cell(NUMBER, datetime(2024, 3, 1))
    assert got == "2024-03-01"
    assert warning and "日期" in warning


def test_text_is_trimmed_and_cleaned() -> None:
    assert value(NOTE, "  阳光\u3000小区\x07 ") == "阳光 小区"
    assert value(NOTE, "=cmd|' /C calc'!A0") == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", float("nan")])
def test_blank_is_none(raw: Any) -> None:
    assert convert_cell(UNITS, raw) == (None, None)


@pytest.mark.parametrize("raw", ["建筑面积（㎡）", "建筑面积(㎡)", " 建筑面积 (㎡) ", "*建筑面积（㎡）",
                                 "建筑面积\n（㎡）", "建筑面积（㎡）*", "建筑面积（㎡）（必填）",
                                 "＊建筑面积（㎡）："])
def test_normalize_header(raw: str) -> None:
    assert normalize_header(raw) == "建筑面积(㎡)"
