"""The vendor's release signing: ``python packaging/sign_release.py genkey KEY.pem`` once (keep the
private key offline; put the printed public line into resources/update-keys/vendor.pub), then
``python packaging/sign_release.py sign ARTEFACT --key KEY.pem --version V --platform windows``
writes ``ARTEFACT.release.json`` — what the county stages with ``wuye-county releases stage``."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from wuye_desktop.sync.releases import PLATFORMS, Release, public_line, sign


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="sign_release")
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("genkey")
    g.add_argument("key", type=Path)
    s = sub.add_parser("sign")
    s.add_argument("artefact", type=Path)
    s.add_argument("--key", type=Path, required=True)
    s.add_argument("--version", required=True)
    s.add_argument("--platform", choices=PLATFORMS, required=True)
    a = p.parse_args(argv)
    if a.cmd == "genkey":
        key = Ed25519PrivateKey.generate()
        a.key.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
        a.key.chmod(0o600)
        print(public_line(key))
        return 0
    key = load_pem_private_key(a.key.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    data = a.artefact.read_bytes()
    rel = sign(Release(a.version, a.platform, a.artefact.name, hashlib.sha256(data).hexdigest(),
                       len(data)), key)
    out = a.artefact.with_name(a.artefact.name + ".release.json")
    out.write_text(json.dumps(rel.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
