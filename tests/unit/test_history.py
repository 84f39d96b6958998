"""修改记录, 恢复为此版本, 回收站 and who is working — through the services, on real SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, delete, select

from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.services.history import HistoryService
from wuye_desktop.services.registers import ValidationFailed
from wuye_desktop.services.workers import KEY_WORKER, WorkerNameInvalid, WorkerService
from wuye_desktop.storage.db import Database
from wuye_desktop.storage.migrate import make_config
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.storage.models_history import HistoryEntry


@pytest.fixture
def hist(demo_services: Services) -> HistoryService:
    return HistoryService(demo_services.db, demo_services.registers)


def _edit(svc: Services, kind: str, row_id: str, **changes: object) -> None:
    values = dict(svc.registers.get(kind, row_id) or {})
    values.update(changes)
    svc.registers.save(kind, values, row_id)


def _outbox(svc: Services, row_id: str) -> list[OutboxEntry]:
    with svc.db.session() as s:
        return list(s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == row_id)
                              .order_by(OutboxEntry.seq)))


def test_create_edit_delete_restore_each_appear_with_labels_and_worker(
        demo_services: Services, hist: HistoryService) -> None:
    svc = demo_services
    eid = hist.find("estates", "东风花园")
    assert eid is not None
    (created,) = hist.history("estates", eid)
    assert created.action == "新建" and created.user == "测试员" and created.device == "本机"
    assert ("小区名称", "东风花园") in [(c.label, c.new) for c in created.changes]
    assert not created.restorable  # it is the current version

    WorkerService(svc.db).switch("王小红")
    _edit(svc, "estates", eid, address="人民大街1号", management_mode="无物业")
    edit = hist.history("estates", eid)[0]
    assert (edit.action, edit.user) == ("修改", "王小红")
    by_label = {c.label: (c.old, c.new) for c in edit.changes}
    assert by_label["地址"][1] == "人民大街1号"
    assert by_label["管理模式"][1] == "无物业"  # enum codes shown as their Chinese label
    assert set(by_label) == {"地址", "管理模式"}  # exactly the changed fields

    # a building: reference columns shown by the referenced record's name
    bid = hist.find("buildings", "东风花园/1号楼")
    assert bid is not None
    first = hist.history("buildings", bid)[-1]
    assert ("所属小区", "东风花园") in [(c.label, c.new) for c in first.changes]

    leads = svc.registers.rows("leads", filters={"estate_id": eid})
    lead = leads[0]
    svc.registers.delete("leads", lead["id"])
    assert hist.history("leads", lead["id"])[0].action == "删除"
    trash = hist.trash()
    assert [(t.kind, t.id, t.deleted_by) for t in trash] == [("leads", lead["id"], "王小红")]
    assert trash[0].title.endswith("/" + lead["name"]) and trash[0].kind_label == "楼长"

    before = len(_outbox(svc, lead["id"]))
    assert hist.restore_deleted("leads", lead["id"]) == trash[0].title
    assert svc.registers.get("leads", lead["id"]) is not None
    assert hist.trash() == []
    restore_op = _outbox(svc, lead["id"])[before:]
    assert len(restore_op) == 1 and restore_op[0].kind == "update"
    assert restore_op[0].changes["deleted_at"][1] is None and restore_op[0].user == "王小红"
    assert hist.history("leads", lead["id"])[0].action == "恢复"


def test_restore_version_is_a_new_synced_edit(demo_services: Services,
                                              hist: HistoryService) -> None:
    svc = demo_services
    eid = hist.find("estates", "东风花园")
    assert eid is not None
    original = svc.registers.get("estates", eid)
    assert original is not None
    _edit(svc, "estates", eid, address="改一", household_count=1)
    _edit(svc, "estates", eid, address="改二", company_name=None)
    versions = hist.history("estates", eid)
    assert [v.action for v in versions] == ["修改", "修改", "新建"]
    assert [v.restorable for v in versions] == [False, True, True]
    n_out = len(_outbox(svc, eid))

    # back to the first version: every field as created, including the company reference
    hist.restore_version("estates", eid, versions[-1].id)
    now = svc.registers.get("estates", eid)
    assert now is not None
    for k in ("address", "household_count", "company_name", "contract_start", "management_mode"):
        assert now[k] == original[k], k
    new_ops = _outbox(svc, eid)[n_out:]
    assert len(new_ops) == 1 and new_ops[0].state == "pending" and new_ops[0].kind == "update"
    assert new_ops[0].changes["address"] == ["改二", original["address"]]
    top = hist.history("estates", eid)[0]  # the restore is itself in history, and says so
    assert top.action == "恢复版本" and top.note.startswith("恢复为") and "测试员新建后的版本" in top.note

    # to the middle version
    versions = hist.history("estates", eid)
    middle = next(v for v in versions if any(c.new == "改一" for c in v.changes))
    hist.restore_version("estates", eid, middle.id)
    now = svc.registers.get("estates", eid)
    assert now is not None and (now["address"], now["household_count"]) == ("改一", 1)
    assert now["company_name"] == original["company_name"]


def test_deleted_records_refuse_unsafe_restores(demo_services: Services,
                                               hist: HistoryService) -> None:
    svc = demo_services
    eid = hist.find("estates", "东风花园")
    assert eid is not None
    # A version of a deleted record: first bring it back from 回收站.
    cid = hist.find("committees", "东风花园")
    if cid is None:  # the demo may have no committee here: make one
        svc.registers.save("committees", {"estate_name": "东风花园", "kind": "业主委员会"})
        cid = hist.find("committees", "东风花园")
    assert cid is not None
    for m in svc.registers.rows("members", filters={"estate_id": eid}):
        svc.registers.delete("members", m["id"])
    svc.registers.delete("committees", cid)
    with pytest.raises(ValidationFailed, match="回收站"):
        hist.restore_version("committees", cid, hist.history("committees", cid)[-1].id)
    # A new committee now holds the estate: the old one cannot come back beside it.
    svc.registers.save("committees", {"estate_name": "东风花园", "kind": "业主委员会"})
    with pytest.raises(ValidationFailed, match="已登记了业委会"):
        hist.restore_deleted("committees", cid)

    # A building whose estate is deleted too: restore the estate first.
    sid = hist.find("estates", "兴华新村")
    assert sid is not None
    for kind in ("leads", "members"):
        for r in svc.registers.rows(kind, filters={"estate_id": sid}):
            svc.registers.delete(kind, r["id"])
    for kind in ("committees", "buildings"):
        for r in svc.registers.rows(kind, filters={"estate_id": sid}):
            svc.registers.delete(kind, r["id"])
    svc.registers.delete("estates", sid)
    bid = hist.find("buildings", "兴华新村/1号楼", deleted=True)
    assert bid is not None
    with pytest.raises(ValidationFailed, match="请先在回收站中恢复该小区"):
        hist.restore_deleted("buildings", bid)
    hist.restore_deleted("estates", sid)
    hist.restore_deleted("buildings", bid)
    assert svc.registers.get("buildings", bid) is not None


def test_switching_worker_changes_updated_by_without_reopening(demo_services: Services) -> None:
    svc = demo_services
    workers = WorkerService(svc.db)
    assert workers.stored() is None
    eid = HistoryService(svc.db, svc.registers).find("estates", "东风花园")
    assert eid is not None
    for name in ("张三", "李四"):
        workers.switch(name)
        _edit(svc, "estates", eid, note=f"{name}改的")
        with svc.db.session() as s:
            row = s.get(Estate, eid)
            assert row is not None and row.updated_by == name
        assert _outbox(svc, eid)[-1].user == name
    assert workers.recent() == ["李四", "张三"]
    with pytest.raises(WorkerNameInvalid, match="工作人员姓名"):
        workers.switch("  ")


def test_stored_worker_is_used_next_time_and_cli_name_wins(paths: AppPaths) -> None:
    svc = open_services(paths)
    try:
        WorkerService(svc.db).switch("王小红")
    finally:
        svc.close()
    svc = open_services(paths)
    try:
        assert svc.db.user == "王小红"
        assert svc.db.get_setting(KEY_WORKER) == "王小红"
    finally:
        svc.close()
    svc = open_services(paths, user="临时")
    try:
        assert svc.db.user == "临时"
    finally:
        svc.close()


def test_history_outlives_the_outbox(demo_services: Services, hist: HistoryService) -> None:
    """Sync may fold or prune outbox entries; 修改记录 is kept in its own table."""
    svc = demo_services
    eid = hist.find("estates", "东风花园")
    assert eid is not None
    _edit(svc, "estates", eid, address="新地址")
    before = [(v.action, [(c.label, c.old, c.new) for c in v.changes])
              for v in hist.history("estates", eid)]
    with svc.db.unit_of_work() as s:
        s.execute(delete(OutboxEntry))
    after = [(v.action, [(c.label, c.old, c.new) for c in v.changes])
             for v in hist.history("estates", eid)]
    assert after == before and len(after) == 2
    hist.restore_version("estates", eid, hist.history("estates", eid)[-1].id)
    assert svc.registers.get("estates", eid)["address"] != "新地址"  # type: ignore[index]


def test_rolled_back_edit_leaves_no_history(demo_services: Services, hist: HistoryService) -> None:
    eid = hist.find("estates", "东风花园")
    assert eid is not None
    with pytest.raises(RuntimeError), demo_services.db.unit_of_work() as s:
        obj = s.get(Estate, eid)
        assert obj is not None
        obj.address = "不会保存"
        s.flush()
        raise RuntimeError("boom")
    assert len(hist.history("estates", eid)) == 1


def test_migration_backfills_history_from_the_outbox(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    db = Database(path, user="老张")
    with db.unit_of_work() as s:
        s.add(Estate(name="旧小区", community_code="220102003001", management_mode="quasi"))
    db.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # what the previous release left behind
        command.downgrade(make_config(conn), "0003")
    engine.dispose()
    db = Database(path)
    try:
        with db.session() as s:
            (h,) = s.scalars(select(HistoryEntry)).all()
            op = s.scalars(select(OutboxEntry)).one()
        assert (h.table_name, h.kind, h.user, h.op_id) == ("estates", "insert", "老张", op.op_id)
        assert h.changes["name"] == [None, "旧小区"]
    finally:
        db.close()
