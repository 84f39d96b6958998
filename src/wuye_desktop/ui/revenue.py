"""公共收益: an estate's ledger for one period (income and expenditure entries), the period's
summary (期初结余, 收入, 支出, 期末结余 — computed, never typed), printing the 公示 per building
and the record of where and when it was posted.

Reads go straight to ``RevenueService`` on the database thread; writes through
:mod:`~wuye_desktop.ui.ops`. Sums and period bounds come from ``domain/revenue.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.errors import UserError
from ..domain.revenue import (
    EntryKind,
    LedgerSummary,
    PeriodBounds,
    PeriodKind,
    categories,
    period_bounds,
    period_of,
    yuan,
)
from ..services.printing_types import BuildingChoice
from ..services.revenue import EntryInfo, EntryInput, PostingInfo
from ..tasks import OpContext
from . import ScreenSpec, ops, style
from .choices import fill_combo
from .context import UiContext
from .export import export_to_excel
from .inspection_finalise import pydate, qdate
from .screen import Screen
from .table_model import Column, RowsModel, list_view


@dataclass(frozen=True)
class _Loaded:
    entries: list[EntryInfo]
    summary: LedgerSummary
    buildings: list[BuildingChoice]
    postings: list[PostingInfo]


def entry_columns() -> list[Column[EntryInfo]]:
    return [Column("date", QCoreApplication.translate("RevenueScreen", "Date"), lambda r: r.entry_date.isoformat(),
                   lambda r: r.entry_date),
            Column("kind", QCoreApplication.translate("RevenueScreen", "Income/expense"), lambda r: r.kind.label),
            Column("category", QCoreApplication.translate("RevenueScreen", "Category"), lambda r: r.category),
            Column("amount", QCoreApplication.translate("RevenueScreen", "Amount (yuan)"), lambda r: r.amount,
                   lambda r: r.amount_fen, right=True),
            Column("counterparty", QCoreApplication.translate("RevenueScreen", "Counterparty"),
                   lambda r: r.counterparty),
            Column("evidence", QCoreApplication.translate("RevenueScreen", "Evidence"),
                   lambda r: r.evidence + (" 📎" if r.evidence_photo else "")),
            Column("note", QCoreApplication.translate("RevenueScreen", "Note"), lambda r: r.note)]


def posting_columns() -> list[Column[PostingInfo]]:
    yes = QCoreApplication.translate("RevenueScreen", "Yes")
    return [Column("posted_at", QCoreApplication.translate("RevenueScreen", "Posted at"),
                   lambda p: f"{p.posted_at.astimezone():%Y-%m-%d %H:%M}"),
            Column("posted_by", QCoreApplication.translate("RevenueScreen", "Posted by"), lambda p: p.posted_by),
            Column("buildings", QCoreApplication.translate("RevenueScreen", "Buildings"),
                   lambda p: "、".join(p.buildings)),
            Column("photo", QCoreApplication.translate("RevenueScreen", "Photo"), lambda p: yes if p.photo else "")]


class RevenueScreen(Screen):
    """Estate and period on top; the ledger with the entry form beside it; the summary, the
    print button and the posting record below."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._dirty = True
        self.current: EntryInfo | None = None
        self.loaded: _Loaded | None = None
        self.photo: Path | None = None
        self.posting_photo: Path | None = None
        lay = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.estate = QComboBox()
        self.estate.setObjectName("estate_filter")
        self.estate.setMinimumWidth(160)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("period_kind")
        for k in PeriodKind:
            self.kind_filter.addItem(k.label, k)
        today = ctx.services.clock.today()
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.part = QComboBox()
        self.part.setObjectName("period")
        for w, label in ((self.estate, self.tr("Estate")), (self.kind_filter, self.tr("Period")),
                         (self.year, None), (self.part, None)):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addStretch(1)
        self.import_button = style.button(self.tr("Import ledger from Excel…"), "import_ledger", self.import_)
        bar.addWidget(self.import_button)
        self.print_button = style.button(self.tr("Print notice…"), "print_notice", self.print_)
        bar.addWidget(self.print_button)
        lay.addLayout(bar)
        self._fill_parts(period_of(PeriodKind.QUARTER, today).index)
        self.estate.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.part.currentIndexChanged.connect(lambda _i: self.reload())

        self.model: RowsModel[EntryInfo] = RowsModel(entry_columns(), self)
        self.table = list_view(self.model, "ledger")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(self._entry_form())
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)

        self.summary = style.text("summary")
        style.apply(self.summary, style.Look.FIGURE)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self._posting_form())
        self.postings_model: RowsModel[PostingInfo] = RowsModel(posting_columns(), self)
        self.postings_table = list_view(self.postings_model, "postings")
        box = QGroupBox(self.tr("Posting record"))
        QVBoxLayout(box).addWidget(self.postings_table)
        bottom.addWidget(box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([460, 240])
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        self.message = style.text("message")
        lay.addWidget(self.message)
        ctx.runner.changed.connect(self._on_changed)

    # --- forms -----------------------------------------------------------------------------

    def _entry_form(self) -> QWidget:
        page = QGroupBox(self.tr("Entry"))
        form = QFormLayout(page)
        self.in_kind = QComboBox()
        self.in_kind.setObjectName("in_kind")
        for k in EntryKind:
            self.in_kind.addItem(k.label, k)
        self.in_category = QComboBox()
        self.in_category.setObjectName("in_category")
        self.in_category.setEditable(True)
        self.in_kind.currentIndexChanged.connect(lambda _i: self._fill_categories())
        self._fill_categories()
        self.in_date = QDateEdit(qdate(self.ctx.services.clock.today()))
        self.in_date.setObjectName("in_date")
        self.in_date.setCalendarPopup(True)
        self.in_date.setDisplayFormat("yyyy-MM-dd")
        self.in_amount = QLineEdit()
        self.in_amount.setObjectName("in_amount")
        self.in_amount.setPlaceholderText(self.tr("yuan, e.g. 12000.00"))
        self.in_counterparty = QLineEdit()
        self.in_counterparty.setObjectName("in_counterparty")
        self.in_evidence = QLineEdit()
        self.in_evidence.setObjectName("in_evidence")
        self.in_evidence.setPlaceholderText(self.tr("Invoice, contract or receipt number"))
        self.in_note = QLineEdit()
        self.in_note.setObjectName("in_note")
        photo = style.button(self.tr("Attach voucher photo…"), "attach_photo", self._choose_photo)
        for label, w in ((self.tr("Income/expense"), self.in_kind), (self.tr("Category"), self.in_category),
                         (self.tr("Date"), self.in_date), (self.tr("Amount (yuan)"), self.in_amount),
                         (self.tr("Counterparty"), self.in_counterparty),
                         (self.tr("Evidence"), self.in_evidence), (self.tr("Note"), self.in_note),
                         ("", photo)):
            form.addRow(label, w)
        buttons = QHBoxLayout()
        self.add_button = style.button(self.tr("Add"), "add_entry", lambda: self.save_entry(new=True))
        self.save_button = style.button(self.tr("Save changes"), "save_entry", lambda: self.save_entry(new=False))
        self.delete_button = style.button(self.tr("Delete"), "delete_entry", self.delete_entry)
        for b in (self.add_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        form.addRow(buttons)
        self.form_message = style.text("form_message")
        form.addRow(self.form_message)
        return page

    def _posting_form(self) -> QWidget:
        page = QGroupBox(self.tr("Record posting"))
        form = QFormLayout(page)
        self.post_buildings = QListWidget()
        self.post_buildings.setObjectName("post_buildings")
        self.post_by = QLineEdit()
        self.post_by.setObjectName("post_by")
        self.post_by.setPlaceholderText(self.tr("Who posted it (default: you)"))
        photo = style.button(self.tr("Photo of the posted notice…"), "posting_photo", self._choose_posting_photo)
        self.post_button = style.button(self.tr("Record posting"), "record_posting", self.record_posting)
        form.addRow(self.tr("Buildings"), self.post_buildings)
        form.addRow(self.tr("Posted by"), self.post_by)
        form.addRow("", photo)
        form.addRow(self.post_button)
        return page

    def _fill_categories(self) -> None:
        self.in_category.clear()
        self.in_category.addItems(list(categories(EntryKind(self.in_kind.currentData()))))

    def _fill_parts(self, index: int) -> None:
        kind = PeriodKind(self.kind_filter.currentData())
        self.part.blockSignals(True)
        self.part.clear()
        for i in range(1, 12 // kind.months + 1):
            b = period_bounds(kind, 2000, i)
            self.part.addItem(b.label.removeprefix("2000年"), i)
        self.part.setCurrentIndex(max(0, min(index, self.part.count()) - 1))
        self.part.blockSignals(False)

    def _kind_changed(self) -> None:
        self._fill_parts(1)
        self.reload()

    def _choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Voucher photo"), "",
                                              self.tr("Pictures (*.jpg *.jpeg *.png)"))
        self.photo = Path(path) if path else None

    def _choose_posting_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Photo of the posted notice"), "",
                                              self.tr("Pictures (*.jpg *.jpeg *.png)"))
        self.posting_photo = Path(path) if path else None

    # --- loading ---------------------------------------------------------------------------

    def period(self) -> PeriodBounds:
        return period_bounds(PeriodKind(self.kind_filter.currentData()), self.year.value(),
                             self.part.currentData() or 1)

    def activate(self) -> None:
        if self._dirty:
            self._dirty = False
            self._load_estates()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.REVENUE, Area.ESTATES, Area.BUILDINGS):
            if changes.touches(Area.ESTATES):
                self._load_estates()
            elif self.isVisible():
                self.reload()
            else:
                self._dirty = True

    def _load_estates(self) -> None:
        def fill(rows: list[tuple[str, str]]) -> None:
            fill_combo(self.estate, rows, keep=0)
            self.reload()

        self.ctx.db(lambda op: op.services.registers.estate_choices(), on_success=fill)

    def reload(self) -> None:
        estate_id = self.estate.currentData()
        if estate_id is None:
            return
        period = self.period()

        def work(op: OpContext) -> _Loaded:
            rs = op.services.revenue
            return _Loaded(rs.entries(estate_id, period), rs.summary(estate_id, period),
                           op.services.printing.buildings(estate_id), rs.postings(estate_id, period.code))

        self.ctx.db(work, on_success=self._show)

    def _show(self, data: _Loaded) -> None:
        self.loaded = data
        selected = self.current.id if self.current else None
        self.model.set_rows(data.entries)
        s = data.summary
        parts = [f"{c} {yuan(f)}" for c, f in s.income.items()] or [self.tr("none")]
        spent = [f"{c} {yuan(f)}" for c, f in s.expense.items()] or [self.tr("none")]
        self.summary.setText(
            self.tr("%1: opening balance %2 yuan · income %3 yuan · expenditure %4 yuan · "
                    "closing balance %5 yuan").replace("%1", s.period.label).replace("%2", yuan(s.opening))
            .replace("%3", yuan(s.income_total)).replace("%4", yuan(s.expense_total))
            .replace("%5", yuan(s.closing))
            + "\n" + self.tr("Income: %1; expenditure: %2").replace("%1", "，".join(parts))
            .replace("%2", "，".join(spent)))
        self.post_buildings.clear()
        for b in data.buildings:
            item = QListWidgetItem(b.number)
            item.setData(Qt.ItemDataRole.UserRole, b.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.post_buildings.addItem(item)
        self.postings_model.set_rows(data.postings)
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.current = None
        self._show_selected()

    def _show_selected(self) -> None:
        idx = self.table.currentIndex()
        self.current = self.model.row_object(idx.row()) if idx.isValid() else None
        self.save_button.setEnabled(self.current is not None)
        self.delete_button.setEnabled(self.current is not None)
        r = self.current
        if r is None:
            return
        self.in_kind.setCurrentIndex(self.in_kind.findData(r.kind))
        self.in_category.setCurrentText(r.category)
        self.in_date.setDate(QDate(r.entry_date.year, r.entry_date.month, r.entry_date.day))
        self.in_amount.setText(r.amount.replace(",", ""))
        self.in_counterparty.setText(r.counterparty)
        self.in_evidence.setText(r.evidence)
        self.in_note.setText(r.note)

    # --- writing ---------------------------------------------------------------------------

    def save_entry(self, *, new: bool) -> None:
        estate_id = self.estate.currentData()
        if estate_id is None:
            self.form_message.setText(style.span(self.tr("Register an estate first."), style.Tone.ERROR))
            return
        entry = EntryInput(estate_id, EntryKind(self.in_kind.currentData()), self.in_category.currentText(),
                           pydate(self.in_date.date()), self.in_amount.text(),
                           self.in_counterparty.text(), self.in_evidence.text(), self.in_note.text(),
                           self.photo)
        target = None if new or self.current is None else self.current.id

        def done(_id: str) -> None:
            self.photo = None
            self.form_message.setText(self.tr("Saved."))
            if new:
                self.in_amount.clear()

        self.ctx.db(ops.save_revenue_entry(target, entry), on_success=done,
                    on_failure=lambda e: self._error(e, self.form_message))

    def delete_entry(self) -> None:
        if self.current is None:
            return
        self.ctx.db(ops.delete_revenue_entry(self.current.id),
                    on_success=lambda _r: self.form_message.setText(self.tr("Deleted.")),
                    on_failure=lambda e: self._error(e, self.form_message))

    def checked_buildings(self) -> list[str]:
        items = [self.post_buildings.item(i) for i in range(self.post_buildings.count())]
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def record_posting(self) -> None:
        estate_id = self.estate.currentData()
        ids = self.checked_buildings()
        if estate_id is None or not ids:
            self.message.setText(style.span(self.tr("Tick the buildings where the notice was posted."),
                                            style.Tone.ERROR))
            return
        work = ops.record_revenue_posting(estate_id, self.period(), ids, self.post_by.text(), self.posting_photo)
        self.ctx.db(work, on_success=lambda _r: self.message.setText(self.tr("Posting recorded.")),
                    on_failure=lambda e: self._error(e, self.message))

    def can_print(self) -> bool:
        return self.estate.currentData() is not None

    def print_(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the notice as"),
                                              f"公共收益公示-{self.period().code}.pdf", "PDF (*.pdf)")
        if path:
            self.print_to(Path(path))

    def print_to(self, path: Path) -> None:
        """Print the period's notice for the ticked buildings to ``path``."""
        estate_id, period, ids = self.estate.currentData(), self.period(), self.checked_buildings()
        if estate_id is None:
            return
        self.ctx.db(lambda op: op.services.revenue.print_notice(estate_id, period, path, building_ids=ids or None),
                    on_success=lambda r: self.message.setText(
                        self.tr("Printed %1 pages to %2").replace("%1", str(r.pages)).replace("%2", str(path))),
                    on_failure=lambda e: self._error(e, self.message))

    # --- Excel -----------------------------------------------------------------------------

    def export_(self) -> bool:
        """导出 (Ctrl+E): the shown estate's ledger of the shown period to .xlsx."""
        estate_id, period = self.estate.currentData(), self.period()
        return export_to_excel(self, self.ctx, self.tr("Public revenue ledger"),
                               lambda op, path: op.services.revenue.export(path, estate_id, period),
                               self.message)

    def import_(self) -> bool:
        """导入 (Ctrl+I, or the bar's button): the ledger's own sheet, not the registers."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import ledger from Excel"), "",
                                              self.tr("Excel files (*.xlsx *.xls *.csv)"))
        if path:
            self.import_from(Path(path))
        return True

    def import_from(self, path: Path) -> None:
        """Add the entries of a 公共收益台账 sheet (refused whole when a cell is wrong)."""
        def said(result: tuple[int, int]) -> None:
            self.message.setText(self.tr("%1 entries imported, %2 already booked.")
                                 .replace("%1", str(result[0])).replace("%2", str(result[1])))

        self.ctx.db(ops.import_revenue_ledger(path), on_success=said,
                    on_failure=lambda e: self._error(e, self.message))

    def _error(self, exc: BaseException, where: QLabel) -> None:
        if isinstance(exc, UserError):
            where.setText(style.span(exc.with_hint(), style.Tone.ERROR))
        else:
            self.ctx.runner.default_failure(exc)


def screens(ctx: UiContext) -> list[ScreenSpec]:
    return [ScreenSpec("revenue", QCoreApplication.translate("RevenueScreen", "Public revenue"),
                       RevenueScreen, order=69)]
