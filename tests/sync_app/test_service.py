"""Sync use cases without a GUI: county.ini lookup, status before enrolment, export."""

from __future__ import annotations

import json

from wuye_desktop.paths import resolve
from wuye_desktop.services.context import open_services
from wuye_desktop.services.sync import load_county_config


def test_county_ini_in_the_data_directory_prefills_the_server(data_dir, monkeypatch):
    paths = resolve(data_dir).ensure()
    monkeypatch.delenv("WUYE_COUNTY_INI", raising=False)
    assert load_county_config(paths).server == ""
    (data_dir / "county.ini").write_text(
        "\ufeff[county]\nserver = https://wuye.example.gov.cn ; 县服务器\nca_file = ca.pem\n"
        "name = 某某县\n", encoding="utf-8")
    cfg = load_county_config(paths)
    assert (cfg.server, cfg.name) == ("https://wuye.example.gov.cn", "某某县")
    assert cfg.ca_file == str(data_dir / "ca.pem")
    # The environment variable wins (a county deploying one file to many offices).
    other = data_dir / "other.ini"
    other.write_text("[county]\nserver = https://other.example\n", encoding="utf-8")
    monkeypatch.setenv("WUYE_COUNTY_INI", str(other))
    assert load_county_config(paths).server == "https://other.example"


def test_export_outbox_keeps_every_unsent_operation(data_dir, tmp_path):
    svc = open_services(resolve(data_dir))
    try:
        svc.registers.init_community("330106001001", "文一社区")
        sync = svc.sync
        st = sync.status()
        assert (st.enrolled, st.revoked, st.attention, st.conflicts) == (False, False, 0, 0)
        assert st.pending >= 1
        n = sync.export_outbox(tmp_path / "out" / "未上传.json")
    finally:
        svc.close()
    body = json.loads((tmp_path / "out" / "未上传.json").read_text(encoding="utf-8"))
    assert body["format"] == "wuye-outbox/1"
    assert n == len(body["operations"]) == st.pending
    assert any(op["table"] == "community" and op["kind"] == "insert"
               for op in body["operations"])
