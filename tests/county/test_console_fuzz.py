"""Property-based fuzzing of the console's routes from the OpenAPI schema, with a real staff
session (a county admin's cookie): never a 5xx."""

from __future__ import annotations

import contextlib
import re

import httpx

from wuye_county.accounts import AccountError

from .console_helpers import PASSWORD, add_staff
from .fuzz import fuzz


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
    checked, failures = fuzz(county.url, {"Cookie": cookie}, max_examples=10,
                             keep=lambda path: path.startswith("/console"))
    assert checked > 50
    assert failures == []
