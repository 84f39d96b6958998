"""The rectification notice states what was found (issue 13, item 1): a failed item needs its
finding; the notice prints the finding, the per-item 整改要求 (template text, editable per
inspection), ★ for 否决项, the legal basis of the template or kind (editable), the wording and
signatory of the issuing authority; rectified items are left out; past deadlines, a missing
company and a preview spend no number."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from wuye_desktop.domain.inspections import InspectionError
from wuye_desktop.domain.notice_rules import NoticeAuthority, default_legal_basis, rectify_requirement
from wuye_desktop.domain.templates import parse_template
from wuye_desktop.services.inspection_templates import builtin_template_files
from wuye_desktop.services.printing import PrintError

from .helpers import D0, fill, template_id


def routine_json() -> dict[str, Any]:
    f = next(f for f in builtin_template_files() if f.name == "routine-patrol.json")
    return dict(json.loads(f.read_text(encoding="utf-8")))


def text_of(pdf: Path) -> str:
    """Text in drawing order (-raw keeps each table cell whole), whitespace removed."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", out)


def a4_png(pdf: Path, tmp: Path) -> Image.Image:
    """Render page 1 at 72 dpi (an A4 page is 596 × 842 pixels)."""
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp / "p")],
                   check=True)
    return Image.open(next(tmp.glob("p*.png")))


def routine_draft(services: Any, ins: Any, estate: dict[str, Any], code: str = "routine-patrol") -> Any:
    return ins.create_draft(estate["id"], template_id(services, code), D0)


def county_template(services: Any) -> str:
    """The routine patrol as a county-issued template: the county orders (责令)."""
    data = copy.deepcopy(routine_json()) | {"id": "county-patrol", "version": 1, "authority": "county",
                                  "issuer": "长春市南关区住房和城乡建设局",
                                  "legal_basis": "《吉林省物业管理条例》第四十六条"}
    services.templates.import_template(parse_template(data), source="test")
    return "county-patrol"


def test_failing_needs_a_finding_and_the_notice_prints_it(services, ins, quasi_estate, tmp_path) -> None:  # type: ignore[no-untyped-def]
    d = routine_draft(services, ins, quasi_estate)
    for it in d.items:
        ins.set_item(d.id, it.code, result="fail" if it.code in ("P1", "P8") else "pass")
    with pytest.raises(InspectionError, match=r"P1.*发现的问题"):
        ins.finalise(d.id)
    ins.set_item(d.id, "P1", note="3单元楼道堆放纸箱、旧家具")
    ins.set_item(d.id, "P8", note="东门消防车通道停放3辆私家车")
    res = ins.finalise(d.id, requirements={"P1": "三日内清走纸箱和旧家具，并在楼道张贴提示"})
    got = {r.item_code: r for r in res.opened}
    assert got["P1"].description == "3单元楼道堆放纸箱、旧家具"
    assert got["P1"].requirement == "三日内清走纸箱和旧家具，并在楼道张贴提示"  # edited for this inspection
    assert got["P8"].requirement.startswith("立即清除占用消防车通道")  # the template's 整改要求
    ins.set_requirement(got["P8"].id, "当日清除占用车辆，设置禁停标识")
    out = tmp_path / "n.pdf"
    r = services.printing.rectification(d.id, out, issue_date=D0)
    text = text_of(out)
    assert "3单元楼道堆放纸箱、旧家具" in text and "东门消防车通道停放3辆私家车" in text
    assert "楼道、楼梯间无堆放杂物" not in text  # the pass criterion is not printed as a problem
    assert "★〔P8〕" in text and "〔P1〕3单元" in text and "标“★”的为否决项" in text
    assert "当日清除占用车辆，设置禁停标识" in text and "立即整改，消除隐患" not in text
    # a community informs and urges; it does not order
    assert "告知你单位" in text and "督促" in text and "责令" not in text
    assert f"{quasi_estate['company_name']}：" in text
    office = services.printing.issuer().office
    assert f"{office}（盖章）" in text
    assert "整改依据：《中华人民共和国民法典》第九百四十二条" in text  # the routine template's basis
    assert r.number and r.number in text
    assert a4_png(out, tmp_path).size == (596, 842)  # A4 at 72 dpi, 595.28 rounded up
    box = PdfReader(str(out)).pages[0].mediabox
    assert abs(float(box.width) - 595.28) < 0.1 and abs(float(box.height) - 841.89) < 0.1


def test_county_template_orders_and_basis_is_editable(services, ins, quasi_estate, tmp_path) -> None:  # type: ignore[no-untyped-def]
    county_template(services)
    d = routine_draft(services, ins, quasi_estate, "county-patrol")
    fill(ins, d.id, {"P9": "fail"})
    ins.finalise(d.id)
    out = tmp_path / "c.pdf"
    services.printing.rectification(d.id, out, issue_date=D0)
    text = text_of(out)
    assert "责令限期整改通知书" in text and "现责令你单位" in text
    assert "长春市南关区住房和城乡建设局（盖章）" in text
    assert "整改依据：《吉林省物业管理条例》第四十六条。" in text
    again = tmp_path / "c2.pdf"
    services.printing.rectification(d.id, again, issue_date=D0, legal_basis="《物业管理条例》第五十九条")
    assert "整改依据：《物业管理条例》第五十九条。" in text_of(again)


def test_rectified_left_out_past_deadline_and_no_company_refused(services, ins, quasi_estate, tmp_path) -> None:  # type: ignore[no-untyped-def]
    d = routine_draft(services, ins, quasi_estate)
    fill(ins, d.id, {"P1": "fail", "P2": "fail"})
    res = ins.finalise(d.id)
    by = {r.item_code: r for r in res.opened}
    ins.mark_rectified(by["P2"].id, D0 + timedelta(days=1))
    printing = services.printing
    year = D0.year
    before = ins.next_notice_number(year)
    # a preview takes no number
    pv = tmp_path / "pv.pdf"
    p = printing.rectification(d.id, pv, issue_date=D0, preview=True)
    assert p.number == "" and f"〔{year}〕第号" in text_of(pv)
    out = tmp_path / "n.pdf"
    printing.rectification(d.id, out, issue_date=D0)
    text = text_of(out)
    assert "发现P1不符合要求" in text and "发现P2不符合要求" not in text  # rectified: left out
    # P1 is due D0 + 3 days: a notice dated after that is refused, and takes no number
    late = D0 + timedelta(days=10)
    with pytest.raises(PrintError, match=r"期限已过.*P1（期限2026年3月13日）") as exc:
        printing.rectification(d.id, tmp_path / "late.pdf", issue_date=late)
    assert "重新确定期限" in exc.value.with_hint()
    number_after_preview = ins.next_notice_number(year)
    assert int(re.findall(r"\d+", number_after_preview)[-1]) == int(re.findall(r"\d+", before)[-1]) + 2

    # an estate without a company: no addressee, refused naming the estate
    services.registers.save("estates", {"company_name": ""}, row_id=quasi_estate["id"])
    d2 = routine_draft(services, ins, quasi_estate)
    fill(ins, d2.id, {"P3": "fail"})
    ins.finalise(d2.id)
    with pytest.raises(PrintError, match=f"“{quasi_estate['name']}”没有登记物业服务企业"):
        printing.rectification(d2.id, tmp_path / "x.pdf", issue_date=D0)


def test_notice_rules_are_one_function_each() -> None:
    assert rectify_requirement("清理杂物。", "无杂物") == "清理杂物。"
    assert rectify_requirement("", "楼道无杂物") == "按照“楼道无杂物”的标准整改到位。"
    from wuye_desktop.domain.inspections import InspectionKind

    assert "消防法" in default_legal_basis(InspectionKind.FIRE_SAFETY)
    assert "民法典" in default_legal_basis(InspectionKind.ROUTINE)
    assert NoticeAuthority.parse("县住建局") is NoticeAuthority.COUNTY
    with pytest.raises(Exception, match="authority"):
        parse_template(routine_json() | {"authority": "街道"})
    assert date(2026, 1, 1) < D0


def test_report_says_why_lists_open_items_and_survives_a_missing_photo(services, ins, quasi_estate,  # type: ignore[no-untyped-def]
                                                                       tmp_path) -> None:
    """Issue 13 item 8: the reason for fail, the items still open after a re-inspection, and a
    placeholder with a warning for a photo file that is not on this computer."""
    d = routine_draft(services, ins, quasi_estate)
    fill(ins, d.id, {"P8": "fail", "P1": "fail"})  # P8 is a 否决项: fails whatever the score
    pic = tmp_path / "a.png"
    Image.new("RGB", (640, 480), "red").save(pic)
    info = ins.attach_photo(d.id, pic, "P1", caption="楼道纸箱")
    res = ins.finalise(d.id)
    out = tmp_path / "r.pdf"
    services.printing.report(d.id, out)
    text = text_of(out)
    assert "原因：否决项“P8消防车通道畅通，无占用”不合格" in text
    services.inspections.photos.path_of(info.sha256).unlink()  # as on a PC the photo never reached
    miss = services.printing.report(d.id, tmp_path / "m.pdf")
    assert "照片文件缺失" in text_of(tmp_path / "m.pdf") and miss.warnings and "楼道纸箱" in miss.warnings[0]
    # a re-inspection: P1 put right, P8 still not: the report lists P8 as still open
    r1 = ins.create_reinspection(res.inspection.id, D0 + timedelta(days=1))
    fill(ins, r1.id, {"P8": "fail"})
    ins.finalise(r1.id)
    services.printing.report(r1.id, tmp_path / "re.pdf")
    re_text = text_of(tmp_path / "re.pdf")
    assert "复查后仍未整改的事项" in re_text and "★发现P8不符合要求" in re_text
    assert "发现P1不符合要求" not in re_text.split("复查后仍未整改的事项")[1]
