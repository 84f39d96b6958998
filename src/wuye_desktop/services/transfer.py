"""Excel/CSV import and export of the registers: all or nothing.

A file is read and typed completely first (tabular layer), then *planned*: every row is run
through the registers in a transaction that is rolled back, which yields the preview (new /
updated with field: old → new / unchanged). Confirming runs the same rows again and commits only
if they do exactly what was previewed. Rows upsert by natural key, so re-importing a file updates
instead of duplicating, but only in the columns the file has; a blank cell keeps the stored value
unless the person chose "blank clears". Any problem — in a cell or against the database (unknown
estate, duplicate building) — writes nothing and is reported with sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import errors
from ..domain.credit import BlacklistedCompany
from ..domain.duplicates import DuplicateGroup
from ..domain.enums import LabeledEnum
from ..domain.fields import COMMUNITY_SHEET, IMPORT_ORDER, SPECS
from ..domain.import_mapping import ImportMapping, header_signature
from ..domain.privacy import (
    PRIVACY_DOCUMENT_KIND,
    PrivacyPolicy,
    PrivacyPolicyError,
    mask_phone,
    parse_policy,
    phone_fields,
)
from ..storage.models_sync import newest_document
from ..storage.tabular import read_register, read_workbook, write_registers, write_template
from ..storage.tabular.errors import TabularError
from .backup import BackupService
from .community_sheet import CommunitySheet, apply_sheet, community_rows, find_sheet, read_sheet
from .import_duplicates import (
    decided_lines,
    duplicate_problems,
    find_duplicates,
    is_reader_duplicate,
    undecided_lines,
)
from .import_mappings import MappingStore
from .import_problem import Problem
from .import_split import Batch, Confirmation, SplitNotConfirmed, split_two_names
from .import_write import held, start, write_new
from .registers import FieldChange, RegisterService, Resolver


class Cancelled(errors.Cancelled):
    """The user cancelled a long import; nothing was written."""


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    path: Path
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    fatal: str = ""  # the whole file could not be read
    #: the office's fields the 社区 sheet changed
    community: list[FieldChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fatal and not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def text(self) -> str:
        if self.fatal:
            return f"未导入任何数据：{self.fatal}"
        if not self.ok:
            lines = [f"文件“{self.path.name}”中有{len(self.errors)}处错误，为保证数据完整，"
                     "本次没有导入任何数据。请改正以下问题后重新导入："]
            lines += [f"  {i}. {p.text()}" for i, p in enumerate(self.problems, 1)]
            return "\n".join(lines)
        parts = [f"{SPECS[k].label}新增{self.created.get(k, 0)}条、更新{self.updated.get(k, 0)}条"
                 + (f"、{self.unchanged[k]}条没有变化" if self.unchanged.get(k) else "")
                 for k in IMPORT_ORDER if k in self.created]
        lines = [f"导入成功：{'；'.join(parts)}。"]
        lines += [f"  社区信息 {c.label}：{format_value(c.old)} → {format_value(c.new)}" for c in self.community]
        lines += [f"  提示：{p.text()}" for p in self.problems]
        return "\n".join(lines)


class _Rollback(Exception):
    pass


class PlanOutdated(errors.UserError):
    """The registers changed between the preview and the confirmation: nothing was written."""

    def __init__(self) -> None:
        super().__init__("预览之后台账已有改动（可能是同步或另一处修改），为避免写入与预览不一致的内容，"
                         "本次没有导入任何数据。请重新导入，核对新的预览后再确认。")


@dataclass(frozen=True)
class BlacklistedRow:
    """A row of the file that gives an estate a black-listed company."""

    sheet: str
    row: int
    estate: str
    company: str


NEW, UPDATE, UNCHANGED = "new", "update", "unchanged"
ACTION_LABELS = {NEW: "新增", UPDATE: "更新", UNCHANGED: "没有变化"}


def format_value(v: Any) -> str:
    """A stored value as the preview shows it (enum labels, dates in full, 是/否)."""
    if v is None or v == "":
        return "（空）"
    if isinstance(v, LabeledEnum):
        return v.label
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


@dataclass(frozen=True)
class PlanEntry:
    """What importing one row does: create, update (field by field) or nothing."""

    kind: str
    sheet: str
    row: int
    key: str
    action: str
    target_id: str | None
    changes: tuple[FieldChange, ...] = ()
    #: the row it lands on was made earlier in this import (a unit a 楼栋 row's 单元数 made)
    made_here: bool = False

    def where(self) -> str:
        return f"工作表“{self.sheet}” 第{self.row}行"

    def signature(self) -> tuple[Any, ...]:
        # New rows get a fresh id each time the plan is computed; what matters is that they
        # are new, with the same values.
        return (self.kind, self.sheet, self.row, self.action,
                None if self.action == NEW or self.made_here else self.target_id,
                tuple((c.field, c.old, c.new) for c in self.changes))




@dataclass
class ImportPlan:
    """The preview of an import, and exactly what confirming it writes.

    Computed by running the import in a transaction that is then rolled back; applying runs the
    same code again and commits only if it produces this same plan."""

    report: ImportReport
    kind: str
    blank_clears: bool = False
    batches: list[Batch] = field(default_factory=list)
    entries: list[PlanEntry] = field(default_factory=list)
    #: kind → field → the column's header as the file writes it (problems name that column)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    #: rows that give an estate a black-listed company: written only once the person confirms
    #: (``allow_blacklisted``: the dialog's tick box, the CLI's ``--allow-blacklisted``)
    blacklisted: list[BlacklistedRow] = field(default_factory=list)
    allow_blacklisted: bool = False
    #: the worker's choices the plan was read with, and the file's header shape
    mapping: ImportMapping = field(default_factory=ImportMapping)
    signature: str = ""
    #: the mapping came from an earlier import of a file with the same headers
    remembered: bool = False
    #: kind → every header as written → the field it was read as ("" when ignored)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    #: choice field → cell text not written exactly as a choice → its reading (None: asked)
    value_guesses: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: sheet → the register it was read as ("" when left out; workbook imports only)
    sheets: dict[str, str] = field(default_factory=dict)
    #: lead cells naming two people, planned as two leads: written only once the person
    #: confirms (``confirm_split``: the dialog's tick box, the CLI's ``--two-names``)
    confirmations: list[Confirmation] = field(default_factory=list)
    confirm_split: bool = False
    #: the workbook's 社区 sheet (the office's details), and what it changes
    community: CommunitySheet | None = None
    #: near-duplicate rows (within the file, or against the register) and the worker's choice
    duplicates: list[DuplicateGroup] = field(default_factory=list)

    @property
    def needs_split_confirmation(self) -> bool:
        return bool(self.confirmations) and not self.confirm_split

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.blacklisted) and not self.allow_blacklisted

    def refuse_unconfirmed(self) -> None:
        """Raise :class:`BlacklistedCompany` when black-listed companies are not confirmed."""
        if self.needs_confirmation:
            companies = sorted({b.company for b in self.blacklisted})
            raise BlacklistedCompany("、".join(companies), [b.estate for b in self.blacklisted])

    @property
    def ok(self) -> bool:
        return self.report.ok

    def count(self, action: str, kind: str | None = None) -> int:
        return sum(1 for e in self.entries if e.action == action and kind in (None, e.kind))

    @property
    def writes(self) -> bool:
        """True when confirming would change anything."""
        return any(e.action != UNCHANGED for e in self.entries) or bool(self.report.community)

    def summary(self) -> str:
        parts = [f"{SPECS[k].label}新增{self.count(NEW, k)}条、更新{self.count(UPDATE, k)}条、"
                 f"{self.count(UNCHANGED, k)}条没有变化"
                 for k, _rows in self.batches]
        if self.report.community:
            parts.append(f"社区信息更新{'、'.join(c.label for c in self.report.community)}")
        return "；".join(parts)

    def text(self) -> str:
        """The preview in Chinese, one line per row and per changed field (for the CLI)."""
        if not self.ok:
            return "\n".join([self.report.text(), *undecided_lines(self.duplicates)])
        lines = [f"导入预览（文件“{self.report.path.name}”）：{self.summary()}。"]
        blank = ("空白单元格将清空原有内容。" if self.blank_clears
                 else "空白单元格保留原有内容（如需清空，请加 --blank-clears）。")
        lines.append(f"文件中没有的列不会改动；{blank}")
        for action in (NEW, UPDATE, UNCHANGED):
            entries = [e for e in self.entries if e.action == action]
            if not entries:
                continue
            lines.append(f"{ACTION_LABELS[action]}（{len(entries)}条）：")
            for e in entries:
                lines.append(f"  {SPECS[e.kind].label}“{e.key}”（{e.where()}）")
                if action == UPDATE:
                    lines += [f"    {c.label}：{format_value(c.old)} → {format_value(c.new)}"
                              for c in e.changes]
        lines += [f"社区信息（工作表“{COMMUNITY_SHEET.sheet}”）更新 {c.label}：{format_value(c.old)} → "
                  f"{format_value(c.new)}" for c in self.report.community]
        lines += [f"  提示：{p.text()}" for p in self.report.problems]
        lines += self.blacklist_lines()
        if self.confirmations:
            lines.append(f"注意：以下{len(self.confirmations)}格楼长写了两个姓名，需要明确确认"
                         "（命令行加 --two-names）：")
            lines += [f"  工作表“{c.sheet}” 第{c.row}行：{c.text}" for c in self.confirmations]
        lines += decided_lines(self.duplicates)
        return "\n".join(lines)

    def blacklist_lines(self, how: str = "命令行加 --allow-blacklisted") -> list[str]:
        """The rows that assign black-listed companies, and how to confirm them."""
        if not self.blacklisted:
            return []
        lines = [f"注意：以下{len(self.blacklisted)}个小区将由黑名单企业服务，需要明确确认"
                 f"（{how}）："]
        lines += [f"  工作表“{b.sheet}” 第{b.row}行：小区“{b.estate}” → 物业企业“{b.company}”（黑名单）"
                  for b in self.blacklisted]
        return lines


def _again(plan: ImportPlan, blank_clears: bool) -> ImportPlan:
    """A plan for the same rows and choices, not yet run (its warnings kept, errors recomputed)."""
    report = ImportReport(plan.report.path,
                          problems=[p for p in plan.report.problems if p.severity != "error"])
    report.problems += [Problem(*t) for t in duplicate_problems(plan.duplicates, plan.columns)]
    return ImportPlan(report, plan.kind, blank_clears, plan.batches,
                      allow_blacklisted=plan.allow_blacklisted, columns=plan.columns,
                      mapping=plan.mapping, signature=plan.signature, remembered=plan.remembered,
                      headers=plan.headers, value_guesses=plan.value_guesses, sheets=plan.sheets,
                      confirmations=plan.confirmations, confirm_split=plan.confirm_split,
                      community=plan.community, duplicates=plan.duplicates)


def _with_keys(kind: str, rows: list[tuple[str, int, dict[str, Any]]],
               results: list[tuple[str, int, Any]]) -> list[tuple[str, int, Any, str]]:
    """Each row's result with its natural key; a row split in two (two names) gives its
    results in the order of its names."""
    queue: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for sh, rn, v in rows:
        queue.setdefault((sh, rn), []).append(v)
    out = []
    for sh, rn, r in results:
        q = queue[(sh, rn)]
        out.append((sh, rn, r, _key(kind, q.pop(0) if len(q) > 1 else q[0])))
    return out


def _label(kind: str, field_name: str) -> str:
    if not field_name:
        return ""
    try:
        return SPECS[kind].field(field_name).label
    except KeyError:
        return field_name


def _key(kind: str, values: dict[str, Any]) -> str:
    return " / ".join(str(values.get(k) or "") for k in SPECS[kind].natural_key)


class TransferService:
    """Import and export of registers from and to .xlsx/.csv files."""

    #: new rows written by executemany (:mod:`.import_write`); False only in the test comparing
    #: it with the per-row ORM flush
    _bulk = True

    def __init__(self, registers: RegisterService, mappings_file: Path | None = None) -> None:
        self.registers = registers
        self.mappings = MappingStore(mappings_file)

    def import_file(self, kind: str, path: Path,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None,
                    blank_clears: bool = False, allow_blacklisted: bool = False) -> ImportReport:
        """Preview and apply in one go (scripts and tests); the GUI and CLI show the preview
        first and call :meth:`apply` on confirmation. A row giving an estate a black-listed
        company makes the whole import refused unless ``allow_blacklisted``."""
        plan = self.preview(kind, path, blank_clears, progress, cancelled)
        if not plan.ok:
            return plan.report
        plan.allow_blacklisted = allow_blacklisted
        if plan.needs_confirmation:
            plan.report.problems += [
                Problem(b.sheet, b.row, "物业企业", f"小区“{b.estate}”的物业企业“{b.company}”在黑名单中，"
                        "未确认，本次没有导入任何数据（确需导入请加 --allow-blacklisted）。")
                for b in plan.blacklisted]
            plan.report.created.clear()
            plan.report.updated.clear()
            plan.report.unchanged.clear()
            return plan.report
        return self.apply(plan, progress, cancelled)

    def preview(self, kind: str, path: Path, blank_clears: bool = False,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                mapping: ImportMapping | None = None,
                decisions: dict[str, str] | None = None,
                duplicate_policy: str | None = None) -> ImportPlan:
        """Read the file and compute what importing it would do; nothing is written.

        ``kind`` is one register, or "all" for every register sheet of a workbook. A column
        absent from the file is left alone; a blank cell keeps the stored value unless
        ``blank_clears``. ``mapping``: the worker's sheet, column and value choices; without
        one, the mapping remembered for files with the same headers is applied (if any).
        ``decisions`` (group key → merge/keep) and ``duplicate_policy`` go over whichever
        mapping is used: the CLI's ``--merge``/``--keep`` must not cost the remembered one."""

        def chosen(m: ImportMapping) -> ImportMapping:
            if decisions or duplicate_policy is not None:
                return m.deciding(decisions or {}, duplicate_policy)
            return m

        plan = self._read(kind, Path(path), blank_clears, chosen(mapping or ImportMapping()))
        if mapping is None and plan.signature:
            remembered = self.mappings.get(plan.signature)
            if remembered is not None and not remembered.is_empty():
                plan = self._read(kind, Path(path), blank_clears, chosen(remembered))
                plan.remembered = True
        # Even with unreadable cells, the rows are run against the registers (and rolled back)
        # so that an unknown estate or a duplicate is reported now, with the cell errors, and
        # not in a second round after those are fixed. A row with a cell error is not judged
        # again: its "please fill in" would only repeat the cell's message.
        unreadable = {(p.sheet, p.row) for p in plan.report.problems if p.severity == "error"}
        if plan.report.fatal:
            return plan
        return self._run(plan, commit=False, progress=progress, cancelled=cancelled,
                         skip=unreadable)

    def remember(self, plan: ImportPlan) -> None:
        """Keep the plan's mapping for the next file with the same headers."""
        if plan.signature and not plan.mapping.is_empty():
            self.mappings.put(plan.signature, plan.mapping)

    def remembered(self, signature: str) -> ImportMapping | None:
        return self.mappings.get(signature)

    def _read(self, kind: str, path: Path, blank_clears: bool,
              mapping: ImportMapping) -> ImportPlan:
        """The file read with ``mapping``: rows, problems, headers and guesses; not yet run."""
        report = ImportReport(Path(path))
        plan = ImportPlan(report, kind, blank_clears, mapping=mapping)
        code = self.registers.community_code()
        try:
            if kind == "all":
                book = read_workbook(Path(path), [SPECS[k] for k in IMPORT_ORDER], code, mapping)
                plan.sheets = dict(book.sheets)
                results = [(k, book.results[k]) for k in IMPORT_ORDER if k in book.results]
                plan.community = self._community_sheet(Path(path), report)
                for iss in book.issues:
                    if plan.community is None or iss.sheet != plan.community.sheet:
                        report.problems.append(Problem.of(iss))
                if not results and plan.community is None:
                    report.fatal = "工作簿中没有找到任何台账工作表（小区、楼栋、楼长、物业企业、业委会）。"
                    return plan
            else:
                results = [(kind, read_register(Path(path), SPECS[kind], code, mapping=mapping))]
                plan.sheets = dict(results[0][1].sheets)
        except TabularError as exc:
            report.fatal = str(exc)
            return plan
        for _kind, res in results:
            for iss in res.issues:
                report.problems.append(Problem.of(iss))
            for name, guesses in res.value_guesses.items():
                plan.value_guesses.setdefault(name, {}).update(guesses)
        plan.batches = [(k, [(r.sheet, r.row, r.values) for r in res.rows]) for k, res in results]
        plan.batches, plan.confirmations = split_two_names(plan.batches)
        plan.columns = {k: dict(res.columns) for k, res in results}
        plan.headers = {k: dict(res.headers) for k, res in results}
        # The reader's "same key twice" errors become groups the worker decides on.
        plan.batches, plan.duplicates = find_duplicates(plan.batches, mapping, self.registers)
        report.problems = [p for p in report.problems if not is_reader_duplicate(p.message)]
        report.problems += [Problem(*t) for t in duplicate_problems(plan.duplicates, plan.columns)]
        plan.signature = header_signature(kind, [f"{k}:{h}" for k, res in results
                                                 for h in res.headers])
        return plan

    def replan(self, plan: ImportPlan, blank_clears: bool,
               progress: Callable[[int, int], None] | None = None) -> ImportPlan:
        """The same file's plan with the blank-cell choice changed (the file is not re-read)."""
        return self._run(_again(plan, blank_clears), commit=False, progress=progress)

    def apply(self, plan: ImportPlan, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> ImportReport:
        """Write exactly what ``plan`` previewed, in one transaction. If the registers changed
        since (so the same rows would now do something else), raise :class:`PlanOutdated` and
        write nothing. Black-listed companies the plan assigns must be confirmed
        (``plan.allow_blacklisted``), else :class:`BlacklistedCompany` is raised."""
        if not plan.ok:
            return plan.report
        plan.refuse_unconfirmed()
        if plan.needs_split_confirmation:
            raise SplitNotConfirmed(plan.confirmations)
        again = _again(plan, plan.blank_clears)
        self._run(again, commit=True, expect=plan, progress=progress, cancelled=cancelled)
        if again.report.ok:
            self.remember(plan)
        return again.report

    def _run(self, plan: ImportPlan, commit: bool, expect: ImportPlan | None = None,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None,
             skip: set[tuple[str, int]] | frozenset[tuple[str, int]] = frozenset()) -> ImportPlan:
        """Run the plan's rows through the registers in one transaction: collect what each row
        does, then roll back (preview) or commit (apply, only if it matches ``expect``)."""
        report = plan.report
        total = sum(len(rows) for _, rows in plan.batches)
        done = 0

        def tick(_i: int) -> None:
            nonlocal done
            done += 1
            if cancelled and done % 200 == 0 and cancelled():
                raise Cancelled
            if progress and (done % 200 == 0 or done == total):
                progress(done, total)

        entries: list[PlanEntry] = []
        if commit and plan.ok:
            # A way back from a wrong file: copied once, after the preview was accepted and
            # right before the write (a preview or a rejected file makes no copy).
            BackupService(self.registers.db).before_import()  # stamped with the real time, like backups
        try:
            with self.registers.db.unit_of_work() as s:
                if self._bulk:
                    start(s)  # a new building's units wait for write_new, out of the session
                res_cache = Resolver(s)
                made: set[str] = set()
                for k, rows in plan.batches:
                    # Black-listed assignments are collected, not refused, here: the preview
                    # lists them and :meth:`apply` writes them only when confirmed.
                    results, problems = self.registers.upsert_rows(
                        k, rows, s, res_cache, tick, plan.blank_clears, allow_blacklisted=True)
                    keyed = _with_keys(k, rows, results)
                    plan.blacklisted += [BlacklistedRow(sh, rn, key, r.blacklisted_company)
                                         for sh, rn, r, key in keyed if r.blacklisted_company]
                    for sh, rn, r, key in keyed:
                        action = NEW if r.created else UPDATE if r.changes else UNCHANGED
                        entries.append(PlanEntry(k, sh, rn, key, action,
                                                 r.id, tuple(r.changes), r.id in made))
                    headers = plan.columns.get(k, {})
                    report.problems += [Problem(sh, rn, headers.get(iss.field) or _label(k, iss.field),
                                                iss.message)
                                        for sh, rn, iss in problems if (sh, rn) not in skip]
                    made |= {getattr(o, "id", "") for o in [*s.new, *held(s)]}
                    if self._bulk:
                        write_new(s)  # new rows by executemany; updates flush below
                    s.flush()
                if plan.community is not None:
                    report.community, issues = apply_sheet(s, plan.community, plan.blank_clears)
                    report.problems += issues
                if not report.ok or not commit:
                    raise _Rollback
                if expect is not None and ([e.signature() for e in entries]
                                           != [e.signature() for e in expect.entries]
                                           or report.community != expect.report.community):
                    raise PlanOutdated
        except _Rollback:
            pass
        plan.entries = entries if report.ok else []
        if not report.ok:
            plan.blacklisted = []
        for k, _rows in plan.batches:
            report.created[k] = plan.count(NEW, k)
            report.updated[k] = plan.count(UPDATE, k)
            report.unchanged[k] = plan.count(UNCHANGED, k)
        if not report.ok:
            report.created.clear()
            report.updated.clear()
            report.unchanged.clear()
            report.community = []
        return plan

    def privacy_policy(self) -> PrivacyPolicy:
        """The county's rule for personal data on exports (newest published, or the default)."""
        with self.registers.db.session() as s:
            doc = newest_document(s, PRIVACY_DOCUMENT_KIND)
            if doc is None:
                return PrivacyPolicy()
            try:
                return parse_policy(doc.data, f"县级发布：{doc.data.get('name') or '个人信息保护规则'}")
            except PrivacyPolicyError:  # unreadable: the safer reading (masked) until fixed
                return PrivacyPolicy(mask_exports=True, source="县级规则无法读取，按隐藏处理")

    def export(self, kind: str, path: Path, full_phones: bool = False) -> int:
        """Write one register (or "all") to .xlsx; returns the number of rows written. Phone
        numbers are masked when the county's policy says so, unless the worker confirmed a
        full export (``full_phones``)."""
        kinds = IMPORT_ORDER if kind == "all" else (kind,)
        mask = self.privacy_policy().mask_exports and not full_phones
        sheets = []
        for k in kinds:
            rows = self.registers.rows(k)
            if mask:
                phones = phone_fields(SPECS[k])
                rows = [{**r, **{n: mask_phone(r.get(n)) for n in phones}} for r in rows]
            sheets.append((SPECS[k], rows))
        if kind == "all":
            sheets.append((COMMUNITY_SHEET, community_rows(self.registers.community())))
        write_registers(Path(path), sheets)
        return sum(len(rows) for _, rows in sheets)

    @staticmethod
    def _community_sheet(path: Path, report: ImportReport) -> CommunitySheet | None:
        """The workbook's 社区 sheet as read (its cell problems added to ``report``)."""
        name = find_sheet(path)
        if name is None:
            return None
        sheet = read_sheet(path, name)
        report.problems += sheet.issues
        return sheet

    def template(self, path: Path) -> None:
        write_template(Path(path), [SPECS[k] for k in IMPORT_ORDER])
