"""Builders for the hostile files the tabular tests read; every file is made in ``tmp_path``."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

Rows = Sequence[Sequence[Any]]


def build_xlsx(path: Path, sheets: dict[str, Rows], merge_title: bool = False) -> Path:
    """A workbook with one sheet per entry; rows are appended as given (None = blank cell)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
        if merge_title:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    wb.save(path)
    return path


def set_cached_value(path: Path, ref: str, value: str, sheet_no: int = 1) -> None:
    """Give the formula in cell ``ref`` a cached result, as Excel does when it saves.

    openpyxl writes formulas without results; Excel-saved files carry ``<v>`` next to ``<f>``.
    """
    part = f"xl/worksheets/sheet{sheet_no}.xml"
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == part:
                pattern = rb'(<c r="' + ref.encode() + rb'"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>'
                data, n = re.subn(pattern, rb"\1<v>" + value.encode() + rb"</v>", data)
                assert n == 1, "formula cell not found"
            z.writestr(info, data)
    out.replace(path)


def build_csv(path: Path, rows: Rows, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in r) for r in rows)
    path.write_bytes((text + "\r\n").encode(encoding))
    return path


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    """``xlsx(rows, sheet="楼栋", name="t.xlsx", merge_title=False)`` → path of a new workbook."""

    def make(rows: Rows, sheet: str = "楼栋", name: str = "t.xlsx",
             merge_title: bool = False) -> Path:
        return build_xlsx(tmp_path / name, {sheet: rows}, merge_title=merge_title)

    return make


@pytest.fixture
def csvfile(tmp_path: Path) -> Callable[..., Path]:
    """``csvfile(rows, encoding="utf-8", name="t.csv", delimiter=",")`` → path of a new CSV."""

    def make(rows: Rows, encoding: str = "utf-8", name: str = "t.csv",
             delimiter: str = ",") -> Path:
        return build_csv(tmp_path / name, rows, encoding, delimiter)

    return make


@pytest.fixture
def xlsx_book(tmp_path: Path) -> Callable[..., Path]:
    """``xlsx_book({"楼栋": rows, "小区": rows}, name="book.xlsx")`` → path of a new workbook."""

    def make(sheets: dict[str, Rows], name: str = "book.xlsx") -> Path:
        return build_xlsx(tmp_path / name, sheets)

    return make


@pytest.fixture
def cache_formula() -> Callable[..., None]:
    """``cache_formula(path, "D3", "2")``: store a computed result for a formula cell."""
    return set_cached_value
