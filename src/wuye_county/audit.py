"""The audit log (in the database, for the console's 审计 page) and the security log (files).

Every staff action that changes or exports something, every login, and every security event
(token reuse, refused enrolment replay, revoked-device attempts) is one :class:`AuditEntry`
row; :func:`record` also writes it as one JSON line to the ``wuye_county.security`` logger,
which :func:`configure_logging` sends to a file rotated daily and kept 190 days (网络安全法 §21
asks for at least six months).
"""

from __future__ import annotations

import copy
import json
import logging
import logging.handlers
import os
import queue
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, func, insert, select

from .limits import HttpMiddleware
from .models import AuditEntry

security_log = logging.getLogger("wuye_county.security")
access_log = logging.getLogger("wuye_county.access")
#: daily files kept: more than the six months the law asks for
KEEP_DAYS = 190

#: action -> what the 审计 page calls it
ACTIONS = {
    "login": "登录", "login-failed": "登录失败", "login-locked": "账号锁定", "logout": "退出",
    "user-add": "新建账号", "user-disable": "停用账号",
    "template-publish": "发布模板", "company-save": "修改物业企业", "codes-issue": "发放注册码",
    "device-revoke": "停用设备", "export": "导出", "token-reuse": "登录凭据被重复使用",
    "enrol-replay": "注册码重放被拒", "forbidden": "越权访问被拒",
}


def record(conn: Connection, at: datetime, actor: str, action: str, target: str = "", *,
           outcome: str = "ok", ip: str = "", **detail: Any) -> None:
    """Append one audit entry (in the caller's transaction) and log it as a security event."""
    conn.execute(insert(AuditEntry).values(at=at, actor=actor[:100], action=action,
                                           target=target[:200], outcome=outcome, ip=ip[:64],
                                           detail=detail))
    security_log.info(json.dumps({"at": at.isoformat(), "actor": actor, "action": action,
                                  "target": target, "outcome": outcome, "ip": ip, **detail},
                                 ensure_ascii=False, default=str))


@dataclass(frozen=True)
class AuditFilter:
    """What the 审计 page asks for: any of actor, action, a day range (inclusive)."""

    actor: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None


def query(f: AuditFilter, limit: int = 500) -> Select[Any]:
    q = select(AuditEntry.__table__).order_by(AuditEntry.id.desc()).limit(limit)
    if f.actor:
        q = q.where(func.lower(AuditEntry.actor).contains(f.actor.lower(), autoescape=True))
    if f.action:
        q = q.where(AuditEntry.action == f.action)
    if f.since is not None:
        q = q.where(AuditEntry.at >= f.since)
    if f.until is not None:
        q = q.where(AuditEntry.at < f.until)
    return q


class JsonLines(logging.Formatter):
    """One JSON object a line: time, logger, level and the message (already JSON or text)."""

    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        try:
            body: Any = json.loads(msg)
        except ValueError:
            body = msg
        out = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "logger": record.name,
               "level": record.levelname, "event": body}
        if record.exc_info:
            out["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            out["traceback"] = record.exc_text
        return json.dumps(out, ensure_ascii=False, default=str)


class SharedRotatingFileHandler(logging.handlers.TimedRotatingFileHandler):
    """A daily file that several ``serve`` worker processes append to: the first worker past
    midnight moves the day's file aside (a hard link then unlink, so a second worker never
    overwrites the moved file); the others find it moved and simply reopen the new one."""

    def doRollover(self) -> None:
        if self.stream:
            self.stream.close()
            self.stream = None
        day = time.gmtime(self.rolloverAt - self.interval)
        target = self.rotation_filename(f"{self.baseFilename}.{time.strftime(self.suffix, day)}")
        try:
            os.link(self.baseFilename, target)
            os.unlink(self.baseFilename)
        except (FileExistsError, FileNotFoundError):
            pass  # another worker rotated already
        if self.backupCount > 0:
            for old in self.getFilesToDelete():
                Path(old).unlink(missing_ok=True)
        self.stream = self._open()
        now = int(time.time())
        rollover = self.computeRollover(now)
        while rollover <= now:
            rollover += self.interval
        self.rolloverAt = rollover


def configure_logging(log_dir: Path) -> logging.handlers.QueueListener:
    """``security.log`` (security events and server errors) and ``access.log`` (one line per
    request) under ``log_dir``, rotated at midnight and kept :data:`KEEP_DAYS` days.

    The request path only puts a record on a queue; one thread formats and writes the files
    (the returned listener: stop it at shutdown, which writes out what is still queued)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    files: list[logging.Handler] = []
    for name, loggers in (("security.log", ("wuye_county.security", "wuye_county.app")),
                          ("access.log", ("wuye_county.access",))):
        handler = SharedRotatingFileHandler(
            log_dir / name, when="midnight", backupCount=KEEP_DAYS, encoding="utf-8", utc=True)
        handler.setFormatter(JsonLines())
        handler.addFilter(_OnlyLoggers(loggers))
        files.append(handler)
        for logger_name in loggers:
            logger = logging.getLogger(logger_name)
            logger.setLevel(logging.INFO)
            logger.addHandler(_QUEUE_HANDLER)
    stop_logging()  # configured again (tests): the old files are closed first
    listener = logging.handlers.QueueListener(_QUEUE, *files, respect_handler_level=True)
    listener.start()
    _LISTENER.append(listener)
    return listener


def stop_logging() -> None:
    """Write out the queued log lines and close the files (at server shutdown)."""
    while _LISTENER:
        old = _LISTENER.pop()
        old.stop()
        for h in old.handlers:
            h.close()


class _OnlyLoggers(logging.Filter):
    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name in self.names


class _Enqueue(logging.handlers.QueueHandler):
    """Puts a record on the queue with its message and traceback already rendered (the
    standard one would fold the traceback into the message)."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        record = copy.copy(record)
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        return record


_QUEUE: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
_QUEUE_HANDLER = _Enqueue(_QUEUE)
_LISTENER: list[logging.handlers.QueueListener] = []


class AccessLogMiddleware(HttpMiddleware):
    """One ``access.log`` line per request: method, path (no query: it may carry a cursor),
    status, milliseconds, client address. Timing uses the monotonic clock ``now``."""

    def __init__(self, app: Any, now: Any = None) -> None:
        import time

        super().__init__(app)
        self.now = now or time.monotonic

    async def http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not access_log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        started, status = self.now(), 0

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        finally:
            client = scope.get("client") or ("", 0)
            access_log.info(json.dumps({
                "method": scope.get("method"), "path": str(scope.get("path", ""))[:200],
                "status": status, "ms": round((self.now() - started) * 1000, 1), "ip": client[0]},
                ensure_ascii=False))
