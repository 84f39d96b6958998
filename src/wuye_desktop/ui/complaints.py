"""投诉: the complaint list (paged, overdue first and in red), intake in a few keystrokes,
assignment, response, closure with the resident's satisfaction, and the response, closure and
satisfaction rates per estate and per company under the list.

Everything goes through ``ComplaintService`` on the database thread (reads directly, writes
through :mod:`~wuye_desktop.ui.ops`); the rules (default deadline, overdue) are in
``domain/surveys.py``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.errors import UserError
from ..domain.surveys import COMPLAINT_CATEGORIES, COMPLAINT_DAYS, ComplaintSource, ComplaintState
from ..services.complaints import ComplaintFilter, ComplaintInfo, RatesRow
from ..tasks import OpContext
from . import ScreenSpec, ops, style
from .choices import fill_combo
from .complaint_models import ComplaintListModel, RatesPair, fmt_rate, fmt_when
from .context import UiContext
from .export import export_to_excel
from .inspection_finalise import pydate, qdate
from .screen import Screen
from .table_model import list_view

if TYPE_CHECKING:
    pass



def source_choices() -> list[tuple[str, ComplaintSource]]:
    """The intake's sources in the order people name them."""
    return [(s.label, s) for s in (ComplaintSource.WHISTLE, ComplaintSource.HOTLINE,
                                   ComplaintSource.PHONE, ComplaintSource.VISIT, ComplaintSource.LEAD)]


# --- the screen ------------------------------------------------------------------------------


class ComplaintsScreen(Screen):
    """Filters on top; the list with the intake and handling forms beside it; rates below."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._dirty = True
        self._gen = 0
        self._select_after: str | None = None
        self.current: ComplaintInfo | None = None
        lay = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.state = QComboBox()
        self.state.setObjectName("state_filter")
        for text, code in ((self.tr("Open"), ComplaintState.OPEN),
                           (self.tr("Overdue"), ComplaintState.OVERDUE),
                           (self.tr("Closed"), ComplaintState.CLOSED), (self.tr("All"), None)):
            self.state.addItem(text, code)
        self.estate = QComboBox()
        self.estate.setObjectName("estate_filter")
        self.estate.addItem(self.tr("All estates"), None)
        self.company = QComboBox()
        self.company.setObjectName("company_filter")
        self.company.addItem(self.tr("All companies"), None)
        self.source = QComboBox()
        self.source.setObjectName("source_filter")
        self.source.addItem(self.tr("All sources"), None)
        for text, src in source_choices():
            self.source.addItem(text, src)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search text or work order…"))
        self.search.setClearButtonEnabled(True)
        for w in (self.state, self.estate, self.company, self.source, self.search):
            bar.addWidget(w)
        bar.addStretch(1)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        style.apply(self.counts, style.Look.STRONG)
        bar.addWidget(self.counts)
        self.export_button = style.button(self.tr("Export to Excel…"), "export", self.export_)
        bar.addWidget(self.export_button)
        lay.addLayout(bar)
        for c in (self.state, self.estate, self.company, self.source):
            c.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.returnPressed.connect(self.reload)

        self.model = ComplaintListModel(ctx.runner, ctx.services, self)
        self.model.loaded.connect(self._loaded)
        self.model.total_changed.connect(lambda _n: self._show_counts())
        self.table = list_view(self.model, "list")
        self.table.horizontalHeader().setSectionResizeMode(
            self.model.column("description"), QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.tabs = QTabWidget()
        self.tabs.setObjectName("side_tabs")
        self.tabs.setMinimumWidth(360)
        self.tabs.addTab(self._intake_page(), self.tr("New complaint"))
        self.tabs.addTab(self._handling_page(), self.tr("Handle"))

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(self.tabs)
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 1)

        rates = QFrame()
        rl = QVBoxLayout(rates)
        rl.setContentsMargins(0, 0, 0, 0)
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        style.apply(self.headline, style.Look.FIGURE)
        rl.addWidget(self.headline)
        self.rates_pair = RatesPair()
        self.estate_rates, self.company_rates = self.rates_pair.estate_rates, self.rates_pair.company_rates
        self.estate_rates_table = self.rates_pair.tables["estate_rates"]
        self.company_rates_table = self.rates_pair.tables["company_rates"]
        rl.addWidget(self.rates_pair)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(rates)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([560, 300])
        lay.addWidget(split, 1)
        self._show_selected()
        QShortcut(QKeySequence("Ctrl+Return"), self, self.record)
        ctx.runner.changed.connect(self._on_changed)

    # --- the two side pages ----------------------------------------------------------------

    def _intake_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.in_source = QComboBox()
        self.in_source.setObjectName("in_source")
        for text, src in source_choices():
            self.in_source.addItem(text, src)
        form.addRow(self.tr("&Source"), self.in_source)
        self.in_work_order = QLineEdit()
        self.in_work_order.setObjectName("in_work_order")
        self.in_work_order.setPlaceholderText(self.tr("12345 work order number, as given"))
        form.addRow(self.tr("&Work order"), self.in_work_order)
        self.in_estate = QComboBox()
        self.in_estate.setObjectName("in_estate")
        self.in_estate.setEditable(True)
        self.in_estate.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.in_estate.completer()
        if completer is not None:  # an editable combo has one: match anywhere in the name
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.in_estate.currentIndexChanged.connect(lambda _i: self._load_buildings())
        form.addRow(self.tr("&Estate"), self.in_estate)
        self.in_building = QComboBox()
        self.in_building.setObjectName("in_building")
        form.addRow(self.tr("&Building"), self.in_building)
        self.in_category = QComboBox()
        self.in_category.setObjectName("in_category")
        self.in_category.addItems(list(COMPLAINT_CATEGORIES))
        form.addRow(self.tr("&Category"), self.in_category)
        self.in_description = QLineEdit()
        self.in_description.setObjectName("in_description")
        self.in_description.setPlaceholderText(self.tr("What the resident reports (Enter records it)"))
        self.in_description.returnPressed.connect(self.record)
        form.addRow(self.tr("&Complaint"), self.in_description)
        self.in_company = QComboBox()
        self.in_company.setObjectName("in_company")
        self.in_company.addItem(self.tr("The estate's company"), None)
        form.addRow(self.tr("Res&ponsible"), self.in_company)
        self.in_deadline = QDateEdit()
        self.in_deadline.setObjectName("in_deadline")
        self.in_deadline.setCalendarPopup(True)
        self.in_deadline.setDisplayFormat("yyyy-MM-dd")
        self.in_deadline.setDate(qdate(self.ctx.services.clock.today() + timedelta(days=COMPLAINT_DAYS)))
        form.addRow(self.tr("&Deadline"), self.in_deadline)
        self.record_button = style.button(self.tr("Record complaint"), "record", self.record, primary=True)
        form.addRow(self.record_button)
        self.in_message = style.text("in_message")
        form.addRow(self.in_message)
        return page

    def _handling_page(self) -> QWidget:
        page = QWidget()
        sl = QVBoxLayout(page)
        self.what = style.text("what", style.Look.ITEM)
        self.detail = style.text("detail")
        sl.addWidget(self.what)
        sl.addWidget(self.detail)

        form = QFormLayout()
        head = QLabel(self.tr("Assign"))
        style.apply(head, style.Look.SUBHEADING)
        form.addRow(head)
        self.as_company = QComboBox()
        self.as_company.setObjectName("as_company")
        self.as_company.addItem(self.tr("(none)"), None)
        form.addRow(self.tr("Company"), self.as_company)
        self.as_person = QLineEdit()
        self.as_person.setObjectName("as_person")
        self.as_person.setPlaceholderText(self.tr("Person or department (optional)"))
        form.addRow(self.tr("Responsible"), self.as_person)
        self.as_deadline = QDateEdit()
        self.as_deadline.setObjectName("as_deadline")
        self.as_deadline.setCalendarPopup(True)
        self.as_deadline.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("Deadline"), self.as_deadline)
        self.assign_button = style.button(self.tr("Assign"), "assign", self.assign)
        form.addRow(self.assign_button)

        head = QLabel(self.tr("Response and closure"))
        style.apply(head, style.Look.SUBHEADING)
        form.addRow(head)
        self.result = QLineEdit()
        self.result.setObjectName("result")
        self.result.setPlaceholderText(self.tr("What was done"))
        form.addRow(self.tr("Result"), self.result)
        self.respond_button = style.button(self.tr("Record response"), "respond", self.respond)
        form.addRow(self.respond_button)
        self.satisfaction = QComboBox()
        self.satisfaction.setObjectName("satisfaction")
        for text, v in ((self.tr("Satisfied"), True), (self.tr("Not satisfied"), False),
                        (self.tr("Not rated"), None)):
            self.satisfaction.addItem(text, v)
        form.addRow(self.tr("Resident"), self.satisfaction)
        self.close_button = style.button(self.tr("Close complaint"), "close_complaint", self.close_complaint)
        form.addRow(self.close_button)
        sl.addLayout(form)
        self.message = style.text("message")
        sl.addWidget(self.message)
        sl.addStretch(1)
        return page

    # --- loading ---------------------------------------------------------------------------

    def activate(self) -> None:
        if self.ctx.complaint_badge is not None:  # also catches a new day
            self.ctx.complaint_badge.refresh()
        if self._dirty:
            self._dirty = False
            self._load_choices()
            self.reload()

    def new_record(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.in_source.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.COMPLAINTS, Area.ESTATES, Area.COMPANIES, Area.BUILDINGS):
            if changes.touches(Area.ESTATES, Area.COMPANIES):
                self._load_choices()
            if self.isVisible():
                self.reload()
            else:
                self._dirty = True

    def _load_choices(self) -> None:
        def work(op: OpContext) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
            regs = op.services.registers
            return regs.estate_choices(), regs.company_choices()

        def fill(result: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> None:
            estates, companies = result
            fill_combo(self.estate, estates)
            fill_combo(self.company, companies)
            fill_combo(self.in_company, companies)
            fill_combo(self.as_company, companies)
            fill_combo(self.in_estate, estates, keep=0)
            self._load_buildings()

        self.ctx.db(work, on_success=fill)

    def _load_buildings(self) -> None:
        estate_id = self.in_estate.currentData()
        self.in_building.clear()
        self.in_building.addItem(self.tr("(whole estate)"), None)
        if not estate_id:
            return

        def fill(rows: list[tuple[str, str]]) -> None:
            if self.in_estate.currentData() != estate_id:
                return
            fill_combo(self.in_building, rows)

        self.ctx.db(lambda op: op.services.registers.buildings_of(estate_id), on_success=fill)

    def query(self) -> ComplaintFilter:
        # a StrEnum in a combo comes back as its plain code
        source, state = self.source.currentData(), self.state.currentData()
        return ComplaintFilter(estate_id=self.estate.currentData(), company_id=self.company.currentData(),
                               source=ComplaintSource(source) if source else None,
                               state=ComplaintState(state) if state else None,
                               text=self.search.text().strip())

    def reload(self) -> None:
        self._gen += 1
        gen = self._gen
        f, today = self.query(), self.ctx.services.clock.today()
        current = self.selected()
        if self._select_after is None and current is not None:
            self._select_after = current.id
        self.model.set_filter(f, today)
        scope = ComplaintFilter(estate_id=f.estate_id, company_id=f.company_id, source=f.source)

        def work(op: OpContext) -> tuple[RatesRow, list[RatesRow], list[RatesRow]]:
            cs = op.services.complaints
            return (cs.rates_total(today, scope), cs.rates_by_estate(today=today, f=scope),
                    cs.rates_by_company(today=today, f=scope))

        self.ctx.db(work, on_success=lambda r: self._show_rates(gen, r))

    def _show_rates(self, gen: int, result: tuple[RatesRow, list[RatesRow], list[RatesRow]]) -> None:
        if gen != self._gen:
            return
        total, by_estate, by_company = result
        self.totals = total
        self.rates_pair.set_rows(by_estate, by_company)
        r = total.rates
        self.headline.setText(
            self.tr("%1 complaints · response rate %2 · closure rate %3 · satisfaction rate %4")
            .replace("%1", str(r.total)).replace("%2", fmt_rate(r.response_rate))
            .replace("%3", fmt_rate(r.closure_rate)).replace("%4", fmt_rate(r.satisfaction_rate)))
        self._show_counts()

    def _show_counts(self) -> None:
        total = getattr(self, "totals", None)
        shown = self.model.total if self.model.total >= 0 else self.model.rowCount()
        text = self.tr("%1 shown").replace("%1", str(shown))
        if total is not None:
            text += self.tr(" · %1 overdue").replace("%1", str(total.overdue))
        self.counts.setText(text)
        style.apply(self.counts, style.Look.STRONG,
                    style.Tone.ERROR if total is not None and total.overdue else style.Tone.NORMAL)

    def _loaded(self) -> None:
        want, self._select_after = self._select_after, None
        row = self.model.row_of(want) if want else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    # --- the selected complaint ------------------------------------------------------------

    def selected(self) -> ComplaintInfo | None:
        ix = self.table.currentIndex()
        return self.model.row_object(ix.row()) if ix.isValid() else None

    def show_record(self, complaint_id: str) -> None:
        """Show one complaint (from 待办): every filter cleared, overdue first, it selected."""
        for combo in (self.state, self.estate, self.company, self.source):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(None) if combo is self.state else 0)
            combo.blockSignals(False)
        self.search.clear()
        self._select_after = complaint_id
        self.tabs.setCurrentIndex(1)
        self.reload()

    def select_id(self, complaint_id: str) -> bool:
        row = self.model.row_of(complaint_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _show_selected(self) -> None:
        r = self.current = self.selected()
        is_open = r is not None and not r.closed
        for w in (self.as_company, self.as_person, self.as_deadline, self.assign_button, self.result,
                  self.respond_button, self.satisfaction, self.close_button):
            w.setEnabled(is_open)
        if r is None:
            self.what.setText(self.tr("No complaint selected."))
            self.detail.clear()
            return
        where = r.estate_name + (f" {r.building_number}" if r.building_number else "")
        self.what.setText(f"{where} · {r.category}　{r.description}")
        lines = [self.tr("Source: %1").replace("%1", r.source_label)
                 + (self.tr(", work order %1").replace("%1", r.work_order_no) if r.work_order_no else ""),
                 self.tr("Received: %1").replace("%1", fmt_when(r.received_at)),
                 self.tr("Responsible: %1").replace("%1", r.responsible or r.company_name or self.tr("(none)")),
                 self.tr("Deadline: %1").replace("%1", r.deadline.isoformat() if r.deadline else "")]
        if r.overdue:
            lines.append(self.tr("Overdue by %1 days").replace("%1", str(r.days_overdue)))
        if r.responded_at:
            lines.append(self.tr("Responded: %1").replace("%1", fmt_when(r.responded_at)))
        if r.closed_at:
            lines.append(self.tr("Closed: %1").replace("%1", fmt_when(r.closed_at)))
            lines.append(self.tr("Resident: %1").replace("%1", self.model._satisfied(r) or self.tr("Not rated")))
        if r.result:
            lines.append(self.tr("Result: %1").replace("%1", r.result))
        self.detail.setText("\n".join(lines))
        style.tone(self.detail, style.Tone.ERROR if r.overdue else style.Tone.NORMAL)
        self.as_company.setCurrentIndex(max(self.as_company.findData(r.company_id), 0))
        self.as_person.setText(r.responsible if r.responsible and r.responsible != r.company_name else "")
        self.as_deadline.setDate(qdate(r.deadline or self.ctx.services.clock.today()))
        self.respond_button.setEnabled(is_open and r.responded_at is None)

    # --- actions ---------------------------------------------------------------------------

    def record(self) -> None:
        estate_id = self.in_estate.currentData()
        typed = self.in_estate.currentText().strip()
        if typed and self.in_estate.itemText(self.in_estate.currentIndex()) != typed:
            n = self.in_estate.findText(typed)
            estate_id = self.in_estate.itemData(n) if n >= 0 else None
        if not estate_id:
            self.in_message.setText(style.span(self.tr("Choose the estate first."), style.Tone.ERROR))
            self.in_estate.setFocus()
            return
        values = {"estate_id": estate_id, "source": ComplaintSource(self.in_source.currentData()),
                  "category": self.in_category.currentText(),
                  "description": self.in_description.text(),
                  "received_at": self.ctx.services.clock.now(),
                  "building_id": self.in_building.currentData(),
                  "company_id": self.in_company.currentData(),
                  "deadline": pydate(self.in_deadline.date()),
                  "work_order_no": self.in_work_order.text()}

        def done(complaint_id: str) -> None:
            self.in_message.setText(self.tr("Recorded."))
            self.in_description.clear()
            self.in_work_order.clear()
            self._select_after = complaint_id
            self.in_source.setFocus()

        self.ctx.db(ops.record_complaint(values), on_success=done,
                    on_failure=lambda e: self._error(e, self.in_message))

    def assign(self) -> None:
        r = self.selected()
        if r is not None:
            self._run(ops.assign_complaint(r.id, self.as_company.currentData(),
                                           self.as_person.text().strip() or None,
                                           pydate(self.as_deadline.date())), self.tr("Assigned."))

    def respond(self) -> None:
        r = self.selected()
        if r is not None:
            self._run(ops.respond_complaint(r.id, self.result.text().strip() or None),
                      self.tr("Response recorded."))

    def close_complaint(self) -> None:
        r = self.selected()
        if r is not None:
            text = self.result.text().strip() or None
            self.result.clear()
            self._run(ops.close_complaint(r.id, self.satisfaction.currentData(), text),
                      self.tr("Closed."))

    def _run(self, work: ops.Op[None], said: str) -> None:
        self.ctx.db(work, on_success=lambda _r: self.message.setText(said),
                    on_failure=lambda e: self._error(e, self.message))

    def _error(self, exc: BaseException, where: QLabel) -> None:
        if isinstance(exc, UserError):  # ComplaintError…: said beside the form
            where.setText(style.span(exc.with_hint(), style.Tone.ERROR))
        else:
            self.ctx.runner.default_failure(exc)

    # --- export ----------------------------------------------------------------------------

    def can_import(self) -> bool:
        return False  # not a register: 导入 is not offered here

    def export_(self) -> bool:
        """导出 (Ctrl+E): the complaints of the current filter to .xlsx."""
        f, today = self.query(), self.ctx.services.clock.today()

        def remember(path: Path, _n: int) -> None:
            self.last_export = path

        return export_to_excel(self, self.ctx, self.tr("Complaints"),
                               lambda op, path: op.services.complaints.export(path, f, today),
                               self.message, remember)


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("ComplaintsScreen", "Complaints")
    if ctx.complaint_badge is None:
        from .badges import CountBadge

        tip = QCoreApplication.translate("ComplaintsScreen", "%1 complaints are past their deadline")
        ctx.complaint_badge = CountBadge(
            ctx, "complaints", title, lambda s: s.complaints.overdue_count(s.clock.today()),
            (Area.COMPLAINTS,), tip)
    else:  # a second main window on the same context (tests): recount for it
        ctx.complaint_badge.refresh()
    return [ScreenSpec("complaints", title, ComplaintsScreen, order=67)]
