"""What reading a register file yields: typed rows and every cell-level problem, each with
its place in the file (sheet, Excel row, column header) and a Chinese reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...domain.fields import EntitySpec
from ...domain.validation import Severity


@dataclass(frozen=True, slots=True)
class CellIssue:
    """One problem of one cell (or of a row when ``field`` is empty)."""

    sheet: str
    row: int
    #: The header text as it appears in the file, else the column letter, else "".
    column: str
    #: ``FieldSpec.name`` of the column; "" for problems of a whole row or column.
    field: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """"工作表“楼栋” 第5行 “户数”列" (CSV files are named as files, not sheets)."""
        where = (f"文件“{self.sheet}”" if self.sheet.lower().endswith((".csv", ".txt"))
                 else f"工作表“{self.sheet}”")
        if self.row:
            where += f" 第{self.row}行"
        if self.column:
            where += f" “{self.column}”列"
        return where

    def __str__(self) -> str:
        tag = "" if self.is_error else "（提示）"
        return f"{self.location()}：{tag}{self.message}"


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One data row (blank rows and 合计/落款 footers are not rows).

    ``values`` has a key for every recognised column of the file, and only those, so an update
    from a file lacking a column leaves that field alone. A blank cell, and a cell that could not
    be read (reported in ``ReadResult.issues``), is None. Text is trimmed; identifier columns
    (楼栋号, 代码) have full-width letters and digits folded; phones are normalised.
    """

    sheet: str
    row: int
    values: dict[str, Any]


def _report(issues: list[CellIssue], nrows: int, what: str) -> str:
    errors = [i for i in issues if i.is_error]
    warnings = [i for i in issues if not i.is_error]
    if not issues:
        return f"{what}：共{nrows}行，没有发现问题。"
    head = f"{what}：共{nrows}行，发现{len(errors)}个错误、{len(warnings)}个提示。"
    if errors:
        head += "请改正错误后重新导入（有错误时不会导入任何数据）。"
    lines = [head]
    lines += [f"  {i}" for i in errors]
    lines += [f"  {i}" for i in warnings]
    return "\n".join(lines)


@dataclass
class ReadResult:
    """Rows and problems of one register read from one sheet (or CSV file)."""

    spec: EntitySpec
    sheet: str
    #: Excel row number of the header row.
    header_row: int = 0
    #: ``FieldSpec.name`` → header text as in the file, for the columns that were recognised.
    columns: dict[str, str] = field(default_factory=dict)
    rows: list[ParsedRow] = field(default_factory=list)
    issues: list[CellIssue] = field(default_factory=list)
    #: every header of the file, as written → the field it is read as ("" when ignored)
    headers: dict[str, str] = field(default_factory=dict)
    #: choice field → cell text that is not exactly a choice → the choice it is read as
    #: (its code), or None when it could not be told (the worker is asked)
    value_guesses: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: sheet → its role (:func:`~wuye_desktop.domain.import_mapping.sheet_role`) for a workbook
    #: of several sheets; {} for a CSV file or a workbook of one sheet
    sheets: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no issue is an error (warnings do not block an import)."""
        return not any(i.is_error for i in self.issues)

    @property
    def errors(self) -> list[CellIssue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[CellIssue]:
        return [i for i in self.issues if not i.is_error]

    def report(self) -> str:
        """Chinese report listing every problem, errors first, one line each."""
        return _report(self.issues, len(self.rows), f"{self.spec.label}（{self.sheet}）")


@dataclass
class WorkbookResult:
    """Registers read from one workbook, keyed by ``EntitySpec.kind`` in the order given."""

    results: dict[str, ReadResult] = field(default_factory=dict)
    #: Problems of the workbook as a whole (e.g. an unrecognised sheet, as a warning).
    issues: list[CellIssue] = field(default_factory=list)
    #: every sheet of the workbook → the register kind it was read as ("" when left out)
    sheets: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results.values()) and not any(
            i.is_error for i in self.issues)

    @property
    def all_issues(self) -> list[CellIssue]:
        out = list(self.issues)
        for r in self.results.values():
            out += r.issues
        return out

    def report(self) -> str:
        """Chinese report of every register read, then workbook-level notes."""
        parts = [r.report() for r in self.results.values()]
        if self.issues:
            parts.append("工作簿：\n" + "\n".join(f"  {i}" for i in self.issues))
        return "\n".join(parts)


# --- header matching ---------------------------------------------------------------------------
