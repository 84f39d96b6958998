"""Writer and template: what we write re-reads to the same values, and Excel won't mangle it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wuye_desktop.domain.fields import BUILDING, COMPANY, ESTATE, LEAD, SPECS, EntitySpec, FieldType
from wuye_desktop.storage.tabular import (
    FileAccessError,
    TabularError,
    UnsupportedFormatError,
    read_register,
    read_workbook,
    write_registers,
    write_template,
)

COMMUNITY = "220104001001"

# Values Excel would love to mangle: leading zeros, long digit strings, "3-1", "=…", "TRUE".
_TRICKY_TEXT = ["03", "3-1", "=cmd|' /C calc'!A0", "TRUE", "1号楼", "0001", "1.5E3"]


def _text_for(spec: EntitySpec, name: str, i: int) -> str:
    if name == "community_code":
        return COMMUNITY
    if name == "credit_code":
        return "91310110666007217T"
    if name in ("number", "building_number", "unit"):
        return _TRICKY_TEXT[i % len(_TRICKY_TEXT)] + ("" if i < len(_TRICKY_TEXT) else f"-{i}")
    if name in ("name", "estate_name") and name in spec.natural_key:
        return f"{spec.label}{name}{i}"
    if name == "note":
        return _TRICKY_TEXT[(i + 2) % len(_TRICKY_TEXT)] + f" 第{i}条\n第二行"
    return f"{name}文字{i}"


def sample_rows(spec: EntitySpec, n: int = 12) -> list[dict[str, Any]]:
    """Every field filled with a valid typed value, enum members cycling, keys unique."""
    rows = []
    for i in range(n):
        row: dict[str, Any] = {}
        for f in spec.fields:
            match f.type:
                case FieldType.TEXT:
                    v: Any = _text_for(spec, f.name, i)[: f.max_length]
                case FieldType.INT:
                    v = i * 3 + 1
                case FieldType.FLOAT:
                    v = 1234.5 + i
                case FieldType.DATE:
                    v = date(2020 + i % 3, 1 + i % 12, 1 + i % 28)
                    if f.name.endswith("_end"):
                        v = date(2030, 12, 31)
                case FieldType.BOOL:
                    v = i % 2 == 0
                case FieldType.ENUM:
                    members = list(f.enum)  # type: ignore[arg-type]
                    v = members[i % len(members)]
                case FieldType.PHONE:
                    v = "13912345678" if i % 2 else "0431-88881234"
                case FieldType.YEAR:
                    v = 1950 + i
            row[f.name] = v
        rows.append(row)
    return rows


@pytest.mark.parametrize("kind", list(SPECS))
def test_round_trip_every_register(tmp_path: Path, kind: str) -> None:
    spec = SPECS[kind]
    rows = sample_rows(spec)
    path = tmp_path / f"{kind}.xlsx"
    write_registers(path, [(spec, rows)])
    r = read_register(path, spec, community_code=COMMUNITY)
    assert r.ok, r.report()
    assert r.warnings == []
    assert [x.values for x in r.rows] == rows
    assert [x.row for x in r.rows] == list(range(2, len(rows) + 2))


def test_round_trip_with_blanks(tmp_path: Path) -> None:
    rows = [{f.name: None for f in LEAD.fields} | {"name": "张三", "phone": "13912345678",
                                                    "estate_name": "阳光小区",
                                                    "building_number": "1"}]
    write_registers(tmp_path / "x.xlsx", [(LEAD, rows)])
    r = read_register(tmp_path / "x.xlsx", LEAD)
    assert r.ok and r.rows[0].values == rows[0]


def test_whole_workbook_round_trip(tmp_path: Path) -> None:
    data = {kind: sample_rows(spec, 5) for kind, spec in SPECS.items()}
    path = tmp_path / "all.xlsx"
    write_registers(path, [(SPECS[k], rows) for k, rows in data.items()])
    wr = read_workbook(path, SPECS.values(), community_code=COMMUNITY)
    assert wr.ok, wr.report()
    assert list(wr.results) == list(SPECS)
    for kind, rows in data.items():
        assert [x.values for x in wr.results[kind].rows] == rows


def test_plain_values_are_written_as_labels_and_dates(tmp_path: Path) -> None:
    """Storage may hand over codes and ISO strings instead of enum members and dates."""
    rows = [{"name": "阳光小区", "management_mode": "professional", "contract_start": "2024-03-01",
             "red_property": False, "renovation_status": "改造中", "year_built": 1998}]
    path = tmp_path / "e.xlsx"
    write_registers(path, [(ESTATE, rows)])
    ws = openpyxl.load_workbook(path)["小区"]
    header = [c.value for c in ws[1]]
    cells = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert cells["管理模式"].value == "专业化物业"
    assert cells["改造状态"].value == "改造中"
    assert cells["红色物业示范"].value == "否"
    assert cells["合同开始日期"].is_date
    assert cells["合同开始日期"].number_format == "yyyy-mm-dd"
    assert cells["建成年份"].value == 1998
    r = read_register(path, ESTATE)
    assert r.rows[0].values["contract_start"] == date(2024, 3, 1)


def test_codes_and_phones_are_text_cells(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    write_registers(path, [(COMPANY, [{"name": "甲", "credit_code": "913101106660072170"[:17] + "T",
                                       "phone": "13912345678"}]),
                           (BUILDING, [{"estate_name": "阳光小区", "number": "03"}])])
    wb = openpyxl.load_workbook(path)
    phone = wb["物业企业"]["D2"]
    assert phone.value == "13912345678" and phone.data_type == "s" and phone.number_format == "@"
    assert wb["物业企业"]["B2"].data_type == "s"
    number = wb["楼栋"]["B2"]
    assert number.value == "03" and number.data_type == "s" and number.number_format == "@"


def test_formula_text_is_never_written_as_formula(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    write_registers(path, [(BUILDING, [{"estate_name": "=1+1", "number": "=SUM(A1:A9)",
                                        "note": "=cmd|' /C calc'!A0"}])])
    wb = openpyxl.load_workbook(path)  # not data_only: a formula would show up as type "f"
    assert all(c.data_type != "f" for c in wb["楼栋"][2])
    r = read_register(path, BUILDING)
    assert r.rows[0].values == {**{f.name: None for f in BUILDING.fields},
                                "estate_name": "=1+1", "number": "=SUM(A1:A9)",
                                "note": "=cmd|' /C calc'!A0"}


def test_header_is_bold_frozen_and_columns_sized(tmp_path: Path) -> None:
    path = tmp_path / "h.xlsx"
    write_registers(path, [(ESTATE, [{"name": "阳光小区" * 5, "management_mode": "无物业"}])])
    ws = openpyxl.load_workbook(path)["小区"]
    assert [c.value for c in ws[1]] == [f.label for f in ESTATE.fields]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 40  # 20 CJK characters are 40 columns wide
    assert 8 <= ws.column_dimensions["Q"].width <= 50


def test_control_characters_do_not_break_export(tmp_path: Path) -> None:
    path = tmp_path / "ctl.xlsx"
    write_registers(path, [(BUILDING, [{"estate_name": "阳光\x07小区", "number": "1\x00"}])])
    r = read_register(path, BUILDING)
    assert r.rows[0].values["estate_name"] == "阳光小区" and r.rows[0].values["number"] == "1"


def test_writer_refuses_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError):
        write_registers(tmp_path / "x.csv", [(BUILDING, [])])
    with pytest.raises(FileAccessError):
        write_registers(tmp_path / "missing" / "x.xlsx", [(BUILDING, [])])
    with pytest.raises(TabularError):
        write_registers(tmp_path / "x.xlsx", [])


def test_failed_save_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "keep.xlsx"
    write_registers(path, [(BUILDING, [{"estate_name": "阳光小区", "number": "1"}])])
    before = path.read_bytes()

    class Boom(dict):
        def get(self, *a: Any) -> Any:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_registers(path, [(BUILDING, [Boom()])])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"]


# --- template ----------------------------------------------------------------------------------

def test_template_structure(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, SPECS.values())
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["填写说明", *[s.sheet for s in SPECS.values()]]
    ws = wb["楼长"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["*姓名", "*联系电话", "*所属小区", "*楼栋号"]
    assert "单元" in header  # optional columns are not marked
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].number_format == "@"  # phone column is text
    assert ws.column_dimensions["F"].number_format == "yyyy-mm-dd"


def test_template_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, SPECS.values())
    wb = openpyxl.load_workbook(path)
    ws = wb["小区"]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    col = {f.name: openpyxl.utils.get_column_letter(i)
           for i, f in enumerate(ESTATE.fields, start=1)}
    assert lists[f"{col['management_mode']}2"] == '"专业化物业,准物业,居委会代管,业主自管,无物业"'
    assert lists[f"{col['red_property']}2"] == '"是,否"'
    enum_or_bool = [f for f in ESTATE.fields if f.type in (FieldType.ENUM, FieldType.BOOL)]
    assert len(lists) == len(enum_or_bool)


def test_template_instructions_cover_every_column(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, SPECS.values())
    ws = openpyxl.load_workbook(path)["填写说明"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert len(rows) == sum(len(s.fields) for s in SPECS.values())
    by_key = {(r[0], r[1]): r for r in rows}
    mode = by_key[("小区", "管理模式")]
    assert mode[2] == "必填" and mode[3] == "选项" and "居委会代管" in mode[4]
    assert mode[5] == "专业化物业"
    phone = by_key[("楼长", "联系电话")]
    assert phone[2] == "必填" and "11位" in phone[4] and phone[5] == "13912345678"
    assert by_key[("楼栋", "楼栋号")][6].startswith("楼号")
    assert all(r[2] in ("必填", "选填") and r[4] for r in rows)


def test_empty_template_reads_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, SPECS.values())
    wr = read_workbook(path, SPECS.values())
    assert wr.ok and list(wr.results) == list(SPECS)
    assert all(r.rows == [] for r in wr.results.values())
    assert wr.issues == []


def test_filled_template_imports(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, SPECS.values())
    wb = openpyxl.load_workbook(path)
    wb["小区"].append(["阳光小区", None, None, "1998年", None, None, None, "专业化物业"])
    wb["楼栋"].append(["阳光小区", 3, 2, 6, None, "120"])
    wb["楼长"].append(["张三", 13912345678, "阳光小区", "3", None, "2024-3-1", None, "是"])
    wb.save(path)
    wr = read_workbook(path, SPECS.values(), community_code=COMMUNITY)
    assert wr.ok, wr.report()
    assert wr.results["estates"].rows[0].values["year_built"] == 1998
    assert wr.results["buildings"].rows[0].values["number"] == "3"
    assert wr.results["buildings"].rows[0].values["household_count"] == 120
    assert wr.results["leads"].rows[0].values["phone"] == "13912345678"
    assert wr.results["leads"].columns["phone"] == "*联系电话"


def test_template_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError):
        write_template(tmp_path / "no" / "t.xlsx", SPECS.values())
