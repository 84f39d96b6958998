"""Every notice complete or refused (issue 13, item 2): the community record carries the
office's address, phone and contact (service, CLI, outbox for sync); a notice whose template
needs a value not registered is refused naming the estate and what to fill; ``--field`` takes
the label or the name, overrides the office's defaults and refuses unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from wuye_desktop.__main__ import main
from wuye_desktop.printing import TemplateError
from wuye_desktop.services.context import Services
from wuye_desktop.storage.models import Community, OutboxEntry

from .helpers import page_texts

FEE = {"收费年度": "2027", "收费标准": "0.65", "缴费截止日期": "2026年12月31日"}


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


def test_office_details_are_stored_synced_and_printed(svc: Services, tmp_path: Path) -> None:
    c = svc.registers.update_office(address="长春市南关区桃源路8号", phone="0431－85910000",
                                    contact="赵敏")
    assert (c.office_address, c.office_phone, c.office_contact) == ("长春市南关区桃源路8号",
                                                                    "0431-85910000", "赵敏")
    with svc.db.session() as s:
        cid = s.scalar(select(Community.id))
        last = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == cid)
                         .order_by(OutboxEntry.seq.desc())).first()
    assert last is not None and last.changes["office_phone"][1] == "0431-85910000"  # goes to the county
    out = tmp_path / "n.pdf"
    estate = next(e for e in svc.printing.estates() if e.buildings)
    svc.printing.notice_batch("fee_reminder", [estate.id], FEE, out)
    text = page_texts(out)[0]
    assert "电话：0431-85910000" in text and "________" not in text


def test_missing_phone_or_company_refused_naming_what_to_fill(svc: Services, tmp_path: Path) -> None:
    svc.registers.update_office(phone="")
    estate = next(e for e in svc.printing.estates() if e.buildings)
    with pytest.raises(TemplateError, match="社区办公电话") as exc:
        svc.printing.notice_batch("fee_reminder", [estate.id], FEE, tmp_path / "a.pdf")
    assert estate.name in str(exc.value) and "--office-phone" in exc.value.with_hint()
    assert not (tmp_path / "a.pdf").exists()
    # a value given for this batch fills it (and overrides the registered one)
    svc.printing.notice_batch("fee_reminder", [estate.id], FEE | {"联系电话": "13843100000"},
                              tmp_path / "b.pdf")
    assert "电话：13843100000" in page_texts(tmp_path / "b.pdf")[0]
    svc.registers.update_office(phone="0431-85912345")
    svc.registers.save("estates", {"company_name": ""}, row_id=estate.id)
    with pytest.raises(TemplateError, match=f"{estate.name}：物业服务企业"):
        svc.printing.notice_batch("fee_reminder", [estate.id], FEE, tmp_path / "c.pdf")


def test_field_takes_label_or_name_and_refuses_unknown(svc: Services, demo_copy: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    estate = next(e for e in svc.printing.estates() if e.buildings)
    out = tmp_path / "n.pdf"
    common = ("print", "notice", "--template", "fee_reminder", "--estate", estate.name, "-o", str(out))
    fields = ("--field", "收费年度=2027", "--field", "住宅收费标准（元/平方米·月）=0.70",  # a label
              "--field", "缴费截止日期=2026年12月31日", "--field", "联系电话=0431-80000000")
    assert run(demo_copy, *common, *fields) == 0
    text = page_texts(out)[0]
    assert "0.70" in text and "0431-80000000" in text
    out.unlink()
    assert run(demo_copy, *common, *fields, "--field", "收费年份=2027") == 1
    err = capsys.readouterr().err
    assert "没有“收费年份”这一项" in err and "住宅收费标准" in err
    assert not out.exists()


def test_init_records_office_details(demo_copy: Path, svc: Services) -> None:
    c = svc.registers.community()
    assert c is not None
    assert run(demo_copy, "init", "--community-code", c.code, "--name", c.name,
               "--office-phone", "0431-81234567", "--contact", "孙倩", "--office-address", "人民大街1号") == 0
    svc2 = svc.registers.community()
    assert svc2 is not None and (svc2.office_phone, svc2.office_contact, svc2.office_address) == (
        "0431-81234567", "孙倩", "人民大街1号")
