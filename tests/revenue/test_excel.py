"""The ledger to Excel and back: exact amounts survive, a re-import adds nothing twice, and a
sheet with one bad cell is refused whole, naming sheet, row and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from wuye_desktop.domain.revenue import RevenueError, parse_period
from wuye_desktop.services.context import Services


def test_export_reimport_and_refusal(services: Services, estate: dict[str, Any], ledger: list[str],
                                     tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    assert services.revenue.export(path, estate["id"]) == len(ledger)
    ws = load_workbook(path)["公共收益台账"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["所属小区", "日期", "收支", "类别", "金额（元）"]
    assert "3000.50" in [r[4] for r in ws.iter_rows(min_row=2, values_only=True)]

    assert services.revenue.import_ledger(path) == (0, len(ledger))  # all already booked

    before = services.revenue.summary(estate["id"], parse_period("2026Q1"))
    wb = load_workbook(path)
    ws = wb["公共收益台账"]
    ws.append([estate["name"], "2026-03-31", "收入", "广告", "88.80", "新客户", "发票X1", ""])
    ws.append([estate["name"], "2026-03-30", "收入", "停车", "12.345", "", "", ""])  # 3 decimals
    wb.save(path)
    with pytest.raises(RevenueError) as e:
        services.revenue.import_ledger(path)
    msg = str(e.value)
    assert "公共收益台账" in msg and f"第{ws.max_row}行" in msg and "两位小数" in msg
    assert services.revenue.summary(estate["id"], parse_period("2026Q1")) == before  # nothing written

    ws.delete_rows(ws.max_row)
    wb.save(path)
    assert services.revenue.import_ledger(path) == (1, len(ledger))
    after = services.revenue.summary(estate["id"], parse_period("2026Q1"))
    assert after.income_total == before.income_total + 8_880
