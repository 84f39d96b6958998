"""``wuye-county report``: public-revenue income and expenditure totals per community, from
ledger rows pushed to a real county server on loopback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from wuye_county.__main__ import main
from wuye_county.report import HEADERS, compute_all

from .helpers import op, uid


def test_report_totals_public_revenue(county: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    a = county.enrol()
    e1 = uid()
    res = a.push(op("estates", e1, management_mode="quasi"),
                 op("revenue_entries", uid(), estate_id=e1, kind="income", category="广告",
                    entry_date="2026-03-31", amount_fen=1_200_050),
                 op("revenue_entries", uid(), estate_id=e1, kind="income", category="停车",
                    entry_date="2026-01-01", amount_fen=300_000),
                 op("revenue_entries", uid(), estate_id=e1, kind="expense", category="维修养护",
                    entry_date="2026-02-01", amount_fen=320_000))
    assert all(r["status"] == "applied" for r in res), res
    with county.engine.connect() as conn:
        communities, subs, _ = compute_all(conn, date(2026, 12, 1))
    fa = next(f for f in communities if f.code == a.community)
    assert (fa.revenue_income, fa.revenue_expense) == (1_500_050, 320_000)
    assert next(s for s in subs if s.code == a.community[:9]).revenue_income >= 1_500_050

    if county.backend != "sqlite":
        return
    monkeypatch.setenv("WUYE_COUNTY_DB", str(county.engine.url.render_as_string(hide_password=False)))
    out = tmp_path / "r.xlsx"
    assert main(["report", "-o", str(out)]) == 0
    col = {h: i for i, h in enumerate(HEADERS)}
    row = {r[0]: r for r in load_workbook(out)["社区"].iter_rows(min_row=2, values_only=True)}[a.community]
    assert Decimal(str(row[col["公共收益收入（元）"]])) == Decimal("15000.50")
    assert Decimal(str(row[col["公共收益结余（元）"]])) == Decimal("11800.50")
    assert main(["report"]) == 0
    assert "15000.50" in capsys.readouterr().out
