"""Acceptance: a fresh community — ``wuye-desktop init`` and the import of a sheet with two
estates, one 准物业 — shows its due inspections in the window without any manual step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wuye_desktop.__main__ import main
from wuye_desktop.domain.todo import TodoKind
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.tasks import TaskRunner


@pytest.fixture
def services(app_paths: AppPaths, runner: TaskRunner, tmp_path: Path) -> Iterator[Services]:
    """This module's community: made with the command line as a worker would, then opened."""
    sheet = tmp_path / "小区.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(["小区名称", "管理模式"])
    ws.append(["幸福里", "准物业"])
    ws.append(["和平苑", "业主自管"])
    wb.save(sheet)
    d = str(app_paths.data_dir)
    assert main(["--data-dir", d, "init", "--community-code", "220102003001", "--name", "桃源社区"]) == 0
    assert main(["--data-dir", d, "import", "小区", str(sheet), "--yes"]) == 0
    s = runner.run_sync(lambda: open_services(app_paths))
    yield s
    runner.run_sync(s.close)


def test_fresh_community_shows_the_quasi_estates_quarterly_assessment_due(
        window: Any, wait_idle: Any) -> None:
    window.show_screen("overview")
    wait_idle()
    todo = window.screens["overview"].todo
    due = {(r.subject, r.what) for r in todo.model.rows_ if r.kind is TodoKind.SCHEDULE}
    assert ("幸福里", "2026年第4季度季度考核未检查") in due
    assert ("和平苑", "2026年11月消防安全检查未检查") in due
    assert not any(s == "和平苑" and "考核" in w for s, w in due)  # 业主自管: no assessment
    window.show_screen("schedules")
    wait_idle()
    screen = window.screens["schedules"]
    m = screen.model
    rows = [(m.index(i, m.column("estate")).data(), m.index(i, m.column("kind")).data(),
             m.index(i, m.column("period")).data(), m.index(i, m.column("status")).data())
            for i in range(m.rowCount())]
    assert ("幸福里", "季度考核", "2026年第4季度", "待检查，41天后到期") in rows
    assert len(rows) == 3
