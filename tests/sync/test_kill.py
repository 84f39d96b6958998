"""A desktop killed with SIGKILL at random points of push and pull loses and duplicates nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from county.helpers import new_community
from wuye_county.models import AppliedOp, Row, RowVersion
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.storage.models import Estate, OutboxEntry

from .conftest import child_env
from .helpers import Desk

TRIALS = 8


def _edit(desk: Desk, community: str, n: int, tag: str) -> None:
    """n new estates in separate transactions, plus an edit of an older one of this device's
    now and then."""
    for i in range(n):
        with desk.db.unit_of_work() as s:
            s.add(Estate(name=f"{tag}-{i}", community_code=community,
                         management_mode=ManagementMode.NONE, household_count=i))
        if i % 4 == 3:
            with desk.db.unit_of_work() as s:
                # one of this device's own estates (tags 甲…/乙…): the other device never edits
                # it, so no edit can meet a concurrent one and end as a (legitimate) conflict
                e = s.scalars(select(Estate).where(Estate.name.startswith(tag[0]))
                              .order_by(func.random()).limit(1)).one()
                e.household_count = (e.household_count or 0) + 1000


def test_sigkill_at_random_points_loses_and_duplicates_nothing(server, tmp_path):
    rnd = random.Random(20240601)
    community = new_community()
    a_dir = tmp_path / "a"
    a = Desk(a_dir, server.url)
    a.enroll(server, community)
    other = Desk(tmp_path / "b", server.url)
    other.enroll(server, community)
    env = child_env()
    kills = 0
    for trial in range(TRIALS):
        _edit(a, community, 12, f"甲{trial}")
        _edit(other, community, 6, f"乙{trial}")
        other.engine.push()
        a.db.close()
        child = subprocess.Popen([sys.executable, "-m", "child_sync", str(a_dir), server.url],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rnd.uniform(0.4, 1.6))
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            kills += 1
        child.wait(30)
        a = Desk(a_dir, server.url)  # reopen as the app would after the crash
    a.db.close()
    done = subprocess.run([sys.executable, "-m", "child_sync", str(a_dir), server.url],
                          env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    other.engine.push()
    # Settle the pull side of the survivor once more (the other device pushed last).
    subprocess.run([sys.executable, "-m", "child_sync", str(a_dir), server.url], env=env,
                   check=True, timeout=120)
    a = Desk(a_dir, server.url)
    with a.db.session() as s:
        states = dict(s.execute(select(OutboxEntry.state, func.count())
                                .group_by(OutboxEntry.state)).all())
        op_ids = set(s.scalars(select(OutboxEntry.op_id)))
        ops = {o.op_id: (o.kind, o.row_id, o.changes) for o in s.scalars(select(OutboxEntry))}
        local = {e.id: (e.name, e.household_count) for e in s.scalars(select(Estate))}
    a_device = a.creds.device_id
    a.close()
    other.close()
    assert set(states) <= {"applied", "merged"}, states
    with server.engine.connect() as conn:
        server_rows = {r.row_id: (r.data["name"], r.data.get("household_count"))
                       for r in conn.execute(select(Row.row_id, Row.data).where(
                           Row.community_code == community, Row.table_name == "estates"))}
        applied = set(conn.execute(select(AppliedOp.op_id).where(
            AppliedOp.device_id == a_device)).scalars())
        version_ops = list(conn.execute(select(RowVersion.op_id).where(
            RowVersion.device_id == a_device)).scalars())
        history = {}
        for row_id, data in conn.execute(select(RowVersion.row_id, RowVersion.data).where(
                RowVersion.community_code == community)):
            history.setdefault(row_id, []).append(data)
    # Every local operation reached the server exactly once …
    assert applied == op_ids
    assert len(version_ops) == len(set(version_ops)) and set(version_ops) <= op_ids
    # … and an operation that made no version is one that changed nothing: an edit identical to
    # one the other device had already made to the same row (both raised household_count from the
    # same value), which the server acknowledges without a new version.
    for op_id in op_ids - set(version_ops):
        kind, row_id, changes = ops[op_id]
        assert kind == "update", (op_id, kind)
        assert any(all(data.get(f) == new for f, (_old, new) in changes.items())
                   for data in history[row_id]), (op_id, changes)
    # … and both sides hold the same rows with the same values.
    assert local == server_rows
    assert len(server_rows) == TRIALS * 18
    assert kills >= 1
