"""The 同步 screen with a poisoned pull and a failed sync (issue 15): the set-aside row is listed
under 需要处理, every message is Chinese, and the status never says 已同步 after a failure."""

from __future__ import annotations

import pytest

from county.helpers import op, push_unchecked
from wuye_desktop.domain.enums import ManagementMode

from .test_gui import _sync, gui_app, offices, window  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


def test_poisoned_row_is_listed_under_needs_attention(qtbot, offices, window):  # noqa: F811
    a, _b, community = offices
    w, screen = window
    rid = a.services.registers.create("estates", {
        "name": "坏值小区", "community_code": community,
        "management_mode": ManagementMode.NONE}).id
    a.sync.run()
    push_unchecked(a.sync.server(), a.sync._creds.access_token(),
                   [op("estates", rid, "update", 1, household_count=(None, 2**70))])
    report = _sync(qtbot, screen)
    assert report.problems
    assert "单独存放" in screen.lbl_message.text()
    screen.activate()
    qtbot.waitUntil(lambda: screen.attention.rowCount() == 1, timeout=10000)
    assert "县服务器" in screen.attention.item(0, 3).text()
    assert w.sync_label.text().startswith("需要处理 ")


def test_a_failed_sync_is_said_in_chinese_and_is_not_synced(qtbot, offices, window,  # noqa: F811
                                                           monkeypatch):
    _a, b, _c = offices
    w, screen = window
    _sync(qtbot, screen)
    assert w.sync_label.text().startswith("已同步")

    def boom():
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(b.sync, "run", boom)
    with qtbot.waitSignal(screen.controller.finished, timeout=30000):
        assert screen.controller.sync_now()
    qtbot.waitUntil(lambda: screen.ctx.runner.pending == 0, timeout=20000)
    text = screen.lbl_message.text()
    assert "同步未完成" in text and "Python int" not in text
    qtbot.waitUntil(lambda: w.sync_label.text().startswith("同步失败"), timeout=10000)
    assert "Python int" not in w.sync_label.toolTip()



def test_a_busy_county_server_is_said_on_the_sync_screen(qtbot, offices, window, county):  # noqa: F811
    _a, b, community = offices
    w, screen = window
    _sync(qtbot, screen)
    capacity = county.app.state.capacity
    limit = capacity.limit
    client = b.sync._client
    assert client is not None
    client.max_busy_wait = 0  # give up at the first 503: the test needs no waiting
    b.services.registers.create("estates", {"name": "忙时小区", "community_code": community,
                                            "management_mode": ManagementMode.NONE})
    capacity.limit = 0
    try:
        with qtbot.waitSignal(screen.controller.finished, timeout=30000):
            assert screen.controller.sync_now()
        qtbot.waitUntil(lambda: screen.ctx.runner.pending == 0, timeout=20000)
    finally:
        capacity.limit = limit
    assert "县服务器正忙" in screen.lbl_message.text()
    qtbot.waitUntil(lambda: w.sync_label.text().startswith("县服务器正忙"), timeout=10000)
    assert "稍后会自动再同步" in w.sync_label.toolTip()
    _sync(qtbot, screen)  # the next sync sends the change
    qtbot.waitUntil(lambda: w.sync_label.text().startswith("已同步"), timeout=10000)
