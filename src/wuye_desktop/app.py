"""The GUI's composition root: fonts, translations, logging, crash handling, the runner, the
services (opened on the runner's database thread), then the setup dialog or the main window.

Nothing here opens a modal dialog inside a constructor: start-up problems (a corrupt or too-new
database) are shown once the event loop runs.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from .domain.errors import Cancelled, UserError
from .paths import AppPaths

if TYPE_CHECKING:
    from .services.context import Services
    from .services.registers import CommunityInfo
    from .tasks import OpContext
    from .ui.crash import CrashHandler
    from .ui.main_window import MainWindow
    from .ui.setup_dialog import SetupDialog
    from .ui.start_frame import StartFrame

log = logging.getLogger(__name__)

#: set by benchmarks: quit as soon as the main window has shown its first screen's data
QUIT_WHEN_SHOWN = "WUYE_QUIT_WHEN_SHOWN"
#: with QUIT_WHEN_SHOWN, also print which top-level packages were loaded when the data showed
#: (``loaded a,b,…``: tests check that printing, Excel, HTTP and Alembic stayed out of the start)
REPORT_MODULES = "WUYE_REPORT_MODULES"


def _loaded_packages() -> str:
    return ",".join(sorted({name.partition(".")[0] for name in list(sys.modules)}))


def describe(exc: BaseException) -> tuple[str, str] | None:
    """What the person sees for a failure: ``(title, text)`` of a plain warning when it is
    their problem (any :class:`~wuye_desktop.domain.errors.UserError`: its message and what to
    do; an ``OSError``: a file problem), ``None`` when it is a bug (a crash report).

    A :class:`~wuye_desktop.domain.errors.Cancelled` is neither; check for it first."""
    if isinstance(exc, UserError):
        return QCoreApplication.translate("App", "Cannot continue"), exc.with_hint()
    if isinstance(exc, OSError):
        text = QCoreApplication.translate(
            "App", "A file could not be read or written: %1. Check that the disk has free space "
            "and that the file is not open in another program.")
        where = f"{exc.strerror or exc} {exc.filename or ''}".strip()
        return QCoreApplication.translate("App", "File problem"), text.replace("%1", where)
    return None


class ErrorPresenter:
    """The default failure handler of background work: a user's problem as a plain warning
    (:func:`describe`), a cancellation as nothing, anything else as a crash report."""

    def __init__(self, crash: CrashHandler, parent: QWidget | None = None) -> None:
        self.crash = crash
        self.parent = parent

    def __call__(self, exc: BaseException) -> None:
        from .ui import dialogs

        if isinstance(exc, Cancelled):
            log.info("cancelled: %s", exc)
            return
        shown = describe(exc)
        if shown is None:
            self.crash.handle(exc)
        else:
            dialogs.warn(self.parent, *shown)


class AppController(QObject):
    """Starts the app on a data directory; keeps the runner, services and windows alive."""

    #: the main window is shown and its first screen is loading
    main_shown = Signal()
    #: start-up failed for good (the app should quit)
    failed = Signal(str)

    def __init__(self, paths: AppPaths, settings: QSettings | None = None,
                 crash: CrashHandler | None = None, now: Callable[[], datetime] | None = None,
                 frame: StartFrame | None = None) -> None:
        super().__init__()
        from .tasks import TaskRunner
        from .ui.crash import CrashHandler

        self.paths = paths
        #: the clock for backup names and the daily backup (tests pin it)
        from .storage.backups import stamp_now

        self.now = now or stamp_now
        self.settings = settings or QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        self.runner = TaskRunner(self)
        self.crash = crash or CrashHandler(paths.logs)
        self.presenter = ErrorPresenter(self.crash)
        self.runner.default_failure = self.presenter
        self.services: Services | None = None
        self.window: MainWindow | None = None
        self.setup_dialog: SetupDialog | None = None
        #: the frame shown while the database opens (run_gui); retired when something replaces it
        self.frame = frame

    def _retire_frame(self) -> None:
        if self.frame is not None:
            self.frame.retire()
            self.frame = None

    def start(self) -> None:
        """Open the database in the background; then setup dialog or main window."""
        from .services.context import open_services

        paths = self.paths

        # No services yet: this operation opens them (it receives an OpContext without any).
        def work(_op: OpContext) -> tuple[Services, CommunityInfo | None]:
            services = open_services(paths)
            return services, services.registers.community()

        self.runner.db(work, on_success=self._opened, on_failure=self._open_failed)

    def _opened(self, result: tuple[Services, CommunityInfo | None]) -> None:
        self.services, community = result
        if community is None:
            self._show_setup()
        else:
            self._show_main(community)

    def _open_failed(self, exc: BaseException) -> None:
        from .storage.errors import DatabaseCorrupt
        from .ui import dialogs

        self._retire_frame()  # the question or warning stands alone, as before the frame

        if isinstance(exc, DatabaseCorrupt) and exc.newest_backup is not None:
            B = dialogs.Button
            answer = dialogs.ask(
                None, QCoreApplication.translate("App", "Database damaged"),
                QCoreApplication.translate(
                    "App", "%1\n\nRestore the newest backup now? The damaged file is kept beside it.")
                .replace("%1", str(exc)), B.Yes | B.No, B.No)
            if answer == B.Yes:
                self._restore(exc.path, exc.newest_backup)
                return
            self.failed.emit(str(exc))
        elif (shown := describe(exc)) is not None:  # too new, locked, unreadable folder…
            dialogs.warn(None, QCoreApplication.translate("App", "Cannot open the data"), shown[1])
            self.failed.emit(shown[1])
        else:
            self.crash.handle(exc)
            self.failed.emit(str(exc))

    def _restore(self, path: Path, backup: Path) -> None:
        from .storage.db import restore

        backups, now = self.paths.backups, self.now
        self.runner.db(lambda _op: restore(path, backup, backups, now),
                       on_success=lambda _r: self.start(), on_failure=self._open_failed)

    def _show_setup(self) -> None:
        from .ui.setup_dialog import SetupDialog

        assert self.services is not None
        self.setup_dialog = SetupDialog(self.runner, self.services)
        self.setup_dialog.ready.connect(self._after_setup)
        self.setup_dialog.rejected.connect(self._setup_cancelled)
        self.setup_dialog.show()
        self._retire_frame()

    def _setup_cancelled(self) -> None:
        self.failed.emit("setup cancelled")

    def _after_setup(self) -> None:
        self.runner.db(lambda op: op.services.registers.community(), services=self.services,
                       on_success=self._show_main)

    def _show_main(self, community: CommunityInfo | None) -> None:
        from .ui.context import UiContext
        from .ui.main_window import MainWindow

        assert self.services is not None and community is not None
        ctx = UiContext(self.services, self.runner, self.settings)
        self.window = MainWindow(ctx)
        self.presenter.parent = self.window
        self.window.set_community(community.name, community.code)
        self.window.restored.connect(self._reopened)
        self.window.show()
        self._retire_frame()  # after the window is up, so there is never a moment without one
        self.main_shown.emit()
        self._check_in_background()

    def _check_in_background(self) -> None:
        """The integrity check and the daily copy, once the first screen is up: the check reads
        the whole file (14 s on a 1.6 GB database), so it never delays the start."""
        from .services.backup import BackupService

        assert self.window is not None
        window, now = self.window, self.now
        window.show_message(QCoreApplication.translate("App", "Checking the database…"), 0)

        def done(_made: object) -> None:
            window.show_message(QCoreApplication.translate("App", "Database checked: no problems found."))

        self.runner.db(lambda op: BackupService(op.services.db, now).check_then_daily(),
                       services=self.services, on_success=done,
                       on_failure=lambda exc: self._check_failed(window, exc))

    def _check_failed(self, window: MainWindow, exc: BaseException) -> None:
        from .storage.errors import DatabaseCorrupt
        from .ui import dialogs

        if not isinstance(exc, DatabaseCorrupt):
            self.presenter(exc)
            return
        window.show_message(QCoreApplication.translate(
            "App", "The database is damaged: restore a backup (File → Restore…)."), 0)
        dialogs.warn(window, QCoreApplication.translate("App", "Database damaged"), QCoreApplication.translate(
            "App", "%1\n\nStop entering data and restore a backup (File → Restore…); "
            "the damaged file is kept.").replace("%1", str(exc)))

    def _reopened(self, services: Services) -> None:
        """A backup was restored from the main window: a new window on the reopened services.

        The new window is shown before the old one goes, so there is never a moment without a
        window (quitting on the last window closed is on by then).
        """
        old = self.window
        self.services = services
        if old is not None:
            old.save_window_state()

        def show(community: CommunityInfo | None) -> None:
            if community is None:  # a copy from before the first run's setup
                app = QApplication.instance()
                if isinstance(app, QApplication):  # as at first run (see run_gui); main_shown
                    app.setQuitOnLastWindowClosed(False)  # turns it back on
                self._show_setup()
                if old is not None:
                    old.retire()
                return
            self._show_main(community)
            if old is not None:
                old.retire()
            assert self.window is not None
            self.window.show_message(QCoreApplication.translate(
                "App", "The backup has been restored; the current data before it was backed up."),
                10000)

        self.runner.db(lambda op: op.services.registers.community(), services=services,
                       on_success=show)

    def shutdown(self) -> None:
        """Let queued database work finish, then close the database on its own thread."""
        if self.services is not None:
            services = self.services
            self.runner.run_sync(services.close)
        self.runner.shutdown()
        self.settings.sync()


def make_application(argv: list[str] | None = None, lang: str = "zh_CN") -> QApplication:
    """The QApplication with bundled fonts and translations (reused if one exists)."""
    from . import i18n
    from .ui.fonts import apply_ui_font, register_fonts

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("wuye-desktop")
    app.setOrganizationName("wuye")
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Community Property Workbench"))
    apply_ui_font(app, register_fonts())
    app._wuye_translators = i18n.install(app, lang)  # type: ignore[attr-defined]
    if lang.lower().startswith("en"):
        app.setApplicationDisplayName("Community Property Workbench")
    else:
        app.setApplicationDisplayName(QCoreApplication.translate("App", "Community Property Workbench"))
    return app


def _preimport() -> None:
    try:
        from .services import context  # noqa: F401  (imports every service module)
    except Exception:  # the real import on the database thread reports it properly
        log.debug("pre-import failed", exc_info=True)


def run_gui(paths: AppPaths, lang: str = "zh_CN") -> int:
    """Open the GUI on ``paths``; returns the process exit code."""
    t0 = time.perf_counter()
    # Import the core (SQLAlchemy, Alembic, every service) on a side thread while the GUI
    # thread sets up Qt; the database thread then finds the modules already loaded.
    import threading

    from .logging_setup import setup as setup_logging

    threading.Thread(target=_preimport, name="wuye-preimport", daemon=True).start()
    paths.ensure()
    setup_logging(paths.logs)
    log.info("starting GUI on %s (lang %s)", paths.data_dir, lang)
    app = make_application(sys.argv[:1], lang)
    # The window's frame first, painted before the core is imported on this thread (the side
    # thread above is importing it meanwhile): the person sees the app while the data opens.
    from .ui.start_frame import StartFrame

    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    frame = StartFrame(settings)
    frame.show()
    app.processEvents()
    if os.environ.get(QUIT_WHEN_SHOWN):
        print(f"frame {time.perf_counter() - t0:.3f}", flush=True)
    from .ui.crash import CrashHandler

    crash = CrashHandler(paths.logs)
    crash.install()
    controller = AppController(paths, settings=settings, crash=crash, frame=frame)
    exit_code = 0

    def on_failed(reason: str) -> None:
        nonlocal exit_code
        log.warning("start-up ended: %s", reason)
        exit_code = 1
        app.quit()

    controller.failed.connect(on_failed)
    if os.environ.get(QUIT_WHEN_SHOWN):
        def quit_when_loaded() -> None:
            from .ui.overview import OverviewScreen

            print(f"shown {time.perf_counter() - t0:.3f}", flush=True)
            screen = controller.window.current_screen() if controller.window else None
            if isinstance(screen, OverviewScreen):  # its figures on screen (data_shown), then quit
                screen.data_shown.connect(lambda: print(f"data {time.perf_counter() - t0:.3f}", flush=True))
                if os.environ.get(REPORT_MODULES):
                    screen.data_shown.connect(lambda: print(f"loaded {_loaded_packages()}", flush=True))
                screen.data_shown.connect(lambda: QTimer.singleShot(0, app.quit))
                QTimer.singleShot(120_000, app.quit)  # a smoke test never hangs on a failed load
            else:
                QTimer.singleShot(0, app.quit)
        controller.main_shown.connect(quit_when_loaded)
    from .ui import scripted

    hook = scripted.install(controller)  # noqa: F841 - inert unless WUYE_TEST_SCRIPT is set
    # Until the main window is up, the only windows are transient: the first-run dialog closes
    # before the main window exists (its community is read on the database thread first), and
    # the damaged-database question is a message box. With Qt's default, closing either one is
    # "the last window closed" and posts a quit that usually wins the race against the main
    # window (19 of 20 runs of test_window_stays ended with status 0). So Qt may quit on the
    # last window only once the main window is shown; until then every way out is explicit
    # (``failed`` above).
    app.setQuitOnLastWindowClosed(False)
    controller.main_shown.connect(lambda: app.setQuitOnLastWindowClosed(True))
    QTimer.singleShot(0, controller.start)
    rc = app.exec()
    controller.shutdown()
    return exit_code or rc
