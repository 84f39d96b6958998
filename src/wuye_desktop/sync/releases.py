"""Signed releases: what the county server offers and what the app accepts.

The vendor signs each release (version, platform, file name, sha256, size) with an Ed25519
key it alone holds (``packaging/sign_release.py``); the app carries the vendor's public keys
(``resources/update-keys/*.pub``) and accepts an installer only when its bytes hash to the signed
sha256 and the signature verifies. The county stages releases on its server but cannot forge
one: it has no private key. Qt-free, shared by the desktop and the county server.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..domain.errors import UserError

PLATFORMS = ("windows", "deb")
_FILENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,150}$")
_VERSION = re.compile(r"^\d+(\.\d+){1,3}$")


class ReleaseError(UserError):
    """A release that must not be installed or staged, in Chinese, saying what to do."""


@dataclass(frozen=True)
class Release:
    version: str
    platform: str
    filename: str
    sha256: str
    size: int
    signature: str = ""  # base64 Ed25519 over message()
    url: str = ""  # filled by the server for the client; not signed (the hash is)

    def message(self) -> bytes:
        return "\n".join(["wuye-desktop-release-v1", self.version, self.platform, self.filename,
                          self.sha256.lower(), str(self.size)]).encode()

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> Release:
        if not isinstance(data, dict):
            raise ReleaseError("版本说明文件格式不正确。")
        try:
            r = cls(version=str(data["version"]), platform=str(data["platform"]),
                    filename=str(data["filename"]), sha256=str(data["sha256"]).lower(),
                    size=int(data["size"]), signature=str(data.get("signature", "")),
                    url=str(data.get("url", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise ReleaseError(f"版本说明文件缺少或写错了字段：{exc}") from exc
        if not _VERSION.match(r.version) or r.platform not in PLATFORMS \
                or not _FILENAME.match(r.filename) or not re.fullmatch(r"[0-9a-f]{64}", r.sha256) \
                or r.size <= 0:
            raise ReleaseError("版本说明文件中的版本号、平台、文件名、校验值或大小不正确。")
        return r


def version_key(v: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", v))


def newer(candidate: str, current: str) -> bool:
    return version_key(candidate) > version_key(current)


def trusted_keys() -> list[Ed25519PublicKey]:
    """The vendor's public keys shipped with the app (one per line, base64 of the raw key)."""
    keys: list[Ed25519PublicKey] = []
    root = resources.files("wuye_desktop.resources") / "update-keys"
    if not root.is_dir():
        return keys
    for f in sorted(root.iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".pub"):
            continue
        for line in f.read_text(encoding="ascii").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                keys.append(Ed25519PublicKey.from_public_bytes(base64.b64decode(line)))
    return keys


def verify_signature(release: Release, keys: list[Ed25519PublicKey] | None = None) -> None:
    keys = trusted_keys() if keys is None else keys
    try:
        sig = base64.b64decode(release.signature, validate=True)
    except (ValueError, TypeError):
        sig = b""
    for k in keys:
        try:
            k.verify(sig, release.message())
            return
        except InvalidSignature:
            continue
    raise ReleaseError("新版本安装包的签名无效，不是软件发布方签发的，已拒绝安装。"
                       "请向县住建部门报告这个情况。")


def sign(release: Release, key: Ed25519PrivateKey) -> Release:
    sig = base64.b64encode(key.sign(release.message())).decode()
    return Release(**{**asdict(release), "signature": sig})


def public_line(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(path: Path) -> Release:
    try:
        return Release.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"无法读取版本说明文件“{path.name}”：{exc}") from exc
