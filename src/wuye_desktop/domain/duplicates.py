"""Near-duplicate rows in an import: the same estate, building or person written twice.

Offices type registers by hand, so one building comes as "1#" and "1号楼", one estate as
"幸福 小区" and "幸福小区", one person as "张  伟" and "张伟". Rows whose *near key* matches
(names without spaces or width differences, building numbers by :func:`building_key`, people by
name and estate) form a :class:`DuplicateGroup`, within the file or against a register row. The
worker decides per group: :data:`MERGE` (one row; later non-empty values fill the earlier, the
fields that disagree are listed) or :data:`KEEP` (separate rows), which is refused where the
register's unique key would be repeated. Nothing here guesses: an undecided group is asked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .normalise import building_key, squeeze_name

MERGE, KEEP = "merge", "keep"
#: A group the worker has not decided yet (the CLI's ``--duplicates ask``).
ASK = "ask"
DECISION_LABELS = {MERGE: "合并", KEEP: "分别保留"}

Row = tuple[str, int, dict[str, Any]]


@lru_cache(maxsize=65536)
def _name_text(v: str) -> str:
    return unicodedata.normalize("NFKC", squeeze_name(v)).replace(" ", "").casefold()


def _name(v: Any) -> str:
    # Cached: a file of 100,000 rows names a few dozen estates over and over.
    return _name_text(str(v or ""))


@lru_cache(maxsize=65536)
def _building_text(v: str) -> str:
    return building_key(v)


def _building(v: Any) -> str:
    return _building_text(str(v or ""))


#: kind → (near key fields, unique key fields), each with the normaliser it is compared by.
#: A lead is "the same person" by name and estate; the register allows one name in two
#: buildings, so its unique key adds the building and keeping both can be valid.
_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "estates": (("name",), ("name",)),
    "companies": (("name",), ("name",)),
    "buildings": (("estate_name", "number"), ("estate_name", "number")),
    "leads": (("estate_name", "name"), ("estate_name", "building_number", "name")),
    "committees": (("estate_name",), ("estate_name",)),
    "members": (("estate_name", "name"), ("estate_name", "name")),
    "units": (("estate_name", "building_number", "number"),
              ("estate_name", "building_number", "number")),
}
_NORMALISERS: dict[str, Callable[[Any], str]] = {"number": _building,
                                                 "building_number": _building}


def _norm(fields: tuple[str, ...], values: dict[str, Any]) -> tuple[str, ...] | None:
    key = tuple(_NORMALISERS.get(f, _name)(values.get(f)) for f in fields)
    return None if any(not k for k in key) else key


def near_key(kind: str, values: dict[str, Any]) -> tuple[str, ...] | None:
    """The normalised key rows of ``kind`` are near-duplicates by (None: no key, never grouped)."""
    return _norm(_KEYS[kind][0], values) if kind in _KEYS else None


def unique_key(kind: str, values: dict[str, Any]) -> tuple[str, ...] | None:
    """The register's unique key, normalised: two rows with the same one cannot both be kept."""
    return _norm(_KEYS[kind][1], values) if kind in _KEYS else None


def key_fields(kind: str) -> tuple[str, ...]:
    """The fields a register row's spelling is taken from when a file row is merged into it."""
    return _KEYS[kind][1] if kind in _KEYS else ()


@dataclass(frozen=True)
class Conflict:
    """A field two merged rows fill differently; ``kept`` is the value the merge writes."""

    field: str
    values: tuple[str, ...]
    kept: str


@dataclass
class DuplicateGroup:
    """Rows of one register that look like the same thing, and what the worker chose."""

    kind: str
    key: str  # stable over replans of the same file: the decision is remembered by it
    label: str  # what the rows are, as written first ("楼栋 幸福小区 / 1号楼")
    rows: list[tuple[str, int]]  # the file's rows, in file order
    #: the register row they match, as it is written there ("" for a group within the file)
    register: str = ""
    #: why keeping the rows apart is refused ("" when the register allows it)
    keep_refused: str = ""
    conflicts: list[Conflict] = field(default_factory=list)
    decision: str = ASK

    def where(self) -> str:
        return "、".join(f"工作表“{s}” 第{r}行" for s, r in self.rows)

    def text(self) -> str:
        against = f"与已登记的“{self.register}”" if self.register else "互相"
        return f"{self.label}：{self.where()}{against}重复"


def merge_values(rows: list[dict[str, Any]], labels: Callable[[str], str] = str,
                 ) -> tuple[dict[str, Any], list[Conflict]]:
    """One row from several: later non-empty values fill the earlier; every field the rows fill
    with different values is a :class:`Conflict` (the later value is the one kept)."""
    merged: dict[str, Any] = {}
    seen: dict[str, list[Any]] = {}
    for values in rows:
        for name, v in values.items():
            if v is None or v == "":
                merged.setdefault(name, v)
                continue
            merged[name] = v
            if all(v != w for w in seen.get(name, [])):
                seen.setdefault(name, []).append(v)
    conflicts = [Conflict(labels(n), tuple(_show(v) for v in vs), _show(merged[n]))
                 for n, vs in seen.items() if len(vs) > 1]
    return merged, conflicts


def _show(v: Any) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    label = getattr(v, "label", None)
    return str(label) if isinstance(label, str) else str(v)


def group_key(kind: str, near: tuple[str, ...]) -> str:
    return "|".join((kind, *near))


def find_groups(kind: str, label: str, rows: list[Row], labels: Callable[[str], str] = str,
                ) -> list[DuplicateGroup]:
    """Groups of two or more rows of the file with the same near key, in file order."""
    by_key: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        k = near_key(kind, row[2])
        if k is not None:
            by_key.setdefault(k, []).append(row)
    groups = []
    for k, members in by_key.items():
        if len(members) < 2:
            continue
        uniques = [unique_key(kind, v) for _s, _r, v in members]
        refused = ""
        if len(set(uniques)) < len(uniques):
            refused = keep_refused_text(label, [(s, r) for s, r, _ in members])
        _merged, conflicts = merge_values([v for _s, _r, v in members], labels)
        groups.append(DuplicateGroup(kind, group_key(kind, k), _describe(kind, label, members[0][2]),
                                     [(s, r) for s, r, _ in members], keep_refused=refused,
                                     conflicts=conflicts))
    return groups


def keep_refused_text(label: str, rows: list[tuple[str, int]], register: str = "") -> str:
    """Why rows of one register thing cannot be kept apart, naming the sheet and rows."""
    where = "、".join(f"工作表“{s}” 第{r}行" for s, r in rows)
    what = f"与已登记的“{register}”" if register else ""
    return (f"{where}{what}是同一{label}，{label}不能重复登记，不能分别保留；"
            "请选择合并，或删除重复的行后重新导入。")


def _describe(kind: str, label: str, values: dict[str, Any]) -> str:
    fields = _KEYS[kind][1]
    return f"{label}“{' / '.join(str(values.get(f) or '') for f in fields)}”"


def resolve(kind: str, rows: list[Row], groups: list[DuplicateGroup],
            labels: Callable[[str], str] = str) -> list[Row]:
    """``rows`` with each merged group as one row (at its first row's place); kept and undecided
    groups leave their rows as they are."""
    merged_into: dict[tuple[str, int], DuplicateGroup] = {}
    for g in groups:
        if g.decision == MERGE and not g.register:
            for where in g.rows:
                merged_into[where] = g
    members: dict[str, list[dict[str, Any]]] = {}
    for s, r, v in rows:
        into = merged_into.get((s, r))
        if into is not None:
            members.setdefault(into.key, []).append(v)
    out: list[Row] = []
    for s, r, v in rows:
        into = merged_into.get((s, r))
        if into is None:
            out.append((s, r, v))
        elif (s, r) == into.rows[0]:
            out.append((s, r, merge_values(members[into.key], labels)[0]))
    return out
