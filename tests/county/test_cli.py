"""The ``wuye-county`` command line, run in-process on a SQLite file."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from wuye_county.__main__ import main
from wuye_county.auth import DeviceInfo, enrol, ensure_community
from wuye_county.db import make_engine
from wuye_county.models import Device, Row
from wuye_county.push import apply_batch
from wuye_desktop.sync.protocol import PushBatch

from .helpers import op, uid


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    monkeypatch.setenv("WUYE_COUNTY_DB", url)
    assert main(["init"]) == 0
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_enroll_prints_a_code_that_enrols_once(db, capsys):
    assert main(["enroll", "330106001001", "--name", "文一社区"]) == 0
    code = capsys.readouterr().out.strip()
    with db.begin() as conn:
        got = enrol(conn, code, "一号机", "0.1.0")
    assert got.community_code == "330106001001" and got.community_name == "文一社区"
    assert main(["enroll", "3301"]) == 2
    assert "12位" in capsys.readouterr().err
    assert main(["devices", "list"]) == 0
    assert got.device_id in capsys.readouterr().out
    assert main(["devices", "revoke", got.device_id]) == 0
    with db.connect() as conn:
        assert conn.execute(select(Device.revoked_at)).scalar_one() is not None
    assert main(["devices", "revoke", got.device_id]) == 1


def test_companies_import_csv_and_xlsx_with_chinese_headers(db, tmp_path, capsys):
    p = tmp_path / "企业.csv"
    with p.open("w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(["企业名称", "统一社会信用代码", "信用等级", "红黑名单"])
        w.writerow(["甲物业公司", "91330106MA2ABCDE1", "A", "红名单"])
        w.writerow(["乙物业公司", "", "C", "黑名单"])
        w.writerow(["", "", "", ""])
    assert main(["companies", "import", str(p)]) == 0
    x = tmp_path / "企业.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["物业公司", "信用评级", "名单"])
    ws.append(["乙物业公司", "B", "无"])
    ws.append(["丙物业公司", "A", "不知道"])
    wb.save(x)
    assert main(["companies", "import", str(x)]) == 0
    assert "不知道" in capsys.readouterr().err
    with db.connect() as conn:
        rows = conn.execute(select(Row.data, Row.version, Row.community_code)
                            .where(Row.table_name == "companies")).all()
    by_name = {r.data["name"]: r for r in rows}
    assert set(by_name) == {"甲物业公司", "乙物业公司", "丙物业公司"}
    assert by_name["甲物业公司"].data["list_status"] == "red"
    assert by_name["甲物业公司"].data["credit_grade"] == "A"
    # Re-import updates the same row (a new version), never a copy.
    assert by_name["乙物业公司"].data["credit_grade"] == "B" and by_name["乙物业公司"].version == 2
    assert {r.community_code for r in rows} == {"county"}


def test_templates_publish_versions(db, tmp_path, capsys):
    f = tmp_path / "tpl.json"
    f.write_text(json.dumps([{"kind": "inspection", "name": "月度巡查", "items": ["消防"]}]),
                 encoding="utf-8")
    assert main(["templates", "publish", str(f)]) == 0
    f.write_text(json.dumps({"kind": "inspection", "name": "月度巡查", "items": ["消防", "电梯"]}),
                 encoding="utf-8")
    assert main(["templates", "publish", str(f)]) == 0
    assert "第2版" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["templates", "publish", str(bad)]) == 1


def test_report_per_community_and_subdistrict(db, tmp_path, capsys):
    def device(code: str) -> DeviceInfo:
        return DeviceInfo(uid(), code, "")

    a, b, c = device("330106001001"), device("330106001002"), device("330106002001")
    e1, e2, e3, e4 = uid(), uid(), uid(), uid()
    with db.begin() as conn:
        for d in (a, b, c):
            ensure_community(conn, d.community_code)
        for d, ops in (
            (a, [op("estates", e1, management_mode="professional"),
                 op("estates", e2, management_mode="none"),
                 op("committees", uid(), estate_id=e1, kind="owners")]),
            (b, [op("estates", e3, management_mode="quasi")]),
            (c, [op("estates", e4, management_mode="professional"),
                 op("estates", e4, "delete", 1)]),
        ):
            apply_batch(conn, d, PushBatch(batch_id=uid(), device_id=d.id, operations=ops))
    out = tmp_path / "r.xlsx"
    assert main(["report", "-o", str(out)]) == 0
    wb = load_workbook(out)
    comm = {r[0]: r for r in wb["社区"].iter_rows(min_row=2, values_only=True)}
    sub = {r[0]: r for r in wb["街道"].iter_rows(min_row=2, values_only=True)}
    header = [h.value for h in wb["社区"][1]]
    col = {h: i for i, h in enumerate(header)}
    assert comm["330106001001"][col["小区数"]] == 2
    assert comm["330106001001"][col["专业化物业覆盖率"]] == 0.5
    assert comm["330106001001"][col["组建率"]] == 0.5
    assert comm["330106002001"][col["小区数"]] == 0  # its only estate was deleted
    assert sub["330106001"][col["小区数"]] == 3
    assert sub["330106001"][col["准物业"]] == 1
    assert main(["report"]) == 0
    assert "按街道" in capsys.readouterr().out


def test_county_checks_with_the_desktops_rules(db, tmp_path, capsys):
    """The county reuses the domain's template validation, the GB 32100 credit-code check and
    the desktop's tabular reader rather than copies of them."""
    from wuye_desktop.domain.validation import credit_code_check_char

    good = "91220102MA0" + "1234A"
    good += "B"  # 17 characters; the 18th is the check digit
    valid = good + str(credit_code_check_char(good))
    wrong = good + ("0" if valid[-1] != "0" else "1")
    p = tmp_path / "企业.csv"
    p.write_text("企业名称,统一社会信用代码\n甲物业公司," + valid + "\n乙物业公司," + wrong + "\n",
                 encoding="utf-8")
    assert main(["companies", "import", str(p)]) == 0
    err = capsys.readouterr().err
    assert "校验位不符" in err and "乙物业公司" not in err and wrong in err
    assert valid not in err

    bad = tmp_path / "checklist.json"
    bad.write_text(json.dumps({"format": 1, "id": "x", "version": 1, "kind": "不存在",
                               "name": "季度考核", "pass_threshold": 80, "sections": []}),
                   encoding="utf-8")
    assert main(["templates", "publish", str(bad)]) == 1
    assert "检查类型" in capsys.readouterr().err


def test_contract_clauses_publish_refused_naming_the_clause(db, tmp_path, capsys):
    from importlib.resources import files

    entry = files("wuye_desktop.resources") / "templates" / "contracts" / "contract_clauses.json"
    shipped = json.loads(entry.read_text(encoding="utf-8"))
    bad = tmp_path / "clauses_bad.json"
    bad.write_text(json.dumps({**shipped, "owners_duties": "甲方应当……"}), encoding="utf-8")
    assert main(["templates", "publish", str(bad)]) == 1
    assert "“甲方义务”（owners_duties）应为非空的条款文字列表" in capsys.readouterr().err
    good = tmp_path / "clauses.json"
    good.write_text(json.dumps(shipped), encoding="utf-8")  # the shipped file as is: no name
    assert main(["templates", "publish", str(good)]) == 0
    assert "已发布模板“物业服务合同条款”（第1版）" in capsys.readouterr().out
