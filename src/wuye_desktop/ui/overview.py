"""概览: the community at a glance — register counts, estates by management mode, coverage,
业委会组建率 and 党组织覆盖率 (definitions in :mod:`wuye_desktop.domain.committees`), complaint
rates (in total, per estate, per company), 待办 and the inspection charts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..changes import OpChanges
from ..domain.committees import CommitteeRates
from ..domain.enums import ManagementMode
from ..domain.fields import SPECS
from ..tasks import OpContext
from . import ScreenSpec, style
from .complaint_models import RatesPair, fmt_rate
from .context import UiContext
from .screen import Screen

KINDS = ("estates", "buildings", "leads", "companies", "committees", "members")



class Card(QFrame):
    """A number with a caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        self.setStyleSheet(style.CARD)
        lay = QVBoxLayout(self)
        self.value = QLabel("—")
        style.apply(self.value, style.Look.BIG_NUMBER, style.Tone.ACCENT)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cap = QLabel(caption)
        cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.value)
        lay.addWidget(cap)
        self.setMinimumWidth(150)


class OverviewScreen(Screen):
    """Counts are fetched in one database task each time the screen is shown or data changes."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # scrolls rather than growing the window when the 待办 list and the charts do not fit
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("overview_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        lay = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setObjectName("overview_heading")
        style.apply(self.heading, style.Look.PAGE_TITLE)
        lay.addWidget(self.heading)
        grid = QGridLayout()
        self.cards: dict[str, Card] = {}
        for i, kind in enumerate(KINDS):
            card = Card(SPECS[kind].label)
            self.cards[kind] = card
            grid.addWidget(card, i // 3, i % 3)
        lay.addLayout(grid)
        modes_title = QLabel(QCoreApplication.translate("OverviewScreen", "Estates by management mode"))
        style.apply(modes_title, style.Look.TITLE)
        lay.addWidget(modes_title)
        mgrid = QGridLayout()
        self.mode_cards: dict[str, Card] = {}
        for i, m in enumerate(ManagementMode):
            card = Card(m.label)
            self.mode_cards[m.value] = card
            mgrid.addWidget(card, 0, i)
        lay.addLayout(mgrid)
        self.coverage = QLabel()
        self.coverage.setObjectName("coverage")
        style.apply(self.coverage, style.Look.FIGURE)
        lay.addWidget(self.coverage)
        self.committee_rates = QLabel()
        self.committee_rates.setObjectName("committee_rates")
        style.apply(self.committee_rates, style.Look.FIGURE)
        self.committee_rates.setToolTip(QCoreApplication.translate(
            "OverviewScreen",
            "Owners' committee formation rate: estates with a registered owners' committee or "
            "property management committee, over all estates.\nParty organisation coverage: "
            "estates whose party branch (party organisation) is recorded, over all estates."))
        lay.addWidget(self.committee_rates)
        self.complaints = QLabel()
        self.complaints.setObjectName("complaint_rates")
        style.apply(self.complaints, style.Look.FIGURE)
        lay.addWidget(self.complaints)
        self.rates = RatesPair()  # the same rates per estate and per company as on 投诉
        self.rates.setObjectName("overview_rates")
        self.rates.setMinimumHeight(180)
        lay.addWidget(self.rates, 3)
        from .todo import TodoPanel

        self.todo = TodoPanel(ctx)
        self.todo.setMinimumHeight(220)
        lay.addWidget(self.todo, 4)
        from .dashboard import dashboard_panel  # the inspection charts
        lay.addWidget(dashboard_panel(ctx), 10)
        lay.addStretch(1)
        self._dirty = True
        ctx.runner.changed.connect(self._on_changed)

    def activate(self) -> None:
        if self._dirty:
            self.refresh()

    def export_(self) -> bool:
        """导出 (Ctrl+E) on 概览: the 待办 list."""
        from .export import export_to_excel

        today = self.ctx.services.clock.today()
        return export_to_excel(self, self.ctx, QCoreApplication.translate("OverviewScreen", "To do"),
                               lambda op, path: op.services.todo.export(path, today))

    def _on_changed(self, _changes: OpChanges) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        self.todo.refresh()
        if self.ctx.todo_badge is not None:
            self.ctx.todo_badge.refresh()
        def work(op: OpContext) -> dict[str, Any]:
            regs = op.services.registers
            c = regs.community()
            return {
                "community": (c.name, c.code) if c else ("", ""),
                "counts": {k: regs.count(k) for k in KINDS},
                "modes": {m.value: regs.count("estates", filters={"management_mode": m.value})
                          for m in ManagementMode},
                "complaints": op.services.complaints.rates_total(op.services.clock.today()),
                "by_estate": op.services.complaints.rates_by_estate(today=op.services.clock.today()),
                "by_company": op.services.complaints.rates_by_company(today=op.services.clock.today()),
                "committees": op.services.committees.rates(),
            }

        self.ctx.db(work, on_success=self._show)

    def _show(self, data: dict[str, Any]) -> None:
        name, code = data["community"]
        heading = QCoreApplication.translate("OverviewScreen", "%1 (code %2)")
        self.heading.setText(heading.replace("%1", name).replace("%2", code))
        for k, n in data["counts"].items():
            self.cards[k].value.setText(str(n))
        for m, n in data["modes"].items():
            self.mode_cards[m].value.setText(str(n))
        c = data["complaints"]
        self.rates.set_rows(data["by_estate"], data["by_company"])
        r = c.rates
        text = QCoreApplication.translate(
            "OverviewScreen",
            "Complaints: %1 · response rate %2 · closure rate %3 · satisfaction rate %4 · %5 past deadline")
        self.complaints.setText(text.replace("%1", str(r.total)).replace("%2", fmt_rate(r.response_rate))
                                .replace("%3", fmt_rate(r.closure_rate))
                                .replace("%4", fmt_rate(r.satisfaction_rate))
                                .replace("%5", str(c.overdue)))
        style.apply(self.complaints, style.Look.FIGURE, style.Tone.ERROR if c.overdue else style.Tone.NORMAL)
        self._show_committees(data["committees"])
        total = data["counts"]["estates"]
        pro = data["modes"].get(ManagementMode.PROFESSIONAL.value, 0)
        none = data["modes"].get(ManagementMode.NONE.value, 0)
        if total:
            text = QCoreApplication.translate(
                "OverviewScreen",
                "Professional property management coverage: %1%. Estates without any management: %2.")
            self.coverage.setText(text.replace("%1", f"{100 * pro / total:.0f}").replace("%2", str(none)))
        else:
            self.coverage.setText(QCoreApplication.translate(
                "OverviewScreen",
                "No estates registered yet. Open 'Estates' to add one, or import a register from Excel."))
        self.data_shown.emit()

    def _show_committees(self, rates: CommitteeRates) -> None:
        if not rates.estates:
            self.committee_rates.setText("")
            return
        text = QCoreApplication.translate(
            "OverviewScreen", "Owners' committee formation rate: %1% (%2 of %3 estates). "
            "Party organisation coverage: %4% (%5 of %3 estates).")
        self.committee_rates.setText(
            text.replace("%1", f"{rates.formation_percent:g}").replace("%2", str(rates.with_committee))
            .replace("%3", str(rates.estates)).replace("%4", f"{rates.party_org_percent:g}")
            .replace("%5", str(rates.with_party_org)))


def _overdue_todo(services: Any) -> int:
    return sum(1 for item in services.todo.items() if item.overdue)


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("OverviewScreen", "Overview")
    if ctx.todo_badge is None:
        from ..changes import EVERYTHING
        from .badges import CountBadge

        tip = QCoreApplication.translate("OverviewScreen", "%1 to-do items are overdue")
        ctx.todo_badge = CountBadge(ctx, "overview", title, _overdue_todo,
                                    tuple(EVERYTHING.areas), tip)
    else:  # a second main window on the same context (tests): recount for it
        ctx.todo_badge.refresh()
    return [ScreenSpec("overview", title, OverviewScreen, order=10, icon="overview")]
