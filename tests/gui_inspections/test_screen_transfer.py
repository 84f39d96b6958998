"""导入/导出 act on the screen's own data: 检查 exports its inspection list (the filter applied),
整改 its board; on 检查, 整改, 投诉 and 调查 导入 is not offered (the action disabled and a
call does nothing), while a register screen still imports."""

from __future__ import annotations

from typing import Any

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from wuye_desktop.domain.inspections import InspectionStatus


def test_inspections_export_their_own_list(window: Any, services: Any, wait_idle: Any,
                                           tmp_path: Any, monkeypatch: Any) -> None:
    window.show_screen("inspections")
    wait_idle()
    screen = window.screens["inspections"]
    screen.status.setCurrentIndex(screen.status.findData(InspectionStatus.FINAL.value))
    screen.apply_filter()
    wait_idle()
    target = tmp_path / "检查.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.export_file() is None  # the screen exported; no register export started
    wait_idle()
    ws = load_workbook(target)["检查台账"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["检查日期", "小区", "楼栋", "检查类型"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    expected = services.inspections.find(screen.current_filter(), limit=100000)
    assert expected and len(rows) == len(expected)
    assert {r[header.index("状态")] for r in rows} == {InspectionStatus.FINAL.label}


def test_import_is_not_offered_where_the_data_is_not_a_register(window: Any, wait_idle: Any,
                                                                 monkeypatch: Any) -> None:
    asked: list[Any] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", ""))
    for key in ("inspections", "rectifications", "complaints", "surveys"):
        window.show_screen(key)
        wait_idle()
        assert not window.act_import.isEnabled(), key
        assert window.import_file() is None, key
    assert asked == []  # no file dialog was opened
    window.show_screen("buildings")
    wait_idle()
    assert window.act_import.isEnabled()
    flow = window.import_file()
    assert flow is not None and len(asked) == 1
