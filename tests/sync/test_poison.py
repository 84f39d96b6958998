"""A pull that cannot be poisoned, and a push encoder that sends nothing unstorable (issue 15).

Values that slipped onto the server before it checked them (simulated by switching the
server's check off for one push) must not stop the other devices: the row is set aside with
the server's copy and a Chinese reason, shown under 需要处理, the pull goes on and the cursor
moves past it; a corrected version replaces it.
"""

from __future__ import annotations

import json
import math

import pytest
from sqlalchemy import select

from county.helpers import new_community, op, push_checked, push_unchecked
from wuye_county.models import Row
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.sync import SyncActionRefused, SyncService
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.storage.models_sync import SET_ASIDE, SyncCopy
from wuye_desktop.sync.engine import KEY_CURSOR

from .helpers import Desk

POISON = {"int 2^63": ("household_count", 2**63), "int -2^63-1": ("household_count", -(2**63) - 1),
          "int 10^400": ("household_count", 10**400), "surrogate": ("note", "坏\ud800"),
          "NUL": ("note", "a\x00b")}


@pytest.fixture
def pair(server, tmp_path):
    community = new_community()
    a, b = Desk(tmp_path / "a", server.url), Desk(tmp_path / "b", server.url)
    a.enroll(server, community)
    b.enroll(server, community)
    a.community = community
    yield a, b
    a.close()
    b.close()


def _add(d: Desk, name: str, **kw) -> str:
    with d.db.unit_of_work() as s:
        e = Estate(name=name, community_code=d.community, management_mode=ManagementMode.NONE,
                   **kw)
        s.add(e)
        s.flush()
        return e.id


def _service(d: Desk) -> SyncService:
    from wuye_desktop.paths import AppPaths

    return SyncService(AppPaths(d.dir), d.db)


def _poison(a: Desk, server, row_id: str, field: str, value) -> None:
    """Store ``value`` on the server as a server without the value check would have."""
    res = push_unchecked(server.url, a.creds.access_token(),
                         [op("estates", row_id, "update", 1, **{field: (None, value)})])
    assert res[0]["status"] == "applied", res


@pytest.mark.parametrize("case", sorted(POISON))
def test_poisoned_row_is_set_aside_and_the_pull_goes_on(pair, server, case):
    a, b = pair
    field, value = POISON[case]
    good = _add(a, "好小区")
    bad = _add(a, "坏小区")
    a.engine.push()
    if server.backend == "postgresql" and case in ("surrogate", "NUL"):
        # PostgreSQL cannot store these at all, so no feed can hold them: the server refuses
        # them per operation (a Chinese reason, not a 500) and the others' pull goes on.
        res = push_checked(server.url, a.creds.access_token(),
                           [op("estates", bad, "update", 1, **{field: (None, value)})])
        assert res[0]["status"] == "rejected" and res[0].get("reason"), res
        b.engine.pull()
        with b.db.session() as s:
            assert s.get(Estate, good) is not None and s.get(Estate, bad) is not None
        return
    _poison(a, server, bad, field, value)

    report = b.engine.pull()  # must not raise
    with b.db.session() as s:
        assert s.get(Estate, good) is not None
        kept = s.get(SyncCopy, (SET_ASIDE, "estates", bad))
        assert kept is not None and kept.version == 2
        assert "无法在本机保存" in kept.reason
        cursor = b.db.get_setting(KEY_CURSOR)
    assert report.problems and all("Error" not in p[:20] for p in report.problems)
    svc = _service(b)
    assert svc.status().attention == 1
    items = [i for i in svc.attention() if i.row_id == bad]
    assert len(items) == 1 and "县服务器" in items[0].reason
    # the cursor moved past: nothing again on the next pull
    assert b.engine.pull().problems == []
    assert b.db.get_setting(KEY_CURSOR) == cursor

    # a corrected version lands and clears the set-aside copy
    with a.db.unit_of_work() as s:
        obj = s.get(Estate, bad)
        obj.version = 2
        setattr(obj, field, 12 if field == "household_count" else "好")
    a.engine.push()
    b.engine.pull()
    with b.db.session() as s:
        assert s.get(SyncCopy, (SET_ASIDE, "estates", bad)) is None
        assert getattr(s.get(Estate, bad), field) in (12, "好")
    assert svc.status().attention == 0


def test_set_aside_row_can_be_discarded_not_retried(pair, server):
    a, b = pair
    bad = _add(a, "坏小区")
    a.engine.push()
    _poison(a, server, bad, "household_count", 10**30)
    b.engine.pull()
    svc = _service(b)
    [item] = svc.attention()
    with pytest.raises(SyncActionRefused, match="县服务器"):
        svc.retry(item.op_id)
    svc.discard(item.op_id)
    assert svc.status().attention == 0 and svc.attention() == []


def test_encoder_sends_nothing_unstorable(pair, server):
    a, _b = pair
    bad = _add(a, "无穷小区", floor_area=math.inf)
    good = _add(a, "正常小区", floor_area=1200.5)
    report = a.engine.push()
    assert report.pushed["applied"] == 1
    with a.db.session() as s:
        e = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == bad)).one()
        assert e.state == "rejected" and "建筑面积" in e.result_message
    with server.engine.connect() as conn:
        ids = set(conn.execute(select(Row.row_id)).scalars())
    assert good in ids and bad not in ids
    svc = _service(a)
    assert [i.row_id for i in svc.attention()] == [bad]


def test_every_device_sees_both_values_of_an_open_conflict(server, tmp_path):
    community = new_community()
    desks = [Desk(tmp_path / n, server.url) for n in "abc"]
    try:
        for d in desks:
            d.enroll(server, community)
            d.community = community
        a, b, c = desks
        rid = _add(a, "冲突小区")
        a.engine.run()
        b.engine.run()
        c.engine.run()
        for d, n in ((a, 300), (b, 420)):
            with d.db.unit_of_work() as s:
                s.get(Estate, rid).household_count = n
        a.engine.run()
        b.engine.run()  # conflicts: the server keeps 300 and stores 420
        c.engine.run()
        [item] = _service(c).conflicts()
        assert item.row_id == rid
        assert [(f.field, f.server_value, f.local_value) for f in item.fields] == [
            ("household_count", 300, 420)]
    finally:
        for d in desks:
            d.close()


def test_the_county_sees_rows_a_device_set_aside(pair, server, monkeypatch, capsys):
    """The device reports its set-aside rows after the pull: ``wuye-county setaside list``
    and the console's 设备 page show them; once the corrected version lands, they are gone."""
    from wuye_county.__main__ import main
    from wuye_county.setaside import counts_by_device, set_aside_rows

    a, b = pair
    bad = _add(a, "坏小区")
    a.engine.push()
    _poison(a, server, bad, "household_count", 10**30)
    b.engine.pull()
    with server.engine.connect() as conn:
        [row] = set_aside_rows(conn, a.community)
        assert (row.table_name, row.row_id, row.device_id, row.version) == (
            "estates", bad, b.creds.device_id, 2)
        assert "无法在本机保存" in row.reason
        assert counts_by_device(conn).get(b.creds.device_id) == 1
    monkeypatch.setenv("WUYE_COUNTY_DB", server.engine.url.render_as_string(hide_password=False))
    capsys.readouterr()
    assert main(["setaside", "list", "--community", a.community, "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["row_id"] == bad and listed["device"] == b.creds.device_id
    b.engine.pull()  # the same set: not reported again, still listed
    with server.engine.connect() as conn:
        assert len(set_aside_rows(conn, a.community)) == 1
    with a.db.unit_of_work() as s:
        obj = s.get(Estate, bad)
        obj.version, obj.household_count = 2, 12
    a.engine.push()
    b.engine.pull()
    with server.engine.connect() as conn:
        assert set_aside_rows(conn, a.community) == []
