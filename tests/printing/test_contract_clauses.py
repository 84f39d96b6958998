"""Contracts (issue 13, item 7): the 物业服务标准 attachment by grade, termination and renewal
(民法典 946–950), the ban on transferring the services (941), both parties' duties, 酬金制
clauses when chosen, separate signatory fields, copy counts; clause texts as replaceable data."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from pypdf import PdfReader

from wuye_desktop.printing.contract_texts import (
    builtin_clauses,
    builtin_standard,
    parse_clauses,
    parse_standard,
)
from wuye_desktop.printing.contracts import render_decoration_agreement, render_service_contract
from wuye_desktop.printing.data import DecorationAgreement, Estate, FeeStandard, Party, ServiceContract
from wuye_desktop.printing.templates import TemplateError


def _pages(contract: ServiceContract | DecorationAgreement) -> list[str]:
    out = io.BytesIO()
    if isinstance(contract, ServiceContract):
        render_service_contract(contract, out)
    else:
        render_decoration_agreement(contract, out)
    return ["".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]


@pytest.fixture
def contract() -> ServiceContract:
    est = Estate("幸福里小区", "长春市朝阳区建设路18号", "幸福里社区", "长春安居物业服务有限公司")
    return ServiceContract(
        est, Party("幸福里小区业主委员会", "王建华", agent="李梅"),
        Party("长春安居物业服务有限公司", "陈立新", agent="赵刚"),
        FeeStandard(Decimal("0.65")), dt.date(2027, 1, 1), dt.date(2029, 12, 31), service_grade="二")


def test_attachment_by_grade_on_its_own_page(contract: ServiceContract) -> None:
    pages = _pages(contract)
    last = pages[-1]
    assert last.startswith("附件物业服务标准（二级）")
    assert "急修1小时内到场" in last and "律师审核" in last
    assert "附件《物业服务标准（二级）》" in "".join(pages[:-1])
    assert "急修30分钟内到场" in _pages(replace(contract, service_grade="一"))[-1]
    assert "物业服务标准（三级）" in _pages(replace(contract, service_grade=""))[-1]  # no grade: the lowest


def test_termination_transfer_duties_signatories_copies(contract: ServiceContract) -> None:
    text = "".join(_pages(contract))
    for s in ("业主依照法定程序共同决定解聘乙方", "续订物业服务合同", "不定期", "退出物业服务区域",
              "继续处理物业服务事项", "支解后分别转委托给第三人", "甲方的权利和义务", "乙方的权利和义务",
              "包干制：", "一式四份"):
        assert s in text, s
    assert "酬金制的约定" not in text
    assert "法定代表人：陈立新委托代理人：赵刚" in text and "负责人：王建华委托代理人：李梅" in text
    assert text.count("委托代理人（签字）") == 2


def test_commission_clauses_when_chosen(contract: ServiceContract) -> None:
    text = "".join(_pages(replace(contract, fee=FeeStandard(Decimal("0.65"), method="酬金制"))))
    assert "酬金制的约定" in text and "由乙方代管" in text and "{fee_base}" not in text
    assert "盈余或者亏损均由乙方" not in text


def test_decoration_agreement_three_parties_three_copies() -> None:
    text = "".join(_pages(DecorationAgreement(
        Estate("幸福里小区"), Party("长春安居物业服务有限公司"), "孙丽", "3号楼2单元501室",
        "厨房翻新", dt.date(2026, 12, 1), dt.date(2027, 1, 15), contractor="长春美居装饰工程有限公司")))
    assert "一式三份" in text and "一式两份" not in text
    assert "装饰装修企业（丙方）" in text and "装饰装修企业（盖章）" in text


def test_county_texts_replace_the_shipped_ones(contract: ServiceContract) -> None:
    mine = parse_standard({"grade": "二", "title": "朝阳区物业服务标准（二级）",
                           "sections": [{"name": "保洁", "items": ["楼道每日拖洗"]}]})
    clauses = replace(builtin_clauses(), no_transfer="本区约定：乙方不得转包。")
    text = "".join(_pages(replace(contract, standard=mine, clauses=clauses)))
    assert "朝阳区物业服务标准（二级）" in text and "楼道每日拖洗" in text and "本区约定：乙方不得转包。" in text
    assert builtin_standard("二").title == "物业服务标准（二级）"
    with pytest.raises(TemplateError, match="termination"):
        parse_clauses({k: v for k, v in {"owners_duties": ["x"], "company_duties": ["y"], "no_transfer": "z",
                                         "commission": ["c"], "lump_sum": "l"}.items()})
    with pytest.raises(TemplateError, match="sections"):
        parse_standard({"grade": "一"})
