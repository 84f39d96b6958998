"""First run: register this community (12-digit code and name) or open the demo community.

Validation uses the domain's own checks, shown under each field as the user types.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.validation import check_community_code, check_required
from ..services import demo
from ..services.context import Services
from ..services.registers import ValidationFailed
from ..services.workers import WorkerService
from ..tasks import OpContext, TaskRunner
from . import style


class SetupDialog(QDialog):
    """Shown (non-blocking) when the data directory has no community yet."""

    #: the community exists now (created or demo installed)
    ready = Signal()

    def __init__(self, runner: TaskRunner, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.services = services
        self.registers = services.registers
        self.setWindowTitle(self.tr("Welcome to the Community Property Workbench"))
        self.setObjectName("setup_dialog")
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("This computer has no community yet. Enter your community's "
                               "12-digit statistical division code and its name, or open the demo "
                               "community to try the program first."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setMaxLength(12)
        self.code.setPlaceholderText("220102003001")
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}")))
        self.code_message = self._message("code_message")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("e.g. 桃源社区"))
        self.name_message = self._message("name_message")
        self.subdistrict = QLineEdit()
        self.subdistrict.setPlaceholderText(self.tr("optional"))
        self.worker = QLineEdit()
        self.worker.setObjectName("worker")
        self.worker.setMaxLength(60)
        self.worker.setPlaceholderText(self.tr("e.g. 王小红"))
        self.worker.setToolTip(self.tr("Every change is recorded under this name; it can be "
                                       "switched later in the status bar"))
        self.worker_message = self._message("worker_message")
        form.addRow(self.tr("Community code"), self._stack(self.code, self.code_message))
        form.addRow(self.tr("Community name"), self._stack(self.name, self.name_message))
        form.addRow(self.tr("Sub-district"), self.subdistrict)
        form.addRow(self.tr("Your name (worker)"), self._stack(self.worker, self.worker_message))
        lay.addLayout(form)
        self.progress = QProgressBar()
        self.progress.hide()
        lay.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        self.demo_button = QPushButton(self.tr("Open the demo community"))
        self.demo_button.setObjectName("demo")
        self.create_button = QPushButton(self.tr("Create community"))
        self.create_button.setObjectName("create")
        self.create_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("Quit"))
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.create_button)
        lay.addLayout(buttons)
        self.code.textChanged.connect(self._check_code)
        self.name.textChanged.connect(self._check_name)
        self.create_button.clicked.connect(self.create_community)
        self.demo_button.clicked.connect(self.open_demo)
        self.quit_button.clicked.connect(self.reject)
        self.setMinimumWidth(520)

    @staticmethod
    def _message(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        style.tone(label, style.Tone.ERROR)
        label.hide()
        return label

    @staticmethod
    def _stack(editor: QWidget, message: QLabel) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(editor)
        lay.addWidget(message)
        return box

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _check_code(self) -> bool:
        text = self.code.text().strip()
        issues = check_community_code(text) if len(text) == 12 or not self.code.hasFocus() else []
        self._show(self.code_message, "\n".join(i.message for i in issues))
        return not check_community_code(text)

    def _check_name(self) -> bool:
        issues = check_required(self.name.text().strip() or None, "name", "社区名称")
        self._show(self.name_message, "\n".join(i.message for i in issues))
        return not issues

    def _check_worker(self, required: bool = True) -> str | None:
        """The worker's name, or None (message shown) when it is required and unusable."""
        text = self.worker.text().strip()
        if not text and not required:
            self._show(self.worker_message, "")
            return ""
        try:
            name = WorkerService.check(text)
        except ValueError as exc:
            self._show(self.worker_message, str(exc))
            return None
        self._show(self.worker_message, "")
        return name

    def _workers(self) -> WorkerService:
        return self.services.workers

    def _busy(self, busy: bool) -> None:
        for w in (self.create_button, self.demo_button, self.code, self.name, self.subdistrict,
                  self.worker):
            w.setEnabled(not busy)

    def create_community(self) -> None:
        code = self.code.text().strip()
        issues = check_community_code(code)
        self._show(self.code_message, "\n".join(i.message for i in issues))
        name_ok = self._check_name()
        worker = self._check_worker()
        if issues or not name_ok or worker is None:
            return
        name, sub = self.name.text().strip(), self.subdistrict.text().strip()

        def work(op: OpContext) -> object:
            # first, so the community is recorded as made by this person
            op.services.workers.switch(worker)
            return op.services.registers.init_community(code, name, sub)

        self._busy(True)
        self.runner.db(work, services=self.services, on_success=lambda _c: self._finish(),
                       on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.progress.hide()
        if isinstance(exc, ValidationFailed):
            for i in exc.issues:
                target = self.name_message if i.field == "name" else self.code_message
                self._show(target, i.message)
            return
        self.runner.default_failure(exc)

    def open_demo(self) -> None:
        # Trying the demo needs no name; one typed in is used like for a real community.
        worker = self._check_worker(required=False)
        if worker is None:
            return
        self._busy(True)
        self.progress.show()
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Creating the demo community…"))
        def work(op: OpContext) -> object:
            if worker:
                op.services.workers.switch(worker)
            return demo.install_everything(op.services, 1, progress=op.report)

        self.runner.db(work, services=self.services, on_success=lambda _s: self._finish(),
                       on_failure=self._failed, label=self.tr("Creating the demo community"))
        self.runner.task_progress.connect(self._on_progress)

    def _on_progress(self, _task: object, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finish(self) -> None:
        self.ready.emit()
        self.accept()
