"""Limits that keep one client from hurting the rest: request body sizes per route, enforced
before anything is parsed (a declared ``Content-Length`` over the limit is refused unread, and a
streamed body is cut off at the limit), and per-address rate limits on the endpoints a guesser
would hammer (enrolment, token refresh, console login).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KB = 1024
MB = 1024 * KB
#: what an unauthenticated request may carry: an enrolment, a refresh, a login form
UNAUTHENTICATED_BODY = 4 * KB
#: (method, path prefix) -> largest body; the first match wins, ``DEFAULT_BODY`` otherwise
BODY_LIMITS: list[tuple[str, str, int]] = [
    ("POST", "/auth/", UNAUTHENTICATED_BODY),
    ("POST", "/console/login", UNAUTHENTICATED_BODY),
    ("POST", "/sync/push", 20 * MB),  # as sent (gzip); the inflated size is checked again
    ("PUT", "/photos/", 20 * MB),
    ("POST", "/console/templates", 2 * MB),
    ("POST", "/console/companies", 256 * KB),
]
DEFAULT_BODY = 64 * KB
TOO_LARGE = "请求的数据太大，服务器拒收。"
#: the detail of a 503: the desktop waits ``Retry-After`` seconds and tries again by itself
BUSY = "县服务器正忙，请稍后再同步（本软件会自动稍后重试）。"
#: paths whose requests the concurrency limit counts (the devices' sync traffic)
LIMITED_PATHS = ("/sync/", "/auth/", "/photos/")
#: requests a worker process handles at once by default (its connection pool is sized to it)
DEFAULT_MAX_ACTIVE = 8


def body_limit(method: str, path: str) -> int:
    for m, prefix, limit in BODY_LIMITS:
        if method == m and path.startswith(prefix):
            return limit
    return DEFAULT_BODY


async def _refuse(send: Any, status: int, detail: str,
                  headers: tuple[tuple[bytes, bytes], ...] = ((b"connection", b"close"),)) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class HttpMiddleware:
    """An ASGI middleware that handles HTTP requests in :meth:`http` and passes the rest on."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class BodyLimitMiddleware(HttpMiddleware):
    """Refuses a body over its route's limit with 413 before the app reads it."""

    async def http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        limit = body_limit(scope["method"], scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                await _refuse(send, 400, "请求头 Content-Length 无效。")
                return
            if too_big:
                await _refuse(send, 413, TOO_LARGE)
                return
        seen = 0
        started = refused = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            msg: dict[str, Any] = await receive()
            seen += len(msg.get("body", b""))
            if seen > limit:
                # Answer now and tell the app the client went away: whatever it makes of that
                # (a parse error, an exception) is dropped, never read further.
                refused = True
                if not started:
                    await _refuse(send, 413, TOO_LARGE)
                return {"type": "http.disconnect"}
            return msg

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception:
            if not refused:
                raise


@dataclass
class RateLimiter:
    """A token bucket per key (client address + endpoint): ``burst`` at once, then ``per_minute``.

    Callers spend a token per *failed* attempt (:meth:`allow`) and ask :meth:`blocked` before
    trying, so a county enrolling fifty PCs from one office is never slowed, while a guesser is
    stopped after ``burst`` wrong codes. ``now`` is a monotonic clock in seconds, injectable."""

    per_minute: float
    burst: int
    now: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def _tokens(self, key: str, t: float) -> float:
        tokens, last = self._buckets.get(key, (float(self.burst), t))
        return min(float(self.burst), tokens + (t - last) * self.per_minute / 60)

    def blocked(self, key: str) -> bool:
        """No attempt left for ``key`` right now (nothing is spent by asking)."""
        return self._tokens(key, self.now()) < 1

    def allow(self, key: str) -> bool:
        """Spend one attempt; False when there was none left."""
        t = self.now()
        tokens = self._tokens(key, t)
        if len(self._buckets) > 50_000:  # a flood of addresses cannot grow this without bound
            self._buckets.clear()
        if tokens < 1:
            self._buckets[key] = (tokens, t)
            return False
        self._buckets[key] = (tokens - 1, t)
        return True


@dataclass
class Capacity:
    """How many device requests a worker handles at once (``limit``), how long one waits for a
    free slot (``wait``, seconds) and the ``Retry-After`` it is told when none came free."""

    limit: int = DEFAULT_MAX_ACTIVE
    wait: float = 0.2
    retry_after: int = 1


class ConcurrencyLimitMiddleware(HttpMiddleware):
    """Back-pressure instead of errors: at most ``limit`` device requests inside the app at
    once; one that finds no free slot within ``wait`` seconds is answered 503 with
    ``Retry-After`` (a quick refusal the client honours by waiting, not a failure), so a crowd
    of devices queues outside the server instead of timing out inside it. ``limit`` 0 answers
    every device request 503 (maintenance); the slots are sized at the first request."""

    def __init__(self, app: Any, capacity: Capacity) -> None:
        super().__init__(app)
        self.capacity = capacity
        self._slots: asyncio.Semaphore | None = None

    async def http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not str(scope.get("path", "")).startswith(LIMITED_PATHS):
            await self.app(scope, receive, send)
            return
        cap = self.capacity
        if cap.limit > 0:
            if self._slots is None:  # made in the server's event loop, at the first request
                self._slots = asyncio.Semaphore(cap.limit)
            try:
                await asyncio.wait_for(self._slots.acquire(), cap.wait)
            except TimeoutError:
                pass
            else:
                try:
                    await self.app(scope, receive, send)
                finally:
                    self._slots.release()
                return
        await _refuse(send, 503, BUSY, ((b"retry-after", str(cap.retry_after).encode()),))
