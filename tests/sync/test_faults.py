"""Sync through a fault-injecting proxy still converges, with nothing lost or doubled."""

from __future__ import annotations

from urllib.parse import urlparse

from sqlalchemy import func, select

from county.helpers import new_community
from wuye_county.models import AppliedOp
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.sync.client import Offline

from .faultproxy import FaultProxy
from .helpers import Desk, sync_until_done


def test_sync_converges_through_drops_truncation_5xx_and_delays(server, tmp_path):
    up = urlparse(server.url)
    proxy = FaultProxy((up.hostname, up.port), rate=0.35)
    community = new_community()
    desks = []
    try:
        for name in ("a", "b"):
            d = Desk(tmp_path / name, proxy.url, max_ops=7, page_size=5, retries=2,
                     keepalive=False)
            # Enrolment itself is not retried blindly: a lost reply would burn the code.
            for _ in range(20):
                try:
                    d.enroll(server, community)
                    break
                except Offline:
                    continue
            desks.append(d)
        for rnd in range(4):
            for i, d in enumerate(desks):
                with d.db.unit_of_work() as s:
                    for k in range(9):
                        s.add(Estate(name=f"{rnd}-{i}-{k}", community_code=community,
                                     management_mode=ManagementMode.SELF, household_count=k))
                with d.db.unit_of_work() as s:
                    for e in s.scalars(select(Estate).limit(3)):
                        e.household_count = (e.household_count or 0) + 1
                sync_until_done(d)
        for d in desks * 2:
            sync_until_done(d)
        snap = []
        for d in desks:
            with d.db.session() as s:
                snap.append({e.id: (e.name, e.household_count) for e in s.scalars(select(Estate))})
                states = dict(s.execute(select(OutboxEntry.state, func.count())
                                        .group_by(OutboxEntry.state)).all())
                op_ids = set(s.scalars(select(OutboxEntry.op_id)))
            assert set(states) <= {"applied", "merged"}, states
            with server.engine.connect() as conn:
                applied = set(conn.execute(select(AppliedOp.op_id).where(
                    AppliedOp.device_id == d.creds.device_id)).scalars())
            assert applied == op_ids
        assert snap[0] == snap[1]
        assert len(snap[0]) == 4 * 2 * 9
        assert {k for k, n in proxy.counts.items() if n} == {
            "ok", "drop_before", "drop_after", "truncate", "bad_gateway", "delay"}
    finally:
        for d in desks:
            d.close()
        proxy.close()
