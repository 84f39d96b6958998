"""Hostile values (issue 15): each refused per operation with a Chinese reason, on both backends,
never a 500, never a stuck batch, and never stored where another device's pull would choke."""

from __future__ import annotations

import json

import httpx
import pytest

from wuye_desktop import SCHEMA_VERSION

from .helpers import op, uid

# Raw JSON text of each value: 10^400, 1e309, NaN and Infinity have no Python json.dumps form
# that a hostile client could not also send, so the body is written by hand.
POISON = {
    "int 2^63": str(2**63),
    "int 10^400": "1" + "0" * 400,
    "int -2^63-1": str(-(2**63) - 1),
    "lone surrogate": '"\\ud800"',
    "NUL": '"a\\u0000b"',
    "NaN": "NaN",
    "Infinity": "Infinity",
    "1e309": "1e309",
}


def _push_text(device, ops_json: list[str]) -> httpx.Response:
    body = (f'{{"batch_id": "{uid()}", "device_id": "{device.id}", "app_version": "0.1.0", '
            f'"schema_version": {SCHEMA_VERSION}, "operations": [{", ".join(ops_json)}]}}')
    headers = {**device.headers(), "Content-Type": "application/json"}
    return httpx.post(f"{device.base}/sync/push", content=body.encode(), headers=headers,
                      timeout=30)


def _op_with(field: str, raw_value: str, table: str = "estates") -> tuple[str, str]:
    """An insert whose ``field`` holds ``raw_value`` (JSON text), and its op id."""
    o = op(table, uid(), name="坏值小区", management_mode="none")
    text = json.dumps(o, ensure_ascii=True)
    text = text.replace('"changes": {', f'"changes": {{"{field}": [null, {raw_value}], ', 1)
    return text, o["op_id"]


@pytest.mark.parametrize("case", sorted(POISON))
def test_poison_value_is_rejected_alone(county, case):
    d = county.enrol()
    other = county.enrol(d.community)
    field = "note" if POISON[case].startswith('"') else "household_count"
    bad, bad_id = _op_with(field, POISON[case])
    good = op("estates", uid(), name="好小区", management_mode="none")
    r = _push_text(d, [bad, json.dumps(good)])
    assert r.status_code == 200, r.text
    results = {x["op_id"]: x for x in r.json()["results"]}
    assert results[good["op_id"]]["status"] == "applied"
    refused = results[bad_id]
    assert refused["status"] == "rejected"
    assert "\x00" not in refused["reason"] and "\ud800" not in refused["reason"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused["reason"])
    # Nothing stored that another device's pull (or this server's reply) could choke on.
    changes, _ = other.pull_all()
    names = [c["data"].get("name") for c in changes if not c["reference"]]
    assert names == ["好小区"]


def test_poison_in_an_update_and_in_the_worker_name(county):
    d = county.enrol()
    rid = uid()
    d.push(op("estates", rid, name="小区", management_mode="none"))
    upd, _ = _op_with("floor_area", "1e309")
    upd = upd.replace('"kind": "insert"', '"kind": "update"').replace('"base_version": 0',
                                                                    '"base_version": 1')
    upd = upd.replace(json.loads(upd)["row_id"], rid)
    named = op("estates", uid(), name="甲", management_mode="none")
    named["user"] = "张\x00三"
    r = _push_text(d, [upd, json.dumps(named)])
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["rejected", "rejected"]
    page, _ = d.pull_all()
    assert [c for c in page if not c["reference"]] == []


@pytest.mark.parametrize("value, word", [
    (99999999999999999999, "户数"), (-3, "户数"), ("十二", "户数"), (True, "户数")])
def test_register_bounds_and_types_are_the_domain_s(county, value, word):
    d = county.enrol()
    res = d.push(op("estates", uid(), name="x", management_mode="none", household_count=value))
    assert res[0]["status"] == "rejected" and word in res[0]["reason"]


def test_dates_are_dates_and_lengths_are_limited(county):
    d = county.enrol()
    res = d.push(op("estates", uid(), name="x", management_mode="none", contract_end="明年"),
                 op("estates", uid(), name="y" * 101, management_mode="none"),
                 op("estates", uid(), name="z", management_mode="none",
                    contract_end="2025-02-30"),
                 op("estates", uid(), name="ok", management_mode="none",
                    contract_end="2025-12-31", floor_area=12500.5, household_count=300))
    assert [r["status"] for r in res] == ["rejected", "rejected", "rejected", "applied"]
    assert "合同结束日期" in res[0]["reason"] and "小区名称太长" in res[1]["reason"]
