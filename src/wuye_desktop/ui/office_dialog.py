"""发文单位信息: the community office's name, address, phone and contact person, printed on
notices. Opened from the 文书 screen; a notice that needs a value left empty here is refused."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from ..services.registers import ValidationFailed
from . import ops, style
from .context import UiContext


class OfficeDialog(QDialog):
    """Edit the issuing office's details; saved on the database thread."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Issuing office"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.office = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("e.g. 0431-85912345"))
        self.contact = QLineEdit()
        form.addRow(self.tr("Issuing office"), self.office)
        form.addRow(self.tr("Office address"), self.address)
        form.addRow(self.tr("Office phone"), self.phone)
        form.addRow(self.tr("Contact person"), self.contact)
        lay.addLayout(form)
        self.message = style.text("office_message")
        lay.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.saved: Any = None
        ctx.db(lambda op: op.services.registers.community(), on_success=self._loaded)

    def _loaded(self, info: Any) -> None:
        if info is None:
            return
        self.office.setText(info.office)
        self.address.setText(info.office_address)
        self.phone.setText(info.office_phone)
        self.contact.setText(info.office_contact)

    def save(self) -> None:
        work = ops.update_office(self.office.text().strip(), self.address.text().strip(),
                                 self.phone.text().strip(), self.contact.text().strip())
        self.buttons.setEnabled(False)
        self.ctx.db(work, on_success=self._done, on_failure=self._failed)

    def _done(self, info: Any) -> None:
        self.saved = info
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            style.tone(self.message, style.Tone.ERROR)
            self.message.setText("\n".join(i.message for i in exc.issues))
            return
        self.ctx.runner.default_failure(exc)


__all__ = ["OfficeDialog"]
