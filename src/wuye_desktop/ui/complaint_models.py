"""Qt models of the 投诉 screen: the paged complaint list (overdue first and red) and the
rates of estates or companies (:mod:`~wuye_desktop.ui.table_model` models with a column spec),
and :class:`RatesPair`, the two rate tables side by side that 投诉 and 概览 both show."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.surveys import ComplaintState
from ..services.complaints import ComplaintFilter, ComplaintInfo, RatesRow
from ..tasks import TaskRunner
from . import style
from .table_model import Column, CountQuery, PagedModel, PageQuery, RowsModel, list_view

if TYPE_CHECKING:
    from ..services.context import Services


def fmt_rate(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def fmt_when(ts: Any) -> str:
    return ts.astimezone().strftime("%Y-%m-%d %H:%M") if ts is not None else ""


class ComplaintListModel(PagedModel[ComplaintInfo]):
    """Complaints matching a :class:`ComplaintFilter`, overdue first, paged lazily."""

    #: columns shown red when the complaint is overdue
    OVERDUE_RED = frozenset({"state", "deadline", "days_overdue"})

    def __init__(self, runner: TaskRunner, services: Services, parent: QObject | None = None) -> None:
        super().__init__(runner, services, parent=parent)
        self.filter = ComplaintFilter(state=ComplaintState.OPEN)
        self.today = services.clock.today()
        self.columns = [
            Column("state", self.tr("Status"), self._state),
            Column("received", self.tr("Received"), lambda r: fmt_when(r.received_at),
                   lambda r: r.received_at),
            Column("source", self.tr("Source"), lambda r: r.source_label),
            Column("work_order", self.tr("Work order"), lambda r: r.work_order_no or ""),
            Column("estate", self.tr("Estate"), lambda r: r.estate_name),
            Column("building", self.tr("Building"), lambda r: r.building_number or ""),
            Column("category", self.tr("Category"), lambda r: r.category),
            Column("description", self.tr("Complaint"), lambda r: r.description),
            Column("company", self.tr("Company"), lambda r: r.company_name or self.tr("(none)")),
            Column("deadline", self.tr("Deadline"), lambda r: r.deadline.isoformat() if r.deadline else "",
                   lambda r: r.deadline or date.min),
            Column("days_overdue", self.tr("Days overdue"),
                   lambda r: str(r.days_overdue) if r.days_overdue else "", lambda r: r.days_overdue,
                   right=True),
            Column("satisfied", self.tr("Satisfied"), self._satisfied),
        ]

    def _state(self, r: ComplaintInfo) -> str:
        if r.overdue:
            return self.tr("Overdue %1 days").replace("%1", str(r.days_overdue))
        if r.closed:
            return self.tr("Closed")
        return self.tr("Responded") if r.responded_at else self.tr("Not responded")

    def _satisfied(self, r: ComplaintInfo) -> str:
        if r.satisfied is None:
            return ""
        return self.tr("Satisfied") if r.satisfied else self.tr("Not satisfied")

    def set_filter(self, f: ComplaintFilter, today: date) -> None:
        self.filter, self.today = f, today
        self.reload()

    def page_query(self) -> PageQuery[ComplaintInfo]:
        f, today = self.filter, self.today
        return lambda op, at, limit: op.services.complaints.page(f, today, at.offset, limit)

    def count_query(self) -> CountQuery:
        f, today = self.filter, self.today
        return lambda op: op.services.complaints.count(f, today)

    def style(self, obj: ComplaintInfo, column: str, role: int) -> Any:
        if obj.overdue:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(style.OVERDUE_BACKGROUND)
            if role == Qt.ItemDataRole.ForegroundRole and column in self.OVERDUE_RED:
                return style.Tone.ERROR.brush()
        if role == Qt.ItemDataRole.ForegroundRole and column == "satisfied" and obj.satisfied is False:
            return style.Tone.WARNING.brush()
        return None


class RatesModel(RowsModel[RatesRow]):
    """Response, closure and satisfaction rates of estates or companies."""

    def __init__(self, first: str, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.columns = [
            Column("name", first, lambda r: r.name),
            Column("total", self.tr("Complaints"), lambda r: str(r.rates.total), lambda r: r.rates.total,
                   right=True),
            Column("response", self.tr("Response rate"), lambda r: fmt_rate(r.rates.response_rate),
                   lambda r: r.rates.response_rate or 0.0, right=True),
            Column("timely", self.tr("Within 24 h"), lambda r: fmt_rate(r.rates.timely_response_rate),
                   lambda r: r.rates.timely_response_rate or 0.0, right=True,
                   header_tooltip=self.tr("Share of complaints answered within 24 hours of receipt")),
            Column("closure", self.tr("Closure rate"), lambda r: fmt_rate(r.rates.closure_rate),
                   lambda r: r.rates.closure_rate or 0.0, right=True),
            Column("satisfaction", self.tr("Satisfaction rate"),
                   lambda r: fmt_rate(r.rates.satisfaction_rate),
                   lambda r: r.rates.satisfaction_rate or 0.0, right=True,
                   header_tooltip=self.tr("Satisfied residents among the closed complaints they rated")),
            Column("overdue", self.tr("Overdue"), lambda r: str(r.overdue) if r.overdue else "",
                   lambda r: r.overdue, right=True),
        ]

    def style(self, obj: RatesRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == "overdue" and obj.overdue:
            return style.Tone.ERROR.brush()
        return None


class RatesPair(QWidget):
    """Response, closure and satisfaction rates per estate and per company, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.estate_rates = RatesModel(self.tr("Estate"), self)
        self.company_rates = RatesModel(self.tr("Company"), self)
        pair = QHBoxLayout(self)
        pair.setContentsMargins(0, 0, 0, 0)
        self.tables: dict[str, QTableView] = {}
        for title, model, name in ((self.tr("By estate"), self.estate_rates, "estate_rates"),
                                   (self.tr("By company"), self.company_rates, "company_rates")):
            box = QVBoxLayout()
            head = QLabel(title)
            style.apply(head, style.Look.SUBHEADING)
            box.addWidget(head)
            t = list_view(model, name)
            t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            box.addWidget(t)
            self.tables[name] = t
            pair.addLayout(box)

    def set_rows(self, by_estate: list[RatesRow], by_company: list[RatesRow]) -> None:
        self.estate_rates.set_rows(by_estate)
        self.company_rates.set_rows(by_company)
