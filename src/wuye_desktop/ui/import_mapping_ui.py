"""The mapping step of the import preview: what each sheet is, which field each column is,
which choice each value written in the office's own words is, and the problems with the bad
cell editable in place.

Every change makes a new :class:`ImportMapping` and emits ``mapping_changed``; the import flow
replans in the background and hands the new plan back with :meth:`MappingTabs.set_plan`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from ..domain.duplicates import ASK, KEEP, MERGE, DuplicateGroup
from ..domain.fields import IMPORT_ORDER, SPECS
from ..domain.import_mapping import IGNORE, PER_ESTATE, PERIOD_FIELD, ImportMapping
from ..domain.normalise import decade_years
from ..services.transfer import ImportPlan, Problem
from . import style

# The column of the problems table the worker types a corrected value into.
FIX_COLUMN = 2


def _table(name: str, headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _combo(choices: list[tuple[str, str | None]], current: str | None,
           on_change: Callable[[str], None]) -> QComboBox:
    """A combo of (label, code) with ``current`` selected; picking another calls ``on_change``."""
    box = QComboBox()
    for label, code in choices:
        box.addItem(label, code)
    box.setCurrentIndex(max(0, box.findData(current)))

    def changed(i: int) -> None:
        code = box.itemData(i)
        if code is not None:
            on_change(str(code))

    box.currentIndexChanged.connect(changed)
    return box


class MappingTabs(QTabWidget):
    """变化 / 列对应 / 值对应 / 重复 / 工作表 / 问题, over one plan."""

    mapping_changed = Signal(object)  # the ImportMapping to replan with

    def __init__(self, changes: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapping_tabs")
        self.plan: ImportPlan | None = None
        self.columns = _table("column_mapping", [self.tr("Register"), self.tr("Column in the file"),
                                                 self.tr("Read as")])
        self.values = _table("value_mapping", [self.tr("Field"), self.tr("Written in the file"),
                                               self.tr("Read as")])
        # The decision before the differences: a long difference (two addresses) must not push
        # the one control of the tab out of sight.
        self.duplicates = _table("duplicate_groups", [self.tr("Rows"), self.tr("Same as"),
                                                      self.tr("Decision"), self.tr("Differences")])
        self.sheets = _table("sheet_mapping", [self.tr("Sheet"), self.tr("Holds")])
        self.problems = _table("problem_list", [self.tr("Where"), self.tr("Column"),
                                                self.tr("Correct value"), self.tr("Problem")])
        self.problems.horizontalHeader().setSectionResizeMode(FIX_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.problems.setColumnWidth(FIX_COLUMN, 120)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.problems.itemChanged.connect(self._fixed)
        self.changes_index = self.addTab(changes, self.tr("Changes"))
        self.columns_index = self.addTab(self.columns, self.tr("Columns"))
        self.values_index = self.addTab(self.values, self.tr("Values"))
        self.duplicates_index = self.addTab(self.duplicates, self.tr("Duplicates"))
        self.sheets_index = self.addTab(self.sheets, self.tr("Sheets"))
        self.problems_index = self.addTab(self.problems, self.tr("Problems"))
        self._combos: dict[tuple[str, str, str], QComboBox] = {}
        self._filling = False

    # --- filled from a plan --------------------------------------------------------------------

    def set_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self._filling = True
        try:
            self._combos.clear()
            self._fill_columns(plan)
            self._fill_values(plan)
            self._fill_duplicates(plan.duplicates)
            self._fill_sheets(plan)
            self._fill_problems(plan.report.problems)
        finally:
            self._filling = False
        asked = sum(1 for g in plan.value_guesses.values() for code in g.values() if code is None)
        errors = len(plan.report.errors)
        self.setTabText(self.values_index, self.tr("Values (%1 to choose)").replace("%1", str(asked))
                        if asked else self.tr("Values"))
        self.setTabText(self.problems_index, self.tr("Problems (%1)").replace(
            "%1", str(len(plan.report.problems))))
        self.setTabVisible(self.sheets_index, bool(plan.sheets))
        undecided = sum(1 for g in plan.duplicates if g.decision == ASK)
        self.setTabText(self.duplicates_index, self.tr("Duplicates (%1 to choose)").replace(
            "%1", str(undecided)) if undecided else self.tr("Duplicates"))
        self.setTabVisible(self.duplicates_index, bool(plan.duplicates))
        if errors:
            self.setCurrentIndex(self.values_index if asked else self.duplicates_index
                                 if undecided else self.problems_index)

    def _fill_columns(self, plan: ImportPlan) -> None:
        self.columns.setRowCount(0)
        for kind, headers in plan.headers.items():
            spec = SPECS[kind]
            choices: list[tuple[str, str | None]] = [(self.tr("(ignore)"), IGNORE)]
            choices += [(f.label, f.name) for f in spec.fields if not f.readonly]
            if {"contract_start", "contract_end"} <= {f.name for f in spec.fields}:
                choices.append((self.tr("Contract period (start to end in one cell)"),
                                PERIOD_FIELD))
            for header, name in headers.items():
                r = self.columns.rowCount()
                self.columns.insertRow(r)
                self.columns.setItem(r, 0, _cell(spec.label))
                self.columns.setItem(r, 1, _cell(header))
                box = _combo(choices, name, partial(self._column, kind, header))
                self._combos[("column", kind, header)] = box
                self.columns.setCellWidget(r, 2, box)

    def _fill_values(self, plan: ImportPlan) -> None:
        self.values.setRowCount(0)
        fields = {f.name: f for spec in SPECS.values() for f in spec.fields}
        for name, guesses in plan.value_guesses.items():
            f = fields[name]
            for text, code in sorted(guesses.items(), key=lambda g: g[1] is not None):
                r = self.values.rowCount()
                self.values.insertRow(r)
                self.values.setItem(r, 0, _cell(f.label))
                item = _cell(text)
                if code is None:
                    item.setForeground(style.Tone.ERROR.brush())
                self.values.setItem(r, 1, item)
                choices: list[tuple[str, str | None]] = (
                    [(self.tr("(choose)"), None)] if code is None else [])
                if f.enum is not None:
                    choices += [(m.label, m.value) for m in f.enum]
                else:  # a decade in a year column: the worker picks the year, never guessed
                    choices = [(self.tr("(choose)"), None)] + [
                        (str(y), str(y)) for y in decade_years(text) or ()]
                box = _combo(choices, code, partial(self._value, name, text))
                self._combos[("value", name, text)] = box
                self.values.setCellWidget(r, 2, box)

    def _fill_duplicates(self, groups: list[DuplicateGroup]) -> None:
        self.duplicates.setRowCount(0)
        choices: list[tuple[str, str | None]] = [
            (self.tr("(choose)"), None), (self.tr("Merge into one row"), MERGE),
            (self.tr("Keep them apart"), KEEP)]
        for g in groups:
            r = self.duplicates.rowCount()
            self.duplicates.insertRow(r)
            self.duplicates.setItem(r, 0, _cell(f"{g.label}：{g.where()}"))
            self.duplicates.setItem(r, 1, _cell(
                self.tr("Registered: %1").replace("%1", g.register) if g.register
                else self.tr("Each other (in this file)")))
            clash = "；".join(f"{c.field}：{' / '.join(c.values)} → {c.kept}" for c in g.conflicts)
            differences = _cell(clash)
            differences.setToolTip(clash)
            self.duplicates.setItem(r, 3, differences)
            box = _combo(choices, None if g.decision == ASK else g.decision,
                         partial(self._duplicate, g.key))
            if g.keep_refused:
                box.setItemData(2, g.keep_refused, Qt.ItemDataRole.ToolTipRole)
            self._combos[("duplicate", g.key, "")] = box
            self.duplicates.setCellWidget(r, 2, box)

    def _fill_sheets(self, plan: ImportPlan) -> None:
        self.sheets.setRowCount(0)
        choices: list[tuple[str, str | None]] = [(self.tr("(ignore)"), IGNORE)]
        for k in IMPORT_ORDER if plan.kind == "all" else (plan.kind,):
            choices.append((SPECS[k].label, k))
            if any(f.name == "estate_name" for f in SPECS[k].fields):
                choices.append((self.tr("%1, one sheet per estate (estate = sheet name)").replace(
                    "%1", SPECS[k].label), k + PER_ESTATE))
        for sheet, kind in plan.sheets.items():
            r = self.sheets.rowCount()
            self.sheets.insertRow(r)
            self.sheets.setItem(r, 0, _cell(sheet))
            box = _combo(choices, kind, partial(self._sheet, sheet))
            self._combos[("sheet", sheet, "")] = box
            self.sheets.setCellWidget(r, 1, box)

    def _fill_problems(self, problems: list[Problem]) -> None:
        self.problems.setRowCount(0)
        for p in sorted(problems, key=lambda p: p.severity != "error"):
            r = self.problems.rowCount()
            self.problems.insertRow(r)
            where = f"工作表“{p.sheet}” 第{p.row}行" if p.row else f"工作表“{p.sheet}”"
            self.problems.setItem(r, 0, _cell(where))
            self.problems.setItem(r, 1, _cell(p.column))
            msg = _cell(p.message if p.severity == "error" else f"（提示）{p.message}")
            if p.severity == "error":
                msg.setForeground(style.Tone.ERROR.brush())
            self.problems.setItem(r, 3, msg)
            fix = QTableWidgetItem("")
            fix.setData(Qt.ItemDataRole.UserRole, (p.sheet, p.row, p.column))
            if not (p.severity == "error" and p.row and p.column):
                fix.setFlags(fix.flags() & ~Qt.ItemFlag.ItemIsEditable)
            else:
                fix.setToolTip(self.tr("Type the correct value; the file itself is not changed."))
            self.problems.setItem(r, FIX_COLUMN, fix)

    # --- the worker's changes ------------------------------------------------------------------

    def _changed(self, edit: Callable[[ImportMapping], None]) -> None:
        if self._filling or self.plan is None:
            return
        mapping = copy.deepcopy(self.plan.mapping)
        edit(mapping)
        self.mapping_changed.emit(mapping)

    def _column(self, kind: str, header: str, name: str) -> None:
        self._changed(lambda m: m.set_column(kind, header, name))

    def _value(self, field_name: str, text: str, code: str) -> None:
        self._changed(lambda m: m.set_value(field_name, text, code))

    def _duplicate(self, key: str, decision: str) -> None:
        self._changed(lambda m: m.duplicates.__setitem__(key, decision))

    def _sheet(self, sheet: str, kind: str) -> None:
        self._changed(lambda m: m.sheets.__setitem__(sheet, kind))

    def _fixed(self, item: QTableWidgetItem) -> None:
        where = item.data(Qt.ItemDataRole.UserRole)
        if item.column() != FIX_COLUMN or not where or not item.text().strip():
            return
        self._changed(lambda m: m.fixes.__setitem__(tuple(where), item.text().strip()))

    # --- for tests and screenshots -------------------------------------------------------------

    def combo(self, what: str, key: str, sub: str = "") -> QComboBox:
        """The combo of a column ("column", kind, header), a value ("value", field, text), a
        sheet ("sheet", name) or a duplicate group ("duplicate", group key)."""
        return self._combos[(what, key, sub)]

    def choose(self, box: QComboBox, label: str) -> None:
        box.setCurrentIndex(box.findText(label))

    def fix(self, sheet: str, row: int, column: str, text: str) -> bool:
        """Type ``text`` over the bad cell (sheet, row, column); False when it is not listed."""
        for r in range(self.problems.rowCount()):
            item = self.problems.item(r, FIX_COLUMN)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == (sheet, row, column) \
                    and item.flags() & Qt.ItemFlag.ItemIsEditable:
                item.setText(text)
                return True
        return False

    def problem_texts(self) -> list[str]:
        return [f"{self._text(r, 0)} {self._text(r, 1)}：{self._text(r, 3)}"
                for r in range(self.problems.rowCount())]

    def _text(self, r: int, c: int) -> str:
        item = self.problems.item(r, c)
        return item.text() if item is not None else ""
