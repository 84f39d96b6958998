"""Device enrolment and tokens.

* One-time enrolment codes (printed by ``wuye-county enroll``) are stored as SHA-256 hashes and
  expire; using one creates a device bound to that community.
* Refresh tokens are opaque random strings, stored hashed, rotated on every use and revocable
  with the device. The token just used stays valid until the next refresh succeeds, because a
  desktop may crash after the server rotated but before the new token reached its keyring;
  so at most two refresh tokens of a device are ever valid.
* Access tokens are short-lived HMAC-signed ``device.expiry.signature`` strings; the signing key
  lives in the ``meta`` table. Revocation is checked on every request, so it takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select, update
from uuid6 import uuid7

from .errors import Refusal
from .models import Community, Device, EnrolmentCode, Meta

ACCESS_TTL_SECONDS = 15 * 60
REVOKED_MESSAGE = "本机已被县住建部门停用，不能再同步。未同步的数据仍保存在本机，可以导出。"
#: Unambiguous letters and digits (no 0/O, 1/I/L) so a code read over the phone survives.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class AuthError(Refusal):
    """An enrolment or login refused: 401 (code or token wrong, used or expired) or 403
    (device revoked), with a Chinese message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message, status=status)


def now() -> datetime:
    return datetime.now(UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


#: Database URL -> committed signing key. The key never changes once stored, so every request
#: need not read it again (one query less per request under load).
_KEYS: dict[str, bytes] = {}


def signing_key(conn: Connection) -> bytes:
    """The access-token key, created on first use (kept in the database so restarts keep it)."""
    cache_key = str(conn.engine.url)
    cached = _KEYS.get(cache_key)
    if cached is not None:
        return cached
    value = conn.execute(select(Meta.value).where(Meta.key == "token_key")).scalar()
    if value is None:
        # Not cached yet: this transaction could still roll back.
        value = secrets.token_hex(32)
        conn.execute(Meta.__table__.insert().values(key="token_key", value=value))
        return bytes.fromhex(value)
    _KEYS[cache_key] = bytes.fromhex(value)
    return _KEYS[cache_key]


def ensure_community(conn: Connection, code: str, name: str = "") -> None:
    row = conn.execute(select(Community.code).where(Community.code == code)).first()
    if row is None:
        conn.execute(Community.__table__.insert().values(code=code, name=name, created_at=now()))
    elif name:
        conn.execute(update(Community).where(Community.code == code).values(name=name))


def create_enrolment_code(conn: Connection, community_code: str, name: str = "",
                          valid_hours: float = 72) -> tuple[str, datetime]:
    """Return a new one-time code for ``community_code`` and its expiry time."""
    ensure_community(conn, community_code, name)
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    code = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
    expires = now() + timedelta(hours=valid_hours)
    conn.execute(EnrolmentCode.__table__.insert().values(
        code_hash=_hash(raw), community_code=community_code, created_at=now(),
        expires_at=expires))
    return code, expires


@dataclass(frozen=True, slots=True)
class Issued:
    device_id: str
    community_code: str
    community_name: str
    access_token: str
    refresh_token: str
    expires_in: int


def _as_utc(dt: datetime) -> datetime:
    # SQLite returns naive datetimes even for timezone-aware columns.
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def enrol(conn: Connection, code: str, device_name: str, app_version: str,
          request_id: str | None = None) -> Issued:
    code_hash = _hash(_normalise_code(code))
    ec = conn.execute(select(EnrolmentCode.__table__)
                      .where(EnrolmentCode.code_hash == code_hash).with_for_update()).first()
    if ec is None:
        raise AuthError(401, "注册码无效，请核对后重新输入，或向县住建部门重新申请。")
    if _as_utc(ec.expires_at) < now():
        raise AuthError(401, "此注册码已过期，请向县住建部门重新申请。")
    if ec.used_at is not None:
        if request_id and ec.request_id == request_id and ec.device_id:
            return _reissue(conn, ec.device_id)  # the first reply was lost on the way
        raise AuthError(401, "此注册码已经使用过，每个注册码只能用一次，请向县住建部门重新申请。")
    device_id = str(uuid7())
    refresh = secrets.token_urlsafe(32)
    conn.execute(Device.__table__.insert().values(
        id=device_id, community_code=ec.community_code, name=device_name, created_at=now(),
        last_seen_at=now(), app_version=app_version, refresh_hash=_hash(refresh),
        prev_refresh_hash=None))
    conn.execute(update(EnrolmentCode).where(EnrolmentCode.code_hash == code_hash)
                 .values(used_at=now(), device_id=device_id, request_id=request_id))
    name = conn.execute(select(Community.name).where(
        Community.code == ec.community_code)).scalar() or ""
    return Issued(device_id, ec.community_code, name, make_access_token(conn, device_id),
                  refresh, ACCESS_TTL_SECONDS)


def _reissue(conn: Connection, device_id: str) -> Issued:
    dev = conn.execute(select(Device.__table__).where(Device.id == device_id)).first()
    if dev is None or dev.revoked_at is not None:
        raise AuthError(403, REVOKED_MESSAGE)
    token = secrets.token_urlsafe(32)
    conn.execute(update(Device).where(Device.id == device_id)
                 .values(refresh_hash=_hash(token), prev_refresh_hash=None, last_seen_at=now()))
    name = conn.execute(select(Community.name).where(
        Community.code == dev.community_code)).scalar() or ""
    return Issued(device_id, dev.community_code, name, make_access_token(conn, device_id),
                  token, ACCESS_TTL_SECONDS)


def refresh(conn: Connection, device_id: str, token: str) -> Issued:
    """Rotate the refresh token and issue a new access token."""
    dev = conn.execute(select(Device.__table__).where(Device.id == device_id)
                       .with_for_update()).first()
    bad = AuthError(401, "登录凭据无效，请重新注册本机（向县住建部门申请注册码）。")
    if dev is None:
        raise bad
    if dev.revoked_at is not None:
        raise AuthError(403, REVOKED_MESSAGE)
    h = _hash(token)
    if hmac.compare_digest(h, dev.refresh_hash):
        # The client proved it holds the newest token: the older one dies, this one becomes
        # the grace token until the next refresh.
        grace = dev.refresh_hash
    elif dev.prev_refresh_hash and hmac.compare_digest(h, dev.prev_refresh_hash):
        # The reply carrying the newest token was lost (crash, dropped connection): issue again.
        grace = dev.prev_refresh_hash
    else:
        raise bad
    new = secrets.token_urlsafe(32)
    conn.execute(update(Device).where(Device.id == device_id).values(
        refresh_hash=_hash(new), prev_refresh_hash=grace, last_seen_at=now()))
    return Issued(dev.id, dev.community_code, "", make_access_token(conn, dev.id), new,
                  ACCESS_TTL_SECONDS)


def make_access_token(conn: Connection, device_id: str, ttl: int = ACCESS_TTL_SECONDS) -> str:
    exp = int(time.time()) + ttl
    payload = f"{device_id}.{exp}"
    sig = hmac.new(signing_key(conn), payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{base64.urlsafe_b64encode(sig).decode().rstrip('=')}"


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """The authenticated device of a request."""

    id: str
    community_code: str
    name: str


def check_access_token(conn: Connection, token: str) -> DeviceInfo:
    """The device a bearer token belongs to, or AuthError (401 expired/invalid, 403 revoked)."""
    parts = token.split(".")
    expired = AuthError(401, "登录已过期或无效，请重新连接县服务器。")
    if len(parts) != 3:
        raise expired
    device_id, exp_s, sig = parts
    payload = f"{device_id}.{exp_s}"
    good = base64.urlsafe_b64encode(
        hmac.new(signing_key(conn), payload.encode(), hashlib.sha256).digest()).decode().rstrip("=")
    if not hmac.compare_digest(good, sig) or not exp_s.isdigit() or int(exp_s) < time.time():
        raise expired
    dev = conn.execute(select(Device.__table__).where(Device.id == device_id)).first()
    if dev is None:
        raise expired
    if dev.revoked_at is not None:
        raise AuthError(403, REVOKED_MESSAGE)
    return DeviceInfo(dev.id, dev.community_code, dev.name)


def revoke(conn: Connection, device_id: str) -> bool:
    res = conn.execute(update(Device).where(Device.id == device_id, Device.revoked_at.is_(None))
                       .values(revoked_at=now()))
    return bool(res.rowcount)
