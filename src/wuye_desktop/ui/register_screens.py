"""The register screens: 小区 (with its buildings, leads, company, committee), 楼栋 (with its
units), 楼长, 物业企业, 业委会 (with its members)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget

from ..changes import Area, OpChanges
from ..domain.committees import TermStatus
from ..domain.fields import SPECS
from . import ScreenSpec, style
from .context import UiContext
from .register_model import RegisterModel
from .register_panel import RegisterPanel
from .screen import Screen


class RegisterScreen(Screen):
    """A screen that is one register panel."""

    def __init__(self, ctx: UiContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.kind = kind
        self.panel = RegisterPanel(ctx, kind)
        lay = QVBoxLayout(self)
        lay.addWidget(self.panel)

    def activate(self) -> None:
        self.panel.activate()

    def can_leave(self) -> bool:
        return self.panel.confirm_leave()

    def new_record(self) -> None:
        self.panel.new_record()

    def save(self) -> None:
        self.panel.save()

    def focus_search(self) -> None:
        self.panel.search.setFocus()
        self.panel.search.selectAll()

    def register_kind(self) -> str | None:
        return self.kind


class RelatedTable(QTableView):
    """A read-only paged list of one register limited to an estate (on the estate page)."""

    def __init__(self, ctx: UiContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.related = RegisterModel(kind, ctx.runner, ctx.services, self)
        self.setModel(self.related)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setDefaultSectionSize(100)
        self.setSortingEnabled(False)
        # estate_name repeats the page's own estate: hide it
        for i, f in enumerate(self.related.fields):
            if f.name == "estate_name":
                self.setColumnHidden(i, True)

    def show_for(self, filters: dict[str, Any] | None) -> None:
        if filters is None:
            self.related.set_query(filters={"estate_id": "-"})  # nothing matches a new estate
        else:
            self.related.set_query(filters=filters)


class EstatesScreen(RegisterScreen):
    """小区: the register, and under the form the estate's buildings, leads, company, committee."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "estates", parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("estate_related")
        self.buildings = RelatedTable(ctx, "buildings")
        self.leads = RelatedTable(ctx, "leads")
        self.company = RelatedTable(ctx, "companies")
        self.committee = RelatedTable(ctx, "committees")
        self.members = RelatedTable(ctx, "members")
        committee_box = QSplitter(Qt.Orientation.Vertical)
        committee_box.addWidget(self.committee)
        committee_box.addWidget(self.members)
        committee_box.setSizes([60, 200])
        self.tabs.addTab(self.buildings, SPECS["buildings"].label)
        self.tabs.addTab(self.leads, SPECS["leads"].label)
        self.tabs.addTab(self.company, SPECS["companies"].label)
        self.tabs.addTab(committee_box, SPECS["committees"].label)
        hint = QLabel(QCoreApplication.translate(
            "RegisterScreens", "Select an estate to see its buildings, building leads, property "
            "company and owners' committee."))
        hint.setWordWrap(True)
        style.tone(hint, style.Tone.MUTED)
        self.hint = hint
        # 黑名单企业: the estate's company is on the black list (assigned with a confirmation)
        self.blacklist_flag = QLabel()
        self.blacklist_flag.setObjectName("blacklist_flag")
        self.blacklist_flag.setWordWrap(True)
        style.apply(self.blacklist_flag, style.Look.STRONG, style.Tone.ERROR)
        self.blacklist_flag.hide()
        split = QSplitter(Qt.Orientation.Vertical)
        top = self.panel
        self.layout().removeWidget(top)  # type: ignore[union-attr]
        self.layout().addWidget(self.blacklist_flag)  # type: ignore[union-attr]
        split.addWidget(top)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(hint)
        bl.addWidget(self.tabs)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.layout().addWidget(split)  # type: ignore[union-attr]
        self.panel.record_loaded.connect(self._on_record)
        # after a save the flag follows the company now assigned
        self.panel.saved.connect(self.panel.load_record)
        self._shown_for: str | None = None

    def _on_record(self, values: dict[str, Any] | None, row_id: str | None) -> None:
        company = (values or {}).get("company_name")
        if (values or {}).get("company_blacklisted"):
            text = QCoreApplication.translate(
                "RegisterScreens", "⚠ Black-listed company: %1 is on the county's black list and "
                "may not bid for new estates; it was assigned to this estate with a confirmation.")
            self.blacklist_flag.setText(text.replace("%1", str(company)))
            self.blacklist_flag.show()
        else:
            self.blacklist_flag.hide()
        if row_id == self._shown_for and values is not None:
            return
        self._shown_for = row_id
        by_estate = {"estate_id": row_id} if row_id else None
        for t in (self.buildings, self.leads, self.committee, self.members):
            t.show_for(by_estate)
        company = (values or {}).get("company_name")
        self.company.show_for({"name": company} if company else None)
        self.hint.setVisible(row_id is None)


class ParentChildScreen(RegisterScreen):
    """A register on top and, below it, the records of a child register that belong to the
    selected record (a committee's members, a building's units)."""

    def __init__(self, ctx: UiContext, kind: str, child_kind: str, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, kind, parent)
        self.child = RegisterPanel(ctx, child_kind, fixed_filters={"estate_name": "\x00"},
                                   show_filters=False, settings_key=child_kind)
        self.child.setEnabled(False)
        self.child_title = QLabel(title)
        style.apply(self.child_title, style.Look.STRONG)
        split = QSplitter(Qt.Orientation.Vertical)
        self.layout().removeWidget(self.panel)  # type: ignore[union-attr]
        split.addWidget(self.panel)
        bottom = QWidget()
        #: the part below the register: subclasses may put a line above the child's title
        self.child_box = QVBoxLayout(bottom)
        self.child_box.setContentsMargins(0, 0, 0, 0)
        self.child_box.addWidget(self.child_title)
        self.child_box.addWidget(self.child)
        split.addWidget(bottom)
        self.layout().addWidget(split)  # type: ignore[union-attr]

    def activate(self) -> None:
        super().activate()
        self.child.activate()

    def can_leave(self) -> bool:
        return self.panel.confirm_leave() and self.child.confirm_leave()


class BuildingsScreen(ParentChildScreen):
    """楼栋: buildings on top, the selected building's units (单元) below."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "buildings", "units", QCoreApplication.translate(
            "RegisterScreens", "Units (select a building above)"), parent)
        self.units = self.child
        self.panel.record_loaded.connect(self._on_building)

    def _on_building(self, values: dict[str, Any] | None, row_id: str | None) -> None:
        estate, number = (values or {}).get("estate_name"), (values or {}).get("number")
        if row_id is None or not estate or not number:
            self.units.setEnabled(False)
            self.child_title.setText(
                QCoreApplication.translate("RegisterScreens", "Units (select a building above)"))
            self.units.set_fixed_filters({"estate_name": "\x00"}, {})
            return
        self.units.setEnabled(True)
        title = QCoreApplication.translate("RegisterScreens", "Units of %1, %2")
        self.child_title.setText(title.replace("%1", estate).replace("%2", number))
        where = {"estate_name": estate, "building_number": number}
        self.units.set_fixed_filters(where, where)


class CommitteesScreen(ParentChildScreen):
    """业委会: committees on top, the selected committee's members below, and between them the
    committee's party-member ratio and term status."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "committees", "members", QCoreApplication.translate(
            "RegisterScreens", "Members (select a committee above)"), parent)
        self.members = self.child
        self.members_title = self.child_title
        # the selected committee's party-member ratio and term status
        self.status = QLabel()
        self.status.setObjectName("committee_status")
        self.status.setWordWrap(True)
        self.status.setToolTip(QCoreApplication.translate(
            "RegisterScreens", "Party-member ratio: members who are CPC members (incl. probationary) "
            "over all registered members; the target is at least 50%. Term: ended, or ending within "
            "30 days."))
        self.status.hide()
        self.child_box.insertWidget(0, self.status)
        self._committee_id: str | None = None
        self.panel.record_loaded.connect(self._on_committee)
        ctx.runner.changed.connect(self._on_changed)

    def _on_changed(self, changes: OpChanges) -> None:
        if self._committee_id is not None and changes.touches(Area.MEMBERS, Area.COMMITTEES):
            self._load_status(self._committee_id)

    def _load_status(self, committee_id: str) -> None:
        self.ctx.db(lambda op: op.services.committees.summary(committee_id),
                    on_success=self._show_status)

    def _show_status(self, summary: Any) -> None:
        if summary is None or summary.id != self._committee_id:
            return
        ratio = QCoreApplication.translate("RegisterScreens", "Party-member ratio: %1")
        term = QCoreApplication.translate("RegisterScreens", "Term: %1")
        self.status.setText(ratio.replace("%1", summary.ratio.text()) + "\n"
                            + term.replace("%1", summary.term_text))
        bad = summary.ratio.meets_target is False or summary.term is TermStatus.EXPIRED
        warn = summary.term in (TermStatus.ENDING, TermStatus.NOT_SET) or not summary.ratio.members
        tone = style.Tone.ERROR if bad else style.Tone.WARNING if warn else style.Tone.OK
        style.apply(self.status, style.Look.STRONG, tone)
        self.status.show()

    def _on_committee(self, values: dict[str, Any] | None, row_id: str | None) -> None:
        estate = (values or {}).get("estate_name")
        self._committee_id = row_id
        if row_id is None or not estate:
            self.status.hide()
            self.members.setEnabled(False)
            self.members_title.setText(
                QCoreApplication.translate("RegisterScreens", "Members (select a committee above)"))
            self.members.set_fixed_filters({"estate_name": "\x00"}, {})
            return
        self._load_status(row_id)
        self.members.setEnabled(True)
        title = QCoreApplication.translate("RegisterScreens", "Members of the committee of %1")
        self.members_title.setText(title.replace("%1", estate))
        self.members.set_fixed_filters({"estate_name": estate}, {"estate_name": estate})


def screens(ctx: UiContext) -> list[ScreenSpec]:
    # Literal translate() calls (not tr) so pyside6-lupdate finds the strings.
    return [
        ScreenSpec("estates", QCoreApplication.translate("RegisterScreens", "Estates"),
                   EstatesScreen, order=20, icon="estates"),
        ScreenSpec("buildings", QCoreApplication.translate("RegisterScreens", "Buildings"),
                   BuildingsScreen, order=21, icon="buildings"),
        ScreenSpec("leads", QCoreApplication.translate("RegisterScreens", "Building leads"),
                   lambda c: RegisterScreen(c, "leads"), order=22, icon="leads"),
        ScreenSpec("companies", QCoreApplication.translate("RegisterScreens", "Property companies"),
                   lambda c: RegisterScreen(c, "companies"), order=23, icon="companies"),
        ScreenSpec("committees", QCoreApplication.translate("RegisterScreens", "Owners' committees"),
                   CommitteesScreen, order=24, icon="committees"),
    ]
