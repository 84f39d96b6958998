"""概览 shows the complaint rates per estate and per company (the same figures as 投诉), and
closing a complaint there moves them."""

from __future__ import annotations

from typing import Any

from wuye_desktop.services.complaints import ComplaintFilter
from wuye_desktop.ui import ops


def test_overview_rates_per_estate_and_company(window: Any, services: Any, wait_idle: Any) -> None:
    window.show_screen("overview")
    wait_idle()
    ov = window.screens["overview"]
    today = services.clock.today()
    by_estate = {r.key: r.rates for r in services.complaints.rates_by_estate(today=today)}
    by_company = {r.key: r.rates for r in services.complaints.rates_by_company(today=today)}
    assert by_estate and by_company
    shown = {r.key: r.rates for r in ov.rates.estate_rates.rows_}
    assert shown == by_estate
    assert {r.key: r.rates for r in ov.rates.company_rates.rows_} == by_company
    model = ov.rates.estate_rates
    assert model.rowCount() == len(by_estate)
    texts = {model.index(i, 0).data() for i in range(model.rowCount())}
    assert {r.name for r in ov.rates.estate_rates.rows_} == texts
    # close an open complaint (the write 投诉 makes): its estate's closure rate rises on 概览
    open_one = next(c for c in services.complaints.page(ComplaintFilter(), today, 0, 1000)
                    if c.closed_at is None)
    before = shown[open_one.estate_id].closed
    ov.ctx.db(ops.close_complaint(open_one.id, True, "已处理"))
    wait_idle()
    after = {r.key: r.rates for r in ov.rates.estate_rates.rows_}[open_one.estate_id]
    assert after.closed == before + 1
