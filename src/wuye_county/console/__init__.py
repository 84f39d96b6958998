"""The county's web console: server-rendered Chinese pages for county and sub-district staff
(概览, 检查与整改, 调查与投诉, 物业企业, 模板, 设备, 审计), mounted on the sync server's app under
``/console``. Templates ship in the package (``templates/``); nothing is built at install time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from wuye_desktop.clock import Clock
from wuye_desktop.domain.errors import UserError

from ..errors import Refusal
from ..limits import RateLimiter
from .routes import build_router
from .web import Console, Forbidden, NotLoggedIn, make_env

__all__ = ["install_console"]


def install_console(app: FastAPI, engine: Engine, clock: Clock, now: Callable[[], datetime]
                    ) -> Console:
    console = Console(engine, clock, now, make_env(), RateLimiter(per_minute=10, burst=10))
    app.include_router(build_router(console))
    app.state.console = console

    @app.get("/console", include_in_schema=False)
    def _root() -> Response:
        return RedirectResponse("/console/", 307)

    @app.get("/console/font.ttf", include_in_schema=False)
    def _font() -> Response:
        """The app's own Chinese font (WenQuanYi Micro Hei), for a browser that has none."""
        from wuye_desktop.printing.fonts import HEI, font_resource

        return Response(font_resource(HEI).read_bytes(), media_type="font/ttf",
                        headers={"Cache-Control": "public, max-age=86400"})

    return console


def console_error(request: Request, exc: UserError) -> Response | None:
    """A refusal on a console page as a Chinese page (or the login page), None elsewhere."""
    if not request.url.path.startswith("/console"):
        return None
    console: Console | None = getattr(request.app.state, "console", None)
    if console is None:
        return None
    if isinstance(exc, NotLoggedIn):
        return RedirectResponse("/console/login", 303)
    status = exc.status if isinstance(exc, Refusal) else 400
    if isinstance(exc, Forbidden):
        staff = getattr(request.state, "staff", None)
        console.audit(request, staff.username if staff else "?", "forbidden",
                      request.url.path[:200], outcome="refused")
    return console.render(request, "error.html", status, message=exc.with_hint())
