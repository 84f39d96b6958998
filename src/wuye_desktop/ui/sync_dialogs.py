"""Dialogs of the 同步 screen: enrolment, a conflict side by side, retry of a rejected change.

None of them touches the database or the network itself: the enrolment dialog submits the
enrolment to the runner's network lane; the other two only collect a decision and return it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from . import style
from .context import UiContext


class EnrolDialog(QDialog):
    """注册本机: server address (prefilled from county.ini) and the one-time code."""

    # enrolment succeeded: the community code
    enrolled = Signal(str)

    def __init__(self, ctx: UiContext, server: str = "", county_name: str = "",
                 parent: QWidget | None = None, locked: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Enrol this computer"))
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Enter the county server address and the one-time enrolment code "
                               "issued by the county. The code can be used only once."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.server = QLineEdit(server)
        self.server.setObjectName("server")
        self.server.setPlaceholderText("https://")
        if locked:
            self.server.setReadOnly(True)
            self.server.setToolTip(self.tr("The county has fixed this address for its installations."))
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.name = QLineEdit()
        self.name.setObjectName("device_name")
        self.name.setPlaceholderText(self.tr("e.g. office PC 1"))
        form.addRow(self.tr("Server address:"), self.server)
        if county_name:
            form.addRow(self.tr("County:"), QLabel(county_name))
        form.addRow(self.tr("Enrolment code:"), self.code)
        form.addRow(self.tr("Computer name:"), self.name)
        lay.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        style.tone(self.message, style.Tone.ERROR)
        lay.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Enrol"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        (self.code if server or locked else self.server).setFocus()

    def submit(self) -> None:
        server, code = self.server.text().strip(), self.code.text().strip()
        if not server or not code:
            self.message.setText(self.tr("Fill in the server address and the enrolment code."))
            return
        self.ok.setEnabled(False)
        style.tone(self.message, style.Tone.MUTED)
        self.message.setText(self.tr("Enrolling…"))
        name = self.name.text().strip()
        self.ctx.net(lambda op: op.services.sync.enroll(server, code, name), on_success=self._done,
                     on_failure=self._failed, label=self.tr("Enrol"))

    def _done(self, community: str) -> None:
        self.enrolled.emit(community)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        style.tone(self.message, style.Tone.ERROR)
        self.message.setText(self.tr("Enrolment failed: %1").replace("%1", str(exc)))


class ConflictDialog(QDialog):
    """Both values of every conflicting field side by side; the person picks one per field."""

    def __init__(self, item: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(self.tr("Resolve conflict"))
        self.setMinimumWidth(620)
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("%1 “%2” was changed on another computer too. For each field, "
                              "choose the value to keep; your choice becomes the new version "
                              "for everyone.").replace("%1", item.table_label)
                      .replace("%2", item.title))
        head.setWordWrap(True)
        lay.addWidget(head)
        if item.reason:
            reason = QLabel(self.tr("County server: %1").replace("%1", item.reason))
            reason.setWordWrap(True)
            style.tone(reason, style.Tone.MUTED)
            lay.addWidget(reason)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        for col, text in enumerate((self.tr("Field"), self.tr("County server value"),
                                    self.tr("This computer's value"))):
            h = QLabel(text)
            style.apply(h, style.Look.STRONG)
            grid.addWidget(h, 0, col)
        self.groups: dict[str, QButtonGroup] = {}
        self.server_buttons: dict[str, QRadioButton] = {}
        self.local_buttons: dict[str, QRadioButton] = {}
        for row, f in enumerate(item.fields, start=1):
            grid.addWidget(QLabel(f.label), row, 0)
            srv = QRadioButton(f.server_text)
            srv.setObjectName(f"server_{f.field}")
            loc = QRadioButton(f.local_text)
            loc.setObjectName(f"local_{f.field}")
            group = QButtonGroup(self)
            group.addButton(srv, 0)
            group.addButton(loc, 1)
            group.buttonToggled.connect(self._update)
            grid.addWidget(srv, row, 1)
            grid.addWidget(loc, row, 2)
            self.groups[f.field] = group
            self.server_buttons[f.field] = srv
            self.local_buttons[f.field] = loc
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        lay.addLayout(grid)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Keep chosen values"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._update()

    def _update(self, *_args: object) -> None:
        self.ok.setEnabled(bool(self.groups) and all(g.checkedId() >= 0
                                                     for g in self.groups.values()))

    def choices(self) -> dict[str, Any]:
        """field -> chosen wire value (only fields with a choice)."""
        out: dict[str, Any] = {}
        for f in self.item.fields:
            cid = self.groups[f.field].checkedId()
            if cid == 0:
                out[f.field] = f.server_value
            elif cid == 1:
                out[f.field] = f.local_value
        return out


class RetryDialog(QDialog):
    """修改后重试: the rejected fields with the row's current values, editable."""

    def __init__(self, item: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(self.tr("Correct and send again"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        why = QLabel(self.tr("The county server refused this change: %1").replace("%1", item.reason))
        why.setWordWrap(True)
        style.tone(why, style.Tone.ERROR)
        lay.addWidget(why)
        hint = QLabel(self.tr("Correct the values below, then send the change again."))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        form = QFormLayout()
        self.editors: dict[str, QWidget] = {}
        for f, (label, value) in item.fields.items():
            if isinstance(value, bool):
                w: QWidget = QCheckBox()
                w.setChecked(value)  # type: ignore[attr-defined]
            else:
                w = QLineEdit("" if value is None else str(value))
            w.setObjectName(f"edit_{f}")
            self.editors[f] = w
            form.addRow(label, w)
        lay.addLayout(form)
        self.message = QLabel()
        style.tone(self.message, style.Tone.ERROR)
        lay.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Send again"))
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def edits(self) -> dict[str, Any]:
        """Changed fields as wire values, typed like the original (raises ValueError)."""
        out: dict[str, Any] = {}
        for f, (_label, old) in self.item.fields.items():
            w = self.editors[f]
            if isinstance(w, QCheckBox):
                new: Any = w.isChecked()
            else:
                text = w.text().strip()  # type: ignore[attr-defined]
                if text == "":
                    new = None
                elif isinstance(old, int):
                    new = int(text)
                elif isinstance(old, float):
                    new = float(text)
                else:
                    new = text
            if new != old:
                out[f] = new
        return out

    def _check(self) -> None:
        try:
            self.edits()
        except ValueError:
            self.message.setText(self.tr("A number field contains text that is not a number."))
            return
        self.accept()


__all__ = ["ConflictDialog", "EnrolDialog", "RetryDialog"]
