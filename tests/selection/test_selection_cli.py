"""``selections`` on the command line through ``main``: the whole record from survey to filing,
the black-listed candidate refused with exit 1 and a Chinese message, the two PDFs printed and
read back, the Excel sheet written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from wuye_desktop.__main__ import main
from wuye_desktop.paths import resolve
from wuye_desktop.services.context import open_services

from .helpers import build


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_selection_from_survey_to_filing_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "data"
    svc = open_services(resolve(d).ensure())
    w = build(svc)
    svc.close()
    base = ("--data-dir", str(d), "selections")
    code, out, err = run(capsys, *base, "add", "--estate", "锦程选聘试点小区", "--method", "协议选聘",
                         "--started", "2026-09-10", "--json")
    assert code == 1 and "协议选聘须写明理由" in err
    code, out, err = run(capsys, *base, "add", "--estate", "锦程选聘试点小区", "--method", "公开招标",
                         "--survey", w.survey_id[:18], "--started", "2026-09-10", "--json")
    assert code == 0, err
    rec = json.loads(out)
    sid = rec["id"][:18]
    assert rec["stage_label"] == "征询与方式已定" and "同意130户/200户" in rec["survey_label"]
    code, _, err = run(capsys, *base, "candidate", sid, "--company", "失信物业有限公司")
    assert code == 1 and "黑名单" in err and "不得参加" in err
    for name, score in (("安居物业服务有限公司", "92"), ("宜家物业管理有限公司", "85.5")):
        assert run(capsys, *base, "candidate", sid, "--company", name)[0] == 0
        assert run(capsys, *base, "evaluate", sid, "--company", name, "--score", score)[0] == 0
    code, out, err = run(capsys, *base, "result", sid, "--from", "2026-10-01", "--to", "2026-10-07",
                         "--json")
    assert code == 0, err
    assert json.loads(out)["company_name"] == "安居物业服务有限公司"
    code, out, err = run(capsys, *base, "file", sid, "--filed", "2026-10-10", "--start", "2027-01-01",
                         "--end", "2029-12-31", "--fee", "0.8", "--grade", "一级", "--json")
    assert code == 0, err
    filed = json.loads(out)
    assert filed["stage"] == "filed" and filed["fee_standard"] == 0.8
    code, out, _ = run(capsys, "--data-dir", str(d), "list", "estates", "--json")
    estate = next(e for e in json.loads(out) if e["name"] == "锦程选聘试点小区")
    assert estate["company_name"] == "安居物业服务有限公司" and estate["contract_end"] == "2029-12-31"
    for kind, words in (("publication", ("选聘结果公示", "92", "安居物业服务有限公司")),
                        ("filing", ("物业服务合同备案表", "0.8元/㎡·月", "2029年12月31日"))):
        pdf = tmp_path / f"{kind}.pdf"
        code, out, err = run(capsys, *base, "print", sid, kind, str(pdf))
        assert code == 0, err
        text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert all(wd in text for wd in words), text
    xlsx = tmp_path / "sel.xlsx"
    assert run(capsys, *base, "export", str(xlsx))[0] == 0
    ws = load_workbook(xlsx).active
    assert ws is not None
    values = [c.value for c in ws[2]]
    assert "锦程选聘试点小区" in values and "合同已备案" in values
    code, out, _ = run(capsys, *base, "list", "--json")
    assert [r["stage"] for r in json.loads(out)] == ["filed"]
