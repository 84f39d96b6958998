"""The outbox mirrors exactly what was committed: one entry per changed row per transaction,
holding exactly the changed fields; nothing for a rollback."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.context import Services
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.storage.outbox import HardDeleteError


def entries(svc: Services) -> list[OutboxEntry]:
    with svc.db.session() as s:
        return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def new_estate(svc: Services, name: str = "幸福小区") -> str:
    with svc.db.unit_of_work() as s:
        e = Estate(name=name, community_code="220102003001", management_mode=ManagementMode.QUASI,
                   household_count=120)
        s.add(e)
        s.flush()
        return e.id


def test_insert_writes_one_entry_with_every_set_field(services: Services) -> None:
    before = len(entries(services))
    eid = new_estate(services)
    new = entries(services)[before:]
    assert len(new) == 1
    e = new[0]
    assert (e.table_name, e.row_id, e.kind, e.base_version) == ("estates", eid, "insert", 0)
    assert e.changes == {"name": [None, "幸福小区"], "community_code": [None, "220102003001"],
                         "management_mode": [None, "quasi"], "household_count": [None, 120]}
    assert e.user == "测试员" and e.device_id == services.db.device_id
    with services.db.session() as s:
        row = s.get(Estate, eid)
        assert row is not None and row.updated_by == "测试员" and row.sync_state == "pending"


def test_edit_writes_exactly_the_changed_fields(services: Services) -> None:
    eid = new_estate(services)
    n = len(entries(services))
    with services.db.unit_of_work() as s:
        e = s.get(Estate, eid)
        assert e is not None
        e.household_count = 130
        e.address = "人民大街1号"
        e.name = "幸福小区"  # same value: not a change
    new = entries(services)[n:]
    assert len(new) == 1
    assert new[0].kind == "update"
    assert new[0].changes == {"household_count": [120, 130], "address": [None, "人民大街1号"]}


def test_several_flushes_in_one_transaction_coalesce(services: Services) -> None:
    eid = new_estate(services)
    n = len(entries(services))
    with services.db.unit_of_work() as s:
        e = s.get(Estate, eid)
        assert e is not None
        e.household_count = 1
        s.flush()
        e.household_count = 2
        e.address = "x"
        s.flush()
        e.address = None  # back to the committed value: no longer a change
    new = entries(services)[n:]
    assert len(new) == 1 and new[0].changes == {"household_count": [120, 2]}


def test_edit_back_to_original_in_one_transaction_writes_nothing(services: Services) -> None:
    eid = new_estate(services)
    n = len(entries(services))
    with services.db.unit_of_work() as s:
        e = s.get(Estate, eid)
        assert e is not None
        e.household_count = 5
        s.flush()
        e.household_count = 120
    assert len(entries(services)) == n


def test_rollback_leaves_no_entry_and_no_row(services: Services) -> None:
    n = len(entries(services))
    with pytest.raises(RuntimeError), services.db.unit_of_work() as s:
        s.add(Estate(name="回滚小区", community_code="220102003001",
                     management_mode=ManagementMode.NONE))
        s.flush()
        raise RuntimeError("boom")
    assert len(entries(services)) == n
    with services.db.session() as s:
        assert s.scalar(select(Estate).where(Estate.name == "回滚小区")) is None


def test_soft_delete_is_a_delete_entry_and_hard_delete_is_refused(services: Services) -> None:
    eid = new_estate(services)
    services.registers.delete("estates", eid)
    last = entries(services)[-1]
    assert last.kind == "delete" and last.row_id == eid
    assert set(last.changes) == {"deleted_at"} and last.changes["deleted_at"][0] is None
    with pytest.raises(HardDeleteError), services.db.unit_of_work() as s:
        s.delete(s.get(Estate, eid))


def test_base_version_is_the_confirmed_version(services: Services) -> None:
    eid = new_estate(services)
    with services.db.unit_of_work() as s:
        e = s.get(Estate, eid)
        assert e is not None
        e.version = 7  # as if the server had confirmed version 7 (sync bookkeeping: no entry)
    assert entries(services)[-1].kind == "insert"
    with services.db.unit_of_work() as s:
        e = s.get(Estate, eid)
        assert e is not None
        e.note = "复核"
    assert entries(services)[-1].base_version == 7


def test_outbox_mirrors_committed_rows_of_the_demo(demo_services: Services) -> None:
    """Replaying the outbox rebuilds exactly the committed rows (acceptance 3): the registers
    and what registering them made (the estates' schedules)."""
    from wuye_desktop.storage.outbox import to_wire
    from wuye_desktop.storage.sync_rows import synced_models

    replay: dict[tuple[str, str], dict] = {}
    for e in entries(demo_services):
        row = replay.setdefault((e.table_name, e.row_id), {})
        for field, (_old, new) in e.changes.items():
            row[field] = new
    with demo_services.db.session() as s:
        total = 0
        for table, model in synced_models().items():
            if getattr(model, "__sync_readonly__", False):
                continue  # county reference data (the built-in templates) is never pushed
            for obj in s.scalars(select(model)):
                total += 1
                stored = replay[(table, obj.id)]
                for field, value in stored.items():
                    assert to_wire(getattr(obj, field)) == value, (table, field)
        assert total == len(replay)
