"""What the console's pages show, as plain tables: every figure comes from the synced rows
through the desktop's own rules (coverage from ``report.compute``, overdue from
``domain.inspections.is_overdue``, survey bands from ``domain.surveys``), filtered to what the
staff member may see (a sub-district viewer: only that 街道's communities)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from wuye_desktop.domain.enums import ListStatus, ManagementMode
from wuye_desktop.domain.errors import UserError
from wuye_desktop.domain.inspections import InspectionKind
from wuye_desktop.domain.surveys import SurveyAction, SurveyKind, satisfaction_band
from wuye_desktop.sync.protocol import COUNTY_SCOPE

from .. import report, report_selection
from ..accounts import Staff
from ..models import Community, Conflict, Device, Meta, Row, RowVersion
from ..setaside import counts_by_device

#: the seeds' targets, drawn as lines on the 概览 chart (the county may differ: the seeds
#: leave them as x%, and the 2027 plans ask for 95% and 100%)
TARGETS = {"coverage": 0.70, "committee": 0.70, "party": 0.50}
TARGET_LABELS = {"coverage": "专业化物业覆盖率", "committee": "业委会组建率", "party": "党组织覆盖率"}
_TARGETS_KEY = "console_targets"


class TargetError(UserError):
    """A target outside 0–100%."""


def targets(conn: Connection) -> dict[str, float]:
    """The county's own targets (``wuye-county targets``), the seeds' where it set none."""
    raw = conn.execute(select(Meta.value).where(Meta.key == _TARGETS_KEY)).scalar()
    saved = json.loads(raw) if raw else {}
    return {k: float(saved.get(k, v)) for k, v in TARGETS.items()}


def set_targets(conn: Connection, values: dict[str, float]) -> dict[str, float]:
    """Save some targets (fractions 0–1); the others keep their value."""
    for k, v in values.items():
        if k not in TARGETS or not 0 <= v <= 1:
            raise TargetError(f"{TARGET_LABELS.get(k, k)}的目标应在0%到100%之间。")
    merged = {**targets(conn), **values}
    conn.execute(delete(Meta).where(Meta.key == _TARGETS_KEY))
    conn.execute(insert(Meta).values(key=_TARGETS_KEY, value=json.dumps(merged)))
    return merged


@dataclass
class Table:
    """One table of a page: a title, headers, rows of plain values, and its export name."""

    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    name: str = "table"
    links: list[str] = field(default_factory=list)  # per row: a drill-down URL or ""


def mask_phone(value: Any) -> Any:
    """138****1234: a phone number as staff without the right to personal data see it."""
    text = str(value or "")
    digits = [c for c in text if c.isdigit()]
    if len(digits) < 7:
        return "****" if text else text
    return "".join(digits[:3]) + "****" + "".join(digits[-4:])


def visible_row(data: dict[str, Any], staff: Staff) -> dict[str, Any]:
    """A synced row for a drill-down: phone numbers masked unless the staff may see them (a
    county admin); PIPL / GB/T 35273 §7.2 — only what the task needs."""
    if staff.can_write:
        return data
    return {k: mask_phone(v) if "phone" in k else v for k, v in data.items()}


def overview(conn: Connection, staff: Staff, today: date
             ) -> tuple[list[report.Figures], list[report.Figures], report.Figures]:
    """(per sub-district, per community, the whole scope) figures the staff member may see."""
    communities, _ = report.compute(conn, today)
    mine = [f for f in communities if staff.sees(f.code)]
    subs: dict[str, report.Figures] = {}
    total = report.Figures("合计", "合计")
    for f in mine:
        subs.setdefault(f.code[:9], report.Figures(f.code[:9])).add(f)
        total.add(f)
    return sorted(subs.values(), key=lambda s: s.code), mine, total


FIGURE_HEADERS = ["代码", "名称", "小区数", "户数", "专业化物业覆盖率（按小区）", "专业化物业覆盖率（按户）",
                  "业委会组建率", "党组织覆盖率", "无物业小区", "巡查次数", "逾期整改", "升级督办"]


def figures_table(title: str, rows: list[report.Figures], name: str, link: bool) -> Table:
    t = Table(title, FIGURE_HEADERS, name=name)
    for f in rows:
        t.rows.append([f.code, f.name, f.estates, f.households, f.coverage, f.household_coverage,
                       f.committee_rate, f.party_rate, f.by_mode[ManagementMode.NONE.value],
                       f.inspections, f.overdue, f.escalated])
        t.links.append(f"/console/communities/{f.code}" if link else "")
    return t


def _rows(conn: Connection, table: str, staff: Staff, **where: Any) -> list[Any]:
    q = select(Row.row_id, Row.community_code, Row.data).where(
        Row.table_name == table, Row.deleted.is_(False), Row.community_code != COUNTY_SCOPE)
    for k, v in where.items():
        q = q.where(getattr(Row, k) == v)
    return [r for r in conn.execute(q) if staff.sees(r.community_code)]


def _names(conn: Connection, table: str, key: str = "name") -> dict[str, str]:
    return {r.row_id: str(r.data.get(key) or "") for r in conn.execute(
        select(Row.row_id, Row.data).where(Row.table_name == table))}


def _label(enum: Any, value: Any) -> str:
    parsed = enum.parse(value) if isinstance(value, str) else None
    return parsed.label if parsed is not None else str(value or "")


def inspections(conn: Connection, staff: Staff, today: date, community: str | None = None
                ) -> tuple[Table, Table]:
    """(final inspections with scores, overdue or escalated rectifications)."""
    estates, companies = _names(conn, "estates"), _names(conn, "companies")
    done = Table("巡查与考核", ["社区", "小区", "物业企业", "类型", "日期", "得分", "结论"], name="inspections")
    for r in _rows(conn, "inspections", staff):
        d = r.data
        if (community and r.community_code != community) or d.get("status", "final") != "final":
            continue
        passed = d.get("passed")
        done.rows.append([r.community_code, estates.get(d.get("estate_id") or "", ""),
                          companies.get(d.get("company_id") or "", ""),
                          _label(InspectionKind, d.get("kind")), str(d.get("inspected_on") or ""),
                          d.get("score"), "" if passed is None else ("合格" if passed else "不合格")])
        done.links.append(f"/console/inspections/{r.row_id}")
    late = Table("逾期与升级督办的整改", ["社区", "小区", "物业企业", "问题", "期限", "逾期", "升级督办"],
                 name="rectifications")
    for r in _rows(conn, "rectifications", staff):
        d = r.data
        overdue, escalated = report.row_overdue(d, today), bool(d.get("escalated_on"))
        if (community and r.community_code != community) or not (overdue or escalated):
            continue
        late.rows.append([r.community_code, estates.get(d.get("estate_id") or "", ""),
                          companies.get(d.get("company_id") or "", ""), d.get("description", ""),
                          str(d.get("deadline") or ""), "是" if overdue else "",
                          str(d.get("escalated_on") or "")])
        late.links.append(f"/console/inspections/{d.get('inspection_id')}")
    done.rows.sort(key=lambda x: x[4], reverse=True)
    return done, late


def inspection_items(conn: Connection, staff: Staff, inspection_id: str
                     ) -> tuple[str, Table, list[tuple[str, str]]] | None:
    """(community, items table, photos as (sha256, caption)) of one inspection in scope."""
    head = conn.execute(select(Row.community_code).where(
        Row.table_name == "inspections", Row.row_id == inspection_id)).scalar()
    if head is None:
        return None
    t = Table("检查项", ["编号", "结果", "得分", "说明"], name="items")
    if not staff.sees(head):
        return head, t, []
    for r in _rows(conn, "inspection_items", staff, community_code=head):
        if r.data.get("inspection_id") == inspection_id:
            d = r.data
            t.rows.append([d.get("item_code", ""), {"pass": "合格", "fail": "不合格", "na": "不适用"}.get(
                str(d.get("result")), ""), d.get("points"), d.get("note") or ""])
    t.rows.sort(key=lambda x: str(x[0]))
    photos = [(str(r.data.get("sha256")), str(r.data.get("caption") or r.data.get("item_code") or ""))
              for r in _rows(conn, "inspection_photos", staff, community_code=head)
              if r.data.get("inspection_id") == inspection_id]
    return head, t, photos


def surveys(conn: Connection, staff: Staff) -> tuple[Table, Table]:
    """(satisfaction surveys with their band and prescribed action, complaint rates per company)."""
    estates, companies = _names(conn, "estates"), _names(conn, "companies")
    t = Table("满意度测评", ["社区", "小区", "物业企业", "期次", "满意率（%）", "分档", "规定动作", "落实"],
              name="surveys")
    for r in _rows(conn, "surveys", staff):
        d = r.data
        if d.get("kind") != SurveyKind.SATISFACTION.value:
            continue
        action = SurveyAction.parse(d.get("action")) if isinstance(d.get("action"), str) else None
        band = satisfaction_band(action) if action else None
        t.rows.append([r.community_code, estates.get(d.get("estate_id") or "", ""),
                       companies.get(d.get("company_id") or "", ""), d.get("period", ""), d.get("rate"),
                       band.label if band else "", action.label if action else "",
                       "已落实" if d.get("action_status") == "done" else "待落实"])
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for r in _rows(conn, "complaints", staff):
        d = r.data
        c = per[companies.get(d.get("company_id") or "", "") or "（未指明企业）"]
        c[0] += 1
        c[1] += bool(d.get("responded_at"))
        c[2] += bool(d.get("closed_at"))
        c[3] += d.get("satisfied") is True
        c[4] += d.get("satisfied") is not None
    ct = Table("投诉（按物业企业）", ["物业企业", "投诉数", "响应率", "办结率", "满意率"], name="complaints")
    for name, (n, resp, closed, sat, asked) in sorted(per.items()):
        ct.rows.append([name, n, resp / n, closed / n, sat / asked if asked else ""])
    return t, ct


def selections(conn: Connection, staff: Staff) -> Table:
    """Each estate's latest 物业选聘 (stage, method, selected company, filing) the staff may see."""
    t = Table("物业选聘（各小区最近一次）", list(report_selection.HEADERS), name="selections")
    t.rows = [s.row() for s in report_selection.estate_selections(conn) if staff.sees(s.community_code)]
    return t


def companies(conn: Connection) -> list[dict[str, Any]]:
    """The county registry (reference rows), newest first by name."""
    rows = conn.execute(select(Row.row_id, Row.version, Row.data).where(
        Row.table_name == "companies", Row.community_code == COUNTY_SCOPE, Row.deleted.is_(False)))
    out = [{"id": r.row_id, "version": r.version, **r.data} for r in rows]
    return sorted(out, key=lambda c: str(c.get("name", "")))


def companies_table(items: list[dict[str, Any]]) -> Table:
    t = Table("物业企业名录", ["企业名称", "统一社会信用代码", "信用等级", "信用分", "红黑名单", "负责人", "版本"],
              name="companies")
    for c in items:
        t.rows.append([c.get("name", ""), c.get("credit_code", ""), c.get("credit_grade", ""),
                       c.get("credit_score"), _label(ListStatus, c.get("list_status") or "none"),
                       c.get("manager", ""), c.get("version")])
    return t


def templates(conn: Connection) -> Table:
    """Every published version of every county template."""
    t = Table("已发布模板（含历史版本）", ["名称", "类型", "版本", "发布时间", "发布人"], name="templates")
    for r in conn.execute(select(RowVersion.data, RowVersion.version, RowVersion.created_at,
                                 RowVersion.user).where(RowVersion.table_name == "templates",
                                                        RowVersion.community_code == COUNTY_SCOPE)
                          .order_by(RowVersion.seq.desc())):
        k = str(r.data.get("kind") or "")
        kind = "通知模板" if k == "notice" else f"巡查检查表（{_label(InspectionKind, k)}）" \
            if "sections" in r.data else k
        t.rows.append([r.data.get("name", ""), kind, r.version, r.created_at, r.user])
    return t


def devices(conn: Connection, staff: Staff) -> Table:
    names = dict(conn.execute(select(Community.code, Community.name)).all())
    pending = dict(conn.execute(select(Conflict.community_code, func.count()).where(
        Conflict.resolved_at.is_(None)).group_by(Conflict.community_code)).all())
    set_aside = counts_by_device(conn)
    t = Table("设备", ["社区代码", "社区", "设备名称", "设备编号", "注册时间", "最近同步", "版本", "待核实冲突",
                     "无法保存的记录", "状态"], name="devices")
    reasons = {"retired": "已被重新注册取代", "token-reuse": "凭据被重复使用，已自动停用", "revoked": "已停用"}
    for d in conn.execute(select(Device).order_by(Device.community_code, Device.created_at)):
        if not staff.sees(d.community_code):
            continue
        state = "正常" if d.revoked_at is None else reasons.get(d.revoked_reason or "revoked", "已停用")
        t.rows.append([d.community_code, names.get(d.community_code, ""), d.name, d.id, d.created_at,
                       d.last_seen_at, d.app_version, pending.get(d.community_code, 0),
                       set_aside.get(d.id, 0), state])
    return t
