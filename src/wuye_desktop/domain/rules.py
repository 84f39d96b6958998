"""Record-level rules: which checks apply to which register.

``validate_record`` works on plain dicts of already-typed values (str, int, float, date, bool,
enum members) so the form, the importer and the sync engine call the same code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .fields import EntitySpec, FieldType
from .validation import (
    Issue,
    check_credit_code,
    check_estate_community,
    check_non_negative,
    check_phone,
    check_required,
    check_term,
    check_year,
)
from .values import number_problem, text_problem


def validate_record(spec: EntitySpec, values: dict[str, Any], community_code: str | None = None,
                    today: date | None = None) -> list[Issue]:
    """All field-level and record-level issues of one record (cross-record checks are storage's)."""
    issues: list[Issue] = []
    for f in spec.fields:
        v = values.get(f.name)
        if f.required:
            issues += check_required(v, f.name, f.label)
        if isinstance(v, str) and len(v) > f.max_length:
            issues.append(Issue(f.name, f"{f.label}太长（{len(v)}字），最多{f.max_length}字。"))
        if isinstance(v, str):
            problem = text_problem(v, f.label, f.max_length)
            if problem and len(v) <= f.max_length:
                issues.append(Issue(f.name, problem))
        if f.type in (FieldType.INT, FieldType.FLOAT) and isinstance(v, int | float):
            negative = check_non_negative(v, f.name, f.label)
            problem = None if negative else number_problem(f, v)
            issues += negative or ([Issue(f.name, problem)] if problem else [])
        elif f.type is FieldType.YEAR and isinstance(v, int):
            issues += check_year(v, f.name, f.label, today)
        elif f.type is FieldType.PHONE and v:
            issues += check_phone(v, f.name)
    if spec.kind == "estates" and community_code:
        issues += check_estate_community(values.get("community_code"), community_code)
    if spec.kind in ("estates",):
        issues += check_term(values.get("contract_start"), values.get("contract_end"),
                             "contract_end", "合同")
    if spec.kind in ("leads", "committees"):
        issues += check_term(values.get("term_start"), values.get("term_end"))
    if spec.kind == "companies":
        issues += check_credit_code(values.get("credit_code"))
    if spec.kind == "buildings":
        fa, fb = values.get("floors_above"), values.get("floors_below")
        if isinstance(fa, int) and fa == 0 and not fb:
            issues.append(Issue("floors_above", "地上层数不能为0。"))
    return issues


def duplicate_building_issue(number: str, estate: str) -> Issue:
    return Issue("number", f"小区“{estate}”已有楼栋号“{number}”，同一小区内楼栋号不能重复。")


def unknown_ref_issue(field: str, label: str, value: str, what: str) -> Issue:
    return Issue(field, f"{label}“{value}”在{what}登记中不存在，请先登记{what}或改正名称。")
