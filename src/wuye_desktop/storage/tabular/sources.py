"""Raw grids from files: each sheet of a workbook, or the single grid of a .csv, as rows of values.

Nothing here knows about registers; it only opens files defensively and hands back cell values as
openpyxl (.xlsx), python-calamine (.xls, .et, .ods; see ``legacy``) or the csv module produce
them, with Excel's 1-based row numbers. Any failure to open
or parse becomes a :class:`TabularError` with a Chinese message, never a traceback.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from .errors import CorruptFileError, FileAccessError, UnsupportedFormatError

XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: Read through python-calamine, or as HTML when that is what the file really is.
LEGACY_SUFFIXES = (".xls", ".et", ".ods", ".ett", ".xlt")
WORKBOOK_SUFFIXES = XLSX_SUFFIXES + LEGACY_SUFFIXES
CSV_SUFFIXES = (".csv", ".txt")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FormulaWithoutValue:
    """Stands in for a formula cell whose file holds no computed value (we never evaluate)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<formula without cached value>"


FORMULA_WITHOUT_VALUE = FormulaWithoutValue()


def get_column_letter(index: int) -> str:
    """Excel's column name of a 1-based index (1 → A, 27 → AA), as openpyxl's function of the
    same name; here so that reading a register's messages needs no openpyxl import."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Grid:
    """One sheet: ``rows()`` yields ``(row_number, values)`` with Excel's 1-based numbering."""

    name: str
    is_csv: bool
    _rows: Any = field(repr=False)

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        yield from self._rows()


def check_path(path: Path) -> str:
    """The kind of file ("book" or "csv") or a clean error for missing/unsupported/empty files."""
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        raise UnsupportedFormatError(
            f"不支持的文件类型“{suffix or '无扩展名'}”（{path.name}）：请使用 Excel 或 WPS 表格"
            "（.xlsx、.xls、.et）、OpenDocument 表格（.ods）或 CSV 文件（.csv）。")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FileAccessError(f"找不到文件“{path}”。") from None
    except OSError as e:
        raise FileAccessError(f"无法读取文件“{path}”：{e.strerror or e}。") from None
    if path.is_dir():
        raise FileAccessError(f"“{path}”是文件夹，不是文件。")
    if size == 0:
        raise CorruptFileError(f"文件“{path.name}”是空的（0字节），没有可导入的内容。")
    return "book" if suffix in WORKBOOK_SUFFIXES else "csv"


def read_file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise FileAccessError(f"无法打开“{path.name}”：文件可能正在Excel中打开，请先关闭后重试。") \
            from None
    except OSError as e:
        raise FileAccessError(f"无法读取文件“{path.name}”：{e.strerror or e}。") from None


# --- CSV ---------------------------------------------------------------------------------------

def decode_text_bytes(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GB18030.

    GB18030 is a superset of GBK and GB2312, which is what Chinese Excel writes for "CSV" (and
    what web systems use for the HTML tables they save as "xls"). Strict UTF-8 decoding of GBK
    text practically always fails, so the order is safe.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise CorruptFileError(f"无法识别“{name}”的文字编码：请在Excel中另存为 .xlsx 或"
                               "“CSV UTF-8”后再导入。") from None


def _sniff_delimiter(text: str) -> str:
    head = text[:20000].splitlines()[:10]
    counts = {d: sum(line.count(d) for line in head) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_csv(path: Path) -> Grid:
    data = read_file_bytes(path)
    if data[:4] == b"PK\x03\x04" or data.startswith(_OLE_MAGIC):
        raise CorruptFileError(f"“{path.name}”看起来是Excel工作簿而不是CSV文本，"
                               "请把扩展名改为 .xlsx 或在Excel中另存为 CSV。")
    text = decode_text_bytes(data, path.name)
    if not text.strip(" \t\r\n,;\ufeff"):
        raise CorruptFileError(f"文件“{path.name}”是空的，没有可导入的内容。")
    delimiter = _sniff_delimiter(text)
    if "\x00" in text:
        raise CorruptFileError(f"“{path.name}”不是文本格式的CSV文件（含有二进制内容）。")

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for n, rec in enumerate(reader, start=1):
                yield n, tuple(rec)
        except csv.Error as e:
            raise CorruptFileError(f"CSV文件“{path.name}”格式有误（第{reader.line_num}行）："
                                   f"{e}。") from None

    return Grid(name=path.name, is_csv=True, _rows=rows)


# --- XLSX --------------------------------------------------------------------------------------

_FORMULA_TAG_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_VALUE_RE = re.compile(rb"<(?:\w+:)?v>[^<]+</|<(?:\w+:)?is>")
_REF_RE = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')


def _formula_cells_without_value(xml: bytes) -> set[tuple[int, int]]:
    """(row, column) of cells holding a formula but no cached value.

    openpyxl with ``data_only=True`` returns None for those, indistinguishable from a blank cell,
    so we look at the sheet XML ourselves (only when it contains any formula at all).
    """
    from openpyxl.utils import column_index_from_string

    if not _FORMULA_TAG_RE.search(xml):
        return set()
    out: set[tuple[int, int]] = set()
    for m in _CELL_RE.finditer(xml):
        body = m.group(2)
        if not body or not _FORMULA_TAG_RE.search(body) or _VALUE_RE.search(body):
            continue
        ref = _REF_RE.search(m.group(1))
        if ref:
            out.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode())))
    return out


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def _vertical_merges(xml: bytes) -> list[tuple[int, int, int]]:
    """(top row, bottom row, first column) of merged ranges spanning several rows.

    Registers often merge 所属小区 over all the buildings of an estate; Excel stores the value
    only in the top cell, so the rows below would otherwise look as if the estate were missing.
    Only the first column of a range is filled down: a note merged across columns must not leak
    into its neighbours.
    """
    from openpyxl.utils import column_index_from_string

    out = []
    for m in _MERGE_RE.finditer(xml):
        top, bottom = int(m.group(2)), int(m.group(4))
        if bottom > top:
            out.append((top, bottom, column_index_from_string(m.group(1).decode())))
    return out


def _fill_down(values: tuple[Any, ...], fills: list[tuple[int, int]],
               remembered: dict[tuple[int, int], Any]) -> tuple[Any, ...]:
    width = max(len(values), max(c for c, _ in fills))
    out = list(values) + [None] * (width - len(values))
    for col, top in fills:
        if out[col - 1] is None:
            out[col - 1] = remembered.get((top, col))
    return tuple(out)


_ERROR_CELL_RE = re.compile(rb'<(?:\w+:)?c\b[^>]*\bt="e"')


def _as_openpyxl(v: Any) -> Any:
    """A value as python-calamine gives it, in the type openpyxl gives for the same cell: blank
    is None, not ""; a whole number an int (Excel writes 3 as "3", which openpyxl reads as an
    int; calamine reads every number as a float); a date cell a datetime."""
    if v == "":
        return None
    if type(v) is float and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if type(v) is date:
        return datetime(v.year, v.month, v.day)
    return v


class XlsxBook:
    """An .xlsx opened read-only with cached values (``data_only=True``); formulas never run."""

    def __init__(self, path: Path) -> None:
        import openpyxl

        self.path = path
        with path.open("rb") as fh:
            magic = fh.read(8)
        if magic.startswith(_OLE_MAGIC):
            raise CorruptFileError(
                f"“{path.name}”不是 .xlsx 格式：可能是改了扩展名的旧版 .xls，或设置了打开密码。"
                "请在Excel中取消密码并“另存为”.xlsx 后再导入。")
        if not magic.startswith(b"PK"):
            raise CorruptFileError(f"“{path.name}”不是有效的Excel工作簿（.xlsx），"
                                   "文件可能已损坏或其实是其他格式。")
        try:
            # A file object, not the path: openpyxl refuses a real .xlsx named ".xls" by suffix.
            self._fh = path.open("rb")
        except PermissionError:
            raise FileAccessError(f"无法打开“{path.name}”：文件可能正在Excel中打开，"
                                  "请先关闭后重试。") from None
        self._calamine: Any = None  # opened on the first sheet read through it
        try:
            self.wb = openpyxl.load_workbook(self._fh, read_only=True, data_only=True)
        except Exception:  # zipfile/zlib/XML errors of a truncated or damaged file
            self._fh.close()
            raise CorruptFileError(f"“{path.name}”已损坏或不完整，无法作为Excel工作簿打开。"
                                   "请在Excel中打开确认后重新保存，或重新下载/复制该文件。") \
                from None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def grid(self, name: str) -> Grid:
        ws = self.wb[name]
        try:
            xml = self.wb._archive.read(ws._worksheet_path)
            missing = _formula_cells_without_value(xml)
            merges = _vertical_merges(xml)
        except Exception:  # private API changed or sheet part unreadable: rows() will tell
            xml, missing, merges = b"", set(), []
        pending: dict[int, set[int]] = {}
        for r, c in missing:
            pending.setdefault(r, set()).add(c)
        # Row → columns whose value comes from the top cell of a vertically merged range.
        fills: dict[int, list[tuple[int, int]]] = {}
        starts: dict[int, list[int]] = {}
        for top, bottom, col in merges:
            starts.setdefault(top, []).append(col)
            for r in range(top + 1, bottom + 1):
                fills.setdefault(r, []).append((col, top))
        path = self.path
        fast = self._calamine_rows(name, xml, merges) if not missing else None
        if fast is not None:
            return Grid(name=name, is_csv=False, _rows=lambda: iter(fast))

        def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
            remembered: dict[tuple[int, int], Any] = {}
            # The <dimension> element of files from other tools is often wrong ("A1");
            # resetting makes openpyxl read every row and column actually present.
            try:
                ws.reset_dimensions()
                for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
                    cols = pending.get(n)
                    if cols:
                        width = max(len(values), max(cols))
                        padded = (*values, *(None,) * (width - len(values)))
                        values = tuple(FORMULA_WITHOUT_VALUE if c in cols else v
                                       for c, v in enumerate(padded, start=1))
                    for c in starts.get(n, ()):
                        remembered[(n, c)] = values[c - 1] if c <= len(values) else None
                    if n in fills:
                        values = _fill_down(values, fills[n], remembered)
                    yield n, values
            except GeneratorExit:
                raise
            except Exception:
                raise CorruptFileError(f"“{path.name}”的工作表“{name}”已损坏，无法读取。"
                                       "请在Excel中打开确认后重新保存。") from None

        return Grid(name=name, is_csv=False, _rows=rows)

    def _calamine_rows(self, name: str, xml: bytes, merges: list[tuple[int, int, int]]
                       ) -> list[tuple[int, tuple[Any, ...]]] | None:
        """The sheet's rows as openpyxl gives them, parsed by python-calamine (10k rows: 0.14 s,
        where openpyxl's read-only parse takes 1.4 s; `benchmarks/README.md`). None when the sheet has
        what calamine reads differently (formulas: no cached value tells from blank; error cells:
        read as blank) or calamine cannot read it: then openpyxl reads it, as before."""
        if not xml or _FORMULA_TAG_RE.search(xml) or _ERROR_CELL_RE.search(xml):
            return None
        from .legacy import fill_merged_down

        try:
            from python_calamine import CalamineWorkbook

            if self._calamine is None:
                with self.path.open("rb") as fh:
                    self._calamine = CalamineWorkbook.from_filelike(fh)
            sheet = self._calamine.get_sheet_by_name(name)
            first_row, first_col = sheet.start or (0, 0)
            data = sheet.to_python(skip_empty_area=True)
        except Exception:  # anything calamine refuses, openpyxl reads (or reports)
            return None
        lead = (None,) * first_col
        rows = [(first_row + i + 1, (*lead, *map(_as_openpyxl, values)))
                for i, values in enumerate(data)]
        return list(fill_merged_down(rows, merges))

    def close(self) -> None:
        # Closing a half-read archive must not mask the result or the real error.
        with contextlib.suppress(Exception):
            self.wb.close()
        with contextlib.suppress(Exception):
            self._fh.close()
        if self._calamine is not None:
            with contextlib.suppress(Exception):
                self._calamine.close()


class Book(Protocol):
    """A workbook of any format: its sheet names and each sheet as a :class:`Grid`."""

    @property
    def sheet_names(self) -> list[str]: ...

    def grid(self, name: str) -> Grid: ...

    def close(self) -> None: ...


def open_book(path: Path) -> Book:
    """The workbook at ``path``, read by what its first bytes say it is, not by its suffix.

    Web systems save HTML tables as ".xls"; people rename .xls files to .xlsx; WPS's .et is the
    .xls format. A real .xlsx goes through openpyxl (which lets us see formulas without a
    stored value); everything else through ``legacy``.
    """
    from . import legacy

    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except PermissionError:
        raise FileAccessError(f"无法打开“{path.name}”：文件可能正在Excel或WPS中打开，"
                              "请先关闭后重试。") from None
    except OSError as e:
        raise FileAccessError(f"无法读取文件“{path.name}”：{e.strerror or e}。") from None
    if legacy.looks_like_html(head):
        return legacy.HtmlBook(path)
    if head.startswith(_OLE_MAGIC):
        if path.suffix.lower() in XLSX_SUFFIXES:
            # An OLE file named .xlsx: a renamed .xls, or an .xlsx with an opening password
            # (Office then wraps it in OLE). calamine reads the first; the second is refused.
            try:
                return legacy.CalamineBook(path, "Excel")
            except CorruptFileError:
                raise CorruptFileError(
                    f"“{path.name}”不是 .xlsx 格式：可能设置了打开密码，或是改了扩展名的"
                    "旧版 .xls。请在Excel中取消密码并“另存为”.xlsx 后再导入。") from None
        return legacy.CalamineBook(path, "Excel/WPS")
    if head.startswith(b"PK") and b"mimetypeapplication/vnd.oasis.opendocument" in head:
        return legacy.CalamineBook(path, "OpenDocument 表格（.ods）")
    if path.suffix.lower() in LEGACY_SUFFIXES and not head.startswith(b"PK"):
        raise CorruptFileError(f"“{path.name}”已损坏或不是有效的表格文件，无法读取。"
                               "请在Excel或WPS中打开确认后“另存为”.xlsx 再导入。")
    return XlsxBook(path)


def first_sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    """The rows of a CSV file, or of an .xlsx's first worksheet, as plain values in order.

    For callers with their own simple layout (the county's company registry and community
    sheet): the same defensive opening as the register reader, every failure a
    :class:`TabularError` in Chinese. A formula without a stored value reads as None.
    """
    kind = check_path(path)
    if kind == "csv":
        grid = open_csv(path)
        return [values for _n, values in grid.rows()]
    book = open_book(path)
    try:
        grid = book.grid(book.sheet_names[0])
        return [tuple(None if v is FORMULA_WITHOUT_VALUE else v for v in values)
                for _n, values in grid.rows()]
    finally:
        book.close()
