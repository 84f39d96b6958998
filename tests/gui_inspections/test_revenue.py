"""公共收益 through the GUI: add entries (one on the quarter's last day), see the period summary
computed, a bad amount refused beside the form, edit an entry, record a posting and print the
notice whose totals are the ledger's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QDate

from wuye_desktop.domain.revenue import EntryKind, PeriodKind
from wuye_desktop.ui.revenue import RevenueScreen


def _open(window: Any, wait_idle: Any) -> RevenueScreen:
    window.show_screen("revenue")
    wait_idle()
    screen = window.screens["revenue"]
    assert isinstance(screen, RevenueScreen)
    return screen


def _add(screen: RevenueScreen, wait_idle: Any, kind: EntryKind, category: str, day: QDate,
         amount: str) -> None:
    screen.in_kind.setCurrentIndex(screen.in_kind.findData(kind))
    screen.in_category.setCurrentText(category)
    screen.in_date.setDate(day)
    screen.in_amount.setText(amount)
    screen.add_button.click()
    wait_idle()


def test_ledger_summary_posting_and_notice(window: Any, services: Any, wait_idle: Any,
                                           tmp_path: Path) -> None:
    screen = _open(window, wait_idle)
    assert screen.estate.count() > 0
    screen.estate.setCurrentIndex(0)
    screen.kind_filter.setCurrentIndex(screen.kind_filter.findData(PeriodKind.QUARTER))
    screen.year.setValue(2026)
    screen.part.setCurrentIndex(3)  # 第四季度
    wait_idle()
    assert screen.period().code == "2026Q4"
    _add(screen, wait_idle, EntryKind.INCOME, "广告", QDate(2026, 12, 31), "12000.50")
    _add(screen, wait_idle, EntryKind.INCOME, "停车", QDate(2026, 10, 1), "3000")
    _add(screen, wait_idle, EntryKind.EXPENSE, "维修养护", QDate(2026, 11, 2), "3200")
    _add(screen, wait_idle, EntryKind.INCOME, "广告", QDate(2026, 9, 30), "500")  # Q3: opening
    assert screen.model.rowCount() == 3
    text = screen.summary.text()
    assert "期初结余 500.00" in text and "收入 15,000.50" in text and "支出 3,200.00" in text
    assert "期末结余 12,300.50" in text

    _add(screen, wait_idle, EntryKind.INCOME, "广告", QDate(2026, 12, 1), "-5")
    assert "大于0" in screen.form_message.text() and screen.model.rowCount() == 3

    row = next(i for i in range(screen.model.rowCount()) if screen.model.row_object(i).category == "停车")
    screen.table.selectRow(row)
    screen.in_amount.setText("3100")
    screen.save_button.click()
    wait_idle()
    assert "期末结余 12,400.50" in screen.summary.text()

    assert screen.post_buildings.count() > 0
    screen.post_by.setText("王楼长")
    screen.post_button.click()
    wait_idle()
    assert screen.postings_model.rowCount() == 1
    assert screen.postings_model.row_object(0).posted_by == "王楼长"

    out = tmp_path / "notice.pdf"
    screen.print_to(out)
    wait_idle()
    page = re.sub(r"\s+", "", PdfReader(out).pages[0].extract_text())
    assert "收入合计15,100.50元" in page and "期末结余12,400.50元" in page
    assert "2026年第四季度" in page


def test_ledger_export_and_import_through_the_screen(window: Any, services: Any, wait_idle: Any,
                                                     tmp_path: Path) -> None:
    screen = _open(window, wait_idle)
    screen.estate.setCurrentIndex(0)
    screen.part.setCurrentIndex(3)
    wait_idle()
    _add(screen, wait_idle, EntryKind.INCOME, "停车", QDate(2026, 12, 31), "250.25")
    path = tmp_path / "ledger.xlsx"
    estate_id = screen.estate.currentData()
    assert services.revenue.export(path, estate_id) == 1
    screen.import_from(path)
    wait_idle()
    assert "0" in screen.message.text() and screen.model.rowCount() == 1  # nothing booked twice
    bad = tmp_path / "bad.xlsx"
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.active.append([screen.estate.currentText(), "2026-12-30", "收入", "广告", "-3", "", "", ""])
    wb.save(bad)
    screen.import_from(bad)
    wait_idle()
    assert "第3行" in screen.message.text() and "大于0" in screen.message.text()
    assert screen.model.rowCount() == 1
