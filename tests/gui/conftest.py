"""GUI fixtures: the runner, services on the test's data directory, a demo database copied from
one built per session, the UI context and the main window."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from wuye_desktop.paths import AppPaths, resolve
from wuye_desktop.services import demo
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.tasks import TaskRunner

# The offscreen platform plugin warns about window size hints; it is not our bug.
OFFSCREEN_NOISE = "This plugin does not support"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(scope="session", autouse=True)
def gui_app(qapp: object) -> object:
    """Fonts and translations as the real app has them (Chinese interface)."""
    from wuye_desktop import i18n_build
    from wuye_desktop.app import make_application

    i18n_build.build()
    return make_application(lang="zh_CN")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo community database built once; tests get a copy."""
    paths = resolve(tmp_path_factory.mktemp("demo") / "data").ensure()
    services = open_services(paths)
    demo.install(services.registers, 1)
    services.close()
    return paths.database


@pytest.fixture
def runner(qtbot: object) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def wait_idle(qtbot: object, runner: TaskRunner) -> Callable[[], None]:
    """Wait until every queued background task has been delivered to the GUI thread."""
    def wait() -> None:
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)  # type: ignore[attr-defined]
    return wait


@pytest.fixture
def services(app_paths: AppPaths, runner: TaskRunner) -> Iterator[Services]:
    """Services on an empty database, opened on the runner's database thread like the app."""
    s = runner.run_sync(lambda: open_services(app_paths))
    yield s
    runner.run_sync(s.close)


@pytest.fixture
def demo_services(app_paths: AppPaths, demo_db: Path, runner: TaskRunner) -> Iterator[Services]:
    """Services on a copy of the demo community."""
    shutil.copy(demo_db, app_paths.database)
    s = runner.run_sync(lambda: open_services(app_paths))
    yield s
    runner.run_sync(s.close)


@pytest.fixture
def make_ctx(runner: TaskRunner, app_paths: AppPaths) -> Callable[[Services], object]:
    from wuye_desktop.ui.context import UiContext

    def make(s: Services) -> UiContext:
        settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
        return UiContext(s, runner, settings)
    return make


@pytest.fixture
def window(qtbot: object, demo_services: Services, make_ctx: Callable[[Services], object],
           wait_idle: Callable[[], None]) -> Iterator[object]:
    """The main window on the demo community, shown and idle."""
    from wuye_desktop.ui.main_window import MainWindow

    w = MainWindow(make_ctx(demo_services))  # type: ignore[arg-type]
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.set_community(demo.DEMO_NAME, demo.DEMO_CODE)
    w.show()
    wait_idle()
    yield w
    wait_idle()
