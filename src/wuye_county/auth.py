"""Device enrolment and tokens.

* One-time enrolment codes (printed by ``wuye-county enroll``) are stored as SHA-256 hashes and
  expire; using one creates a device bound to that community.
* Refresh tokens are opaque random strings, stored hashed, rotated on every use and revocable
  with the device. The token just used stays valid until the next refresh succeeds, because a
  desktop may crash after the server rotated but before the new token reached its keyring;
  so at most two refresh tokens of a device are ever valid.
* A refresh token rotated away is remembered (hashed): presenting it again is reuse of a stolen
  copy, which revokes the device (``TokenReused``) and tells the county through the audit log.
* A lost enrolment reply can be asked for again once, within ten minutes, with the same code and
  request id; after that the code is spent for good. Enrolling again retires the old device.
* Access tokens are short-lived HMAC-signed ``device.expiry.signature`` strings; the signing keys
  live outside the database (environment or a 0600 file) and rotate. Revocation is checked on
  every request, so it takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select, update
from uuid6 import uuid7

from wuye_desktop.domain.errors import UserError

from .db import data_dir
from .errors import Refusal
from .models import Community, Device, EnrolmentCode, Meta, SpentRefreshToken

log = logging.getLogger("wuye_county.security")
ACCESS_TTL_SECONDS = 15 * 60
#: a lost enrolment reply may be asked for again once, within this window
REPLAY_WINDOW = timedelta(minutes=10)
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


#: Database URL -> signing keys, newest first (the older one still verifies, for rotation).
_KEYS: dict[str, list[bytes]] = {}
KEY_ENV = "WUYE_COUNTY_TOKEN_KEY"
KEY_FILE_ENV = "WUYE_COUNTY_TOKEN_KEY_FILE"
#: keys kept in the file: the newest signs, the one before still verifies until it is rotated out
KEEP_KEYS = 2


def key_file_path() -> Path:
    env = os.environ.get(KEY_FILE_ENV)
    return Path(env) if env else data_dir() / "secrets" / "token.key"


def _write_keys(path: Path, keys: list[bytes]) -> None:
    """Write the key file readable by the server's user only (0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write("".join(k.hex() + "\n" for k in keys))
    os.replace(tmp, path)


def _read_keys(path: Path) -> list[bytes]:
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)  # a copy restored with loose permissions is tightened at once
        log.warning("token key file %s was readable by others; permissions set to 0600", path)
    try:
        keys = [bytes.fromhex(line.strip()) for line in path.read_text("ascii").splitlines()
                if line.strip()]
    except (ValueError, UnicodeDecodeError):
        keys = []
    if not keys:
        raise UserError(f"令牌密钥文件 {path} 已损坏：请从备份恢复，或删除它（所有设备的登录会在15分钟内失效，"
                        "之后自动续期）。")
    return keys


def load_signing_keys(conn: Connection, path: Path | None = None) -> list[bytes]:
    """The access-token keys, kept outside the database: ``WUYE_COUNTY_TOKEN_KEY`` (hex, newest
    first, comma-separated) or a 0600 file (``WUYE_COUNTY_TOKEN_KEY_FILE``, by default
    ``secrets/token.key`` in the data directory). A key an older server kept in the ``meta``
    table moves to the file (tokens stay valid) and leaves the database, so backups lack it."""
    env = os.environ.get(KEY_ENV)
    stored = conn.execute(select(Meta.value).where(Meta.key == "token_key")).scalar()
    if env:
        keys = [bytes.fromhex(k.strip()) for k in env.split(",") if k.strip()]
    else:
        path = path or key_file_path()
        if not path.exists():
            _write_keys(path, [bytes.fromhex(stored) if stored else secrets.token_bytes(32)])
        keys = _read_keys(path)
    if stored is not None:
        conn.execute(delete(Meta).where(Meta.key == "token_key"))
    _KEYS[str(conn.engine.url)] = keys
    return keys


def rotate_signing_key(path: Path | None = None) -> Path:
    """Put a new signing key first; the previous one still verifies the tokens already out."""
    path = path or key_file_path()
    old = _read_keys(path) if path.exists() else []
    _write_keys(path, [secrets.token_bytes(32), *old][:KEEP_KEYS])
    return path


def _keys(conn: Connection) -> list[bytes]:
    keys = _KEYS.get(str(conn.engine.url))
    return keys if keys is not None else load_signing_keys(conn)


def signing_key(conn: Connection) -> bytes:
    """The key that signs new access tokens."""
    return _keys(conn)[0]


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


class CodeReused(AuthError):
    """An enrolment code presented again after it was spent (and not a permitted retry)."""

    def __init__(self, community_code: str) -> None:
        super().__init__(401, "此注册码已经使用过，每个注册码只能用一次，请向县住建部门重新申请。")
        self.community_code = community_code


class TokenReused(AuthError):
    """A refresh token that was already rotated away came back: the device is revoked."""

    def __init__(self, device_id: str) -> None:
        super().__init__(401, "登录凭据已被使用过（可能被他人复制），为安全起见本机已停用。"
                              "请向县住建部门申请新的注册码重新注册。")
        self.device_id = device_id


def enrol(conn: Connection, code: str, device_name: str, app_version: str,
          request_id: str | None = None, replaces: str | None = None) -> Issued:
    code_hash = _hash(_normalise_code(code))
    ec = conn.execute(select(EnrolmentCode.__table__)
                      .where(EnrolmentCode.code_hash == code_hash).with_for_update()).first()
    if ec is None:
        raise AuthError(401, "注册码无效，请核对后重新输入，或向县住建部门重新申请。")
    if _as_utc(ec.expires_at) < now():
        raise AuthError(401, "此注册码已过期，请向县住建部门重新申请。")
    if ec.used_at is not None:
        if (request_id and ec.request_id == request_id and ec.device_id
                and ec.replayed_at is None and now() - _as_utc(ec.used_at) <= REPLAY_WINDOW):
            # The first reply was lost on the way: answered once more, never again.
            conn.execute(update(EnrolmentCode).where(EnrolmentCode.code_hash == code_hash)
                         .values(replayed_at=now()))
            return _reissue(conn, ec.device_id)
        raise CodeReused(ec.community_code)
    device_id = str(uuid7())
    refresh = secrets.token_urlsafe(32)
    conn.execute(Device.__table__.insert().values(
        id=device_id, community_code=ec.community_code, name=device_name, created_at=now(),
        last_seen_at=now(), app_version=app_version, refresh_hash=_hash(refresh),
        prev_refresh_hash=None))
    conn.execute(update(EnrolmentCode).where(EnrolmentCode.code_hash == code_hash)
                 .values(used_at=now(), device_id=device_id, request_id=request_id))
    if replaces:  # the same PC enrolled again: its old identity can no longer sync
        conn.execute(update(Device).where(Device.id == replaces,
                                          Device.community_code == ec.community_code,
                                          Device.revoked_at.is_(None))
                     .values(revoked_at=now(), revoked_reason="retired"))
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
        spent = conn.execute(select(SpentRefreshToken.device_id).where(
            SpentRefreshToken.token_hash == h)).scalar()
        if spent == device_id:
            log.warning("refresh token reuse device=%s community=%s", device_id,
                        dev.community_code)
            raise TokenReused(device_id)
        raise bad
    new = secrets.token_urlsafe(32)
    for dead in {dev.refresh_hash, dev.prev_refresh_hash} - {grace, None}:
        conn.execute(insert(SpentRefreshToken).values(token_hash=dead, device_id=device_id,
                                                      spent_at=now()))
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
    if len(parts) != 3 or not token.isascii():
        raise expired
    device_id, exp_s, sig = parts
    payload = f"{device_id}.{exp_s}".encode()
    good = [base64.urlsafe_b64encode(hmac.new(k, payload, hashlib.sha256).digest()).rstrip(b"=")
            for k in _keys(conn)]
    if not any(hmac.compare_digest(g, sig.encode()) for g in good) or not exp_s.isdigit() \
            or int(exp_s) < time.time():
        raise expired
    dev = conn.execute(select(Device.__table__).where(Device.id == device_id)).first()
    if dev is None:
        raise expired
    if dev.revoked_at is not None:
        raise AuthError(403, REVOKED_MESSAGE)
    return DeviceInfo(dev.id, dev.community_code, dev.name)


def revoke(conn: Connection, device_id: str, reason: str = "revoked") -> bool:
    res = conn.execute(update(Device).where(Device.id == device_id, Device.revoked_at.is_(None))
                       .values(revoked_at=now(), revoked_reason=reason))
    return bool(res.rowcount)
