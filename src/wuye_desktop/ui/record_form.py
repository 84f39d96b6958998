"""A detail form generated from a register's :class:`EntitySpec`.

One editor per field type: text and phone → QLineEdit, int/year → QSpinBox, float →
QDoubleSpinBox, date → QDateEdit, bool → QCheckBox, enum and references → QComboBox. Number and
date editors have a "not set" state (their minimum, shown as 未填写) because most register
fields are optional and 0 is a real value. Each field has its own message label right under it,
so the domain's validation message appears next to what it is about.

``choice_fields`` are text fields whose values come from a list the screen fills (a company's
credit grade: the county's grades): a drop-down without free typing. A stored value that is
not in the list stays selected and visible, marked as to be corrected, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import LabeledEnum
from ..domain.fields import EntitySpec, FieldSpec, FieldType
from ..domain.validation import Issue
from . import style

NOT_SET_DATE = QDate(1900, 1, 1)


class RecordForm(QWidget):
    """Editors for every field of one register, with inline messages."""

    #: the user changed something (or the form was reset: False)
    dirty_changed = Signal(bool)
    #: any editor changed (for debounced live validation)
    edited = Signal()
    #: a reference field's text changed: (field name, new text)
    ref_changed = Signal(str, str)

    def __init__(self, spec: EntitySpec, parent: QWidget | None = None,
                 choice_fields: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.spec = spec
        self.choice_fields = frozenset(choice_fields)
        self.editors: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self._loading = False
        self._dirty = False
        #: the values as shown when the record was loaded: an edit saves only what differs
        self._loaded: dict[str, Any] = {}
        #: fields shown read-only (the county's), with the tooltips they had before
        self._locked: frozenset[str] = frozenset()
        self._unlocked_tips: dict[str, str] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.record_message = QLabel()
        self.record_message.setWordWrap(True)
        style.tone(self.record_message, style.Tone.ERROR)
        self.record_message.hide()
        outer.addWidget(self.record_message)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for f in spec.fields:
            editor = self._make_editor(f)
            editor.setObjectName(f"field_{f.name}")
            self.editors[f.name] = editor
            msg = QLabel()
            msg.setObjectName(f"message_{f.name}")
            msg.setWordWrap(True)
            msg.hide()
            self.messages[f.name] = msg
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(editor)
            lay.addWidget(msg)
            label = QLabel(("* " if f.required else "") + f.label)
            label.setBuddy(editor)
            form.addRow(label, box)
        outer.addLayout(form)
        outer.addStretch(1)

    # --- editors ---------------------------------------------------------------------------

    def _make_editor(self, f: FieldSpec) -> QWidget:
        not_set = self.tr("Not set")
        if f.name in self.choice_fields:
            choice = QComboBox()
            choice.addItem("", None)
            choice.currentIndexChanged.connect(self._on_edit)
            return choice
        if f.enum is not None:
            combo = QComboBox()
            combo.addItem("", None)
            for m in f.enum:
                combo.addItem(m.label, m.value)
            combo.currentIndexChanged.connect(self._on_edit)
            return combo
        if f.ref is not None:
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.currentTextChanged.connect(self._on_edit)
            combo.currentTextChanged.connect(lambda t, n=f.name: self._ref_edited(n, t))
            return combo
        if f.type in (FieldType.INT, FieldType.YEAR):
            spin = QSpinBox()
            if f.type is FieldType.YEAR:
                spin.setRange(1899, 2100)
            else:
                spin.setRange(-1, 9_999_999)
            spin.setSpecialValueText(not_set)
            spin.setValue(spin.minimum())
            spin.valueChanged.connect(self._on_edit)
            return spin
        if f.type is FieldType.FLOAT:
            dspin = QDoubleSpinBox()
            dspin.setRange(-1, 1e9)
            dspin.setDecimals(2)
            dspin.setSpecialValueText(not_set)
            dspin.setValue(-1)
            dspin.valueChanged.connect(self._on_edit)
            return dspin
        if f.type is FieldType.DATE:
            date = QDateEdit()
            date.setCalendarPopup(True)
            date.setDisplayFormat("yyyy-MM-dd")
            date.setMinimumDate(NOT_SET_DATE)
            date.setSpecialValueText(not_set)
            date.setDate(NOT_SET_DATE)
            date.dateChanged.connect(self._on_edit)
            return date
        if f.type is FieldType.BOOL:
            check = QCheckBox()
            check.toggled.connect(self._on_edit)
            return check
        line = QLineEdit()
        if f.readonly:
            line.setReadOnly(True)
            line.setToolTip(self.tr("Filled in by the registers; not edited here"))
        line.setMaxLength(f.max_length)
        line.setClearButtonEnabled(True)
        line.textEdited.connect(self._on_edit)
        return line

    def _ref_edited(self, name: str, text: str) -> None:
        if not self._loading:
            self.ref_changed.emit(name, text)

    def _on_edit(self, *_: Any) -> None:
        if self._loading:
            return
        if not self._dirty:
            self._dirty = True
            self.dirty_changed.emit(True)
        self.edited.emit()

    # --- values ----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark_clean(self) -> None:
        if self._dirty:
            self._dirty = False
            self.dirty_changed.emit(False)

    def set_choices(self, name: str, choices: Iterable[str]) -> None:
        """Fill a reference combo's list, keeping what is typed in it (or a choice field's
        list, keeping what is selected)."""
        combo = self.editors[name]
        assert isinstance(combo, QComboBox)
        was_loading, self._loading = self._loading, True
        try:
            if name in self.choice_fields:
                current = combo.currentData()
                combo.clear()
                combo.addItem("", None)
                for c in choices:
                    combo.addItem(c, c)
                self._select_choice(combo, current)
                return
            text = combo.currentText()
            combo.clear()
            combo.addItem("")
            combo.addItems(list(choices))
            combo.setCurrentText(text)
        finally:
            self._loading = was_loading

    def set_values(self, values: dict[str, Any] | None) -> None:
        """Show a record (None: an empty new record) and forget edits and messages."""
        self.lock_fields(())
        self._loading = True
        try:
            for f in self.spec.fields:
                self._set(f, self.editors[f.name], (values or {}).get(f.name))
        finally:
            self._loading = False
        self._loaded = self.values()
        self.show_issues([])
        self.mark_clean()

    def lock_fields(self, names: Iterable[str]) -> None:
        """Show these fields read-only (the county's registry owns them), the rest editable."""
        locked = frozenset(names)
        tip = self.tr("Published by the county housing authority: it cannot be changed here. "
                      "Contact the county if it is wrong.")
        for name in self._locked - locked:  # give back the tooltip the screen had set
            self.editors[name].setEnabled(True)
            self.editors[name].setToolTip(self._unlocked_tips.pop(name, ""))
        for name in locked - self._locked:
            self._unlocked_tips[name] = self.editors[name].toolTip()
            self.editors[name].setEnabled(False)
            self.editors[name].setToolTip(tip)
        self._locked = locked

    def changed_values(self) -> dict[str, Any]:
        """Only the fields the person changed since the record was loaded: saving an edit
        sends these, so fields changed elsewhere meanwhile (sync) are not written back."""
        return {k: v for k, v in self.values().items() if v != self._loaded.get(k)}

    def set_field(self, name: str, value: Any) -> None:
        """Set one field as if the user had typed it."""
        self._set(self.spec.field(name), self.editors[name], value)
        self._on_edit()

    def revert_field(self, name: str) -> None:
        """Put one field back to the value it had when the record was loaded."""
        was_loading, self._loading = self._loading, True
        try:
            self._set(self.spec.field(name), self.editors[name], self._loaded.get(name))
        finally:
            self._loading = was_loading
        if not self.changed_values():
            self.mark_clean()

    def _select_choice(self, combo: QComboBox, value: Any) -> None:
        i = combo.findData(value) if value is not None else 0
        if i < 0:  # kept from before the list existed: shown, to be corrected
            combo.addItem(self.tr("%1 (not in the list: please correct)").replace("%1", str(value)),
                          value)
            i = combo.count() - 1
        combo.setCurrentIndex(i)

    def _set(self, f: FieldSpec, w: QWidget, v: Any) -> None:
        if isinstance(w, QComboBox) and f.name in self.choice_fields:
            self._select_choice(w, v)
        elif isinstance(w, QComboBox) and f.enum is not None:
            code = v.value if isinstance(v, LabeledEnum) else v
            i = w.findData(code)
            w.setCurrentIndex(i if i >= 0 else 0)
        elif isinstance(w, QComboBox):
            w.setCurrentText("" if v is None else str(v))
        elif isinstance(w, QDoubleSpinBox):
            w.setValue(w.minimum() if v is None else float(v))
        elif isinstance(w, QSpinBox):
            w.setValue(w.minimum() if v is None else int(v))
        elif isinstance(w, QDateEdit):
            w.setDate(NOT_SET_DATE if v is None else QDate(v.year, v.month, v.day))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(v))
        elif isinstance(w, QLineEdit):
            w.setText("" if v is None else str(v))

    def values(self) -> dict[str, Any]:
        """The typed values as the services expect them (None for "not set")."""
        out: dict[str, Any] = {}
        for f in self.spec.fields:
            w = self.editors[f.name]
            v: Any
            if isinstance(w, QComboBox) and f.name in self.choice_fields:
                v = w.currentData()
            elif isinstance(w, QComboBox) and f.enum is not None:
                code = w.currentData()
                v = f.enum(code) if code else None
            elif isinstance(w, QComboBox):
                v = w.currentText().strip() or None
            elif isinstance(w, QDoubleSpinBox | QSpinBox):
                v = None if w.value() == w.minimum() else w.value()
            elif isinstance(w, QDateEdit):
                d = w.date()
                v = None if d == NOT_SET_DATE else dt.date(d.year(), d.month(), d.day())
            elif isinstance(w, QCheckBox):
                v = w.isChecked()
            elif isinstance(w, QLineEdit):
                v = w.text().strip() or None
            else:  # pragma: no cover - every type has an editor above
                v = None
            out[f.name] = v
        return out

    # --- messages --------------------------------------------------------------------------

    def show_issues(self, issues: list[Issue]) -> None:
        """Put each message under its field; record-level ones go on top."""
        by_field: dict[str, list[Issue]] = {}
        for i in issues:
            key = i.field if i.field in self.messages else ""
            by_field.setdefault(key, []).append(i)
        for name, label in self.messages.items():
            self._fill(label, by_field.get(name, []))
        self._fill(self.record_message, by_field.get("", []))

    @staticmethod
    def _fill(label: QLabel, issues: list[Issue]) -> None:
        if not issues:
            label.clear()
            label.hide()
            return
        label.setText("\n".join(i.message for i in issues))
        style.tone(label, style.Tone.ERROR if any(i.is_error for i in issues) else style.Tone.WARNING)
        label.show()

    def message(self, name: str) -> str:
        """The message shown under a field ("" when none) — for tests and accessibility."""
        label = self.messages.get(name, self.record_message)
        return label.text() if not label.isHidden() else ""

    def focus_first_error(self) -> None:
        for name, label in self.messages.items():
            if not label.isHidden():
                self.editors[name].setFocus(Qt.FocusReason.OtherFocusReason)
                return
