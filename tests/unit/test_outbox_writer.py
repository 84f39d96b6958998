"""Every path that queues a change builds its outbox entry with the one writer
(``storage.outbox.outbox_values``): the ORM hook, the bulk insert, a conflict decision and a
retried rejected operation all produce the same shape."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.context import Services
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.storage.models_sync import write_resolution
from wuye_desktop.storage.outbox import SUPPRESS, bulk_insert_synced

ROW = {"name": "幸福小区", "community_code": "220102003001",
       "management_mode": ManagementMode.QUASI, "household_count": 120}
COLUMNS = {"seq", "op_id", "table_name", "row_id", "kind", "base_version", "changes",
           "created_at", "user", "device_id", "batch_id", "state", "result_message"}


def shape(e: OutboxEntry, svc: Services) -> dict[str, Any]:
    """What every new entry must look like, whichever path wrote it."""
    assert {c.key for c in OutboxEntry.__table__.columns} == COLUMNS
    uuid.UUID(e.op_id)
    assert isinstance(e.created_at, datetime)
    assert (e.user, e.device_id) == ("测试员", svc.db.device_id)
    assert (e.state, e.batch_id, e.result_message) == ("pending", None, None)
    for field, pair in e.changes.items():
        assert isinstance(field, str) and isinstance(pair, list) and len(pair) == 2
        for v in pair:  # wire form: JSON scalars only
            assert v is None or isinstance(v, str | int | float | bool), (field, v)
    return {"table": e.table_name, "kind": e.kind, "base_version": e.base_version,
            "changes": e.changes}


def newest(svc: Services) -> OutboxEntry:
    with svc.db.session() as s:
        e = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc()).limit(1)).one()
        s.expunge(e)
        return e


def test_orm_hook_and_bulk_insert_write_the_same_entry(services: Services) -> None:
    with services.db.unit_of_work() as s:
        s.add(Estate(**ROW))
    orm = newest(services)
    with services.db.unit_of_work() as s:
        bulk_insert_synced(s, Estate, [{**ROW, "name": "和平小区"}], services.db.actor)
    bulk = newest(services)
    assert orm.op_id != bulk.op_id and orm.row_id != bulk.row_id
    bulk.changes["name"][1] = "幸福小区"  # the one value that had to differ (names are unique)
    assert shape(orm, services) == shape(bulk, services) == {
        "table": "estates", "kind": "insert", "base_version": 0,
        "changes": {"name": [None, "幸福小区"], "community_code": [None, "220102003001"],
                    "management_mode": [None, "quasi"], "household_count": [None, 120]}}


def test_a_conflict_decision_writes_the_same_shape(services: Services) -> None:
    with services.db.unit_of_work() as s:
        e = Estate(**ROW)
        s.add(e)
        s.flush()
        eid = e.id
    with services.db.unit_of_work() as s:
        s.info[SUPPRESS] = True
        obj = s.get_one(Estate, eid)
        obj.version = 3
        obj.household_count = 150
        write_resolution(s, obj, {"household_count": (140, 150)})
    assert shape(newest(services), services) == {
        "table": "estates", "kind": "update", "base_version": 3,
        "changes": {"household_count": [140, 150]}}


def test_a_retried_rejected_insert_writes_the_same_shape(services: Services) -> None:
    with services.db.unit_of_work() as s:
        s.add(Estate(**ROW))
    first = newest(services)
    with services.db.unit_of_work() as s:
        s.info[SUPPRESS] = True
        s.scalars(select(OutboxEntry).where(OutboxEntry.op_id == first.op_id)).one().state = \
            "rejected"
    services.sync.retry(first.op_id)
    again = newest(services)
    assert again.op_id != first.op_id
    assert shape(again, services) == shape(first, services)
