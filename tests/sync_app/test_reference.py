"""County reference data that lands (issue 15): published templates become usable templates on
the devices; the company registry merges with a same-named local company; county fields are the
county's."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from wuye_county.reference import import_companies, publish_templates
from wuye_desktop.__main__ import main
from wuye_desktop.domain.enums import ListStatus
from wuye_desktop.services.registers import ValidationFailed
from wuye_desktop.storage.models import Company

from .test_gui import Office, offices  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]


def test_published_templates_become_usable_templates(county, offices, tmp_path,  # noqa: F811
                                                     capsys: pytest.CaptureFixture[str]):
    a, _b, _c = offices
    checklist = json.loads((ROOT / "resources/templates/inspections/fire-safety.json")
                           .read_text(encoding="utf-8"))
    checklist.update(id="county-fire-2027", name="县级消防专项检查表", version=3)
    (tmp_path / "fire.json").write_text(json.dumps(checklist, ensure_ascii=False), "utf-8")
    (tmp_path / "停水通知.txt").write_text("因管网维修，{小区名称}将于周六停水。\n请提前储水。",
                                         encoding="utf-8")
    with county.engine.begin() as conn:
        publish_templates(conn, tmp_path / "fire.json")
        publish_templates(conn, tmp_path / "停水通知.txt")
    report = a.sync.run()
    assert report.problems == []
    [info] = [t for t in a.services.templates.find() if t.code == "county-fire-2027"]
    assert info.version == 3 and info.source == "county" and info.item_count > 0
    a.services.templates.get(info.id)  # selectable: it parses and loads by id
    notices = {t.name: t for t in a.services.printing.templates()}
    assert "停水通知" in notices and notices["停水通知"].version == 1
    # the command lines list them
    data = str(a.services.paths.data_dir)
    capsys.readouterr()
    assert main(["templates", "list", "--data-dir", data]) == 0
    assert "县级消防专项检查表" in capsys.readouterr().out
    assert main(["print", "templates", "--data-dir", data]) == 0
    assert "停水通知" in capsys.readouterr().out
    # a second pull changes nothing and reports nothing
    assert a.sync.run().problems == []
    assert len([t for t in a.services.templates.find() if t.code == "county-fire-2027"]) == 1


def _registry(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "物业企业"
    ws.append(["企业名称", "负责人", "信用等级", "信用分", "红黑名单"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_registry_company_merges_with_a_same_named_local_company(county, offices,  # noqa: F811
                                                                 tmp_path):
    a, b, _c = offices
    a.services.registers.create("companies", {"name": "宏达物业", "manager": "李四",
                                              "phone": "13800000001", "credit_grade": "AA"})
    a.sync.run()
    b.sync.run()
    with county.engine.begin() as conn:
        count, _problems = import_companies(conn, _registry(tmp_path / "reg.xlsx", [
            ["宏达物业", "王五", "C", 55, "黑名单"], ["远方物业", "赵六", "A", 75, "无"]]))
    assert count == 2
    for office in (a, b):
        report = office.sync.run()
        assert report.problems == [], report.problems
        with office.db.session() as s:
            [local] = s.scalars(select(Company).where(Company.name == "宏达物业")).all()
            assert (local.credit_grade, local.credit_score, local.list_status) == (
                "C", 55, ListStatus.BLACK)
            assert local.manager == "李四"  # the community's contact stays
            assert s.scalars(select(Company).where(Company.name == "远方物业")).one()

    # County fields are read-only in forms and imports.
    local_id = a.services.registers.rows("companies", search="宏达物业")[0]["id"]
    with pytest.raises(ValidationFailed, match="县住建部门"):
        a.services.registers.update("companies", local_id, {"list_status": ListStatus.RED})
    a.services.registers.update("companies", local_id, {"manager": "钱七"})  # contact: fine
    report = a.services.transfer.import_file("companies", _registry(
        tmp_path / "whitewash.xlsx", [["宏达物业", "李四", "AAA", 99, "红名单"]]))
    assert not report.ok and "信用等级" in report.text()


def test_rejected_change_of_county_data_is_rolled_back_on_discard(county, offices,  # noqa: F811
                                                                  tmp_path):
    a, _b, _c = offices
    with county.engine.begin() as conn:
        import_companies(conn, _registry(tmp_path / "reg.xlsx", [["黑心物业", "孙八", "C", 40,
                                                                   "黑名单"]]))
    a.sync.run()
    # A whitewash that got past the form (an older version of the app, say).
    with a.db.unit_of_work() as s:
        c = s.scalars(select(Company).where(Company.name == "黑心物业")).one()
        c.credit_grade, c.list_status = "AAA", ListStatus.RED
    report = a.sync.run()
    assert report.pushed["rejected"] == 1
    [item] = [i for i in a.sync.attention() if i.table == "companies"]
    a.sync.discard(item.op_id)
    with a.db.session() as s:
        c = s.scalars(select(Company).where(Company.name == "黑心物业")).one()
        assert (c.credit_grade, c.list_status) == ("C", ListStatus.BLACK)


def test_published_privacy_policy_reaches_the_devices(county, offices, tmp_path):  # noqa: F811
    a, b, _c = offices
    assert not a.services.transfer.privacy_policy().mask_exports  # the default: full numbers
    (tmp_path / "policy.json").write_text(json.dumps(
        {"kind": "privacy_policy", "name": "某县个人信息保护规则", "mask_exports": True},
        ensure_ascii=False), "utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(
        {"kind": "privacy_policy", "name": "写错的规则", "mask_exports": "是"},
        ensure_ascii=False), "utf-8")
    with county.engine.begin() as conn:
        with pytest.raises(Exception, match="mask_exports"):  # refused as a device would read it
            publish_templates(conn, tmp_path / "bad.json")
        publish_templates(conn, tmp_path / "policy.json")
    for office in (a, b):
        assert office.sync.run().problems == []
        policy = office.services.transfer.privacy_policy()
        assert policy.mask_exports and "某县个人信息保护规则" in policy.source
