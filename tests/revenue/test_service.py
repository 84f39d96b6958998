"""The ledger through its service: sums over a real SQLite file, refusals, the notice printed
from the ledger and parsed back, the posting record and the fee figures."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from wuye_desktop.domain.revenue import EntryKind, RevenueError, parse_period
from wuye_desktop.printing import TemplateError
from wuye_desktop.services.context import Services
from wuye_desktop.services.revenue import EntryInput

Q1 = parse_period("2026Q1")


def test_summary_carries_over_and_counts_the_last_day(services: Services, estate: dict[str, Any],
                                                      ledger: list[str]) -> None:
    s = services.revenue.summary(estate["id"], Q1)
    assert s.opening == 380_000  # 5000 − 1200 before the quarter
    assert s.income == {"广告": 1_200_000, "停车": 300_050, "场地租赁": 80_000}
    assert s.expense == {"维修养护": 320_000, "补充维修资金": 100_000}
    assert s.closing == 380_000 + 1_580_050 - 420_000
    q2 = services.revenue.summary(estate["id"], parse_period("2026Q2"))
    assert q2.opening == s.closing and q2.income_total == 0
    assert len(services.revenue.entries(estate["id"], Q1)) == 5
    services.revenue.delete_entry(ledger[-1])  # the 3-31 advertising income
    assert services.revenue.summary(estate["id"], Q1).income_total == 380_050


@pytest.mark.parametrize(("amount", "says"), [("-100", "大于0"), ("12.345", "两位小数"),
                                              ("999999999999", "一亿"), ("十块", "不是数字")])
def test_bad_amounts_are_refused_and_nothing_is_written(services: Services, estate: dict[str, Any],
                                                        amount: str, says: str) -> None:
    with pytest.raises(RevenueError) as e:
        services.revenue.add_entry(EntryInput(estate["id"], EntryKind.INCOME, "广告",
                                              dt.date(2026, 1, 5), amount))
    assert says in str(e.value)
    assert services.revenue.entries(estate["id"]) == []


def test_update_changes_only_the_entry(services: Services, estate: dict[str, Any], ledger: list[str]) -> None:
    services.revenue.update_entry(ledger[2], EntryInput(estate["id"], EntryKind.INCOME, "停车",
                                                        dt.date(2026, 1, 1), "3100"))
    assert services.revenue.summary(estate["id"], Q1).income["停车"] == 310_000


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_notice_prints_the_ledger_and_its_totals_equal_its_lines(
        services: Services, estate: dict[str, Any], ledger: list[str], tmp_path: Path) -> None:
    out = tmp_path / "revenue.pdf"
    res = services.revenue.print_notice(estate["id"], Q1, out, {"公示天数": "10"})
    buildings = services.printing.buildings(estate["id"])
    assert res.pages >= len(buildings) >= 1
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(out).pages]
    text = pages[0]
    assert "2026年第一季度" in text and buildings[0].number in text
    income = _money(re.search(r"收入合计([\d,.]+)元", text)[1])  # type: ignore[index]
    lines = [_money(x) for x in re.findall(r"(?:广告|停车|场地租赁|其他)收入([\d,.]+)元",
                                           text.split("二、")[0])]
    assert income == sum(lines) == Decimal("15800.50")
    expense = _money(re.search(r"支出合计([\d,.]+)元", text)[1])  # type: ignore[index]
    parts = [_money(x) for x in re.findall(r"(?:维修养护|补充维修资金)([\d,.]+)元", text.split("二、")[1])]
    assert expense == sum(parts) == Decimal("4200.00")
    opening = _money(re.search(r"期初结余([\d,.]+)元", text)[1])  # type: ignore[index]
    closing = _money(re.search(r"期末结余([\d,.]+)元", text)[1])  # type: ignore[index]
    assert closing == opening + income - expense == Decimal("15400.50")
    assert "公示期为10日" in text


def test_computed_figures_cannot_be_typed(services: Services, estate: dict[str, Any],
                                          ledger: list[str], tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as e:
        services.revenue.print_notice(estate["id"], Q1, tmp_path / "x.pdf", {"收入合计": "100"})
    assert "由公共收益台账计算" in str(e.value)
    with pytest.raises(TemplateError) as e:  # nor printed as a free-text notice
        services.printing.notice_batch("public_revenue", [estate["id"]], {"收入合计": "100"},
                                       tmp_path / "y.pdf")
    assert "公共收益台账" in e.value.with_hint()
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_posting_record(services: Services, estate: dict[str, Any], tmp_path: Path) -> None:
    from tests.printing.helpers import make_photo

    b = services.printing.buildings(estate["id"])
    photo = make_photo(tmp_path / "posted.png", (200, 30, 30), (640, 480))
    pid = services.revenue.record_posting(estate["id"], Q1, [b[0].id], posted_by="王楼长", photo=photo)
    [p] = services.revenue.postings(estate["id"], "2026Q1")
    assert (p.id, p.buildings, p.posted_by) == (pid, (b[0].number,), "王楼长")
    assert p.photo is not None and services.photos.path_of(p.photo).exists()
    with pytest.raises(RevenueError):
        services.revenue.record_posting(estate["id"], Q1, ["not-a-building"])


def test_fee_collection_rate(services: Services, estate: dict[str, Any]) -> None:
    h1 = parse_period("2026H1")
    services.revenue.set_fees(estate["id"], h1, "300", "267", "住宅0.60元/平方米·月",
                              amount_due="216000", amount_paid="192240")
    services.revenue.set_fees(estate["id"], h1, "300", "270", "住宅0.60元/平方米·月")  # replaces
    [f] = services.revenue.fees(estate["id"])
    assert (f.households_paid, f.rate, f.period_label) == (270, "90.0%", "2026年上半年")
    with pytest.raises(RevenueError) as e:
        services.revenue.set_fees(estate["id"], h1, "300", "301", "住宅0.60元/平方米·月")
    assert "不能多于" in str(e.value)


def test_fee_publication_notice(services: Services, estate: dict[str, Any], tmp_path: Path) -> None:
    h1 = parse_period("2026H1")
    out = tmp_path / "fees.pdf"
    with pytest.raises(RevenueError):  # nothing recorded yet
        services.revenue.print_fee_notice(estate["id"], h1, out)
    services.revenue.set_fees(estate["id"], h1, "300", "267", "住宅0.60元/平方米·月",
                              amount_due="216000", amount_paid="192240")
    with pytest.raises(TemplateError):
        services.revenue.print_fee_notice(estate["id"], h1, out, {"物业费收缴率": "100%"})
    services.revenue.print_fee_notice(estate["id"], h1, out)
    text = re.sub(r"\s+", "", PdfReader(out).pages[0].extract_text())
    assert "应缴300户，已缴267户，收缴率89.0%" in text and "住宅0.60元/平方米·月" in text
    assert "应收216,000.00元，实收192,240.00元" in text and "2026年上半年" in text
