"""Contract clause texts and the 物业服务标准 attachment, as data.

The defaults ship in ``resources/templates/contracts/`` (``contract_clauses.json`` and one
``service_standard_<n>.json`` per service grade 一/二/三级); a county replaces them by handing
its own mapping to :func:`parse_clauses` / :func:`parse_standard`. They are model texts: a
lawyer must review them before a contract is signed (see docs/printing/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from .templates import TemplateError

_GRADE_FILE = {"一": "1", "二": "2", "三": "3"}
#: the standard attached when the contract states no grade (the lowest of the three)
DEFAULT_GRADE = "三"


@dataclass(frozen=True, slots=True)
class ServiceStandard:
    """附件：物业服务标准 — sections of requirements for one service grade."""

    grade: str
    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class ContractClauses:
    """Clauses of the service contract the county may replace (民法典 941, 946–950 …)."""

    owners_duties: tuple[str, ...]
    company_duties: tuple[str, ...]
    no_transfer: str
    commission: tuple[str, ...]  # 酬金制
    lump_sum: str  # 包干制
    termination: tuple[str, ...]


def _texts(data: Mapping[str, Any], key: str, what: str) -> tuple[str, ...]:
    v = data.get(key)
    if isinstance(v, str) or not isinstance(v, list) or not v or not all(isinstance(x, str) for x in v):
        raise TemplateError(f"{what}的“{key}”应为非空的条款文字列表。")
    return tuple(v)


def _text(data: Mapping[str, Any], key: str, what: str) -> str:
    v = data.get(key)
    if not isinstance(v, str) or not v.strip():
        raise TemplateError(f"{what}缺少“{key}”条款文字。")
    return v


def parse_clauses(data: Mapping[str, Any]) -> ContractClauses:
    """Validate a clause mapping (as loaded from JSON). Raises :class:`TemplateError`."""
    what = "合同条款模板"
    return ContractClauses(
        owners_duties=_texts(data, "owners_duties", what), company_duties=_texts(data, "company_duties", what),
        no_transfer=_text(data, "no_transfer", what), commission=_texts(data, "commission", what),
        lump_sum=_text(data, "lump_sum", what), termination=_texts(data, "termination", what))


def parse_standard(data: Mapping[str, Any]) -> ServiceStandard:
    """Validate a service-standard mapping (as loaded from JSON). Raises :class:`TemplateError`."""
    grade = str(data.get("grade", ""))
    what = f"物业服务标准（{grade or '未注明等级'}）"
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise TemplateError(f"{what}的“sections”应为非空列表。")
    out = []
    for s in sections:
        if not isinstance(s, Mapping) or not str(s.get("name", "")).strip():
            raise TemplateError(f"{what}中有一节缺少名称（name）。")
        out.append((str(s["name"]), _texts(s, "items", f"{what}“{s['name']}”一节")))
    return ServiceStandard(grade=grade, title=str(data.get("title") or f"物业服务标准（{grade}级）"),
                           sections=tuple(out), note=str(data.get("note", "")))


def _load(name: str) -> Mapping[str, Any]:
    entry = files("wuye_desktop.resources") / "templates" / "contracts" / name
    data: Mapping[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
    return data


@cache
def builtin_clauses() -> ContractClauses:
    """The shipped clause texts."""
    return parse_clauses(_load("contract_clauses.json"))


@cache
def builtin_standard(grade: str) -> ServiceStandard:
    """The shipped standard for grade 一/二/三 (another or no grade: the 三级 standard)."""
    return parse_standard(_load(f"service_standard_{_GRADE_FILE.get(grade, _GRADE_FILE[DEFAULT_GRADE])}.json"))
