"""文书: choose a document and its targets, fill its fields, preview, print, save as PDF.

Every document is produced by :class:`~wuye_desktop.services.printing.PrintService` on the
database thread (an operation from :mod:`.document_jobs`, submitted with ``ctx.db``), into
memory for the preview or into the chosen file for 另存为; batches report progress and can be
cancelled. The preview and the printer both draw the
same PDF bytes, so what is previewed is what is printed.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..printing import PrintCancelled, PrintError
from ..services.printing import DocumentField, PrintResult
from ..tasks import OpContext, Task
from . import ScreenSpec, document_jobs, style
from .context import UiContext
from .dialogs import dialogs_disabled
from .document_jobs import DECORATION, NOTICE, RECTIFICATION, REPORT, SERVICE, PrintRequest
from .office_dialog import OfficeDialog
from .pdf_preview import PdfPreview
from .pdf_print import print_pdf
from .screen import Screen

log = logging.getLogger(__name__)
T = TypeVar("T")

ID_ROLE = Qt.ItemDataRole.UserRole


class DocumentsScreen(Screen):
    """The 文书 screen. Public attributes are used by tests and screenshots."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.task: Task | None = None
        self._after_preview: Callable[[], None] | None = None
        self._printer: QPrinter | None = None
        #: pages the last print sent; the progress bar's unit (buildings, or pages when printing)
        self.printed = 0
        self._unit = ""
        self._loaded = False
        self.field_edits: dict[str, QLineEdit] = {}
        #: a notice to prefill once the choices are loaded (template, estate, values)
        self._prefill: tuple[str, str, dict[str, str]] | None = None

        # --- left: what to print -----------------------------------------------------------
        left = QWidget()
        form = QVBoxLayout(left)
        self.kind = QComboBox()
        for key, label in ((NOTICE, self.tr("Notice to residents (one page per building)")),
                           (RECTIFICATION, self.tr("Rectification notice")),
                           (REPORT, self.tr("Inspection report")),
                           (SERVICE, self.tr("Property service contract")),
                           (DECORATION, self.tr("Decoration management agreement"))):
            self.kind.addItem(label, key)
        form.addWidget(QLabel(self.tr("Document")))
        form.addWidget(self.kind)

        self.targets = QStackedWidget()
        # notices: template, estates (ticked), buildings of a single ticked estate
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        self.template = QComboBox()
        pl.addWidget(QLabel(self.tr("Template")))
        pl.addWidget(self.template)
        self.all_estates = QCheckBox(self.tr("All estates"))
        pl.addWidget(self.all_estates)
        self.estate_list = QListWidget()
        self.estate_list.setAccessibleName(self.tr("Estates"))
        pl.addWidget(self.estate_list, 2)
        self.building_label = QLabel(self.tr("Buildings (when one estate is ticked)"))
        pl.addWidget(self.building_label)
        self.building_list = QListWidget()
        pl.addWidget(self.building_list, 2)
        self.blank_lead = QCheckBox(self.tr("Leave a missing building lead blank to fill by hand"))
        self.per_building = QCheckBox(self.tr("Save one PDF per building"))
        pl.addWidget(self.blank_lead)
        pl.addWidget(self.per_building)
        self.targets.addWidget(page)
        # inspections: a finalised inspection, 一式三联
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        self.inspection_search = QLineEdit()
        self.inspection_search.setPlaceholderText(self.tr("Filter by estate name"))
        pl.addWidget(QLabel(self.tr("Finalised inspection")))
        pl.addWidget(self.inspection_search)
        self.inspection_list = QListWidget()
        pl.addWidget(self.inspection_list, 1)
        self.three_copies = QCheckBox(self.tr("Three copies (stub, company, filing)"))
        self.three_copies.setChecked(True)
        pl.addWidget(self.three_copies)
        self.targets.addWidget(page)
        # contracts: one estate
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(0, 0, 0, 0)
        self.contract_estate = QComboBox()
        pl.addWidget(QLabel(self.tr("Estate")))
        pl.addWidget(self.contract_estate)
        pl.addStretch(1)
        self.targets.addWidget(page)
        form.addWidget(self.targets, 3)

        self.fields_box = QGroupBox(self.tr("Fill in"))
        self.fields_form = QFormLayout()
        inner = QWidget()
        inner.setLayout(self.fields_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        box_lay = QVBoxLayout(self.fields_box)
        box_lay.setContentsMargins(4, 4, 4, 4)
        box_lay.addWidget(scroll)
        form.addWidget(self.fields_box, 2)

        buttons = QHBoxLayout()
        self.preview_btn = QPushButton(self.tr("Preview"))
        self.print_btn = QPushButton(self.tr("Print…"))
        self.save_btn = QPushButton(self.tr("Save as PDF…"))
        for b in (self.preview_btn, self.print_btn, self.save_btn):
            buttons.addWidget(b)
        form.addLayout(buttons)
        self.office_btn = QPushButton(self.tr("Issuing office…"))
        self.office_btn.setToolTip(self.tr("The office's address, phone and contact person printed on notices"))
        form.addWidget(self.office_btn)
        self.message = QLabel()
        self.message.setWordWrap(True)
        # two lines reserved: a status text appearing does not re-lay out the window (see below)
        self.message.setMinimumHeight(2 * self.message.fontMetrics().lineSpacing())
        form.addWidget(self.message)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.cancel_btn = QPushButton(self.tr("Cancel"))
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_btn)
        for w in (self.progress, self.cancel_btn):
            # showing them must not re-lay out the window: that would re-render the preview on
            # the GUI thread while a print job holds the PDF renderer
            policy = w.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            w.setSizePolicy(policy)
        form.addLayout(progress_row)
        self._set_busy(False)

        # --- right: preview ----------------------------------------------------------------
        self.preview = PdfPreview()
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 640])
        lay = QVBoxLayout(self)
        lay.addWidget(splitter)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.template.currentIndexChanged.connect(self._rebuild_fields)
        self.all_estates.toggled.connect(self._all_toggled)
        self.estate_list.itemChanged.connect(self._estates_changed)
        self.inspection_search.textChanged.connect(self._load_inspections)
        self.preview_btn.clicked.connect(self.render_preview)
        self.office_btn.clicked.connect(self.edit_office)
        self.print_btn.clicked.connect(self.print_)
        self.save_btn.clicked.connect(self.save_as)
        self.cancel_btn.clicked.connect(self.cancel)
        ctx.runner.task_progress.connect(self._on_progress)

    # --- Screen hooks --------------------------------------------------------------------------

    def prefill_notice(self, template_id: str, estate_id: str, values: dict[str, str]) -> None:
        """Choose a notice template, tick one estate and fill the fields (from a recorded survey);
        applied once the choices are loaded."""
        self._prefill = (template_id, estate_id, dict(values))
        if getattr(self, "_templates", None) is not None:
            self._apply_prefill()
        else:
            self.activate()

    def _apply_prefill(self) -> None:
        prefill, self._prefill = self._prefill, None
        if prefill is None:
            return
        template_id, estate_id, values = prefill
        self.kind.setCurrentIndex(max(self.kind.findData(NOTICE), 0))
        self.template.setCurrentIndex(max(self.template.findData(template_id), 0))
        self.all_estates.setChecked(False)
        self.estate_list.blockSignals(True)
        for i in range(self.estate_list.count()):
            it = self.estate_list.item(i)
            on = it.data(ID_ROLE) == estate_id
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.estate_list.blockSignals(False)
        self._estates_changed()
        self._rebuild_fields()
        self.set_values(values)

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._load_choices()

    def can_print(self) -> bool:
        return True  # without a preview yet, Ctrl+P builds one first

    def print_(self) -> None:
        """打印 (Ctrl+P): print the preview, building it first when there is none. A
        rectification notice's preview has no number: printing renders it again with one (a
        reprint keeps the number first taken)."""
        if self.current_kind() == RECTIFICATION:
            self.render_preview(then=self._print_dialog, numbered=True)
        elif self.preview.page_count_():
            self._print_dialog()
        else:
            self.render_preview(then=self._print_dialog)

    # --- loading choices -----------------------------------------------------------------------

    def _load_choices(self) -> None:
        def work(op: OpContext) -> tuple[list[Any], list[Any]]:
            svc = op.services.printing
            return svc.templates(), svc.estates()

        self.ctx.db(work, on_success=self._choices_loaded, on_failure=self._failed)

    def _choices_loaded(self, result: tuple[list[Any], list[Any]]) -> None:
        templates, estates = result
        self.template.blockSignals(True)
        self.template.clear()
        self._templates = {t.id: t for t in templates}
        for t in templates:
            self.template.addItem(f"{t.name}（{t.kind}）", t.id)
        self.template.blockSignals(False)
        self.estate_list.blockSignals(True)
        self.estate_list.clear()
        self.contract_estate.clear()
        for e in estates:
            item = QListWidgetItem(self.tr("%1 (%2 buildings)").replace("%1", e.name).replace("%2", str(e.buildings)))
            item.setData(ID_ROLE, e.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.estate_list.addItem(item)
            self.contract_estate.addItem(e.name, e.id)
        if self.estate_list.count():
            self.estate_list.item(0).setCheckState(Qt.CheckState.Checked)
        self.estate_list.blockSignals(False)
        self._estates_changed()
        self._rebuild_fields()
        self._load_inspections()
        self._apply_prefill()

    def _load_inspections(self) -> None:
        search = self.inspection_search.text().strip()
        self.ctx.db(lambda op: op.services.printing.finalised_inspections(search),
                    on_success=self._inspections_loaded, on_failure=self._failed)

    def _inspections_loaded(self, rows: list[Any]) -> None:
        self.inspection_list.clear()
        for r in rows:
            item = QListWidgetItem(r.label)
            item.setData(ID_ROLE, r.id)
            self.inspection_list.addItem(item)
        # Failed ones are what a rectification notice is printed for: select the newest.
        first = next((i for i, r in enumerate(rows) if r.failed), 0)
        if rows:
            self.inspection_list.setCurrentRow(first)

    def checked_estates(self) -> list[str]:
        return [self.estate_list.item(i).data(ID_ROLE) for i in range(self.estate_list.count())
                if self.estate_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_estates_checked(self, names: list[str] | None) -> None:
        """Tick the estates whose names are given (None ticks all); used by tests and scripts."""
        self.estate_list.blockSignals(True)
        for i in range(self.estate_list.count()):
            it = self.estate_list.item(i)
            on = names is None or any(it.text().startswith(n) for n in names)
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.estate_list.blockSignals(False)
        self._estates_changed()

    def _all_toggled(self, on: bool) -> None:
        self.estate_list.setEnabled(not on)
        self._estates_changed()

    def _estates_changed(self, *_args: Any) -> None:
        ids = self.checked_estates()
        single = len(ids) == 1 and not self.all_estates.isChecked()
        self.building_list.clear()
        self.building_list.setEnabled(single)
        self.building_label.setEnabled(single)
        if single:
            estate_id = ids[0]
            self.ctx.db(lambda op: op.services.printing.buildings(estate_id),
                        on_success=self._buildings_loaded, on_failure=self._failed)

    def _buildings_loaded(self, rows: list[Any]) -> None:
        self.building_list.clear()
        for b in rows:
            text = f"{b.number}　{b.lead}" if b.lead else f"{b.number}　" + self.tr("(no lead registered)")
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, b.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.building_list.addItem(item)

    # --- fields --------------------------------------------------------------------------------

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _kind_changed(self) -> None:
        k = self.current_kind()
        self.targets.setCurrentIndex(0 if k == NOTICE else 1 if k in (RECTIFICATION, REPORT) else 2)
        self.three_copies.setVisible(k == RECTIFICATION)
        self._rebuild_fields()
        self.preview.clear()

    def _fields(self) -> list[DocumentField]:
        k = self.current_kind()
        svc = self.ctx.services.printing
        if k == NOTICE:
            tid = self.template.currentData()
            tpl = getattr(self, "_templates", {}).get(tid)
            return svc.template_fields(tpl) if tpl is not None else []
        if k in (SERVICE, DECORATION):
            return svc.contract_fields(k)
        if k == RECTIFICATION:
            return [DocumentField(document_jobs.BASIS_FIELD, self.tr("Legal basis"), False, "",
                                  self.tr("Leave empty to cite the basis the inspection template names."))]
        return []

    def _rebuild_fields(self) -> None:
        # Keep what the user typed when a field of the same name comes back (e.g. 公示天数).
        typed = {k: e.text() for k, e in self.field_edits.items()}
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.field_edits = {}
        fields = self._fields()
        for f in fields:
            edit = QLineEdit(typed.get(f.key) or f.default)
            edit.setPlaceholderText(f.hint or (self.tr("e.g. 2026-12-01") if f.kind == "date" else ""))
            edit.setToolTip(f.hint)
            label = QLabel(f.label + ("＊" if f.required else ""))
            label.setWordWrap(True)
            self.fields_form.addRow(label, edit)
            self.field_edits[f.key] = edit
        self.fields_box.setVisible(bool(fields))

    def values(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.field_edits.items()}

    def set_values(self, values: dict[str, str]) -> None:
        for k, v in values.items():
            if k in self.field_edits:
                self.field_edits[k].setText(v)

    # --- producing documents -------------------------------------------------------------------

    def request(self) -> PrintRequest:
        """The current choices as plain values (raises PrintError for a missing choice)."""
        k, values = self.current_kind(), self.values()
        if k == NOTICE:
            estates = None if self.all_estates.isChecked() else self.checked_estates()
            if estates is not None and not estates:
                raise PrintError(self.tr("Tick at least one estate."))
            buildings = None
            if self.building_list.isEnabled() and self.building_list.count():
                items = [self.building_list.item(i) for i in range(self.building_list.count())]
                buildings = [it.data(ID_ROLE) for it in items if it.checkState() == Qt.CheckState.Checked]
                if not buildings:
                    raise PrintError(self.tr("Tick at least one building."))
            return PrintRequest(k, values, template_id=self.template.currentData(), estate_ids=estates,
                                building_ids=buildings,
                                missing_lead="blank" if self.blank_lead.isChecked() else "error")
        if k in (RECTIFICATION, REPORT):
            item = self.inspection_list.currentItem()
            if item is None:
                raise PrintError(self.tr("Choose a finalised inspection."))
            return PrintRequest(k, values, inspection_id=item.data(ID_ROLE),
                                three_copies=self.three_copies.isChecked())
        eid = self.contract_estate.currentData()
        if not eid:
            raise PrintError(self.tr("Choose an estate."))
        return PrintRequest(k, values, estate_id=eid)

    def _job(self, out: Any, per_building: bool = False) -> Callable[[OpContext], PrintResult]:
        """The operation for the current choices (read here, on the GUI thread)."""
        return document_jobs.job(self.request(), out, per_building)

    def _start(self, job: Callable[[OpContext], T], on_success: Callable[[T], object],
               label: str) -> None:
        style.tone(self.message, style.Tone.NORMAL)
        self.message.setText(label)
        self._set_busy(True)
        self._unit = self.tr("%v of %m buildings")
        self.task = self.ctx.db(job, label=label, on_success=on_success, on_failure=self._failed)

    def render_preview(self, *_args: Any, then: Callable[[], None] | None = None,
                       numbered: bool = False) -> None:
        """Build the document in memory and show it; ``then`` runs once it is shown. Only a
        ``numbered`` rendering (for printing) takes a rectification notice's number."""
        if self.task is not None:
            return
        buf = io.BytesIO()
        try:
            job = document_jobs.job(self.request(), buf, preview=not numbered)
        except PrintError as exc:
            self.preview.clear()  # a refused document must not look printable beside its refusal
            self._show_error(str(exc))
            return
        self._after_preview = then

        def work(op: OpContext) -> tuple[PrintResult, bytes]:
            return job(op), buf.getvalue()

        self._start(work, self._preview_ready, self.tr("Preparing the preview…"))

    def _preview_ready(self, result: tuple[PrintResult, bytes]) -> None:
        self._set_busy(False)
        res, data = result
        pages = self.preview.load(data)
        text = self.tr("%n page(s)", "", pages)
        if res.number:
            text += "，" + self.tr("notice number %1").replace("%1", res.number)
            if res.reused_number:
                text += self.tr(" (number kept from the first print)")
        self.message.setText("\n".join([text, *res.warnings]))
        then, self._after_preview = self._after_preview, None
        if then is not None:
            then()

    def save_as(self) -> None:
        """另存为 PDF: a file, or a folder when each building gets its own PDF."""
        if self.task is not None:
            return
        per_building = self.current_kind() == NOTICE and self.per_building.isChecked()
        if dialogs_disabled():
            return  # scripted runs call save_to() directly
        if per_building:
            target = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder for the PDFs"))
        else:
            target, _f = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), self._suggested_name(),
                                                     self.tr("PDF files (*.pdf)"))
        if target:
            self.save_to(Path(target), per_building)

    def _suggested_name(self) -> str:
        k = self.current_kind()
        if k == NOTICE:
            return f"{self.template.currentText().split('（')[0]}.pdf"
        return f"{self.kind.currentText()}.pdf"

    def save_to(self, target: Path, per_building: bool = False) -> None:
        try:
            job = self._job(target, per_building)
        except PrintError as exc:
            self._show_error(str(exc))
            return

        def done(res: PrintResult) -> None:
            self._set_busy(False)
            where = str(target)
            self.message.setText(self.tr("Saved %1 page(s) to %2").replace("%1", str(res.pages)).replace("%2", where))
            self.saved = res

        self._start(job, done, self.tr("Saving…"))

    def edit_office(self) -> OfficeDialog:
        """发文单位信息: the details notices print (shown modeless; tests drive it directly)."""
        dialog = OfficeDialog(self.ctx, self)
        dialog.setModal(True)
        dialog.show()
        return dialog

    # --- printing ------------------------------------------------------------------------------

    def _print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.kind.currentText())
        if dialogs_disabled():
            log.info("[dialog] print dialog suppressed")
            return
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.preview.page_count_()))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Send the previewed document to ``printer`` on the worker thread (A4 at 100 %, grey,
        with progress and cancel); the window stays responsive. ``self.printed`` is the count."""
        if self.task is not None:
            return
        data = self.preview.data
        self._printer = printer  # kept alive (and untouched here) until the job reports back

        def work(op: OpContext) -> int:
            return print_pdf(data, printer, op.report, op.cancelled)

        def done(sent: int) -> None:
            self._set_busy(False)
            self._printer = None
            self.printed = sent
            style.tone(self.message, style.Tone.NORMAL)
            self.message.setText(self.tr("Sent %n page(s) to the printer.", "", sent))

        def failed(exc: BaseException) -> None:
            self._printer = None
            if isinstance(exc, PrintCancelled):
                self._set_busy(False)
                self.message.setText(self.tr("Printing cancelled."))
                return
            if isinstance(exc, OSError):
                self._set_busy(False)
                self._show_error(self.tr("Printing failed: %1. Check that the printer is on and try again.")
                                 .replace("%1", str(exc)))
                return
            self._failed(exc)

        style.tone(self.message, style.Tone.NORMAL)
        self.message.setText(self.tr("Printing…"))
        self._unit = self.tr("%v of %m pages")
        self._set_busy(True)
        self.task = self.ctx.net(work, label=self.tr("Printing"), on_success=done, on_failure=failed)

    # --- progress, cancel, errors --------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_btn.setVisible(busy)
        self.progress.setRange(0, 0)
        for b in (self.preview_btn, self.print_btn, self.save_btn):
            b.setEnabled(not busy)
        if not busy:
            self.task = None

    def _on_progress(self, task: Task, done: int, total: int) -> None:
        if task is self.task:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(self._unit)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._after_preview = None
        if isinstance(exc, PrintCancelled):
            style.tone(self.message, style.Tone.NORMAL)
            self.message.setText(self.tr("Cancelled; nothing was saved."))
        elif isinstance(exc, PrintError):
            self.preview.clear()
            self._show_error(exc.with_hint())  # what to fill or change, not only what is wrong
        elif isinstance(exc, OSError):
            self._show_error(self.tr("The file could not be written: %1. Close it in other programs and check "
                                 "that the folder is writable.").replace("%1", str(exc)))
        else:
            self.ctx.runner.default_failure(exc)

    def _show_error(self, text: str) -> None:
        style.tone(self.message, style.Tone.ERROR)
        self.message.setText(text)


def screens(ctx: UiContext) -> list[ScreenSpec]:
    title = QCoreApplication.translate("DocumentsScreen", "Documents")
    tip = QCoreApplication.translate("DocumentsScreen", "Notices, rectification notices, contracts, reports")
    return [ScreenSpec("documents", title, DocumentsScreen, order=80, tooltip=tip)]
