"""Acceptance through the CLI: batch notices per building, rectification notices with numbers
that are never reused, inspection reports with photos, contracts, and the exit codes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from wuye_desktop.__main__ import main
from wuye_desktop.domain.inspections import InspectionStatus
from wuye_desktop.services.context import Services
from wuye_desktop.services.inspections import InspectionFilter

from .helpers import assert_fonts_embedded, give_time, page_texts


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), "print", *args])


def failed_inspections(svc: Services) -> list[str]:
    """Finalised inspections with open rectification items (what a notice lists), newest first."""
    ins = svc.inspections
    rows = ins.find(InspectionFilter(status=InspectionStatus.FINAL, passed=False), limit=1000)
    return [r.id for r in rows if r.company_name and ins.notice_rectifications(r.id)]


def test_notice_for_every_building_of_the_demo_community(svc: Services, demo_copy: Path,
                                                         tmp_path: Path) -> None:
    leads: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in svc.registers.rows("leads"):
        leads[(r["estate_name"], r["building_number"])].append(r["name"])
    buildings = [(r["estate_name"], r["number"]) for r in svc.registers.rows("buildings")]
    out = tmp_path / "all.pdf"
    assert run(demo_copy, "notice", "--template", "fire_safety", "--all", "--field", "季节=冬季",
               "-o", str(out)) == 0
    texts = page_texts(out)
    assert len(texts) == len(buildings) > 100  # one page per building
    seen = set()
    for text in texts:
        match = [b for b in buildings if f"{b[0]}{b[1]}各位居民" in text]
        assert len(match) == 1, text[:60]
        seen.add(match[0])
        names = leads[match[0]]
        assert names and all(n in text for n in names)  # both leads of a two-lead building
    assert seen == set(buildings)
    assert any(len(v) == 2 for v in leads.values())  # the demo does have two-lead buildings
    assert_fonts_embedded(out)


def test_per_building_files_and_one_estate(svc: Services, demo_copy: Path, tmp_path: Path) -> None:
    estate = svc.printing.estates()[0]
    folder = tmp_path / "notices"
    assert run(demo_copy, "notice", "--template", "fire_safety", "--estate", estate.name,
               "--field", "季节=夏季", "--per-building", "-o", str(folder)) == 0
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == estate.buildings
    assert all(len(PdfReader(str(f)).pages) == 1 for f in files)


def test_missing_lead_is_a_data_error_unless_blank(svc: Services, demo_copy: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    estate = svc.printing.estates()[0]
    svc.registers.save("buildings", {"estate_name": estate.name, "number": "99号楼"})
    out = tmp_path / "n.pdf"
    args = ("notice", "--template", "fire_safety", "--estate", estate.name, "--field", "季节=冬季", "-o", str(out))
    assert run(demo_copy, *args) == 1
    assert "99号楼" in capsys.readouterr().err
    assert not out.exists()
    assert run(demo_copy, *args, "--blank-lead") == 0
    assert any("99号楼" in t for t in page_texts(out))


def test_rectification_notice_three_copies_and_numbers(svc: Services, demo_copy: Path,
                                                       tmp_path: Path) -> None:
    first, second = failed_inspections(svc)[:2]
    year = svc.clock.today().year  # the CLI builds its services on the same pinned clock
    a = tmp_path / "a.pdf"
    give_time(svc, first)
    give_time(svc, second)
    assert run(demo_copy, "rectification", first[:13], "--three-copies", "-o", str(a)) == 0
    text = "".join(page_texts(a))
    for mark in ("存根联", "企业联", "备案联"):
        assert mark in text
    assert text.count(f"〔{year}〕第1号") >= 3
    # Reprinting the same inspection keeps its number; another inspection takes the next one.
    again = tmp_path / "again.pdf"
    assert run(demo_copy, "rectification", first, "-o", str(again)) == 0
    assert f"〔{year}〕第1号" in "".join(page_texts(again))
    b = tmp_path / "b.pdf"
    assert run(demo_copy, "rectification", second, "-o", str(b)) == 0
    text_b = "".join(page_texts(b))
    assert f"〔{year}〕第2号" in text_b and "存根联" not in text_b
    assert svc.inspections.next_notice_number(year) == f"〔{year}〕第3号"
    assert_fonts_embedded(a)


def test_report_with_photos_from_a_finalised_inspection(svc: Services, demo_copy: Path,
                                                        tmp_path: Path) -> None:
    ins = svc.inspections
    tpl = svc.templates.find(latest_only=True)[0]
    estate_id = svc.printing.estates()[0].id
    draft = ins.create_draft(estate_id, tpl.id, date(2026, 11, 3))
    failing = draft.items[0].code
    for it in draft.items:
        ins.set_item(draft.id, it.code, result="fail" if it.code == failing else "pass",
                     note="现场发现问题" if it.code == failing else None)
    pics = []
    for i, colour in enumerate(("red", "blue", "green")):
        pics.append(tmp_path / f"p{i}.png")
        Image.new("RGB", (640, 480), colour).save(pics[-1])
    ins.attach_photo(draft.id, pics[0], failing, caption="楼道堆放杂物")
    ins.attach_photo(draft.id, pics[1], failing)
    ins.attach_photo(draft.id, pics[2])
    ins.finalise(draft.id)
    out = tmp_path / "report.pdf"
    assert run(demo_copy, "report", draft.id, "-o", str(out)) == 0
    reader = PdfReader(str(out))
    assert sum(len(p.images) for p in reader.pages) == 3
    text = "".join(page_texts(out))
    assert "楼道堆放杂物" in text and "不合格" in text
    assert_fonts_embedded(out)
    # A draft cannot be printed.
    other = ins.create_draft(estate_id, tpl.id, date(2026, 11, 4))
    assert run(demo_copy, "report", other.id, "-o", str(tmp_path / "d.pdf")) == 1


def test_contracts(svc: Services, demo_copy: Path, tmp_path: Path,
                   capsys: pytest.CaptureFixture[str]) -> None:
    estate = next(e for e in svc.registers.rows("estates") if e.get("company_name"))
    c = tmp_path / "c.pdf"
    assert run(demo_copy, "contract", "service", "--estate", estate["name"], "--field", "住宅物业费=0.65",
               "--field", "合同开始=2026-01-01", "--field", "合同结束=2028-12-31", "-o", str(c)) == 0
    text = "".join(page_texts(c))
    assert "物业服务合同" in text and estate["name"] in text and "0.65" in text
    assert estate["company_name"] in text
    d = tmp_path / "d.pdf"
    assert run(demo_copy, "contract", "decoration", "--estate", estate["name"], "-o", str(d)) == 1
    assert "开工日期" in capsys.readouterr().err
    assert run(demo_copy, "contract", "decoration", "--estate", estate["name"], "--field", "业主姓名=王秀英",
               "--field", "房屋=3号楼2单元501室", "--field", "装修内容=更换门窗", "--field", "开工日期=2026-12-01",
               "--field", "竣工日期=2027-01-15", "-o", str(d)) == 0
    assert "王秀英" in "".join(page_texts(d))


def test_templates_listing(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(demo_copy, "templates", "--json") == 0
    import json

    rows = json.loads(capsys.readouterr().out)
    assert {"fee_reminder", "fire_safety", "lead_appointment"} <= {r["id"] for r in rows}


@pytest.mark.parametrize(("args", "code"), [
    ((), 2),
    (("notice", "--template", "fire_safety", "-o", "x.pdf"), 2),  # neither --estate nor --all
    (("notice", "--template", "fire_safety", "--all", "--field", "季节", "-o", "x.pdf"), 2),
    (("notice", "--template", "nope", "--all", "-o", "x.pdf"), 1),
    (("notice", "--template", "fire_safety", "--estate", "没有这个小区", "-o", "x.pdf"), 1),
    (("notice", "--template", "fee_reminder", "--all", "-o", "x.pdf"), 1),  # required fields
    (("rectification", "ffffffff", "-o", "x.pdf"), 1),
    (("contract", "service", "--estate", "没有这个小区", "-o", "x.pdf"), 1),
])
def test_exit_codes(demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], code: int) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        got = run(demo_copy, *args)
    except SystemExit as exc:  # argparse usage errors exit 2 by themselves
        got = int(exc.code or 0)
    assert got == code
    if code == 1:
        err = capsys.readouterr().err
        assert err.strip() and any("\u4e00" <= ch <= "\u9fff" for ch in err)  # a Chinese message
    assert not (tmp_path / "x.pdf").exists()


def test_service_contract_commission_agents_and_attachment(svc: Services, demo_copy: Path,
                                                           tmp_path: Path) -> None:
    estate = next(e for e in svc.registers.rows("estates") if e.get("company_name"))
    c = tmp_path / "c.pdf"
    assert run(demo_copy, "contract", "service", "--estate", estate["name"], "--field", "计费方式=酬金制",
               "--field", "合同开始=2026-01-01", "--field", "合同结束=2028-12-31",
               "--field", "乙方委托代理人=赵刚", "-o", str(c)) == 0
    pages = page_texts(c)
    text = "".join(pages)
    assert "酬金制的约定" in text and "委托代理人：赵刚" in text.replace(" ", "")
    assert pages[-1].replace(" ", "").startswith("附件")
    assert run(demo_copy, "contract", "service", "--estate", estate["name"], "--field", "计费方式=包月",
               "--field", "合同开始=2026-01-01", "--field", "合同结束=2028-12-31",
               "-o", str(tmp_path / "bad.pdf")) == 1
    assert not (tmp_path / "bad.pdf").exists()
