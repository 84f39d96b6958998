"""The main window: screens, navigation, status bar, shortcuts, remembered geometry."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence

from wuye_desktop.ui import ScreenSpec, collect_screens
from wuye_desktop.ui.main_window import MainWindow
from wuye_desktop.ui.screen import Screen


def test_sidebar_lists_every_register_screen(window: MainWindow) -> None:
    keys = [s.key for s in window.specs]
    assert keys[:6] == ["overview", "estates", "buildings", "leads", "companies", "committees"]
    # (概览 carries the count of overdue 待办 items, e.g. "概览（46）", once it is counted)
    titles = [window.sidebar.item(i).text().split("（")[0] for i in range(window.sidebar.count())]
    assert titles[:6] == ["概览", "小区", "楼栋", "楼长", "物业企业", "业委会"]


def test_every_screen_opens_and_loads(window: MainWindow, wait_idle) -> None:
    for spec in window.specs:
        window.show_screen(spec.key)
        wait_idle()
        assert window.current_screen() is window.screens[spec.key]
    table = window.screens["buildings"].panel.table  # type: ignore[attr-defined]
    assert table.model().rowCount() > 0


def test_overview_shows_counts(window: MainWindow, wait_idle) -> None:
    window.show_screen("overview")
    wait_idle()
    overview = window.screens["overview"]
    assert overview.cards["estates"].value.text() == "12"  # type: ignore[attr-defined]
    assert "桃源社区" in overview.heading.text()  # type: ignore[attr-defined]


def test_status_bar_and_shortcuts(window: MainWindow) -> None:
    assert "桃源社区" in window.community_label.text()
    window.set_sync_state("已同步", "最近一次 10:00")
    assert window.sync_label.text() == "已同步"
    assert window.act_new.shortcut() == QKeySequence("Ctrl+N")
    assert window.act_save.shortcut() == QKeySequence("Ctrl+S")
    assert window.act_find.shortcut() == QKeySequence("Ctrl+F")
    assert window.act_print.shortcut() == QKeySequence("Ctrl+P")
    assert not window.act_print.isEnabled()  # no printing yet


def test_find_shortcut_focuses_search(window: MainWindow, qtbot, wait_idle) -> None:
    window.show_screen("companies")
    wait_idle()
    window.activateWindow()
    window.act_find.trigger()
    assert window.screens["companies"].panel.search.hasFocus()  # type: ignore[attr-defined]


def test_geometry_and_screen_are_remembered(window: MainWindow, app_paths, qtbot, make_ctx,
                                            demo_services, wait_idle) -> None:
    window.resize(790, 601)  # within the offscreen screen (800×800), above the minimum size
    window.show_screen("leads")
    wait_idle()
    window.close()
    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    assert settings.value("window/screen") == "leads"
    again = MainWindow(make_ctx(demo_services))
    qtbot.addWidget(again)
    assert again.size().height() == 601
    assert again.current_screen() is again.screens["leads"]
    wait_idle()


def test_extra_screen_module_registers(window: MainWindow, make_ctx, demo_services, qtbot,
                                       monkeypatch, wait_idle) -> None:
    import sys
    import types

    class Dummy(Screen):
        activated = 0

        def activate(self) -> None:
            Dummy.activated += 1

    mod = types.ModuleType("wuye_test_screens")
    mod.screens = lambda ctx: [ScreenSpec("inspections", "检查", Dummy, order=60)]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "wuye_test_screens", mod)
    ctx = make_ctx(demo_services)
    specs = collect_screens(ctx, ("wuye_desktop.ui.overview", "wuye_test_screens"))
    assert [s.key for s in specs] == ["overview", "inspections"]
    w = MainWindow(ctx, modules=("wuye_desktop.ui.overview", "wuye_test_screens"))
    qtbot.addWidget(w)
    w.show_screen("inspections")
    assert Dummy.activated == 1
    wait_idle()
