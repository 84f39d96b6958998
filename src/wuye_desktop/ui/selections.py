"""物业选聘: the selections of every estate on the left; on the right the chosen one stage by
stage — the willingness survey and method, the candidates with their scores, the result with its
公示 period, the filed contract — and the two printed documents.

Every step is a service call on the database lane (``ops.selection_step``); the rules (stage
order, 协议选聘 needs a reason, black-listed companies refused) are the domain's, and a refusal
is said beside the form in the service's own words.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.enums import ServiceGrade
from ..domain.errors import UserError
from ..domain.selection import STAGE_ORDER, SelectionMethod, SelectionStage, stage_index
from ..domain.surveys import SurveyKind
from ..services.selections import CandidateInfo, SelectionInfo
from ..tasks import OpContext
from . import ScreenSpec, ops, style
from .choices import fill_combo
from .context import UiContext
from .export import EXPORT_DIR_KEY, export_to_excel
from .inspection_finalise import pydate, qdate
from .screen import Screen
from .table_model import Column, RowsModel


class SelectionModel(RowsModel[SelectionInfo]):
    """The selections, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.columns = [
            Column("started", self.tr("Started"), lambda r: r.started_on.isoformat(), lambda r: r.started_on),
            Column("estate", self.tr("Estate"), lambda r: r.estate_name),
            Column("method", self.tr("Method"), lambda r: r.method.label),
            Column("stage", self.tr("Stage"), lambda r: r.stage.label, lambda r: stage_index(r.stage)),
            Column("company", self.tr("Selected company"), lambda r: r.company_name or ""),
        ]


class CandidateModel(RowsModel[CandidateInfo]):
    """The candidates of the chosen selection, in the order added, with score and rank."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.columns = [
            Column("company", self.tr("Company"), lambda r: r.company_name),
            Column("score", self.tr("Score"), lambda r: "" if r.score is None else f"{r.score:g}",
                   lambda r: r.score or 0.0, right=True),
            Column("rank", self.tr("Rank"), lambda r: str(r.rank or ""), lambda r: r.rank or 0, right=True),
        ]

    def row_id(self, row: int) -> str | None:
        obj = self.row_object(row)
        return obj.company_id if obj is not None else None


def _date_edit(name: str, d: date) -> QDateEdit:
    e = QDateEdit(qdate(d))
    e.setObjectName(name)
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    return e


def _combo(name: str) -> QComboBox:
    c = QComboBox()
    c.setObjectName(name)
    return c


def _button(name: str, text: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    return b


class SelectionsScreen(Screen):
    """List on the left, the chosen selection's stages on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._dirty = True
        self._gen = 0
        self.select_after: str | None = None
        self.current: SelectionInfo | None = None
        today = ctx.services.clock.today()
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.counts = style.text("counts", style.Look.STRONG)
        bar.addWidget(self.counts)
        bar.addStretch(1)
        self.export_button = _button("export", self.tr("Export to Excel…"))
        self.export_button.clicked.connect(self.export_)
        bar.addWidget(self.export_button)
        lay.addLayout(bar)

        self.model = SelectionModel(self)
        self.table = self._table("selections", self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        side = QWidget()
        sl = QVBoxLayout(side)
        sl.addWidget(self._start_box(today))
        self.what = style.text("what", style.Look.ITEM)
        self.stages = style.text("stages")
        self.stages.setTextFormat(Qt.TextFormat.RichText)
        sl.addWidget(self.what)
        sl.addWidget(self.stages)
        self.message = style.text("message")
        sl.addWidget(self.message)
        sl.addWidget(self._candidate_box())
        sl.addWidget(self._result_box(today))
        sl.addWidget(self._filing_box(today))
        prints = QHBoxLayout()
        self.print_publication = _button("print_publication", self.tr("Print result publication…"))
        self.print_filing = _button("print_filing", self.tr("Print filing form…"))
        self.print_publication.clicked.connect(lambda: self.print_document("publication"))
        self.print_filing.clicked.connect(lambda: self.print_document("filing"))
        prints.addWidget(self.print_publication)
        prints.addWidget(self.print_filing)
        sl.addLayout(prints)
        sl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)
        scroll.setMinimumWidth(440)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        self._show_selected()
        ctx.runner.changed.connect(self._on_changed)

    # --- building --------------------------------------------------------------------------

    @staticmethod
    def _table(name: str, model: RowsModel[Any]) -> QTableView:
        t = QTableView()
        t.setObjectName(name)
        t.setModel(model)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().hide()
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.horizontalHeader().setStretchLastSection(True)
        return t

    def _start_box(self, today: date) -> QGroupBox:
        box = QGroupBox(self.tr("New selection"))
        form = QFormLayout(box)
        self.estate = _combo("estate")
        self.estate.currentIndexChanged.connect(lambda _i: self._load_surveys())
        form.addRow(self.tr("Estate"), self.estate)
        self.survey = _combo("survey")
        form.addRow(self.tr("Willingness survey"), self.survey)
        self.method = _combo("method")
        for m in SelectionMethod:
            self.method.addItem(m.label, m.value)
        form.addRow(self.tr("Method"), self.method)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("Required for selection by agreement"))
        form.addRow(self.tr("Reason"), self.reason)
        self.started = _date_edit("started", today)
        form.addRow(self.tr("Started on"), self.started)
        self.start_button = _button("start", self.tr("Start selection"))
        style.apply(self.start_button, style.Look.PRIMARY_BUTTON)
        self.start_button.clicked.connect(self.start)
        form.addRow(self.start_button)
        return box

    def _candidate_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Candidates and evaluation"))
        v = QVBoxLayout(box)
        self.candidates = CandidateModel(self)
        self.candidate_table = self._table("candidates", self.candidates)
        self.candidate_table.setMinimumHeight(120)
        v.addWidget(self.candidate_table)
        row = QHBoxLayout()
        self.company = _combo("company")
        self.add_button = _button("add_candidate", self.tr("Add candidate"))
        self.add_button.clicked.connect(self.add_candidate)
        row.addWidget(self.company, 1)
        row.addWidget(self.add_button)
        v.addLayout(row)
        row = QHBoxLayout()
        self.score = QDoubleSpinBox()
        self.score.setObjectName("score")
        self.score.setRange(0, 100)
        self.score.setDecimals(1)
        self.score_button = _button("record_score", self.tr("Record score of the chosen candidate"))
        self.score_button.clicked.connect(self.record_score)
        row.addWidget(self.score)
        row.addWidget(self.score_button, 1)
        v.addLayout(row)
        return box

    def _result_box(self, today: date) -> QGroupBox:
        box = QGroupBox(self.tr("Result and publication"))
        form = QFormLayout(box)
        self.winner = _combo("winner")
        form.addRow(self.tr("Selected company"), self.winner)
        self.pub_start = _date_edit("pub_start", today)
        self.pub_end = _date_edit("pub_end", today + timedelta(days=7))
        form.addRow(self.tr("Publication from"), self.pub_start)
        form.addRow(self.tr("Publication to"), self.pub_end)
        self.result_button = _button("result", self.tr("Set result"))
        self.result_button.clicked.connect(self.set_result)
        form.addRow(self.result_button)
        return box

    def _filing_box(self, today: date) -> QGroupBox:
        box = QGroupBox(self.tr("Contract filing"))
        form = QFormLayout(box)
        self.filed_on = _date_edit("filed_on", today)
        self.contract_start = _date_edit("contract_start", today)
        self.contract_end = _date_edit("contract_end", today.replace(year=today.year + 3))
        self.fee = QDoubleSpinBox()
        self.fee.setObjectName("fee")
        self.fee.setRange(0, 99)
        self.fee.setDecimals(2)
        self.fee.setSuffix(self.tr(" yuan/m² per month"))
        self.grade = _combo("grade")
        for g in ServiceGrade:
            self.grade.addItem(g.label, g.value)
        form.addRow(self.tr("Filed on"), self.filed_on)
        form.addRow(self.tr("Contract from"), self.contract_start)
        form.addRow(self.tr("Contract to"), self.contract_end)
        form.addRow(self.tr("Fee standard"), self.fee)
        form.addRow(self.tr("Service grade"), self.grade)
        self.file_button = _button("file", self.tr("File the contract (updates the estate)"))
        self.file_button.clicked.connect(self.file_contract)
        form.addRow(self.file_button)
        return box

    # --- loading ---------------------------------------------------------------------------

    def activate(self) -> None:
        if self._dirty:
            self._dirty = False
            self._load_choices()
            self.reload()

    def can_import(self) -> bool:
        return False

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.SELECTIONS, Area.ESTATES, Area.COMPANIES, Area.SURVEYS):
            if changes.touches(Area.ESTATES, Area.COMPANIES, Area.SURVEYS):
                self._load_choices()
            if self.isVisible():
                self.reload()
            else:
                self._dirty = True

    def _load_choices(self) -> None:
        def work(op: OpContext) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
            return op.services.registers.estate_choices(), op.services.registers.company_choices()

        def fill(result: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> None:
            for combo, rows in zip((self.estate, self.company), result, strict=True):
                fill_combo(combo, rows, keep=0)
            self._load_surveys()

        self.ctx.db(work, on_success=fill)

    def _load_surveys(self) -> None:
        estate = self.estate.currentData()

        def work(op: OpContext) -> list[tuple[str, str]]:
            if not estate:
                return []
            return [(s.id, f"{s.conducted_on} {s.period}：{s.action_label}")
                    for s in op.services.surveys.find(estate_id=estate, kind=SurveyKind.WILLINGNESS)]

        def fill(rows: list[tuple[str, str]]) -> None:
            self.survey.clear()
            self.survey.addItem(self.tr("(none)"), None)
            for i, label in rows:
                self.survey.addItem(label, i)
            self.survey.setCurrentIndex(1 if rows else 0)

        self.ctx.db(work, on_success=fill)

    def reload(self) -> None:
        self._gen += 1
        gen = self._gen
        want = self.select_after or (self.current.id if self.current is not None else None)
        self.ctx.db(lambda op: op.services.selections.find(),
                    on_success=lambda rows: self._show(gen, rows, want))

    def _show(self, gen: int, rows: list[SelectionInfo], want: str | None) -> None:
        if gen != self._gen:
            return
        self.select_after = None
        self.model.set_rows(rows)
        filed = sum(1 for r in rows if r.stage is SelectionStage.FILED)
        self.counts.setText(self.tr("%1 selections · %2 filed").replace("%1", str(len(rows)))
                            .replace("%2", str(filed)))
        index = next((k for k, r in enumerate(rows) if r.id == want), 0 if rows else -1)
        if index >= 0:
            self.table.selectRow(index)
        self._show_selected()

    def selected(self) -> SelectionInfo | None:
        idx = self.table.currentIndex()
        return self.model.row_object(idx.row()) if idx.isValid() else None

    def _show_selected(self) -> None:
        r = self.selected()
        self.current = r
        has = r is not None
        at = stage_index(r.stage) if r is not None else -1
        for w, ok in ((self.add_button, 0 <= at <= 1), (self.score_button, 0 <= at <= 1),
                      (self.result_button, at == 1), (self.file_button, at == 2),
                      (self.print_publication, at >= 2), (self.print_filing, at == 3)):
            w.setEnabled(has and ok)
        if r is None:
            self.what.setText(self.tr("Choose a selection, or start one above."))
            self.stages.setText("")
            self.candidates.set_rows([])
            return
        self.what.setText(f"{r.estate_name} · {r.method.label}" +
                          (f"（{r.method_reason}）" if r.method_reason else ""))
        lines = [style.span(("✓ " if stage_index(s) <= at else "○ ") + s.label,
                            style.Tone.OK if stage_index(s) <= at else style.Tone.MUTED)
                 for s in STAGE_ORDER]
        if r.survey_label:
            lines.insert(0, style.span(r.survey_label, style.Tone.NORMAL))
        if r.company_name:
            lines.append(style.span(self.tr("Selected: %1, publication %2 to %3")
                                    .replace("%1", r.company_name)
                                    .replace("%2", str(r.publication_start))
                                    .replace("%3", str(r.publication_end)), style.Tone.NORMAL))
        self.stages.setText("<br>".join(lines))
        self.candidates.set_rows(r.candidates)
        self.winner.clear()
        for c in sorted(r.candidates, key=lambda c: c.rank or 999):
            self.winner.addItem(c.company_name, c.company_id)

    # --- steps -----------------------------------------------------------------------------

    def _run(self, step: str, *args: Any, done: str) -> None:
        def ok(result: Any) -> None:
            self.message.setText(style.span(done, style.Tone.OK))
            if step == "start" and isinstance(result, str):
                self.select_after = result

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.message.setText(style.span(exc.with_hint(), style.Tone.ERROR))
            else:
                self.ctx.runner.default_failure(exc)

        self.ctx.db(ops.selection_step(step, *args), on_success=ok, on_failure=failed)

    def start(self) -> None:
        estate = self.estate.currentData()
        if not estate:
            self.message.setText(style.span(self.tr("Choose the estate first."), style.Tone.ERROR))
            return
        self._run("start", estate, SelectionMethod(self.method.currentData()), pydate(self.started.date()),
                  self.reason.text(), self.survey.currentData(), done=self.tr("Selection started."))

    def add_candidate(self) -> None:
        if self.current is not None and self.company.currentData():
            self._run("add_candidate", self.current.id, self.company.currentData(),
                      done=self.tr("Candidate added."))

    def record_score(self) -> None:
        idx = self.candidate_table.currentIndex()
        company = self.candidates.row_id(idx.row()) if idx.isValid() else None
        if self.current is None or company is None:
            self.message.setText(style.span(self.tr("Choose a candidate in the table first."),
                                            style.Tone.ERROR))
            return
        self._run("evaluate", self.current.id, company, self.score.value(), done=self.tr("Score recorded."))

    def set_result(self) -> None:
        if self.current is not None:
            self._run("result", self.current.id, self.winner.currentData(), pydate(self.pub_start.date()),
                      pydate(self.pub_end.date()), done=self.tr("Result set; publish it for the period."))

    def file_contract(self) -> None:
        if self.current is not None:
            self._run("file", self.current.id, pydate(self.filed_on.date()),
                      pydate(self.contract_start.date()), pydate(self.contract_end.date()),
                      self.fee.value(), ServiceGrade(self.grade.currentData()),
                      done=self.tr("Contract filed; the estate's company and contract term are updated."))

    def can_print(self) -> bool:
        return self.current is not None and stage_index(self.current.stage) >= 2

    def print_(self) -> None:
        self.print_document("filing" if self.current is not None
                            and self.current.stage is SelectionStage.FILED else "publication")

    def print_document(self, kind: str) -> None:
        r = self.current
        if r is None:
            return
        name = self.tr("Result publication") if kind == "publication" else self.tr("Filing form")
        start = Path(str(self.ctx.settings.value(EXPORT_DIR_KEY, str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(self, name, str(start / f"{r.estate_name}-{name}.pdf"),
                                              self.tr("PDF files (*.pdf)"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")

        def done(pages: int) -> None:
            self.message.setText(self.tr("Saved %1 (%2 pages).").replace("%1", str(target))
                                 .replace("%2", str(pages)))

        self.ctx.db(lambda op: op.services.selections.print(r.id, kind, target), on_success=done)

    def export_(self) -> bool:
        return export_to_excel(self, self.ctx, self.tr("Selections"),
                               lambda op, p: op.services.selections.export(p), self.message)


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("SelectionsScreen", "Company selection")
    return [ScreenSpec("selections", title, SelectionsScreen, order=67)]


__all__ = ["SelectionsScreen", "screens"]
