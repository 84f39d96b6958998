"""The console over HTTP (FastAPI TestClient on a real SQLite file): accounts, sessions and
their cookies, CSRF, roles and sub-district scope checked on the server, exports, the CLI."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from wuye_county.__main__ import main
from wuye_county.accounts import MAX_FAILURES
from wuye_county.app import create_app
from wuye_county.auth import create_enrolment_code
from wuye_county.db import make_engine
from wuye_county.models import AuditEntry, Device, StaffUser
from wuye_desktop.clock import FixedClock

from .conftest import _serve
from .console_helpers import A1, B1, PASSWORD, SUB_A, add_staff, expected, seed


class Client:
    """A TestClient speaking to the console as a browser would (cookies, the forms' tokens)."""

    def __init__(self, app: object, https: bool = False, url: str = "") -> None:
        self.http: httpx.Client = httpx.Client(base_url=url, follow_redirects=False, timeout=60) if url else TestClient(
            app, base_url="https://testserver" if https else "http://testserver", follow_redirects=False)  # type: ignore[arg-type]
        self.csrf = ""

    def login(self, user: str, password: str = PASSWORD) -> object:
        page = self.http.get("/console/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        r = self.http.post("/console/login", data={"csrf": token, "username": user, "password": password})
        if r.status_code == 303:
            self.csrf = self.page("/console/")[1]
        return r

    def page(self, path: str) -> tuple[str, str]:
        r = self.http.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[-500:])
        m = re.search(r'name="csrf" value="([^"]+)"', r.text)
        return r.text, m.group(1) if m else ""

    def post(self, path: str, **fields: str) -> object:
        return self.http.post(path, data={"csrf": self.csrf, **fields})


@pytest.fixture
def county(tmp_path: Path) -> Iterator[tuple[object, object]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'county.sqlite3'}")
    app = create_app(engine, clock=FixedClock(date(2026, 12, 1)))  # what is overdue is pinned
    add_staff(engine)
    yield app, engine
    engine.dispose()


def _enrol(app: object, engine: object, community: str) -> dict[str, str]:
    with engine.begin() as conn:  # type: ignore[attr-defined]
        code, _ = create_enrolment_code(conn, community, "测试社区")
    r = TestClient(app).post("/auth/enroll", json={"code": code, "device_name": "电脑"})  # type: ignore[arg-type]
    assert r.status_code == 200
    return dict(r.json())


def test_not_logged_in_goes_to_login_and_session_cookie_is_locked_down(county):
    app, _ = county
    c = Client(app, https=True)
    assert c.http.get("/console/devices").headers["location"] == "/console/login"
    r = c.login("admin")
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie
    assert "path=/console" in cookie
    plain = Client(app).login("admin")
    assert "secure" not in plain.headers["set-cookie"].lower()  # plain HTTP on loopback only


def test_wrong_password_then_lockout_is_audited(county):
    app, engine = county
    c = Client(app)
    for _ in range(MAX_FAILURES - 1):
        r = c.login("admin", "wrong-password!")
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
    assert "已锁定" in c.login("admin", "wrong-password!").text
    locked = c.login("admin")  # the right password does not help while locked
    assert locked.status_code == 401 and "已锁定" in locked.text
    assert Client(app).login("nobody").status_code == 401
    with engine.connect() as conn:
        actions = [a for (a,) in conn.execute(select(AuditEntry.action))]
    assert actions.count("login-failed") >= MAX_FAILURES and "login-locked" in actions


def test_login_rate_limit_per_address(county):
    app, _ = county
    app.state.console.login_limit.now = lambda: 1000.0  # no refill however slow the hashing
    c = Client(app)
    codes = [c.login(f"guess{i}", "x" * 12).status_code for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[-1] == 429


def test_forms_need_the_sessions_csrf_token(county):
    app, engine = county
    dev = _enrol(app, engine, A1)
    c = Client(app)
    c.login("admin")
    forged = c.http.post(f"/console/devices/{dev['device_id']}/revoke", data={"csrf": "forged"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    login_forged = Client(app).http.post("/console/login", data={"username": "admin", "password": PASSWORD})
    assert login_forged.status_code == 403
    with engine.connect() as conn:
        assert conn.execute(select(Device.revoked_at)).scalar() is None
    assert c.post(f"/console/devices/{dev['device_id']}/revoke").status_code == 303
    with engine.connect() as conn:
        assert conn.execute(select(Device.revoked_reason)).scalar() == "revoked"


def test_viewer_is_read_only_and_scoped_on_the_server(county):
    app, engine = county
    mine, theirs = _enrol(app, engine, A1), _enrol(app, engine, B1)
    c = Client(app)
    c.login("jiedao")
    text, _ = c.page("/console/devices")
    assert mine["device_id"] in text and theirs["device_id"] not in text
    for path in (f"/console/communities/{B1}", f"/console/photos/{B1}/{'a' * 64}", "/console/audit"):
        assert c.http.get(path).status_code == 403, path
    for path, fields in ((f"/console/devices/{mine['device_id']}/revoke", {}),
                         ("/console/templates", {"body": '{"name": "x", "kind": "notice"}'}),
                         ("/console/companies", {"name": "某物业公司"}),
                         ("/console/codes", {"communities": A1})):
        assert c.post(path, **fields).status_code == 403, path
    with engine.connect() as conn:
        assert conn.execute(select(Device.revoked_at).where(Device.id == mine["device_id"])).scalar() is None
    auditor = Client(app)
    auditor.login("shenji")
    assert auditor.http.get("/console/audit").status_code == 200
    assert auditor.post("/console/codes", communities=A1).status_code == 403


def test_exports_are_workbooks_of_the_same_figures_and_are_audited(tmp_path):
    for server in _serve(f"sqlite:///{tmp_path / 'served.sqlite3'}", "sqlite"):
        add_staff(server.engine)
        seed(server)
        _check_exports(Client(None, url=server.url), server.engine)


def _check_exports(c: Client, engine: object) -> None:
    from openpyxl import load_workbook

    c.login("jiedao")
    r = c.http.get("/console/?format=xlsx")
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb["按街道"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [SUB_A]  # the viewer's own 街道 only
    exp = expected({A1, SUB_A + "002"})
    assert rows[1][2] == int(exp["fig-estates"]) and f"{rows[1][4]:.1%}" == exp["fig-coverage"]
    for path in ("/console/devices", "/console/inspections", "/console/surveys", "/console/companies",
                 "/console/templates"):
        assert c.http.get(path + "?format=xlsx").content[:2] == b"PK", path
    with engine.connect() as conn:  # type: ignore[attr-defined]
        exports = conn.execute(select(AuditEntry.target).where(AuditEntry.action == "export")).scalars()
        assert {"overview", "devices", "inspections"} <= set(exports)


def test_company_edited_in_the_console_reaches_devices(county):
    app, engine = county
    dev = _enrol(app, engine, A1)
    c = Client(app)
    c.login("admin")
    r = c.post("/console/companies", name="", credit_grade="AA")
    assert r.status_code == 400 and "“企业名称”不能为空" in r.text
    r = c.post("/console/companies", name="县城物业服务有限公司", credit_grade="AA", list_status="黑名单")
    assert r.status_code == 303
    pulled = TestClient(app).get("/sync/changes", headers={"Authorization": f"Bearer {dev['access_token']}"})
    company = [ch for ch in pulled.json()["changes"] if ch["table"] == "companies"]
    assert company and company[-1]["data"]["list_status"] == "black"
    assert company[-1]["data"]["credit_grade"] == "AA"


def test_users_cli_add_list_disable(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WUYE_COUNTY_DB", f"sqlite:///{tmp_path / 'c.sqlite3'}")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "chen", "--role", "viewer", "--subdistrict", SUB_A,
                 "--name", "陈干事", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "li", "--role", "admin", "--password-stdin"]) == 1
    assert "至少10个字符" in capsys.readouterr().err
    assert main(["users", "list"]) == 0
    assert "chen\t陈干事\t街道查看员\t330106001\t正常" in capsys.readouterr().out
    assert main(["users", "disable", "chen"]) == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with engine.connect() as conn:
        row = conn.execute(select(StaffUser.password_hash, StaffUser.disabled_at)).one()
    assert row.password_hash.startswith("$argon2id$") and row.disabled_at is not None
    engine.dispose()


def test_inspection_drill_down_shows_items_and_photos_in_scope(county):
    import hashlib

    from wuye_desktop import SCHEMA_VERSION

    from .helpers import op, uid

    app, engine = county
    dev = _enrol(app, engine, B1)
    http = TestClient(app)
    headers = {"Authorization": f"Bearer {dev['access_token']}", "X-Wuye-Schema-Version": str(SCHEMA_VERSION)}
    photo = b"\xff\xd8\xff\xe0" + b"jpeg" * 10
    sha = hashlib.sha256(photo).hexdigest()
    assert http.put(f"/photos/{sha}", content=photo, headers=headers).status_code == 200
    estate, insp = uid(), uid()
    ops = [op("estates", estate, name="西溪花园", management_mode="professional"),
           op("inspections", insp, estate_id=estate, kind="routine", inspected_on="2026-11-20",
              status="final", score=72.5, passed=False),
           op("inspection_items", uid(), inspection_id=insp, item_code="X1", result="fail", points=0,
              note="消防通道被占"),
           op("inspection_photos", uid(), inspection_id=insp, item_code="X1", sha256=sha, width=1, height=1,
              caption="消防通道"),
           op("rectifications", uid(), inspection_id=insp, estate_id=estate, item_code="X1",
              description="清理消防通道", opened_on="2026-11-20", deadline="2026-11-21", status="open")]
    body = {"batch_id": uid(), "device_id": dev["device_id"], "app_version": "0.1.0",
            "schema_version": SCHEMA_VERSION, "operations": ops}
    r = http.post("/sync/push", json=body, headers=headers)
    assert r.status_code == 200 and {x["status"] for x in r.json()["results"]} == {"applied"}, r.text
    admin = Client(app)
    admin.login("admin")
    text, _ = admin.page("/console/inspections")
    assert "清理消防通道" in text and "72.5" in text  # overdue (deadline passed) and its score
    text, _ = admin.page(f"/console/inspections/{insp}")
    assert "消防通道被占" in text and f"/console/photos/{B1}/{sha}" in text
    assert admin.http.get(f"/console/photos/{B1}/{sha}").content == photo
    viewer = Client(app)
    viewer.login("jiedao")
    assert viewer.http.get(f"/console/inspections/{insp}").status_code == 403
    text, _ = viewer.page("/console/inspections")
    assert "清理消防通道" not in text


def test_templates_publish_with_versions_and_the_desktops_rules(county):
    import json

    app, _ = county
    c = Client(app)
    c.login("admin")
    tpl = json.loads((Path(__file__).resolve().parents[2] / "resources/templates/inspections/takeover.json")
                     .read_text("utf-8"))
    assert c.post("/console/templates", body=json.dumps(tpl, ensure_ascii=False)).status_code == 303
    tpl["pass_threshold"] = 85
    r = c.post("/console/templates", body=json.dumps(tpl, ensure_ascii=False))
    assert "%EF%BC%88%E7%AC%AC2%E7%89%88%EF%BC%89" in r.headers["location"]  # “（第2版）”
    text, _ = c.page("/console/templates")
    assert text.count(tpl["name"]) >= 2 and "巡查检查表（承接查验）" in text
    tpl["sections"][0]["items"][0]["points"] = "很多"
    bad = c.post("/console/templates", body=json.dumps(tpl, ensure_ascii=False))
    assert bad.status_code == 400 and "分值" in bad.text
    assert c.post("/console/templates", body="{not json").status_code == 400


def test_lead_phones_are_masked_for_viewers(county):
    from wuye_desktop import SCHEMA_VERSION

    from .helpers import op, uid

    app, engine = county
    dev = _enrol(app, engine, A1)
    lead = uid()
    body = {"batch_id": uid(), "device_id": dev["device_id"], "app_version": "0.1.0",
            "schema_version": SCHEMA_VERSION,
            "operations": [op("leads", lead, name="张楼长", phone="13812341234")]}
    r = TestClient(app).post("/sync/push", json=body, headers={"Authorization": f"Bearer {dev['access_token']}"})
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
    viewer, admin = Client(app), Client(app)
    viewer.login("jiedao")
    admin.login("admin")
    assert "138****1234" in viewer.page(f"/console/rows/leads/{lead}")[0]
    assert "13812341234" not in viewer.page(f"/console/rows/leads/{lead}")[0]
    assert "13812341234" in admin.page(f"/console/rows/leads/{lead}")[0]


def test_targets_cli_sets_the_lines_on_the_overview(county, monkeypatch, capsys):
    app, engine = county
    monkeypatch.setenv("WUYE_COUNTY_DB", engine.url.render_as_string(hide_password=False))
    assert main(["targets"]) == 0
    assert "专业化物业覆盖率目标：70%" in capsys.readouterr().out  # the seeds' figure
    assert main(["targets", "--coverage", "95", "--party", "100"]) == 0
    out = capsys.readouterr().out
    assert "专业化物业覆盖率目标：95%" in out and "党组织覆盖率目标：100%" in out
    assert "业委会组建率目标：70%" in out  # untouched
    assert main(["targets", "--committee", "120"]) == 2
    assert "0%到100%" in capsys.readouterr().err
    b = Client(app)
    b.login("admin")
    text, _ = b.page("/console/")
    assert "专业化物业覆盖率 ≥ 95.0%" in text and "党组织覆盖率 ≥ 100.0%" in text
