"""The keyboard-driven inspection form: one row per checklist item, walked top to bottom.

Keys on the item table: 1 合格, 2 不合格, 3 不适用, P points, N note, Enter next item. Every answer
is saved at once through the runner (a draft is never "unsaved"), and the running score comes
back with it. Photos attach to the current item from a file dialog or by drag-and-drop onto the
thumbnail strip. A finalised inspection is shown read-only with its rectification items, and
offers a revision (a correction) or a re-inspection of the items still open.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..domain.inspections import InspectionStatus, ItemResult
from ..services.inspections import FinaliseResult, InspectionDetail
from . import dialogs, ops, style
from .context import UiContext
from .inspection_finalise import FinaliseDialog, pydate, qdate
from .inspection_models import ItemsModel, RectificationModel, fmt_number
from .photo_strip import PhotoStrip

KEY_RESULTS = {Qt.Key.Key_1: ItemResult.PASS, Qt.Key.Key_2: ItemResult.FAIL, Qt.Key.Key_3: ItemResult.NA}
#: the points spin box shows this (its minimum) for "no points entered: award by result"
NO_POINTS = -1.0


class InspectionForm(QWidget):
    """One inspection, draft or final. The screen owns it and shows it in place of the list."""

    #: back to the list
    closed = Signal()
    #: an inspection was finalised (its id)
    finalised = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ins = ctx.services.inspections
        self.detail: InspectionDetail | None = None
        self.finalise_dialog: FinaliseDialog | None = None
        self.last_result: FinaliseResult | None = None

        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("form_title")
        style.apply(self.title, style.Look.LARGE)
        self.title.setWordWrap(True)
        self.score = QLabel()
        self.score.setObjectName("score")
        style.apply(self.score, style.Look.LARGE, style.Tone.ACCENT)
        head.addWidget(self.title, 1)
        head.addWidget(self.score)
        outer.addLayout(head)
        self.people = QLabel()
        self.people.setObjectName("people")
        self.people.setWordWrap(True)
        style.tone(self.people, style.Tone.MUTED)
        outer.addWidget(self.people)

        # --- items table | current item ---
        self.model = ItemsModel(self)
        self.table = QTableView()
        self.table.setObjectName("items")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        side = QFrame()
        side.setObjectName("item_panel")
        side.setMinimumWidth(380)
        sl = QVBoxLayout(side)
        self.item_head = QLabel()
        style.apply(self.item_head, style.Look.ITEM)
        self.item_text = QLabel()
        self.item_text.setWordWrap(True)
        style.apply(self.item_text, style.Look.BODY)
        self.item_req = QLabel()
        self.item_req.setWordWrap(True)
        style.tone(self.item_req, style.Tone.MUTED)
        for w in (self.item_head, self.item_text, self.item_req):
            sl.addWidget(w)
        grid = QGridLayout()
        self.result_buttons = QButtonGroup(self)
        self.result_buttons.setExclusive(True)
        labels = {ItemResult.PASS: self.tr("1  Passed"), ItemResult.FAIL: self.tr("2  Failed"),
                  ItemResult.NA: self.tr("3  Not applicable")}
        self.result_button: dict[ItemResult, QPushButton] = {}
        for n, (res, text) in enumerate(labels.items()):
            b = QPushButton(text)
            b.setCheckable(True)
            b.setObjectName(f"result_{res.value}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _c=False, r=res: self.set_result(r))
            self.result_buttons.addButton(b)
            self.result_button[res] = b
            grid.addWidget(b, 0, n)
        sl.addLayout(grid)
        form = QGridLayout()
        self.points = QDoubleSpinBox()
        self.points.setObjectName("points")
        self.points.setDecimals(1)
        self.points.setSingleStep(0.5)
        self.points.setMinimum(NO_POINTS)
        self.points.setSpecialValueText(self.tr("by result"))
        self.points.editingFinished.connect(self._commit_points)
        self.points.installEventFilter(self)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("What was found (N); Enter saves and goes on"))
        self.note.returnPressed.connect(self._note_entered)
        self.note.editingFinished.connect(self._commit_note)
        form.addWidget(QLabel(self.tr("Points (P)")), 0, 0)
        form.addWidget(self.points, 0, 1)
        form.addWidget(QLabel(self.tr("Note (N)")), 1, 0)
        form.addWidget(self.note, 1, 1)
        sl.addLayout(form)
        photo_row = QHBoxLayout()
        photo_row.addWidget(QLabel(self.tr("Photos (drop picture files here)")), 1)
        self.add_photo = QPushButton(self.tr("Add photos…"))
        self.add_photo.setObjectName("add_photo")
        self.add_photo.clicked.connect(self.pick_photos)
        photo_row.addWidget(self.add_photo)
        sl.addLayout(photo_row)
        self.photos = PhotoStrip()
        self.photos.setObjectName("photos")
        self.photos.files_dropped.connect(self.attach_files)
        sl.addWidget(self.photos)
        self.keys_help = QLabel(self.tr("Keys: 1 passed · 2 failed · 3 not applicable · P points · "
                                        "N note · Enter next item"))
        self.keys_help.setWordWrap(True)
        style.tone(self.keys_help, style.Tone.ACCENT)
        sl.addWidget(self.keys_help)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        sl.addWidget(self.message)
        sl.addStretch(1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        # --- rectification items of a finalised inspection ---
        self.rect_title = QLabel(self.tr("Rectification items"))
        style.apply(self.rect_title, style.Look.SUBHEADING)
        self.rect_model = RectificationModel(self)
        self.rect_table = QTableView()
        self.rect_table.setObjectName("rectifications")
        self.rect_table.setModel(self.rect_model)
        self.rect_table.verticalHeader().hide()
        self.rect_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rect_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rect_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        rect_box = QWidget()
        rl = QVBoxLayout(rect_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.rect_title)
        rl.addWidget(self.rect_table)
        self.rect_box = rect_box
        vsplit = QSplitter(Qt.Orientation.Vertical)
        vsplit.addWidget(split)
        vsplit.addWidget(rect_box)
        vsplit.setStretchFactor(0, 3)
        vsplit.setStretchFactor(1, 1)
        outer.addWidget(vsplit, 1)

        # --- buttons ---
        bar = QHBoxLayout()
        self.back = QPushButton(self.tr("Back to the list"))
        self.back.setObjectName("back")
        self.back.clicked.connect(self.closed.emit)
        self.delete = QPushButton(self.tr("Delete draft"))
        self.delete.setObjectName("delete")
        self.delete.clicked.connect(self.delete_draft)
        self.revise = QPushButton(self.tr("Correct (new revision)"))
        self.revise.setObjectName("revise")
        self.revise.clicked.connect(self.create_revision)
        self.reinspect_date = QDateEdit(qdate(ctx.services.clock.today()))
        self.reinspect_date.setObjectName("reinspect_date")
        self.reinspect_date.setCalendarPopup(True)
        self.reinspect_date.setDisplayFormat("yyyy-MM-dd")
        self.reinspect = QPushButton(self.tr("Re-inspect open items"))
        self.reinspect.setObjectName("reinspect")
        self.reinspect.clicked.connect(self.create_reinspection)
        self.finalise = QPushButton(self.tr("Finalise…"))
        self.finalise.setObjectName("finalise")
        style.apply(self.finalise, style.Look.STRONG)
        self.finalise.clicked.connect(self.request_finalise)
        bar.addWidget(self.back)
        bar.addWidget(self.delete)
        bar.addStretch(1)
        bar.addWidget(self.revise)
        self.reinspect_label = QLabel(self.tr("Re-inspection date"))
        bar.addWidget(self.reinspect_label)
        bar.addWidget(self.reinspect_date)
        bar.addWidget(self.reinspect)
        bar.addWidget(self.finalise)
        outer.addLayout(bar)

    # --- loading ---------------------------------------------------------------------------

    @property
    def is_draft(self) -> bool:
        return self.detail is not None and self.detail.status is InspectionStatus.DRAFT

    def load(self, inspection_id: str) -> None:
        self.ctx.db(lambda op: op.services.inspections.get(inspection_id),
                    on_success=self.show_detail, on_failure=self._error)

    def show_detail(self, d: Any) -> None:
        same = self.detail is not None and self.detail.id == d.id
        row = self.table.currentIndex().row() if same else 0
        self.detail = d
        where = d.estate_name + (self.tr(" building %1").replace("%1", d.building_number)
                                 if d.building_number else "")
        title = self.tr("%1 · %2 · %3 · %4").replace("%1", where).replace(
            "%2", d.template_name).replace("%3", d.inspected_on.isoformat()).replace("%4", d.status_label)
        if d.revision_no > 1:
            title += self.tr(" · revision %1").replace("%1", str(d.revision_no))
        if d.reinspection_of_id:
            title += self.tr(" · re-inspection round %1").replace("%1", str(d.round))
        self.title.setText(title)
        names = "、".join(f"{p.role_label} {p.name}" for p in d.inspectors)
        self.people.setText(self.tr("Inspectors: %1").replace("%1", names or self.tr("(none)"))
                            + ("    " + self.tr("Company: %1").replace("%1", d.company_name)
                               if d.company_name else ""))
        self.model.set_rows(d.items)
        if d.items:
            self.table.selectRow(min(max(row, 0), len(d.items) - 1))
        self._show_score(d.live_score if self.is_draft else None)
        draft = self.is_draft
        for w in (self.delete, self.finalise, self.add_photo, self.photos, self.note, self.points,
                  *self.result_button.values()):
            w.setEnabled(draft)
        self.keys_help.setVisible(draft)
        final = not draft
        self.revise.setVisible(final and not d.reinspection_of_id and not d.superseded)
        for w in (self.reinspect, self.reinspect_date, self.reinspect_label):
            w.setVisible(final)
        self.rect_box.setVisible(final or bool(d.reinspection_of_id))
        self._show_current()
        self.load_rectifications()
        if draft:
            self.table.setFocus()

    def _show_score(self, live: Any) -> None:
        d = self.detail
        if live is not None:
            pct = fmt_number(live.percent) if live.percent is not None else "—"
            left = len(live.unanswered)
            text = self.tr("Score %1 · %2 items left").replace("%1", pct).replace("%2", str(left))
        elif d is not None:
            verdict = "" if d.score is None else d.result_label
            text = self.tr("Score %1 · %2").replace("%1", fmt_number(d.score) or "—").replace("%2", verdict)
        else:
            text = ""
        self.score.setText(text)

    def load_rectifications(self) -> None:
        d = self.detail
        if d is None:
            return
        # any inspection of a chain gives the chain's items (the service applies the ownership rule)
        key = d.id
        self.ctx.db(lambda op: op.services.inspections.rectifications(inspection_id=key),
                    on_success=self._show_rects)

    def _show_rects(self, rows: list[Any]) -> None:
        self.rect_model.set_rows(rows)
        open_n = sum(1 for r in rows if r.status.value == "open")
        self.rect_title.setText(self.tr("Rectification items: %1, %2 still open").replace(
            "%1", str(len(rows))).replace("%2", str(open_n)))
        self.reinspect.setEnabled(open_n > 0)

    # --- the current item ------------------------------------------------------------------

    def current_item(self) -> Any:
        return self.model.row_object(self.table.currentIndex().row())

    def _show_current(self) -> None:
        it = self.current_item()
        if it is None:
            return
        head = f"{it.code} · {it.section}"
        if it.critical:
            head += self.tr(" · critical item")
        self.item_head.setText(head)
        self.item_text.setText(it.text)
        self.item_req.setText(it.requirement or "")
        self.result_buttons.setExclusive(False)
        for res, b in self.result_button.items():
            b.setChecked(it.result is res)
        self.result_buttons.setExclusive(True)
        self.result_button[ItemResult.NA].setEnabled(self.is_draft and it.na_allowed)
        self.points.blockSignals(True)
        self.points.setMaximum(it.max_points)
        self.points.setValue(NO_POINTS if it.points is None else it.points)
        self.points.blockSignals(False)
        self.note.blockSignals(True)
        self.note.setText(it.note or "")
        self.note.blockSignals(False)
        self.photos.show_photos(it.photos)

    def next_item(self) -> None:
        row = self.table.currentIndex().row()
        if row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)
        else:
            self.message.setText(self.tr("Last item. Press Finalise when every item is answered."))
        self.table.setFocus()

    # --- recording -------------------------------------------------------------------------

    def _set(self, code: str, **kw: Any) -> None:
        if not self.is_draft:
            return
        assert self.detail is not None
        self.ctx.db(ops.set_item(self.detail.id, code, **kw), on_success=self._updated,
                    on_failure=self._error)

    def _updated(self, u: Any) -> None:
        self.message.clear()
        self.model.replace(u.item)
        cur = self.current_item()
        if cur is not None and cur.code == u.item.code:
            self._show_current()
        self._show_score(u.score)

    def _error(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):  # InspectionError, PhotoError…: said in the form itself
            self.message.setText(style.span(exc.with_hint(), style.Tone.ERROR))
        else:
            self.ctx.runner.default_failure(exc)
        if self.detail is not None:
            self._show_current()

    def set_result(self, result: ItemResult) -> None:
        it = self.current_item()
        if it is not None:
            self._set(it.code, result=result)

    def _commit_points(self) -> None:
        it = self.current_item()
        if it is None or not self.is_draft:
            return
        v = self.points.value()
        new = None if v <= NO_POINTS else v
        if new != it.points:
            self._set(it.code, points=new)

    def _commit_note(self) -> None:
        it = self.current_item()
        if it is None or not self.is_draft:
            return
        text = self.note.text().strip()
        if text != (it.note or ""):
            self._set(it.code, note=text)

    def _note_entered(self) -> None:
        self._commit_note()
        self.next_item()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(obj, event)
        key = event.key()
        if obj is self.points and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._commit_points()
            self.next_item()
            return True
        if obj is not self.table or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return super().eventFilter(obj, event)
        if key in KEY_RESULTS and self.is_draft:
            self.set_result(KEY_RESULTS[key])  # type: ignore[index]
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_item()
            return True
        if key == Qt.Key.Key_N and self.is_draft:
            self.note.setFocus()
            self.note.selectAll()
            return True
        if key == Qt.Key.Key_P and self.is_draft:
            self.points.setFocus()
            self.points.selectAll()
            return True
        return super().eventFilter(obj, event)

    # --- photos ----------------------------------------------------------------------------

    def pick_photos(self) -> None:
        if dialogs.dialogs_disabled():
            return
        files, _f = QFileDialog.getOpenFileNames(
            self, self.tr("Attach photos"), "",
            self.tr("Pictures (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)"))
        if files:
            self.attach_files([Path(f) for f in files])

    def attach_files(self, paths: list[Path]) -> None:
        it = self.current_item()
        if it is None or not self.is_draft:
            return
        assert self.detail is not None
        self.message.setText(self.tr("Attaching %1 photos…").replace("%1", str(len(paths))))
        self.ctx.db(ops.attach_photos(self.detail.id, it.code, list(paths)),
                    on_success=self._photos_attached, on_failure=self._error)

    def _photos_attached(self, d: Any) -> None:
        self.message.clear()
        self.show_detail(d)

    # --- finalising, revisions, re-inspections ---------------------------------------------

    def request_finalise(self) -> None:
        if not self.is_draft:
            return
        self._commit_note()
        assert self.detail is not None
        iid = self.detail.id
        self.ctx.db(lambda op: op.services.inspections.preview(iid), on_success=self._confirm,
                    on_failure=self._error)

    def _confirm(self, preview: Any) -> None:
        dlg = FinaliseDialog(preview, self)
        dlg.accepted.connect(lambda: self.do_finalise(dlg.deadlines(), dlg.requirements()))
        self.finalise_dialog = dlg
        dlg.open()

    def do_finalise(self, deadlines: dict[str, date], requirements: dict[str, str] | None = None) -> None:
        assert self.detail is not None
        self.ctx.db(ops.finalise(self.detail.id, deadlines, requirements), on_success=self._finalised,
                    on_failure=self._error)

    def _finalised(self, result: Any) -> None:
        self.last_result = result
        self.show_detail(result.inspection)
        parts = [self.tr("Finalised.")]
        if result.opened:
            parts.append(self.tr("%1 rectification items opened.").replace("%1", str(len(result.opened))))
        if result.rectified:
            parts.append(self.tr("%1 items rectified.").replace("%1", str(len(result.rectified))))
        if result.escalated:
            parts.append(self.tr("%1 items escalated to the county.").replace("%1", str(len(result.escalated))))
        self.message.setText(" ".join(parts))
        self.finalised.emit(result.inspection.id)

    def create_revision(self) -> None:
        assert self.detail is not None
        self.ctx.db(ops.create_revision(self.detail.id), on_success=self.show_detail,
                    on_failure=self._error)

    def create_reinspection(self) -> None:
        assert self.detail is not None
        on = pydate(self.reinspect_date.date())
        self.ctx.db(ops.create_reinspection(self.detail.id, on), on_success=self.show_detail,
                    on_failure=self._error)

    def delete_draft(self) -> None:
        if not self.is_draft:
            return
        answer = dialogs.ask(self, self.tr("Delete draft"),
                             self.tr("Delete this draft inspection? Its answers will be lost."))
        if answer != dialogs.Button.Yes:
            return
        assert self.detail is not None
        self.ctx.db(ops.delete_draft(self.detail.id), on_success=lambda _r: self.closed.emit(),
                    on_failure=self._error)

    def flush(self) -> None:
        """Save what is typed but not yet committed (Ctrl+S, leaving the form)."""
        if self.is_draft:
            self._commit_note()
            self._commit_points()
