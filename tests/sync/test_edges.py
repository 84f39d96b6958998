"""Deterministic edge cases: lost replies, no keyring, revoked device, outdated app."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from sqlalchemy import select

from county.helpers import new_community
from wuye_county.auth import revoke
from wuye_county.models import EnrolmentCode, Row
from wuye_desktop import secrets
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.storage.models import Estate, OutboxEntry
from wuye_desktop.sync.client import CountyClient, DeviceRevoked, Offline, UpgradeRequired

from .helpers import Desk, enrolment_code


@pytest.fixture
def desk(server, tmp_path):
    d = Desk(tmp_path / "d", server.url)
    d.community = new_community()
    d.enroll(server, d.community)
    yield d
    d.close()


def _add(d: Desk, name: str) -> None:
    with d.db.unit_of_work() as s:
        s.add(Estate(name=name, community_code=d.community, management_mode=ManagementMode.NONE))


def test_sealed_batch_whose_reply_was_lost_is_resent_with_the_same_id(desk, server):
    _add(desk, "失联")
    batch = desk.engine._seal()
    assert batch is not None
    desk.client.push(batch)  # the server applies it; pretend the reply never arrived
    with desk.db.session() as s:
        assert s.scalars(select(OutboxEntry.state)).all() == ["sealed"]
    report = desk.engine.push()
    assert report.pushed == {"applied": 1}
    with desk.db.session() as s:
        e = s.scalars(select(OutboxEntry)).one()
        assert (e.state, e.batch_id) == ("applied", batch.batch_id)
        assert s.scalars(select(Estate.version)).one() == 1
    with server.engine.connect() as conn:
        assert conn.execute(select(Row.version).where(Row.row_id == e.row_id)).scalar_one() == 1


def test_no_usable_keyring_refuses_enrolment_before_spending_the_code(server, tmp_path):
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        assert not secrets.usable()
        d = Desk(tmp_path / "nokr", server.url)
        code = enrolment_code(server, new_community())
        with pytest.raises(secrets.SecretStoreUnavailable) as exc:
            d.creds.enroll(code, "无密钥库")
        assert "gnome-keyring" in str(exc.value) and "申请注册码" not in str(exc.value)
        d.close()
    finally:
        keyring.set_keyring(previous)
    with server.engine.connect() as conn:
        assert conn.execute(select(EnrolmentCode.used_at).where(
            EnrolmentCode.code_hash == __import__("hashlib").sha256(
                code.replace("-", "").encode()).hexdigest())).scalar_one() is None
    assert not any(p.suffix in (".cfg", ".ini", ".json") for p in (tmp_path / "nokr").rglob("*"))


def test_revoked_device_keeps_its_outbox(desk, server):
    _add(desk, "停用前")
    desk.engine.run()
    with server.engine.begin() as conn:
        revoke(conn, desk.creds.device_id)
    _add(desk, "停用后")
    desk.creds.invalidate()
    with pytest.raises(DeviceRevoked) as exc:
        desk.engine.run()
    assert "停用" in str(exc.value)
    with desk.db.session() as s:
        states = sorted(s.scalars(select(OutboxEntry.state)))
    # Sealed and kept (for export or a later re-enrolment), never dropped.
    assert states == ["applied", "sealed"]


def test_outdated_app_is_told_to_upgrade(server, monkeypatch):
    import wuye_desktop.sync.client as client_mod

    monkeypatch.setattr(client_mod, "SCHEMA_VERSION", -5)
    c = CountyClient(server.url, retries=0)
    with pytest.raises(UpgradeRequired) as exc:
        c.enroll("AAAA-BBBB-CCCC", "旧版本")
    assert "最新版本" in str(exc.value)
    c.close()


def test_unreachable_server_is_offline_after_bounded_retries():
    sleeps: list[float] = []
    c = CountyClient("http://127.0.0.1:9", retries=3, backoff=0.1, sleep=sleeps.append)
    with pytest.raises(Offline):
        c.changes("")
    assert len(sleeps) == 3
    # Full jitter below an exponentially growing cap.
    assert all(0 <= s <= 0.1 * 2 ** i for i, s in enumerate(sleeps))
    c.close()


def test_reference_data_without_a_local_table_is_kept(desk, server, tmp_path):
    from wuye_county.reference import publish_templates

    f = tmp_path / "notice.txt"
    f.write_text("限期整改通知书正文", encoding="utf-8")
    with server.engine.begin() as conn:
        publish_templates(conn, f)
    desk.engine.pull()
    with desk.db.session() as s:
        from wuye_desktop.storage.models_sync import REFERENCE, SyncCopy

        keys = s.scalars(select(SyncCopy.row_id).where(
            SyncCopy.kind == REFERENCE, SyncCopy.table_name == "templates")).all()
    assert keys


def test_county_schedule_rules_reach_the_device_and_bad_ones_are_refused(desk, server, tmp_path):
    from wuye_county.reference import publish_templates
    from wuye_desktop.domain.schedules import Period, ScheduleRuleError
    from wuye_desktop.services.schedules import county_rule_table

    rules = {"kind": "schedule_rules", "name": "某县检查计划规则",
             "rules": [{"mode": "准物业", "kind": "季度考核", "period": "每月"}]}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**rules, "rules": [{"mode": "准物业", "kind": "季度考核",
                                                    "period": "每周"}]}), encoding="utf-8")
    with pytest.raises(ScheduleRuleError, match="周期“每周”不认识"), server.engine.begin() as conn:
        publish_templates(conn, bad)
    f = tmp_path / "rules.json"
    f.write_text(json.dumps(rules), encoding="utf-8")
    with server.engine.begin() as conn:
        publish_templates(conn, f)
    desk.engine.pull()
    with desk.db.session() as s:
        table = county_rule_table(s)
    assert table.source.startswith("县级发布：某县检查计划规则")
    assert [(r.mode.label if r.mode else None, r.kind.label, r.period) for r in table.rules] == [
        ("准物业", "季度考核", Period.MONTHLY)]
