"""The start frame: the window a person sees while the database opens (title, the last
window's screens, "正在打开数据库…"), replaced by the main window or the first-run dialog."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings

from wuye_desktop.app import AppController
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import open_services
from wuye_desktop.ui.start_frame import StartFrame


def _settings(paths: AppPaths) -> QSettings:
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)


def test_first_start_frame_says_it_is_opening_the_database(qtbot, app_paths) -> None:
    frame = StartFrame(_settings(app_paths.ensure()))
    qtbot.addWidget(frame)
    frame.show()
    assert frame.windowTitle() == "社区物业工作台"
    assert frame.state.text() == "正在打开数据库…"
    assert frame.sidebar.count() == 0 and not frame.sidebar.isEnabled()


def test_main_window_replaces_the_frame_which_then_lists_its_screens(qtbot, app_paths) -> None:
    svc = open_services(app_paths.ensure())
    svc.registers.init_community("220102003001", "桃源社区")
    svc.close()
    settings = _settings(app_paths)
    frame = StartFrame(settings)
    frame.show()
    controller = AppController(app_paths, settings=settings, frame=frame)
    try:
        assert frame.isVisible() and controller.window is None
        controller.start()
        qtbot.waitUntil(lambda: controller.window is not None, timeout=20000)
        window = controller.window
        assert window is not None
        qtbot.addWidget(window)
        assert window.isVisible() and controller.frame is None
        assert not shiboken6.isValid(frame) or not frame.isVisible()  # retired
        titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
        qtbot.waitUntil(lambda: controller.runner.pending == 0)
    finally:
        controller.shutdown()
    following = StartFrame(settings)  # the next start's frame shows the same screens
    qtbot.addWidget(following)
    assert [following.sidebar.item(i).text() for i in range(following.sidebar.count())] == titles
    assert "概览" in titles


def test_first_run_dialog_replaces_the_frame(qtbot, app_paths) -> None:
    settings = _settings(app_paths.ensure())
    frame = StartFrame(settings)
    frame.show()
    controller = AppController(app_paths, settings=settings, frame=frame)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.setup_dialog is not None, timeout=20000)
        qtbot.addWidget(controller.setup_dialog)
        assert controller.setup_dialog.isVisible() and controller.frame is None
        assert not shiboken6.isValid(frame) or not frame.isVisible()
        assert controller.window is None
    finally:
        controller.shutdown()
