"""Qt-free, database-free tabular layer: registers in .xlsx/.csv ↔ typed, validated rows.

``read_register`` / ``read_workbook`` turn a worker's Excel or CSV file into typed rows plus a
complete list of Chinese cell-level problems; ``write_registers`` / ``write_template`` produce
workbooks that re-import unchanged. Storage decides what to do with the rows (all or nothing).

The writer (openpyxl) is imported when a workbook is written, not with this package: every
service imports the package, and the app's cold start should not pay for Excel.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    CorruptFileError,
    FileAccessError,
    HeaderError,
    SheetNotFoundError,
    TabularError,
    UnsupportedFormatError,
)
from .reader import CellIssue, ParsedRow, ReadResult, WorkbookResult
from .workbook import read_register, read_workbook

if TYPE_CHECKING:
    from ...domain.fields import EntitySpec


def write_registers(path: Path, sheets: list[tuple[EntitySpec, list[dict[str, Any]]]]) -> None:
    """See :func:`.writer.write_registers` (imported on the first call)."""
    from .writer import write_registers as write

    write(path, sheets)


def write_template(path: Path, specs: Iterable[EntitySpec]) -> None:
    """See :func:`.writer.write_template` (imported on the first call)."""
    from .writer import write_template as write

    write(path, specs)


__all__ = [
    "CellIssue",
    "CorruptFileError",
    "FileAccessError",
    "HeaderError",
    "ParsedRow",
    "ReadResult",
    "SheetNotFoundError",
    "TabularError",
    "UnsupportedFormatError",
    "WorkbookResult",
    "read_register",
    "read_workbook",
    "write_registers",
    "write_template",
]
