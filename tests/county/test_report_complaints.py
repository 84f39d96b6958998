"""``wuye-county report``: complaints (counts and rates per community and per company) and the
survey bands, from rows pushed to a real county server on loopback."""

from __future__ import annotations

from typing import Any

import pytest
from openpyxl import load_workbook

from wuye_county.__main__ import main
from wuye_county.report import COMPANY_HEADERS, HEADERS, compute_all

from .helpers import op, uid


def test_report_counts_complaints_and_survey_bands(county: Any, tmp_path: Any,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    a, b = county.enrol(), county.enrol()
    company = uid()
    company_name = f"甲物业{company[-6:]}"
    e1, e2, e3 = uid(), uid(), uid()
    a.push(op("companies", company, name=company_name),
           op("estates", e1, management_mode="professional", company_id=company),
           op("estates", e2, management_mode="professional"),
           # three complaints: responded 3, closed 2, rated 2 of which 1 satisfied
           op("complaints", uid(), estate_id=e1, company_id=company, category="环境卫生",
              received_at="2026-11-01T09:00:00", responded_at="2026-11-01T10:00:00",
              closed_at="2026-11-02T10:00:00", satisfied=True),
           op("complaints", uid(), estate_id=e1, company_id=company, category="秩序维护",
              received_at="2026-11-03T09:00:00", responded_at="2026-11-03T10:00:00",
              closed_at="2026-11-04T10:00:00", satisfied=False),
           op("complaints", uid(), estate_id=e2, category="其他",
              received_at="2026-11-05T09:00:00", responded_at="2026-11-05T10:00:00"),
           # e1: an old high survey, then the latest in the middle band; e2: below 60%
           op("surveys", uid(), estate_id=e1, kind="satisfaction", action="commendation",
              conducted_on="2025-10-01", surveyed=100, positive=90),
           op("surveys", uid(), estate_id=e1, kind="satisfaction", action="interview_pledge",
              conducted_on="2026-10-01", surveyed=100, positive=70),
           op("surveys", uid(), estate_id=e2, kind="satisfaction", action="assembly_vote",
              conducted_on="2026-10-02", surveyed=100, positive=50),
           op("surveys", uid(), estate_id=e2, kind="willingness", action="introduce",
              conducted_on="2026-10-03", surveyed=100, positive=60))
    company_b = uid()  # the same company, registered by the other community as its own row
    res = b.push(op("companies", company_b, name=company_name),
           op("estates", e3, management_mode="quasi", company_id=company_b),
           op("complaints", uid(), estate_id=e3, company_id=company_b, category="其他",
              received_at="2026-11-06T09:00:00"))
    assert all(r["status"] == "applied" for r in res), res

    from datetime import date
    with county.engine.connect() as conn:
        communities, _subs, companies = compute_all(conn, date(2026, 12, 1))
    fa = next(f for f in communities if f.code == a.community)
    assert (fa.complaints.total, fa.complaints.responded, fa.complaints.closed) == (3, 3, 2)
    assert fa.complaints.rates.closure_rate == 66.7 and fa.complaints.rates.satisfaction_rate == 50.0
    assert fa.bands == {"low": 1, "middle": 1, "high": 0}  # latest satisfaction survey per estate
    co = next(c for c in companies if c.name == company_name)
    assert co.name == company_name
    assert (co.complaints.total, co.complaints.responded, co.complaints.closed) == (3, 2, 2)

    if county.backend != "sqlite":
        return  # the command line reads the same rows; once is enough
    monkeypatch.setenv("WUYE_COUNTY_DB", str(county.engine.url.render_as_string(hide_password=False)))
    out = tmp_path / "r.xlsx"
    assert main(["report", "-o", str(out)]) == 0
    wb = load_workbook(out)
    col = {h: i for i, h in enumerate(HEADERS)}
    comm = {r[0]: r for r in wb["社区"].iter_rows(min_row=2, values_only=True)}
    row = comm[a.community]
    assert row[col["投诉件数"]] == 3 and row[col["已办结"]] == 2
    assert row[col["响应率"]] == 1.0 and row[col["办结率"]] == pytest.approx(0.667)
    assert row[col["满意率"]] == 0.5
    assert row[col["满意度60%～85%的小区"]] == 1 and row[col["满意度低于60%的小区"]] == 1
    assert comm[b.community][col["响应率"]] == 0.0
    assert comm[b.community][col["满意率"]] is None  # nothing rated yet
    cols = {h: i for i, h in enumerate(COMPANY_HEADERS)}
    firms = {r[0]: r for r in wb["物业企业"].iter_rows(min_row=2, values_only=True)}
    assert firms[company_name][cols["投诉件数"]] == 3
    assert firms[company_name][cols["响应率"]] == pytest.approx(0.667)
    assert main(["report"]) == 0
    text = capsys.readouterr().out
    assert "按物业企业" in text and company_name in text and "66.7%" in text
