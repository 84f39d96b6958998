"""定稿确认: the score, the verdict and every rectification item finalising will open (with an
editable deadline) or, for a re-inspection, what happens to each open item.

Finalising is irreversible (a correction becomes a new revision), so the user sees exactly what
will be written before it is. The dialog only collects the deadlines; the screen finalises.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.inspections import ItemResult
from . import style
from .inspection_models import fmt_number


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class FinaliseDialog(QDialog):
    """Built from a :class:`FinalisePreview`; :meth:`deadlines` returns the edited ones."""

    def __init__(self, preview: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("Finalise inspection"))
        self.setMinimumSize(760, 420)
        lay = QVBoxLayout(self)
        sc = preview.score
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        style.apply(self.summary, style.Look.BODY)
        if sc.percent is None:
            verdict = self.tr("No applicable items")
        elif sc.critical_failed:
            verdict = self.tr("FAILED (critical item failed)")
        else:
            verdict = self.tr("Passed") if sc.passed else self.tr("Failed")
        text = self.tr("Score %1 (%2 of %3 points, %4 items not applicable): %5").replace(
            "%1", fmt_number(sc.percent)).replace("%2", fmt_number(sc.earned)).replace(
            "%3", fmt_number(sc.possible)).replace("%4", str(sc.not_applicable)).replace("%5", verdict)
        self.summary.setText(text)
        lay.addWidget(self.summary)
        self.problems = QLabel("\n".join(preview.problems))
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        style.tone(self.problems, style.Tone.ERROR)
        self.problems.setVisible(bool(preview.problems))
        lay.addWidget(self.problems)

        self.editors: dict[str, QDateEdit] = {}
        self.requirement_edits: dict[str, QLineEdit] = {}
        self.table = QTableWidget()
        self.table.setObjectName("opens")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.heading = QLabel()
        style.apply(self.heading, style.Look.SUBHEADING)
        lay.addWidget(self.heading)
        lay.addWidget(self.table, 1)
        if preview.reinspection:
            self._fill_reinspection()
        else:
            self._fill_opens()
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()  # long findings wrap instead of being cut off
        if preview.withdraws:
            lay.addWidget(QLabel(self.tr("This revision withdraws %1 rectification items that are "
                                         "no longer failed.").replace("%1", str(len(preview.withdraws)))))
        note = QLabel(self.tr("A finalised inspection cannot be changed; corrections become a new "
                              "revision."))
        style.tone(note, style.Tone.MUTED)
        lay.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Finalise"))
        ok.setEnabled(preview.can_finalise)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def _setup_table(self, headers: list[str], rows: int) -> None:
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(rows)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _cell(self, row: int, col: int, text: str) -> None:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, col, item)

    def _deadline_editor(self, row: int, code: str, d: date) -> None:
        ed = QDateEdit(qdate(d))
        ed.setCalendarPopup(True)
        ed.setDisplayFormat("yyyy-MM-dd")
        ed.setObjectName(f"deadline_{code}")
        self.editors[code] = ed
        self.table.setCellWidget(row, 2, ed)

    def _fill_opens(self) -> None:
        opens = self.preview.opens
        self.heading.setText(self.tr("Rectification items this will open: %1").replace("%1", str(len(opens)))
                             if opens else self.tr("No item failed: no rectification item will be opened."))
        self._setup_table([self.tr("No."), self.tr("Problem"), self.tr("Deadline"),
                           self.tr("Critical"), self.tr("Required action")], len(opens))
        for r, plan in enumerate(opens):
            self._cell(r, 0, plan.item_code)
            self._cell(r, 1, plan.text + (f"（{plan.note}）" if plan.note else ""))
            self._deadline_editor(r, plan.item_code, plan.deadline)
            self._cell(r, 3, self.tr("Yes") if plan.critical else "")
            # 整改要求 for this inspection: the template's text, editable here
            edit = QLineEdit(plan.requirement)
            edit.setObjectName(f"requirement_{plan.item_code}")
            self.requirement_edits[plan.item_code] = edit
            self.table.setCellWidget(r, 4, edit)

    def _fill_reinspection(self) -> None:
        outs = self.preview.reinspection
        self.heading.setText(self.tr("Outcome for the %1 open items").replace("%1", str(len(outs))))
        self._setup_table([self.tr("No."), self.tr("Problem"), self.tr("New deadline"),
                           self.tr("Outcome")], len(outs))
        for r, o in enumerate(outs):
            self._cell(r, 0, o.item_code)
            self._cell(r, 1, o.text)
            if o.result is ItemResult.FAIL and o.new_deadline is not None:
                self._deadline_editor(r, o.item_code, o.new_deadline)
                outcome = self.tr("Failed again: escalated to the county") if o.escalates \
                    else self.tr("Failed again: new deadline")
            elif o.result is ItemResult.PASS:
                self._cell(r, 2, "")
                outcome = self.tr("Rectified: closed")
            else:
                self._cell(r, 2, "")
                outcome = self.tr("Not applicable: stays open")
            self._cell(r, 3, outcome)

    def deadlines(self) -> dict[str, date]:
        return {code: pydate(ed.date()) for code, ed in self.editors.items()}

    def requirements(self) -> dict[str, str]:
        """整改要求 the person changed (item code -> text); the rest keep the template's."""
        plans = {p.item_code: p.requirement for p in self.preview.opens}
        return {code: ed.text().strip() for code, ed in self.requirement_edits.items()
                if ed.text().strip() and ed.text().strip() != plans.get(code)}
