"""Rectification notice, contracts and inspection report: content, fonts, layout rules."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from wuye_desktop.printing.contracts import (
    cn_ordinal,
    render_decoration_agreement,
    render_service_contract,
)
from wuye_desktop.printing.data import (
    DecorationAgreement,
    Estate,
    FeeStandard,
    Party,
    Photo,
    ServiceContract,
)
from wuye_desktop.printing.rectification import render_rectification_notice
from wuye_desktop.printing.report import render_inspection_report
from wuye_desktop.printing.templates import PrintError

from .helpers import assert_gongwen_fonts_on_a4, needs_poppler, page_texts, pdffonts, pdftext, words_bbox


@pytest.fixture
def contract() -> ServiceContract:
    est = Estate("幸福里小区", "长春市朝阳区建设路18号", "幸福里社区", "长春安居物业服务有限公司")
    return ServiceContract(
        est, Party("幸福里小区业主委员会", "王建华", phone="13604312345"),
        Party("长春安居物业服务有限公司", "陈立新", credit_code="91220104MA0Y3K2X1B"),
        FeeStandard(Decimal("0.65"), Decimal("1.20")), dt.date(2027, 1, 1), dt.date(2029, 12, 31),
        floor_area="86,420.5平方米", building_count=12, household_count=960, service_grade="二",
    )


@pytest.fixture
def decoration() -> DecorationAgreement:
    est = Estate("幸福里小区")
    return DecorationAgreement(est, Party("长春安居物业服务有限公司"), "孙丽", "3号楼2单元501室",
                               "厨房、卫生间翻新", dt.date(2026, 12, 1), dt.date(2027, 1, 15),
                               deposit="2,000元")


def _fonts_ok(pdf):
    fonts = pdffonts(pdf)
    assert fonts
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts), fonts
    assert_gongwen_fonts_on_a4(pdf)


# --- rectification notice -------------------------------------------------------------------


@needs_poppler
def test_rectification_notice_content(tmp_path, rect_notice):
    out = tmp_path / "r.pdf"
    pages = render_rectification_notice(rect_notice, out)
    text = pdftext(out)
    assert pages == 1
    for s in ("物业服务整改通知单", "〔2026〕第3号", "长春安居物业服务有限公司：", "幸福里小区",
              "整改依据：", "民法典》第九百四十二条", "（盖章）", "2026年11月21日",
              "检查人员（签字）", "企业签收人", "3日内"):
        assert s in text, s
    for it in rect_notice.items:
        assert it.action.replace("，", "")[:8] in text.replace("，", "")
    assert "2026年11月28日" in text and "2026年12月5日" in text
    assert "存根联" not in text
    _fonts_ok(out)


@needs_poppler
def test_rectification_three_copies_are_marked(tmp_path, rect_notice):
    out = tmp_path / "r3.pdf"
    pages = render_rectification_notice(rect_notice, out, three_copies=True)
    texts = page_texts(out)
    assert pages == len(texts) == 3
    for page, label in zip(texts, ("存根联", "企业联", "备案联"), strict=True):
        assert label in page
        assert sum(lbl in page for lbl in ("存根联", "企业联", "备案联")) == 1
        assert "物业服务整改通知单" in page and "—1—" in page


def test_rectification_without_items_is_refused(rect_notice):
    from dataclasses import replace

    with pytest.raises(PrintError, match="没有整改事项"):
        render_rectification_notice(replace(rect_notice, items=()), io.BytesIO())


# --- contracts ------------------------------------------------------------------------------


@needs_poppler
def test_service_contract_has_all_civil_code_938_clauses(tmp_path, contract):
    out = tmp_path / "c.pdf"
    render_service_contract(contract, out)
    text = pdftext(out)
    # 服务事项、服务质量、服务费用的标准和收取办法、维修资金的使用、服务用房的管理和使用、
    # 服务期限、服务交接.
    for s in ("物业服务事项", "物业服务标准", "0.65元/平方米·月", "缴纳", "专项维修资金",
              "物业服务用房", "2027年1月1日起至2029年12月31日止", "交接"):
        assert s in text, s
    for k, ch in enumerate(("物业基本情况", "服务内容与质量", "服务费用", "物业的经营与管理",
                            "物业的承接验收", "物业的使用与维护", "专项维修资金",
                            "服务期限与交接", "违约责任", "其他事项"), start=1):
        # (poppler may separate the centred "第N章" from its name, so check both and the order)
        assert f"第{cn_ordinal(k)}章" in text and ch in text, ch
    chapters = [text.index(f"第{cn_ordinal(k)}章") for k in range(1, 11)]
    assert chapters == sorted(chapters)
    assert "幸福里小区业主委员会" in text and "91220104MA0Y3K2X1B" in text
    assert "甲方（盖章）" in text and "法定代表人（签字）" in text
    _fonts_ok(out)


def test_service_contract_signature_page_is_not_alone(tmp_path, contract):
    out = tmp_path / "c.pdf"
    render_service_contract(contract, out)
    pages = [p.extract_text().replace(" ", "").replace("\n", "") for p in PdfReader(out).pages]
    assert pages[-1].startswith("附件")  # the service standard follows on its own page
    last = pages[-2]
    assert "甲方（盖章）" in last
    assert "第" in last and "条" in last  # at least the last article travels with it


@needs_poppler
def test_decoration_agreement_has_the_nine_contents(tmp_path, decoration):
    out = tmp_path / "d.pdf"
    render_decoration_agreement(decoration, out)
    text = pdftext(out)
    for s in ("装饰装修工程的实施内容", "装饰装修工程的实施期限", "允许施工的时间",
              "废弃物的清运与处置", "住宅外立面设施及防盗窗的安装要求", "禁止行为和注意事项",
              "管理服务费用", "违约责任", "其他需要约定的事项"):
        assert s in text, s
    assert "变动建筑主体和承重结构" in text
    assert "2,000元" in text
    assert "______" in text  # unfilled fee left as a line to fill by hand
    _fonts_ok(out)


def test_cn_ordinal():
    assert [cn_ordinal(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十",
                                                               "二十三"]


# --- inspection report ----------------------------------------------------------------------


@needs_poppler
def test_inspection_report_content_and_order(tmp_path, report):
    out = tmp_path / "rep.pdf"
    render_inspection_report(report, out)
    text = pdftext(out)
    for s in ("幸福里小区物业服务季度考核报告", "2026年11月18日", "刘晓燕、王喆",
              "准物业小区季度考核表（2026版）", "30/60", "不合格", "现场照片", "整改事项",
              "东门消防车通道被占用", "检查人员（签字）"):
        assert s in text, s
    # Failed items first, the critical one leading; passed items after all failed ones.
    pos = {t: text.index(t) for t in ("消防车通道畅通", "楼道无堆放杂物", "电梯年检合格",
                                      "物业服务收费标准公示", "垃圾日产日清")}
    assert pos["消防车通道畅通"] < pos["楼道无堆放杂物"] < pos["电梯年检合格"]
    assert pos["电梯年检合格"] < pos["物业服务收费标准公示"] < pos["垃圾日产日清"]
    _fonts_ok(out)


def test_inspection_report_embeds_every_photo(tmp_path, report):
    out = tmp_path / "rep.pdf"
    render_inspection_report(report, out)
    images = [img for page in PdfReader(out).pages for img in page.images]
    assert len(images) == len(report.photos)


def test_inspection_report_missing_photo_prints_a_placeholder(tmp_path, report):
    from dataclasses import replace

    bad = replace(report, photos=(Photo(tmp_path / "nope.jpg", "楼道照片"),))
    out = io.BytesIO()
    assert render_inspection_report(bad, out) >= 1  # the report is not stopped by one file
    text = "".join("".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    assert "照片文件缺失" in text and "楼道照片" in text


@needs_poppler
def test_copy_note_never_overprints_the_page_number(tmp_path, rect_notice):
    """Issue 13: the 备案联 footer note is long; it sits on its own line below "— n —"."""
    out = tmp_path / "three.pdf"
    pages = render_rectification_notice(rect_notice, out, three_copies=True)
    words = words_bbox(out)
    for page in range(1, pages + 1):
        number = [w for w in words if w[0] == page and w[1].isdigit() and w[3] > 760]
        note = [w for w in words if w[0] == page and "联" in w[1] and w[3] > 760]
        assert number and note, page
        assert min(n[3] for n in note) >= max(n[5] for n in number) - 0.5, (page, number, note)
