"""发现新版本: the county server offers a newer, vendor-signed release. The worker chooses to
download it (with progress); once its hash and signature are verified the installer starts and
the workbench closes so that it can be replaced. A refused download says why and installs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ..services.sync import SyncService
from ..tasks import OpContext, Task
from .context import UiContext


class UpdateDialog(QDialog):
    """Offer, download with progress, verify, start the installer and quit."""

    def __init__(self, ctx: UiContext, offer: Any, parent: QWidget | None = None,
                 quit_app: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offer = offer
        self.task: Task | None = None
        self.quit_app = quit_app or QApplication.quit
        self.setWindowTitle(self.tr("New version available"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        self.text = QLabel(offer.text)
        self.text.setObjectName("offer")
        self.text.setWordWrap(True)
        lay.addWidget(self.text)
        self.bar = QProgressBar()
        self.bar.setObjectName("progress")
        self.bar.hide()
        lay.addWidget(self.bar)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.install_button = self.buttons.addButton(self.tr("Download and install"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.install_button.setObjectName("install")
        self.later_button = self.buttons.addButton(self.tr("Later"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.install_button.clicked.connect(self.download)
        self.later_button.clicked.connect(self.later)
        lay.addWidget(self.buttons)
        ctx.runner.task_progress.connect(self._progress)

    @property
    def service(self) -> SyncService:
        return self.ctx.services.sync

    def download(self) -> None:
        self.install_button.setEnabled(False)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.message.setText(self.tr("Downloading…"))
        offer = self.offer

        def work(op: OpContext) -> Path:
            path: Path = op.services.sync.download_update(offer, progress=op.report,
                                                          cancelled=op.cancelled)
            return path

        self.task = self.ctx.net(work, on_success=self._downloaded, on_failure=self._failed,
                                 label=self.tr("Downloading update"))

    def _progress(self, task: Any, done: int, total: int) -> None:
        if task is not self.task:
            return
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(done * 1000 / total))

    def _downloaded(self, path: Path) -> None:
        self.bar.setRange(0, 1000)
        self.bar.setValue(1000)
        self.message.setText(self.tr("The installer was verified (signed by the software "
                                     "publisher). It starts now and the workbench closes."))
        self.service.updates.install(path)
        self.accept()
        self.quit_app()

    def _failed(self, exc: BaseException) -> None:
        self.bar.hide()
        self.install_button.setEnabled(True)
        self.message.setText(str(exc))

    def later(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.reject()
