"""The county report's 物业选聘 part: each estate's latest selection (stage, method, the
selected company, the filing), read from the synced ``selections`` rows.

Stage and method labels come from :mod:`wuye_desktop.domain.selection` (one rule per fact).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from wuye_desktop.domain.selection import SelectionMethod, SelectionStage
from wuye_desktop.sync.protocol import COUNTY_SCOPE

from .models import Row

HEADERS = ["社区代码", "小区", "选聘阶段", "选聘方式", "选定企业", "公示结束", "备案日期", "合同结束"]


@dataclass(frozen=True)
class EstateSelection:
    """One estate's latest selection as the report prints it."""

    community_code: str
    estate: str
    stage: str
    method: str
    company: str
    publication_end: str
    filed_on: str
    contract_end: str

    def row(self) -> list[Any]:
        return [self.community_code, self.estate, self.stage, self.method, self.company,
                self.publication_end, self.filed_on, self.contract_end]


def _label(enum: type[SelectionStage] | type[SelectionMethod], code: Any) -> str:
    m = enum.parse(str(code or ""))
    return m.label if m is not None else str(code or "")


def estate_selections(conn: Connection) -> list[EstateSelection]:
    """The latest live selection of every estate that has one, by community and estate name."""
    rows = conn.execute(select(Row.table_name, Row.row_id, Row.community_code, Row.data).where(
        Row.deleted.is_(False), Row.community_code != COUNTY_SCOPE,
        Row.table_name.in_(["estates", "companies", "selections"]))).all()
    names = {(t, rid): str(d.get("name") or "") for t, rid, _c, d in rows if t != "selections"}
    latest: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for t, _rid, code, d in rows:
        estate = str(d.get("estate_id") or "")
        if t != "selections" or not estate:
            continue
        key = str(d.get("started_on") or "")
        if key >= latest.get(estate, ("", "", {}))[0]:
            latest[estate] = (key, code, d)
    out = [EstateSelection(
        community_code=code, estate=names.get(("estates", estate), estate),
        stage=_label(SelectionStage, d.get("stage")), method=_label(SelectionMethod, d.get("method")),
        company=names.get(("companies", str(d.get("company_id") or "")), ""),
        publication_end=str(d.get("publication_end") or ""), filed_on=str(d.get("filed_on") or ""),
        contract_end=str(d.get("contract_end") or ""))
        for estate, (_k, code, d) in latest.items()]
    return sorted(out, key=lambda x: (x.community_code, x.estate))


def as_lines(items: list[EstateSelection]) -> list[str]:
    return ["== 物业选聘（各小区最近一次） ==", "\t".join(HEADERS),
            *["\t".join(str(x) for x in s.row()) for s in items]]
