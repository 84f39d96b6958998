"""Staff accounts of the web console: Argon2 password hashes, roles, lockout, sessions.

Roles: ``admin`` (县级管理员: everything), ``viewer`` (街道查看员: read-only, only the communities
of one sub-district, the 9-digit prefix of their codes) and ``auditor`` (审计员: read-only plus
the audit log). Five wrong passwords in a row lock an account for fifteen minutes; a session is
a random cookie token (only its hash is stored) with its own CSRF token, valid eight hours.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from .errors import Refusal
from .models import StaffSession, StaffUser

ROLES = {"admin": "县级管理员", "viewer": "街道查看员", "auditor": "审计员"}
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=8)
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")
_hasher = PasswordHasher()
#: verified against when the user does not exist, so both answers take as long
_DUMMY = _hasher.hash("not a password of anyone")

LOGIN_FAILED = "用户名或密码不正确。"
LOCKED = "密码连续输错次数过多，账号已锁定15分钟，请稍后再试或联系县级管理员。"


class AccountError(Refusal):
    """A staff account request refused (message in Chinese)."""


@dataclass(frozen=True)
class Staff:
    """The logged-in staff member of a console request."""

    id: int
    username: str
    display_name: str
    role: str
    subdistrict: str | None

    @property
    def can_write(self) -> bool:
        return self.role == "admin"

    @property
    def can_audit(self) -> bool:
        return self.role in ("admin", "auditor")

    def sees(self, community_code: str) -> bool:
        """Whether this community is in the staff member's scope."""
        return self.role != "viewer" or bool(
            self.subdistrict and community_code.startswith(self.subdistrict))

    @property
    def label(self) -> str:
        return f"{self.display_name or self.username}（{ROLES[self.role]}）"


def _staff(row: Any) -> Staff:
    return Staff(row.id, row.username, row.display_name, row.role, row.subdistrict)


def add_user(conn: Connection, at: datetime, username: str, password: str, role: str, *,
             display_name: str = "", subdistrict: str | None = None) -> int:
    if not _USERNAME.match(username):
        raise AccountError("用户名只能用2到64个英文字母、数字或 _ . -。")
    if role not in ROLES:
        raise AccountError(f"角色应为 {'、'.join(f'{k}（{v}）' for k, v in ROLES.items())} 之一。")
    if role == "viewer" and not (subdistrict and re.fullmatch(r"\d{9}", subdistrict)):
        raise AccountError("街道查看员须指定街道：9位统计用区划代码（社区代码的前9位）。")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少{MIN_PASSWORD}个字符。")
    if conn.execute(select(StaffUser.id).where(StaffUser.username == username)).first():
        raise AccountError(f"用户名“{username}”已经存在。", status=409)
    res = conn.execute(insert(StaffUser).values(
        username=username, display_name=display_name[:100], role=role,
        subdistrict=subdistrict if role == "viewer" else None,
        password_hash=_hasher.hash(password), created_at=at, failed_logins=0))
    return int(res.inserted_primary_key[0])  # type: ignore[index]


def list_users(conn: Connection) -> list[Any]:
    return list(conn.execute(select(StaffUser.__table__).order_by(StaffUser.username)).all())


def disable_user(conn: Connection, at: datetime, username: str) -> None:
    user_id = conn.execute(select(StaffUser.id).where(StaffUser.username == username)).scalar()
    if user_id is None:
        raise AccountError(f"没有用户“{username}”。", status=404)
    conn.execute(update(StaffUser).where(StaffUser.id == user_id).values(disabled_at=at))
    conn.execute(delete(StaffSession).where(StaffSession.user_id == user_id))


@dataclass(frozen=True)
class LoginResult:
    """A login attempt: the new session's cookie and CSRF tokens, or ``error`` (and whether it
    just locked the account)."""

    staff: Staff | None
    token: str = ""
    csrf: str = ""
    error: str = ""
    locked_now: bool = False


def _as_utc(dt: datetime, like: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=like.tzinfo)  # SQLite drops the zone


def login(conn: Connection, at: datetime, username: str, password: str) -> LoginResult:
    row = conn.execute(select(StaffUser.__table__).where(StaffUser.username == username)
                       .with_for_update()).first()
    if row is None or row.disabled_at is not None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY, password)
        return LoginResult(None, error=LOGIN_FAILED)
    if row.locked_until is not None and _as_utc(row.locked_until, at) > at:
        return LoginResult(_staff(row), error=LOCKED)
    ok: bool
    try:
        ok = _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        failures = row.failed_logins + 1
        locked = failures >= MAX_FAILURES
        conn.execute(update(StaffUser).where(StaffUser.id == row.id).values(
            failed_logins=0 if locked else failures, locked_until=at + LOCKOUT if locked else None))
        return LoginResult(_staff(row), error=LOCKED if locked else LOGIN_FAILED,
                           locked_now=locked)
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": at}
    if _hasher.check_needs_rehash(row.password_hash):
        values["password_hash"] = _hasher.hash(password)
    conn.execute(update(StaffUser).where(StaffUser.id == row.id).values(**values))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    conn.execute(insert(StaffSession).values(token_hash=_hash(token), user_id=row.id, csrf=csrf,
                                             created_at=at, expires_at=at + SESSION_TTL))
    return LoginResult(_staff(row), token=token, csrf=csrf)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def session(conn: Connection, at: datetime, token: str) -> tuple[Staff, str] | None:
    """The staff member and CSRF token of a live session cookie, or None."""
    if not token or len(token) > 100:
        return None
    row = conn.execute(select(StaffSession.csrf, StaffSession.expires_at, StaffUser.__table__)
                       .join(StaffUser, StaffUser.id == StaffSession.user_id)
                       .where(StaffSession.token_hash == _hash(token))).first()
    if row is None or row.disabled_at is not None or _as_utc(row.expires_at, at) <= at:
        return None
    return Staff(row.id, row.username, row.display_name, row.role, row.subdistrict), row.csrf


def logout(conn: Connection, token: str) -> None:
    conn.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))
