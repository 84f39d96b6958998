"""The duplicate step of an import: near-duplicate rows grouped, the worker's choice applied.

Runs on the typed rows before they are planned: groups within the file and against the
register (:mod:`..domain.duplicates`), each with the decision from the mapping (or the policy
``--duplicates merge``); merged groups become one row, a row merged into a register row takes
that row's spelling of its key so it updates it. Undecided groups, and "keep" where the
register's unique key would repeat, are problems naming the sheet and rows: nothing is written.
The CLI's preview names each group by its key, so the worker can decide it with ``--merge KEY``
or ``--keep KEY``.
"""

from __future__ import annotations

from typing import Any

from ..domain.duplicates import (
    ASK,
    DECISION_LABELS,
    KEEP,
    MERGE,
    DuplicateGroup,
    Row,
    find_groups,
    group_key,
    keep_refused_text,
    key_fields,
    merge_values,
    near_key,
    resolve,
    unique_key,
)
from ..domain.fields import SPECS
from ..domain.import_mapping import ImportMapping
from ..domain.normalise import building_key
from .registers import RegisterService

#: (sheet, row, column, message) of a problem the duplicate step finds
ProblemTuple = tuple[str, int, str, str]


def _labeller(kind: str) -> Any:
    def label(name: str) -> str:
        try:
            return SPECS[kind].field(name).label
        except KeyError:
            return name
    return label


def _strict(kind: str, values: dict[str, Any]) -> tuple[str, ...]:
    """The key as the register finds a row by: exact names, building numbers by meaning."""
    return tuple(building_key(str(values.get(f) or "")) if f in ("number", "building_number")
                 else str(values.get(f) or "") for f in key_fields(kind))


def _register_groups(kind: str, rows: list[Row], registers: RegisterService,
                     ) -> tuple[list[DuplicateGroup], dict[str, dict[str, Any]]]:
    """File rows that match a register row by near key but not as the register finds rows."""
    if not key_fields(kind):
        return [], {}
    index: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for reg in registers.rows(kind):
        k = near_key(kind, reg)
        if k is not None:
            index.setdefault(k, []).append(reg)
    label = SPECS[kind].label
    groups: list[DuplicateGroup] = []
    targets: dict[str, dict[str, Any]] = {}
    for sheet, row, values in rows:
        k = near_key(kind, values)
        regs = index.get(k, []) if k is not None else []
        if not regs or any(_strict(kind, r) == _strict(kind, values) for r in regs):
            continue  # a plain update, or nothing like it in the register
        reg = regs[0]
        shown = " / ".join(str(reg.get(f) or "") for f in key_fields(kind))
        refused = (keep_refused_text(label, [(sheet, row)], shown)
                   if unique_key(kind, reg) == unique_key(kind, values) else "")
        _m, conflicts = merge_values([{n: reg.get(n) for n in values}, values], _labeller(kind))
        key = group_key(kind, (*(k or ()), f"{sheet}#{row}"))
        written = " / ".join(str(values.get(f) or "") for f in key_fields(kind))
        groups.append(DuplicateGroup(kind, key, f"{label}“{written}”", [(sheet, row)],
                                     register=shown, keep_refused=refused, conflicts=conflicts))
        targets[key] = reg
    return groups, targets


def find_duplicates(batches: list[tuple[str, list[Row]]], mapping: ImportMapping,
                    registers: RegisterService,
                    ) -> tuple[list[tuple[str, list[Row]]], list[DuplicateGroup]]:
    """The batches with merged groups applied, and every group with its decision."""
    out: list[tuple[str, list[Row]]] = []
    groups: list[DuplicateGroup] = []
    for kind, rows in batches:
        labels = _labeller(kind)
        inside = find_groups(kind, SPECS[kind].label, rows, labels)
        for g in inside:
            g.decision = mapping.duplicates.get(g.key, MERGE if mapping.duplicate_policy == MERGE
                                                else ASK)
        rows = resolve(kind, rows, inside, labels)
        against, targets = _register_groups(kind, rows, registers)
        merged: dict[tuple[str, int], dict[str, Any]] = {}
        for g in against:
            g.decision = mapping.duplicates.get(g.key, MERGE if mapping.duplicate_policy == MERGE
                                                else ASK)
            if g.decision == MERGE:
                merged[g.rows[0]] = targets[g.key]
        rows = [(s, r, {**v, **{f: merged[(s, r)].get(f) for f in key_fields(kind)}})
                if (s, r) in merged else (s, r, v) for s, r, v in rows]
        out.append((kind, rows))
        groups += inside + against
    return out, groups


def duplicate_problems(groups: list[DuplicateGroup], columns: dict[str, dict[str, str]],
                       ) -> list[ProblemTuple]:
    """What stops the import: undecided groups, and groups kept apart that cannot be."""
    out: list[ProblemTuple] = []
    for g in groups:
        fields = key_fields(g.kind)
        column = columns.get(g.kind, {}).get(fields[-1]) or _labeller(g.kind)(fields[-1])
        if g.decision == KEEP and g.keep_refused:
            out += [(s, r, column, g.keep_refused) for s, r in g.rows[1:] or g.rows]
        elif g.decision == ASK:
            how = ("请在预览的“重复”页选择合并或分别保留（命令行用 --merge 键 或 --keep 键逐组决定，"
                   "或 --duplicates merge 全部合并）。")
            if g.register:
                s, r = g.rows[0]
                out.append((s, r, column, f"与已登记的{SPECS[g.kind].label}“{g.register}”可能是同一"
                            f"{SPECS[g.kind].label}（{g.label}）：{how}"))
                continue
            first_sheet, first_row = g.rows[0]
            for s, r in g.rows[1:]:
                other = f"第{first_row}行" if s == first_sheet else f"工作表“{first_sheet}”第{first_row}行"
                out.append((s, r, column, f"与{other}重复（{g.label}）：{how}"))
    return out


def decided_lines(groups: list[DuplicateGroup]) -> list[str]:
    """The preview's line per group: what it is, what was chosen, and its key (to change it)."""
    out = []
    for g in groups:
        clash = "；".join(f"{c.field}：{'、'.join(c.values)}，采用“{c.kept}”" for c in g.conflicts)
        out.append(f"疑似重复：{g.text()} → {DECISION_LABELS.get(g.decision, '待选择')}"
                   + (f"（不一致：{clash}）" if clash else "") + f"，键 \"{g.key}\"")
    return out


def undecided_lines(groups: list[DuplicateGroup]) -> list[str]:
    """Each undecided group with the options that decide it, ready to copy onto the command line
    (quoted: a key holds "|", which a shell would take for a pipe)."""
    ask = [g for g in groups if g.decision == ASK]
    if not ask:
        return []
    lines = [f"待选择的疑似重复（{len(ask)}组），命令行逐组加上其中一个选项："]
    for g in ask:
        keep = "（不能分别保留）" if g.keep_refused else f" 或 --keep \"{g.key}\""
        lines += [f"  {g.text()}", f"    --merge \"{g.key}\"{keep}"]
    return lines


def is_reader_duplicate(message: str) -> bool:
    """The reader's own "same key twice" error, which a group replaces."""
    return message.startswith("与第") and "行重复（" in message and "请删除或合并重复行" in message
