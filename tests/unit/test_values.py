"""The one value schema (issue 15) at the desktop's own edges: imports, forms' validation,
the domain functions the push encoder and the county server share."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.__main__ import main
from wuye_desktop.domain.fields import ESTATE
from wuye_desktop.domain.rules import validate_record
from wuye_desktop.domain.values import INT_MAX, changes_problem, field_problem, wire_problem


@pytest.mark.parametrize("value", [2**63, 10**400, -(2**63) - 1, "\ud800", "a\x00b", math.nan,
                                   math.inf, float("1e309"), {"k": [1, 2**64]}])
def test_hostile_values_have_a_chinese_reason(value):
    problem = wire_problem(value, "字段“备注”")
    assert problem and "备注" in problem
    assert "\x00" not in problem and "\ud800" not in problem


@pytest.mark.parametrize("value", [None, True, 0, INT_MAX, -5, 1.5, "中文", [1, "a"], {"a": 1}])
def test_ordinary_values_pass(value):
    assert wire_problem(value) is None


def test_register_fields_have_types_bounds_and_lengths():
    assert field_problem("estates", "household_count", 300) is None
    assert "户数" in field_problem("estates", "household_count", 99999999999999999999)
    assert "户数" in field_problem("estates", "household_count", "300")
    assert "建筑面积" in field_problem("estates", "floor_area", math.inf)
    assert "日期" in field_problem("estates", "contract_end", "2025-13-01")
    assert "太长" in field_problem("estates", "name", "名" * 101)
    assert field_problem("estates", "company_id", None) is None
    # a field of a table without a register spec gets the generic check only
    assert field_problem("inspections", "score", 88.5) is None
    assert field_problem("inspections", "score", math.nan)
    # old values are not the server's business (a correction of a bad value must go through)
    assert changes_problem("estates", {"floor_area": [math.inf, 1200.0]}) is None


def test_forms_refuse_what_sync_refuses():
    values = {"name": "小区", "management_mode": "none", "floor_area": math.inf,
              "household_count": 99999999999999999999}
    issues = {i.field: i.message for i in validate_record(ESTATE, values)}
    assert "建筑面积" in issues["floor_area"] and "户数" in issues["household_count"]


def test_import_refuses_1e309_and_10_to_the_20_without_a_traceback(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    assert main(["init", "--community-code", "220102003001", "--name", "桃源社区",
                 "--data-dir", d]) == 0
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(["小区名称", "管理模式", "户数", "建筑面积"])
    ws.append(["幸福小区", "无物业", "99999999999999999999", 1200])
    ws.append(["和平小区", "无物业", 300, "1e309"])
    wb.save(tmp_path / "bad.xlsx")
    capsys.readouterr()
    code = main(["import", "小区", str(tmp_path / "bad.xlsx"), "--data-dir", d])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert "工作表“小区” 第2行" in err and "户数" in err
    assert "第3行" in err and "建筑面积" in err
