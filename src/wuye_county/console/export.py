"""Any console table as an Excel workbook (openpyxl), rates formatted as percentages."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from .data import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.replace(tzinfo=None) if v.tzinfo is None else v.astimezone().replace(tzinfo=None)
    if isinstance(v, (list, dict)):
        return str(v)
    return v


def workbook(*tables: Table) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    for t in tables:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = t.title[:31]
        ws.append(t.headers)
        for row in t.rows:
            ws.append([_cell(v) for v in row])
            for cell, v in zip(ws[ws.max_row], row, strict=False):
                header = t.headers[cell.column - 1]
                if isinstance(v, float) and 0 <= v <= 1 and "率" in header and "%" not in header:
                    cell.number_format = "0.0%"
        for i, h in enumerate(t.headers, 1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = max(10, len(h) * 2 + 2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
