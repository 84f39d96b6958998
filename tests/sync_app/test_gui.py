"""Acceptance 3 (pytest-qt): the conflict dialog and the 需要处理 list against a real county
server on loopback, with two devices of one community; plus the status-bar indicator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import select

from county.helpers import new_community
from wuye_county.auth import create_enrolment_code
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.paths import resolve
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.services.sync import SyncService
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.tasks import TaskRunner
from wuye_desktop.ui import dialogs
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.main_window import MainWindow
from wuye_desktop.ui.sync_screen import SyncScreen

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture(scope="module", autouse=True)
def gui_app(qapp: object) -> object:
    """Fonts and the Chinese translation, as in the real app."""
    from wuye_desktop import i18n_build
    from wuye_desktop.app import make_application

    i18n_build.build()
    return make_application(lang="zh_CN")


def _code(county, community: str) -> str:
    with county.engine.begin() as conn:
        return create_enrolment_code(conn, community, "测试社区")[0]


class Office:
    """One desktop installation: services (with the sync plugin) on its own data directory."""

    def __init__(self, d: Path, county, community: str) -> None:
        self.services: Services = open_services(resolve(d), user="测试员")
        self.sync: SyncService = self.services.sync
        self.sync.retries, self.sync.backoff = 2, 0.05
        self.sync.enroll(county.url, _code(county, community), "测试机")
        self.db = self.services.db

    def estate(self, name: str) -> Estate:
        with self.db.session() as s:
            return s.scalars(select(Estate).where(Estate.name == name)).one()

    def edit(self, name: str, **values: object) -> None:
        with self.db.unit_of_work() as s:
            e = s.scalars(select(Estate).where(Estate.name == name)).one()
            for k, v in values.items():
                setattr(e, k, v)

    def close(self) -> None:
        self.sync.close()
        self.services.close()


@pytest.fixture
def offices(county, tmp_path: Path, monkeypatch) -> Iterator[tuple[Office, Office, str]]:
    monkeypatch.setenv("WUYE_SYNC_MANUAL", "1")  # no timers: the test drives the syncs
    community = new_community()
    a = Office(tmp_path / "a", county, community)
    b = Office(tmp_path / "b", county, community)
    yield a, b, community
    a.close()
    b.close()


@pytest.fixture
def window(qtbot, offices, tmp_path: Path) -> Iterator[tuple[MainWindow, SyncScreen]]:
    """Office b's main window with only the sync screen."""
    _a, b, _c = offices
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ctx = UiContext(b.services, runner, settings)
    w = MainWindow(ctx, modules=("wuye_desktop.ui.sync_screen",))
    w.resize(1100, 720)
    w.show()
    screen = w.screen_for("sync")
    assert isinstance(screen, SyncScreen)
    qtbot.waitUntil(lambda: screen.controller.last_status is not None, timeout=10000)
    yield w, screen
    # Not qtbot.addWidget: pytest-qt would delete the window before this teardown, while
    # results of background work can still be on their way to it.
    screen.controller.stop()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    runner.shutdown()
    w.close()
    w.deleteLater()


def _sync(qtbot, screen: SyncScreen) -> object:
    with qtbot.waitSignal(screen.controller.finished, timeout=30000) as blocker:
        assert screen.controller.sync_now()
    result = blocker.args[0]
    assert not isinstance(result, BaseException), result
    qtbot.waitUntil(lambda: screen.ctx.runner.pending == 0, timeout=20000)
    return result


def _screenshot(widget, name: str) -> None:
    """With WUYE_SYNC_SCREENSHOTS=DIR, save an offscreen grab (docs/sync is made this way)."""
    import os

    out = os.environ.get("WUYE_SYNC_SCREENSHOTS")
    if out:
        assert widget.grab().save(str(Path(out) / name))


def _estate_rows(screen: SyncScreen) -> dict[str, int]:
    """Title -> row of the 需要处理 rows about estates (other registers may be listed too)."""
    t = screen.attention
    return {t.item(r, 1).text(): r for r in range(t.rowCount()) if t.item(r, 0).text() == "小区"}


def test_conflict_dialog_pushes_the_chosen_values(qtbot, offices, window):
    a, b, community = offices
    w, screen = window
    with a.db.unit_of_work() as s:
        s.add(Estate(name="南苑", community_code=community, management_mode=ManagementMode.NONE,
                     household_count=100, note="旧"))
    a.sync.run()
    _sync(qtbot, screen)  # b receives 南苑
    a.edit("南苑", household_count=110, note="甲方备注")
    b.edit("南苑", household_count=120, note="乙方备注")
    a.sync.run()

    _sync(qtbot, screen)  # b's edit meets a's: both fields conflict
    qtbot.waitUntil(lambda: screen.conflicts.rowCount() == 1, timeout=10000)
    assert screen.conflicts.item(0, 1).text() == "南苑"
    assert "户数" in screen.conflicts.item(0, 2).text()
    assert w.sync_label.text() == "需要处理 1"

    dlg = screen.open_conflict(0)
    assert dlg is not None and dlg.isVisible()
    _screenshot(w, "sync_screen.png")
    _screenshot(dlg, "conflict_dialog.png")
    # Both values side by side, per field.
    assert dlg.server_buttons["household_count"].text() == "110"
    assert dlg.local_buttons["household_count"].text() == "120"
    assert dlg.server_buttons["note"].text() == "甲方备注"
    assert not dlg.ok.isEnabled()  # every field needs a choice
    dlg.server_buttons["household_count"].setChecked(True)
    assert not dlg.ok.isEnabled()
    dlg.local_buttons["note"].setChecked(True)
    assert dlg.ok.isEnabled()
    before = b.estate("南苑").version
    with qtbot.waitSignal(screen.controller.finished, timeout=30000) as blocker:
        dlg.ok.click()  # resolution recorded, then pushed at once
    assert not isinstance(blocker.args[0], BaseException), blocker.args[0]
    assert blocker.args[0].pushed["applied"] == 1
    qtbot.waitUntil(lambda: screen.ctx.runner.pending == 0, timeout=20000)

    mine = b.estate("南苑")
    assert (mine.household_count, mine.note, mine.sync_state) == (110, "乙方备注", "")
    assert mine.version > before
    a.sync.run()
    theirs = a.estate("南苑")
    assert (theirs.household_count, theirs.note, theirs.version) == (110, "乙方备注",
                                                                     mine.version)
    assert screen.conflicts.rowCount() == 0
    assert w.sync_label.text().startswith("已同步 ")
    assert b.sync.status().conflicts == 0


def test_attention_list_shows_the_reason_and_allows_retry_and_discard(qtbot, offices, window,
                                                                      monkeypatch):
    _a, b, community = offices
    w, screen = window
    with b.db.unit_of_work() as s:
        s.add(Estate(name="错码小区", community_code="110101001001",
                     management_mode=ManagementMode.NONE))
        s.add(Estate(name="又错小区", community_code="110101001001",
                     management_mode=ManagementMode.NONE))
    report = _sync(qtbot, screen)
    assert report.pushed["rejected"] >= 2
    screen.activate()
    qtbot.waitUntil(lambda: len(_estate_rows(screen)) == 2, timeout=10000)
    rows = _estate_rows(screen)
    assert sorted(rows) == ["又错小区", "错码小区"]
    assert "社区代码" in screen.attention.item(rows["错码小区"], 3).text()  # the server's reason
    assert w.sync_label.text().startswith("需要处理 ")
    total = screen.attention.rowCount()

    # Correct the community code and send again.
    dlg = screen.open_retry(rows["错码小区"])
    assert dlg is not None
    dlg.editors["community_code"].setText(community)
    with qtbot.waitSignal(screen.controller.finished, timeout=30000) as blocker:
        dlg.buttons.accepted.emit()
    assert blocker.args[0].pushed["applied"] == 1
    qtbot.waitUntil(lambda: list(_estate_rows(screen)) == ["又错小区"], timeout=10000)
    assert screen.attention.rowCount() == total - 1
    assert b.estate("错码小区").sync_state == ""
    # The correction typed in 需要处理 is an edit, so 修改记录 shows it (its outbox entry is
    # written by hand, past change capture).
    top = b.services.history.history("estates", b.estate("错码小区").id)[0]
    assert ("社区代码", community) in [(c.label, c.new) for c in top.changes]

    # Discard asks first; "No" keeps it.
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: dialogs.Button.No)
    row = _estate_rows(screen)["又错小区"]
    screen.discard(row)
    qtbot.waitUntil(lambda: screen.ctx.runner.pending == 0, timeout=10000)
    assert list(_estate_rows(screen)) == ["又错小区"]
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: dialogs.Button.Yes)
    screen.discard(row)
    qtbot.waitUntil(lambda: not _estate_rows(screen), timeout=20000)
    assert screen.attention.rowCount() == total - 2
    with b.db.session() as s:
        states = sorted(s.scalars(select(OutboxEntry.state).where(
            OutboxEntry.table_name == "estates")))
    # Nothing was deleted: the retried and the discarded operations are kept.
    assert states == ["applied", "discarded", "retried"]
