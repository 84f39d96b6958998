"""The ledger's rules: amounts in fen, period bounds, sums and the carried-over balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wuye_desktop.domain.revenue import (
    EntryKind,
    LedgerLine,
    PeriodKind,
    RevenueError,
    collection_rate,
    notice_values,
    parse_amount,
    parse_period,
    period_bounds,
    period_of,
    summarise,
    yuan,
)

IN, OUT = EntryKind.INCOME, EntryKind.EXPENSE


@pytest.mark.parametrize(("text", "fen"), [("12000", 1_200_000), ("12,000.50", 1_200_050),
                                           ("0.01", 1), ("36500元", 3_650_000),
                                           (Decimal("3.10"), 310)])
def test_amounts_are_exact_fen(text: str, fen: int) -> None:
    assert parse_amount(text) == fen


@pytest.mark.parametrize(("text", "says"), [("-5", "大于0"), ("0", "大于0"), ("1.005", "两位小数"),
                                            ("1e12", "一亿"), ("abc", "不是数字"), ("NaN", "不是数字")])
def test_bad_amounts_are_refused_in_chinese(text: str, says: str) -> None:
    with pytest.raises(RevenueError) as e:
        parse_amount(text, "收入金额")
    assert says in str(e.value) and "收入金额" in str(e.value)


def test_yuan_prints_two_places_with_separators() -> None:
    assert yuan(1_200_050) == "12,000.50"
    assert yuan(-310) == "-3.10"


def test_period_bounds_and_edges() -> None:
    q1 = period_bounds(PeriodKind.QUARTER, 2026, 1)
    assert (q1.start, q1.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period_of(PeriodKind.QUARTER, dt.date(2026, 3, 31)) == q1
    assert period_of(PeriodKind.QUARTER, dt.date(2026, 4, 1)).index == 2
    h2 = period_bounds(PeriodKind.HALF, 2026, 2)
    assert (h2.start, h2.end, h2.label) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026年下半年")
    assert parse_period("2026Q4").end == dt.date(2026, 12, 31)
    assert parse_period("2027").label == "2027年度"
    assert q1.previous() == period_bounds(PeriodKind.QUARTER, 2025, 4)
    with pytest.raises(RevenueError):
        parse_period("2026Q5")


def test_sums_carry_the_balance_over_and_count_the_last_day() -> None:
    lines = [LedgerLine(IN, "广告", dt.date(2025, 12, 31), 500_000),   # before: opening
             LedgerLine(OUT, "维修养护", dt.date(2025, 11, 2), 120_000),
             LedgerLine(IN, "停车", dt.date(2026, 1, 1), 300_000),     # first day of Q1
             LedgerLine(IN, "广告", dt.date(2026, 3, 31), 1_200_000),  # last day of Q1
             LedgerLine(OUT, "维修养护", dt.date(2026, 2, 10), 320_000),
             LedgerLine(IN, "广告", dt.date(2026, 4, 1), 999_900)]     # Q2: not in Q1
    q1 = summarise(lines, period_bounds(PeriodKind.QUARTER, 2026, 1))
    assert q1.opening == 380_000
    assert q1.income == {"广告": 1_200_000, "停车": 300_000}
    assert q1.income_total == 1_500_000 and q1.expense_total == 320_000
    assert q1.closing == 380_000 + 1_500_000 - 320_000
    q2 = summarise(lines, period_bounds(PeriodKind.QUARTER, 2026, 2))
    assert q2.opening == q1.closing  # carried over
    assert q2.closing == q1.closing + 999_900
    values = notice_values(q1)
    assert values["收入合计"] == "15,000.00" and values["结余"] == "15,600.00"
    assert values["收入明细"] == "广告收入12,000.00元，停车收入3,000.00元"
    assert values["支出明细"] == "维修养护3,200.00元"


def test_collection_rate() -> None:
    assert collection_rate(300, 267) == Decimal("89.0")
    assert collection_rate(3, 2) == Decimal("66.7")
    assert collection_rate(0, 0) is None
