"""The sync engine against a real county server: convergence, merges, conflicts, 需要处理."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from county.helpers import new_community
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.storage.models import Building, Estate, OutboxEntry

from .helpers import Desk


@pytest.fixture
def pair(server, tmp_path):
    community = new_community()
    a = Desk(tmp_path / "a", server.url)
    b = Desk(tmp_path / "b", server.url)
    a.enroll(server, community)
    b.enroll(server, community)
    yield a, b, community
    a.close()
    b.close()


def _estates(desk: Desk) -> dict[str, tuple]:
    with desk.db.session() as s:
        return {e.id: (e.name, e.household_count, e.management_mode, e.version, e.deleted_at is None)
                for e in s.scalars(select(Estate))}


def test_two_devices_converge(pair):
    a, b, community = pair
    with a.db.unit_of_work() as s:
        e = Estate(name="东苑", community_code=community, management_mode=ManagementMode.NONE)
        s.add(e)
        s.flush()
        s.add(Building(estate_id=e.id, number="1"))
    with b.db.unit_of_work() as s:
        s.add(Estate(name="西苑", community_code=community,
                     management_mode=ManagementMode.PROFESSIONAL, household_count=300))
    for _ in range(2):
        for d in (a, b):
            d.engine.run()
    assert _estates(a) == _estates(b)
    assert {v[0] for v in _estates(a).values()} == {"东苑", "西苑"}
    with b.db.session() as s:
        assert s.scalars(select(Building.number)).all() == ["1"]
    assert a.engine.counts() == {"applied": 2}
    # Edits both ways, then a tombstone.
    with a.db.unit_of_work() as s:
        west = s.scalars(select(Estate).where(Estate.name == "西苑")).one()
        west.household_count = 320
    with b.db.unit_of_work() as s:
        east = s.scalars(select(Estate).where(Estate.name == "东苑")).one()
        east.management_mode = ManagementMode.QUASI
    a.engine.run(), b.engine.run(), a.engine.run()
    assert _estates(a) == _estates(b)
    with b.db.unit_of_work() as s:
        from wuye_desktop.storage.types import utcnow

        s.scalars(select(Estate).where(Estate.name == "西苑")).one().deleted_at = utcnow()
    b.engine.run(), a.engine.run()
    assert _estates(a) == _estates(b)
    assert sum(v[4] for v in _estates(a).values()) == 1


def test_concurrent_edits_merge_and_conflict_keep_both_values(pair):
    a, b, community = pair
    with a.db.unit_of_work() as s:
        s.add(Estate(name="南苑", community_code=community, management_mode=ManagementMode.NONE,
                     household_count=100, note="旧"))
    a.engine.run(), b.engine.run()
    with a.db.unit_of_work() as s:
        e = s.scalars(select(Estate)).one()
        e.household_count, e.address = 110, "南路1号"
    with b.db.unit_of_work() as s:
        e = s.scalars(select(Estate)).one()
        e.household_count, e.note = 120, "新"
    a.engine.run()
    # b's row has a pending edit: the pull must not overwrite it.
    report = b.engine.pull()
    assert report.kept_local == 1
    with b.db.session() as s:
        e = s.scalars(select(Estate)).one()
        assert (e.household_count, e.address) == (120, None)
    report = b.engine.run()
    assert report.pushed["conflict"] == 1
    with b.db.session() as s:
        e = s.scalars(select(Estate)).one()
        # Non-overlapping fields merged; the conflicting field keeps b's value locally while
        # the server copy (a's value) waits beside it.
        assert (e.address, e.note, e.sync_state) == ("南路1号", "新", "conflict")
    copy = b.engine.server_copy("estates", e.id)
    assert copy["conflicts"] == [{"field": "household_count", "server_value": 110,
                                  "device_value": 120}]
    # The person picks 120 on b (the value b already shows): a new version for everyone.
    with b.db.session() as s:
        rid = s.scalars(select(Estate.id)).one()
    b.engine.resolve_conflict("estates", rid, {"household_count": 120})
    b.engine.run(), a.engine.run()
    assert _estates(a) == _estates(b)
    for d in (a, b):
        with d.db.session() as s:
            e = s.scalars(select(Estate)).one()
            assert (e.household_count, e.sync_state) == (120, "")
    assert b.engine.server_copy("estates", rid) is None


def test_rejected_operation_goes_to_the_attention_list_and_does_not_block(pair, server):
    a, _b, community = pair
    with a.db.unit_of_work() as s:
        s.add(Estate(name="错社区", community_code="110101001001",
                     management_mode=ManagementMode.NONE))
        s.add(Estate(name="对社区", community_code=community,
                     management_mode=ManagementMode.NONE))
    report = a.engine.run()
    assert report.pushed == {"rejected": 1, "applied": 1}
    with a.db.session() as s:
        bad = s.scalars(select(OutboxEntry).where(OutboxEntry.state == "rejected")).one()
        assert "社区代码" in bad.result_message
    # Nothing left to send; the rejection stays for a person.
    assert a.engine.counts() == {"rejected": 1, "applied": 1}


def test_refresh_token_is_only_in_the_keyring(pair, test_keyring):
    a, _b, _c = pair
    a.creds.invalidate()
    a.engine.run()  # forces a refresh, i.e. a rotation
    tokens = [v for (svc, _u), v in test_keyring.store.items() if svc.startswith("wuye")]
    assert tokens
    a.db.close()
    for f in a.dir.rglob("*"):
        if f.is_file():
            raw = f.read_bytes()
            for t in tokens:
                assert t.encode() not in raw, f


def test_enrolling_again_retires_the_old_identity(server, tmp_path):
    """A PC enrolled afresh (new code, same server) tells the server which device it was, so the
    old credentials, wherever a copy went, can no longer sync (issue 16)."""
    from wuye_county.models import Device
    from wuye_desktop.sync.engine import KEY_DEVICE

    desk = Desk(tmp_path / "again", server.url)
    community = new_community()
    desk.enroll(server, community)
    old = desk.db.get_setting(KEY_DEVICE)
    desk.enroll(server, community)
    with server.engine.connect() as conn:
        rows = dict(conn.execute(select(Device.id, Device.revoked_reason)
                                 .where(Device.community_code == community)).all())
    desk.close()
    assert rows[old] == "retired" and list(rows.values()).count(None) == 1
