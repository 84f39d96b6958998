"""CSV encodings and delimiters; files that cannot be used at all raise clean Chinese errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.fields import BUILDING, ESTATE, LEAD, SPECS
from wuye_desktop.storage.tabular import (
    CorruptFileError,
    FileAccessError,
    HeaderError,
    TabularError,
    UnsupportedFormatError,
    read_register,
    read_workbook,
    write_registers,
)

Maker = Callable[..., Path]

LEAD_ROWS = [
    ["阳光社区楼长名册"],
    ["姓名", "手机号码", "小区名称", "楼号", "任期开始", "是否党员"],
    ["张三", "1.3912345678E10", "阳光小区", "１", "2024年3月1日", "是"],
    ["李四", "13812345678", "阳光小区", "2", "2024/3/1", "否"],
]


def _check_leads(path: Path) -> None:
    r = read_register(path, LEAD)
    assert r.ok, r.report()
    assert [x.row for x in r.rows] == [3, 4]
    assert r.rows[0].values == {"name": "张三", "phone": "13912345678", "estate_name": "阳光小区",
                                "building_number": "1", "term_start": date(2024, 3, 1),
                                "party_member": True}
    assert r.rows[1].values["name"] == "李四"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings(csvfile: Maker, encoding: str) -> None:
    _check_leads(csvfile(LEAD_ROWS, encoding=encoding))


def test_gbk_bytes_are_really_gbk(csvfile: Maker) -> None:
    # Guard the test itself: the file must not be valid UTF-8, or the GBK path is not exercised.
    path = csvfile(LEAD_ROWS, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    _check_leads(path)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiters(csvfile: Maker, delimiter: str) -> None:
    _check_leads(csvfile(LEAD_ROWS, delimiter=delimiter))


def test_csv_quoted_fields_and_report_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "楼栋.csv"
    path.write_text('所属小区,楼栋号,户数,备注\r\n阳光小区,1,abc,"多行\n备注, 带逗号"\r\n'
                    '阳光小区,2,3,=cmd|\' /C calc\'!A0\r\n', encoding="utf-8")
    r = read_register(path, BUILDING)
    assert [(e.row, e.column) for e in r.errors] == [(2, "户数")]
    assert r.rows[0].values["note"] == "多行\n备注, 带逗号"
    assert r.rows[1].values["note"] == "=cmd|' /C calc'!A0"
    assert "文件“楼栋.csv” 第2行 “户数”列：" in r.report()


def test_csv_read_workbook_picks_spec_by_header(csvfile: Maker) -> None:
    path = csvfile([["小区名称", "管理模式"], ["阳光小区", "专业物业"]], encoding="gbk")
    wr = read_workbook(path, SPECS.values())
    assert list(wr.results) == ["estates"]
    assert wr.results["estates"].rows[0].values["management_mode"] is ManagementMode.PROFESSIONAL


def test_csv_missing_required_column(csvfile: Maker) -> None:
    with pytest.raises(HeaderError) as e:
        read_register(csvfile([["姓名", "所属小区", "楼栋号"], ["张三", "阳光小区", "1"]]), LEAD)
    assert "联系电话" in str(e.value)


@pytest.mark.parametrize("name", ["a.docx", "a.json", "noext", "a.pdf"])
def test_unknown_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(UnsupportedFormatError) as e:
        read_register(path, BUILDING)
    assert "不支持的文件类型" in str(e.value)


def test_damaged_old_xls_is_refused_with_advice(tmp_path: Path) -> None:
    # A real .xls is read (tests/tabular/test_legacy_formats.py); a damaged one gets advice.
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(CorruptFileError) as e:
        read_register(path, BUILDING)
    assert "另存为" in str(e.value)


def test_ole_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "encrypted.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(CorruptFileError) as e:
        read_register(path, BUILDING)
    assert "密码" in str(e.value)


def _valid_xlsx(path: Path) -> Path:
    write_registers(path, [(BUILDING, [{"estate_name": f"小区{i}", "number": "1"}
                                       for i in range(300)])])
    return path


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_truncated_xlsx(tmp_path: Path, keep: float) -> None:
    good = _valid_xlsx(tmp_path / "good.xlsx")
    assert read_register(good, BUILDING).ok  # the untruncated file is fine
    data = good.read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(CorruptFileError) as e:
        read_register(bad, BUILDING)
    assert "损坏" in str(e.value)


def test_corrupted_sheet_part(tmp_path: Path) -> None:
    """A zip whose sheet XML is garbage (bit rot inside the archive), not just a cut tail."""
    import zipfile

    good = _valid_xlsx(tmp_path / "good.xlsx")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]  # XML cut mid-element
            zout.writestr(info, data)
    with pytest.raises(CorruptFileError):
        read_register(bad, BUILDING)


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("所属小区,楼栋号\n阳光小区,1\n", encoding="utf-8")
    with pytest.raises(CorruptFileError):
        read_register(path, BUILDING)


def test_xlsx_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    shutil.copy(_valid_xlsx(tmp_path / "good.xlsx"), path)
    with pytest.raises(CorruptFileError) as e:
        read_register(path, BUILDING)
    assert ".xlsx" in str(e.value)


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(CorruptFileError) as e:
        read_register(path, BUILDING)
    assert "空" in str(e.value)


def test_csv_with_only_separators_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\xef\xbb\xbf,,,\r\n,,,\r\n")
    with pytest.raises(CorruptFileError):
        read_register(path, BUILDING)


def test_empty_workbook_has_no_header(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(HeaderError):
        read_register(path, BUILDING)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError) as e:
        read_register(tmp_path / "nope.xlsx", BUILDING)
    assert "找不到文件" in str(e.value)
    d = tmp_path / "dir.csv"
    d.mkdir()
    with pytest.raises(TabularError):
        read_register(d, BUILDING)


def test_undecodable_csv(tmp_path: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CorruptFileError):
        read_register(path, ESTATE)


def test_errors_are_tabular_errors_with_chinese_text() -> None:
    for cls in (CorruptFileError, FileAccessError, HeaderError, UnsupportedFormatError):
        assert issubclass(cls, TabularError)
    assert str(HeaderError("缺少必填列")) == "缺少必填列"
