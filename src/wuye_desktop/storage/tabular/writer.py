"""Write registers and the import template to .xlsx so that they re-import unchanged.

Excel "helpfully" mangles what it can parse: long digit strings become floats, "3-1" becomes a
date, "=…" becomes a formula. So codes and phones are written as text cells in text-formatted
columns, every string is forced to a string cell (never a formula), dates are real dates shown as
yyyy-mm-dd, enumerations and booleans are the Chinese words the reader accepts.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ...domain.enums import LabeledEnum
from ...domain.fields import EntitySpec, FieldSpec, FieldType
from .cells import CellError, clean_text, is_identifier_field, parse_date_text, parse_enum
from .errors import FileAccessError, TabularError, UnsupportedFormatError

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
#: Marker the template puts before required headers; the reader ignores it when matching.
REQUIRED_MARK = "*"
INSTRUCTION_SHEET = "填写说明"
_LAST_ROW = 1048576

_HEADER_FONT = Font(bold=True)
_REQUIRED_FONT = Font(bold=True, color="C00000")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)

_TYPE_NAMES = {
    FieldType.TEXT: "文字",
    FieldType.INT: "整数",
    FieldType.FLOAT: "数字",
    FieldType.DATE: "日期",
    FieldType.BOOL: "是/否",
    FieldType.ENUM: "选项",
    FieldType.PHONE: "电话",
    FieldType.YEAR: "年份",
}

#: Example values for the instructions sheet, by field name (fallback by type).
_EXAMPLES: dict[str, str] = {
    "name": "阳光小区", "address": "长春市朝阳区湖西路88号", "community_code": "220104001001",
    "company_name": "长春市安居物业服务有限公司", "party_branch": "阳光小区党支部",
    "estate_name": "阳光小区", "number": "3号楼", "building_number": "3号楼", "unit": "",
    "unit_number": "1单元",
    "credit_code": "91310110666007217T", "manager": "王建国", "credit_grade": "A",
    "company_post": "物业客服主管", "note": "",
}
_TYPE_EXAMPLES = {
    FieldType.INT: "12", FieldType.FLOAT: "12500.5", FieldType.DATE: "2024-03-01",
    FieldType.BOOL: "是", FieldType.PHONE: "13912345678", FieldType.YEAR: "1998",
}
_TYPE_RULES = {
    FieldType.TEXT: "文字",
    FieldType.INT: "不小于0的整数，如 12",
    FieldType.FLOAT: "不小于0的数字，可带小数",
    FieldType.DATE: "日期，如 2024-03-01、2024/3/1、2024年3月1日",
    FieldType.BOOL: "是 或 否",
    FieldType.PHONE: "手机号11位；座机如 0431-88881234",
    FieldType.YEAR: "四位年份，如 1998",
}


# --- values ------------------------------------------------------------------------------------

def _enum_label(f: FieldSpec, v: Any) -> Any:
    if isinstance(v, LabeledEnum):
        return v.label
    if isinstance(v, str) and f.enum is not None:
        member = parse_enum(f.enum, v)
        return member.label if member is not None else v
    return v


def _date_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str) and v.strip():
        try:
            return parse_date_text(v)
        except CellError:
            return v
    return v


def _cell_value(f: FieldSpec, v: Any) -> Any:
    """What to put into the cell for value ``v`` of field ``f`` (None for blank)."""
    if v is None or (isinstance(v, str) and not clean_text(v)):
        return None
    if f.type is FieldType.ENUM:
        return _enum_label(f, v)
    if f.type is FieldType.BOOL:
        if isinstance(v, bool):
            return "是" if v else "否"
        return v
    if f.type is FieldType.DATE:
        return _date_value(v)
    if f.type in (FieldType.TEXT, FieldType.PHONE):
        if isinstance(v, LabeledEnum):
            return v.label
        if isinstance(v, float) and v == int(v):
            return str(int(v))
        return clean_text(str(v)) if not isinstance(v, date) else v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def _is_text_column(f: FieldSpec) -> bool:
    return f.type is FieldType.PHONE or (f.type is FieldType.TEXT and is_identifier_field(f))


def _set(cell: Cell, value: Any, f: FieldSpec) -> None:
    cell.value = value
    if isinstance(value, str):
        # A string starting with "=" must stay text: a register is not a program.
        cell.data_type = "s"
    if f.type is FieldType.DATE and isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif _is_text_column(f):
        cell.number_format = TEXT_FORMAT


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(v: Any) -> str:
    if isinstance(v, date):
        return "2024-03-01"
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


# --- sheets ------------------------------------------------------------------------------------

def _header_label(f: FieldSpec, mark_required: bool) -> str:
    return f"{REQUIRED_MARK}{f.label}" if mark_required and f.required else f.label


def _write_header(ws: Worksheet, spec: EntitySpec, mark_required: bool) -> None:
    for col, f in enumerate(spec.fields, start=1):
        cell = ws.cell(row=1, column=col, value=_header_label(f, mark_required))
        cell.data_type = "s"
        cell.font = _REQUIRED_FONT if (mark_required and f.required) else _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 24


def _add_validations(ws: Worksheet, spec: EntitySpec) -> None:
    """Drop-downs for enum and yes/no columns; column formats so Excel keeps codes as text."""
    for col, f in enumerate(spec.fields, start=1):
        letter = get_column_letter(col)
        if f.type is FieldType.ENUM and f.enum is not None:
            choices = f.enum.labels()
        elif f.type is FieldType.BOOL:
            choices = ["是", "否"]
        else:
            choices = []
        if choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                allow_blank=True, showDropDown=False, showErrorMessage=True,
                                errorTitle=f"{f.label}填写有误",
                                error=f"{f.label}请从下拉列表中选择：{'、'.join(choices)}")
            dv.add(f"{letter}2:{letter}{_LAST_ROW}")
            ws.add_data_validation(dv)
        if _is_text_column(f):
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
        elif f.type is FieldType.DATE:
            ws.column_dimensions[letter].number_format = DATE_FORMAT


def _size_columns(ws: Worksheet, spec: EntitySpec, rows: list[dict[str, Any]],
                  mark_required: bool) -> None:
    sample = rows[:200]
    for col, f in enumerate(spec.fields, start=1):
        width = _display_width(_header_label(f, mark_required)) + 2
        for r in sample:
            v = _cell_value(f, r.get(f.name))
            if v is not None:
                width = max(width, _display_width(_shown(v)) + 2)
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, 8), 50)


def _fill_sheet(ws: Worksheet, spec: EntitySpec, rows: list[dict[str, Any]],
                mark_required: bool = False) -> None:
    _write_header(ws, spec, mark_required)
    _add_validations(ws, spec)
    for r, values in enumerate(rows, start=2):
        for col, f in enumerate(spec.fields, start=1):
            v = _cell_value(f, values.get(f.name))
            if v is not None:
                _set(ws.cell(row=r, column=col), v, f)
    _size_columns(ws, spec, rows, mark_required)
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.fields))}{len(rows) + 1}"


def _sheet_title(spec: EntitySpec, used: set[str]) -> str:
    # Excel forbids []:*?/\ in sheet names and limits them to 31 characters.
    base = "".join(ch for ch in (spec.sheet or spec.label or spec.kind) if ch not in "[]:*?/\\")
    title, n = base[:31], 2
    while title in used:
        title = f"{base[:28]}{n}"
        n += 1
    used.add(title)
    return title


def _save(wb: Workbook, path: Path) -> None:
    """Save next to the target and rename: a failed save never leaves a half-written file."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UnsupportedFormatError(f"只能导出为 .xlsx 文件（现为“{path.name}”）。")
    if not path.parent.exists():
        raise FileAccessError(f"文件夹“{path.parent}”不存在。")
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except PermissionError:
        raise FileAccessError(f"无法写入“{path.name}”：文件可能正在Excel中打开，"
                              "请先关闭后重试。") from None
    except OSError as e:
        raise FileAccessError(f"无法写入“{path.name}”：{e.strerror or e}。") from None
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)


# --- public entry points -----------------------------------------------------------------------

def write_registers(path: Path, sheets: list[tuple[EntitySpec, list[dict[str, Any]]]]) -> None:
    """Write each ``(spec, rows)`` as one worksheet named ``spec.sheet``.

    ``rows`` are dicts keyed by ``FieldSpec.name``; values may be typed (enum members, dates,
    bools, numbers) or plain (enum codes or labels, ISO date strings). The result re-reads through
    :func:`~wuye_desktop.storage.tabular.reader.read_register` to the same values.
    Raises :class:`TabularError` if the file cannot be written.
    """
    if not sheets:
        raise TabularError("没有要导出的登记表。")
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for spec, rows in sheets:
        ws = wb.create_sheet(_sheet_title(spec, used))
        _fill_sheet(ws, spec, list(rows))
    _save(wb, path)


def _allowed(f: FieldSpec) -> str:
    if f.readonly:
        return "只读：导出时填写，导入时忽略"
    if f.type is FieldType.ENUM and f.enum is not None:
        return "从下拉列表选择：" + "、".join(f.enum.labels())
    rule = _TYPE_RULES[f.type]
    if f.type is FieldType.TEXT and f.max_length:
        rule += f"，最多{f.max_length}字"
    if f.ref:
        rule += "；须与已登记的名称一致"
    return rule


def _example(f: FieldSpec) -> str:
    if f.type is FieldType.ENUM and f.enum is not None:
        return next(iter(f.enum)).label
    return _EXAMPLES.get(f.name, _TYPE_EXAMPLES.get(f.type, ""))


def write_template(path: Path, specs: Iterable[EntitySpec]) -> None:
    """An empty import workbook: a "填写说明" sheet, then one sheet per register with its header
    (required columns marked "*"), drop-downs for options and yes/no, text-formatted code and
    phone columns. Raises :class:`TabularError` if the file cannot be written."""
    specs = list(specs)
    if not specs:
        raise TabularError("没有要生成模板的登记表。")
    wb = Workbook()
    info = wb.active
    info.title = INSTRUCTION_SHEET
    header = ("登记表", "列名", "是否必填", "类型", "填写要求 / 可选值", "示例", "也可写作")
    info.append(["填写说明：每个登记表一张工作表，第一行为表头，从第二行起每行填写一条记录。"
                 "带“*”的列必须填写；选项列请从下拉列表选择；号码和代码列已设为文本格式，"
                 "请勿改成数字。导入时如有任何错误，将不导入任何数据并列出全部问题。"])
    info.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    info.row_dimensions[1].height = 48
    info.cell(1, 1).alignment = Alignment(wrap_text=True, vertical="top")
    info.append(list(header))
    for c in range(1, len(header) + 1):
        cell = info.cell(2, c)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
    for spec in specs:
        for f in spec.fields:
            row = [spec.sheet or spec.label, f.label, "必填" if f.required else "选填",
                   _TYPE_NAMES[f.type], _allowed(f), _example(f), "、".join(f.synonyms)]
            info.append(row)
            for c in range(1, len(row) + 1):
                info.cell(info.max_row, c).data_type = "s"
    for letter, width in zip("ABCDEFG", (12, 18, 10, 8, 60, 28, 40), strict=True):
        info.column_dimensions[letter].width = width
    info.freeze_panes = "A3"

    used = {INSTRUCTION_SHEET}
    for spec in specs:
        ws = wb.create_sheet(_sheet_title(spec, used))
        _fill_sheet(ws, spec, [], mark_required=True)
        for col, f in enumerate(spec.fields, start=1):
            ws.cell(1, col).comment = Comment(
                f"{f.label}（{'必填' if f.required else '选填'}）：{_allowed(f)}", "物业工作台")
    _save(wb, path)


__all__ = ["write_registers", "write_template"]
