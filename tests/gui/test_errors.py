"""Failure handling: user problems as plain messages, bugs as crash reports, a damaged or
too-new database refused untouched at start."""

from __future__ import annotations

import hashlib
import logging
import sqlite3

from wuye_desktop.app import AppController, ErrorPresenter
from wuye_desktop.changes import Area, Changed, OpChanges
from wuye_desktop.storage.errors import DiskFull
from wuye_desktop.ui import dialogs
from wuye_desktop.ui.crash import CrashHandler


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corrupt_database_is_refused_untouched(qtbot, app_paths, caplog, monkeypatch):
    app_paths.database.write_bytes(b"this is not a database" * 100)
    before = _digest(app_paths.database)
    failures = []
    controller = AppController(app_paths)
    controller.failed.connect(failures.append)
    try:
        with caplog.at_level(logging.WARNING):
            controller.start()
            qtbot.waitUntil(lambda: bool(failures), timeout=20000)
        assert controller.window is None and controller.setup_dialog is None
        assert "损坏" in failures[0]
        assert "损坏" in caplog.text  # the dialog, as a log line
        assert _digest(app_paths.database) == before
    finally:
        controller.shutdown()


def test_too_new_database_is_refused(qtbot, app_paths):
    con = sqlite3.connect(app_paths.database)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("INSERT INTO alembic_version VALUES ('ffffffffffff')")
    con.commit()
    con.close()
    before = _digest(app_paths.database)
    failures = []
    controller = AppController(app_paths)
    controller.failed.connect(failures.append)
    try:
        controller.start()
        qtbot.waitUntil(lambda: bool(failures), timeout=20000)
        assert "更新版本" in failures[0]
        assert _digest(app_paths.database) == before
    finally:
        controller.shutdown()


def test_user_problem_is_a_plain_message_not_a_crash(app_paths, monkeypatch):
    crash = CrashHandler(app_paths.logs)
    shown = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: shown.append(text))
    presenter = ErrorPresenter(crash)
    presenter(DiskFull(app_paths.database))
    assert shown and "磁盘空间不足" in shown[0]
    assert crash.reports == []
    presenter(PermissionError(13, "Permission denied", "x.xlsx"))
    assert len(shown) == 2 and "x.xlsx" in shown[1]


def test_every_user_error_is_a_warning_with_what_to_do(app_paths, monkeypatch):
    """The presenter checks the one class: errors of every layer are warnings, never crashes."""
    from wuye_desktop.app import describe
    from wuye_desktop.domain.errors import UserError
    from wuye_desktop.domain.inspections import InspectionError
    from wuye_desktop.secrets import SecretStoreUnavailable
    from wuye_desktop.services.photos import PhotoError
    from wuye_desktop.services.transfer import PlanOutdated
    from wuye_desktop.storage.tabular.errors import HeaderError
    from wuye_desktop.sync.client import DeviceRevoked

    crash = CrashHandler(app_paths.logs)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: shown.append((title, text)))
    presenter = ErrorPresenter(crash)
    errors = [InspectionError("检查项尚未填写结果。"), PhotoError("无法读取照片“a.jpg”。"),
              DeviceRevoked("本机已被县住建部门停用。"), HeaderError("找不到表头。"),
              PlanOutdated(), SecretStoreUnavailable()]
    for exc in errors:
        presenter(exc)
    assert [text for _, text in shown] == [str(e) for e in errors]
    assert crash.reports == []
    presenter(UserError("照片文件已损坏。", hint="请重新拍照后再添加。"))
    assert shown[-1][1] == "照片文件已损坏。\n请重新拍照后再添加。"
    assert describe(ZeroDivisionError()) is None
    assert describe(InspectionError("x")) == (shown[0][0], "x")


def test_a_cancellation_shows_nothing_and_a_bug_is_a_crash_report(app_paths, monkeypatch):
    from wuye_desktop.printing import PrintCancelled
    from wuye_desktop.services.transfer import Cancelled

    crash = CrashHandler(app_paths.logs)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: shown.append(text))
    presenter = ErrorPresenter(crash)
    presenter(PrintCancelled())
    presenter(Cancelled())
    assert shown == [] and crash.reports == []
    presenter(RuntimeError("a bug, not the user's problem"))
    presenter(ValueError("a bare ValueError is a bug too"))
    assert shown == [] and len(crash.reports) == 2
    assert "a bug, not the user's problem" in crash.reports[0].read_text(encoding="utf-8")


def test_bug_goes_to_crash_report(app_paths, runner, qtbot, wait_idle):
    crash = CrashHandler(app_paths.logs)
    runner.default_failure = ErrorPresenter(crash)

    def boom() -> None:
        raise ZeroDivisionError("bug in a background task")

    runner.db(lambda _op: boom())
    wait_idle()
    assert len(crash.reports) == 1
    text = crash.reports[0].read_text(encoding="utf-8")
    assert "ZeroDivisionError" in text and "bug in a background task" in text
    assert crash.reports[0].parent == app_paths.logs


def test_runner_delivers_on_gui_thread_in_order(runner, wait_idle, qtbot):
    import threading

    seen: list[tuple[int, bool]] = []
    main = threading.get_ident()
    for i in range(20):
        runner.db(lambda _op, i=i: i, on_success=lambda r: seen.append((r, threading.get_ident() == main)))
    changed = []
    runner.changed.connect(changed.append)
    runner.db(lambda _op: Changed(None, OpChanges.of(Area.ESTATES)))
    runner.db(lambda _op: None)  # a read announces nothing
    wait_idle()
    assert seen == [(i, True) for i in range(20)]
    assert changed == [OpChanges.of(Area.ESTATES)]


def test_failure_without_a_handler_reaches_the_default(runner, wait_idle):
    """Every operation has failure handling by construction; a call site may override it."""
    defaults: list[BaseException] = []
    own: list[BaseException] = []
    runner.default_failure = defaults.append

    def fail(_op: object) -> None:
        raise ValueError("nope")

    runner.db(fail)
    runner.net(fail)
    runner.db(fail, on_failure=own.append)
    wait_idle()
    assert [type(e) for e in defaults] == [ValueError, ValueError] and len(own) == 1


def test_operation_receives_its_services_and_progress(runner, wait_idle, services):
    from wuye_desktop.tasks import OpContext

    progress: list[tuple[int, int]] = []
    runner.task_progress.connect(lambda _t, done, total: progress.append((done, total)))
    got: list[object] = []

    def work(op: OpContext) -> str:
        op.report(1, 2)
        assert not op.cancelled()
        return op.services.paths.data_dir.name

    runner.db(work, services=services, on_success=got.append)
    wait_idle()
    assert got == [services.paths.data_dir.name] and progress == [(1, 2)]


def test_operations_are_submitted_from_the_gui_thread_only(runner):
    import threading

    errors: list[BaseException] = []

    def submit() -> None:
        try:
            runner.db(lambda _op: None)
        except RuntimeError as exc:
            errors.append(exc)

    t = threading.Thread(target=submit)
    t.start()
    t.join()
    assert len(errors) == 1 and runner.pending == 0


def test_storage_failures_in_background_work_warn_and_bugs_crash(app_paths, runner, wait_idle,
                                                                  monkeypatch):
    """Real SQLite failures of background work, through the runner to the error presenter:
    the user's problems (full, locked, read-only, damaged) are a warning in Chinese, a bad
    statement is a crash report."""
    from sqlalchemy import text

    from wuye_desktop.storage import db as db_module
    from wuye_desktop.storage.db import Database
    from wuye_desktop.storage.models import LocalSetting

    crash = CrashHandler(app_paths.logs)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: shown.append(text))
    runner.default_failure = ErrorPresenter(crash)
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    db = runner.run_sync(lambda: Database(app_paths.database))

    # The pragmas below stay on their pooled connection: each work function drops it after.
    def fill_disk() -> None:
        try:
            with db.unit_of_work() as s:
                pages = s.execute(text("PRAGMA page_count")).scalar_one()
                s.execute(text(f"PRAGMA max_page_count={pages}"))
                for i in range(200):
                    s.add(LocalSetting(key=f"k{i}", value="x" * 4000))
                    s.flush()
        finally:
            db.engine.dispose()

    def read_only() -> None:
        try:
            with db.unit_of_work() as s:
                s.execute(text("PRAGMA query_only=1"))
                s.add(LocalSetting(key="a", value="b"))
        finally:
            db.engine.dispose()

    def bad_statement() -> None:
        with db.session() as s:
            s.execute(text("SELECT no_such_column FROM local_settings"))

    runner.db(lambda _op: fill_disk())
    runner.db(lambda _op: read_only())
    wait_idle()
    other = sqlite3.connect(app_paths.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    runner.db(lambda _op: db.set_setting("x", "y"))
    wait_idle()
    other.execute("ROLLBACK")
    other.close()
    assert len(shown) == 3 and crash.reports == []
    assert "磁盘空间不足" in shown[0] and "只读" in shown[1] and "另一个程序使用" in shown[2]
    runner.db(lambda _op: bad_statement())
    wait_idle()
    assert len(shown) == 3 and len(crash.reports) == 1
    assert "no_such_column" in crash.reports[0].read_text(encoding="utf-8")
    runner.run_sync(db.close)


def test_runner_frees_tasks_and_callbacks_on_the_gui_thread(runner, wait_idle):
    """A worker thread never drops the last reference to a task's work, callback or result:
    what they hold (widgets, timers) must die on the GUI thread."""
    import threading

    freed: list[str] = []

    class Tracked:
        def __del__(self) -> None:
            freed.append(threading.current_thread().name)

    for _ in range(30):
        held = Tracked()
        result = Tracked()
        captured = Tracked()
        runner.db(lambda _op, held=held, result=result: result,
                  on_success=lambda _r, captured=captured: None)
        runner.net(lambda _op, held=held: Tracked(), on_success=lambda _r: None)
        del held, result, captured
    wait_idle()
    import gc
    gc.collect()
    assert len(freed) == 120 and set(freed) == {threading.current_thread().name}


def test_result_for_a_deleted_widget_is_dropped(runner, wait_idle, qtbot):
    import shiboken6
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    changed: list[object] = []
    runner.changed.connect(changed.append)
    runner.db(lambda _op: Changed("late", OpChanges.of(Area.ESTATES)),
              on_success=lambda r: label.setText(r))
    runner.db(lambda _op: "late", on_success=label.setText)
    shiboken6.delete(label)  # the window closed while the results were on their way
    wait_idle()  # pytest-qt fails the test on an exception in a slot
    assert changed == [OpChanges.of(Area.ESTATES)]


def test_shutdown_joins_workers_and_drops_undelivered_results(qtbot):
    import threading
    import time

    from wuye_desktop.tasks import TaskRunner

    r = TaskRunner()
    got: list[object] = []
    started = threading.Event()

    def slow(_op: object) -> str:
        started.set()
        time.sleep(0.3)  # not Event().wait(0.3): a pure timed wait never returns under faketime -m
        return "done"

    failed: list[BaseException] = []
    r.db(slow, on_success=got.append, on_failure=failed.append)
    r.net(slow, on_success=got.append, on_failure=failed.append)
    # Returns when set (only a wait that nothing ends early hangs under faketime -m).
    assert started.wait(5), "the operations never started"
    r.shutdown()
    assert not r._db.thread.is_alive() and not r._net.thread.is_alive()
    qtbot.wait(50)
    assert got == [] and failed == [] and r.pending == 0


def test_many_signal_emits_keep_the_interpreter_alive(tmp_path):
    """PySide6 6.12.0 drops a reference to True/None per emit and slot call on Python < 3.12
    (the interpreter aborts with "bool_dealloc"); pyproject keeps Qt below it. This fails on a
    Qt that brings the bug back."""
    import subprocess
    import sys

    script = tmp_path / "emits.py"
    script.write_text(
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "app = QCoreApplication([])\n"
        "class O(QObject):\n    s = Signal(int)\n"
        "o = O(); seen = []\n"
        "o.s.connect(lambda x: None)\n"
        "o.s.connect(seen.append)\n"
        "for i in range(200_000):\n    o.s.emit(i)\n"
        "print(len(seen))\n", encoding="utf-8")
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "200000"


def test_damage_found_after_start_is_reported(qtbot, damaged_db, caplog):
    """The window comes up without waiting for the full check; the check then runs in the
    background, says so in the status bar, and reports the damage in plain words."""
    from wuye_desktop.paths import resolve

    controller = AppController(resolve(damaged_db.parent))
    messages: list[str] = []
    controller.main_shown.connect(  # before the check starts: every status line it shows
        lambda: controller.window.statusBar().messageChanged.connect(messages.append))
    try:
        with caplog.at_level(logging.WARNING):
            controller.start()
            qtbot.waitUntil(lambda: "损坏" in caplog.text, timeout=20000)
        assert messages[0] == "正在检查数据库…"
        assert "恢复" in controller.window.statusBar().currentMessage()
        assert "quick_check" in caplog.text
    finally:
        if controller.window is not None:
            controller.window.close()
        controller.shutdown()


def test_a_sound_database_is_checked_after_start(qtbot, app_paths):
    from wuye_desktop.services.context import open_services

    svc = open_services(app_paths)
    svc.registers.init_community("220102003001", "桃源社区")
    svc.close()
    controller = AppController(app_paths)
    try:
        controller.start()
        qtbot.waitUntil(lambda: controller.window is not None, timeout=20000)
        qtbot.waitUntil(lambda: controller.runner.pending == 0, timeout=20000)
        assert controller.window.statusBar().currentMessage() == "数据库检查完成，未发现问题。"
    finally:
        controller.window.close()
        controller.shutdown()
