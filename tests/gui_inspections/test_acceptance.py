"""Acceptance 1 (issue 4), through the GUI only: a worker runs the quarterly assessment of a
quasi-property estate from the default template with the keyboard, attaches photos (file and
drag-and-drop), finalises after seeing the score and the items it will open, sees those items
with their deadlines, re-inspects only the open items, and sees escalation after two failures."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.inspections import InspectionStatus, RectificationStatus

D0 = date(2026, 3, 10)
OK = QDialogButtonBox.StandardButton.Ok


def jpeg(path: Path, color: tuple[int, int, int], size: tuple[int, int] = (2400, 1800)) -> Path:
    Image.new("RGB", size, color).save(path, "JPEG", quality=80)
    return path


def press(qtbot: Any, form: Any, key: Qt.Key, wait_idle: Any) -> None:
    qtbot.keyClick(form.table, key)
    wait_idle()


def note_finding(qtbot: Any, form: Any, wait_idle: Any, text: str) -> None:
    """Type the finding of the current (failed) item: N opens the note, Enter saves it."""
    press(qtbot, form, Qt.Key.Key_N, wait_idle)
    form.note.insert(text)
    qtbot.keyClick(form.note, Qt.Key.Key_Return)
    wait_idle()


def finalise_via_dialog(qtbot: Any, form: Any, wait_idle: Any) -> Any:
    qtbot.mouseClick(form.finalise, Qt.MouseButton.LeftButton)
    wait_idle()
    dlg = form.finalise_dialog
    assert dlg is not None and dlg.isVisible()
    return dlg


def test_quarterly_assessment_photos_finalise_reinspect_escalate(window: Any, services: Any, qtbot: Any,
                                                                 wait_idle: Any, tmp_path: Path) -> None:
    estate = next(e for e in services.registers.rows("estates")
                  if e["management_mode"] is ManagementMode.QUASI and e.get("company_name"))
    window.show_screen("inspections")
    wait_idle()
    screen = window.screens["inspections"]

    # --- new inspection: the default template of a quasi-property estate is the quarterly one
    window.act_new.trigger()
    wait_idle()
    dlg = screen.new_dialog
    assert dlg is not None and dlg.isVisible()
    assert dlg.select_estate(estate["id"])
    wait_idle()
    quarterly = services.templates.latest("quasi-quarterly")
    assert dlg.template.currentData() == quarterly.id
    assert dlg.building.itemText(0) == "整个小区"
    dlg.date.setDate(QDate(D0.year, D0.month, D0.day))
    dlg.workers.setText("王丽华、李强")
    if dlg.lead.count() > 1:
        dlg.lead.setCurrentIndex(1)
    dlg.company_rep.setText("张经理")
    qtbot.mouseClick(dlg.buttons.button(OK), Qt.MouseButton.LeftButton)
    wait_idle()
    form = screen.form
    assert screen.stack.currentWidget() is form
    assert form.detail.status is InspectionStatus.DRAFT
    assert form.model.rowCount() == 15 and estate["name"] in form.title.text()
    assert "王丽华" in form.people.text() and "张经理" in form.people.text()

    # --- keyboard: 1 passed, 2 failed (+ N note), 3 not applicable, Enter next
    answers = {"A1": Qt.Key.Key_2, "C3": Qt.Key.Key_2, "A5": Qt.Key.Key_3}
    form.table.selectRow(0)
    for n in range(15):
        code = form.current_item().code
        assert code == form.model.row_object(n).code
        press(qtbot, form, answers.get(code, Qt.Key.Key_1), wait_idle)
        if code in ("A1", "C3"):  # a failed item needs its finding
            press(qtbot, form, Qt.Key.Key_N, wait_idle)
            # as an input method commits it (QTest types Latin-1 only)
            form.note.insert("3单元楼道堆放杂物" if code == "A1" else "2号楼屋面渗漏")
            qtbot.keyClick(form.note, Qt.Key.Key_Return)  # saves the note and goes on
            wait_idle()
        else:
            press(qtbot, form, Qt.Key.Key_Return, wait_idle)
    a1 = form.model.row_object(0)
    assert a1.code == "A1" and a1.result.label == "不合格" and a1.note == "3单元楼道堆放杂物"
    assert [form.model.row_object(i).result is not None for i in range(15)] == [True] * 15
    assert "83.16" in form.score.text()  # 79 of 95 applicable points (A5 not applicable)

    # a key the item does not allow is refused with a Chinese message, nothing is recorded
    b2 = next(i for i in range(15) if form.model.row_object(i).code == "B2")
    form.table.selectRow(b2)
    press(qtbot, form, Qt.Key.Key_3, wait_idle)
    assert "不允许选“不适用”" in form.message.text()
    assert form.model.row_object(b2).result.label == "合格"

    # --- photos: one from a file, one dropped on the strip; the same picture twice is kept once
    form.table.selectRow(0)
    first = jpeg(tmp_path / "楼道1.jpg", (200, 60, 40))
    second = jpeg(tmp_path / "楼道2.jpg", (40, 90, 200))
    form.attach_files([first, first])
    wait_idle()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    form.photos.dropEvent(drop)
    wait_idle()
    assert form.current_item().code == "A1"
    assert form.photos.count() == 2
    assert not form.photos.item(0).icon().isNull()
    photos = form.current_item().photos
    assert all(p.thumb_path.exists() and max(p.width, p.height) <= 1600 for p in photos)

    # --- finalise: the confirmation shows the score and the items it will open; edit a deadline
    original_id = form.detail.id
    dlg = finalise_via_dialog(qtbot, form, wait_idle)
    assert "83.16" in dlg.summary.text() and "合格" in dlg.summary.text()
    assert [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())] == ["A1", "C3"]
    assert dlg.editors["A1"].date() == QDate(2026, 3, 17)  # inspection date + 7 template days
    dlg.editors["C3"].setDate(QDate(2026, 4, 30))
    assert dlg.requirement_edits["A1"].text().startswith("按照“")  # the template's, editable here
    dlg.requirement_edits["A1"].setText("三日内清走纸箱")
    qtbot.mouseClick(dlg.buttons.button(OK), Qt.MouseButton.LeftButton)
    wait_idle()
    assert form.detail.status is InspectionStatus.FINAL and form.detail.id == original_id
    assert not form.finalise.isEnabled() and not form.add_photo.isEnabled()
    rects = {r.item_code: r for r in form.rect_model.rows_}
    assert set(rects) == {"A1", "C3"}
    assert rects["A1"].deadline == D0 + timedelta(days=7)
    assert rects["C3"].deadline == date(2026, 4, 30)
    assert rects["A1"].requirement == "三日内清走纸箱" and rects["C3"].requirement.startswith("按照“")
    assert form.rect_table.isVisible() and "2" in form.rect_title.text()
    a1_row = next(r for r in range(form.rect_model.rowCount()) if form.rect_model.rows_[r].item_code == "A1")
    assert form.rect_model.index(a1_row, 7).data() == "2026-03-17"

    # --- first re-inspection: only the open items; A1 now passes, C3 fails again
    form.reinspect_date.setDate(QDate(2026, 5, 6))
    qtbot.mouseClick(form.reinspect, Qt.MouseButton.LeftButton)
    wait_idle()
    assert form.detail.reinspection_of_id == original_id and form.detail.round == 1
    assert [form.model.row_object(i).code for i in range(form.model.rowCount())] == ["A1", "C3"]
    form.table.selectRow(0)
    press(qtbot, form, Qt.Key.Key_1, wait_idle)
    press(qtbot, form, Qt.Key.Key_Return, wait_idle)
    press(qtbot, form, Qt.Key.Key_2, wait_idle)
    note_finding(qtbot, form, wait_idle, "屋面仍在渗漏")
    dlg = finalise_via_dialog(qtbot, form, wait_idle)
    outcomes = {dlg.table.item(r, 0).text(): dlg.table.item(r, 3).text() for r in range(2)}
    assert outcomes == {"A1": "已整改：销项", "C3": "再次不合格：重新限期整改"}
    qtbot.mouseClick(dlg.buttons.button(OK), Qt.MouseButton.LeftButton)
    wait_idle()
    rects = {r.item_code: r for r in form.rect_model.rows_}
    assert rects["A1"].status is RectificationStatus.RECTIFIED
    assert rects["C3"].status is RectificationStatus.OPEN and rects["C3"].failed_reinspections == 1
    assert rects["C3"].escalated_on is None

    # --- second re-inspection: C3 fails again → escalated
    form.reinspect_date.setDate(QDate(2026, 5, 20))
    qtbot.mouseClick(form.reinspect, Qt.MouseButton.LeftButton)
    wait_idle()
    assert form.detail.round == 2 and form.model.rowCount() == 1
    form.table.selectRow(0)
    press(qtbot, form, Qt.Key.Key_2, wait_idle)
    note_finding(qtbot, form, wait_idle, "屋面仍未修复")
    dlg = finalise_via_dialog(qtbot, form, wait_idle)
    assert dlg.table.item(0, 3).text() == "再次不合格：上报县级部门"
    qtbot.mouseClick(dlg.buttons.button(OK), Qt.MouseButton.LeftButton)
    wait_idle()
    c3 = next(r for r in form.rect_model.rows_ if r.item_code == "C3")
    assert c3.escalated_on == date(2026, 5, 20) and c3.failed_reinspections == 2
    assert "已上报" in c3.display
    assert "上报" in form.message.text()

    # --- the board lists it among the escalated items, and the sidebar counts overdue ones
    window.show_screen("rectifications")
    wait_idle()
    board = window.screens["rectifications"]
    board.status.setCurrentIndex(board.status.findData("escalated"))
    wait_idle()
    assert c3.id in [r.id for r in board.model.rows_]
    assert board.select_id(c3.id)
    assert "上报" in board.state.text()
