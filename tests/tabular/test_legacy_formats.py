"""Registers as offices have them on disk: legacy .xls, WPS .et, OpenDocument .ods, and web
systems' "xls" that are HTML tables — read to the same rows as the .xlsx of the same table."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import pytest
import xlwt

from wuye_desktop.__main__ import main
from wuye_desktop.domain.fields import BUILDING, LEAD, SPECS
from wuye_desktop.storage.tabular import CorruptFileError, UnsupportedFormatError, read_register, read_workbook

TITLE = "阳光社区楼长名册"
HEADER = ["姓名", "手机号码", "小区名称", "楼号", "任期开始", "是否党员"]
#: 小区名称 is written once and merged over both leads, as offices do.
LEADS: list[list[Any]] = [
    ["张三", "13912345678", "阳光小区", "1", date(2024, 3, 1), "是"],
    ["李四", "13812345678", None, "2", "2024/3/1", "否"],
]
EXPECTED = [
    {"name": "张三", "phone": "13912345678", "estate_name": "阳光小区", "building_number": "1",
     "term_start": date(2024, 3, 1), "party_member": True},
    {"name": "李四", "phone": "13812345678", "estate_name": "阳光小区", "building_number": "2",
     "term_start": date(2024, 3, 1), "party_member": False},
]


def build_xls(path: Path, sheets: dict[str, Sequence[Sequence[Any]]],
              merges: Sequence[tuple[int, int, int, int]] = ()) -> Path:
    """A BIFF8 workbook as Excel 97–2003 writes it; ``merges`` are 0-based (r1, r2, c1, c2)
    ranges on the last sheet, the value written in the top-left cell only."""
    wb = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for n, (title, rows) in enumerate(sheets.items()):
        ws = wb.add_sheet(title)
        ranges = {(r1, c1): (r1, r2, c1, c2) for r1, r2, c1, c2 in (merges if n == len(sheets) - 1 else ())}
        covered = {(r, c) for r1, r2, c1, c2 in ranges.values()
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(ranges)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if (r, c) in ranges:
                    ws.write_merge(*ranges[(r, c)], v)
                elif v is not None and (r, c) not in covered:
                    ws.write(r, c, v, dates) if isinstance(v, date) else ws.write(r, c, v)
    wb.save(str(path))
    return path


def build_ods(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """A minimal OpenDocument spreadsheet (what LibreOffice and WPS write as .ods)."""
    def cell(v: Any) -> str:
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, date):
            return (f'<table:table-cell office:value-type="date" office:date-value="{v:%Y-%m-%d}">'
                    f"<text:p>{v:%Y-%m-%d}</text:p></table:table-cell>")
        if isinstance(v, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{v}">'
                    f"<text:p>{v}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>" for row in rows)
        + "</table:table>" for name, rows in sheets.items())
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def leads_rows() -> list[list[Any]]:
    return [[TITLE], HEADER, *LEADS]


def check(path: Path) -> None:
    r = read_register(path, LEAD)
    assert r.ok, r.report()
    assert [x.row for x in r.rows] == [3, 4]  # the worker's own row numbers
    assert [x.values for x in r.rows] == EXPECTED


@pytest.mark.parametrize("suffix", [".xls", ".et"])
def test_legacy_excel_and_wps_with_title_and_merged_estate(tmp_path: Path, suffix: str) -> None:
    # WPS's .et is the .xls format: the same bytes under the other name read the same.
    check(build_xls(tmp_path / f"楼长{suffix}", {"楼长": leads_rows()},
                    merges=[(0, 0, 0, 5), (2, 3, 2, 2)]))


def test_xls_numbers_dates_and_phones_keep_their_values(tmp_path: Path) -> None:
    path = build_xls(tmp_path / "楼栋.xls", {"楼栋": [
        ["所属小区", "楼栋号", "单元数", "户数", "建成年份"],
        ["阳光小区", 1, 3, 36.0, 1998.0],  # Excel stores every number as a float
    ]})
    r = read_register(path, BUILDING)
    assert r.ok, r.report()
    v = r.rows[0].values
    assert (v["number"], v["unit_count"], v["household_count"], v["year_built"]) == ("1", 3, 36, 1998)


def test_ods(tmp_path: Path) -> None:
    rows = leads_rows()
    rows[3] = [*LEADS[1][:2], "阳光小区", *LEADS[1][3:]]  # no merge in this minimal writer
    check(build_ods(tmp_path / "楼长.ods", {"楼长": rows}))


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_html_saved_as_xls_by_a_web_system(tmp_path: Path, encoding: str) -> None:
    html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
            "</head><body><table border=1>"
            f'<tr><td colspan="6">{TITLE}</td></tr>'
            + "<tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>"
            "<tr><td>张三</td><td>13912345678</td><td rowspan=2>阳光小区</td><td>1</td>"
            "<td>2024-03-01</td><td>是</td></tr>"
            "<tr><td>李&#22235;</td><td>13812345678</td><td>2</td><td>2024/3/1</td><td>否</td></tr>"
            "</table></body></html>")
    path = tmp_path / "导出.xls"
    path.write_bytes(html.encode(encoding))
    check(path)


def test_xlsx_renamed_to_xls_is_read_by_its_content(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [[TITLE], HEADER, LEADS[0], [*LEADS[1][:2], "阳光小区", *LEADS[1][3:]]]:
        ws.append(row)
    wb.save(tmp_path / "a.xlsx")
    path = (tmp_path / "a.xlsx").rename(tmp_path / "a.xls")
    check(path)


def test_xls_renamed_to_xlsx_is_read_too(tmp_path: Path) -> None:
    path = build_xls(tmp_path / "a.xls", {"楼长": leads_rows()}, merges=[(2, 3, 2, 2)])
    check(path.rename(tmp_path / "a.xlsx"))


def test_workbook_of_several_registers_in_xls(tmp_path: Path) -> None:
    path = build_xls(tmp_path / "台账.xls", {
        "楼栋": [["所属小区", "楼栋号", "单元数", "户数"], ["阳光小区", "1号楼", 2, 24]],
        "楼长": leads_rows(),
    }, merges=[(2, 3, 2, 2)])
    wr = read_workbook(path, SPECS.values())
    assert set(wr.results) == {"buildings", "leads"}
    assert wr.results["buildings"].rows[0].values["household_count"] == 24
    assert [x.values for x in wr.results["leads"].rows] == EXPECTED


@pytest.mark.parametrize(("name", "data", "said"), [
    ("坏.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为"),
    ("乱.ods", b"not a spreadsheet at all", "另存为"),
    ("页面.xls", "<html><body><p>登录已过期</p></body></html>".encode(), "没有表格"),
])
def test_unreadable_workbooks_are_refused_in_chinese(tmp_path: Path, name: str, data: bytes,
                                                     said: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorruptFileError) as e:
        read_register(path, BUILDING)
    assert name in str(e.value) and said in str(e.value)


def test_other_suffixes_still_refused_with_the_formats_named(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"whatever")
    with pytest.raises(UnsupportedFormatError) as e:
        read_register(path, BUILDING)
    assert ".xls" in str(e.value) and ".ods" in str(e.value)


def test_cli_imports_an_xls_roster(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    assert main(["--data-dir", d, "init", "--community-code", "220102003001", "--name", "阳光社区"]) == 0
    book = build_xls(tmp_path / "台账.xls", {
        "小区": [["小区名称", "管理模式"], ["阳光小区", "准物业"]],
        "楼栋": [["所属小区", "楼栋号", "单元数", "户数"], ["阳光小区", "1", 2, 24],
                 ["阳光小区", "2", 2, 24]],
        "楼长": leads_rows(),
    }, merges=[(2, 3, 2, 2)])
    capsys.readouterr()
    assert main(["--data-dir", d, "import", "all", str(book), "--yes"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["--data-dir", d, "list", "leads", "--json"]) == 0
    leads = json.loads(capsys.readouterr().out)
    assert sorted(x["name"] for x in leads) == ["张三", "李四"]
