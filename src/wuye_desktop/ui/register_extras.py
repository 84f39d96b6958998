"""What one register's panel adds for its kind: the company list's grade and red/black-list
filters and the grade the score earns (物业企业), the question before an estate gets a
black-listed company (小区)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from ..domain.credit import DEFAULT_BANDS, BlacklistedCompany, CreditBands
from ..domain.enums import ListStatus
from . import dialogs

if TYPE_CHECKING:
    from .register_panel import RegisterPanel

# the grade filter's entry for grades kept from an older register (not the county's)
OTHER_GRADES = "\x00other"


class CompanyTools:
    """The 物业企业 panel's grade and list filters; its form's grade follows the score."""

    def __init__(self, panel: RegisterPanel) -> None:
        self.panel = panel
        self.bands: CreditBands = DEFAULT_BANDS
        self.grade_filter = QComboBox()
        self.grade_filter.setObjectName("grade_filter")
        self.list_filter = QComboBox()
        self.list_filter.setObjectName("list_filter")
        self.list_filter.addItem(
            QCoreApplication.translate("CompanyTools", "Red and black list: all"), None)
        for m in ListStatus:
            self.list_filter.addItem(m.label, m.value)
        self._fill_grades()
        for combo in (self.grade_filter, self.list_filter):
            combo.currentIndexChanged.connect(panel._apply_query)
            panel.bar.insertWidget(panel.bar.count() - 1, combo, 1)
        score = panel.form.editors["credit_score"]
        assert isinstance(score, QDoubleSpinBox)
        # 信用分 is 0–100: a larger number can be typed so the form says why it is refused
        score.valueChanged.connect(self._score_changed)
        self._grade_tip()

    def _fill_grades(self) -> None:
        combo = self.grade_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(QCoreApplication.translate("CompanyTools", "All credit grades"), None)
        for g in self.bands.grades:
            combo.addItem(g, g)
        combo.addItem(QCoreApplication.translate("CompanyTools", "Grade to correct"), OTHER_GRADES)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _grade_tip(self) -> None:
        tip = QCoreApplication.translate(
            "CompanyTools", "Chosen from the county's grades; with a credit score the grade is "
            "the one the score earns: %1").replace("%1", self.bands.describe())
        self.panel.form.editors["credit_grade"].setToolTip(tip)

    def load(self) -> None:
        """Ask for the county's bands (the grade choices)."""
        self.panel.ctx.db(lambda op: op.services.committees.credit_bands(), on_success=self._bands)

    def _bands(self, bands: CreditBands) -> None:
        self.bands = bands
        self._fill_grades()
        self.panel.form.set_choices("credit_grade", bands.grades)
        self._grade_tip()

    def _score_changed(self, value: float) -> None:
        form = self.panel.form
        spin = form.editors["credit_score"]
        assert isinstance(spin, QDoubleSpinBox)
        if form._loading or value == spin.minimum():
            return
        grade = self.bands.grade_for(value)
        combo = form.editors["credit_grade"]
        assert isinstance(combo, QComboBox)
        i = combo.findData(grade)
        if i >= 0:
            combo.setCurrentIndex(i)

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        grade = self.grade_filter.currentData()
        if grade == OTHER_GRADES:
            out["credit_grade_other"] = list(self.bands.grades)
        elif grade:
            out["credit_grade"] = grade
        if self.list_filter.currentData():
            out["list_status"] = self.list_filter.currentData()
        return out


def confirm_blacklisted(panel: RegisterPanel, exc: BlacklistedCompany) -> bool:
    """Ask before an estate gets a black-listed company; No puts the old company back."""
    B = dialogs.Button
    text = QCoreApplication.translate(
        "CompanyTools", "%1\n\nAssign this black-listed company anyway? The estate will be "
        "flagged.").replace("%1", exc.with_hint())
    title = QCoreApplication.translate("CompanyTools", "Black-listed company")
    answer = dialogs.ask(panel, title, text, B.Yes | B.No, B.No)
    if answer == B.Yes:
        return True
    panel.form.revert_field("company_name")
    return False
