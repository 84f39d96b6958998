"""Render every main screen with the demo community to PNG under docs/screenshots/.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py    # also works

Uses a throw-away data directory, so the user's own data is never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("WUYE_NO_DIALOGS", "1")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from wuye_desktop import i18n_build
from wuye_desktop.app import make_application
from wuye_desktop.paths import resolve
from wuye_desktop.services import demo
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.tasks import TaskRunner

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SIZE = (1440, 900)


def settle(app: QApplication, runner: TaskRunner, ms: int = 150) -> None:
    """Process events until the runner is idle, then a little longer for painting."""
    deadline = time.monotonic() + 30
    while runner.pending and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, name: str, out: Path) -> Path:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def begin(description: str | None, argv: list[str] | None) -> tuple[argparse.Namespace, QApplication]:
    """What every screenshot script starts with: --out, compiled translations, the app."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    i18n_build.build()
    return args, make_application(sys.argv[:1], "zh_CN")


@contextmanager
def demo_window(prepare: Callable[[Services], None] | None = None,
                size: tuple[int, int] = (1600, 960)) -> Iterator[tuple[QApplication, TaskRunner, Any]]:
    """A shown main window over a throw-away demo community with everything installed
    (``prepare`` runs on the database thread after the demo); closed and freed on exit."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "call begin() first"
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        runner = TaskRunner()

        def build() -> Services:
            s = open_services(paths)
            demo.install_everything(s, 1)
            if prepare is not None:
                prepare(s)
            return s

        services = runner.run_sync(build)
        from wuye_desktop.ui.context import UiContext
        from wuye_desktop.ui.main_window import MainWindow

        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        window = MainWindow(UiContext(services, runner, settings))
        window.set_community(demo.DEMO_NAME, demo.DEMO_CODE)
        window.resize(*size)
        window.show()
        settle(app, runner, 400)
        try:
            yield app, runner, window
        finally:
            window.close()
            runner.run_sync(services.close)
            runner.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    i18n_build.build()
    app = make_application(sys.argv[:1], args.lang)
    suffix = "" if args.lang.startswith("zh") else f"-{args.lang}"
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        runner = TaskRunner()

        from wuye_desktop.ui.setup_dialog import SetupDialog

        empty = runner.run_sync(lambda: open_services(paths))
        setup = SetupDialog(runner, empty.registers)
        setup.show()
        setup.code.setText("22010200300")
        setup.name.setText("桃源社区")
        setup.worker.setText("王小红")
        setup.code.clearFocus()
        setup._check_code()
        settle(app, runner)
        save(setup, f"00-setup{suffix}", args.out)
        setup.close()
        runner.run_sync(lambda: demo.install(empty.registers, 1))

        from wuye_desktop.ui.context import UiContext
        from wuye_desktop.ui.main_window import MainWindow

        settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        window = MainWindow(UiContext(empty, runner, settings))
        window.set_community(demo.DEMO_NAME, demo.DEMO_CODE)
        window.resize(*SIZE)
        window.show()
        settle(app, runner, 400)
        for i, spec in enumerate(window.specs, 1):
            window.show_screen(spec.key)
            settle(app, runner)
            screen = window.screens[spec.key]
            panel = getattr(screen, "panel", None)
            if panel is not None:
                panel.table.selectRow(0)
                settle(app, runner)
            if spec.key == "estates":
                screen.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
                settle(app, runner)
            save(window, f"{i:02d}-{spec.key}{suffix}", args.out)
        # A form with validation messages next to the fields.
        window.show_screen("estates")
        screen = window.screens["estates"]
        screen.new_record()  # type: ignore[attr-defined]
        form = screen.panel.form  # type: ignore[attr-defined]
        form.set_field("name", "幸福家园")
        form.set_field("community_code", "22010200300X")
        form.set_field("year_built", 2090)
        screen.panel.save()  # type: ignore[attr-defined]
        settle(app, runner, 300)
        save(window, f"{len(window.specs) + 1:02d}-estate-validation{suffix}", args.out)
        window.close()
        runner.run_sync(empty.close)
        runner.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
