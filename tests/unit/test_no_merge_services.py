"""Issue 9, items 1–2 in the services: edits write only the changed fields (a concurrent change
by sync to another field survives), and an import plan is applied exactly or not at all."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.services.context import Services
from wuye_desktop.services.registers import DuplicateRecord
from wuye_desktop.services.transfer import NEW, UNCHANGED, UPDATE, PlanOutdated
from wuye_desktop.storage.db import Database
from wuye_desktop.storage.models import Estate
from wuye_desktop.storage.outbox import SUPPRESS

ESTATE = "东风花园"


def _estate(svc: Services, name: str = ESTATE) -> dict:
    (row,) = [r for r in svc.registers.rows("estates") if r["name"] == name]
    return row


def _sync_writes_address(svc: Services, estate_id: str, address: str) -> None:
    """Another connection changes one field the way the sync engine applies a pulled row."""
    other = Database(svc.db.path)
    try:
        with other.unit_of_work() as s:
            s.info[SUPPRESS] = True
            obj = s.get(Estate, estate_id)
            assert obj is not None
            obj.address = address
    finally:
        other.close()


def test_edit_writes_only_the_changed_fields_so_a_concurrent_sync_change_survives(
        demo_services: Services) -> None:
    regs = demo_services.registers
    shown = _estate(demo_services)            # the form is opened on this record …
    _sync_writes_address(demo_services, shown["id"], "同步来的新地址1号")  # … sync changes the address
    result = regs.update("estates", shown["id"], {"household_count": 999})  # the person's edit
    assert [c.field for c in result.changes] == ["household_count"]
    after = regs.get("estates", shown["id"])
    assert after["household_count"] == 999
    assert after["address"] == "同步来的新地址1号"
    assert after["company_name"] == shown["company_name"]


def test_create_refuses_every_register_natural_key(demo_services: Services) -> None:
    regs = demo_services.registers
    samples = {
        "estates": ("name",), "companies": ("name",), "buildings": ("estate_name", "number"),
        "leads": ("estate_name", "building_number", "name", "phone"),
        "committees": ("estate_name", "kind"), "members": ("estate_name", "name"),
    }
    for kind, keys in samples.items():
        existing = regs.rows(kind)[0]
        values = {k: existing[k] for k in keys} | (
            {"management_mode": "none"} if kind == "estates" else {})
        with pytest.raises(DuplicateRecord) as exc:
            regs.create(kind, values)
        assert exc.value.existing_id == existing["id"], kind
        assert "已有" in str(exc.value), kind
        assert regs.get(kind, existing["id"]) == existing, kind


def _sheet(path: Path, header: list[str], *rows: list[object]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_preview_writes_nothing_and_apply_writes_exactly_the_plan(demo_services: Services,
                                                                  tmp_path: Path) -> None:
    before = _estate(demo_services)
    f = _sheet(tmp_path / "e.xlsx", ["小区名称", "管理模式", "户数"],
               [ESTATE, "self", before["household_count"]], ["新小区", "quasi", 10])
    plan = demo_services.transfer.preview("estates", f)
    assert plan.ok and [e.action for e in plan.entries] == [UPDATE, NEW]
    (change,) = plan.entries[0].changes
    assert (change.label, change.new.label) == ("管理模式", "业主自管")
    assert _estate(demo_services) == before  # a preview writes nothing
    assert demo_services.registers.count("estates") == 12
    report = demo_services.transfer.apply(plan)
    assert report.ok and report.created["estates"] == 1 and report.updated["estates"] == 1
    after = _estate(demo_services)
    assert after["management_mode"] == "self" and after["address"] == before["address"]
    again = demo_services.transfer.preview("estates", f)
    assert [e.action for e in again.entries] == [UNCHANGED, UNCHANGED]


def test_apply_refuses_a_plan_the_database_has_moved_past(demo_services: Services,
                                                          tmp_path: Path) -> None:
    before = _estate(demo_services)
    f = _sheet(tmp_path / "e.xlsx", ["小区名称", "管理模式", "地址"],
               [ESTATE, before["management_mode"].label, "文件里的地址"])
    plan = demo_services.transfer.preview("estates", f)
    assert plan.entries[0].changes[0].old == before["address"]
    # between preview and confirmation, sync changes the very field the plan shows
    _sync_writes_address(demo_services, before["id"], "同步来的地址")
    with pytest.raises(PlanOutdated, match="重新导入"):
        demo_services.transfer.apply(plan)
    assert _estate(demo_services)["address"] == "同步来的地址"
