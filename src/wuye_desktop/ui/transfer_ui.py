"""Import and export from the GUI: file dialogs, a cancellable progress dialog, the preview,
the report.

Imports are all-or-nothing (see services/transfer.py) and show what they will do before writing
anything (新增 / 更新 field: old → new / 没有变化); the report lists every problem with sheet, row
and column so the worker can fix the Excel file and try again.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.fields import SPECS
from ..domain.import_mapping import ImportMapping
from ..domain.privacy import PrivacyPolicy
from ..services.transfer import (
    NEW,
    UNCHANGED,
    UPDATE,
    Cancelled,
    ImportPlan,
    ImportReport,
    PlanOutdated,
    format_value,
)
from ..tasks import OpContext
from . import dialogs, ops, style
from .context import UiContext
from .import_mapping_ui import MappingTabs

log = logging.getLogger(__name__)

FILE_FILTER_KEY = "transfer/last_dir"


class ReportDialog(QDialog):
    """The import report, readable and savable (保存报告)."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("Import succeeded") if report.ok else self.tr("Nothing was imported"))
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("The file was imported.") if report.ok else
                      self.tr("The file has problems. To keep the registers complete, nothing was "
                              "imported. Correct the cells listed below in Excel and import again."))
        head.setWordWrap(True)
        style.apply(head, style.Look.STRONG, style.Tone.NORMAL if report.ok else style.Tone.ERROR)
        lay.addWidget(head)
        self.text = QPlainTextEdit(report.text())
        self.text.setObjectName("report_text")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        f = QFont(self.text.font())
        f.setPointSize(f.pointSize() + 1)
        self.text.setFont(f)
        lay.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(self.tr("Save report…"))
        self.save_button.clicked.connect(self.save_report)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(720, 460)

    def save_report(self) -> Path | None:
        return save_report(self, self.report.path, self.report.text())


def save_report(parent: QWidget, source: Path, text: str) -> Path | None:
    """Ask where, and save an import report or problem list next to the file."""
    default = source.with_name(source.stem + "-导入报告.txt")
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("ReportDialog", "Save report"), str(default),
        QCoreApplication.translate("ReportDialog", "Text files (*.txt)"))
    if not path:
        return None
    try:
        # UTF-8 with BOM: Notepad on older Windows then shows the Chinese correctly.
        Path(path).write_text(text, encoding="utf-8-sig")
    except OSError as exc:
        dialogs.warn(parent, QCoreApplication.translate("ReportDialog", "Could not save"),
                     QCoreApplication.translate(
                         "ReportDialog", "The report could not be saved: %1. Choose another folder.")
                     .replace("%1", exc.strerror or str(exc)))
        return None
    return Path(path)


class PreviewDialog(QDialog):
    """What an import will do, before anything is written: counts at the top, then every row
    (new / updated with each field old → new / unchanged), 确认导入 or 取消.

    The plan shown is the plan applied (see TransferService.apply); toggling 空白单元格清空原有内容
    asks for a new plan (``blank_clears_changed``) and shows it with :meth:`set_plan`."""

    blank_clears_changed = Signal(bool)
    mapping_changed = Signal(object)  # ImportMapping

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Import preview"))
        lay = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("preview_summary")
        self.summary.setWordWrap(True)
        style.apply(self.summary, style.Look.STRONG)
        lay.addWidget(self.summary)
        note = QLabel(self.tr("Nothing has been written yet. Columns the file does not have are "
                              "left unchanged. Check how the columns and values are read and the "
                              "changes below, then confirm."))
        note.setWordWrap(True)
        lay.addWidget(note)
        self.remembered_note = QLabel(self.tr("The columns and values are read as you chose last "
                                              "time for a file with these headers; change them "
                                              "under 列对应 / 值对应 if needed."))
        self.remembered_note.setObjectName("remembered_note")
        self.remembered_note.setWordWrap(True)
        style.tone(self.remembered_note, style.Tone.ACCENT)
        lay.addWidget(self.remembered_note)
        self.blank_clears = QCheckBox(self.tr("Blank cells clear the stored value"))
        self.blank_clears.setObjectName("blank_clears")
        self.blank_clears.setToolTip(self.tr("Off (the default): a blank cell keeps what the "
                                             "register has."))
        self.blank_clears.setChecked(plan.blank_clears)
        self.blank_clears.toggled.connect(self._on_blank_clears)
        lay.addWidget(self.blank_clears)
        # Rows that give an estate a black-listed company: listed, and confirmed explicitly.
        self.blacklist_note = QLabel()
        self.blacklist_note.setObjectName("blacklist_note")
        self.blacklist_note.setWordWrap(True)
        style.apply(self.blacklist_note, style.Look.STRONG, style.Tone.ERROR)
        lay.addWidget(self.blacklist_note)
        self.allow_blacklisted = QCheckBox(self.tr("I confirm: these estates are to be served by "
                                                   "black-listed companies"))
        self.allow_blacklisted.setObjectName("allow_blacklisted")
        self.allow_blacklisted.setChecked(plan.allow_blacklisted)
        self.allow_blacklisted.toggled.connect(self._on_allow_blacklisted)
        lay.addWidget(self.allow_blacklisted)
        # Lead cells naming two people: planned as two leads, written once confirmed.
        self.split_note = QLabel()
        self.split_note.setObjectName("split_note")
        self.split_note.setWordWrap(True)
        style.apply(self.split_note, style.Look.STRONG, style.Tone.WARNING)
        lay.addWidget(self.split_note)
        self.confirm_split = QCheckBox(self.tr("I confirm: a cell with two names is two building "
                                               "leads of the same building"))
        self.confirm_split.setObjectName("confirm_split")
        self.confirm_split.setChecked(plan.confirm_split)
        self.confirm_split.toggled.connect(self._on_confirm_split)
        lay.addWidget(self.confirm_split)
        self.tree = QTreeWidget()
        self.tree.setObjectName("preview_tree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("Record / field"), self.tr("Where"),
                                   self.tr("Stored now"), self.tr("After import")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tabs = MappingTabs(self.tree)
        self.tabs.mapping_changed.connect(self._on_mapping)
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(self.tr("Confirm import"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setObjectName("confirm_import")
        self.cancel_button = buttons.addButton(self.tr("Cancel"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancel_import")
        self.save_button = buttons.addButton(self.tr("Save problem list…"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save_report)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(820, 560)
        self.set_plan(plan)

    def _on_blank_clears(self, checked: bool) -> None:
        # The shown plan no longer matches the choice: no confirming until the new one is here.
        self.confirm_button.setEnabled(False)
        self.summary.setText(self.tr("Recomputing the preview…"))
        self.blank_clears_changed.emit(checked)

    def _on_mapping(self, mapping: object) -> None:
        self.confirm_button.setEnabled(False)
        self.summary.setText(self.tr("Recomputing the preview…"))
        self.mapping_changed.emit(mapping)

    def _on_allow_blacklisted(self, checked: bool) -> None:
        self.plan.allow_blacklisted = checked
        self._enable_confirm()

    def _on_confirm_split(self, checked: bool) -> None:
        self.plan.confirm_split = checked
        self._enable_confirm()

    def save_report(self) -> Path | None:
        return save_report(self, self.plan.report.path, self.plan.text())

    def _enable_confirm(self) -> None:
        p = self.plan
        self.confirm_button.setEnabled(p.ok and p.writes and not p.needs_confirmation
                                       and not p.needs_split_confirmation)
        if not p.ok:
            tip = self.tr("Correct the problems first (choose the values, fix the cells).")
        elif not p.writes:
            tip = self.tr("The file matches the registers: nothing to import.")
        elif p.needs_confirmation:
            tip = self.tr("Tick the confirmation about black-listed companies first.")
        elif p.needs_split_confirmation:
            tip = self.tr("Tick the confirmation about two names in one cell first.")
        else:
            tip = ""
        self.confirm_button.setToolTip(tip)

    def set_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        p = plan
        p.allow_blacklisted = self.allow_blacklisted.isChecked()
        how = self.tr("tick the confirmation below")
        self.blacklist_note.setText("\n".join(p.blacklist_lines(how)))
        self.blacklist_note.setVisible(bool(p.blacklisted))
        self.allow_blacklisted.setVisible(bool(p.blacklisted))
        p.confirm_split = self.confirm_split.isChecked()
        self.split_note.setText("\n".join(c.text for c in p.confirmations))
        self.split_note.setVisible(bool(p.confirmations))
        self.confirm_split.setVisible(bool(p.confirmations))
        self.remembered_note.setVisible(p.remembered)
        self.save_button.setVisible(bool(p.report.problems))
        if p.ok:
            self.summary.setText(self.tr("%1 new, %2 updated, %3 unchanged. (%4)")
                                 .replace("%1", str(p.count(NEW)))
                                 .replace("%2", str(p.count(UPDATE)))
                                 .replace("%3", str(p.count(UNCHANGED))).replace("%4", p.summary()))
        else:
            self.summary.setText(self.tr("%1 problems must be corrected before importing: choose "
                                         "the values asked, decide each duplicate group, change a "
                                         "column's field, or type the correct value next to a "
                                         "problem.")
                                 .replace("%1", str(len(p.report.errors))))
        self.tabs.set_plan(p)
        self.tree.clear()
        groups = ((UPDATE, self.tr("Updated (%1)")), (NEW, self.tr("New (%1)")),
                  (UNCHANGED, self.tr("Unchanged (%1)")))
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for action, title in groups:
            entries = [e for e in p.entries if e.action == action]
            group = QTreeWidgetItem(self.tree, [title.replace("%1", str(len(entries)))])
            group.setFont(0, bold)
            group.setData(0, Qt.ItemDataRole.UserRole, action)
            for e in entries:
                item = QTreeWidgetItem(group, [f"{SPECS[e.kind].label}“{e.key}”", e.where()])
                if action == UPDATE:
                    for c in e.changes:
                        QTreeWidgetItem(item, [c.label, "", format_value(c.old),
                                               format_value(c.new)])
                    item.setExpanded(True)
            group.setExpanded(action != UNCHANGED or len(entries) <= 50)
        for col, width in enumerate((300, 170, 150)):
            self.tree.setColumnWidth(col, width)
        self._enable_confirm()

    def change_texts(self) -> list[str]:
        """Every "field：old → new" line shown (for tests and for reading aloud)."""
        out: list[str] = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None or group.data(0, Qt.ItemDataRole.UserRole) != UPDATE:
                continue
            for j in range(group.childCount()):
                rec = group.child(j)
                fields = [rec.child(k) for k in range(rec.childCount())] if rec is not None else []
                out += [f"{f.text(0)}：{f.text(2)} → {f.text(3)}" for f in fields if f is not None]
        return out


class ImportFlow(QObject):
    """Pick a file, compute the preview in the background (progress, cancel), show it, and on
    确认导入 apply exactly that plan in the background; then show the report."""

    finished = Signal(object)  # ImportReport, or None when cancelled / failed
    previewed = Signal(object)  # the ImportPlan shown in the preview dialog

    def __init__(self, ctx: UiContext, parent: QWidget, kind: str | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.kind = kind or "all"
        self.report: ImportReport | None = None
        self.plan: ImportPlan | None = None
        self.dialog: ReportDialog | None = None
        self.preview_dialog: PreviewDialog | None = None
        self.progress: QProgressDialog | None = None
        self._task: object = None
        self._replan_gen = 0

    def start(self) -> bool:
        what = SPECS[self.kind].label if self.kind != "all" else self.tr("all registers")
        start_dir = str(self.ctx.settings.value(FILE_FILTER_KEY, str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, self.tr("Import %1 from Excel").replace("%1", what), start_dir,
            self.tr("Spreadsheets (*.xlsx *.xlsm *.xls *.et *.ods *.csv);;All files (*)"))
        if not path:
            return False
        self.ctx.settings.setValue(FILE_FILTER_KEY, str(Path(path).parent))
        kind = self.kind
        if kind == "all" and path.lower().endswith(".csv"):
            dialogs.warn(self.parent_widget, self.tr("Import"),
                         self.tr("A CSV file holds one register. Open the register's page "
                                 "(for example 楼栋) and import it there."))
            return False
        self._run(self.tr("Reading %1…").replace("%1", Path(path).name),
                  lambda op: op.services.transfer.preview(kind, Path(path), False,
                                                          progress=op.report,
                                                          cancelled=op.cancelled),
                  self._previewed)
        return True

    def _run(self, text: str, work: Any, on_success: Any) -> None:
        """A cancellable background step on the database thread, with a progress dialog."""
        self.progress = QProgressDialog(text, self.tr("Cancel"), 0, 0, self.parent_widget)
        self.progress.setWindowTitle(self.tr("Import"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        task = self.ctx.db(work, on_success=on_success, on_failure=self._failed,
                           label=self.tr("Importing"))
        self._task = task
        self.ctx.runner.task_progress.connect(self._on_task_progress)
        self.progress.canceled.connect(task.cancel)

    def _on_task_progress(self, task: object, done: int, total: int) -> None:
        if task is not self._task or self.progress is None:
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _close_progress(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.runner.task_progress.disconnect(self._on_task_progress)
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _previewed(self, plan: ImportPlan) -> None:
        self._close_progress()
        self.plan = plan
        if plan.report.fatal:
            self._show_report(plan.report)
            return
        dlg = PreviewDialog(plan, self.parent_widget)
        dlg.setObjectName("import_preview")
        self.preview_dialog = dlg
        dlg.accepted.connect(self._confirmed)
        dlg.rejected.connect(self._declined)
        dlg.blank_clears_changed.connect(lambda b: self._replan(b, None))
        dlg.mapping_changed.connect(lambda m: self._replan(None, m))
        if not dialogs.dialogs_disabled():
            dlg.open()
        self.previewed.emit(plan)

    def _replan(self, blank_clears: bool | None, mapping: ImportMapping | None) -> None:
        """The file read again with the changed choice (blank cells, or the mapping)."""
        if self.plan is None:
            return
        self._replan_gen += 1
        gen, plan = self._replan_gen, self.plan
        clears = plan.blank_clears if blank_clears is None else blank_clears
        chosen = plan.mapping if mapping is None else mapping
        kind, path, remembered = plan.kind, plan.report.path, plan.remembered

        def shown(new: ImportPlan) -> None:
            # Only the answer to the latest change counts.
            if gen == self._replan_gen and self.preview_dialog is not None:
                new.remembered = remembered
                self.plan = new
                self.preview_dialog.set_plan(new)

        self.ctx.db(lambda op: op.services.transfer.preview(kind, path, clears, mapping=chosen),
                    on_success=shown, on_failure=self._failed, label=self.tr("Importing"))

    def _confirmed(self) -> None:
        plan = self.plan
        assert plan is not None
        self._run(self.tr("Importing %1…").replace("%1", plan.report.path.name),
                  ops.apply_import(plan), self._done)

    def _declined(self) -> None:
        if self.ctx.status is not None:
            self.ctx.status.show_message(self.tr("Import cancelled. Nothing was imported."), 10000)
        self.finished.emit(None)

    def _done(self, report: ImportReport) -> None:
        self._close_progress()
        self._show_report(report)

    def _show_report(self, report: ImportReport) -> None:
        self.report = report
        log.info("import %s: %s", report.path, report.text())
        self.dialog = ReportDialog(report, self.parent_widget)
        if not dialogs.dialogs_disabled():
            self.dialog.open()
        self.finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._close_progress()
        if isinstance(exc, Cancelled):
            dialogs.inform(self.parent_widget, self.tr("Import cancelled"),
                           self.tr("The import was cancelled. Nothing was imported."))
        elif isinstance(exc, PlanOutdated):
            dialogs.warn(self.parent_widget, self.tr("Nothing was imported"),
                         self.tr("The registers changed after the preview was made (by sync or "
                                 "another edit), so nothing was written. Import the file again "
                                 "and check the new preview."))
        elif isinstance(exc, OSError):
            dialogs.warn(self.parent_widget, self.tr("Cannot read the file"),
                         self.tr("The file could not be read: %1. Close it in Excel or copy it to "
                                 "the desktop and try again.").replace("%1", exc.strerror or str(exc)))
        else:
            self.ctx.runner.default_failure(exc)
        self.finished.emit(None)


class ExportFlow(QObject):
    """Pick where to save, write the register(s) in the background, say where it went."""

    finished = Signal(object)  # the path written, or None

    def __init__(self, ctx: UiContext, parent: QWidget, kind: str | None,
                 template: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.kind = kind or "all"
        self.template = template

    def start(self) -> bool:
        if self.template:
            name = "台账导入模板.xlsx"
            title = self.tr("Save import template")
        else:
            label = SPECS[self.kind].label if self.kind != "all" else "全部台账"
            name = f"{label}-{self.ctx.services.clock.today():%Y%m%d}.xlsx"
            title = self.tr("Export to Excel")
        start_dir = Path(str(self.ctx.settings.value(FILE_FILTER_KEY, str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, title, str(start_dir / name),
                                              self.tr("Excel files (*.xlsx)"))
        if not path:
            return False
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.ctx.settings.setValue(FILE_FILTER_KEY, str(Path(path).parent))
        if self.template:
            self._write(Path(path), full_phones=False)
        else:  # the county's rule on phones decides whether to ask first
            self.ctx.db(lambda op: op.services.transfer.privacy_policy(),
                        on_success=lambda policy: self._policy_known(Path(path), policy),
                        on_failure=self._failed)
        return True

    def _policy_known(self, target: Path, policy: PrivacyPolicy) -> None:
        full = False
        if policy.mask_exports:
            full = dialogs.ask(
                self.parent_widget, self.tr("Phone numbers"),
                self.tr("The county's personal-data rule masks the middle digits of phone numbers "
                        "in exports (138****1234). Export the full numbers instead? Keep such a "
                        "file safe and do not pass it on.")) == dialogs.Button.Yes
        self._write(target, full_phones=full)

    def _write(self, target: Path, full_phones: bool) -> None:
        # read on the GUI thread: the work runs on the database thread
        template, kind = self.template, self.kind

        def work(op: OpContext) -> Any:
            transfer = op.services.transfer
            return transfer.template(target) if template else transfer.export(
                kind, target, full_phones=full_phones)

        self.ctx.db(work, on_success=lambda n: self._done(target, n),
                           on_failure=self._failed, label=self.tr("Exporting"))

    def _done(self, path: Path, rows: int | None) -> None:
        msg = (self.tr("Template saved to %1.").replace("%1", str(path)) if self.template else
               self.tr("%1 rows exported to %2.").replace("%1", str(rows)).replace("%2", str(path)))
        if self.ctx.status is not None:
            self.ctx.status.show_message(msg, 10000)
        dialogs.inform(self.parent_widget, self.tr("Export"), msg)
        self.finished.emit(path)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            dialogs.warn(self.parent_widget, self.tr("Cannot save the file"),
                         self.tr("The file could not be written: %1. If it is open in Excel, close "
                                 "it; otherwise choose another folder.")
                         .replace("%1", exc.strerror or str(exc)))
        else:
            self.ctx.runner.default_failure(exc)
        self.finished.emit(None)
