"""The console in a real browser: Debian's headless Chromium driven by Selenium (the system
chromedriver, nothing downloaded), against a real county server on loopback and PostgreSQL.

Missing chromium is a skip on a workstation and a failure under ``CI`` or with
``WUYE_REQUIRE_BROWSER=1``, which scripts/bootstrap.sh's test mode sets after installing
``chromium chromium-driver`` (as ``WUYE_REQUIRE_IM`` does for the input-method check). With
``WUYE_CONSOLE_SCREENSHOTS=1`` the screenshots are written to ``docs/console/``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from wuye_county.models import AuditEntry, EnrolmentCode

from .conftest import ROOT, Server, _pg_database, _serve
from .console_helpers import A1, B1, PASSWORD, SUB_A, add_staff, expected, seed

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
SHOTS = ROOT / "docs" / "console"


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not (chromium and driver):
        why = "Debian's chromium and chromium-driver are needed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") or os.environ.get("WUYE_REQUIRE_BROWSER") == "1":
            pytest.fail(why + " (required here: CI or WUYE_REQUIRE_BROWSER=1)")
        pytest.skip(why)
    return chromium, driver


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    for url in _pg_database():
        for s in _serve(url, "postgresql"):
            add_staff(s.engine)
            s.seeded = seed(s)  # type: ignore[attr-defined]
            yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, driver = _browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--lang=zh-CN"):
        opts.add_argument(arg)
    # The year-ahead run (scripts/bootstrap.sh) leaves the monotonic clock real for our own
    # processes; Chromium's zygote dies under that libfaketime setting (measured), so the browser
    # gets the faked wall clock with a monotonic clock offset alike, as libfaketime does by default.
    env = {k: v for k, v in os.environ.items() if k != "DONT_FAKE_MONOTONIC"}
    b = webdriver.Chrome(service=Service(driver, env=env), options=opts)
    b.implicitly_wait(5)
    try:
        yield b
    finally:
        b.quit()


def _shot(b: Any, name: str) -> None:
    if os.environ.get("WUYE_CONSOLE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        height = b.execute_script("return document.documentElement.scrollHeight")
        b.set_window_size(1400, min(max(height + 40, 600), 3000))
        b.save_screenshot(str(SHOTS / f"{name}.png"))
        b.set_window_size(1400, 1000)


def _login(b: Any, base: str, user: str) -> None:
    from selenium.webdriver.common.by import By

    b.delete_all_cookies()
    b.get(f"{base}/console/")  # not logged in: the login page
    b.find_element(By.ID, "username").send_keys(user)
    b.find_element(By.ID, "password").send_keys(PASSWORD)
    button = b.find_element(By.ID, "login")
    button.click()
    _reloaded(b, button)
    assert b.find_element(By.TAG_NAME, "h2").text.startswith("概览")


def _reloaded(b: Any, old: Any) -> None:
    """Wait until the page that held ``old`` has been replaced by the next one."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(b, 10).until(expected_conditions.staleness_of(old))


def _figures(b: Any) -> dict[str, str]:
    from selenium.webdriver.common.by import By

    return {k: b.find_element(By.ID, k).text for k in expected({A1})}


def test_console_end_to_end(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    b, base = browser, server.url
    b.get(f"{base}/console/login")
    _shot(b, "login")
    _login(b, base, "admin")
    # 概览: the figures are what the synced rows give.
    assert _figures(b) == expected({A1, A1[:9] + "002", B1})
    assert b.find_element(By.CSS_SELECTOR, "svg.chart")
    _shot(b, "overview")

    # 模板: publish an inspection checklist; it becomes version 1 in the list.
    b.get(f"{base}/console/templates")
    body = (ROOT / "resources/templates/inspections/fire-safety.json").read_text("utf-8")
    b.execute_script("document.getElementById('template-body').value = arguments[0]", body)
    button = b.find_element(By.ID, "publish")
    button.click()
    _reloaded(b, button)
    assert "小区消防安全检查表（第1版）" in b.find_element(By.ID, "message").text
    assert "小区消防安全检查表" in b.find_element(By.ID, "t-templates").text
    _shot(b, "templates")
    # ... and a device receives it on its next pull.
    rows = server.seeded.devices[A1].pull_all()[0]
    assert any(r["table"] == "templates" and r["data"].get("name") == "小区消防安全检查表" for r in rows)

    # 设备: ten codes at once, on a printable sheet with a QR code each.
    with server.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(EnrolmentCode)).scalar_one()
    b.get(f"{base}/console/devices")
    lines = "\n".join(f"{SUB_A}{900 + i} 新社区{i}" for i in range(10))
    b.find_element(By.ID, "codes-communities").send_keys(lines)
    button = b.find_element(By.ID, "issue-codes")
    button.click()
    _reloaded(b, button)
    assert b.find_element(By.ID, "codes-count").text == "10"
    cards = b.find_elements(By.CSS_SELECTOR, ".code-card")
    assert len(cards) == 10 and all(c.find_element(By.TAG_NAME, "svg") for c in cards)
    _shot(b, "codes")
    with server.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(EnrolmentCode)).scalar_one() == before + 10
    code = cards[3].find_element(By.CSS_SELECTOR, ".code").text
    got = httpx.post(f"{base}/auth/enroll", json={"code": code, "device_name": "新电脑"})
    assert got.status_code == 200 and got.json()["community_code"] == f"{SUB_A}903"

    # 设备: revoke B1's device; it can no longer sync.
    victim = server.seeded.devices[B1]
    b.get(f"{base}/console/devices")
    button = b.find_element(By.CSS_SELECTOR, f"button[data-device='{victim.id}']")
    button.click()
    _reloaded(b, button)
    row = next(r for r in b.find_elements(By.CSS_SELECTOR, "#t-devices tbody tr")
               if victim.id in r.text)
    assert "已停用" in row.text
    _shot(b, "devices")
    assert httpx.get(f"{base}/sync/changes", headers=victim.headers()).status_code == 403

    # A sub-district viewer sees only that 街道, and is refused another 街道's community.
    _login(b, base, "jiedao")
    assert _figures(b) == expected({A1, A1[:9] + "002"})
    b.get(f"{base}/console/communities/{B1}")
    assert "不在您负责的街道范围内" in b.find_element(By.ID, "error").text
    _shot(b, "viewer-refused")
    b.get(f"{base}/console/communities/{A1}")
    assert A1 in b.find_element(By.TAG_NAME, "h2").text
    assert not b.find_elements(By.ID, "publish") and "审计" not in b.find_element(By.TAG_NAME, "nav").text

    # The auditor sees every one of those actions in 审计.
    _login(b, base, "shenji")
    b.get(f"{base}/console/audit")
    text = b.find_element(By.ID, "t-audit").text
    for what in ("登录", "发布模板", "发放注册码", "停用设备", "越权访问被拒"):
        assert what in text, what
    assert "小区消防安全检查表" in text and "jiedao" in text
    _shot(b, "audit")
    with server.engine.connect() as conn:
        actions = set(conn.execute(select(AuditEntry.action)).scalars())
    assert {"login", "template-publish", "codes-issue", "device-revoke", "forbidden"} <= actions
    assert json.dumps(sorted(actions))  # plain strings, exportable
