"""One problem of an import, placed by sheet, row and column (shared by the register import and
its 社区 sheet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class _Placed(Protocol):
    @property
    def sheet(self) -> str: ...
    @property
    def row(self) -> int: ...
    @property
    def column(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def severity(self) -> object: ...


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

    @classmethod
    def of(cls, issue: _Placed) -> Problem:
        """The reader's cell issue (``storage.tabular.CellIssue``) as an import problem."""
        return cls(issue.sheet, issue.row, issue.column, issue.message, str(issue.severity))
