"""Which sheets of a workbook hold which register, and reading them.

Offices keep registers in many shapes: one workbook with a sheet per register, named after it
("楼栋信息", "阳光社区楼长台账") or not ("Sheet1"), and rosters kept as one sheet per estate,
the sheet named after the estate ("幸福小区") and no 所属小区 column. Sheets are matched by name
when the name and the header agree, else by header; a sheet named after an estate gives its
rows that estate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ...domain.fields import EntitySpec
from ...domain.import_mapping import IGNORE, PER_ESTATE, ImportMapping, sheet_role
from ...domain.normalise import squeeze_name
from ...domain.validation import Severity
from .cells import normalize_header
from .errors import HeaderError, SheetNotFoundError
from .reader import (
    HEADER_SCAN_ROWS,
    CellIssue,
    ReadResult,
    WorkbookResult,
    _find_header,
    _header_index,
    _is_blank,
    _match_header,
    read_grid,
)
from .sources import Book, Grid, check_path, open_book, open_csv

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


def _pick_sheet(book: Book, spec: EntitySpec, path: Path) -> str:
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


def _resolve_sheet(book: Book, sheet: str, path: Path) -> str:
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
                  sheet: str | None = None, mapping: ImportMapping | None = None) -> ReadResult:
    """Read one register from a workbook or .csv file.

    ``sheet`` names the worksheet (ignored for CSV); by default the sheet named after the
    register (``spec.sheet`` or a synonym such as "楼栋信息"), else the only data sheet, else
    the sheet whose header fits best — or, for a roster kept as one sheet per estate, every
    such sheet, each giving its rows the estate it is named after. ``community_code`` enables
    the estate-belongs-to-community check. Cell problems are returned in ``ReadResult.issues``;
    an unusable file raises :class:`TabularError` (Chinese message).
    """
    path = Path(path)
    kind = check_path(path)
    if kind == "csv":
        return read_grid(open_csv(path), spec, community_code, mapping=mapping)
    book = open_book(path)
    try:
        if sheet:
            name = _resolve_sheet(book, sheet, path)
            return read_grid(book.grid(name), spec, community_code, estate_of_sheet(name, spec),
                             mapping)
        roles = mapping.sheets if mapping is not None else {}
        names = _chosen_sheets(book, spec, path, roles)
        result = (_read_sheets(book, spec, names, community_code, mapping) if len(names) > 1
                  else _read_one(book, spec, names[0], community_code, mapping))
        if len(book.sheet_names) > 1:
            result.sheets = {n: _role(book, spec, n, mapping) if n in names else IGNORE
                             for n in book.sheet_names}
        return result
    finally:
        book.close()


def _chosen_sheets(book: Book, spec: EntitySpec, path: Path, roles: dict[str, str]) -> list[str]:
    """The sheets to read ``spec`` from: those the worker chose for it, and of the others those
    guessed (every sheet of a per-estate roster, else the best one)."""
    open_names = [n for n in book.sheet_names if n not in roles]
    guessed: list[str] = []
    if open_names:
        guessed = _per_estate_sheets(book, spec)
        if not guessed and not any(sheet_role(r)[0] == spec.kind for r in roles.values()):
            guessed = [_pick_sheet(book, spec, path)]
    names = [n for n in book.sheet_names
             if (sheet_role(roles[n])[0] == spec.kind if n in roles else n in guessed)]
    if not names:
        raise SheetNotFoundError(f"“{path.name}”中没有工作表选作{spec.label}，"
                                 "请在预览的“工作表”页为至少一张工作表选择用途。")
    return names


def _forced(mapping: ImportMapping | None, name: str) -> bool:
    """Whether the worker chose "estate = sheet name" for the sheet."""
    return sheet_role(mapping.sheets.get(name, IGNORE))[1] if mapping else False


def _sheet_estate(name: str, spec: EntitySpec, mapping: ImportMapping | None) -> str | None:
    """The estate a sheet's rows belong to by its name: guessed from a name that looks like an
    estate, or the whole name when the worker chose that role for the sheet."""
    guess = estate_of_sheet(name, spec)
    if _forced(mapping, name):
        return guess or squeeze_name(name) or None
    return guess


def _read_one(book: Book, spec: EntitySpec, name: str, community_code: str | None,
              mapping: ImportMapping | None) -> ReadResult:
    return read_grid(book.grid(name), spec, community_code, _sheet_estate(name, spec, mapping),
                     mapping, force_estate=_forced(mapping, name))


def _role(book: Book, spec: EntitySpec, name: str, mapping: ImportMapping | None) -> str:
    """A read sheet's role as the preview shows it: "estate = sheet name" when chosen, or when
    the sheet has no 所属小区 column and its name gives the estate."""
    per_estate = _forced(mapping, name) or (
        estate_of_sheet(name, spec) is not None and _lacks_estate_column(book.grid(name), spec))
    return spec.kind + PER_ESTATE if per_estate else spec.kind


#: Sheet names that name nothing (WPS and Excel defaults).
_GENERIC_SHEET_RE = re.compile(r"^(sheet|工作表|表|页)\s*\d*$", re.I)


def estate_of_sheet(name: str, spec: EntitySpec) -> str | None:
    """The estate a sheet is named after ("幸福小区", "幸福小区楼长名册" → "幸福小区"), or None
    for a sheet named after a register or nothing ("楼长", "Sheet1"). Only registers whose rows
    belong to an estate have one."""
    if not any(f.name == "estate_name" for f in spec.fields):
        return None
    t = squeeze_name(name)
    words = sorted({spec.label, spec.sheet, *SHEET_SYNONYMS.get(spec.kind, ())}, key=len,
                   reverse=True)
    while True:
        before = t
        t = _SHEET_SUFFIX_RE.sub("", t)
        for w in words:
            if w and t.endswith(w) and len(t) > len(w):
                t = t[: -len(w)]
        if t == before:
            break
    if not t or _GENERIC_SHEET_RE.match(t) or t in words:
        return None
    return t


def _fits(grid: Grid, spec: EntitySpec, estate_known: bool) -> bool:
    """Whether a sheet's header has every required column of ``spec`` (所属小区 may be missing
    when the sheet's name gives the estate)."""
    index = _header_index(spec)
    _, header, score = _find_header(grid, index)
    if score == 0:
        return False
    found = {f.name for v in header if (f := _match_header(index, v)) is not None}
    return all(f.name in found or (estate_known and f.name == "estate_name")
               for f in spec.fields if f.required)


def _lacks_estate_column(grid: Grid, spec: EntitySpec) -> bool:
    index = _header_index(spec)
    _, header, _score = _find_header(grid, index)
    return all(getattr(_match_header(index, v), "name", None) != "estate_name" for v in header)


def _per_estate_sheets(book: Book, spec: EntitySpec) -> list[str]:
    """The sheets of a roster kept one per estate: each fits ``spec`` and at least one has no
    所属小区 column, its name giving the estate. [] when the workbook is not kept that way."""
    names = [n for n in book.sheet_names if not INSTRUCTION_SHEET_RE.search(n)]
    fitting = [n for n in names if _fits(book.grid(n), spec, estate_of_sheet(n, spec) is not None)]
    if len(fitting) < 2:
        return []
    if not any(_lacks_estate_column(book.grid(n), spec) for n in fitting):
        return []
    return fitting


def _read_sheets(book: Book, spec: EntitySpec, names: list[str],
                 community_code: str | None, mapping: ImportMapping | None = None) -> ReadResult:
    """One register read from several sheets: rows and problems of all, in sheet order."""
    parts = [_read_one(book, spec, n, community_code, mapping) for n in names]
    out = ReadResult(spec=spec, sheet=parts[0].sheet, header_row=parts[0].header_row)
    for part in parts:
        for name, text in part.columns.items():
            out.columns.setdefault(name, text)
        for text, name in part.headers.items():
            out.headers.setdefault(text, name)
        for name, guesses in part.value_guesses.items():
            out.value_guesses.setdefault(name, {}).update(guesses)
        out.rows.extend(part.rows)
        out.issues.extend(part.issues)
    out.issues.append(CellIssue(
        names[0], 0, "", "",
        f"{spec.label}分在{len(names)}张工作表中（{'、'.join(names)}），已全部读取；"
        "没有“所属小区”列的工作表，按工作表名作为所属小区。", Severity.WARNING))
    return out


def read_workbook(path: Path, specs: Iterable[EntitySpec],
                  community_code: str | None = None,
                  mapping: ImportMapping | None = None) -> WorkbookResult:
    """Read several registers from one workbook, matching sheets to specs by sheet name.

    Sheet names are ``spec.sheet`` or synonyms ("楼栋信息", "物业公司" …); instruction sheets
    ("填写说明") are skipped; a sheet named after no register is matched by its header if that
    is unambiguous, else reported as a warning. A sheet named after an estate ("幸福小区") holds
    that estate's rows of the register its header fits; several such sheets are all read. A
    CSV file holds one register: the spec whose header fits best. Registers without a sheet are
    simply absent from ``results``.
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
        out.results[spec.kind] = read_grid(grid, spec, community_code, mapping=mapping)
        return out
    book = open_book(path)
    try:
        sheets = _assign_sheets(book, specs, out, mapping or ImportMapping())
        by_kind = {s.kind: s for s in specs}
        roles = {n: _role(book, by_kind[k], n, mapping) for k, names in sheets.items()
                 for n in names}
        out.sheets = {n: roles.get(n, IGNORE) for n in book.sheet_names}
        if not sheets:
            known = "、".join(s.sheet or s.label for s in specs)
            raise SheetNotFoundError(f"“{path.name}”中没有可导入的工作表；工作表名称应为：{known}。")
        for spec in specs:
            names = sheets.get(spec.kind)
            if not names:
                continue
            out.results[spec.kind] = (
                _read_sheets(book, spec, names, community_code, mapping) if len(names) > 1 else
                _read_one(book, spec, names[0], community_code, mapping))
        return out
    finally:
        book.close()


def _assign_sheets(book: Book, specs: list[EntitySpec], out: WorkbookResult,
                   chosen: ImportMapping) -> dict[str, list[str]]:
    """Register kind → its sheets, in workbook order; sheets left out are reported in ``out``.
    A role the worker chose for a sheet (``chosen.sheets``) wins over the guess."""
    by_spec = {s.kind: s for s in specs}
    assigned: dict[str, list[str]] = {}
    unmatched: list[str] = []
    for name in book.sheet_names:
        role = chosen.sheets.get(name)
        if role is not None:
            if role != IGNORE:
                assigned.setdefault(sheet_role(role)[0], []).append(name)
            continue
        if INSTRUCTION_SHEET_RE.search(name):
            continue
        scored = [(sheet_match_score(name, s), s) for s in specs]
        scored = [x for x in scored if x[0][0] >= 0]
        if not scored:
            unmatched.append(name)
            continue
        (score, _len), spec = max(scored, key=lambda x: x[0])
        if score < 2 and _named_after_an_estate(book.grid(name), name, spec, specs):
            unmatched.append(name)  # "幸福小区" holding a lead roster is not the 小区 register
            continue
        if spec.kind in assigned:
            # A second "楼栋" sheet: importing both would double-count; say so instead.
            first = assigned[spec.kind][0]
            out.issues.append(CellIssue(
                name, 0, "", "", f"工作表“{name}”与“{first}”是同一种登记表，"
                f"只导入“{first}”，本表已忽略；如需导入请合并到一张表。", Severity.WARNING))
        else:
            assigned[spec.kind] = [name]
    for name in unmatched:
        grid = book.grid(name)
        estate_sheets = [s for s in specs if estate_of_sheet(name, s) is not None
                         and _fits(grid, s, True) and _lacks_estate_column(grid, s)]
        found: EntitySpec | None = (
            max(estate_sheets, key=lambda s: _find_header(grid, _header_index(s))[2])
            if estate_sheets else None)
        if found is None:
            rest = [s for s in specs if s.kind not in assigned]
            found = _best_spec_by_header(lambda g=grid: g, rest, minimum=2, complete=True)
        if found is not None:
            assigned.setdefault(found.kind, []).append(name)
        elif _has_content(grid):
            out.issues.append(CellIssue(name, 0, "", "",
                                        f"无法识别工作表“{name}”是哪一种登记表，已忽略。",
                                        Severity.WARNING))
    return {k: v for k, v in assigned.items() if k in by_spec}


def _named_after_an_estate(grid: Grid, name: str, named: EntitySpec,
                           specs: list[EntitySpec]) -> bool:
    """A sheet whose name only ends like a register's ("幸福小区" ends with 小区) but whose header
    is another register's, kept for that estate."""
    if _fits(grid, named, False):
        return False
    return any(s is not named and estate_of_sheet(name, s) is not None and _fits(grid, s, True)
               for s in specs)


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


