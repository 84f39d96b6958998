"""A computer with no usable system keyring: the 同步 screen says so *before* enrolment, names
what to install, and never sends the worker to the county for a new code (the code is not spent:
tests/sync/test_edges.py checks that against a real server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import QSettings

from wuye_desktop import secrets
from wuye_desktop.paths import resolve
from wuye_desktop.services.context import open_services
from wuye_desktop.tasks import TaskRunner
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.main_window import MainWindow
from wuye_desktop.ui.sync_screen import SyncScreen

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


def test_message_names_what_to_install_and_keeps_the_code() -> None:
    text = str(secrets.SecretStoreUnavailable())
    assert "gnome-keyring" in text and "KWallet" in text
    assert "注册码没有被使用" in text
    assert "申请注册码" not in text and "重新注册" not in text


@pytest.mark.parametrize("lang", ["zh_CN"])
def test_sync_screen_says_so_before_enrolment(qtbot, tmp_path: Path, monkeypatch, no_keyring,
                                              lang: str) -> None:
    from wuye_desktop import i18n_build
    from wuye_desktop.app import make_application

    i18n_build.build()
    make_application(lang=lang)
    monkeypatch.setenv("WUYE_SYNC_MANUAL", "1")
    services = open_services(resolve(tmp_path / "d"), user="测试员")
    services.registers.init_community("220102003001", "桃源社区")
    runner = TaskRunner()
    ctx = UiContext(services, runner, QSettings(str(tmp_path / "ui.ini"),
                                                QSettings.Format.IniFormat))
    w = MainWindow(ctx, modules=("wuye_desktop.ui.sync_screen",))
    try:
        w.show()
        screen = w.screen_for("sync")
        assert isinstance(screen, SyncScreen)
        # the screen's own reading, which looks at the keyring (the window's first one, for
        # the status bar, does not: secret_store None)
        qtbot.waitUntil(lambda: getattr(screen.controller.last_status, "secret_store", None)
                        is not None, timeout=10000)
        st = screen.controller.last_status
        assert st.enrolled is False and st.secret_store is False
        assert not screen.btn_enrol.isEnabled()
        msg = screen.lbl_message.text()
        assert "密钥库" in msg and "gnome-keyring" in msg and "注册码没有被使用" in msg
        assert "县住建" not in msg
    finally:
        screen.controller.stop()
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
        runner.shutdown()
        w.close()
        w.deleteLater()
        services.close()


def test_locked_county_server_cannot_be_edited_in_the_enrolment_dialog(qtbot) -> None:
    from wuye_desktop.ui.sync_dialogs import EnrolDialog

    locked = EnrolDialog(None, "https://wuye.county.gov.cn", "某某县", locked=True)  # type: ignore[arg-type]
    qtbot.addWidget(locked)
    assert locked.server.isReadOnly() and locked.server.text() == "https://wuye.county.gov.cn"
    assert locked.code.hasFocus() or locked.focusWidget() is locked.code
    free = EnrolDialog(None, "https://wuye.county.gov.cn", "某某县")  # type: ignore[arg-type]
    qtbot.addWidget(free)
    assert not free.server.isReadOnly()
