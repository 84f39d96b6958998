"""Enrolment, refresh-token rotation, revocation."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select, update

from wuye_county.auth import create_enrolment_code, now, revoke
from wuye_county.models import Device as DeviceRow
from wuye_county.models import EnrolmentCode

from .helpers import new_community, op, uid


def _refresh(county, device_id: str, token: str) -> httpx.Response:
    return httpx.post(f"{county.url}/auth/refresh",
                      json={"device_id": device_id, "refresh_token": token})


def test_enrolment_code_works_once_and_is_stored_hashed(county):
    community = new_community()
    with county.engine.begin() as conn:
        code, _ = create_enrolment_code(conn, community, "幸福社区")
    r = httpx.post(f"{county.url}/auth/enroll", json={"code": code.lower(), "device_name": "一号机"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["community_code"] == community
    assert body["community_name"] == "幸福社区"
    again = httpx.post(f"{county.url}/auth/enroll", json={"code": code})
    assert again.status_code == 401
    assert "已经使用过" in again.json()["detail"]
    with county.engine.connect() as conn:
        stored = conn.execute(select(EnrolmentCode.code_hash)).scalars().all()
        dev = conn.execute(select(DeviceRow.refresh_hash)
                           .where(DeviceRow.id == body["device_id"])).scalar_one()
    assert code.replace("-", "") not in stored
    assert dev != body["refresh_token"]


def test_expired_or_unknown_code_is_refused(county):
    with county.engine.begin() as conn:
        code, _ = create_enrolment_code(conn, new_community())
        conn.execute(update(EnrolmentCode).values(expires_at=now() - timedelta(minutes=1))
                     .where(EnrolmentCode.used_at.is_(None)))
    r = httpx.post(f"{county.url}/auth/enroll", json={"code": code})
    assert r.status_code == 401 and "过期" in r.json()["detail"]
    r = httpx.post(f"{county.url}/auth/enroll", json={"code": "AAAA-BBBB-CCCC"})
    assert r.status_code == 401 and "无效" in r.json()["detail"]


def test_refresh_rotates_and_old_tokens_die(county):
    d = county.enrol()
    r1 = d.refresh
    a = _refresh(county, d.id, r1)
    assert a.status_code == 200
    r2 = a.json()["refresh_token"]
    assert r2 != r1
    # The reply carrying r2 may have been lost: r1 still works once more as the grace token.
    b = _refresh(county, d.id, r1)
    assert b.status_code == 200
    r3 = b.json()["refresh_token"]
    # Using the newest token retires everything older.
    c = _refresh(county, d.id, r3)
    assert c.status_code == 200
    r4 = c.json()["refresh_token"]
    assert _refresh(county, d.id, "never-issued").status_code == 401
    # The access token from a refresh works.
    d.access = c.json()["access_token"]
    assert httpx.get(f"{county.url}/sync/changes", headers=d.headers()).status_code == 200
    # An older token coming back is a stolen copy: the device is revoked (issue 16), so neither
    # the thief nor the holder of the newest token can go on; the county sees it in 审计.
    refused = _refresh(county, d.id, r2)
    assert refused.status_code == 401 and "重新注册" in refused.json()["detail"]
    assert _refresh(county, d.id, r4).status_code == 403
    assert httpx.get(f"{county.url}/sync/changes", headers=d.headers()).status_code == 403


def test_revoked_device_is_refused_everywhere(county):
    d = county.enrol()
    assert d.push(op("estates", uid(), name="甲"))[0]["status"] == "applied"
    with county.engine.begin() as conn:
        assert revoke(conn, d.id)
    r = d.push_raw([op("estates", uid(), name="乙")])
    assert r.status_code == 403
    assert "停用" in r.json()["detail"]
    assert httpx.get(f"{county.url}/sync/changes", headers=d.headers()).status_code == 403
    assert _refresh(county, d.id, d.refresh).status_code == 403


def test_missing_or_forged_token_is_401(county):
    r = httpx.get(f"{county.url}/sync/changes")
    assert r.status_code == 401 and "注册" in r.json()["detail"]
    d = county.enrol()
    forged = d.access.rsplit(".", 1)[0] + ".AAAA"
    r = httpx.get(f"{county.url}/sync/changes", headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401


def test_enrolment_retry_with_same_request_id_gets_credentials_again(county):
    with county.engine.begin() as conn:
        code, _ = create_enrolment_code(conn, new_community())
    rid = uid()
    first = httpx.post(f"{county.url}/auth/enroll", json={"code": code, "request_id": rid})
    assert first.status_code == 200
    # The reply was "lost": the same attempt again gets the same device, fresh tokens.
    again = httpx.post(f"{county.url}/auth/enroll", json={"code": code, "request_id": rid})
    assert again.status_code == 200
    assert again.json()["device_id"] == first.json()["device_id"]
    assert _refresh(county, first.json()["device_id"], again.json()["refresh_token"]
                    ).status_code == 200
    # Someone else with the same code is still refused.
    other = httpx.post(f"{county.url}/auth/enroll", json={"code": code, "request_id": uid()})
    assert other.status_code == 401
