"""The county server's HTTP API (FastAPI).

Endpoints: ``GET /health``, ``POST /auth/enroll``, ``POST /auth/refresh``, ``POST /sync/push``,
``GET /sync/changes``, ``PUT|HEAD|GET /photos/{sha256}``. Every refusal is a JSON body
``{"detail": "<Chinese message>"}`` (``ErrorBody``) the desktop shows as is: a ``UserError``
raised anywhere while serving becomes a 4xx with its message (``errors.Refusal`` carries the
status, 400 otherwise); anything else is a bug, logged with its traceback and answered 500.
"""

# No `from __future__ import annotations`: FastAPI must see the closures in the signatures.

import hashlib
import logging
import time
import zlib
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from wuye_desktop import SCHEMA_VERSION, __version__
from wuye_desktop.clock import Clock, default_clock
from wuye_desktop.domain.errors import UserError
from wuye_desktop.storage.errors import is_busy
from wuye_desktop.sync.protocol import (
    APP_VERSION_HEADER,
    MIN_SCHEMA_VERSION,
    SCHEMA_VERSION_HEADER,
    SYNC_TABLES,
    UPGRADE_MESSAGE,
    ChangesPage,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    PhotoStored,
    PushBatch,
    PushResult,
    RefreshRequest,
    ServerInfo,
    SetAsideReport,
    SetAsideStored,
    TokenPair,
    is_sha256,
)

from . import audit, auth, pull, push, releases, setaside
from .console import console_error, install_console
from .db import data_dir as county_data_dir
from .db import is_postgres, make_engine, upgrade
from .errors import Refusal
from .limits import (
    BodyLimitMiddleware,
    Capacity,
    ConcurrencyLimitMiddleware,
    HttpMiddleware,
    RateLimiter,
)
from .models import Photo

log = logging.getLogger(__name__)
security = logging.getLogger("wuye_county.security")
T = TypeVar("T")
#: the detail of a 500: the server's bug, nothing the worker did
SERVER_BUG_MESSAGE = "县服务器内部出错，已记录下来。请稍后再同步；如果反复出现，请联系县住建部门。"
MAX_BODY = 20 * 1024 * 1024  # decompressed; a sealed batch is ≤ 1 MB gzip
MAX_PHOTO = 20 * 1024 * 1024
_ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorBody} for s in (400, 401, 403, 409, 413, 415, 426, 429, 503)}
TOO_MANY = "请求过于频繁，请稍后再试。"
#: photo bytes accepted: JPEG, PNG, WebP (what the desktop stores), by their magic numbers
PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")


class ServerErrorMiddleware(HttpMiddleware):
    """The outermost layer: an exception nothing handled is a bug, logged once with its
    traceback and answered with a 500 ``ErrorBody`` (Starlette's own would answer in plain text
    and re-raise into the server's log)."""

    async def http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if started:  # half an answer is already out: all we can do is drop the connection
                raise
            await JSONResponse({"detail": SERVER_BUG_MESSAGE}, 500)(scope, receive, send)


def _status(exc: UserError) -> int:
    return exc.status if isinstance(exc, Refusal) else 400


class GzipRequestMiddleware(HttpMiddleware):
    """Inflates ``Content-Encoding: gzip`` request bodies (batches travel compressed)."""

    async def http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers") or [])
        if headers.get(b"content-encoding", b"").lower() != b"gzip":
            await self.app(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            msg = await receive()
            chunks.append(msg.get("body", b""))
            more = msg.get("more_body", False)
        try:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            body = d.decompress(b"".join(chunks), MAX_BODY + 1)
            bad = len(body) > MAX_BODY or d.unconsumed_tail
        except zlib.error:
            body, bad = b"", True
        if bad:
            resp = JSONResponse({"detail": "上传的数据压缩格式损坏或过大，请重新同步。"}, 400)
            await resp(scope, receive, send)
            return
        new_headers = [(k, v) for k, v in scope["headers"]
                       if k not in (b"content-encoding", b"content-length")]
        new_headers.append((b"content-length", str(len(body)).encode()))
        scope = {**scope, "headers": new_headers}
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def validation_detail(exc: RequestValidationError) -> str:
    """A 422's Chinese detail naming the fields at fault, never echoing what was sent (a 20 MB
    body must not come back as a 20 MB error)."""
    places = []
    for e in exc.errors()[:10]:
        loc = ".".join(str(p) for p in e.get("loc", ()) if p != "body")[:80]
        places.append(f"{loc or '请求'}（{str(e.get('type', ''))[:40]}）")
    more = "等" if len(exc.errors()) > 10 else ""
    return f"请求的数据格式不正确：{'、'.join(places)}{more}。请升级本软件或联系县住建部门。"


def create_app(engine: Engine | None = None, *, migrate: bool = True, clock: Clock | None = None,
               now: Callable[[], Any] = auth.now, capacity: Capacity | None = None) -> FastAPI:
    """Build the API on ``engine`` (default: ``WUYE_COUNTY_DB`` or the embedded SQLite file).

    ``clock`` says what today is for the console's figures (overdue); ``now`` stamps records
    (sessions, audit); ``capacity`` bounds the device requests handled at once (the rest are
    answered 503 + Retry-After; ``app.state.capacity``, read at every request)."""
    engine = engine or make_engine()
    if migrate:
        upgrade(engine)
    with engine.begin() as conn:
        auth.load_signing_keys(conn)  # now, not inside two racing requests
    app = FastAPI(title="wuye-county", version=__version__,
                  description="社区物业工作台 县级同步服务器")
    app.add_middleware(GzipRequestMiddleware)
    app.add_middleware(BodyLimitMiddleware)  # before gzip: the bytes on the wire are capped
    app.add_middleware(ServerErrorMiddleware)
    app.state.capacity = capacity or Capacity()
    app.add_middleware(ConcurrencyLimitMiddleware, capacity=app.state.capacity)
    app.add_middleware(audit.AccessLogMiddleware)  # added last: outermost, sees every answer
    app.state.engine = engine
    bearer = HTTPBearer(auto_error=False)
    install_console(app, engine, clock or default_clock(), now)
    # Failed attempts per address: ten wrong enrolment codes, then one a minute; refreshes are
    # retried by honest clients after a lost reply, so they get more room.
    enrol_limit = RateLimiter(per_minute=6, burst=10)
    refresh_limit = RateLimiter(per_minute=30, burst=30)

    @app.exception_handler(UserError)
    def _user_error(req: Request, exc: UserError) -> Response:
        page = console_error(req, exc)
        if page is not None:
            return page
        return JSONResponse(ErrorBody(detail=exc.with_hint()).model_dump(), _status(exc))

    @app.exception_handler(RequestValidationError)
    def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(ErrorBody(detail=validation_detail(exc)).model_dump(), 422)

    def limited(limiter: RateLimiter, request: Request, what: str) -> str:
        """Refuse (429) an address that used up its failed attempts; the key to spend from."""
        ip = request.client.host if request.client else ""
        key = f"{what}:{ip}"
        if limiter.blocked(key):
            security.warning("rate limit %s ip=%s", what, ip)
            raise Refusal(TOO_MANY, status=429)
        return key

    def record(request: Request, actor: str, action: str, target: str, **detail: Any) -> None:
        ip = request.client.host if request.client else ""
        with engine.begin() as c:
            audit.record(c, now(), actor, action, target, outcome="refused", ip=ip, **detail)

    def write(fn: Callable[[Connection], T]) -> T:
        """Run ``fn`` in one transaction, retrying when a concurrent writer got there first."""
        for attempt in range(6):
            try:
                with engine.begin() as conn:
                    return fn(conn)
            except (IntegrityError, DBAPIError) as exc:
                retryable = isinstance(exc, IntegrityError) or _is_transient(exc)
                if not retryable or attempt == 5:
                    raise
                time.sleep(0.02 * (2 ** attempt))
        raise AssertionError("unreachable")

    def versions(
        x_wuye_schema_version: Annotated[str | None, Header(alias=SCHEMA_VERSION_HEADER)] = None,
        x_wuye_app_version: Annotated[str | None, Header(alias=APP_VERSION_HEADER)] = None,
    ) -> int | None:
        if x_wuye_schema_version is None:
            return None
        try:
            v = int(x_wuye_schema_version)
        except ValueError:
            raise HTTPException(400, "请求头中的数据版本号无效。") from None
        check_schema(v)
        return v

    def check_schema(v: int) -> None:
        if v < MIN_SCHEMA_VERSION:
            # The answer carries the download link of the newest staged installer, if any.
            newest = releases.latest(county_data_dir(), "windows") or releases.latest(
                county_data_dir(), "deb")
            link = f" 下载地址：/client/download/{newest.filename}" if newest else ""
            raise HTTPException(426, UPGRADE_MESSAGE + link)
        if v > SCHEMA_VERSION:
            raise HTTPException(400, "县服务器的版本比本软件旧，请联系县住建部门升级服务器。")

    def device(request: Request,
               cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
               _v: Annotated[int | None, Depends(versions)]) -> auth.DeviceInfo:
        if cred is None or cred.scheme.lower() != "bearer":
            raise HTTPException(401, "未登录：请先用县里发的注册码注册本机。")
        try:
            with engine.connect() as conn:
                return auth.check_access_token(conn, cred.credentials)
        except auth.AuthError as exc:
            if exc.status == 403:
                security.warning("revoked device tried %s ip=%s", request.url.path,
                                 request.client.host if request.client else "")
            raise

    Dev = Annotated[auth.DeviceInfo, Depends(device)]

    @app.get("/client/latest")
    def client_latest(platform: Annotated[str, Query(max_length=16)] = "windows") -> JSONResponse:
        """The newest staged release for a platform (signed by the vendor), or 204."""
        rel = releases.latest(county_data_dir(), platform)
        if rel is None:
            return JSONResponse(None, 204)
        body = rel.to_json()
        body["url"] = f"/client/download/{rel.filename}"
        return JSONResponse(body)

    @app.get("/client/download/{filename}")
    def client_download(filename: str) -> FileResponse:
        path = releases.file_of(county_data_dir(), filename)
        if path is None:
            raise HTTPException(404, "没有这个安装包。")
        return FileResponse(path, media_type="application/octet-stream", filename=filename)

    @app.get("/health", response_model=ServerInfo)
    def health() -> ServerInfo:
        return ServerInfo(server_version=__version__, schema_version=SCHEMA_VERSION,
                          min_schema_version=MIN_SCHEMA_VERSION, tables=list(SYNC_TABLES),
                          database="postgresql" if is_postgres(engine) else "sqlite")

    @app.post("/auth/enroll", response_model=EnrollResponse, responses=_ERRORS)
    def enroll(body: EnrollRequest, request: Request,
               _v: Annotated[int | None, Depends(versions)]) -> EnrollResponse:
        key = limited(enrol_limit, request, "enroll")
        check_schema(body.schema_version)
        try:
            got = write(lambda c: auth.enrol(c, body.code, body.device_name, body.app_version,
                                             body.request_id, body.replaces_device_id))
        except auth.AuthError as exc:
            enrol_limit.allow(key)
            if isinstance(exc, auth.CodeReused):
                record(request, body.device_name or "?", "enrol-replay", exc.community_code,
                       request_id=body.request_id)
            raise
        security.info("enrolled device=%s community=%s", got.device_id, got.community_code)
        return EnrollResponse(device_id=got.device_id, community_code=got.community_code,
                              community_name=got.community_name,
                              access_token=got.access_token, refresh_token=got.refresh_token,
                              expires_in=got.expires_in)

    @app.post("/auth/refresh", response_model=TokenPair, responses=_ERRORS)
    def refresh(body: RefreshRequest, request: Request,
                _v: Annotated[int | None, Depends(versions)]) -> TokenPair:
        key = limited(refresh_limit, request, "refresh")
        try:
            got = write(lambda c: auth.refresh(c, body.device_id, body.refresh_token))
        except auth.TokenReused as exc:
            # A rotated-away token came back: someone holds a copy. The device is revoked (its
            # real owner re-enrols with a new code) and the county sees it in 审计.
            victim = exc.device_id
            write(lambda c: auth.revoke(c, victim, reason="token-reuse"))
            record(request, f"设备 {victim}", "token-reuse", victim)
            raise
        except auth.AuthError:
            refresh_limit.allow(key)
            security.warning("refresh refused device=%s ip=%s", body.device_id[:64],
                             request.client.host if request.client else "")
            raise
        return TokenPair(device_id=got.device_id, community_code=got.community_code,
                         access_token=got.access_token, refresh_token=got.refresh_token,
                         expires_in=got.expires_in)

    @app.post("/sync/push", response_model=PushResult, responses=_ERRORS)
    def push_batch(body: PushBatch, dev: Dev) -> Response:
        check_schema(body.schema_version)
        reply = write(lambda c: push.apply_batch(c, dev, body))  # BatchOwnedElsewhere: 409
        for r in reply.results:
            if r.status == "rejected":  # e.g. another community's rows: a security event
                security.warning("rejected op device=%s community=%s op=%s reason=%s", dev.id,
                                 dev.community_code, r.op_id, (r.reason or "")[:200])
        # Serialised once, in pydantic's Rust core: returning the model would make FastAPI
        # validate all 500 results again and encode them through jsonable_encoder.
        return Response(reply.model_dump_json(), media_type="application/json")

    @app.get("/sync/changes", response_model=ChangesPage, responses=_ERRORS)
    def changes(dev: Dev, cursor: Annotated[str, Query(max_length=60)] = "",
                limit: Annotated[int, Query(ge=1, le=pull.MAX_PAGE)] = pull.DEFAULT_PAGE,
                ) -> Response:
        with engine.connect() as conn:  # BadCursor: 400
            page = pull.changes_page(conn, dev, cursor or None, limit)
        return Response(pull.page_json(page), media_type="application/json")

    @app.post("/sync/setaside", response_model=SetAsideStored, responses=_ERRORS)
    def set_aside(body: SetAsideReport, dev: Dev) -> SetAsideStored:
        stored = write(lambda c: setaside.store_report(c, dev, body, auth.now()))
        if stored:
            log.info("set-aside rows device=%s community=%s rows=%d", dev.id, dev.community_code,
                     stored)
        return SetAsideStored(stored=stored)

    def _sha(sha256: str) -> str:
        if not is_sha256(sha256):
            raise HTTPException(400, "照片编号应为64位小写十六进制的 SHA-256 值。")
        return sha256

    @app.put("/photos/{sha256}", response_model=PhotoStored, responses=_ERRORS)
    async def put_photo(sha256: str, request: Request, dev: Dev) -> PhotoStored:
        _sha(sha256)
        data = bytearray()
        async for chunk in request.stream():
            data += chunk
            if len(data) > MAX_PHOTO:
                raise HTTPException(413, "照片太大（超过20 MB），请压缩后再上传。")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise HTTPException(400, "照片内容与编号（SHA-256）不符，可能传输出错，请重新上传。")
        if not data.startswith(PHOTO_MAGIC):
            raise HTTPException(415, "只接收 JPEG、PNG 或 WebP 格式的照片。")

        def store(c: Connection) -> bool:
            if c.execute(select(Photo.sha256).where(Photo.sha256 == sha256,
                                                    Photo.community_code == dev.community_code)
                         ).first():
                return False
            c.execute(Photo.__table__.insert().values(
                sha256=sha256, size=len(data), data=bytes(data),
                community_code=dev.community_code, device_id=dev.id, created_at=auth.now()))
            return True

        from starlette.concurrency import run_in_threadpool

        created = await run_in_threadpool(write, store)
        return PhotoStored(sha256=sha256, size=len(data), created=created)

    @app.head("/photos/{sha256}", responses=_ERRORS)
    @app.get("/photos/{sha256}", responses=_ERRORS)
    def get_photo(sha256: str, dev: Dev, request: Request) -> Response:
        _sha(sha256)
        with engine.connect() as conn:
            row = conn.execute(select(Photo.data).where(
                Photo.sha256 == sha256, Photo.community_code == dev.community_code)).first()
        if row is None:
            raise HTTPException(404, "服务器上没有这张照片。")
        body = b"" if request.method == "HEAD" else row.data
        return Response(body, media_type="application/octet-stream",
                        headers={"Content-Length": str(len(row.data))})

    return app


def _is_transient(exc: DBAPIError) -> bool:
    """Deadlock / serialization failure (PostgreSQL) or a busy database (SQLite)."""
    code = getattr(exc.orig, "sqlstate", None)
    if code in ("40001", "40P01"):
        return True
    return is_busy(exc)
