"""Push: applied, merged, conflict, rejected; idempotency; old schema."""

from __future__ import annotations

from sqlalchemy import select

from wuye_county.models import Conflict, Row, RowVersion
from wuye_desktop import SCHEMA_VERSION

from .helpers import op, uid


def _row(county, table: str, row_id: str):
    with county.engine.connect() as conn:
        return conn.execute(select(Row.__table__).where(
            Row.table_name == table, Row.row_id == row_id)).first()


def test_insert_then_update_applied(county):
    d = county.enrol()
    rid = uid()
    ins = d.push(op("estates", rid, name="幸福小区", management_mode="none",
                    community_code=d.community))
    assert ins == [{"op_id": ins[0]["op_id"], "status": "applied", "version": 1,
                    "reason": None, "conflicts": [], "row": None}]
    up = d.push(op("estates", rid, "update", 1, management_mode=("none", "professional")))
    assert up[0]["status"] == "applied" and up[0]["version"] == 2
    row = _row(county, "estates", rid)
    assert row.data["management_mode"] == "professional"
    assert row.community_code == d.community and row.version == 2
    with county.engine.connect() as conn:
        hist = conn.execute(select(RowVersion.version, RowVersion.device_id, RowVersion.user)
                            .where(RowVersion.row_id == rid).order_by(RowVersion.version)).all()
    assert [(h.version, h.device_id, h.user) for h in hist] == [(1, d.id, "张三"), (2, d.id, "张三")]


def test_stale_edit_of_other_fields_merges(county):
    a = county.enrol()
    b = county.enrol(a.community)
    rid = uid()
    a.push(op("estates", rid, name="和平小区", household_count=100))
    assert a.push(op("estates", rid, "update", 1, household_count=(100, 120)))[0]["version"] == 2
    res = b.push(op("estates", rid, "update", 1, name=("和平小区", "和平新村")))[0]
    assert res["status"] == "merged"
    assert res["version"] == 3
    assert res["row"] == {"name": "和平新村", "household_count": 120}
    assert not _row(county, "estates", rid).needs_review


def test_same_field_different_value_is_a_conflict(county):
    a = county.enrol()
    b = county.enrol(a.community)
    rid = uid()
    a.push(op("estates", rid, name="光明小区", household_count=80, note="甲"))
    a.push(op("estates", rid, "update", 1, household_count=(80, 90)))
    res = b.push(op("estates", rid, "update", 1, household_count=(80, 85), note=("甲", "乙")))[0]
    assert res["status"] == "conflict"
    assert res["conflicts"] == [{"field": "household_count", "server_value": 90,
                                 "device_value": 85}]
    assert "待核实" in res["reason"]
    row = _row(county, "estates", rid)
    # Server keeps its value, the non-overlapping field still merges, the row waits for a person.
    assert row.data["household_count"] == 90 and row.data["note"] == "乙"
    assert row.needs_review
    with county.engine.connect() as conn:
        c = conn.execute(select(Conflict.__table__).where(Conflict.row_id == rid)).one()
    assert (c.field, c.server_value, c.device_value, c.device_id) == (
        "household_count", 90, 85, b.id)
    # A person's decision: an edit of that field on the current version resolves it.
    done = a.push(op("estates", rid, "update", res["version"], household_count=(90, 85)))[0]
    assert done["status"] == "applied"
    assert not _row(county, "estates", rid).needs_review
    with county.engine.connect() as conn:
        assert conn.execute(select(Conflict.resolved_at).where(
            Conflict.row_id == rid)).scalar_one() is not None


def test_same_value_on_both_sides_is_not_a_conflict(county):
    a = county.enrol()
    b = county.enrol(a.community)
    rid = uid()
    a.push(op("buildings", rid, number="1"))
    a.push(op("buildings", rid, "update", 1, floors_above=(None, 6)))
    assert b.push(op("buildings", rid, "update", 1, floors_above=(None, 6)))[0]["status"] == "merged"


def test_bad_operations_are_rejected_alone(county):
    a = county.enrol()
    other = county.enrol()
    theirs = uid()
    other.push(op("estates", theirs, name="别人的小区"))
    good1, good2 = uid(), uid()
    malformed = op("estates", uid(), name="坏")
    del malformed["row_id"]
    results = a.push(
        op("estates", good1, name="一"),
        op("no_such_table", uid(), name="x"),
        malformed,
        op("estates", theirs, "update", 1, name=("别人的小区", "抢来的")),
        op("estates", uid(), name="x", community_code=other.community),
        op("buildings", uid(), number="2", estate_id=theirs),
        op("estates", uid(), "update", 1, name=("a", "b")),
        op("estates", good2, name="二"),
    )
    statuses = [r["status"] for r in results]
    assert statuses == ["applied", "rejected", "rejected", "rejected", "rejected", "rejected",
                        "rejected", "applied"]
    reasons = [r["reason"] for r in results[1:7]]
    assert "no_such_table" in reasons[0]
    assert "格式错误" in reasons[1]
    assert "其他社区" in reasons[2]
    assert other.community in reasons[3]
    assert "其他社区" in reasons[4]
    assert "没有这条记录" in reasons[5]
    assert _row(county, "estates", theirs).data["name"] == "别人的小区"
    assert _row(county, "estates", good2) is not None


def test_repeated_batch_returns_stored_reply_and_applies_once(county):
    d = county.enrol()
    rid = uid()
    d.push(op("estates", rid, name="重复小区", household_count=1))
    batch = uid()
    ops = [op("estates", rid, "update", 1, household_count=(1, 2))]
    first = d.push_raw(ops, batch).json()
    second = d.push_raw(ops, batch).json()
    assert first["results"] == second["results"]
    assert second["replayed"] is True and first["replayed"] is False
    # The same op under a new batch id is still applied only once.
    third = d.push_raw(ops, uid()).json()
    assert third["results"] == first["results"]
    assert _row(county, "estates", rid).version == 2


def test_batch_id_of_another_device_is_refused(county):
    a = county.enrol()
    b = county.enrol(a.community)
    batch = uid()
    assert a.push_raw([op("estates", uid(), name="甲")], batch).status_code == 200
    r = b.push_raw([op("estates", uid(), name="乙")], batch)
    assert r.status_code == 409


def test_old_schema_gets_426_in_chinese(county):
    d = county.enrol()
    r = d.push_raw([op("estates", uid(), name="旧")], schema=SCHEMA_VERSION - 2)
    assert r.status_code == 426
    assert "升级" in r.json()["detail"] or "最新版本" in r.json()["detail"]
    # The previous schema is still accepted (when there is one).
    if SCHEMA_VERSION > 1:
        assert d.push_raw([op("estates", uid(), name="前")],
                          schema=SCHEMA_VERSION - 1).status_code == 200


def test_gzip_batch_is_accepted(county):
    import gzip
    import json

    import httpx

    d = county.enrol()
    body = {"batch_id": uid(), "device_id": d.id, "schema_version": SCHEMA_VERSION,
            "operations": [op("estates", uid(), name=f"压缩{i}") for i in range(50)]}
    r = httpx.post(f"{county.url}/sync/push", content=gzip.compress(json.dumps(body).encode()),
                   headers={**d.headers(), "Content-Encoding": "gzip",
                            "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert {x["status"] for x in r.json()["results"]} == {"applied"}
    bad = httpx.post(f"{county.url}/sync/push", content=b"not gzip",
                     headers={**d.headers(), "Content-Encoding": "gzip",
                              "Content-Type": "application/json"})
    assert bad.status_code == 400


def test_delete_is_a_tombstone_and_edit_after_delete_conflicts(county):
    a = county.enrol()
    b = county.enrol(a.community)
    rid = uid()
    a.push(op("leads", rid, name="李四", phone="13800000000"))
    deleted = a.push(op("leads", rid, "delete", 1))[0]
    assert (deleted["status"], deleted["version"]) == ("applied", 2)
    row = _row(county, "leads", rid)
    assert row.deleted and row.version == 2
    res = b.push(op("leads", rid, "update", 1, phone=("13800000000", "13900000000")))[0]
    assert res["status"] == "conflict"
    assert _row(county, "leads", rid).deleted


def test_own_insert_and_edit_in_one_batch_do_not_conflict(county):
    d = county.enrol()
    rid = uid()
    res = d.push(op("estates", rid, name="同批", household_count=1),
                 op("estates", rid, "update", 0, household_count=(1, 2)))
    assert [r["status"] for r in res] == ["applied", "merged"]
    assert _row(county, "estates", rid).data["household_count"] == 2
    assert not _row(county, "estates", rid).needs_review


def test_a_delete_applies_the_fields_edited_with_it(county):
    """Issue 15: a soft delete made in the same edit as other fields kept those fields on the
    device only; and a delete of a row another device deleted returns the server's copy."""
    a = county.enrol()
    b = county.enrol(a.community)
    rid = uid()
    a.push(op("estates", rid, name="拆除小区", management_mode="none"))
    res = a.push(op("estates", rid, "delete", 1, note=(None, "已拆除"),
                    deleted_at=(None, "2026-03-01T08:00:00+00:00")))
    assert res[0]["status"] == "applied"
    row = _row(county, "estates", rid)
    assert row.deleted and row.data["note"] == "已拆除"
    again = b.push(op("estates", rid, "delete", 1, note=(None, "另一台电脑的备注"),
                      deleted_at=(None, "2026-03-02T08:00:00+00:00")))
    assert again[0]["status"] == "merged" and again[0]["row"]["note"] == "已拆除"


def test_an_op_id_of_another_device_is_refused_not_replayed(county):
    a = county.enrol()
    b = county.enrol(a.community)
    mine = op("estates", uid(), name="甲的小区", management_mode="none")
    a.push(mine)
    theirs = op("estates", uid(), name="乙的小区", management_mode="none")
    theirs["op_id"] = mine["op_id"]
    res = b.push(theirs)
    assert res[0]["status"] == "rejected" and "重复" in res[0]["reason"]
    assert a.push(mine)[0]["status"] == "applied"  # the owner still gets its stored answer


def test_a_merged_copy_names_the_fields_the_server_never_had(county):
    """Found by tests/sync/test_convergence.py (seed 31): the server's copy left out a field it
    never stored, so the device kept its own value for it."""
    a = county.enrol()
    b = county.enrol(a.community)
    rid = uid()
    a.push(op("estates", rid, name="甲", management_mode="none"))
    a.push(op("estates", rid, "delete", 1, deleted_at=(None, "2026-03-01T08:00:00+00:00")))
    res = b.push(op("estates", rid, "delete", 1, note=(None, "乙的备注"),
                    deleted_at=(None, "2026-03-02T08:00:00+00:00")))
    assert res[0]["status"] == "merged"
    assert "note" in res[0]["row"] and res[0]["row"]["note"] is None
