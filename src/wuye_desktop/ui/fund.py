"""维修资金: the list of maintenance-fund use applications, a form for a new one (the estate's
buildings with their exclusive area and owners), and for the selected one: the next stage, the
owners' vote (一般 path), acceptance photos, the final cost, and the three printed documents
in a preview.

Every read and write goes through ``FundService`` on the database thread (writes through
:func:`~wuye_desktop.ui.ops.fund_op`); the rules are ``domain/fund.py``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.errors import UserError
from ..domain.fund import (
    EMERGENCY_CATEGORIES,
    FundError,
    FundPath,
    FundStage,
    area_text,
    fen_text,
    percent_text,
    yuan_to_fen,
)
from ..services.fund import FundImport, FundInfo
from ..tasks import OpContext
from . import ScreenSpec, ops, style
from .choices import fill_combo
from .context import UiContext
from .export import export_to_excel
from .inspection_finalise import pydate, qdate
from .pdf_preview import PdfPreview
from .screen import Screen
from .table_model import Column, RowsModel, list_view


class FundListModel(RowsModel[FundInfo]):
    """The applications, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(None, parent)
        self.columns = [
            Column("applied_on", self.tr("Applied"), lambda r: r.applied_on.isoformat(),
                   lambda r: r.applied_on),
            Column("estate", self.tr("Estate"), lambda r: r.estate_name),
            Column("buildings", self.tr("Buildings"), lambda r: r.building_text),
            Column("path", self.tr("Path"), lambda r: r.path.label),
            Column("category", self.tr("Category"), lambda r: r.category),
            Column("estimated", self.tr("Estimate (yuan)"), lambda r: fen_text(r.estimated_fen),
                   lambda r: r.estimated_fen, right=True),
            Column("final", self.tr("Final (yuan)"),
                   lambda r: "" if r.final_fen is None else fen_text(r.final_fen),
                   lambda r: r.final_fen or 0, right=True),
            Column("stage", self.tr("Stage"), lambda r: r.stage.label),
        ]


def _date_edit(name: str, ctx: UiContext) -> QDateEdit:
    d = QDateEdit()
    d.setObjectName(name)
    d.setCalendarPopup(True)
    d.setDisplayFormat("yyyy-MM-dd")
    d.setDate(qdate(ctx.services.clock.today()))
    return d


def _line(name: str, placeholder: str = "") -> QLineEdit:
    e = QLineEdit()
    e.setObjectName(name)
    e.setPlaceholderText(placeholder)
    return e


class FundScreen(Screen):
    """Filter on top; the list beside the new-application form and the handling page."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._dirty = True
        self._select_after: str | None = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.estate = QComboBox()
        self.estate.setObjectName("estate_filter")
        self.estate.addItem(self.tr("All estates"), None)
        self.estate.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.estate)
        bar.addStretch(1)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        style.apply(self.counts, style.Look.STRONG)
        bar.addWidget(self.counts)
        self.export_button = style.button(self.tr("Export to Excel…"), "export", self.export_)
        bar.addWidget(self.export_button)
        lay.addLayout(bar)

        self.model = FundListModel(self)
        self.table = list_view(self.model, "list")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("side_tabs")
        self.tabs.setMinimumWidth(420)
        self.tabs.addTab(self._new_page(), self.tr("New application"))
        self.tabs.addTab(self._handle_page(), self.tr("Handle"))
        self.preview = PdfPreview()
        self.preview.setObjectName("preview")
        self.tabs.addTab(self._print_page(), self.tr("Print"))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        ctx.runner.changed.connect(self._on_changed)
        self._show_selected()

    # --- pages -----------------------------------------------------------------------------

    def _new_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.in_path = QComboBox()
        self.in_path.setObjectName("in_path")
        for p in FundPath:
            self.in_path.addItem(p.label, p.value)
        form.addRow(self.tr("&Path"), self.in_path)
        self.in_estate = QComboBox()
        self.in_estate.setObjectName("in_estate")
        self.in_estate.currentIndexChanged.connect(lambda _i: self._load_buildings())
        form.addRow(self.tr("&Estate"), self.in_estate)
        self.in_buildings = QTableWidget(0, 3)
        self.in_buildings.setObjectName("in_buildings")
        self.in_buildings.setHorizontalHeaderLabels(
            [self.tr("Building (tick)"), self.tr("Area ㎡"), self.tr("Owners")])
        self.in_buildings.setMinimumHeight(120)
        form.addRow(self.in_buildings)
        self.in_category = QComboBox()
        self.in_category.setObjectName("in_category")
        self.in_category.setEditable(True)
        self.in_category.addItems(list(EMERGENCY_CATEGORIES))
        form.addRow(self.tr("&Category"), self.in_category)
        self.in_item = _line("in_item", self.tr("What is repaired and why"))
        form.addRow(self.tr("Repair &item"), self.in_item)
        self.in_applicant = _line("in_applicant", self.tr("Owners' committee, company or sub-district"))
        form.addRow(self.tr("&Applicant"), self.in_applicant)
        self.in_contractor = _line("in_contractor")
        form.addRow(self.tr("C&ontractor"), self.in_contractor)
        self.in_estimate = _line("in_estimate", self.tr("Yuan, e.g. 86000.00"))
        form.addRow(self.tr("Es&timate"), self.in_estimate)
        self.in_date = _date_edit("in_date", self.ctx)
        form.addRow(self.tr("Applied on"), self.in_date)
        self.add_button = style.button(self.tr("Record application"), "add", self.add, primary=True)
        form.addRow(self.add_button)
        self.in_message = style.text("in_message")
        form.addRow(self.in_message)
        return page

    def _handle_page(self) -> QWidget:
        page = QWidget()
        sl = QVBoxLayout(page)
        self.what = style.text("what", style.Look.ITEM)
        self.detail = style.text("detail")
        sl.addWidget(self.what)
        sl.addWidget(self.detail)
        form = QFormLayout()
        self.by = _line("by", self.tr("Who confirms"))
        form.addRow(self.tr("By"), self.by)
        self.on = _date_edit("on", self.ctx)
        form.addRow(self.tr("Date"), self.on)
        self.note = _line("note", self.tr("Opinion (optional)"))
        form.addRow(self.tr("Opinion"), self.note)
        self.advance_button = QPushButton()
        self.advance_button.setObjectName("advance")
        self.advance_button.clicked.connect(self.advance)
        form.addRow(self.advance_button)
        head = QLabel(self.tr("Owners' vote (ordinary use)"))
        style.apply(head, style.Look.SUBHEADING)
        form.addRow(head)
        self.voted_area = _line("voted_area", self.tr("㎡ of those who voted"))
        self.voted_owners = QSpinBox()
        self.voted_owners.setObjectName("voted_owners")
        self.voted_owners.setRange(0, 100000)
        self.agreed_area = _line("agreed_area", self.tr("㎡ of those who agreed"))
        self.agreed_owners = QSpinBox()
        self.agreed_owners.setObjectName("agreed_owners")
        self.agreed_owners.setRange(0, 100000)
        form.addRow(self.tr("Voted: area"), self.voted_area)
        form.addRow(self.tr("Voted: owners"), self.voted_owners)
        form.addRow(self.tr("Agreed: area"), self.agreed_area)
        form.addRow(self.tr("Agreed: owners"), self.agreed_owners)
        self.vote_button = style.button(self.tr("Record vote"), "vote", self.vote)
        form.addRow(self.vote_button)
        head = QLabel(self.tr("Acceptance and final cost"))
        style.apply(head, style.Look.SUBHEADING)
        form.addRow(head)
        self.photos_button = style.button(self.tr("Add acceptance photos…"), "photos", self.add_photos)
        form.addRow(self.photos_button)
        self.final = _line("final", self.tr("Yuan"))
        form.addRow(self.tr("Final cost"), self.final)
        self.settle_button = style.button(self.tr("Settle"), "settle", self.settle)
        form.addRow(self.settle_button)
        sl.addLayout(form)
        self.message = style.text("message")
        sl.addWidget(self.message)
        sl.addStretch(1)
        return page

    def _print_page(self) -> QWidget:
        page = QWidget()
        pl = QVBoxLayout(page)
        row = QHBoxLayout()
        self.print_buttons: dict[str, QPushButton] = {}
        for kind, label in (("application", self.tr("Application form")),
                            ("tally", self.tr("Vote tally sheet")),
                            ("publication", self.tr("Publication"))):
            b = QPushButton(label)
            b.setObjectName(f"print_{kind}")
            b.clicked.connect(lambda _c=False, k=kind: self.show_document(k))
            self.print_buttons[kind] = b
            row.addWidget(b)
        self.save_button = style.button(self.tr("Save PDF…"), "save_pdf", self.save_pdf)
        row.addWidget(self.save_button)
        pl.addLayout(row)
        pl.addWidget(self.preview, 1)
        return page

    # --- loading ---------------------------------------------------------------------------

    def activate(self) -> None:
        if self._dirty:
            self._dirty = False
            self._load_choices()
            self.reload()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.FUND, Area.ESTATES, Area.BUILDINGS):
            if changes.touches(Area.ESTATES):
                self._load_choices()
            if self.isVisible():
                self.reload()
            else:
                self._dirty = True

    def _load_choices(self) -> None:
        def work(op: OpContext) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
            return op.services.registers.estate_choices(), op.services.fund.categories()

        def fill(result: tuple[list[tuple[str, str]], tuple[str, ...]]) -> None:
            estates, categories = result
            typed = self.in_category.currentText()
            self.in_category.clear()
            self.in_category.addItems(list(categories))  # the defaults and the county's
            self.in_category.setCurrentText(typed)
            fill_combo(self.estate, estates)
            fill_combo(self.in_estate, estates, keep=0)
            self._load_buildings()
        self.ctx.db(work, on_success=fill)

    def _load_buildings(self) -> None:
        estate_id = self.in_estate.currentData()
        self.in_buildings.setRowCount(0)
        if not estate_id:
            return

        def fill(rows: list[tuple[str, str]]) -> None:
            if self.in_estate.currentData() != estate_id:
                return
            self.in_buildings.setRowCount(len(rows))
            for i, (bid, number) in enumerate(rows):
                cell = QTableWidgetItem(number)
                cell.setData(Qt.ItemDataRole.UserRole, bid)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                cell.setCheckState(Qt.CheckState.Unchecked)
                self.in_buildings.setItem(i, 0, cell)
                self.in_buildings.setItem(i, 1, QTableWidgetItem(""))
                self.in_buildings.setItem(i, 2, QTableWidgetItem(""))
        self.ctx.db(lambda op: op.services.registers.buildings_of(estate_id), on_success=fill)

    def reload(self) -> None:
        estate_id = self.estate.currentData()
        current = self.selected()
        if self._select_after is None and current is not None:
            self._select_after = current.id
        self.ctx.db(lambda op: op.services.fund.find(estate_id), on_success=self._loaded)

    def _loaded(self, rows: list[FundInfo]) -> None:
        self.model.set_rows(rows)
        self.counts.setText(self.tr("%1 applications").replace("%1", str(len(rows))))
        want, self._select_after = self._select_after, None
        row = next((i for i, r in enumerate(rows) if r.id == want), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    def selected(self) -> FundInfo | None:
        ix = self.table.currentIndex()
        return self.model.rows_[ix.row()] if ix.isValid() and ix.row() < len(self.model.rows_) else None

    def _show_selected(self) -> None:
        r = self.selected()
        nxt = r.next_stage if r is not None else None
        self.advance_button.setText(self.tr("Advance to: %1").replace("%1", nxt.label) if nxt
                                    else self.tr("Advance"))
        ordinary = r is not None and r.path is FundPath.ORDINARY and r.stage is FundStage.APPLIED
        for w in (self.voted_area, self.voted_owners, self.agreed_area, self.agreed_owners,
                  self.vote_button):
            w.setEnabled(ordinary)
        self.advance_button.setEnabled(nxt is not None and nxt is not FundStage.SETTLED)
        self.settle_button.setEnabled(nxt is FundStage.SETTLED)
        self.photos_button.setEnabled(r is not None and r.stage is FundStage.WORKS)
        for b in self.print_buttons.values():
            b.setEnabled(r is not None)
        if r is None:
            self.what.setText(self.tr("No application selected."))
            self.detail.clear()
            return
        self.what.setText(f"{r.estate_name} {r.building_text} · {r.category}　{r.repair_item}")
        lines = [f"{r.path.label} · {r.stage.label} · {fen_text(r.estimated_fen)}元 · "
                 f"{area_text(r.total_area)}㎡ / {r.total_owners}户"]
        lines += [f"{FundStage(s['stage']).label}　{s['on']}　{s.get('by', '')}　{s.get('note', '')}"
                  for s in r.stages]
        if r.vote is not None:
            ratios = r.vote.ratios()
            lines.append(self.tr("Vote: %1 (participation %2 / %3, approval %4 / %5)")
                         .replace("%1", self.tr("passed") if r.vote.passed else self.tr("not passed"))
                         .replace("%2", percent_text(ratios["participation_area"]))
                         .replace("%3", percent_text(ratios["participation_owners"]))
                         .replace("%4", percent_text(ratios["approval_area"]))
                         .replace("%5", percent_text(ratios["approval_owners"])))
        if r.photos:
            lines.append(self.tr("%1 acceptance photos").replace("%1", str(len(r.photos))))
        lines += [f"{x.number}：{fen_text(x.share_fen)}元" for x in r.buildings
                  if x.share_fen is not None]
        self.detail.setText("\n".join(lines))

    # --- actions ---------------------------------------------------------------------------

    def _checked_buildings(self) -> list[tuple[str, str, int]]:
        out: list[tuple[str, str, int]] = []
        for i in range(self.in_buildings.rowCount()):
            cell = self.in_buildings.item(i, 0)
            if cell is None or cell.checkState() != Qt.CheckState.Checked:
                continue
            area_cell, owners_cell = self.in_buildings.item(i, 1), self.in_buildings.item(i, 2)
            owners = owners_cell.text().strip() if owners_cell else ""
            if not owners.isdigit():
                raise FundError(self.tr("Enter the number of owners of %1.").replace("%1", cell.text()))
            out.append((cell.data(Qt.ItemDataRole.UserRole), area_cell.text() if area_cell else "",
                        int(owners)))
        return out

    def add(self) -> None:
        try:
            estimate = yuan_to_fen(self.in_estimate.text(), "预算金额")
            buildings = self._checked_buildings()
        except UserError as e:
            self._error(e, self.in_message)
            return
        args = (self.in_estate.currentData(), FundPath(self.in_path.currentData()),
                self.in_category.currentText(), self.in_item.text(), self.in_applicant.text(),
                estimate, pydate(self.in_date.date()), buildings)

        def done(app_id: str) -> None:
            self.in_message.setText(self.tr("Recorded."))
            self.in_item.clear()
            self._select_after = app_id
            self.tabs.setCurrentIndex(1)
        self.ctx.db(ops.fund_op("add", *args, contractor=self.in_contractor.text()),
                    on_success=done, on_failure=lambda e: self._error(e, self.in_message))

    def advance(self) -> None:
        r = self.selected()
        if r is not None:
            self._run(ops.fund_op("advance", r.id, pydate(self.on.date()), self.by.text(),
                                  self.note.text()), self.tr("Advanced."))

    def vote(self) -> None:
        r = self.selected()
        if r is not None:
            self._run(ops.fund_op("record_vote", r.id, self.voted_area.text(),
                                  self.voted_owners.value(), self.agreed_area.text(),
                                  self.agreed_owners.value(), pydate(self.on.date())),
                      self.tr("Vote recorded."))

    def add_photos(self, files: list[str] | None = None) -> None:
        r = self.selected()
        if r is None:
            return
        if not files:
            files, _ = QFileDialog.getOpenFileNames(self, self.tr("Acceptance photos"), "",
                                                    self.tr("Pictures (*.jpg *.jpeg *.png)"))
        if files:
            self._run(ops.fund_op("add_photos", r.id, [Path(f) for f in files]),
                      self.tr("Photos added."))

    def settle(self) -> None:
        r = self.selected()
        if r is None:
            return
        try:
            final = yuan_to_fen(self.final.text(), "决算金额")
        except UserError as e:
            self._error(e, self.message)
            return
        self._run(ops.fund_op("settle", r.id, final, pydate(self.on.date()), self.by.text()),
                  self.tr("Settled: the final cost is apportioned by area."))

    def _run(self, work: ops.Op[object], said: str) -> None:
        self.ctx.db(work, on_success=lambda _r: self.message.setText(said),
                    on_failure=lambda e: self._error(e, self.message))

    def _error(self, exc: BaseException, where: QLabel) -> None:
        if isinstance(exc, UserError):
            where.setText(style.span(exc.with_hint(), style.Tone.ERROR))
        else:
            self.ctx.runner.default_failure(exc)

    # --- printing and export ---------------------------------------------------------------

    def show_document(self, kind: str) -> None:
        r = self.selected()
        if r is None:
            return
        today = self.ctx.services.clock.today()

        def work(op: OpContext) -> bytes:
            return op.services.fund.pdf(r.id, kind, op.services.printing.issuer().office, today)
        self.tabs.setCurrentIndex(2)
        self.ctx.db(work, on_success=self.preview.load,
                    on_failure=lambda e: self._error(e, self.message))

    def save_pdf(self) -> None:
        data = self.preview.data
        if not data:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), "", "PDF (*.pdf)")
        if name:
            Path(name).write_bytes(data)

    def import_(self, path: str | None = None) -> bool:
        """导入: applications from an Excel file in the export's layout (all or nothing; rows
        whose 编号 is already here are left alone), said beside the list."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import maintenance fund applications"), "",
                                                  self.tr("Excel files (*.xlsx)"))
        if not path:
            return True

        def done(result: FundImport) -> None:
            self.message.setText(self.tr("%1 new applications imported; %2 already here left unchanged.")
                                 .replace("%1", str(result.added)).replace("%2", str(result.unchanged)))
        self.tabs.setCurrentIndex(1)
        self.ctx.db(ops.fund_op("import_file", Path(path)), on_success=done,
                    on_failure=lambda e: self._error(e, self.message))
        return True

    def export_(self) -> bool:
        return export_to_excel(self, self.ctx, self.tr("Maintenance fund"),
                               lambda op, path: op.services.fund.export(path), self.message)


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("FundScreen", "Maintenance fund")
    return [ScreenSpec("fund", title, FundScreen, order=68)]
