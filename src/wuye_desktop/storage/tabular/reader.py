"""Read registers from .xlsx/.csv into typed, validated rows, reporting every problem at once.

The reader never raises for a bad *cell*: each one becomes a :class:`CellIssue` (sheet, Excel row,
column header, Chinese reason), because the import is all-or-nothing and the worker must be able
to fix the whole file in one go. It raises :class:`TabularError` only when the file itself is
unusable (format, corruption, no header, a required column missing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...domain.fields import EntitySpec, FieldSpec, FieldType
from ...domain.import_mapping import PERIOD_FIELD, ImportMapping
from ...domain.normalise import (
    PERIOD_HEADERS,
    building_key,
    decade_years,
    header_scale,
    is_empty_marker,
    split_period,
    split_phones,
)
from ...domain.rules import validate_record
from ...domain.validation import Severity
from .cells import CellError, clean_text, convert_cell, normalize_header, parse_enum
from .errors import HeaderError, TabularError
from .results import CellIssue, ParsedRow, ReadResult, WorkbookResult
from .sources import FORMULA_WITHOUT_VALUE, Grid, get_column_letter

#: How many rows from the top are searched for the header (title rows, notes above the table).
HEADER_SCAN_ROWS = 10

# Columns every register may carry that mean nothing to us; ignored without a warning.
_SILENT_HEADERS = {"序号", "no", "no.", "编号序号", "行号", "#"}
# Footer rows real registers end with; skipped (with a warning) instead of failing validation.
_FOOTER_RE = re.compile(r"^(合\s*计|总\s*计|小\s*计)([:：\s].*)?$|"
                        r"^(填表人|制表人|填报人|审核人|负责人签字|填报单位|填报日期|制表日期|单位负责人)"
                        r"\s*([:：\s]|$)")
_EXCEL_ERROR_RE = re.compile(r"^#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|"
                             r"CALC!|FIELD!|BLOCKED!|UNKNOWN!|CONNECT!|BUSY!)$")
_PAREN_RE = re.compile(r"\([^()]*\)$")

def _header_index(spec: EntitySpec) -> dict[str, FieldSpec]:
    """Normalised header text → field; labels take precedence over synonyms of other fields."""
    index: dict[str, FieldSpec] = {}
    for f in spec.fields:
        index.setdefault(normalize_header(f.label), f)
    for f in spec.fields:
        for s in f.synonyms:
            index.setdefault(normalize_header(s), f)
    return index


def _match_header(index: dict[str, FieldSpec], text: Any) -> FieldSpec | None:
    key = normalize_header(text)
    if not key:
        return None
    f = index.get(key)
    if f is None and key.endswith(")"):
        # "户数(户)", "联系电话(手机)": a unit or hint in parentheses after a known header.
        f = index.get(_PAREN_RE.sub("", key))
    return f


_PERIOD_KEYS = {normalize_header(h) for h in PERIOD_HEADERS}


def _period_fields(spec: EntitySpec, text: str, taken: dict[str, str],
                   forced: bool = False) -> tuple[FieldSpec, FieldSpec] | None:
    """(start, end) fields for a "合同期限" column (or one the worker said is one), when the
    register has both and neither has its own column already."""
    if not forced and normalize_header(text) not in _PERIOD_KEYS:
        return None
    names = [f.name for f in spec.fields]
    if "contract_start" not in names or "contract_end" not in names:
        return None
    if "contract_start" in taken or "contract_end" in taken:
        return None
    return spec.field("contract_start"), spec.field("contract_end")


def _read_period(result: ReadResult, sheet: str, n: int, column: str, raw: Any,
                 start: FieldSpec, end: FieldSpec, typed: dict[str, Any], failed: set[str]) -> None:
    """"2022.1.1-2024.12.31" in one cell → the two date fields (each read as a date cell is)."""
    typed[start.name] = typed[end.name] = None
    if raw is None or (isinstance(raw, str) and not clean_text(raw)):
        return
    text = clean_text(str(raw))
    if is_empty_marker(text):
        return
    parts = split_period(text)
    if parts is None:
        result.issues.append(CellIssue(
            sheet, n, column, start.name,
            f"“{text}”不是起止日期；{column}应写成“2022.1.1-2024.12.31”或"
            "“2023年1月1日至2025年12月31日”，也可以分成“合同开始日期”“合同结束日期”两列。"))
        failed.update((start.name, end.name))
        return
    for f, part in zip((start, end), parts, strict=True):
        try:
            value, warning = convert_cell(f, part)
        except CellError as e:
            result.issues.append(CellIssue(sheet, n, column, f.name, e.message))
            failed.add(f.name)
            continue
        if warning:
            result.issues.append(CellIssue(sheet, n, column, f.name, warning, Severity.WARNING))
        typed[f.name] = value


def _keep_extra_phones(result: ReadResult, sheet: str, n: int, spec: EntitySpec,
                       phones: list[str], typed: dict[str, Any], failed: set[str]) -> None:
    """The first number of a "13912345678/13812345678" cell is the phone; the others go to the
    note (said so), or, when the file has no 备注 column, the worker is asked where they go:
    writing a note the file does not have would replace the stored one."""
    phone = next(f for f in spec.fields if f.type is FieldType.PHONE)
    column = result.columns.get(phone.name, phone.label)
    others = "、".join(phones)
    if "note" not in result.columns:
        result.issues.append(CellIssue(
            sheet, n, column, phone.name,
            f"一格中有多个号码（另有{others}）：只能登记一个联系电话。请只留一个，其余写到“备注”列"
            "（可在表中加一列“备注”）后重新导入。"))
        failed.add(phone.name)
        return
    if "note" in failed:
        return
    note = typed.get("note")
    typed["note"] = f"{note}；其他电话：{others}" if note else f"其他电话：{others}"
    result.issues.append(CellIssue(sheet, n, column, phone.name,
                                   f"一格中有多个号码，第一个作为联系电话，其余（{others}）已记入备注。",
                                   Severity.WARNING))


def _column_scale(f: FieldSpec, text: str) -> int:
    """10000 for a number column headed in 万 ("建筑面积（万㎡）"), else 1."""
    if f.type not in (FieldType.INT, FieldType.FLOAT):
        return 1
    m = _PAREN_RE.search(normalize_header(text))
    return header_scale(m.group(0)) if m else 1


def _header_score(index: dict[str, FieldSpec], values: tuple[Any, ...]) -> int:
    return len({f.name for v in values if (f := _match_header(index, v)) is not None})


def _find_header(grid: Grid, index: dict[str, FieldSpec]) -> tuple[int, tuple[Any, ...], int]:
    best: tuple[int, tuple[Any, ...], int] = (0, (), 0)
    for n, values in grid.rows():
        if n > HEADER_SCAN_ROWS:
            break
        score = _header_score(index, values)
        if score > best[2]:
            best = (n, values, score)
    return best


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    # A header wrapped onto two lines in Excel ("户数\n（户）") reads as one word.
    return " ".join(re.sub(r"\s*\n\s*", "", clean_text(str(value))).split())


# --- one sheet ---------------------------------------------------------------------------------

def _is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not clean_text(v))


@dataclass
class _Layout:
    """Where each field is in a sheet: a column each, or two fields in one column (合同期限),
    a multiplier for columns headed in 万, and fields every row shares (the estate a sheet of
    a per-estate roster is named after)."""

    cols: dict[int, FieldSpec] = field(default_factory=dict)
    scales: dict[int, int] = field(default_factory=dict)
    periods: dict[int, tuple[FieldSpec, FieldSpec]] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)
    #: column index → its header as written (cell fixes are keyed by it)
    texts: dict[int, str] = field(default_factory=dict)
    mapping: ImportMapping = field(default_factory=ImportMapping)


#: The column name shown for an estate taken from the sheet's name.
ESTATE_FROM_SHEET = "所属小区（工作表名）"


def _mapped_index(spec: EntitySpec, chosen: ImportMapping) -> dict[str, FieldSpec]:
    """The header index with the worker's column choices on top (so a column mapped to a
    required field also finds the header row)."""
    index = _header_index(spec)
    names = {f.name: f for f in spec.fields}
    for header, name in chosen.columns.get(spec.kind, {}).items():
        if name in names:
            index[normalize_header(header)] = names[name]
    return index


def _column_field(index: dict[str, FieldSpec], chosen: ImportMapping, spec: EntitySpec,
                  raw: Any) -> tuple[FieldSpec | None, bool]:
    """(field, ignored by the worker) for one header cell."""
    name = chosen.column_for(spec.kind, _header_text(raw))
    if name == "":
        return None, True
    return _match_header(index, raw), False


def read_grid(grid: Grid, spec: EntitySpec, community_code: str | None = None,
              estate: str | None = None, mapping: ImportMapping | None = None,
              force_estate: bool = False) -> ReadResult:
    """Parse an already opened sheet as register ``spec``. Raises :class:`HeaderError`.

    ``estate``: the estate every row belongs to when the sheet has no 所属小区 column (a roster
    kept as one sheet per estate, named after it). ``mapping``: the worker's column and value
    choices, applied over the guesses. ``force_estate``: the worker chose "estate = sheet name"
    for this sheet, so ``estate`` wins over a 所属小区 column."""
    chosen = mapping or ImportMapping()
    index = _mapped_index(spec, chosen)
    header_row, header, score = _find_header(grid, index)
    where = f"文件“{grid.name}”" if grid.is_csv else f"工作表“{grid.name}”"
    if score == 0:
        expected = "、".join(f.label for f in spec.fields if f.required)
        raise HeaderError(f"{where}的前{HEADER_SCAN_ROWS}行中找不到{spec.label}的表头。"
                          f"表头应包含：{expected}等列（可下载导入模板对照）。")
    result = ReadResult(spec=spec, sheet=grid.name, header_row=header_row)

    # Column index (0-based) → field, the first column of a field winning.
    layout = _Layout(mapping=chosen)
    cols, scales, periods = layout.cols, layout.scales, layout.periods
    for i, raw in enumerate(header):
        text = _header_text(raw)
        col = text or get_column_letter(i + 1)
        f, ignored = _column_field(index, chosen, spec, raw)
        layout.texts[i] = col
        if text:
            result.headers.setdefault(text, f.name if f else "")
        if ignored:
            continue
        forced = chosen.column_for(spec.kind, text) == PERIOD_FIELD
        pair = _period_fields(spec, text, result.columns, forced) if f is None or forced else None
        if pair is not None:
            periods[i] = pair
            result.headers[text] = PERIOD_FIELD
            for half in pair:
                result.columns[half.name] = text
            continue
        if f is None:
            if text and normalize_header(text) not in _SILENT_HEADERS:
                result.issues.append(CellIssue(grid.name, header_row, col, "",
                                               f"无法识别的列“{text}”，该列已忽略。",
                                               Severity.WARNING))
            continue
        if f.name in result.columns:
            result.headers[text] = ""
            result.issues.append(CellIssue(
                grid.name, header_row, col, f.name,
                f"“{text}”与“{result.columns[f.name]}”列都是{f.label}，只读取前一列，本列已忽略。",
                Severity.WARNING))
            continue
        cols[i] = f
        result.columns[f.name] = text
        scale = _column_scale(f, text)
        if scale != 1:
            scales[i] = scale
            result.issues.append(CellIssue(
                grid.name, header_row, col, f.name,
                f"“{text}”列以“万”为单位，已乘以{scale}换算后保存（如 1.23 → {1.23 * scale:g}）。",
                Severity.WARNING))

    if estate and force_estate and "estate_name" in result.columns:
        text = result.columns.pop("estate_name")
        result.headers[text] = ""
        layout.cols = {i: f for i, f in layout.cols.items() if f.name != "estate_name"}
    if estate and "estate_name" not in result.columns and \
            any(f.name == "estate_name" for f in spec.fields):
        layout.fixed["estate_name"] = estate
        result.columns["estate_name"] = ESTATE_FROM_SHEET
    missing = [f for f in spec.fields if f.required and f.name not in result.columns]
    if missing:
        names = "；".join(f"“{f.label}”" + (f"（也可写作：{'、'.join(f.synonyms)}）"
                                          if f.synonyms else "") for f in missing)
        raise HeaderError(f"{where}缺少必填列：{names}。表头在第{header_row}行，"
                          "请补上这些列后重新导入。")

    seen_keys: dict[tuple[Any, ...], int] = {}
    key_fields = [spec.field(k) for k in spec.natural_key]
    for n, values in grid.rows():
        if n <= header_row:
            continue
        row = _read_row(result, grid, spec, layout, n, values, community_code)
        if row is None:
            continue
        result.rows.append(row)
        _check_duplicate(result, key_fields, row, seen_keys)
    return result


def _read_row(result: ReadResult, grid: Grid, spec: EntitySpec, layout: _Layout,
              n: int, values: tuple[Any, ...], community_code: str | None) -> ParsedRow | None:
    mapping, scales, periods = layout.cols, layout.scales, layout.periods
    cells = {i: values[i] if i < len(values) else None for i in (*mapping, *periods)}
    if layout.mapping.fixes:
        for i in cells:
            fix = layout.mapping.fixes.get((grid.name, n, layout.texts.get(i, "")))
            if fix is not None:
                cells[i] = fix
    if all(_is_blank(v) for v in cells.values()):
        return None
    first = next((v for v in values if not _is_blank(v)), None)
    if isinstance(first, str) and _FOOTER_RE.match(clean_text(first)):
        result.issues.append(CellIssue(grid.name, n, "", "",
                                       f"“{clean_text(first)[:20]}”是合计或落款行，已跳过。",
                                       Severity.WARNING))
        return None

    typed: dict[str, Any] = {}
    failed: set[str] = set()
    extra_phones: list[str] = []  # a second number written in the phone cell
    for i, f in mapping.items():
        raw = cells[i]
        column = result.columns[f.name] or get_column_letter(i + 1)
        if raw is FORMULA_WITHOUT_VALUE:
            cell = f"{get_column_letter(i + 1)}{n}"
            result.issues.append(CellIssue(
                grid.name, n, column, f.name,
                f"单元格{cell}是公式，但文件里没有保存计算结果（本程序不计算公式）。"
                "请在Excel中打开并保存一次，或把公式改成数值后重新导入。"))
            failed.add(f.name)
            typed[f.name] = None
            continue
        if isinstance(raw, str) and _EXCEL_ERROR_RE.match(raw.strip()):
            result.issues.append(CellIssue(
                grid.name, n, column, f.name,
                f"单元格{get_column_letter(i + 1)}{n}的公式计算出错（{raw.strip()}），请改正后重新导入。"))
            failed.add(f.name)
            typed[f.name] = None
            continue
        if f.type is FieldType.PHONE and isinstance(raw, str):
            phones = split_phones(clean_text(raw))
            if len(phones) > 1:
                raw = phones[0]
                extra_phones.extend(phones[1:])
        if f.type is FieldType.ENUM and isinstance(raw, str):
            raw = _choice(result, layout.mapping, f, raw)
        if f.type is FieldType.YEAR and isinstance(raw, str):
            raw = _decade_choice(result, layout.mapping, f, raw)
        try:
            value, warning = convert_cell(f, raw)
        except CellError as e:
            result.issues.append(CellIssue(grid.name, n, column, f.name, e.message))
            failed.add(f.name)
            typed[f.name] = None
            continue
        if warning:
            result.issues.append(CellIssue(grid.name, n, column, f.name, warning,
                                           Severity.WARNING))
        if value is not None and i in scales:
            value = round(value * scales[i], 6) if f.type is FieldType.FLOAT else value * scales[i]
        typed[f.name] = value

    for i, (start, end) in periods.items():
        _read_period(result, grid.name, n, result.columns[start.name], cells[i], start, end,
                     typed, failed)
    typed.update(layout.fixed)
    if extra_phones:
        _keep_extra_phones(result, grid.name, n, spec, extra_phones, typed, failed)

    for issue in validate_record(spec, typed, community_code):
        if issue.field in failed:
            continue  # already reported as unreadable; "please fill in" would only confuse
        column = result.columns.get(issue.field, "")
        if not column and issue.field:
            try:
                column = spec.field(issue.field).label
            except KeyError:
                column = ""
        result.issues.append(CellIssue(grid.name, n, column, issue.field, issue.message,
                                       issue.severity))
    return ParsedRow(sheet=grid.name, row=n, values=typed)


def _choice(result: ReadResult, chosen: ImportMapping, f: FieldSpec, raw: str) -> Any:
    """A choice cell with the worker's value mapping applied; a cell that is not written exactly
    as a choice is noted with its guess (None: could not be told) for the preview to ask."""
    text = clean_text(raw)
    assert f.enum is not None
    if not text or any(text in (m.value, m.label) for m in f.enum):
        return raw
    code = chosen.value_for(f.name, text)
    if code is not None:
        result.value_guesses.setdefault(f.name, {})[text] = code
        return f.enum(code).label
    guess = parse_enum(f.enum, text)
    result.value_guesses.setdefault(f.name, {})[text] = guess.value if guess else None
    return raw


def _decade_choice(result: ReadResult, chosen: ImportMapping, f: FieldSpec, raw: str) -> Any:
    """A decade ("90年代") in a year cell: the year the worker chose for it in the value
    mapping, else the cell as written (refused, and listed in the value mapping with no guess)."""
    text = clean_text(raw)
    if decade_years(text) is None:
        return raw
    code = chosen.value_for(f.name, text)
    result.value_guesses.setdefault(f.name, {})[text] = code
    return int(code) if code is not None else raw


def _key_part(f: FieldSpec, v: Any) -> Any:
    if isinstance(v, str) and f.name in ("number", "building_number"):
        return building_key(v)  # "1#" and "1号楼" in one file are the same building twice
    return v.strip() if isinstance(v, str) else v


def _check_duplicate(result: ReadResult, key_fields: list[FieldSpec], row: ParsedRow,
                     seen: dict[tuple[Any, ...], int]) -> None:
    key = tuple(_key_part(f, row.values.get(f.name)) for f in key_fields)
    if not key or any(k is None or k == "" for k in key):  # no natural key: rows may repeat
        return
    first = seen.setdefault(key, row.row)
    if first == row.row:
        return
    last = key_fields[-1]
    what = "、".join(f"{f.label}“{row.values.get(f.name)}”" for f in key_fields)
    result.issues.append(CellIssue(
        result.sheet, row.row, result.columns.get(last.name, last.label), last.name,
        f"与第{first}行重复（{what}）：同一{result.spec.label}只能登记一次，请删除或合并重复行。"))


__all__ = [
    "CellIssue",
    "ParsedRow",
    "ReadResult",
    "TabularError",
    "WorkbookResult",
    "read_grid",
]
