"""Excel/CSV import and export of the registers: all or nothing.

A file is read and typed completely first (tabular layer); only if every row is valid is it
written, in one transaction, upserting by natural key so re-importing a file updates instead of
duplicating. Any problem — in a cell or against the database (unknown estate, duplicate
building) — rolls everything back and is reported with sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.fields import IMPORT_ORDER, SPECS
from ..storage.tabular import read_register, read_workbook, write_registers, write_template
from ..storage.tabular.errors import TabularError
from .backup import BackupService
from .registers import RegisterService, Resolver


class Cancelled(Exception):
    """The user cancelled a long import; nothing was written."""


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str
    severity: str = "error"

    def text(self) -> str:
        where = f"工作表“{self.sheet}” 第{self.row}行" if self.row else f"工作表“{self.sheet}”"
        col = f" “{self.column}”列" if self.column else ""
        tag = "" if self.severity == "error" else "（提示）"
        return f"{where}{col}：{tag}{self.message}"


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    path: Path
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    fatal: str = ""  # the whole file could not be read

    @property
    def ok(self) -> bool:
        return not self.fatal and not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def text(self) -> str:
        if self.fatal:
            return f"未导入任何数据：{self.fatal}"
        if not self.ok:
            lines = [f"文件“{self.path.name}”中有{len(self.errors)}处错误，为保证数据完整，"
                     "本次没有导入任何数据。请改正以下问题后重新导入："]
            lines += [f"  {i}. {p.text()}" for i, p in enumerate(self.problems, 1)]
            return "\n".join(lines)
        parts = [f"{SPECS[k].label}新增{self.created.get(k, 0)}条、更新{self.updated.get(k, 0)}条"
                 + (f"、{self.unchanged[k]}条没有变化" if self.unchanged.get(k) else "")
                 for k in IMPORT_ORDER if k in self.created]
        lines = [f"导入成功：{'；'.join(parts)}。"]
        lines += [f"  提示：{p.text()}" for p in self.problems]
        return "\n".join(lines)


class _Rollback(Exception):
    pass


def _label(kind: str, field_name: str) -> str:
    if not field_name:
        return ""
    try:
        return SPECS[kind].field(field_name).label
    except KeyError:
        return field_name


class TransferService:
    """Import and export of registers from and to .xlsx/.csv files."""

    def __init__(self, registers: RegisterService) -> None:
        self.registers = registers

    def import_file(self, kind: str, path: Path,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> ImportReport:
        """Import one register (``kind``) or, with kind "all", every register sheet of a workbook."""
        report = ImportReport(Path(path))
        code = self.registers.community_code()
        try:
            if kind == "all":
                book = read_workbook(Path(path), [SPECS[k] for k in IMPORT_ORDER], code)
                batches = [(k, book.results[k]) for k in IMPORT_ORDER if k in book.results]
                for iss in book.issues:
                    report.problems.append(Problem(iss.sheet, iss.row, iss.column, iss.message,
                                                   str(iss.severity)))
                if not batches:
                    report.fatal = "工作簿中没有找到任何台账工作表（小区、楼栋、楼长、物业企业、业委会）。"
                    return report
            else:
                batches = [(kind, read_register(Path(path), SPECS[kind], code))]
        except TabularError as exc:
            report.fatal = str(exc)
            return report
        for _kind, res in batches:
            for iss in res.issues:
                report.problems.append(Problem(iss.sheet, iss.row, iss.column, iss.message,
                                               str(iss.severity)))
        if not report.ok:
            return report
        total = sum(len(r.rows) for _, r in batches)
        done = 0

        def tick(_i: int) -> None:
            nonlocal done
            done += 1
            if cancelled and done % 200 == 0 and cancelled():
                raise Cancelled
            if progress and (done % 200 == 0 or done == total):
                progress(done, total)

        BackupService(self.registers.db).before_import()  # a way back from a wrong file
        try:
            with self.registers.db.unit_of_work() as s:
                res_cache = Resolver(s)
                for k, res in batches:
                    rows: list[tuple[str, int, dict[str, Any]]] = [
                        (r.sheet, r.row, r.values) for r in res.rows]
                    c, u, problems = self.registers.bulk_upsert(k, rows, s, res_cache, tick)
                    report.created[k], report.updated[k] = c, u
                    report.unchanged[k] = len(rows) - c - u
                    report.problems += [Problem(sh, rn, _label(k, iss.field), iss.message)
                                        for sh, rn, iss in problems]
                    s.flush()
                if not report.ok:
                    raise _Rollback
        except _Rollback:
            report.created.clear()
            report.updated.clear()
            report.unchanged.clear()
        return report

    def export(self, kind: str, path: Path) -> int:
        """Write one register (or "all") to .xlsx; returns the number of rows written."""
        kinds = IMPORT_ORDER if kind == "all" else (kind,)
        sheets = [(SPECS[k], self.registers.rows(k)) for k in kinds]
        write_registers(Path(path), sheets)
        return sum(len(rows) for _, rows in sheets)

    def template(self, path: Path) -> None:
        write_template(Path(path), [SPECS[k] for k in IMPORT_ORDER])
