"""Small helpers for talking to the county server in tests."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from typing import Any

import httpx
from uuid6 import uuid7

from wuye_desktop import SCHEMA_VERSION
from wuye_desktop.sync.protocol import APP_VERSION_HEADER, SCHEMA_VERSION_HEADER


def new_community() -> str:
    """A fresh valid 12-digit community code, so tests sharing one server never collide."""
    return f"330106{random.randint(100, 999)}{random.randint(100, 999)}"


def uid() -> str:
    return str(uuid7())


def op(table: str, row_id: str, kind: str = "insert", base: int = 0, /, **changes: Any
       ) -> dict[str, Any]:
    """An outbox-shaped operation; ``changes`` values are new values (old given as None)
    unless a value is already an [old, new] tuple."""
    ch = {k: list(v) if isinstance(v, tuple) else [None, v] for k, v in changes.items()}
    return {"op_id": uid(), "table": table, "row_id": row_id, "kind": kind,
            "base_version": base, "changes": ch,
            "created_at": datetime.now(UTC).isoformat(), "user": "张三", "device_id": ""}


def push_checked(base: str, token: str, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Push ``ops`` as any device does (the server checks every value)."""
    import json

    body = {"batch_id": uid(), "device_id": "", "operations": ops}
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
               SCHEMA_VERSION_HEADER: str(SCHEMA_VERSION), APP_VERSION_HEADER: "0.1.0"}
    r = httpx.post(f"{base}/sync/push", content=json.dumps(body).encode(), headers=headers,
                   timeout=30)
    assert r.status_code == 200, r.text
    return list(r.json()["results"])


def push_unchecked(base: str, token: str, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Push ``ops`` with the server's value check switched off: what a server before issue 15
    stored (the poison other devices' pulls must survive). The server runs in this process."""
    import pytest

    from wuye_county import push as county_push

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(county_push, "changes_problem", lambda *_a: None)
        return push_checked(base, token, ops)


class Device:
    """An enrolled test device."""

    def __init__(self, base: str, enrolled: dict[str, Any]) -> None:
        self.base = base
        self.id: str = enrolled["device_id"]
        self.community: str = enrolled["community_code"]
        self.access: str = enrolled["access_token"]
        self.refresh: str = enrolled["refresh_token"]

    def headers(self, schema: int = SCHEMA_VERSION) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}", SCHEMA_VERSION_HEADER: str(schema),
                APP_VERSION_HEADER: "0.1.0"}

    def push_raw(self, ops: list[dict[str, Any]], batch_id: str | None = None,
                 schema: int = SCHEMA_VERSION) -> httpx.Response:
        body = {"batch_id": batch_id or uid(), "device_id": self.id, "app_version": "0.1.0",
                "schema_version": schema, "operations": ops}
        return httpx.post(f"{self.base}/sync/push", json=body, headers=self.headers(schema),
                          timeout=30)

    def push(self, *ops: dict[str, Any], batch_id: str | None = None) -> list[dict[str, Any]]:
        r = self.push_raw(list(ops), batch_id)
        assert r.status_code == 200, r.text
        return list(r.json()["results"])

    def pull(self, cursor: str = "", limit: int = 500) -> dict[str, Any]:
        r = httpx.get(f"{self.base}/sync/changes", params={"cursor": cursor, "limit": limit},
                      headers=self.headers(), timeout=30)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def pull_all(self, cursor: str = "") -> tuple[list[dict[str, Any]], str]:
        out: list[dict[str, Any]] = []
        held = 0
        while True:
            page = self.pull(cursor)
            out += page["changes"]
            cursor = page["next_cursor"]
            if page.get("held_back") and held < 100:  # a transaction open somewhere in the
                held += 1                              # cluster: the app waits too
                time.sleep(0.05)
                continue
            if not page["has_more"]:
                return out, cursor
