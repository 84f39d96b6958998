""".xlsx sheets without formulas or error cells are parsed by python-calamine (for speed on big
registers, issue 17 item 4); the rows must be exactly what the openpyxl path gives for the same
file: types (whole numbers as int, dates as datetime, blanks as None), row numbers, a sheet that
starts below and right of A1, vertical merges filled down. Sheets with a formula or an error
cell still go through openpyxl, which tells a formula without a cached value from a blank."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wuye_desktop.storage.tabular.sources import FORMULA_WITHOUT_VALUE, XlsxBook


def _rows(path: Path, name: str, calamine: bool, monkeypatch: pytest.MonkeyPatch
          ) -> list[tuple[int, tuple[Any, ...]]]:
    used: list[bool] = []
    real = XlsxBook._calamine_rows

    def spy(self: XlsxBook, *a: Any) -> Any:
        out = real(self, *a) if calamine else None
        used.append(out is not None)
        return out

    monkeypatch.setattr(XlsxBook, "_calamine_rows", spy)
    book = XlsxBook(path)
    try:
        rows = list(book.grid(name).rows())
    finally:
        book.close()
    assert used == [calamine]
    # openpyxl pads rows to the sheet's width and goes on over trailing blank rows: compare
    # the cells, not the padding
    out = []
    for n, values in rows:
        trimmed = list(values)
        while trimmed and trimmed[-1] is None:
            trimmed.pop()
        if trimmed:
            out.append((n, tuple(trimmed)))
    return out


def test_calamine_rows_equal_openpyxl_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "楼栋"
    ws["C3"] = "所属小区"  # the table starts at C3: two blank rows and columns before it
    ws["D3"], ws["E3"], ws["F3"], ws["G3"] = "楼栋号", "单元数", "建成日期", "联系电话"
    ws.append([None, None, "幸福小区", "1号楼", 3, datetime(1998, 5, 1), 13912345678])
    ws.append([None, None, None, 2, 2.5, date(2001, 1, 2), "0431-85912345"])
    ws.append([None, None, None, "  3号楼 ", -0.0, datetime(2003, 4, 5, 8, 30), True])
    ws.append([None, None, "阳光花园", 1e20, 1.10101199001011e17, time(8, 30), ""])
    ws.merge_cells("C4:C6")  # 幸福小区 over its three buildings
    ws["C9"] = "合计"
    wb.save(tmp_path / "b.xlsx")
    fast = _rows(tmp_path / "b.xlsx", "楼栋", True, monkeypatch)
    slow = _rows(tmp_path / "b.xlsx", "楼栋", False, monkeypatch)
    assert fast == slow
    assert fast[1] == (4, (None, None, "幸福小区", "1号楼", 3, datetime(1998, 5, 1), 13912345678))
    assert fast[3][1][2] == "幸福小区"  # filled down from the merge's top cell
    assert [n for n, _ in fast] == [3, 4, 5, 6, 7, 9]


@pytest.mark.parametrize("cell", ["=1+1", "#N/A"])
def test_formulas_and_errors_go_through_openpyxl(tmp_path: Path, cell: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["楼栋号", "单元数"])
    ws.append(["1号楼", cell])
    if cell.startswith("#"):
        ws["B2"].data_type = "e"
    wb.save(tmp_path / "f.xlsx")
    book = XlsxBook(tmp_path / "f.xlsx")
    try:
        assert book._calamine_rows(ws.title, book.wb._archive.read(book.wb[ws.title]._worksheet_path),
                                   []) is None
        values = dict(book.grid(ws.title).rows())[2]
    finally:
        book.close()
    # openpyxl's own reading: a formula saved without a cached value is told from a blank
    assert values[1] == (FORMULA_WITHOUT_VALUE if cell.startswith("=") else "#N/A")
