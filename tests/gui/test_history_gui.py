"""修改记录 from a record, 恢复为此版本, 回收站, the worker at first run and switching it —
driven through the widgets (pytest-qt) on a copy of the demo community."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from wuye_desktop.storage.models import Community, Company, OutboxEntry
from wuye_desktop.ui import dialogs
from wuye_desktop.ui.main_window import MainWindow


def _screen(window: MainWindow, key: str, wait_idle):
    window.show_screen(key)
    wait_idle()
    return window.screens[key]


def _select_first(panel, wait_idle) -> str:
    panel.table.selectRow(0)
    wait_idle()
    assert panel.current_id is not None
    return panel.current_id


def test_history_from_a_record_and_restore_a_version(window: MainWindow, wait_idle, qtbot,
                                                     demo_services) -> None:
    regs = demo_services.registers
    panel = _screen(window, "companies", wait_idle).panel
    assert not panel.history_button.isEnabled()  # nothing selected yet
    row_id = _select_first(panel, wait_idle)
    original = regs.get("companies", row_id)["manager"]
    panel.form.set_field("manager", "王建国")
    panel.save()
    wait_idle()
    assert regs.get("companies", row_id)["manager"] == "王建国"

    qtbot.mouseClick(panel.history_button, Qt.MouseButton.LeftButton)
    dlg = panel.history_dialog
    qtbot.addWidget(dlg)
    wait_idle()
    assert dlg.isVisible() and dlg.versions.rowCount() == 2
    assert dlg.versions.item(0, 1).text() == "修改" and dlg.versions.item(1, 1).text() == "新建"
    assert dlg.versions.item(0, 3).text() == "本机"
    # the newest version is current: nothing to restore; its fields are shown old → new
    assert not dlg.restore_button.isEnabled()
    assert [dlg.fields.item(0, c).text() for c in range(3)] == ["负责人", original or "（空）",
                                                                 "王建国"]
    dlg.versions.selectRow(1)
    assert dlg.restore_button.isEnabled()
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)  # asks; default Yes
    wait_idle()
    assert regs.get("companies", row_id)["manager"] == original
    # the restore is a new version: in the outbox to sync, on top of the history, in the form
    with demo_services.db.session() as s:
        op = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == row_id)
                       .order_by(OutboxEntry.seq.desc()).limit(1)).one()
    assert op.state == "pending" and op.changes["manager"][1] == original
    qtbot.waitUntil(lambda: dlg.versions.rowCount() == 3)
    assert panel.form.values()["manager"] == original
    dlg.close()


def test_trash_lists_and_restores(window: MainWindow, wait_idle, qtbot, monkeypatch,
                                  demo_services) -> None:
    regs = demo_services.registers
    panel = _screen(window, "leads", wait_idle).panel
    row_id = _select_first(panel, wait_idle)
    name = panel.form.values()["name"]
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: dialogs.Button.Yes)
    panel.delete()
    wait_idle()
    assert regs.get("leads", row_id) is None

    trash = _screen(window, "trash", wait_idle)
    assert window.sidebar.item(window.sidebar.currentRow()).text() == "回收站"
    assert trash.table.rowCount() == 1
    assert trash.table.item(0, 0).text() == "楼长"
    assert trash.table.item(0, 1).text().endswith("/" + name)
    assert trash.table.item(0, 3).text() == demo_services.db.user
    assert not trash.restore_button.isEnabled()
    trash.table.selectRow(0)
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert regs.get("leads", row_id) is not None
    qtbot.waitUntil(lambda: trash.table.rowCount() == 0)
    assert panel.model.row_of(row_id) >= 0 or regs.count("leads") > 0


def test_switching_worker_changes_updated_by(window: MainWindow, wait_idle, qtbot,
                                             demo_services) -> None:
    button = window.worker_button
    qtbot.waitUntil(lambda: "未设置" in button.text())  # the demo was made before any name
    dlg = button.ask()
    qtbot.addWidget(dlg)
    dlg.name.setEditText("")
    dlg._accept()
    assert dlg.isVisible() and "工作人员姓名" in dlg.message.text()
    dlg.name.setEditText("赵敏")
    dlg._accept()
    wait_idle()
    qtbot.waitUntil(lambda: button.text() == "工作人员：赵敏")

    panel = _screen(window, "companies", wait_idle).panel
    row_id = _select_first(panel, wait_idle)
    panel.form.set_field("manager", "换人之后")
    panel.save()
    wait_idle()
    with demo_services.db.session() as s:
        assert s.get(Company, row_id).updated_by == "赵敏"  # type: ignore[union-attr]
    dlg = panel.show_history()
    qtbot.addWidget(dlg)
    wait_idle()
    assert dlg.versions.item(0, 2).text() == "赵敏"
    dlg.close()


def test_setup_dialog_asks_the_workers_name(qtbot, services, runner, wait_idle) -> None:
    from wuye_desktop.ui.setup_dialog import SetupDialog

    dlg = SetupDialog(runner, services)
    qtbot.addWidget(dlg)
    dlg.code.setText("220102003001")
    dlg.name.setText("桃源社区")
    dlg.create_community()  # no name: refused, nothing written
    wait_idle()
    assert "工作人员姓名" in dlg.worker_message.text()
    assert services.registers.community() is None
    dlg.worker.setText("  孙 丽 ")
    with qtbot.waitSignal(dlg.ready, timeout=20000):
        dlg.create_community()
    assert services.db.user == "孙 丽"  # inner spaces kept, outer trimmed
    assert services.db.get_setting("worker_name") == "孙 丽"
    with services.db.session() as s:  # the community row is recorded as made by this person
        assert s.scalars(select(Community.updated_by)).one() == "孙 丽"
