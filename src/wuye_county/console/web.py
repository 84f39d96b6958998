"""The console's request plumbing: the session cookie, CSRF, form bodies, rendering, refusals.

The session cookie is HttpOnly, SameSite=Strict, path ``/console`` and Secure whenever the
request came over TLS (directly, or through a proxy uvicorn trusts with ``--proxy-headers``).
Every form that changes something carries the session's CSRF token; the login form carries the
token of a short-lived pre-login cookie (double submit). A form's fields are parsed from the raw
body (already capped by ``limits.BodyLimitMiddleware``), at most a few dozen of them.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection, Engine

from wuye_desktop.clock import Clock

from .. import accounts, audit
from ..accounts import Staff
from ..errors import Refusal
from ..limits import RateLimiter

COOKIE = "wuye_console"
LOGIN_COOKIE = "wuye_console_login"
TEMPLATES = Path(__file__).with_name("templates")
MAX_FIELDS = 40


class Forbidden(Refusal):
    """The role or the sub-district scope does not allow this page or action (403)."""

    status = 403


class NotLoggedIn(Refusal):
    """No live session: the browser is sent to the login page."""

    status = 401


@dataclass
class Console:
    """What every console route needs: the database, the business clock (what today is), the
    record-time source, templates and the login rate limit."""

    engine: Engine
    clock: Clock
    now: Callable[[], datetime]
    env: Environment
    login_limit: RateLimiter

    def write(self, fn: Callable[[Connection], Any]) -> Any:
        with self.engine.begin() as conn:
            return fn(conn)

    def audit(self, request: Request, actor: str, action: str, target: str = "", *,
              outcome: str = "ok", **detail: Any) -> None:
        self.write(lambda c: audit.record(c, self.now(), actor, action, target, outcome=outcome,
                                          ip=client_ip(request), **detail))

    def render(self, request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        staff = getattr(request.state, "staff", None)
        html = self.env.get_template(name).render(
            staff=staff, csrf=getattr(request.state, "csrf", ""), path=request.url.path,
            today=self.clock.today(), **ctx)
        return HTMLResponse(html, status, headers=SECURITY_HEADERS)


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' "
                               "'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["pct"] = lambda v: f"{v:.1%}" if isinstance(v, float) else v
    env.filters["when"] = _when
    return env


def _when(v: Any) -> str:
    if isinstance(v, datetime):
        return v.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    return "" if v is None else str(v)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def is_tls(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(resp: Response, request: Request, name: str, value: str,
                       max_age: int) -> None:
    resp.set_cookie(name, value, max_age=max_age, path="/console", httponly=True,
                    samesite="strict", secure=is_tls(request))


def current(console: Console, request: Request) -> Staff:
    """The logged-in staff member (also kept on ``request.state``), or :class:`NotLoggedIn`."""
    token = request.cookies.get(COOKIE, "")
    with console.engine.connect() as conn:
        got = accounts.session(conn, console.now(), token)
    if got is None:
        raise NotLoggedIn("请先登录。")
    request.state.staff, request.state.csrf = got
    return got[0]


async def form(request: Request) -> dict[str, str]:
    """The urlencoded form fields (the last of repeated names), refusing a malformed body."""
    body = await request.body()
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                          max_num_fields=MAX_FIELDS, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise Refusal("表单内容无法识别，请刷新页面后重新提交。") from None
    return dict(pairs)


def check_csrf(request: Request, fields: dict[str, str]) -> None:
    expected = getattr(request.state, "csrf", "")
    if not expected or not hmac.compare_digest(fields.get("csrf", "").encode(), expected.encode()):
        raise Forbidden("页面已过期或来源不明（CSRF 校验失败），请刷新页面后重试。")


def check_login_csrf(request: Request, fields: dict[str, str]) -> None:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(fields.get("csrf", "").encode(), expected.encode()):
        raise Forbidden("登录页面已过期，请刷新后重新登录。")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def require_write(staff: Staff) -> None:
    if not staff.can_write:
        raise Forbidden("您的账号只能查看，不能修改。需要修改请联系县级管理员。")


def require_audit(staff: Staff) -> None:
    if not staff.can_audit:
        raise Forbidden("只有县级管理员和审计员可以查看审计日志。")


def require_scope(staff: Staff, community_code: str) -> None:
    if not staff.sees(community_code):
        raise Forbidden("这个社区不在您负责的街道范围内，无权查看。")
