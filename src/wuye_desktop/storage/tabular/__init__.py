"""Qt-free, database-free tabular layer: registers in .xlsx/.csv ↔ typed, validated rows.

``read_register`` / ``read_workbook`` turn a worker's Excel or CSV file into typed rows plus a
complete list of Chinese cell-level problems; ``write_registers`` / ``write_template`` produce
workbooks that re-import unchanged. Storage decides what to do with the rows (all or nothing).
"""

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
from .writer import write_registers, write_template

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
