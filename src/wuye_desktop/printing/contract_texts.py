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
#: the ``kind`` of a county document that replaces the clause texts (``wuye-county templates
#: publish`` of a file shaped like ``contract_clauses.json``)
CLAUSES_DOCUMENT_KIND = "合同条款"
#: each clause field and what the contract calls it (messages name both)
CLAUSE_FIELDS = {"owners_duties": "甲方义务", "company_duties": "乙方义务", "no_transfer": "不得转委托",
                 "commission": "酬金制条款", "lump_sum": "包干制条款", "termination": "合同解除与终止"}
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
    #: which text this is, printed on the contract ("内置示范文本（第1版）", "县级发布…（第3版）")
    source: str = "内置示范文本"


def _named(key: str) -> str:
    return f"“{CLAUSE_FIELDS[key]}”（{key}）" if key in CLAUSE_FIELDS else f"“{key}”"


def _texts(data: Mapping[str, Any], key: str, what: str) -> tuple[str, ...]:
    v = data.get(key)
    if isinstance(v, str) or not isinstance(v, list) or not v:
        raise TemplateError(f"{what}的{_named(key)}应为非空的条款文字列表，请补上后再发布。")
    for n, x in enumerate(v, start=1):
        if not isinstance(x, str) or not x.strip():
            raise TemplateError(f"{what}的{_named(key)}第{n}条不是条款文字（为空或不是文字），"
                                "请改正后再发布。")
    return tuple(v)


def _text(data: Mapping[str, Any], key: str, what: str) -> str:
    v = data.get(key)
    if not isinstance(v, str) or not v.strip():
        raise TemplateError(f"{what}缺少{_named(key)}条款文字，请补上后再发布。")
    return v


def parse_clauses(data: Mapping[str, Any], source: str = "") -> ContractClauses:
    """Validate a clause mapping (as loaded from JSON). Raises :class:`TemplateError` naming the
    clause field and item. ``source`` says which text it is (printed on the contract)."""
    if not isinstance(data, Mapping):
        raise TemplateError("合同条款模板应为一个 JSON 对象（与 contract_clauses.json 同样的格式）。")
    name = str(data.get("name") or "").strip()
    what = f"合同条款模板“{name}”" if name else "合同条款模板"
    unknown = sorted(k for k in data if isinstance(k, str) and k not in CLAUSE_FIELDS
                     and k not in ("id", "version", "kind", "name", "note"))
    if unknown:
        raise TemplateError(f"{what}中有不认识的条款“{'、'.join(unknown)}”；可用的条款为："
                            f"{'、'.join(f'{k}（{v}）' for k, v in CLAUSE_FIELDS.items())}。")
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise TemplateError(f"{what}的版本号“version”应为正整数。")
    return ContractClauses(
        owners_duties=_texts(data, "owners_duties", what), company_duties=_texts(data, "company_duties", what),
        no_transfer=_text(data, "no_transfer", what), commission=_texts(data, "commission", what),
        lump_sum=_text(data, "lump_sum", what), termination=_texts(data, "termination", what),
        source=source or f"内置示范文本（第{version or 1}版）")


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
