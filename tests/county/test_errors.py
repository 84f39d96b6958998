"""The county server checks one class: a UserError is a 4xx with its Chinese message in the
usual ``{"detail": …}`` body; anything else is a bug, logged with its traceback, answered 500."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from wuye_county.app import SERVER_BUG_MESSAGE
from wuye_county.errors import Refusal
from wuye_county.provision import ProvisionError
from wuye_desktop.sync.protocol import ErrorBody

from .conftest import _serve


def _test_routes(app: FastAPI) -> None:
    @app.get("/test/refusal")
    def refusal() -> None:
        raise Refusal("批次编号已被其他设备使用，请重新同步。", status=409)

    @app.get("/test/user-error")
    def user_error() -> None:
        raise ProvisionError("社区名单有问题。", hint="请改正后重新生成。")

    @app.get("/test/bug")
    def bug() -> None:
        raise ZeroDivisionError("a bug on the server")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[httpx.Client]:
    """A real server on loopback (SQLite) with three test-only routes."""
    for server in _serve(f"sqlite:///{tmp_path / 'county.sqlite3'}", "sqlite", _test_routes):
        with httpx.Client(base_url=server.url, timeout=20) as c:
            yield c


def test_a_user_error_is_a_4xx_with_its_message(client: httpx.Client) -> None:
    r = client.get("/test/refusal")
    assert r.status_code == 409
    assert ErrorBody.model_validate(r.json()).detail == "批次编号已被其他设备使用，请重新同步。"
    r = client.get("/test/user-error")
    assert r.status_code == 400 and r.json() == {"detail": "社区名单有问题。\n请改正后重新生成。"}


def test_real_refusals_keep_their_status(client: httpx.Client) -> None:
    r = client.post("/auth/enroll", json={"code": "NOPE-NOPE-NOPE", "device_name": "x"})
    assert r.status_code == 401 and "注册码无效" in r.json()["detail"]


def test_an_unexpected_error_is_a_logged_500(client: httpx.Client,
                                             caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="wuye_county"):
        r = client.get("/test/bug")
    assert r.status_code == 500
    assert ErrorBody.model_validate(r.json()).detail == SERVER_BUG_MESSAGE
    logged = [rec for rec in caplog.records if rec.name == "wuye_county.app"]
    assert len(logged) == 1 and "/test/bug" in logged[0].getMessage()
    assert logged[0].exc_info is not None and logged[0].exc_info[0] is ZeroDivisionError


def test_a_refusal_is_always_a_4xx() -> None:
    with pytest.raises(ValueError):
        Refusal("不行。", status=500)
