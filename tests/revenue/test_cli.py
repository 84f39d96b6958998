"""``revenue`` and ``fees`` on the command line, through ``main`` as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from demo_fixtures import run


def test_add_summary_print_post(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(demo_dir)]
    for kind, cat, day, amount in [("收入", "广告", "2026-03-31", "12000"), ("收入", "停车", "2026-01-02", "36500.5"),
                                   ("支出", "维修养护", "2026-02-01", "3200")]:
        code, out, err = run(capsys, *d, "revenue", "add", "--estate", "解放新村", "--kind", kind,
                             "--category", cat, "--date", day, "--amount", amount, "--json")
        assert code == 0, err
    assert json.loads(out)["amount"] == "3,200.00"
    code, out, err = run(capsys, *d, "revenue", "add", "--estate", "解放新村", "--kind", "收入",
                         "--category", "广告", "--date", "2026-01-02", "--amount", "-5")
    assert code == 1 and "大于0" in err
    code, out, err = run(capsys, *d, "revenue", "summary", "--estate", "解放新村", "--period", "2026Q1", "--json")
    assert code == 0, err
    s = json.loads(out)
    assert (s["income_total"], s["expense_total"], s["closing"]) == ("48,500.50", "3,200.00", "45,300.50")
    code, out, err = run(capsys, *d, "revenue", "list", "--estate", "解放新村", "--period", "2026Q1", "--json")
    assert code == 0 and len(json.loads(out)) == 3
    pdf = tmp_path / "r.pdf"
    code, out, err = run(capsys, *d, "revenue", "print", "--estate", "解放新村", "--period", "2026Q1",
                         "--field", "收入合计=100", "-o", str(pdf))
    assert code == 1 and "由公共收益台账计算" in err and not pdf.exists()
    code, out, err = run(capsys, *d, "revenue", "print", "--estate", "解放新村", "--period", "2026Q1",
                         "-o", str(pdf), "--json")
    assert code == 0, err
    assert "48,500.50" in PdfReader(pdf).pages[0].extract_text()
    code, out, err = run(capsys, *d, "revenue", "post", "--estate", "解放新村", "--period", "2026Q1",
                         "--building", "1号楼", "--by", "王楼长", "--json")
    assert code == 0, err
    assert json.loads(out)["buildings"] == ["1号楼"]
    code, out, err = run(capsys, *d, "revenue", "postings", "--estate", "解放新村", "--json")
    assert [p["posted_by"] for p in json.loads(out)] == ["王楼长"]


def test_fees(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(demo_dir)]
    code, out, err = run(capsys, *d, "fees", "set", "--estate", "解放新村", "--period", "2026H1",
                         "--due", "120", "--paid", "102", "--standard", "住宅0.50元/平方米·月", "--json")
    assert code == 0, err
    assert json.loads(out)["rate"] == "85.0%"
    code, out, err = run(capsys, *d, "fees", "list", "--json")
    assert [f["rate"] for f in json.loads(out)] == ["85.0%"]
