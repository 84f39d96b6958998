"""Pull: pagination, own echoes, community isolation, reference data, late commits."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import select

from wuye_county.auth import DeviceInfo
from wuye_county.models import Row
from wuye_county.push import apply_batch
from wuye_county.reference import publish_templates
from wuye_desktop.sync.protocol import PushBatch

from .helpers import op, uid


def _rows(changes, table=None):
    return [c["row_id"] for c in changes if table is None or c["table"] == table]


def test_cursor_pages_through_everything_once(county):
    a = county.enrol()
    b = county.enrol(a.community)
    ids = [uid() for _ in range(7)]
    a.push(*[op("buildings", i, number=str(n)) for n, i in enumerate(ids)])
    _, start = b.pull_all()  # skip reference data other tests published
    seen, cursor, flags = [], "", []
    # Start from the beginning but only look at this community's buildings.
    cursor = ""
    while True:
        page = b.pull(cursor, limit=3)
        flags.append(page["has_more"])
        assert len(page["changes"]) <= 3
        seen += _rows(page["changes"], "buildings")
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert seen == ids
    assert flags[-1] is False and all(flags[:-1])
    again = b.pull(cursor)
    assert again["changes"] == [] and again["next_cursor"] == cursor
    assert cursor == start


def test_device_does_not_get_its_own_applied_writes_back(county):
    a = county.enrol()
    b = county.enrol(a.community)
    mine = uid()
    a.push(op("estates", mine, name="自己的"))
    assert mine not in _rows(a.pull_all()[0])
    theirs = uid()
    b.push(op("estates", theirs, name="别人的"))
    assert theirs in _rows(a.pull_all()[0])


def test_merged_versions_are_served_to_the_writer(county):
    a = county.enrol()
    b = county.enrol(a.community)
    rid = uid()
    a.push(op("estates", rid, name="合并", note="x"))
    a.push(op("estates", rid, "update", 1, note=("x", "y")))
    _, cur = b.pull_all()
    assert b.push(op("estates", rid, "update", 1, name=("合并", "合并后")))[0]["status"] == "merged"
    got = [c for c in b.pull_all(cur)[0] if c["row_id"] == rid]
    assert [(c["version"], c["data"]) for c in got] == [(3, {"name": "合并后", "note": "y"})]


def test_other_community_reads_nothing_and_photos_are_private(county):
    a = county.enrol()
    stranger = county.enrol()
    rid = uid()
    a.push(op("estates", rid, name="隔离小区"))
    assert rid not in _rows(stranger.pull_all()[0])
    data = b"\xff\xd8\xff photo-bytes"
    import hashlib

    h = hashlib.sha256(data).hexdigest()
    assert httpx.put(f"{county.url}/photos/{h}", content=data,
                     headers=a.headers()).status_code == 200
    assert httpx.get(f"{county.url}/photos/{h}", headers=a.headers()).content == data
    assert httpx.get(f"{county.url}/photos/{h}", headers=stranger.headers()).status_code == 404


def test_reference_data_reaches_every_community_read_only(county, tmp_path):
    tpl = tmp_path / "t.json"
    tpl.write_text(json.dumps({"kind": "inspection", "name": f"月度巡查{uid()}",
                               "items": ["消防通道"]}), encoding="utf-8")
    with county.engine.begin() as conn:
        publish_templates(conn, tpl)
        tid = conn.execute(select(Row.row_id).where(Row.table_name == "templates")
                           .order_by(Row.updated_at.desc())).scalars().first()
    a, b = county.enrol(), county.enrol()
    for d in (a, b):
        got = [c for c in d.pull_all()[0] if c["row_id"] == tid]
        assert len(got) == 1 and got[0]["reference"] is True
        assert got[0]["data"]["items"] == ["消防通道"]
    res = a.push(op("companies", tid, "update", 1, name=(None, "改")))[0]
    # "templates" is not a device table, and a county row is read-only either way.
    assert res["status"] == "rejected"


def test_bad_cursor_is_400(county):
    d = county.enrol()
    r = httpx.get(f"{county.url}/sync/changes", params={"cursor": "abc"}, headers=d.headers())
    assert r.status_code == 400 and "游标" in r.json()["detail"]


def test_late_committing_transaction_is_not_skipped(pg_county):
    county = pg_county
    a = county.enrol()
    b = county.enrol(a.community)
    reader = county.enrol(a.community)
    _, cursor = reader.pull_all()
    late, early = uid(), uid()
    conn = county.engine.connect()
    tx = conn.begin()
    try:
        # Transaction 1 writes first (smaller seq, smaller txid) but commits last.
        apply_batch(conn, DeviceInfo(a.id, a.community, ""),
                    PushBatch(batch_id=uid(), device_id=a.id,
                              operations=[op("estates", late, name="晚提交")]))
        # Transaction 2 writes and commits while 1 is still open.
        assert b.push(op("estates", early, name="先提交"))[0]["status"] == "applied"
        first = reader.pull(cursor)
        assert late not in _rows(first["changes"])
        cursor = first["next_cursor"]
        tx.commit()
    finally:
        conn.close()
    second, _ = reader.pull_all(cursor)
    seen = _rows(first["changes"]) + _rows(second)
    assert seen.count(late) == 1
    assert seen.count(early) == 1


@pytest.mark.parametrize("size", [0, 5])
def test_photo_upload_is_idempotent_and_checked(county, size):
    import hashlib

    d = county.enrol()
    data = b"\xff\xd8\xff" + uid().encode() * size
    h = hashlib.sha256(data).hexdigest()
    first = httpx.put(f"{county.url}/photos/{h}", content=data, headers=d.headers())
    assert first.status_code == 200 and first.json()["size"] == len(data)
    second = httpx.put(f"{county.url}/photos/{h}", content=data, headers=d.headers())
    assert second.json()["created"] is False
    assert httpx.head(f"{county.url}/photos/{h}", headers=d.headers()).status_code == 200
    wrong = httpx.put(f"{county.url}/photos/{'0' * 64}", content=b"x", headers=d.headers())
    assert wrong.status_code == 400 and "不符" in wrong.json()["detail"]


def test_a_page_ends_at_its_size_limit_and_nothing_is_lost(county, monkeypatch):
    """Big rows make short pages (at least one row each), not a page of hundreds of MB."""
    from wuye_county import pull

    monkeypatch.setattr(pull, "MAX_PAGE_SIZE", 50_000)
    a = county.enrol()
    b = county.enrol(a.community)
    _, cursor = b.pull_all()
    ids = [uid() for _ in range(9)]
    a.push(*[op("estates", i, name=f"大记录{n}", extra_text="备" * 19_000) for n, i in enumerate(ids)])
    seen: list[str] = []
    sizes = []
    while True:
        page = b.pull(cursor, limit=500)
        sizes.append(len(page["changes"]))
        seen += _rows(page["changes"], "estates")
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert seen == ids  # every row once, in order
    assert max(sizes) <= 3 and len(sizes) >= 3


def test_an_oversized_row_is_refused_per_operation(county):
    a = county.enrol()
    big = {f"extra_{k}": "字" * 19_000 for k in range(15)}  # each field fine, the row not
    ok, huge = uid(), uid()
    res = a.push(op("estates", ok, name="正常小区"), op("estates", huge, name="超大小区", **big))
    assert res[0]["status"] == "applied"
    assert res[1]["status"] == "rejected" and "太大" in res[1]["reason"]
