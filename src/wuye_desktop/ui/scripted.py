"""A test hook that drives the real application's start-up dialogs from the environment.

Why: the window-stays tests start ``python -m wuye_desktop`` as a subprocess on the offscreen
platform, where nobody can click. Only the real event loop of the real process shows whether
the app survives the hand-over from the first-run dialog (or the damaged-database question) to
the main window, so the clicks must happen inside that process, through the real widgets.

Read only from the environment, and inert unless set:

``WUYE_TEST_SCRIPT``
    Actions separated by ``;``, performed in order once their widget is on screen:
    ``create:CODE:NAME[:WORKER]`` fills the setup dialog (worker default 王小红), clicks 创建社区;
    ``demo`` clicks
    打开演示社区; ``yes`` / ``no`` answer the message box that is open (e.g. 恢复最近的备份?).
``WUYE_TEST_STATUS``
    A file the app appends to: ``action …`` for each action done, ``shown`` when the main
    window is shown, then every second ``alive visible=0|1 community=…``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWidget

SCRIPT_ENV = "WUYE_TEST_SCRIPT"
STATUS_ENV = "WUYE_TEST_STATUS"


def wanted() -> bool:
    return bool(os.environ.get(SCRIPT_ENV) or os.environ.get(STATUS_ENV))


class ScriptedRun(QObject):
    """Performs the scripted actions and writes the status file (see the module docstring)."""

    def __init__(self, controller: Any, script: str, status: Path | None) -> None:
        super().__init__(controller)
        self.controller = controller
        self.actions = [a for a in script.split(";") if a.strip()]
        self.status = status
        self.t0 = time.monotonic()
        self.poll = QTimer(self)
        self.poll.setInterval(100)
        self.poll.timeout.connect(self._step)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(1000)
        self.heartbeat.timeout.connect(self._beat)
        controller.main_shown.connect(self._shown)

    def start(self) -> None:
        self._write("started")
        self.poll.start()

    def _write(self, line: str) -> None:
        if self.status is None:
            return
        with self.status.open("a", encoding="utf-8") as f:
            f.write(f"{time.monotonic() - self.t0:.2f} {line}\n")

    def _step(self) -> None:
        if not self.actions:
            self.poll.stop()
            return
        action = self.actions[0].strip()
        done = self._do(action)
        if done:
            self.actions.pop(0)
            self._write(f"action {action}")

    def _do(self, action: str) -> bool:
        name, _, rest = action.partition(":")
        if name in ("create", "demo"):
            dialog = self.controller.setup_dialog
            if dialog is None or not dialog.isVisible():
                return False
            if name == "demo":
                dialog.findChild(QPushButton, "demo").click()
                return True
            code, _, rest = rest.partition(":")
            community, _, worker = rest.partition(":")
            dialog.findChild(QLineEdit, "code").setText(code)
            dialog.findChild(QLineEdit, "name").setText(community)
            dialog.findChild(QLineEdit, "worker").setText(worker or "王小红")
            dialog.findChild(QPushButton, "create").click()
            return True
        if name in ("yes", "no"):
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox) or not box.isVisible():
                return False
            button = box.button(QMessageBox.StandardButton.Yes if name == "yes"
                                else QMessageBox.StandardButton.No)
            if button is None:
                return False
            button.click()
            return True
        self._write(f"unknown action {action}")
        return True

    def _shown(self) -> None:
        self._write("shown")
        self.heartbeat.start()

    def _beat(self) -> None:
        window: QWidget | None = self.controller.window
        visible = int(window is not None and window.isVisible())
        community = ""
        if window is not None:
            label = getattr(window, "community_label", None)
            community = label.text() if label is not None else ""
        self._write(f"alive visible={visible} community={community}")


def install(controller: Any) -> ScriptedRun | None:
    """Attach the hook to ``controller`` when the environment asks for it (else do nothing)."""
    if not wanted():
        return None
    status = os.environ.get(STATUS_ENV)
    run = ScriptedRun(controller, os.environ.get(SCRIPT_ENV, ""), Path(status) if status else None)
    QTimer.singleShot(0, run.start)
    return run
