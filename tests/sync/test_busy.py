"""Back-pressure (issue 14): a busy county answers 503 + Retry-After, and the desktop waits and
tries again without counting it as a failure, or says in Chinese that the server is busy."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from county.helpers import new_community
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.sync.client import ServerBusy

from .helpers import Desk


@pytest.fixture
def desk(server, tmp_path):
    d = Desk(tmp_path / "d", server.url, retries=0)  # a counted failure would end the call
    d.community = new_community()
    d.enroll(server, d.community)
    capacity = server.app.state.capacity
    before = capacity.limit
    yield d
    capacity.limit = before
    d.close()


def _add(d: Desk, name: str) -> None:
    with d.db.unit_of_work() as s:
        s.add(Estate(name=name, community_code=d.community, management_mode=ManagementMode.NONE))


def test_a_server_at_its_limit_answers_503_with_retry_after(server, desk):
    server.app.state.capacity.limit = 0
    r = httpx.post(f"{server.url}/sync/push", content=b"{}",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 503
    assert r.headers["retry-after"] == "1"
    assert "县服务器正忙" in r.json()["detail"]
    assert httpx.get(f"{server.url}/health").status_code == 200  # probes are not limited


def test_the_client_waits_as_told_and_the_push_goes_through(server, desk):
    capacity = server.app.state.capacity
    limit = capacity.limit
    capacity.limit = 0
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:  # the crowd has gone: slots free again
            capacity.limit = limit

    desk.client._sleep = sleep
    _add(desk, "排队小区")
    report = desk.engine.push()
    assert report.pushed == {"applied": 1}
    assert len(waits) == 3 and all(1.0 <= w <= 2.0 for w in waits)
    with desk.db.session() as s:
        assert s.scalars(select(OutboxEntry.state)).all() == ["applied"]


def test_a_server_busy_too_long_is_said_in_chinese_and_nothing_is_lost(server, desk):
    server.app.state.capacity.limit = 0
    waits: list[float] = []
    desk.client._sleep = waits.append
    desk.client.max_busy_wait = 5
    _add(desk, "久等小区")
    with pytest.raises(ServerBusy, match="县服务器正忙") as info:
        desk.engine.push()
    assert "稍后会自动再同步" in str(info.value)
    assert 5 <= sum(waits) < 7
    with desk.db.session() as s:  # still queued under its batch id, resent later as is
        assert s.scalars(select(OutboxEntry.state)).all() == ["sealed"]
    server.app.state.capacity.limit = 4
    assert desk.engine.push().pushed == {"applied": 1}
