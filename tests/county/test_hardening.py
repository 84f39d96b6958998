"""The hostile inputs of issue 16, each one: they failed on the main branch before it."""

from __future__ import annotations

import hashlib
import os
import socket
import stat
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, update
from uuid6 import uuid7

from wuye_county import auth
from wuye_county.app import create_app
from wuye_county.auth import create_enrolment_code, now
from wuye_county.db import make_engine
from wuye_county.models import AuditEntry, Device, EnrolmentCode, Meta

from .helpers import new_community, op, uid

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def _code(county, community=None):
    with county.engine.begin() as conn:
        return create_enrolment_code(conn, community or new_community(), "测试社区")[0]


def test_non_ascii_bearer_token_is_401_not_500(county):
    # httpx would refuse to encode it; the bytes go out raw, as an attacker's client sends them.
    host, port = county.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"GET /sync/changes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  b"Authorization: Bearer \xe4\xbd\xa0.\xe5\xa5\xbd.\xe5\x90\x97\r\n\r\n")
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 401"), reply[:200]


def test_unauthenticated_big_bodies_are_refused_unread(county):
    big = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    r = httpx.post(f"{county.url}/auth/enroll", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "太大" in r.json()["detail"]

    def chunks():  # no Content-Length: cut off while streaming
        for _ in range(64):
            yield b" " * 65536

    r = httpx.post(f"{county.url}/auth/refresh", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert httpx.post(f"{county.url}/console/login", content=big).status_code == 413


def test_422_does_not_echo_the_input(county):
    d = county.enrol()
    junk = "投" * 300_000  # 900 KB of text where a list belongs
    body = {"batch_id": uid(), "device_id": d.id, "app_version": "0.1.0", "schema_version": 1,
            "operations": junk}
    r = httpx.post(f"{county.url}/sync/push", json=body, headers=d.headers(), timeout=30)
    assert r.status_code == 422 and len(r.content) < 2000 and "投投" not in r.text
    assert "operations" in r.json()["detail"]


def test_enrolment_replay_is_answered_once_and_only_soon(county):
    code, rid = _code(county), str(uuid7())
    first = httpx.post(f"{county.url}/auth/enroll", json={"code": code, "request_id": rid})
    assert first.status_code == 200
    again = httpx.post(f"{county.url}/auth/enroll", json={"code": code, "request_id": rid})
    assert again.status_code == 200 and again.json()["device_id"] == first.json()["device_id"]
    third = httpx.post(f"{county.url}/auth/enroll", json={"code": code, "request_id": rid})
    assert third.status_code == 401 and "已经使用过" in third.json()["detail"]
    # Later than ten minutes, even a first retry is refused.
    late_code, late_rid = _code(county), str(uuid7())
    assert httpx.post(f"{county.url}/auth/enroll", json={"code": late_code, "request_id": late_rid}).status_code == 200
    with county.engine.begin() as conn:
        conn.execute(update(EnrolmentCode).where(EnrolmentCode.request_id == late_rid)
                     .values(used_at=now() - timedelta(minutes=11)))
    assert httpx.post(f"{county.url}/auth/enroll",
                      json={"code": late_code, "request_id": late_rid}).status_code == 401
    with county.engine.connect() as conn:
        assert conn.execute(select(AuditEntry.id).where(AuditEntry.action == "enrol-replay")).first()


def test_re_enrolment_retires_the_old_device(county):
    community = new_community()
    old = county.enrol(community)
    r = httpx.post(f"{county.url}/auth/enroll", json={"code": _code(county, community),
                                                      "replaces_device_id": old.id})
    assert r.status_code == 200
    assert httpx.get(f"{county.url}/sync/changes", headers=old.headers()).status_code == 403
    # Another community's device cannot be retired with this community's code.
    stranger = county.enrol()
    httpx.post(f"{county.url}/auth/enroll", json={"code": _code(county, community),
                                                  "replaces_device_id": stranger.id})
    assert httpx.get(f"{county.url}/sync/changes", headers=stranger.headers()).status_code == 200
    with county.engine.connect() as conn:
        assert conn.execute(select(Device.revoked_reason).where(Device.id == old.id)).scalar() == "retired"


def test_refresh_token_reuse_revokes_and_is_audited(county):
    d = county.enrol()
    r1 = d.refresh
    r2 = httpx.post(f"{county.url}/auth/refresh", json={"device_id": d.id, "refresh_token": r1}).json()
    r3 = httpx.post(f"{county.url}/auth/refresh",
                    json={"device_id": d.id, "refresh_token": r2["refresh_token"]}).json()
    assert r3["refresh_token"]
    stolen = httpx.post(f"{county.url}/auth/refresh", json={"device_id": d.id, "refresh_token": r1})
    assert stolen.status_code == 401
    assert httpx.post(f"{county.url}/auth/refresh", json={"device_id": d.id,
                                                          "refresh_token": r3["refresh_token"]}).status_code == 403
    with county.engine.connect() as conn:
        assert conn.execute(select(AuditEntry.target).where(AuditEntry.action == "token-reuse",
                                                            AuditEntry.target == d.id)).first()


def test_blank_community_code_rows_are_refused(county, caplog):
    d = county.enrol()
    with caplog.at_level("WARNING", logger="wuye_county.security"):
        for blank in ("", "  ", None):
            (res,) = d.push(op("estates", uid(), name="无主小区", community_code=blank))
            assert res["status"] == "rejected" and "社区代码不能为空" in res["reason"]
        (res,) = d.push(op("estates", uid(), name="别人的小区", community_code=new_community()))
        assert res["status"] == "rejected"
    # Each refusal is a security event in the log, with the device that tried.
    assert sum(f"rejected op device={d.id}" in m for m in caplog.messages) == 4


def test_photos_are_kept_per_community(county):
    a, b = county.enrol(), county.enrol()
    data = JPEG + uid().encode()
    h = hashlib.sha256(data).hexdigest()
    for d in (a, b):
        r = httpx.put(f"{county.url}/photos/{h}", content=data, headers=d.headers())
        assert r.status_code == 200 and r.json()["created"] is True
        assert httpx.get(f"{county.url}/photos/{h}", headers=d.headers()).content == data
    text = b"<script>alert(1)</script>"
    r = httpx.put(f"{county.url}/photos/{hashlib.sha256(text).hexdigest()}", content=text, headers=a.headers())
    assert r.status_code == 415


def test_enrolment_guessing_is_rate_limited(tmp_path):
    app = create_app(make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    c = TestClient(app)
    codes = [c.post("/auth/enroll", json={"code": f"AAAA-BBBB-{i:04d}"}).status_code for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[-1] == 429


def test_signing_key_lives_outside_the_database(tmp_path, monkeypatch):
    key_file = tmp_path / "secrets" / "token.key"
    monkeypatch.setenv(auth.KEY_FILE_ENV, str(key_file))
    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    create_app(engine)  # migrates, then moves a stored key out (here: makes one)
    with engine.begin() as conn:
        conn.execute(insert(Meta).values(key="token_key", value="ab" * 32))  # an old server's key
    key_file.unlink()
    create_app(engine)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().split()[0] == "ab" * 32  # tokens already out stay valid
    with engine.connect() as conn:
        assert conn.execute(select(Meta.value).where(Meta.key == "token_key")).first() is None
    # Rotation: the new key signs, the old one still verifies until the next rotation.
    with engine.begin() as conn:
        old_token = auth.make_access_token(conn, "dev")
    auth.rotate_signing_key(key_file)
    with engine.begin() as conn:
        auth.load_signing_keys(conn, key_file)
        assert auth.signing_key(conn) != bytes.fromhex("ab" * 32)
        with pytest.raises(auth.AuthError) as e:  # the device is unknown, but the signature passed
            auth.check_access_token(conn, old_token)
    assert e.value.status == 401
    os.chmod(key_file, 0o644)  # loosened by a careless restore: tightened on the next start
    create_app(engine)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    engine.dispose()
