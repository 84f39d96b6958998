"""The county refresh token, kept only in the operating system's keyring.

There is deliberately no fallback: with no usable keyring (or only a plaintext one, such as the
file backends of ``keyrings.alt``) the token is not stored anywhere and the app asks the person
to enrol the device again. Tests select an in-memory backend through keyring's own
``PYTHON_KEYRING_BACKEND`` variable. Windows Credential Locker rejects long values, so only the
short refresh token goes in (never the access token).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from .domain.errors import UserError

if TYPE_CHECKING:  # keyring (and its platform backends) loads with the first token, not at start
    import keyring.backend

SERVICE = "wuye-desktop/county"

#: Backends that write secrets to a plain or merely encoded file: refused.
_PLAINTEXT_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


#: What a worker (or the office's IT person) must do so that a token can be kept. It names the
#: component to install; it never sends the worker to the county for a new code, since a code
#: is only spent once the token has somewhere to go.
MISSING_HINT = (
    "本机没有可用的系统密钥库（用来安全保存县服务器的登录凭据），暂时不能注册同步。"
    "注册码没有被使用，请保留。"
    "统信UOS、银河麒麟或 Debian 桌面：请安装并启用系统密钥环（如 gnome-keyring，"
    "命令 sudo apt install gnome-keyring），或在 KDE 桌面启用 KWallet，然后注销并重新登录桌面再试；"
    "Windows 自带“凭据管理器”，无需安装。")


class SecretStoreUnavailable(UserError):
    """No safe place for the token: nothing is stored and the one-time code is not spent."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(MISSING_HINT + (f"（{detail}）" if detail else ""))


def _backend() -> keyring.backend.KeyringBackend:
    import keyring

    kr = keyring.get_keyring()
    # A chainer is only as safe as what it chains; look through it.
    inner = getattr(kr, "backends", None) or [kr]
    for b in inner:
        mod = type(b).__module__
        if mod.startswith(_PLAINTEXT_MODULES) or b.priority <= 0:
            raise SecretStoreUnavailable(type(b).__name__)
    return kr


def usable() -> bool:
    """Whether a token could be stored right now."""
    from keyring.errors import KeyringError

    try:
        _backend()
    except (SecretStoreUnavailable, KeyringError):
        return False
    return True


def account(server_url: str, device_id: str) -> str:
    return f"{server_url.rstrip('/')}#{device_id}"


def save_refresh_token(acct: str, token: str) -> None:
    from keyring.errors import KeyringError

    try:
        _backend().set_password(SERVICE, acct, token)
    except KeyringError as exc:
        raise SecretStoreUnavailable(str(exc)) from exc


def load_refresh_token(acct: str) -> str | None:
    """The stored token, or None when there is none or no usable keyring."""
    from keyring.errors import KeyringError

    try:
        return _backend().get_password(SERVICE, acct)
    except (SecretStoreUnavailable, KeyringError):
        return None


def delete_refresh_token(acct: str) -> None:
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, SecretStoreUnavailable, KeyringError):
        _backend().delete_password(SERVICE, acct)
