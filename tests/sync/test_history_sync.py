"""修改记录 and 回收站 across devices, through a real county server: history survives a sync,
other devices' versions show their worker and device, and a restore from 回收站 reaches
every device."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from county.helpers import new_community
from wuye_county.models import RowVersion
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.history import HistoryService
from wuye_desktop.services.registers import RegisterService
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.storage.types import utcnow

from .helpers import Desk


@pytest.fixture
def pair(server, tmp_path):
    community = new_community()
    a = Desk(tmp_path / "a", server.url)
    b = Desk(tmp_path / "b", server.url)
    a.enroll(server, community)
    b.enroll(server, community)
    a.db.set_user("张三")
    b.db.set_user("李四")
    yield a, b, community
    a.close()
    b.close()


def _hist(desk: Desk) -> HistoryService:
    return HistoryService(desk.db, RegisterService(desk.db))


def _summary(desk: Desk, row_id: str) -> list[tuple[str, str, str, str]]:
    return [(v.action, v.user, v.device, v.source) for v in _hist(desk).history("estates", row_id)]


def test_history_survives_sync_and_shows_other_devices(pair, server) -> None:
    a, b, community = pair
    with a.db.unit_of_work() as s:
        e = Estate(name="东苑", community_code=community, management_mode=ManagementMode.NONE,
                   household_count=100)
        s.add(e)
        s.flush()
        eid = e.id
    a.engine.run()
    b.engine.run()
    with b.db.unit_of_work() as s:
        row = s.get(Estate, eid)
        assert row is not None
        row.household_count = 120
    b.engine.run()
    a.engine.run()

    # On A: its own insert, then B's edit as pulled from the county (李四 on another device).
    summary = _summary(a, eid)
    assert summary[-1] == ("新建", "张三", "本机", "local")
    assert summary[0][:2] == ("修改", "李四") and summary[0][3] == "server"
    assert summary[0][2].startswith("其他设备")
    edit = _hist(a).history("estates", eid)[0]
    assert [(c.label, c.old, c.new) for c in edit.changes] == [("户数", "100", "120")]
    # On B: A's insert came from the county, B's own edit is local.
    assert [(x[0], x[1], x[3]) for x in _summary(b, eid)] == [
        ("修改", "李四", "local"), ("新建", "张三", "server")]

    # The outbox may be pruned after a sync; history stays, and restoring still works.
    assert a.engine.counts() == {"applied": 1}
    with a.db.unit_of_work() as s:
        s.execute(delete(OutboxEntry))
    assert len(_summary(a, eid)) == 2
    first = _hist(a).history("estates", eid)[-1]
    _hist(a).restore_version("estates", eid, first.id)  # 恢复为此版本: a normal, synced edit
    a.engine.run()
    b.engine.run()
    with b.db.session() as s:
        assert s.get(Estate, eid).household_count == 100  # type: ignore[union-attr]


def test_restore_from_trash_reaches_the_county_and_other_devices(pair, server) -> None:
    a, b, community = pair
    with a.db.unit_of_work() as s:
        e = Estate(name="西苑", community_code=community, management_mode=ManagementMode.QUASI)
        s.add(e)
        s.flush()
        eid = e.id
    a.engine.run()
    b.engine.run()
    with a.db.unit_of_work() as s:
        row = s.get(Estate, eid)
        assert row is not None
        row.deleted_at = utcnow()
    a.engine.run()
    b.engine.run()
    with b.db.session() as s:
        assert s.get(Estate, eid).deleted_at is not None  # type: ignore[union-attr]
    (item,) = _hist(b).trash()
    assert (item.title, item.deleted_by) == ("西苑", "张三")

    _hist(b).restore_deleted("estates", eid)
    b.engine.run()
    assert b.engine.counts().get("rejected", 0) == 0
    a.engine.run()
    with a.db.session() as s:
        assert s.get(Estate, eid).deleted_at is None  # type: ignore[union-attr]
    with server.engine.connect() as conn:
        newest = conn.execute(select(RowVersion.deleted, RowVersion.user).where(
            RowVersion.row_id == eid).order_by(RowVersion.version.desc()).limit(1)).one()
    assert tuple(newest) == (False, "李四")
    assert _summary(a, eid)[0][:2] == ("恢复", "李四")
    assert _hist(a).trash() == []
