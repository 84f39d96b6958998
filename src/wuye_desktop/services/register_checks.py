"""Checks and adjustments a register row goes through before it is written, kept apart from
the register service: a company's grade from the county's bands, the county's read-only fields,
and a building number that is the stored one written another way."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..domain.credit import normalize_grade
from ..domain.fields import COUNTY_FIELDS, SPECS
from ..domain.normalise import building_key
from ..domain.validation import Issue
from ..storage.models_sync import county_record
from ..storage.outbox import to_wire
from .committees import load_bands


def credit_grade_of(s: Session, given: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """A company's grade as the county's bands say: a known spelling becomes the grade
    ("3A" → "AAA"); a new score without a grade of its own earns the grade of its band."""
    out = dict(given)
    if "credit_grade" in out:
        out["credit_grade"] = normalize_grade(out["credit_grade"])
    score = out.get("credit_score", current.get("credit_score"))
    touched = "credit_score" in out or "credit_grade" in out
    if touched and isinstance(score, int | float) and not out.get("credit_grade"):
        out["credit_grade"] = load_bands(s).grade_for(float(score)) if 0 <= score <= 100 else None
    return out



def keep_stored_spelling(given: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """A file's "1#" that found the stored "1号楼" leaves the stored spelling alone: the same
    building written another way is not a renaming."""
    out = dict(given)
    for name in ("number", "building_number"):
        new, old = out.get(name), current.get(name)
        if isinstance(new, str) and isinstance(old, str) and new != old \
                and building_key(new) == building_key(old):
            out[name] = old
    return out


def county_owned(s: Session, kind: str, name: object) -> tuple[str, ...]:
    """The fields of this record the county owns (its registry has a company of this name):
    the form shows them read-only, as its save would refuse another value."""
    if kind not in COUNTY_FIELDS or county_record(s, kind, name) is None:
        return ()
    return COUNTY_FIELDS[kind]


def county_issues(s: Session, kind: str, merged: dict[str, Any]) -> list[Issue]:
    """The county's fields are read-only here (forms and imports alike): a value other than
    the registry's is refused; an empty one is fine (the next pull fills it)."""
    county = county_record(s, kind, merged.get("name")) if kind in COUNTY_FIELDS else None
    if county is None:
        return []
    spec = SPECS[kind]
    out = []
    for name in COUNTY_FIELDS[kind]:
        mine = to_wire(merged.get(name))
        if mine is not None and mine != county.data.get(name):
            f = spec.field(name)
            shown = county.data.get(name)
            member = f.enum.parse(str(shown)) if f.enum is not None and shown is not None else None
            if member is not None:
                shown = member.label
            out.append(Issue(name, f"{f.label}由县住建部门统一发布（县里登记为“{shown or '空'}”），"
                                   "本机不能修改；如有异议请联系县住建部门。"))
    return out
