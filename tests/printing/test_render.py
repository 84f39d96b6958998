"""Every document kind renders with pdftoppm to a non-blank page image."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from PIL import Image

from wuye_desktop.printing import (
    DecorationAgreement,
    Estate,
    FeeStandard,
    Party,
    ServiceContract,
    builtin_templates,
    render_decoration_agreement,
    render_inspection_report,
    render_notice_batch,
    render_rectification_notice,
    render_service_contract,
)

from .conftest import ISSUE_DATE
from .helpers import needs_poppler

KINDS = ["notice", "rectification", "service_contract", "decoration", "report"]


def _make(kind, out, estate, issuer, values, rect_notice, report):
    if kind == "notice":
        render_notice_batch(builtin_templates()["fee_reminder"], estate, values, issuer,
                            ISSUE_DATE, out, buildings=estate.buildings[:1])
    elif kind == "rectification":
        render_rectification_notice(rect_notice, out, three_copies=True)
    elif kind == "service_contract":
        render_service_contract(ServiceContract(
            estate, Party("幸福里小区业主委员会"), Party(estate.company),
            FeeStandard(Decimal("0.65")), dt.date(2027, 1, 1), dt.date(2029, 12, 31)), out)
    elif kind == "decoration":
        render_decoration_agreement(DecorationAgreement(
            Estate("幸福里小区"), Party("长春安居物业服务有限公司"), "孙丽", "3号楼2单元501室",
            "厨房翻新", dt.date(2026, 12, 1), dt.date(2027, 1, 15)), out)
    else:
        render_inspection_report(report, out)


@needs_poppler
@pytest.mark.parametrize("kind", KINDS)
def test_pdftoppm_renders_each_kind(tmp_path, kind, estate, issuer, values, rect_notice, report):
    pdf = tmp_path / f"{kind}.pdf"
    _make(kind, pdf, estate, issuer, values, rect_notice, report)
    proc = subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf),
                           str(tmp_path / kind)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Error" not in proc.stderr, proc.stderr
    png = next(tmp_path.glob(f"{kind}*.png"))
    with Image.open(png) as im:
        gray = im.convert("L")
        assert gray.size[1] > gray.size[0]  # portrait A4
        dark = sum(gray.point(lambda p: 255 if p < 128 else 0).convert("1").histogram()[255:])
    # Text must actually be drawn (a missing font would leave the page nearly white).
    assert dark > 500
