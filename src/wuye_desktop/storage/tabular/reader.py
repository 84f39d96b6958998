"""Read registers from .xlsx/.csv into typed, validated rows, reporting every problem at once.

The reader never raises for a bad *cell*: each one becomes a :class:`CellIssue` (sheet, Excel row,
column header, Chinese reason), because the import is all-or-nothing and the worker must be able
to fix the whole file in one go. It raises :class:`TabularError` only when the file itself is
unusable (format, corruption, no header, a required column missing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ...domain.fields import EntitySpec, FieldSpec
from ...domain.rules import validate_record
from ...domain.validation import Severity
from .cells import CellError, clean_text, convert_cell, normalize_header
from .errors import HeaderError, SheetNotFoundError, TabularError
from .results import CellIssue, ParsedRow, ReadResult, WorkbookResult
from .sources import FORMULA_WITHOUT_VALUE, Grid, XlsxBook, check_path, open_csv, open_xlsx

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

#: Extra sheet names per register kind (beside ``spec.sheet``, ``spec.label`` and ``spec.kind``).
SHEET_SYNONYMS: dict[str, tuple[str, ...]] = {
    "estates": ("小区", "住宅小区", "小区基本信息"),
    "buildings": ("楼栋", "楼宇", "楼房"),
    "units": ("单元", "楼栋单元", "单元信息"),
    "leads": ("楼长", "楼栋长"),
    "companies": ("物业企业", "物业公司", "物业服务企业"),
    "committees": ("业委会", "业主委员会", "物管会", "物业管理委员会"),
    "members": ("业委会成员", "业委会委员", "业主委员会成员", "委员"),
}
_SHEET_SUFFIX_RE = re.compile(r"(基本信息|信息表|信息|台账|登记表|登记|明细表|明细|清单|名单|名册|"
                              r"汇总表|汇总|统计表|统计|一览表|表)+$")
#: Sheets that hold instructions, never data.
INSTRUCTION_SHEET_RE = re.compile(r"说明|填表须知|填写要求|instructions?", re.I)


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


def read_grid(grid: Grid, spec: EntitySpec, community_code: str | None = None) -> ReadResult:
    """Parse an already opened sheet as register ``spec``. Raises :class:`HeaderError`."""
    index = _header_index(spec)
    header_row, header, score = _find_header(grid, index)
    where = f"文件“{grid.name}”" if grid.is_csv else f"工作表“{grid.name}”"
    if score == 0:
        expected = "、".join(f.label for f in spec.fields if f.required)
        raise HeaderError(f"{where}的前{HEADER_SCAN_ROWS}行中找不到{spec.label}的表头。"
                          f"表头应包含：{expected}等列（可下载导入模板对照）。")
    result = ReadResult(spec=spec, sheet=grid.name, header_row=header_row)

    # Column index (0-based) → field, the first column of a field winning.
    mapping: dict[int, FieldSpec] = {}
    for i, raw in enumerate(header):
        text = _header_text(raw)
        col = text or get_column_letter(i + 1)
        f = _match_header(index, raw)
        if f is None:
            if text and normalize_header(text) not in _SILENT_HEADERS:
                result.issues.append(CellIssue(grid.name, header_row, col, "",
                                               f"无法识别的列“{text}”，该列已忽略。",
                                               Severity.WARNING))
            continue
        if f.name in result.columns:
            result.issues.append(CellIssue(
                grid.name, header_row, col, f.name,
                f"“{text}”与“{result.columns[f.name]}”列都是{f.label}，只读取前一列，本列已忽略。",
                Severity.WARNING))
            continue
        mapping[i] = f
        result.columns[f.name] = text

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
        row = _read_row(result, grid, spec, mapping, n, values, community_code)
        if row is None:
            continue
        result.rows.append(row)
        _check_duplicate(result, key_fields, row, seen_keys)
    return result


def _read_row(result: ReadResult, grid: Grid, spec: EntitySpec, mapping: dict[int, FieldSpec],
              n: int, values: tuple[Any, ...], community_code: str | None) -> ParsedRow | None:
    cells = {i: values[i] if i < len(values) else None for i in mapping}
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
        typed[f.name] = value

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


def _key_part(v: Any) -> Any:
    return v.strip() if isinstance(v, str) else v


def _check_duplicate(result: ReadResult, key_fields: list[FieldSpec], row: ParsedRow,
                     seen: dict[tuple[Any, ...], int]) -> None:
    key = tuple(_key_part(row.values.get(f.name)) for f in key_fields)
    if any(k is None or k == "" for k in key):
        return
    first = seen.setdefault(key, row.row)
    if first == row.row:
        return
    last = key_fields[-1]
    what = "、".join(f"{f.label}“{v}”" for f, v in zip(key_fields, key, strict=True))
    result.issues.append(CellIssue(
        result.sheet, row.row, result.columns.get(last.name, last.label), last.name,
        f"与第{first}行重复（{what}）：同一{result.spec.label}只能登记一次，请删除或合并重复行。"))


# --- sheet selection ---------------------------------------------------------------------------

def _sheet_key(name: str) -> str:
    key = normalize_header(name)
    stripped = _SHEET_SUFFIX_RE.sub("", key)
    return stripped or key


def _sheet_names_for(spec: EntitySpec) -> set[str]:
    names = {spec.sheet, spec.label, spec.kind, *SHEET_SYNONYMS.get(spec.kind, ())}
    return {normalize_header(n) for n in names if n}


def sheet_match_score(sheet_name: str, spec: EntitySpec) -> tuple[int, int]:
    """How well a sheet name names ``spec``: (2 exact | 1 ends with | 0 contains, length); (−1, 0)
    when it does not. "楼栋信息" and "阳光社区楼栋台账" both name the building register."""
    key = _sheet_key(sheet_name)
    best = (-1, 0)
    for cand in _sheet_names_for(spec):
        if key == cand:
            score = (2, len(cand))
        elif key.endswith(cand):
            score = (1, len(cand))
        elif cand in key:
            score = (0, len(cand))
        else:
            continue
        best = max(best, score)
    return best


def _pick_sheet(book: XlsxBook, spec: EntitySpec, path: Path) -> str:
    names = [n for n in book.sheet_names if not INSTRUCTION_SHEET_RE.search(n)]
    scored = [(sheet_match_score(n, spec), n) for n in names]
    scored = [s for s in scored if s[0][0] >= 0]
    if scored:
        return max(scored, key=lambda s: s[0])[1]
    if len(names) == 1:
        return names[0]
    # No sheet is named after the register: take the one whose header fits it best.
    index = _header_index(spec)
    best, best_score = "", 0
    for n in names:
        score = _find_header(book.grid(n), index)[2]
        if score > best_score:
            best, best_score = n, score
    if not best:
        raise SheetNotFoundError(f"“{path.name}”中找不到{spec.label}工作表（现有工作表："
                                 f"{'、'.join(book.sheet_names)}）。")
    return best


def _resolve_sheet(book: XlsxBook, sheet: str, path: Path) -> str:
    if sheet in book.sheet_names:
        return sheet
    key = normalize_header(sheet)
    for n in book.sheet_names:
        if normalize_header(n) == key:
            return n
    raise SheetNotFoundError(f"“{path.name}”中没有名为“{sheet}”的工作表（现有工作表："
                             f"{'、'.join(book.sheet_names)}）。")


# --- public entry points -----------------------------------------------------------------------

def read_register(path: Path, spec: EntitySpec, community_code: str | None = None,
                  sheet: str | None = None) -> ReadResult:
    """Read one register from an .xlsx or .csv file.

    ``sheet`` names the worksheet of an .xlsx (ignored for CSV); by default the sheet named after
    the register (``spec.sheet`` or a synonym such as "楼栋信息"), else the only data sheet, else
    the sheet whose header fits best. ``community_code`` enables the estate-belongs-to-community
    check. Cell problems are returned in ``ReadResult.issues``; an unusable file raises
    :class:`TabularError` (Chinese message).
    """
    path = Path(path)
    kind = check_path(path)
    if kind == "csv":
        return read_grid(open_csv(path), spec, community_code)
    book = open_xlsx(path)
    try:
        name = _resolve_sheet(book, sheet, path) if sheet else _pick_sheet(book, spec, path)
        return read_grid(book.grid(name), spec, community_code)
    finally:
        book.close()


def read_workbook(path: Path, specs: Iterable[EntitySpec],
                  community_code: str | None = None) -> WorkbookResult:
    """Read several registers from one workbook, matching sheets to specs by sheet name.

    Sheet names are ``spec.sheet`` or synonyms ("楼栋信息", "物业公司" …); instruction sheets
    ("填写说明") are skipped; a sheet named after no register is matched by its header if that
    is unambiguous, else reported as a warning. A CSV file holds one register: the spec whose
    header fits best. Registers without a sheet are simply absent from ``results``.
    """
    path = Path(path)
    specs = list(specs)
    kind = check_path(path)
    out = WorkbookResult()
    if kind == "csv":
        grid = open_csv(path)
        spec = _best_spec_by_header(lambda: grid, specs)
        if spec is None:
            raise HeaderError(f"无法判断“{path.name}”是哪一种登记表：表头与各登记表都不符。")
        out.results[spec.kind] = read_grid(grid, spec, community_code)
        return out
    book = open_xlsx(path)
    try:
        assigned: dict[str, str] = {}  # kind → sheet
        unmatched: list[str] = []
        for name in book.sheet_names:
            if INSTRUCTION_SHEET_RE.search(name):
                continue
            scored = [(sheet_match_score(name, s), s) for s in specs]
            scored = [x for x in scored if x[0][0] >= 0]
            if not scored:
                unmatched.append(name)
                continue
            kind = max(scored, key=lambda x: x[0])[1].kind
            if kind in assigned:
                # A second "楼栋" sheet: importing both would double-count; say so instead.
                out.issues.append(CellIssue(
                    name, 0, "", "", f"工作表“{name}”与“{assigned[kind]}”是同一种登记表，"
                    f"只导入“{assigned[kind]}”，本表已忽略；如需导入请合并到一张表。",
                    Severity.WARNING))
            else:
                assigned[kind] = name
        for name in unmatched:
            rest = [s for s in specs if s.kind not in assigned]
            spec = _best_spec_by_header(lambda n=name: book.grid(n), rest, minimum=2,
                                        complete=True)
            if spec is not None:
                assigned[spec.kind] = name
            elif _has_content(book.grid(name)):
                out.issues.append(CellIssue(name, 0, "", "",
                                            f"无法识别工作表“{name}”是哪一种登记表，已忽略。",
                                            Severity.WARNING))
        if not assigned:
            known = "、".join(s.sheet or s.label for s in specs)
            raise SheetNotFoundError(f"“{path.name}”中没有可导入的工作表；工作表名称应为：{known}。")
        for spec in specs:
            if spec.kind in assigned:
                out.results[spec.kind] = read_grid(book.grid(assigned[spec.kind]), spec,
                                                   community_code)
        return out
    finally:
        book.close()


def _has_content(grid: Grid) -> bool:
    return any(not _is_blank(v) for _, values in _take(grid.rows(), HEADER_SCAN_ROWS)
               for v in values)


def _take(it: Iterator[Any], n: int) -> Iterator[Any]:
    for i, x in enumerate(it):
        if i >= n:
            break
        yield x


def _best_spec_by_header(get_grid: Any, specs: list[EntitySpec], minimum: int = 1,
                         complete: bool = False) -> EntitySpec | None:
    """The spec whose header row matches most columns (at least ``minimum``); with
    ``complete`` only specs whose required columns are all present qualify, so that a sheet
    is never guessed to be a register it cannot be read as."""
    best: EntitySpec | None = None
    best_score = minimum - 1
    for spec in specs:
        index = _header_index(spec)
        _, header, score = _find_header(get_grid(), index)
        if complete:
            found = {f.name for v in header if (f := _match_header(index, v)) is not None}
            if any(f.required and f.name not in found for f in spec.fields):
                continue
        if score > best_score:
            best, best_score = spec, score
    return best


__all__ = [
    "CellIssue",
    "ParsedRow",
    "ReadResult",
    "TabularError",
    "WorkbookResult",
    "read_grid",
    "read_register",
    "read_workbook",
]
