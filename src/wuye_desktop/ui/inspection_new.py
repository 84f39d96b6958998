"""新建检查: estate, optional building, template, date and the people who took part.

The dialog is shown with ``open()`` (never ``exec()``), so tests fill it and press OK like a user;
its choices are loaded through the runner, never on the GUI thread.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..domain.inspections import InspectionKind
from ..domain.schedules import main_kind
from ..tasks import OpContext
from . import style
from .context import UiContext
from .inspection_finalise import qdate


def split_names(text: str) -> list[str]:
    """Names typed as 王丽华、李强 or 王丽华, 李强 or with spaces."""
    return [n for n in re.split(r"[、,，;；\s]+", text.strip()) if n]


class NewInspectionDialog(QDialog):
    """Asks what a new inspection is about; :meth:`values` gives the arguments of create_draft."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *,
                 estate_id: str | None = None, kind: InspectionKind | None = None,
                 template_code: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: what a due row asked for, applied once the choices have loaded
        self._preset = (estate_id, kind, template_code)
        self.setWindowTitle(self.tr("New inspection"))
        self.setMinimumWidth(520)
        self._estates: list[dict[str, Any]] = []
        self._templates: list[Any] = []
        form = QFormLayout(self)
        self.estate = QComboBox()
        self.estate.setObjectName("estate")
        self.building = QComboBox()
        self.building.setObjectName("building")
        self.template = QComboBox()
        self.template.setObjectName("template")
        self.date = QDateEdit(qdate(ctx.services.clock.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.workers = QLineEdit()
        self.workers.setObjectName("workers")
        self.workers.setPlaceholderText(self.tr("Community workers, separated by 、"))
        self.lead = QComboBox()
        self.lead.setObjectName("lead")
        self.company_rep = QLineEdit()
        self.company_rep.setObjectName("company_rep")
        self.company_rep.setPlaceholderText(self.tr("Name of the company's representative"))
        self.company = QLabel()
        form.addRow(self.tr("Estate"), self.estate)
        form.addRow(self.tr("Building (optional)"), self.building)
        form.addRow(self.tr("Checklist"), self.template)
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Inspectors"), self.workers)
        form.addRow(self.tr("Building lead"), self.lead)
        form.addRow(self.tr("Property company"), self.company)
        form.addRow(self.tr("Company representative"), self.company_rep)
        self.error = QLabel()
        style.tone(self.error, style.Tone.ERROR)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.estate.currentIndexChanged.connect(self._estate_changed)
        self._load()

    # --- choices ---------------------------------------------------------------------------

    def _load(self) -> None:
        def work(op: OpContext) -> tuple[list[dict[str, Any]], list[Any]]:
            return op.services.registers.rows("estates"), op.services.templates.find(latest_only=True)

        self.ctx.db(work, on_success=self._fill)

    def _fill(self, result: tuple[list[dict[str, Any]], list[Any]]) -> None:
        self._estates, self._templates = result
        self.template.blockSignals(True)
        for t in self._templates:
            label = self.tr("%1 (%2, version %3)").replace("%1", t.name).replace(
                "%2", t.kind_label).replace("%3", str(t.version))
            self.template.addItem(label, t.id)
        self.template.blockSignals(False)
        for e in self._estates:
            self.estate.addItem(f"{e['name']}（{e['management_mode'].label}）", e["id"])
        estate_id, kind, code = self._preset
        if estate_id is not None:
            self.select_estate(estate_id)
        if kind is not None:
            self.select_template(kind, code)

    def _estate_changed(self, row: int) -> None:
        if not 0 <= row < len(self._estates):
            return
        e = self._estates[row]
        self.company.setText(e.get("company_name") or self.tr("(no property company)"))
        self.select_template(main_kind(e["management_mode"]) or InspectionKind.ROUTINE)
        eid = e["id"]

        def work(op: OpContext) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
            regs = op.services.registers
            return (eid, regs.rows("buildings", filters={"estate_id": eid}),
                    regs.rows("leads", filters={"estate_id": eid}))

        self.ctx.db(work, on_success=self._fill_estate)

    def _fill_estate(self, result: tuple[str, list[dict[str, Any]], list[dict[str, Any]]]) -> None:
        eid, buildings, leads = result
        if eid != self.estate.currentData():
            return  # the user picked another estate meanwhile
        self.building.clear()
        self.building.addItem(self.tr("Whole estate"), None)
        for b in buildings:
            self.building.addItem(self.tr("Building %1").replace("%1", str(b["number"])), b["id"])
        self.lead.clear()
        self.lead.addItem(self.tr("(none)"), None)
        for ld in leads:
            self.lead.addItem(f"{ld['name']}（{ld['building_number']}）", ld["id"])

    # --- result ----------------------------------------------------------------------------

    def select_estate(self, estate_id: str) -> bool:
        i = self.estate.findData(estate_id)
        if i >= 0:
            self.estate.setCurrentIndex(i)
        return i >= 0

    def select_template(self, kind: InspectionKind, code: str | None = None) -> bool:
        """The checklist ``code`` when there is one, else the first of ``kind``."""
        hits = [i for i, t in enumerate(self._templates) if t.kind is kind]
        exact = [i for i in hits if self._templates[i].code == code]
        if exact or hits:
            self.template.setCurrentIndex((exact or hits)[0])
        return bool(hits)

    def values(self) -> dict[str, Any]:
        from ..services.inspections import Inspector

        qd = self.date.date()
        return {"estate_id": self.estate.currentData(), "template_id": self.template.currentData(),
                "inspected_on": date(qd.year(), qd.month(), qd.day()),
                "building_id": self.building.currentData(), "lead_id": self.lead.currentData(),
                "inspectors": [Inspector("worker", n) for n in split_names(self.workers.text())],
                "company_rep": self.company_rep.text().strip() or None}

    def _accept(self) -> None:
        v = self.values()
        if not v["estate_id"]:
            self.error.setText(self.tr("Choose the estate to inspect."))
            return
        if not v["template_id"]:
            self.error.setText(self.tr("Choose a checklist."))
            return
        if not v["inspectors"]:
            self.error.setText(self.tr("Enter at least one inspector."))
            return
        self.accept()
