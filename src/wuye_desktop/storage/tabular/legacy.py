"""Workbooks that are not .xlsx: legacy .xls and WPS .et, OpenDocument .ods, and "xls" that are
really HTML tables (what many web systems export under an .xls name).

The binary formats are read by python-calamine (Rust's calamine: fast, no formulas evaluated,
cached values only); the HTML tables by the standard library's HTML parser. Each hands back the
same :class:`~.sources.Grid` as the .xlsx reader, with Excel's 1-based row numbers and the top
value of a vertically merged range filled down its first column, so everything after this layer
cannot tell the formats apart.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import CorruptFileError, FileAccessError
from .sources import Grid, decode_text_bytes, read_file_bytes


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page (web systems save their tables as "xls")."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 HTML: decode a little and look
        with contextlib.suppress(UnicodeDecodeError):
            text = head.decode("utf-16").lstrip(" \t\r\n\ufeff").lower().encode()
    return text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head"))


class CalamineBook:
    """An .xls / .et / .ods workbook read through python-calamine."""

    def __init__(self, path: Path, what: str) -> None:
        from python_calamine import CalamineWorkbook

        self.path = path
        try:
            # From the open file, not the path: calamine picks the format by the suffix, and
            # a renamed file must be read by what it is.
            with path.open("rb") as fh:
                self.wb = CalamineWorkbook.from_filelike(fh)
        except PermissionError:
            raise FileAccessError(f"无法打开“{path.name}”：文件可能正在Excel或WPS中打开，"
                                  "请先关闭后重试。") from None
        except Exception as e:  # calamine's own errors: encrypted, damaged, not a workbook
            if "password" in str(e).lower() or "encrypt" in str(e).lower():
                raise CorruptFileError(
                    f"“{path.name}”设置了打开密码，无法读取。请在Excel或WPS中取消密码后"
                    "重新保存，再导入。") from None
            raise CorruptFileError(
                f"“{path.name}”已损坏或不是有效的{what}文件，无法读取。请在Excel或WPS中打开"
                "确认后重新保存，或另存为 .xlsx 后再导入。") from None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.wb.sheet_names)

    def grid(self, name: str) -> Grid:
        path = self.path
        try:
            sheet = self.wb.get_sheet_by_name(name)
            merges = [(top + 1, bottom + 1, left + 1)
                      for (top, left), (bottom, _right) in (sheet.merged_cell_ranges or ())
                      if bottom > top]
            first_row, first_col = sheet.start or (0, 0)
            data = sheet.to_python(skip_empty_area=True)
        except Exception:
            raise CorruptFileError(f"“{path.name}”的工作表“{name}”已损坏，无法读取。"
                                   "请在Excel或WPS中打开确认后重新保存。") from None
        lead = (None,) * first_col
        grid_rows = [(first_row + i + 1, (*lead, *(None if v == "" else v for v in values)))
                     for i, values in enumerate(data)]
        return Grid(name=name, is_csv=False, _rows=lambda: fill_merged_down(grid_rows, merges))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.wb.close()


def fill_merged_down(rows: list[tuple[int, tuple[Any, ...]]],
                     merges: list[tuple[int, int, int]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Rows with the top value of each vertical merge (top, bottom, column) copied below it.

    Registers merge 所属小区 over all the buildings of an estate; the file keeps the value only
    in the top cell. Only the first column of a range is filled: a note merged across columns
    must not leak into its neighbours.
    """
    below: dict[int, list[tuple[int, int]]] = {}
    for top, bottom, col in merges:
        for r in range(top + 1, bottom + 1):
            below.setdefault(r, []).append((col, top))
    tops: dict[int, tuple[Any, ...]] = {}
    wanted = {top for top, _b, _c in merges}
    for n, values in rows:
        if n in wanted:
            tops[n] = values
        fills = below.get(n)
        if fills:
            width = max(len(values), max(c for c, _ in fills))
            out = list(values) + [None] * (width - len(values))
            for col, top in fills:
                if out[col - 1] is None:
                    src = tops.get(top, ())
                    out[col - 1] = src[col - 1] if col <= len(src) else None
            values = tuple(out)
        yield n, values


class _TableParser(HTMLParser):
    """Every ``<table>`` as a list of rows of cell texts, with rowspan/colspan laid out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str | None]]] = []
        self._rows: list[list[str | None]] | None = None
        self._row: list[str | None] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        # (row index, column) → text still owed to rows below by a rowspan
        self._pending: dict[tuple[int, int], str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and self._rows is None:
            self._rows, self._pending = [], {}
        elif tag == "tr" and self._rows is not None:
            self._close_row()
            self._row = []
        elif tag in ("td", "th") and self._rows is not None:
            if self._row is None:
                self._row = []
            self._close_cell()
            a = dict(attrs)
            self._span = (_span(a.get("rowspan")), _span(a.get("colspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table" and self._rows is not None:
            self._close_row()
            self.tables.append(self._rows)
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _skip_pending(self) -> None:
        assert self._row is not None and self._rows is not None
        r = len(self._rows)
        while (r, len(self._row)) in self._pending:
            self._row.append(self._pending.pop((r, len(self._row))))

    def _close_cell(self) -> None:
        if self._cell is None or self._row is None or self._rows is None:
            return
        text = " ".join("".join(self._cell).replace("\xa0", " ").split()) or None
        self._cell = None
        rows, cols = self._span
        self._skip_pending()
        r, c = len(self._rows), len(self._row)
        for j in range(cols):
            # Like a merged range in Excel: the value sits in the first cell only; the vertical
            # fill-down of the first column happens below, as for the other formats.
            self._row.append(text if j == 0 else None)
            for i in range(1, rows):
                self._pending[(r + i, c + j)] = text if j == 0 else None
        self._skip_pending()

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None and self._rows is not None:
            self._skip_pending()
            self._rows.append(self._row)
        self._row = None


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 1000))
    except ValueError:
        return 1


class HtmlBook:
    """An HTML file holding tables (often saved as .xls): one sheet per table."""

    def __init__(self, path: Path) -> None:
        self.path = path
        text = decode_text_bytes(read_file_bytes(path), path.name)
        parser = _TableParser()
        try:
            parser.feed(text)
            parser.close()
        except Exception:
            raise CorruptFileError(f"“{path.name}”是网页格式的表格，但内容无法解析。"
                                   "请在Excel或WPS中打开后“另存为”.xlsx 再导入。") from None
        self.tables = [t for t in parser.tables if any(any(c for c in row) for row in t)]
        if not self.tables:
            raise CorruptFileError(f"“{path.name}”是网页格式，但其中没有表格，没有可导入的内容。")
        stem = path.stem
        self._names = [stem] if len(self.tables) == 1 else \
            [f"{stem}（表{i}）" for i in range(1, len(self.tables) + 1)]

    @property
    def sheet_names(self) -> list[str]:
        return list(self._names)

    def grid(self, name: str) -> Grid:
        table = self.tables[self._names.index(name)]
        rows = [(n, tuple(row)) for n, row in enumerate(table, start=1)]
        return Grid(name=name, is_csv=False, _rows=lambda: iter(rows))

    def close(self) -> None:
        """Nothing stays open: the file was read whole."""
