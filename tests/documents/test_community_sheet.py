"""The 社区 sheet (issue 13, item 2): the register export carries the office's name, address,
phone and contact; importing it updates only the fields changed, through the outbox like the
form, and a file of another community (division code) is refused naming sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from wuye_desktop.__main__ import main
from wuye_desktop.services.context import Services
from wuye_desktop.storage.models import OutboxEntry
from wuye_desktop.storage.models_history import HistoryEntry

from .helpers import page_texts

FEE = {"收费年度": "2027", "收费标准": "0.65", "缴费截止日期": "2026年12月31日"}


def _set_cell(path: Path, header: str, value: str) -> None:
    wb = load_workbook(path)
    ws = wb["社区"]
    col = next(c.column for c in ws[1] if str(c.value).lstrip("*") == header)
    ws.cell(row=2, column=col, value=value)
    wb.save(path)


def _outbox_for(svc: Services, row_id: str) -> int:
    with svc.db.session() as s:
        return s.scalar(select(func.count()).select_from(OutboxEntry)
                        .where(OutboxEntry.row_id == row_id)) or 0


def test_export_import_round_trip_changes_nothing(svc: Services, tmp_path: Path) -> None:
    svc.registers.update_office(address="长春市南关区桃源路8号", phone="0431-85910000", contact="赵敏")
    c = svc.registers.community()
    assert c is not None
    out = tmp_path / "all.xlsx"
    svc.transfer.export("all", out)
    ws = load_workbook(out)["社区"]
    values = [cell.value for cell in ws[2]]
    assert c.code in values and "0431-85910000" in values and "赵敏" in values
    before = _outbox_for(svc, c.id)
    plan = svc.transfer.preview("all", out)
    assert plan.ok, plan.text()
    assert plan.report.community == [] and "社区信息" not in plan.text()
    assert not any("社区" in p.sheet for p in plan.report.problems)
    report = svc.transfer.apply(plan)
    assert report.ok and report.community == []
    assert _outbox_for(svc, c.id) == before


def test_changed_phone_lands_synced_and_printed(svc: Services, tmp_path: Path) -> None:
    svc.registers.update_office(phone="0431-85910000", contact="赵敏")
    c = svc.registers.community()
    assert c is not None
    out = tmp_path / "all.xlsx"
    svc.transfer.export("all", out)
    _set_cell(out, "办公电话", "0431－85917777")
    plan = svc.transfer.preview("all", out)
    assert plan.ok, plan.text()
    assert "办公电话：0431-85910000 → 0431-85917777" in plan.text()
    assert svc.registers.community().office_phone == "0431-85910000"  # preview writes nothing
    report = svc.transfer.apply(plan)
    assert report.ok, report.text()
    assert [(ch.field, ch.new) for ch in report.community] == [("office_phone", "0431-85917777")]
    after = svc.registers.community()
    assert after is not None and after.office_phone == "0431-85917777" and after.office_contact == "赵敏"
    with svc.db.session() as s:
        last = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == c.id)
                         .order_by(OutboxEntry.seq.desc())).first()
        hist = s.scalar(select(func.count()).select_from(HistoryEntry)
                        .where(HistoryEntry.row_id == c.id))
    assert last is not None and last.changes["office_phone"][1] == "0431-85917777"
    assert list(last.changes) == ["office_phone"] and hist
    pdf = tmp_path / "n.pdf"
    estate = next(e for e in svc.printing.estates() if e.buildings)
    svc.printing.notice_batch("fee_reminder", [estate.id], FEE, pdf)
    assert "电话：0431-85917777" in page_texts(pdf)[0]


def test_other_community_code_refused_naming_the_cell(svc: Services, tmp_path: Path,
                                                      data_dir: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    svc.registers.update_office(phone="0431-85910000")
    c = svc.registers.community()
    assert c is not None
    out = tmp_path / "all.xlsx"
    svc.transfer.export("all", out)
    _set_cell(out, "社区代码", "220102999999")
    _set_cell(out, "办公电话", "0431-85917777")
    plan = svc.transfer.preview("all", out)
    assert not plan.ok
    [problem] = plan.report.errors
    assert (problem.sheet, problem.row, problem.column) == ("社区", 2, "社区代码")
    assert "220102999999" in problem.message and c.code in problem.message
    assert "工作表“社区” 第2行 “社区代码”列" in plan.text()
    assert main(["--data-dir", str(data_dir), "import", "all", str(out), "--yes"]) != 0
    printed = capsys.readouterr()
    assert "工作表“社区” 第2行 “社区代码”列" in printed.out + printed.err
    assert svc.registers.community().office_phone == "0431-85910000"  # nothing written


def test_blank_cell_keeps_and_blank_clears_clears(svc: Services, tmp_path: Path) -> None:
    svc.registers.update_office(address="桃源路8号", contact="赵敏")
    out = tmp_path / "all.xlsx"
    svc.transfer.export("all", out)
    _set_cell(out, "联系人", "")
    assert svc.transfer.preview("all", out).report.community == []
    plan = svc.transfer.preview("all", out, blank_clears=True)
    assert [(ch.field, ch.old, ch.new) for ch in plan.report.community] == [
        ("office_contact", "赵敏", None)]
    svc.transfer.apply(plan)
    after = svc.registers.community()
    assert after is not None and after.office_contact == "" and after.office_address == "桃源路8号"
