"""Exceptions of the tabular layer. Every message is Chinese and tells the worker what to do.

A :class:`TabularError` means the *file* cannot be used at all (wrong format, corrupt, no header,
a required column missing). Problems with individual cells never raise; they become
:class:`~wuye_desktop.storage.tabular.reader.CellIssue` entries so that every problem of a file
can be reported at once.
"""

from __future__ import annotations

from ...domain.errors import UserError


class TabularError(UserError):
    """The file as a whole cannot be read or written; ``str(err)`` is a Chinese message."""


class UnsupportedFormatError(TabularError):
    """Extension is neither .xlsx/.xlsm nor .csv/.txt (e.g. an old .xls or a .docx)."""


class CorruptFileError(TabularError):
    """The file is empty, truncated, not really a workbook, or cannot be decoded."""


class HeaderError(TabularError):
    """No header row could be found, or a required column is missing."""


class SheetNotFoundError(TabularError):
    """The requested worksheet does not exist in the workbook."""


class FileAccessError(TabularError):
    """The file does not exist or is locked (typically still open in Excel)."""
