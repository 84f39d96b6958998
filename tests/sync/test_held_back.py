"""A feed the county holds back is not a complete sync (issue 15: the rare divergence of
tests/sync/test_faults.py under load). On PostgreSQL pull serves only versions below the
oldest open transaction of the whole cluster; a long transaction anywhere (another database,
another test session) made a pull end early, and the run reported success without the rows."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from county.conftest import pg_county  # noqa: F401  (fixture)
from county.helpers import new_community
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.storage.models import Estate
from wuye_desktop.sync.engine import KEY_LAST_OK

from .helpers import Desk


def _pair(server, tmp_path, **kw) -> tuple[Desk, Desk, str]:
    community = new_community()
    a, b = Desk(tmp_path / "a", server.url), Desk(tmp_path / "b", server.url, **kw)
    a.enroll(server, community)
    b.enroll(server, community)
    return a, b, community


def test_a_held_back_feed_is_waited_for_or_reported_incomplete(pg_county, tmp_path):  # noqa: F811
    a, b, community = _pair(pg_county, tmp_path, hold_waits=0)
    holder = pg_county.engine.connect()
    try:
        tx = holder.begin()
        holder.execute(text("SELECT pg_current_xact_id()"))  # an open transaction with an id
        with a.db.unit_of_work() as s:
            s.add(Estate(name="被挡住的小区", community_code=community,
                         management_mode=ManagementMode.NONE))
        a.engine.run()
        report = b.engine.run()
        assert report.incomplete and b.db.get_setting(KEY_LAST_OK) is None
        # With waiting (the default), the run ends once the transaction does.
        b.engine.hold_waits = 6
        # time.sleep, not threading.Timer: a timed Event.wait never returns under the year-ahead
        # run's libfaketime, so the transaction would never end.
        threading.Thread(target=lambda: (time.sleep(0.5), tx.rollback()), daemon=True).start()
        report = b.engine.run()
        assert not report.incomplete and b.db.get_setting(KEY_LAST_OK)
        with b.db.session() as s:
            assert s.query(Estate).filter_by(name="被挡住的小区").one()
    finally:
        holder.close()
        a.close()
        b.close()
