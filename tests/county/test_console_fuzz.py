"""Property-based fuzzing of the console's routes from the OpenAPI schema, with a real staff
session (a county admin's cookie): never a 5xx."""

from __future__ import annotations

import contextlib
import re

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from wuye_county.accounts import AccountError

from .console_helpers import PASSWORD, add_staff


def _session(base: str) -> str:
    page = httpx.get(f"{base}/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = httpx.post(f"{base}/console/login", cookies=page.cookies,
                   data={"csrf": token, "username": "admin", "password": PASSWORD})
    assert r.status_code == 303, r.text
    return f"wuye_console={r.cookies['wuye_console']}"


def test_console_has_no_server_errors(county):
    with contextlib.suppress(AccountError):  # the session-wide server may have them already
        add_staff(county.engine)
    cookie = _session(county.url)
    schema = schemathesis.openapi.from_url(f"{county.url}/openapi.json")
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/console"):
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=10, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                nonlocal checked
                headers = {**(case.headers or {}), "Cookie": cookie}
                response = case.call(base_url=county.url, headers=headers, timeout=20)
                checked += 1
                if response.status_code >= 500:
                    failures.append(f"{case.operation.label}: {response.status_code} {response.text[:200]}")

            try:
                run()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE
    assert checked > 50
    assert failures == []
