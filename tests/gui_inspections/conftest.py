"""GUI fixtures for the inspection screens: a demo community with two years of inspections built
once per session (real SQLite file, real migrations), copied for each test, the inspection
services installed on the runner's database thread like the app does, and the main window."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from wuye_desktop.paths import AppPaths, resolve
from wuye_desktop.services import demo, demo_inspections
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.tasks import TaskRunner

OFFSCREEN_NOISE = "This plugin does not support"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "gui_inspections" in str(item.fspath):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(scope="session", autouse=True)
def inspections_gui_app(qapp: object) -> object:
    """Fonts and translations as the real app has them (Chinese interface)."""
    from wuye_desktop import i18n_build
    from wuye_desktop.app import make_application

    i18n_build.build()
    return make_application(lang="zh_CN")


@pytest.fixture(scope="session")
def inspection_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    paths = resolve(tmp_path_factory.mktemp("insp-demo") / "data").ensure()
    services = open_services(paths)
    demo.install(services.registers, 1)
    demo_inspections.install(services, 1)
    services.close()
    return paths.database


@pytest.fixture
def runner(qtbot: Any) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()
    # Screens, the runner and their signal closures form reference cycles; collect them here,
    # on the GUI thread, or a later collection on a worker thread destroys Qt timers there.
    gc.collect()


@pytest.fixture
def wait_idle(qtbot: Any, runner: TaskRunner) -> Callable[[], None]:
    def wait() -> None:
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    return wait


@pytest.fixture
def services(app_paths: AppPaths, inspection_demo_db: Path, runner: TaskRunner) -> Iterator[Services]:
    shutil.copy(inspection_demo_db, app_paths.database)

    def open_all() -> Services:
        s = open_services(app_paths)
        return s

    s = runner.run_sync(open_all)
    yield s
    runner.run_sync(s.close)


@pytest.fixture
def ctx(services: Services, runner: TaskRunner, app_paths: AppPaths) -> Any:
    from wuye_desktop.ui.context import UiContext

    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    return UiContext(services, runner, settings)


@pytest.fixture
def window(qtbot: Any, ctx: Any, wait_idle: Callable[[], None]) -> Iterator[Any]:
    from wuye_desktop.ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.set_community(demo.DEMO_NAME, demo.DEMO_CODE)
    w.resize(1400, 900)
    w.show()
    wait_idle()
    yield w
    wait_idle()
