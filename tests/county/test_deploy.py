"""Running the county service as docs/deploy.md says: ``serve`` over TLS with its own
certificate and log files, the desktop refusing plain HTTP and unverifiable certificates, and
``backup`` / ``restore`` round trips on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from wuye_county.__main__ import main
from wuye_county.db import make_engine
from wuye_county.models import Community
from wuye_desktop.sync.client import CountyClient, InsecureServer, check_transport

from .conftest import _pg_database, free_port


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    certfile, keyfile = tmp / "cert.pem", tmp / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return certfile, keyfile


def _serve(tmp_path: Path, *args: str, scheme: str = "http",
           verify: ssl.SSLContext | bool = True) -> tuple[subprocess.Popen[bytes], str]:
    """``wuye-county serve`` as deployed (its own process, log files), once it answers."""
    port = free_port()
    env = {**os.environ, "WUYE_COUNTY_DB": f"sqlite:///{tmp_path / 'c.sqlite3'}",
           "WUYE_COUNTY_DATA": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "wuye_county", "serve", "--port", str(port),
                             "--log-dir", str(tmp_path / "logs"), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"{scheme}://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{url}/health", verify=verify, timeout=2)
            return proc, url
        except httpx.TransportError:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()  # type: ignore[union-attr]
            time.sleep(0.2)


def test_serve_over_tls_and_the_client_checks_the_certificate(tmp_path):
    certfile, keyfile = _self_signed(tmp_path)
    trust = ssl.create_default_context(cafile=str(certfile))
    proc, url = _serve(tmp_path, "--certfile", str(certfile), "--keyfile", str(keyfile),
                       scheme="https", verify=trust)
    try:
        client = CountyClient(url, ca_file=certfile, retries=0)
        assert client.health().database == "sqlite"
        client.close()
        stranger = CountyClient(url, retries=3)  # no county CA: refused at once, not retried
        with pytest.raises(InsecureServer, match="证书无法验证"):
            stranger.health()
        stranger.close()
        r = httpx.post(f"{url}/auth/enroll", json={"code": "AAAA-BBBB-CCCC"}, verify=trust)
        assert r.status_code == 401
    finally:
        proc.terminate()
        proc.wait(15)
    access = [json.loads(line) for line in (tmp_path / "logs" / "access.log").read_text("utf-8").splitlines()]
    assert {"method": "POST", "path": "/auth/enroll", "status": 401} in [
        {k: a["event"][k] for k in ("method", "path", "status")} for a in access]
    assert (tmp_path / "logs" / "security.log").exists()


def test_idle_connections_cannot_starve_the_server(tmp_path):
    """Hundreds of idle TCP connections (a scanner, a broken client): past --max-connections
    the server answers 503 at once instead of piling up descriptors, a real request still gets
    an answer, and the log holds no "Too many open files" tracebacks."""
    import socket

    proc, url = _serve(tmp_path, "--max-connections", "40")
    idle = []
    try:
        for _ in range(300):
            idle.append(socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1]))))
        r = httpx.get(f"{url}/health", timeout=20)  # answered, not left hanging
        assert r.status_code in (200, 503)
        for sock in idle:
            sock.close()
        idle = []
        for _ in range(100):  # the server lets go of the closed ones
            r = httpx.get(f"{url}/health", timeout=20)
            if r.status_code == 200:
                break
            time.sleep(0.1)
        assert r.status_code == 200
        assert proc.poll() is None
    finally:
        for sock in idle:
            sock.close()
        proc.terminate()
        _out, err = proc.communicate(timeout=15)
    logs = err.decode("utf-8", "replace") + "".join(
        f.read_text("utf-8", "replace") for f in (tmp_path / "logs").glob("*.log"))
    assert "Too many open files" not in logs
    assert "Traceback" not in logs


def test_client_refuses_plain_http_unless_the_county_allows_it():
    for ok in ("http://127.0.0.1:8765", "http://localhost:8765", "https://wuye.example.gov.cn"):
        check_transport(ok)
    with pytest.raises(InsecureServer, match="allow_http"):
        CountyClient("http://192.0.2.10:8765")
    check_transport("http://192.0.2.10:8765", allow_http=True)


def test_installer_ini_spells_out_allow_http(tmp_path):
    from wuye_desktop.services.county_config import _read_ini

    assert main(["installer", "--server", "http://10.0.0.5:8765", "--allow-http", "-o", str(tmp_path)]) == 0
    cfg = _read_ini(tmp_path / "county.ini")
    assert cfg is not None and cfg.allow_http
    assert main(["installer", "--server", "https://wuye.example.gov.cn", "-o", str(tmp_path)]) == 0
    cfg = _read_ini(tmp_path / "county.ini")
    assert cfg is not None and not cfg.allow_http


def _round_trip(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WUYE_COUNTY_DB", url)
    monkeypatch.setenv("WUYE_COUNTY_DATA", str(tmp_path / "data"))
    assert main(["enroll", "330106001001", "--name", "备份前的社区"]) == 0
    backup = tmp_path / "county.backup"
    assert main(["backup", "-o", str(backup)]) == 0 and backup.stat().st_size > 0
    assert main(["enroll", "330106001002", "--name", "备份后的社区"]) == 0
    assert main(["restore", str(backup)]) == 2  # not without --yes
    assert main(["restore", str(backup), "--yes"]) == 0
    engine = make_engine(url)
    with engine.connect() as conn:
        names = set(conn.execute(select(Community.name)).scalars())
        assert conn.execute(select(func.count()).select_from(Community)).scalar_one() == 1
    engine.dispose()
    assert names == {"备份前的社区"}


def test_backup_and_restore_sqlite(tmp_path, monkeypatch):
    _round_trip(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path, monkeypatch)


@pytest.mark.postgres
def test_backup_and_restore_postgresql(tmp_path, monkeypatch):
    for url in _pg_database():
        _round_trip(url, tmp_path, monkeypatch)
