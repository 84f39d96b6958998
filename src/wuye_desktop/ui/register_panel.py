"""One register on screen: search and filters, the paged table, the detail form and its buttons.

Used as a whole screen (楼栋, 楼长, 物业企业) and inside others (the estate page, committee
members). All reads and writes go through the runner's database thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.credit import BlacklistedCompany
from ..domain.enums import ManagementMode
from ..domain.validation import Issue
from ..services.registers import DuplicateRecord, ValidationFailed
from ..tasks import OpContext
from . import dialogs, ops, style
from .context import UiContext
from .record_form import RecordForm
from .register_model import RegisterModel

SEARCH_DEBOUNCE_MS = 150
VALIDATE_DEBOUNCE_MS = 400

#: registers whose rows belong to an estate (filterable by estate and management mode)
ESTATE_KINDS = frozenset({"estates", "buildings", "units", "leads", "committees", "members"})
#: registers whose form picks a building of the estate typed
BUILDING_KINDS = frozenset({"leads", "units"})


class RegisterTable(QTableView):
    """A table view tuned for registers: whole-row selection, SQL sorting, remembered widths."""

    def __init__(self, model: RegisterModel, ctx: UiContext, settings_key: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings_key = settings_key
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setDefaultSectionSize(110)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Clicking a header sorts in SQL (the model's sort), never in memory.
        header.sortIndicatorChanged.connect(model.sort)
        state = ctx.settings.value(f"columns/{settings_key}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            header.restoreState(state)
        header.sectionResized.connect(self._save_columns)
        header.sectionMoved.connect(self._save_columns)

    def _save_columns(self, *_: Any) -> None:
        self.ctx.settings.setValue(f"columns/{self.settings_key}",
                                   self.horizontalHeader().saveState())


class RegisterPanel(QWidget):
    """Search, filters, table and form of one register."""

    #: a record was loaded into the form: (values or None for a new one, id or None)
    record_loaded = Signal(object, object)
    #: a record was saved: its id
    saved = Signal(str)

    def __init__(self, ctx: UiContext, kind: str, *, fixed_filters: dict[str, Any] | None = None,
                 defaults: dict[str, Any] | None = None, show_filters: bool = True,
                 settings_key: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.fixed_filters = dict(fixed_filters or {})
        self.defaults = dict(defaults or {})
        self.current_id: str | None = None
        self._loaded_once = False
        self._validate_gen = 0
        self.model = RegisterModel(kind, ctx.runner, ctx.services, self)
        self.model.total_changed.connect(self._show_total)
        self.model.at_least.connect(self._show_at_least)
        self.model.loaded.connect(self._after_reload)

        # --- search bar ---
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search names, numbers, phones…"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_query)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.estate_filter = QComboBox()
        self.estate_filter.setObjectName("estate_filter")
        self.estate_filter.setMinimumContentsLength(10)
        self.estate_filter.addItem(self.tr("All estates"), None)
        self.estate_filter.currentIndexChanged.connect(self._apply_query)
        self.mode_filter = QComboBox()
        self.mode_filter.setObjectName("mode_filter")
        self.mode_filter.addItem(self.tr("All management modes"), None)
        for m in ManagementMode:
            self.mode_filter.addItem(m.label, m.value)
        self.mode_filter.currentIndexChanged.connect(self._apply_query)
        self.total_label = QLabel()
        self.bar = bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        with_estates = show_filters and kind in ESTATE_KINDS
        if with_estates and "estate_id" not in self.fixed_filters and kind != "estates":
            bar.addWidget(self.estate_filter, 1)
        else:
            self.estate_filter.hide()
        if with_estates:
            bar.addWidget(self.mode_filter, 1)
        else:
            self.mode_filter.hide()
        bar.addWidget(self.total_label)

        # --- table ---
        self.table = RegisterTable(self.model, ctx, settings_key or kind)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

        # --- form ---
        self.form = RecordForm(self.model.spec,
                               choice_fields=("credit_grade",) if kind == "companies" else ())
        self.form.dirty_changed.connect(self._on_dirty)
        self.form.edited.connect(self._schedule_validation)
        self.form.ref_changed.connect(self._on_ref_changed)
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_DEBOUNCE_MS)
        self._validate_timer.timeout.connect(self._validate)
        self.title = QLabel()
        self.title.setObjectName("form_title")
        style.apply(self.title, style.Look.HEADING)
        self.new_button = QPushButton(self.tr("New"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save")
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("delete")
        #: shown when 新建 was refused because the record exists: opens that record
        self.open_existing_button = QPushButton(self.tr("Open existing record"))
        self.open_existing_button.setObjectName("open_existing")
        self.open_existing_button.hide()
        self.open_existing_button.clicked.connect(self.open_existing)
        self.existing_id: str | None = None
        self.history_button = QPushButton(self.tr("History…"))
        self.history_button.setObjectName("history")
        self.history_button.setToolTip(self.tr("Who changed this record, when, and what; restore "
                                               "an earlier version"))
        self.history_button.clicked.connect(self.show_history)
        self.history_dialog: Any = None
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        form_box = QWidget()
        fl = QVBoxLayout(form_box)
        fl.addWidget(self.title)
        fl.addWidget(self.open_existing_button, 0, Qt.AlignmentFlag.AlignLeft)
        fl.addWidget(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        scroll.setMinimumWidth(340)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(scroll, 1)
        rl.addLayout(buttons)
        self.right_layout = rl

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.splitter, 1)
        self._set_form_title()
        self._update_buttons()
        from .register_extras import CompanyTools

        self.extras = CompanyTools(self) if kind == "companies" else None
        ctx.runner.changed.connect(self._on_changed)

    # --- loading ---------------------------------------------------------------------------

    def activate(self) -> None:
        """First show: load the table and the pickers (later: kept fresh by ``changed``)."""
        if not self._loaded_once:
            self._loaded_once = True
            self._apply_query()
            self._load_choices()
            if self.current_id is None and not self.form.dirty:
                self.form.set_values(self.defaults)

    def set_fixed_filters(self, filters: dict[str, Any], defaults: dict[str, Any]) -> None:
        """Re-scope the panel (e.g. members of another committee)."""
        self.fixed_filters = dict(filters)
        self.defaults = dict(defaults)
        self.current_id = None
        self.form.set_values(self.defaults)
        self._set_form_title()
        self._update_buttons()
        if self._loaded_once:
            self._apply_query()

    def query_filters(self) -> dict[str, Any]:
        f = dict(self.fixed_filters)
        if not self.estate_filter.isHidden() and self.estate_filter.currentData():
            f["estate_id"] = self.estate_filter.currentData()
        if not self.mode_filter.isHidden() and self.mode_filter.currentData():
            f["management_mode"] = self.mode_filter.currentData()
        if self.extras is not None:
            f.update(self.extras.filters())
        return f

    def _apply_query(self) -> None:
        if not self._loaded_once:
            return
        self.model.set_query(search=self.search.text(), filters=self.query_filters())

    def _show_total(self, n: int) -> None:
        self.total_label.setText(self.tr("%n record(s)", "", n))

    def _show_at_least(self, n: int) -> None:
        self.total_label.setText(self.tr("At least %1 records (counting…)").replace("%1", str(n)))

    def _after_reload(self) -> None:
        # Keep the edited record selected after a refresh.
        if self.current_id is not None:
            row = self.model.row_of(self.current_id)
            if row >= 0:
                sm = self.table.selectionModel()
                sm.blockSignals(True)
                sm.setCurrentIndex(self.model.index(row, 0),
                                   QItemSelectionModel.SelectionFlag.ClearAndSelect
                                   | QItemSelectionModel.SelectionFlag.Rows)
                sm.blockSignals(False)

    def _load_choices(self) -> None:
        spec = self.model.spec
        names = {f.name for f in spec.fields}
        want_estates = "estate_name" in names or not self.estate_filter.isHidden()
        want_companies = "company_name" in names
        if self.extras is not None:
            self.extras.load()

        def work(op: OpContext) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
            regs = op.services.registers
            return (regs.estate_choices() if want_estates else [],
                    regs.company_choices() if want_companies else [])

        self.ctx.db(work, on_success=self._fill_choices)

    def _fill_choices(self, result: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> None:
        estates, companies = result
        if "estate_name" in self.form.editors:
            self.form.set_choices("estate_name", [n for _i, n in estates])
        if "company_name" in self.form.editors:
            self.form.set_choices("company_name", [n for _i, n in companies])
        if not self.estate_filter.isHidden():
            current = self.estate_filter.currentData()
            self.estate_filter.blockSignals(True)
            self.estate_filter.clear()
            self.estate_filter.addItem(self.tr("All estates"), None)
            for i, n in estates:
                self.estate_filter.addItem(n, i)
            idx = self.estate_filter.findData(current)
            self.estate_filter.setCurrentIndex(max(idx, 0))
            self.estate_filter.blockSignals(False)
        if self.kind in BUILDING_KINDS:
            self._on_ref_changed("estate_name", self._ref_text("estate_name"))

    def _ref_text(self, name: str) -> str:
        combo = self.form.editors[name]
        return combo.currentText().strip() if isinstance(combo, QComboBox) else ""

    def _on_ref_changed(self, name: str, text: str) -> None:
        """A building's list follows the estate typed; a lead's 单元 list follows its building."""
        if self.kind not in BUILDING_KINDS or name not in ("estate_name", "building_number"):
            return
        if name == "estate_name":
            self.ctx.db(lambda op: op.services.registers.building_choices(text) if text else [],
                        on_success=lambda nums: self.form.set_choices("building_number", nums))
        if self.kind == "leads":
            estate, number = self._ref_text("estate_name"), self._ref_text("building_number")
            self.ctx.db(lambda op: op.services.registers.unit_choices(estate, number)
                        if estate and number else [],
                        on_success=lambda units: self.form.set_choices("unit_number", units))

    def _on_changed(self, changes: OpChanges) -> None:
        if self._loaded_once and changes.touches(Area.ESTATES, Area.COMPANIES):
            self._load_choices()
        elif self._loaded_once and self.kind == "leads" and changes.touches(Area.UNITS):
            self._on_ref_changed("building_number", self._ref_text("building_number"))

    # --- selection and form ----------------------------------------------------------------

    def _on_current_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        row_id = self.model.row_id(current.row()) if current.isValid() else None
        if row_id is None or row_id == self.current_id:
            return
        if not self.confirm_leave():
            # Put the selection back on the record being edited.
            sm = self.table.selectionModel()
            sm.blockSignals(True)
            if previous.isValid():
                sm.setCurrentIndex(previous, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                   | QItemSelectionModel.SelectionFlag.Rows)
            else:
                sm.clearSelection()
            sm.blockSignals(False)
            return
        self.load_record(row_id)

    def load_record(self, row_id: str) -> None:
        kind = self.kind
        self.ctx.db(lambda op: op.services.registers.get(kind, row_id),
                    on_success=lambda values: self._show_record(row_id, values))

    def _show_record(self, row_id: str, values: dict[str, Any] | None) -> None:
        if values is None:  # deleted meanwhile
            return
        self.current_id = row_id
        self._hide_existing()
        self.form.set_values(values)
        self.form.lock_fields(values.get("county_fields", ()))
        self._after_reload()  # select its row when it is on the page
        self._set_form_title()
        self._update_buttons()
        if self.kind in BUILDING_KINDS:
            self._on_ref_changed("estate_name", values.get("estate_name") or "")
        self.record_loaded.emit(values, row_id)

    def confirm_leave(self) -> bool:
        """Ask about unsaved edits; True when it is fine to move on (saved or discarded)."""
        if not self.form.dirty:
            return True
        B = dialogs.Button
        answer = dialogs.ask(self, self.tr("Unsaved changes"),
                             self.tr("The record you are editing has unsaved changes. Save them?"),
                             B.Save | B.Discard | B.Cancel, B.Cancel)
        if answer == B.Save:
            self.save()
            # Saving is asynchronous; stay until it has succeeded (the user then moves on).
            return False
        if answer == B.Discard:
            self.form.mark_clean()
            return True
        return False

    def new_record(self) -> None:
        if not self.confirm_leave():
            return
        self.current_id = None
        self._hide_existing()
        self.table.selectionModel().clearSelection()
        self.form.set_values(self.defaults)
        self._set_form_title()
        self._update_buttons()
        self.record_loaded.emit(None, None)
        first = next(iter(self.form.editors.values()))
        first.setFocus()

    def _set_form_title(self) -> None:
        label = self.model.spec.label
        self.title.setText(self.tr("New %1").replace("%1", label) if self.current_id is None
                           else self.tr("Edit %1").replace("%1", label))

    def _on_dirty(self, dirty: bool) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.current_id is not None)
        self.history_button.setEnabled(self.current_id is not None)

    def show_history(self) -> Any:
        """修改记录 of the record in the form (non-modal); a restored version reloads the form."""
        from .history_dialog import HistoryDialog

        if self.current_id is None or not self.confirm_leave():
            return None
        if self.history_dialog is not None:
            self.history_dialog.close()
        dlg = HistoryDialog(self.ctx, self.kind, self.current_id, parent=self)
        dlg.restored.connect(self._after_restore)
        self.history_dialog = dlg
        dlg.show()
        dlg.load()
        return dlg

    def _after_restore(self, row_id: str) -> None:
        if row_id == self.current_id:
            self.load_record(row_id)

    # --- validation, save, delete ------------------------------------------------------------

    def _schedule_validation(self) -> None:
        self._validate_timer.start()

    def _validate(self) -> None:
        self._validate_gen += 1
        gen = self._validate_gen
        kind, values, row_id = self.kind, self.form.values(), self.current_id
        def validated(issues: list[Issue]) -> None:
            if gen == self._validate_gen:  # a later keystroke or save supersedes this answer
                self.form.show_issues(issues)

        self.ctx.db(lambda op: op.services.registers.validate(kind, values, row_id),
                    on_success=validated)

    def save(self, allow_blacklisted: bool = False) -> None:
        """Validate and save in one unit of work; problems appear next to their fields.

        A new record is created (never merged into one with the same name: the service
        refuses, and the form offers to open that one); an edit sends only the changed fields.
        An estate given a black-listed company is saved only once the person confirms it."""
        self._validate_timer.stop()
        self._validate_gen += 1  # a pending live validation must not overwrite save's answer
        row_id = self.current_id
        values = self.form.values() if row_id is None else self.form.changed_values()
        self._hide_existing()
        self.save_button.setEnabled(False)
        self.ctx.db(ops.save_record(self.kind, values, row_id, allow_blacklisted),
                    on_success=self._on_saved,
                    on_failure=self._on_save_failed, label=self.tr("Saving"))

    def _on_saved(self, result: Any) -> None:
        self.save_button.setEnabled(True)
        self.current_id = result.id
        self.form.show_issues(list(result.warnings))
        self.form.mark_clean()
        self._set_form_title()
        self._update_buttons()
        if self.ctx.status is not None:
            self.ctx.status.show_message(self.tr("Saved."))
        self.saved.emit(result.id)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, BlacklistedCompany):
            from .register_extras import confirm_blacklisted

            if confirm_blacklisted(self, exc):
                self.save(allow_blacklisted=True)
            return
        if isinstance(exc, DuplicateRecord):
            self.form.show_issues([Issue("", str(exc))])
            self.existing_id = exc.existing_id
            self.open_existing_button.show()
            self.open_existing_button.setFocus()
            return
        if isinstance(exc, ValidationFailed):
            self.form.show_issues(exc.issues)
            self.form.focus_first_error()
            return
        self.ctx.runner.default_failure(exc)

    def _hide_existing(self) -> None:
        self.existing_id = None
        self.open_existing_button.hide()

    def open_existing(self) -> None:
        """Leave the refused new record and open the existing one it collided with."""
        row_id = self.existing_id
        if row_id is None:
            return
        self._hide_existing()
        self.form.mark_clean()  # what was typed was a duplicate: the person chose the original
        self.current_id = None
        self.load_record(row_id)

    def delete(self) -> None:
        """Ask, then soft-delete (a tombstone other devices and the county will learn of)."""
        if self.current_id is None:
            return
        B = dialogs.Button
        name = self.form.values().get(self.model.spec.natural_key[-1]) or ""
        answer = dialogs.ask(self, self.tr("Delete"),
                             self.tr("Delete this %1 record “%2”? It leaves the register and goes to "
                                     "the Recycle bin, where it can be restored.").replace("%1", self.model.spec.label)
                             .replace("%2", str(name)), B.Yes | B.No, B.No)
        if answer != B.Yes:
            return
        self.ctx.db(ops.delete_record(self.kind, self.current_id),
                    on_success=lambda _r: self._after_delete(), on_failure=self._on_delete_failed)

    def _after_delete(self) -> None:
        self.current_id = None
        self.form.set_values(self.defaults)
        self._set_form_title()
        self._update_buttons()
        if self.ctx.status is not None:
            self.ctx.status.show_message(self.tr("Deleted."))
        self.record_loaded.emit(None, None)

    def _on_delete_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            reason = "\n".join(i.message for i in exc.issues)
            self.form.show_issues([Issue("", reason)])
            dialogs.warn(self, self.tr("Cannot delete"), reason)
            return
        self.ctx.runner.default_failure(exc)
