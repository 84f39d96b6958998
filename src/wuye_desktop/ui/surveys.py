"""调查: satisfaction surveys (满意度测评) and willingness surveys (物业服务意愿征询) per estate.

Recording one shows, before it is saved, the rate, its band and the prescribed action with its
deadline (below 60%: the owners' assembly votes on keeping the company; 60–85%: the sub-district
interviews the company, which signs a 整改承诺书 by a deadline; 85% and above: commendation), or
for a willingness survey whether more than half of all households agree. The history of the
chosen estate is listed beside it, and a pending action can be marked done.

The rules are the domain's (``domain/surveys.py``): the preview calls the same functions the
service records with, so what is shown is what is saved.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.errors import UserError
from ..domain.surveys import (
    ActionStatus,
    SurveyAction,
    SurveyKind,
    SurveyMethod,
    check_survey_counts,
    majority_needed,
    pledge_deadline,
    rate,
    satisfaction_action,
    satisfaction_band,
    willingness_action,
)
from ..services.surveys import SURVEY_DOCUMENTS, SurveyInfo
from ..tasks import OpContext
from . import ScreenSpec, ops, style
from .choices import fill_combo
from .context import UiContext
from .export import export_to_excel
from .inspection_finalise import pydate, qdate
from .screen import Screen
from .survey_scores import ScoresBox
from .table_model import Column, RowsModel

#: the tone of each prescribed action
ACTION_TONES = {SurveyAction.ASSEMBLY_VOTE: style.Tone.ERROR,
                SurveyAction.INTERVIEW_PLEDGE: style.Tone.WARNING,
                SurveyAction.COMMENDATION: style.Tone.OK,
                SurveyAction.INTRODUCE: style.Tone.OK,
                SurveyAction.NOT_INTRODUCE: style.Tone.MUTED}



def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


class SurveyModel(RowsModel[SurveyInfo]):
    """The survey history, newest first; a pending action past its deadline is red."""

    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.today = today
        self.columns = [
            Column("date", self.tr("Date"), lambda r: r.conducted_on.isoformat(), lambda r: r.conducted_on),
            Column("estate", self.tr("Estate"), lambda r: r.estate_name),
            Column("kind", self.tr("Kind"), lambda r: r.kind_label),
            Column("period", self.tr("Period"), lambda r: r.period),
            Column("method", self.tr("Method"), lambda r: r.method_label),
            Column("households", self.tr("Households"), lambda r: str(r.households or ""),
                   lambda r: r.households or 0, right=True),
            Column("surveyed", self.tr("Surveyed"), lambda r: str(r.surveyed), lambda r: r.surveyed,
                   right=True),
            Column("positive", self.tr("Satisfied / agreeing"), lambda r: str(r.positive),
                   lambda r: r.positive, right=True),
            Column("rate", self.tr("Rate"), lambda r: _pct(r.rate), lambda r: r.rate, right=True),
            Column("action", self.tr("Action"), lambda r: r.action_label),
            Column("deadline", self.tr("Deadline"),
                   lambda r: r.action_deadline.isoformat() if r.action_deadline else "",
                   lambda r: r.action_deadline or date.min),
            Column("status", self.tr("Follow-up"), self._status),
            Column("company", self.tr("Company"), lambda r: r.company_name or ""),
        ]

    def _status(self, r: SurveyInfo) -> str:
        if r.action_status is ActionStatus.DONE:
            return self.tr("Done %1").replace("%1", r.action_done_on.isoformat() if r.action_done_on else "")
        if r.overdue(self.today):
            return self.tr("Overdue")
        return r.action_status.label

    def style(self, obj: SurveyInfo, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in ("status", "deadline") and obj.overdue(self.today):
                return style.Tone.ERROR.brush()
            if column in ("action", "rate"):
                return ACTION_TONES[obj.action].brush()
        if role == Qt.ItemDataRole.BackgroundRole and obj.overdue(self.today):
            return QBrush(style.OVERDUE_BACKGROUND)
        return None


def _spin(name: str, maximum: int = 100000) -> QSpinBox:
    s = QSpinBox()
    s.setObjectName(name)
    s.setRange(0, maximum)
    s.setGroupSeparatorShown(False)
    return s


def _date_edit(name: str, d: date) -> QDateEdit:
    e = QDateEdit(qdate(d))
    e.setObjectName(name)
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    return e


def _method_combo(name: str) -> QComboBox:
    c = QComboBox()
    c.setObjectName(name)
    for m in SurveyMethod:
        c.addItem(m.label, m.value)
    return c


class SurveyForm(QWidget):
    """One kind of survey: the counts, a live preview of the outcome and the record button."""

    def __init__(self, screen: SurveysScreen, kind: SurveyKind) -> None:
        super().__init__()
        self.owner, self.kind = screen, kind
        today = screen.ctx.services.clock.today()
        p = "sat" if kind is SurveyKind.SATISFACTION else "will"
        form = QFormLayout(self)
        self.estate = QComboBox()
        self.estate.setObjectName(f"{p}_estate")
        self.estate.currentIndexChanged.connect(lambda _i: self._estate_changed())
        form.addRow(self.tr("Estate"), self.estate)
        self.period = QLineEdit(self.tr("%1 annual").replace("%1", str(today.year)))
        self.period.setObjectName(f"{p}_period")
        form.addRow(self.tr("Period"), self.period)
        self.on = _date_edit(f"{p}_date", today)
        self.on.dateChanged.connect(lambda _d: self.preview_outcome())
        form.addRow(self.tr("Date"), self.on)
        self.method = _method_combo(f"{p}_method")
        form.addRow(self.tr("Method"), self.method)
        self.households = _spin(f"{p}_households")
        form.addRow(self.tr("Households in the estate"), self.households)
        self.surveyed = _spin(f"{p}_surveyed")
        form.addRow(self.tr("Households surveyed"), self.surveyed)
        self.positive = _spin(f"{p}_positive")
        form.addRow(self.tr("Satisfied") if kind is SurveyKind.SATISFACTION else self.tr("Agreeing"),
                    self.positive)
        for s in (self.households, self.surveyed, self.positive):
            s.valueChanged.connect(lambda _v: self.preview_outcome())
        self.scores: ScoresBox | None = None
        if kind is SurveyKind.SATISFACTION:
            self.scores = ScoresBox()
            form.addRow(self.tr("Per item (optional)"), self.scores)
        self.note = QLineEdit()
        self.note.setObjectName(f"{p}_note")
        form.addRow(self.tr("Note"), self.note)
        self.preview = QLabel()
        self.preview.setObjectName(f"{p}_preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.preview)
        self.record_button = QPushButton(self.tr("Record satisfaction survey")
                                         if kind is SurveyKind.SATISFACTION
                                         else self.tr("Record willingness survey"))
        self.record_button.setObjectName(f"{p}_record")
        style.apply(self.record_button, style.Look.PRIMARY_BUTTON)
        self.record_button.clicked.connect(self.record)
        form.addRow(self.record_button)
        self.message = QLabel()
        self.message.setObjectName(f"{p}_message")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.preview_outcome()

    def _estate_changed(self) -> None:
        hh = self.owner.households.get(self.estate.currentData())
        if hh:
            self.households.setValue(hh)
        self.preview_outcome()

    def values(self) -> dict[str, Any]:
        hh = self.households.value() or None
        common = {"estate_id": self.estate.currentData(), "period": self.period.text(),
                  "conducted_on": pydate(self.on.date()), "surveyed": self.surveyed.value(),
                  "note": self.note.text().strip() or None,
                  "method": SurveyMethod(self.method.currentData())}
        if self.scores is not None:
            return {**common, "satisfied": self.positive.value(), "households": hh,
                    "scores": self.scores.values()}
        return {**common, "agreeing": self.positive.value(), "households": hh or 0}

    def preview_outcome(self) -> None:
        """The outcome the counts give, by the rule the service records with."""
        hh, surveyed, positive = self.households.value() or None, self.surveyed.value(), self.positive.value()
        problems = check_survey_counts(self.kind, hh, surveyed, positive)
        if problems:
            self.preview.setText(style.span("".join(problems), style.Tone.MUTED))
            return
        if self.kind is SurveyKind.SATISFACTION:
            action = satisfaction_action(surveyed, positive)
            band = satisfaction_band(action)
            deadline = pledge_deadline(pydate(self.on.date()), action)
            lines = [self.tr("Satisfaction %1 (%2 of %3 surveyed households)")
                     .replace("%1", _pct(rate(positive, surveyed))).replace("%2", str(positive))
                     .replace("%3", str(surveyed)),
                     self.tr("Band: %1").replace("%1", band.label if band else "")]
        else:
            assert hh is not None
            action = willingness_action(hh, positive)
            deadline = None
            lines = [self.tr("%1 of %2 households agree (%3); more than half is %4 households")
                     .replace("%1", str(positive)).replace("%2", str(hh))
                     .replace("%3", _pct(rate(positive, hh))).replace("%4", str(majority_needed(hh)))]
        lines.append(self.tr("Action: %1").replace("%1", action.label))
        if deadline is not None:
            lines.append(self.tr("The signed rectification pledge is due by %1")
                         .replace("%1", deadline.isoformat()))
        body = "<br>".join(html.escape(t) for t in lines)
        self.preview.setText(f"<span style='color:{ACTION_TONES[action].value}'>{body}</span>")
        self.outcome = action

    def record(self) -> None:
        if not self.estate.currentData():
            self.message.setText(style.span(self.tr("Choose the estate first."), style.Tone.ERROR))
            return
        kind = "satisfaction" if self.kind is SurveyKind.SATISFACTION else "willingness"

        def done(info: SurveyInfo) -> None:
            self.message.setText(self.tr("Recorded: %1").replace("%1", info.action_label))
            self.owner.select_after = info.id
            self.owner.last_recorded = info

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.message.setText(style.span(exc.with_hint(), style.Tone.ERROR))
            else:
                self.owner.ctx.runner.default_failure(exc)

        self.owner.ctx.db(ops.record_survey(kind, self.values()), on_success=done, on_failure=failed)


class SurveysScreen(Screen):
    """Filters and the history on the left; the two survey forms and the follow-up on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._dirty = True
        self._gen = 0
        self.select_after: str | None = None
        self.last_recorded: SurveyInfo | None = None
        self.households: dict[str, int] = {}
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.estate = QComboBox()
        self.estate.setObjectName("estate_filter")
        self.estate.addItem(self.tr("All estates"), None)
        self.kind = QComboBox()
        self.kind.setObjectName("kind_filter")
        self.kind.addItem(self.tr("All surveys"), None)
        for k in SurveyKind:
            self.kind.addItem(k.label, k.value)
        self.pending = QCheckBox(self.tr("Pending follow-up only"))
        self.pending.setObjectName("pending_only")
        for w in (self.estate, self.kind, self.pending):
            bar.addWidget(w)
        bar.addStretch(1)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        style.apply(self.counts, style.Look.STRONG)
        bar.addWidget(self.counts)
        self.export_button = style.button(self.tr("Export to Excel…"), "export", self.export_)
        bar.addWidget(self.export_button)
        lay.addLayout(bar)
        self.estate.currentIndexChanged.connect(lambda _i: self._filter_estate_changed())
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.pending.toggled.connect(lambda _b: self.reload())

        self.model = SurveyModel(ctx.services.clock.today(), self)
        self.table = QTableView()
        self.table.setObjectName("history")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(self.model.column("action"),
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.tabs = QTabWidget()
        self.tabs.setObjectName("side_tabs")
        self.tabs.setMinimumWidth(380)
        self.satisfaction = SurveyForm(self, SurveyKind.SATISFACTION)
        self.willingness = SurveyForm(self, SurveyKind.WILLINGNESS)
        self.tabs.addTab(self.satisfaction, self.tr("Satisfaction survey"))
        self.tabs.addTab(self.willingness, self.tr("Willingness survey"))
        self.tabs.addTab(self._follow_up_page(), self.tr("Follow-up"))

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)
        self._show_selected()
        ctx.runner.changed.connect(self._on_changed)

    def _follow_up_page(self) -> QWidget:
        page = QWidget()
        sl = QVBoxLayout(page)
        self.what = style.text("what", style.Look.ITEM)
        self.detail = style.text("detail")
        sl.addWidget(self.what)
        sl.addWidget(self.detail)
        form = QFormLayout()
        self.done_on = _date_edit("done_on", self.ctx.services.clock.today())
        form.addRow(self.tr("Carried out on"), self.done_on)
        self.done_note = QLineEdit()
        self.done_note.setObjectName("done_note")
        self.done_note.setPlaceholderText(self.tr("e.g. pledge signed, assembly held"))
        form.addRow(self.tr("Note"), self.done_note)
        sl.addLayout(form)
        self.done_button = style.button(self.tr("Mark action carried out"), "mark_done", self.mark_done)
        sl.addWidget(self.done_button)
        self.reopen_button = QPushButton(self.tr("Back to pending"))
        self.reopen_button.setObjectName("reopen")
        self.reopen_button.setToolTip(self.tr("The action was marked carried out by mistake"))
        self.reopen_button.clicked.connect(self.reopen)
        sl.addWidget(self.reopen_button)
        self.publish_button = QPushButton(self.tr("Result publication notice…"))
        self.publish_button.setToolTip(self.tr("Opens Documents with the survey result notice filled from this survey"))
        self.assembly_button = QPushButton(self.tr("Owners' assembly notice…"))
        self.assembly_button.setToolTip(self.tr("Below 60%: the assembly votes on keeping the company"))
        self.pledge_button = QPushButton(self.tr("Rectification pledge…"))
        self.pledge_button.setToolTip(self.tr("60% to 85%: the company signs a rectification pledge by the deadline"))
        self.commend_button = QPushButton(self.tr("Commendation notice…"))
        self.commend_button.setToolTip(self.tr("85% and above: the company is commended"))
        self.document_buttons = {"results": self.publish_button, "assembly": self.assembly_button,
                                 "pledge": self.pledge_button, "commendation": self.commend_button}
        for kind, button in self.document_buttons.items():
            button.setObjectName("publish" if kind == "results" else kind)
            button.clicked.connect(lambda _c=False, k=kind: self.publish(k))
            sl.addWidget(button)
        self.message = style.text("message")
        sl.addWidget(self.message)
        sl.addStretch(1)
        return page

    # --- loading ---------------------------------------------------------------------------

    def activate(self) -> None:
        if self._dirty:
            self._dirty = False
            self._load_choices()
            self.reload()

    def new_record(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.satisfaction.surveyed.setFocus()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.SURVEYS, Area.ESTATES, Area.COMPANIES):
            if changes.touches(Area.ESTATES):
                self._load_choices()
            if self.isVisible():
                self.reload()
            else:
                self._dirty = True

    def _load_choices(self) -> None:
        def work(op: OpContext) -> list[tuple[str, str, int | None]]:
            return [(e["id"], e["name"], e.get("household_count"))
                    for e in op.services.registers.rows("estates")]

        def fill(rows: list[tuple[str, str, int | None]]) -> None:
            self.households = {i: hh for i, _n, hh in rows if hh}
            pairs = sorted(((i, n) for i, n, _hh in rows), key=lambda p: p[1])
            fill_combo(self.estate, pairs)
            for form in (self.satisfaction, self.willingness):
                fill_combo(form.estate, pairs, keep=0)
                form._estate_changed()

        self.ctx.db(work, on_success=fill)

    def _filter_estate_changed(self) -> None:
        estate = self.estate.currentData()
        if estate:  # recording for the estate whose history is shown
            for form in (self.satisfaction, self.willingness):
                form.estate.setCurrentIndex(max(form.estate.findData(estate), 0))
        self.reload()

    def reload(self) -> None:
        self._gen += 1
        gen = self._gen
        estate, kind, pending = self.estate.currentData(), self.kind.currentData(), self.pending.isChecked()
        current = self.selected()
        want = self.select_after or (current.id if current is not None else None)

        def work(op: OpContext) -> list[SurveyInfo]:
            return op.services.surveys.find(estate_id=estate, kind=SurveyKind(kind) if kind else None,
                                            pending_only=pending)

        self.ctx.db(work, on_success=lambda rows: self._show(gen, rows, want))

    def _show(self, gen: int, rows: list[SurveyInfo], want: str | None) -> None:
        if gen != self._gen:
            return
        self.select_after = None
        self.model.today = self.ctx.services.clock.today()
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r.overdue(self.model.today))
        pending = sum(1 for r in rows if r.action_status is ActionStatus.PENDING)
        self.counts.setText(self.tr("%1 surveys · %2 actions pending · %3 overdue")
                            .replace("%1", str(len(rows))).replace("%2", str(pending))
                            .replace("%3", str(overdue)))
        style.apply(self.counts, style.Look.STRONG, style.Tone.ERROR if overdue else style.Tone.NORMAL)
        row = self.model.row_of(want) if want else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    # --- the selected survey ---------------------------------------------------------------

    def show_record(self, survey_id: str) -> None:
        """Show one survey (from 待办): filters cleared, it selected, its follow-up open."""
        for combo in (self.estate, self.kind):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.pending.blockSignals(True)
        self.pending.setChecked(False)
        self.pending.blockSignals(False)
        self.select_after = survey_id
        self.tabs.setCurrentIndex(2)
        self.reload()

    def selected(self) -> SurveyInfo | None:
        ix = self.table.currentIndex()
        return self.model.row_object(ix.row()) if ix.isValid() else None

    def _show_selected(self) -> None:
        r = self.selected()
        self.done_button.setEnabled(r is not None and r.action_status is ActionStatus.PENDING)
        self.reopen_button.setEnabled(r is not None and r.action_status is ActionStatus.DONE)
        for kind, button in self.document_buttons.items():
            needs = SURVEY_DOCUMENTS[kind][2]
            button.setEnabled(r is not None and r.kind is SurveyKind.SATISFACTION
                              and needs in (None, r.action))
        if r is None:
            self.what.setText(self.tr("No survey selected."))
            self.detail.clear()
            return
        self.what.setText(f"{r.estate_name} · {r.period} {r.kind_label}")
        lines = [self.tr("Rate: %1").replace("%1", _pct(r.rate))]
        if r.band is not None:
            lines.append(self.tr("Band: %1").replace("%1", r.band.label))
        lines.append(self.tr("Action: %1").replace("%1", r.action_label))
        if r.action_deadline:
            lines.append(self.tr("Deadline: %1").replace("%1", r.action_deadline.isoformat()))
        if r.scores:
            lines.append(self.tr("Per item: %1").replace("%1", r.scores_label))
        lines.append(self.tr("Follow-up: %1").replace("%1", self.model._status(r)))
        if r.action_done_on:
            lines.append(self.tr("Carried out on %1").replace("%1", r.action_done_on.isoformat())
                         + (f"：{r.action_note}" if r.action_note else ""))
        if r.note:
            lines.append(r.note)
        self.detail.setText("\n".join(lines))
        style.tone(self.detail, style.Tone.ERROR if r.overdue(self.model.today) else style.Tone.NORMAL)

    def mark_done(self) -> None:
        r = self.selected()
        if r is None:
            return
        on, note = pydate(self.done_on.date()), self.done_note.text().strip() or None
        self.done_note.clear()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.message.setText(style.span(exc.with_hint(), style.Tone.ERROR))
            else:
                self.ctx.runner.default_failure(exc)

        self.ctx.db(ops.survey_action_done(r.id, on, note),
                    on_success=lambda _r: self.message.setText(self.tr("Saved.")), on_failure=failed)

    def reopen(self) -> None:
        r = self.selected()
        if r is not None:
            self.ctx.db(ops.survey_action_reopen(r.id),
                        on_success=lambda _r: self.message.setText(self.tr("Saved.")))

    def publish(self, kind: str = "results") -> None:
        """One of the selected survey's documents (``SURVEY_DOCUMENTS``: the 结果公示, the
        整改承诺书, the 业主大会公告 with the vote, the 表扬通报), prefilled on 文书."""
        r = self.selected()
        window: Any = self.ctx.status
        if r is None or window is None or not hasattr(window, "show_screen"):
            return
        sid, estate_id = r.id, r.estate_id

        def show(notice: tuple[str, dict[str, str]]) -> None:
            window.show_screen("documents")
            window.screens["documents"].prefill_notice(notice[0], estate_id, notice[1])

        self.ctx.db(lambda op: op.services.surveys.notice(sid, kind), on_success=show)

    # --- export ----------------------------------------------------------------------------

    def can_import(self) -> bool:
        return False  # not a register: 导入 is not offered here

    def export_(self) -> bool:
        """导出 (Ctrl+E): the survey history of the current filter to .xlsx."""
        estate, kind = self.estate.currentData(), self.kind.currentData()

        def remember(path: Path, _n: int) -> None:
            self.last_export = path

        return export_to_excel(self, self.ctx, self.tr("Surveys"),
                               lambda op, path: op.services.surveys.export(
                                   path, estate, SurveyKind(kind) if kind else None),
                               self.message, remember)


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("SurveysScreen", "Surveys")
    return [ScreenSpec("surveys", title, SurveysScreen, order=66)]
