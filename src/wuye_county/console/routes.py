"""The console's pages (``/console/…``): every route asks for the session first, then checks
the role (writes: county admin; 审计: admin or auditor) and the sub-district scope on the server,
whatever the page showed. Lists answer ``?format=xlsx`` with the same table as a workbook, and
every export is audited."""

# No `from __future__ import annotations`: FastAPI must see the closures in the signatures.

from datetime import datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from wuye_desktop.domain.validation import check_community_code, errors

from .. import accounts, audit, auth, reference
from ..accounts import Staff
from ..models import Device, Photo, Row
from ..provision import Community, issue_codes
from . import chart, data
from .export import XLSX, workbook
from .web import (
    COOKIE,
    LOGIN_COOKIE,
    Console,
    Forbidden,
    check_csrf,
    check_login_csrf,
    client_ip,
    current,
    form,
    new_token,
    require_audit,
    require_scope,
    require_write,
    set_session_cookie,
)

Fmt = Annotated[str, Query(alias="format", max_length=8)]
MAX_CODES = 500


def build_router(console: Console) -> APIRouter:
    r = APIRouter(prefix="/console")

    def tables_or_page(request: Request, fmt: str, name: str, tables: list[data.Table],
                       template: str = "", **ctx: Any) -> Response:
        staff = request.state.staff
        if fmt == "xlsx":
            console.audit(request, staff.username, "export", name,
                          tables=[t.name for t in tables])
            return Response(workbook(*tables), media_type=XLSX, headers={
                "Content-Disposition": f'attachment; filename="{name}.xlsx"'})
        return console.render(request, template or f"{name}.html", tables=tables, **ctx)

    def back(to: str) -> RedirectResponse:
        return RedirectResponse(to, 303)

    async def admin_form(request: Request) -> tuple[Staff, dict[str, str]]:
        """A change: the session, its CSRF token, then the county-admin role."""
        staff = current(console, request)
        fields = await form(request)
        check_csrf(request, fields)
        require_write(staff)
        return staff, fields

    @r.get("/login")
    def login_page(request: Request, error: str = "") -> Response:
        token = new_token()
        resp = console.render(request, "login.html", login_csrf=token,
                              error=error[:100] if error else "")
        set_session_cookie(resp, request, LOGIN_COOKIE, token, 1800)
        return resp

    @r.post("/login")
    async def login(request: Request) -> Response:
        fields = await form(request)
        check_login_csrf(request, fields)
        username, password = fields.get("username", "")[:64], fields.get("password", "")[:256]
        ip = client_ip(request)
        if console.login_limit.blocked(ip):
            console.audit(request, username or "?", "login-failed", outcome="refused",
                          reason="rate-limit")
            return console.render(request, "login.html", 429, login_csrf=fields.get("csrf", ""),
                                  error="登录尝试过于频繁，请一分钟后再试。")
        got = console.write(lambda c: accounts.login(c, console.now(), username, password))
        if got.error:
            console.login_limit.allow(ip)
            action = "login-locked" if got.locked_now else "login-failed"
            console.audit(request, username or "?", action, outcome="refused")
            return console.render(request, "login.html", 401, login_csrf=fields.get("csrf", ""),
                                  error=got.error)
        console.audit(request, username, "login")
        resp = back("/console/")
        set_session_cookie(resp, request, COOKIE, got.token,
                           int(accounts.SESSION_TTL.total_seconds()))
        resp.delete_cookie(LOGIN_COOKIE, path="/console")
        return resp

    @r.post("/logout")
    async def logout(request: Request) -> Response:
        staff = current(console, request)
        check_csrf(request, await form(request))
        console.write(lambda c: accounts.logout(c, request.cookies.get(COOKIE, "")))
        console.audit(request, staff.username, "logout")
        resp = back("/console/login")
        resp.delete_cookie(COOKIE, path="/console")
        return resp

    @r.get("/")
    def overview(request: Request, fmt: Fmt = "") -> Response:
        staff = current(console, request)
        with console.engine.connect() as conn:
            subs, communities, total = data.overview(conn, staff, console.clock.today())
            goals = data.targets(conn)
        groups = subs if len(subs) > 1 else communities
        svg = chart.bars([g.name or g.code for g in groups], [
            chart.Series("专业化物业覆盖率（按户）", "#2f6fb3", [g.household_coverage for g in groups],
                         goals["coverage"]),
            chart.Series("业委会组建率", "#d9822b", [g.committee_rate for g in groups],
                         goals["committee"]),
            chart.Series("党组织覆盖率", "#c23b22", [g.party_rate for g in groups], goals["party"]),
        ])
        tables = [data.figures_table("按街道", subs, "subdistricts", False),
                  data.figures_table("按社区", communities, "communities", True)]
        return tables_or_page(request, fmt, "overview", tables, total=total, chart=svg,
                              targets=goals)

    @r.get("/communities/{code}")
    def community(request: Request, code: str, fmt: Fmt = "") -> Response:
        staff = current(console, request)
        require_scope(staff, code)
        with console.engine.connect() as conn:
            done, late = data.inspections(conn, staff, console.clock.today(), community=code)
            _, communities, _ = data.overview(conn, staff, console.clock.today())
        figures = [f for f in communities if f.code == code]
        return tables_or_page(request, fmt, "inspections", [
            data.figures_table("社区概况", figures, "community", False), done, late],
            template="tables.html", heading=f"社区 {figures[0].name if figures else ''}（{code}）")

    @r.get("/inspections")
    def inspections(request: Request, fmt: Fmt = "") -> Response:
        staff = current(console, request)
        with console.engine.connect() as conn:
            done, late = data.inspections(conn, staff, console.clock.today())
        return tables_or_page(request, fmt, "inspections", [late, done], template="tables.html",
                              heading="检查与整改")

    @r.get("/inspections/{inspection_id}")
    def inspection(request: Request, inspection_id: str, fmt: Fmt = "") -> Response:
        staff = current(console, request)
        with console.engine.connect() as conn:
            got = data.inspection_items(conn, staff, inspection_id[:64])
        if got is None:
            return console.render(request, "error.html", 404, message="没有这次检查。")
        community_code, items, photos = got
        require_scope(staff, community_code)
        return tables_or_page(request, fmt, "inspection", [items], photos=photos,
                              community=community_code)

    @r.get("/photos/{community_code}/{sha256}")
    def photo(request: Request, community_code: str, sha256: str) -> Response:
        staff = current(console, request)
        require_scope(staff, community_code)
        with console.engine.connect() as conn:
            blob = conn.execute(select(Photo.data).where(
                Photo.community_code == community_code, Photo.sha256 == sha256[:64])).scalar()
        if blob is None:
            return console.render(request, "error.html", 404, message="服务器上没有这张照片。")
        return Response(blob, media_type="image/jpeg", headers={"X-Content-Type-Options": "nosniff"})

    @r.get("/surveys")
    def surveys(request: Request, fmt: Fmt = "") -> Response:
        staff = current(console, request)
        with console.engine.connect() as conn:
            s, c = data.surveys(conn, staff)
            sel = data.selections(conn, staff)
        return tables_or_page(request, fmt, "surveys", [s, c, sel], template="tables.html",
                              heading="调查与投诉")

    @r.get("/companies")
    def companies(request: Request, fmt: Fmt = "", edit: str = "", message: str = "") -> Response:
        current(console, request)
        with console.engine.connect() as conn:
            items = data.companies(conn)
        chosen = next((c for c in items if c["id"] == edit), {})
        return tables_or_page(request, fmt, "companies", [data.companies_table(items)],
                              items=items, chosen=chosen, message=message[:200])

    @r.post("/companies")
    async def save_company(request: Request) -> Response:
        staff, fields = await admin_form(request)
        with console.engine.connect() as conn:
            known = {c["id"] for c in data.companies(conn)}
        if fields.get("id") and fields["id"] not in known:
            fields.pop("id")  # only a registry entry can be edited; anything else is a new one
        row_id, version, warnings = console.write(
            lambda c: reference.save_company(c, fields, staff.username))
        console.audit(request, staff.username, "company-save", fields.get("name", ""),
                      row_id=row_id, version=version)
        note = f"已保存（第{version}版），各社区下次同步时更新。{'；'.join(warnings)}"
        return back(f"/console/companies?message={_q(note)}")

    @r.get("/templates")
    def templates(request: Request, fmt: Fmt = "", message: str = "") -> Response:
        current(console, request)
        with console.engine.connect() as conn:
            t = data.templates(conn)
        return tables_or_page(request, fmt, "templates", [t], message=message[:200])

    @r.post("/templates")
    async def publish(request: Request) -> Response:
        staff, fields = await admin_form(request)
        published = console.write(lambda c: reference.publish_json(
            c, fields.get("body", ""), "网页提交的模板", user=staff.username))
        for name, version in published:
            console.audit(request, staff.username, "template-publish", name, version=version)
        note = "已发布：" + "、".join(f"{n}（第{v}版）" for n, v in published)
        return back(f"/console/templates?message={_q(note)}")

    @r.get("/devices")
    def devices(request: Request, fmt: Fmt = "") -> Response:
        staff = current(console, request)
        with console.engine.connect() as conn:
            t = data.devices(conn, staff)
        return tables_or_page(request, fmt, "devices", [t])

    @r.post("/devices/{device_id}/revoke")
    async def revoke(request: Request, device_id: str) -> Response:
        staff, _ = await admin_form(request)
        with console.engine.connect() as conn:
            dev = conn.execute(select(Device.community_code).where(Device.id == device_id[:64])).first()
        if dev is None:
            return console.render(request, "error.html", 404, message="没有这台设备。")
        console.write(lambda c: auth.revoke(c, device_id))
        console.audit(request, staff.username, "device-revoke", device_id,
                      community=dev.community_code)
        return back("/console/devices")

    @r.post("/codes")
    async def codes(request: Request) -> Response:
        staff, fields = await admin_form(request)
        wanted = _communities(fields.get("communities", ""))
        try:
            hours = min(max(float(fields.get("hours") or 336), 1.0), 24 * 60)
        except ValueError:
            hours = 336.0
        issued = console.write(lambda c: issue_codes(c, wanted, hours))
        console.audit(request, staff.username, "codes-issue", f"{len(issued)}个注册码",
                      communities=[c.code for c in wanted])
        server = str(request.base_url).rstrip("/")
        return console.render(request, "codes.html", issued=[
            (i, _qr_svg(server, i.code)) for i in issued], server=server)

    @r.get("/audit")
    def audit_page(request: Request, fmt: Fmt = "",
                   actor: Annotated[str, Query(max_length=64)] = "",
                   action: Annotated[str, Query(max_length=32)] = "",
                   since: Annotated[str, Query(max_length=10)] = "",
                   until: Annotated[str, Query(max_length=10)] = "") -> Response:
        staff = current(console, request)
        require_audit(staff)
        flt = audit.AuditFilter(actor=actor, action=action if action in audit.ACTIONS else "",
                                since=_day(since), until=_day(until, next_day=True))
        with console.engine.connect() as conn:
            entries = list(conn.execute(audit.query(flt)))
        t = data.Table("审计日志", ["时间", "操作人", "操作", "对象", "结果", "来源地址", "详情"], name="audit")
        for e in entries:
            t.rows.append([e.at, e.actor, audit.ACTIONS.get(e.action, e.action), e.target,
                           {"ok": "成功", "refused": "被拒"}.get(e.outcome, e.outcome), e.ip,
                           "；".join(f"{k}：{_plain(v)}" for k, v in e.detail.items())])
        return tables_or_page(request, fmt, "audit", [t], actions=audit.ACTIONS, flt=flt,
                              form={"actor": actor, "action": action, "since": since,
                                    "until": until})

    @r.get("/rows/{table}/{row_id}")
    def row(request: Request, table: str, row_id: str) -> Response:
        """One synced row as stored (drill-down for staff in scope)."""
        staff = current(console, request)
        with console.engine.connect() as conn:
            got = conn.execute(select(Row.community_code, Row.data).where(
                Row.table_name == table[:64], Row.row_id == row_id[:64])).first()
        if got is None:
            return console.render(request, "error.html", 404, message="没有这条记录。")
        require_scope(staff, got.community_code)
        return console.render(request, "row.html", table=table,
                              data=data.visible_row(got.data, staff))

    return r


def _plain(v: Any) -> str:
    return "、".join(str(x) for x in v) if isinstance(v, list) else str(v)


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text[:200])


def _day(text: str, next_day: bool = False) -> datetime | None:
    try:
        d = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return None
    start = datetime.combine(d.date(), time()).astimezone()  # midnight, the server's zone
    return start + timedelta(days=1) if next_day else start


def _communities(text: str) -> list[Community]:
    """Lines of ``社区代码 [社区名称]``; all or nothing, each bad line named."""
    out: list[Community] = []
    problems: list[str] = []
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) > MAX_CODES:
        raise Forbidden(f"一次最多发放{MAX_CODES}个注册码。")
    for n, line in enumerate(lines, 1):
        code, _, name = line.replace("\t", " ").partition(" ")
        bad = errors(check_community_code(code))
        if bad:
            problems.append(f"第{n}行：{bad[0].message}")
        else:
            out.append(Community(code, name.strip()[:100]))
    if problems or not out:
        from ..errors import Refusal

        raise Refusal("社区名单有问题，没有发放注册码：" + ("；".join(problems) or "名单是空的。"))
    return out


def _qr_svg(server: str, code: str) -> str:
    import json

    import segno

    qr = segno.make(json.dumps({"server": server, "code": code}, ensure_ascii=False), error="m")
    return str(qr.svg_inline(scale=3, border=2))
