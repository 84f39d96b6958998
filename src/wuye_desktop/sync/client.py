"""HTTP transport to the county server: timeouts, retries with backoff and jitter, TLS.

Transient failures (connection refused or dropped, timeouts, truncated or garbled replies,
HTTP 5xx/429) are retried with exponential backoff and full jitter; refusals (4xx) are not.
A busy server's 503 + ``Retry-After`` is back-pressure, not a failure: the client waits as told
and tries again without spending a retry, up to ``max_busy_wait`` seconds in all (then
:class:`ServerBusy`, whose Chinese message the 同步 screen shows).
Every call is safe to repeat: pushes are idempotent by batch id, pulls by cursor, photos by
hash, and a refresh token stays valid until its successor is used. TLS verification is always
on; a county running its own CA passes its certificate file.
"""

from __future__ import annotations

import gzip
import json
import random
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from wuye_desktop import SCHEMA_VERSION, __version__
from wuye_desktop.domain.errors import UserError

if TYPE_CHECKING:  # httpx is imported with the first client, not when the app starts
    import httpx

from .protocol import (
    APP_VERSION_HEADER,
    SCHEMA_VERSION_HEADER,
    ChangesPage,
    EnrollRequest,
    EnrollResponse,
    PhotoStored,
    PushBatch,
    PushResult,
    RefreshRequest,
    ServerInfo,
    SetAsideReport,
    SetAsideStored,
    TokenPair,
)

M = TypeVar("M", bound=BaseModel)


class SyncError(UserError):
    """A sync failure with a Chinese message for the status bar."""


class Offline(SyncError):
    """The server could not be reached (or kept failing); try again later."""


class UpgradeRequired(SyncError):
    """HTTP 426: this app is too old for the county server."""


class AuthRequired(SyncError):
    """HTTP 401: the credentials are gone or invalid; the device must enrol again."""


class DeviceRevoked(SyncError):
    """HTTP 403: the county disabled this device; its outbox stays for export."""


class InsecureServer(SyncError):
    """The server address is plain ``http://`` to a host other than this computer, or its TLS
    certificate cannot be verified: nothing is sent (codes and tokens would travel readable)."""


PLAIN_HTTP_MESSAGE = ("县服务器地址“{url}”是不加密的 http:// 地址，注册码和登录凭据可能被他人截获，本软件不会向它发送。"
                      "请改用县住建部门提供的 https:// 地址；确需使用 http 的，须由县里在预配置文件 county.ini 中写明"
                      " allow_http = true。")
CERT_MESSAGE = ("县服务器的安全证书无法验证（{why}），为防止连到假冒的服务器，没有发送任何数据。"
                "请核对服务器地址是否正确、电脑的日期时间是否准确；"
                "县里使用自建证书的，请向县住建部门索取 county-ca.pem 放在程序文件夹中。")
_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def check_transport(base_url: str, allow_http: bool = False) -> None:
    """Refuse plain HTTP to any host but this computer, unless the county allows it."""
    import httpx

    parts = httpx.URL(base_url)
    host = parts.host.lower()
    if parts.scheme == "http" and not allow_http and host not in _LOOPBACK \
            and not host.startswith("127."):
        raise InsecureServer(PLAIN_HTTP_MESSAGE.format(url=base_url))


def _certificate_problem(exc: httpx.TransportError) -> str | None:
    import ssl

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return cause.verify_message or str(cause)
        cause = cause.__cause__ or cause.__context__
    return None


class ServerBusy(SyncError):
    """The county server kept answering 503 + ``Retry-After`` (busy) past the client's patience:
    nothing failed, the changes stay queued and the next sync sends them."""


BUSY_MESSAGE = ("县服务器正忙（同时同步的电脑很多），本机已等待{seconds}秒仍未轮到。修改都保存在本机，"
                "稍后会自动再同步；也可以过几分钟点“立即同步”。")


def _retry_after(r: httpx.Response) -> float | None:
    """The seconds a 503 asks us to wait (``Retry-After`` in seconds), or None (a plain 5xx)."""
    if r.status_code != 503:
        return None
    try:
        return min(60.0, max(0.0, float(r.headers.get("retry-after", ""))))
    except ValueError:
        return None


class Refused(SyncError):
    """Any other 4xx: the request itself was wrong."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class CountyClient:
    """Typed calls to the county API; the bearer token comes from ``token`` (a callable)."""

    def __init__(self, base_url: str, *, ca_file: str | Path | None = None,
                 timeout: float = 30.0, retries: int = 5, backoff: float = 0.5,
                 max_backoff: float = 30.0, keepalive: bool = True,
                 sleep: Callable[[float], None] = time.sleep, allow_http: bool = False,
                 max_busy_wait: float = 300.0) -> None:
        check_transport(base_url, allow_http)
        self.base_url = base_url.rstrip("/")
        verify: Any = True
        if ca_file:
            import ssl

            verify = ssl.create_default_context(cafile=str(ca_file))
        import httpx

        limits = httpx.Limits(max_keepalive_connections=5 if keepalive else 0)
        self._http = httpx.Client(base_url=self.base_url, verify=verify, limits=limits,
                                  timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                  headers={APP_VERSION_HEADER: __version__,
                                           SCHEMA_VERSION_HEADER: str(SCHEMA_VERSION)})
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep = sleep
        #: seconds a call may spend waiting on a busy server (503 + Retry-After) in all
        self.max_busy_wait = max_busy_wait
        self.token: Callable[[], str] | None = None
        #: Called on a 401 with a bearer token: should fetch a new access token (or raise).
        self.on_unauthorized: Callable[[], None] | None = None

    def close(self) -> None:
        self._http.close()

    # -- plumbing --------------------------------------------------------------------------

    def _delay(self, attempt: int) -> float:
        # Full jitter: hundreds of offices coming back online at once must not stampede.
        return random.uniform(0, min(self.max_backoff, self.backoff * 2 ** attempt))

    def _call(self, method: str, path: str, model: type[M], *, auth: bool = True,
              json_body: Any = None, content: bytes | None = None,
              headers: dict[str, str] | None = None, params: dict[str, Any] | None = None) -> M:
        import httpx

        last: Exception | None = None
        reauthed = False
        attempt = 0
        busy = 0.0
        while attempt <= self.retries:
            h = dict(headers or {})
            if auth and self.token is not None:
                h["Authorization"] = f"Bearer {self.token()}"
            try:
                r = self._http.request(method, path, json=json_body, content=content, headers=h,
                                       params=params)
            except httpx.TransportError as exc:  # refused, reset, timeout, truncated
                why = _certificate_problem(exc)
                if why is not None:  # retrying cannot help: say what to do instead
                    raise InsecureServer(CERT_MESSAGE.format(why=why)) from exc
                last = exc
            else:
                if r.status_code < 300:
                    try:
                        return _parse(model, r.content)
                    except (ValidationError, ValueError) as exc:  # a garbled or cut-off body
                        last = exc
                elif r.status_code == 401 and auth and not reauthed and self.on_unauthorized:
                    reauthed = True
                    self.on_unauthorized()
                    continue
                elif (wait := _retry_after(r)) is not None:
                    # Back-pressure, not a failure: wait as asked (plus jitter, so the crowd
                    # that was turned away does not come back at the same instant) and try
                    # again without spending one of the retries.
                    if busy >= self.max_busy_wait:
                        raise ServerBusy(BUSY_MESSAGE.format(seconds=round(busy)))
                    wait = max(wait, 0.05) * random.uniform(1.0, 2.0)
                    busy += wait
                    self._sleep(wait)
                    continue
                elif r.status_code >= 500 or r.status_code == 429:
                    last = SyncError(f"HTTP {r.status_code}")
                else:
                    raise _refusal(r)
            if attempt < self.retries:
                self._sleep(self._delay(attempt))
            attempt += 1
        raise Offline(f"无法连接县服务器，稍后会自动重试。（{type(last).__name__}: {last}）")

    # -- API -------------------------------------------------------------------------------

    def health(self) -> ServerInfo:
        """``GET /health`` with no auth: cheap reachability probe (retries as configured)."""
        return self._call("GET", "/health", ServerInfo, auth=False)

    def enroll(self, code: str, device_name: str, replaces: str | None = None) -> EnrollResponse:
        # One request id for all retries of this attempt (see EnrollRequest.request_id).
        body = EnrollRequest(code=code, device_name=device_name, request_id=str(uuid.uuid4()),
                             replaces_device_id=replaces)
        return self._call("POST", "/auth/enroll", EnrollResponse, auth=False,
                          json_body=body.model_dump(mode="json"))

    def refresh(self, device_id: str, refresh_token: str) -> TokenPair:
        body = RefreshRequest(device_id=device_id, refresh_token=refresh_token)
        return self._call("POST", "/auth/refresh", TokenPair, auth=False,
                          json_body=body.model_dump(mode="json"))

    def push(self, batch: PushBatch) -> PushResult:
        raw = gzip.compress(batch.model_dump_json().encode(), compresslevel=6)
        return self._call("POST", "/sync/push", PushResult, content=raw,
                          headers={"Content-Encoding": "gzip",
                                   "Content-Type": "application/json"})

    def changes(self, cursor: str, limit: int = 500) -> ChangesPage:
        return self._call("GET", "/sync/changes", ChangesPage,
                          params={"cursor": cursor, "limit": limit})

    def report_set_aside(self, report: SetAsideReport) -> SetAsideStored:
        return self._call("POST", "/sync/setaside", SetAsideStored,
                          json_body=report.model_dump(mode="json"))

    def put_photo(self, sha256: str, data: bytes) -> PhotoStored:
        return self._call("PUT", f"/photos/{sha256}", PhotoStored, content=data,
                          headers={"Content-Type": "application/octet-stream"})

    def get_photo(self, sha256: str) -> bytes:
        """``GET /photos/{sha256}``: a photo another device uploaded (retries as configured)."""
        return self._call("GET", f"/photos/{sha256}", RawBody).data


    # -- releases (signed by the vendor; see sync/releases.py) -------------------------------

    def latest_release(self, platform: str) -> dict[str, Any] | None:
        """``GET /client/latest``: the newest staged release's manifest, or None (204)."""
        import httpx

        try:
            r = self._http.get("/client/latest", params={"platform": platform})
        except httpx.TransportError as exc:
            raise Offline(f"无法连接县服务器检查新版本。（{exc}）") from exc
        if r.status_code == 204:
            return None
        if r.status_code >= 300:
            raise _refusal(r)
        try:
            body = r.json()
        except ValueError as exc:
            raise Offline("县服务器返回的版本信息不完整，稍后再试。") from exc
        return body if isinstance(body, dict) else None

    def download(self, url: str, dest: Path, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Path:
        """Stream ``url`` (relative to the server) into ``dest``; the caller verifies it."""
        import httpx

        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        try:
            with self._http.stream("GET", url, timeout=httpx.Timeout(60.0, connect=10.0)) as r:
                if r.status_code >= 300:
                    r.read()
                    raise _refusal(r)
                total = int(r.headers.get("content-length") or 0)
                done = 0
                with part.open("wb") as f:
                    for chunk in r.iter_bytes(1 << 16):
                        if cancelled is not None and cancelled():
                            raise Offline("已取消下载。")
                        f.write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(done, total)
        except httpx.TransportError as exc:
            part.unlink(missing_ok=True)
            raise Offline(f"下载中断，稍后再试。（{exc}）") from exc
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        part.replace(dest)
        return dest


class RawBody(BaseModel):
    """A reply that is not JSON (a photo's bytes): ``_call`` hands the body over as it came."""

    data: bytes = b""


def _parse(model: type[M], body: bytes) -> M:
    """The reply as ``model``: pydantic's fast parser, or the standard one for a body it refuses
    that is still JSON (a lone surrogate escaped as ``\\ud800`` in a row stored before the server
    checked values: the engine sets such a row aside rather than failing the pull)."""
    if model is RawBody:
        return model(data=body)
    try:
        return model.model_validate_json(body)
    except ValidationError:
        return model.model_validate(json.loads(body))


def _refusal(r: httpx.Response) -> SyncError:
    try:
        detail = r.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    msg = detail if isinstance(detail, str) else f"县服务器拒绝了请求（HTTP {r.status_code}）。"
    if r.status_code == 426:
        return UpgradeRequired(msg)
    if r.status_code == 401:
        return AuthRequired(msg)
    if r.status_code == 403:
        return DeviceRevoked(msg)
    return Refused(r.status_code, msg)
