"""业主大会公告: signed by the estate's 业主委员会, refused without one, 15 days' notice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from wuye_desktop.printing.notice_period import first_date
from wuye_desktop.printing.notices import render_notice_batch
from wuye_desktop.printing.templates import TemplateError, builtin_templates, parse_template

from .conftest import ISSUE_DATE
from .helpers import needs_poppler, page_texts


def assembly(tmp_path, estate, issuer, values, **kw):
    out = tmp_path / "assembly.pdf"
    res = render_notice_batch(builtin_templates()["owners_assembly"], estate, values, issuer,
                              kw.pop("issue_date", ISSUE_DATE), out, **kw)
    return out, res


@needs_poppler
def test_signed_by_the_estates_committee_not_the_community(tmp_path, estate, issuer, values):
    out, res = assembly(tmp_path, estate, issuer, values)
    pages = page_texts(out)
    assert res.pages == len(pages) == len(estate.buildings)
    for page in pages:
        # the signature block: the committee, then the date, then the page number
        assert page.endswith("幸福里小区业主委员会2026年11月21日—1—"), page[-40:]
        assert "幸福里小区业主委员会定于2026年12月6日" in page
        assert "居民委员会" not in page


@needs_poppler
def test_a_preparatory_group_may_sign_the_first_meeting(tmp_path, estate, issuer, values):
    bare = dataclasses.replace(estate, committee="")
    out, _ = assembly(tmp_path, bare, issuer, {**values, "业主组织": "幸福里小区首次业主大会筹备组"},
                      buildings=bare.buildings[:1])
    pages = page_texts(out)  # the longer name may carry the last lines onto a second page
    assert re.search(r"幸福里小区首次业主大会筹备组2026年11月21日—\d—$", pages[-1]), pages[-1][-40:]
    assert "幸福里小区首次业主大会筹备组定于" in pages[0]


def test_estate_without_committee_is_refused_naming_it(tmp_path, estate, issuer, values):
    bare = dataclasses.replace(estate, committee="")
    with pytest.raises(TemplateError) as err:
        assembly(tmp_path, bare, issuer, values)
    msg = f"{err.value}{err.value.hint}"
    assert "幸福里小区" in msg and "业主委员会" in msg and "业委会" in msg and "筹备组" in msg
    assert not (tmp_path / "assembly.pdf").exists()


@pytest.mark.parametrize(("meeting", "ok"), [
    ("2026年12月5日至12月20日", False),  # 14 days after 2026-11-21
    ("2026年12月6日至12月20日", True),   # 15 days: the earliest allowed
    ("2026-12-06 9:00", True),
    ("2026年11月30日", False),
])
def test_fifteen_days_notice(tmp_path, estate, issuer, values, meeting, ok):
    vals = {**values, "会议时间": meeting}
    if ok:
        _, res = assembly(tmp_path, estate, issuer, vals, buildings=estate.buildings[:1])
        assert res.pages == 1
        return
    with pytest.raises(TemplateError) as err:
        assembly(tmp_path, estate, issuer, vals)
    assert "15日前" in str(err.value) and "最早可定于2026年12月6日" in str(err.value)
    assert "2026年12月6日或以后" in err.value.hint
    assert not (tmp_path / "assembly.pdf").exists()


def test_a_meeting_time_without_a_date_is_refused(tmp_path, estate, issuer, values):
    with pytest.raises(TemplateError) as err:
        assembly(tmp_path, estate, issuer, {**values, "会议时间": "下月初"})
    assert "没有可识别的日期" in str(err.value) and "最早可定于2026年12月6日" in str(err.value)


def test_first_date_of_free_text() -> None:
    assert first_date("2026年12月6日至12月20日") == dt.date(2026, 12, 6)
    assert first_date("2026.1.4 上午9时") == dt.date(2026, 1, 4)
    assert first_date("2026年2月30日或2026年3月2日") == dt.date(2026, 3, 2)
    assert first_date("12月6日") is None


def test_notice_date_field_must_be_a_field() -> None:
    with pytest.raises(TemplateError, match="notice_date_field"):
        parse_template({"id": "x", "version": 1, "name": "x", "title": "t", "body": ["b"],
                        "notice_days": 15, "notice_date_field": "会议时间"})
