"""Credit grades from the county's bands, the black list, committee figures: the domain rules,
the registers that enforce them, the import's confirmation, migration 0007 and the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from alembic import command

from wuye_desktop.__main__ import main
from wuye_desktop.domain.committees import CommitteeRates, PartyRatio, TermStatus, term_status
from wuye_desktop.domain.credit import (
    DEFAULT_BANDS,
    BandsInvalid,
    BlacklistedCompany,
    credit_issues,
    normalize_grade,
    parse_bands,
)
from wuye_desktop.domain.validation import Severity
from wuye_desktop.services.context import Services
from wuye_desktop.services.registers import ValidationFailed
from wuye_desktop.storage.migrate import make_config
from wuye_desktop.storage.models import OutboxEntry
from wuye_desktop.storage.models_sync import REFERENCE, put_copy


@pytest.mark.parametrize(("score", "grade"), [
    (100, "AAA"), (85, "AAA"), (84.99, "AA"), (80, "AA"), (79.99, "A"), (70, "A"),
    (69.99, "B"), (60, "B"), (59.99, "C"), (0, "C")])
def test_default_bands_edges(score: float, grade: str) -> None:
    assert DEFAULT_BANDS.grade_for(score) == grade


def test_bands_describe_and_parse() -> None:
    assert DEFAULT_BANDS.describe() == "AAA ≥85，AA 80–85，A 70–80，B 60–70，C <60"
    county = parse_bands({"bands": [{"grade": "B", "min": 0}, {"grade": "a", "min": 90},
                                    {"grade": "AA", "min": 75}]})
    assert county.grades == ("A", "AA", "B")  # highest first, upper-cased
    assert county.grade_for(89.9) == "AA" and county.grade_for(90) == "A"
    for bad in ({}, {"bands": []}, {"bands": [{"grade": "A", "min": 120}]},
                {"bands": [{"grade": "A", "min": "x"}]},
                {"bands": [{"grade": "A", "min": 80}, {"grade": "A", "min": 70}]}):
        with pytest.raises(BandsInvalid):
            parse_bands(bad)


@pytest.mark.parametrize(("text", "grade"), [
    ("3A", "AAA"), ("AAA级", "AAA"), ("ａａａ", "AAA"), ("三A", "AAA"), ("2A级", "AA"), (" a ", "A"),
    ("C级", "C"), ("AAAA", "AAAA"), ("良好", "良好"), ("", None), (None, None)])
def test_known_spellings_become_grades_and_others_are_kept(text: str | None,
                                                         grade: str | None) -> None:
    assert normalize_grade(text) == grade


def test_credit_issues() -> None:
    (i,) = credit_issues(150, None, DEFAULT_BANDS)
    assert i.field == "credit_score" and "0至100" in i.message and i.is_error
    (i,) = credit_issues(-1, None, DEFAULT_BANDS)
    assert i.is_error
    (i,) = credit_issues(None, "AAAA", DEFAULT_BANDS)
    assert i.field == "credit_grade" and "AAA、AA、A、B、C" in i.message and i.is_error
    (i,) = credit_issues(82, "AAA", DEFAULT_BANDS)
    assert "对应信用等级AA" in i.message
    (i,) = credit_issues(None, "AAAA", DEFAULT_BANDS, entered=False)
    assert i.severity is Severity.WARNING and "原登记" in i.message
    assert credit_issues(82, "AA", DEFAULT_BANDS) == [] and credit_issues(None, None, DEFAULT_BANDS) == []


def test_party_ratio_and_term_status() -> None:
    assert PartyRatio(3, 6).percent == 50.0 and PartyRatio(3, 6).meets_target
    assert PartyRatio(2, 5).meets_target is False and "未达到" in PartyRatio(2, 5).text()
    assert PartyRatio(0, 0).percent is None and PartyRatio(0, 0).meets_target is None
    assert "1人未填政治面貌" in PartyRatio(1, 3, 1).text()
    today = date(2026, 11, 21)
    assert term_status(None, today) is TermStatus.NOT_SET
    assert term_status(today - timedelta(days=1), today) is TermStatus.EXPIRED
    assert term_status(today, today) is TermStatus.ENDING
    assert term_status(today + timedelta(days=30), today) is TermStatus.ENDING
    assert term_status(today + timedelta(days=31), today) is TermStatus.ACTIVE
    rates = CommitteeRates(8, 6, 3)
    assert rates.formation_percent == 75.0 and rates.party_org_percent == 37.5
    assert CommitteeRates(0, 0, 0).formation_percent is None


def test_registers_derive_grade_and_refuse_bad_credit(services: Services) -> None:
    regs = services.registers
    cid = regs.create("companies", {"name": "甲物业", "credit_score": 84.99}).id
    assert regs.get("companies", cid)["credit_grade"] == "AA"
    with services.db.session() as s:  # the derived grade is synced like any field
        entry = s.scalars(sa.select(OutboxEntry).where(OutboxEntry.row_id == cid)).one()
    assert entry.changes["credit_grade"] == [None, "AA"]
    regs.update("companies", cid, {"credit_score": 90})
    assert regs.get("companies", cid)["credit_grade"] == "AAA"
    with pytest.raises(ValidationFailed, match="0至100"):
        regs.create("companies", {"name": "乙物业", "credit_score": 150})
    with pytest.raises(ValidationFailed, match="不是县定的等级"):
        regs.create("companies", {"name": "乙物业", "credit_grade": "AAAA"})
    with pytest.raises(ValidationFailed, match="不符"):
        regs.create("companies", {"name": "乙物业", "credit_grade": "AAA", "credit_score": 70})
    assert regs.get("companies", regs.create("companies", {"name": "丙物业",
                                                           "credit_grade": "3A"}).id)[
        "credit_grade"] == "AAA"


def test_county_bands_replace_the_defaults(services: Services) -> None:
    with services.db.unit_of_work() as s:
        put_copy(s, REFERENCE, "templates", "01a20000-0000-7000-8000-000000000001",
                 {"kind": "credit_bands", "name": "某县信用等级分档",
                  "bands": [{"grade": "AAA", "min": 90}, {"grade": "AA", "min": 75},
                            {"grade": "B", "min": 0}]})
    bands = services.committees.credit_bands()
    assert bands.grades == ("AAA", "AA", "B") and bands.source == "某县信用等级分档"
    cid = services.registers.create("companies", {"name": "甲物业", "credit_score": 85}).id
    assert services.registers.get("companies", cid)["credit_grade"] == "AA"


def _black(services: Services) -> tuple[str, str]:
    regs = services.registers
    black = next(c["name"] for c in regs.rows("companies") if c["list_status"] == "black")
    estate = next(e["name"] for e in regs.rows("estates") if e["company_name"] != black)
    return black, estate


def test_blacklisted_assignment_needs_confirmation(demo_services: Services) -> None:
    regs = demo_services.registers
    black, estate = _black(demo_services)
    row = next(e for e in regs.rows("estates") if e["name"] == estate)
    with pytest.raises(BlacklistedCompany) as exc:
        regs.update("estates", row["id"], {"company_name": black})
    assert black in str(exc.value) and estate in str(exc.value) and exc.value.hint
    assert regs.get("estates", row["id"])["company_name"] == row["company_name"]
    r = regs.save("estates", {"company_name": black}, row["id"], allow_blacklisted=True)
    assert r.blacklisted_company == black
    assert regs.get("estates", row["id"])["company_blacklisted"] is True
    # later edits of the estate do not ask again
    assert regs.update("estates", row["id"], {"note": "合同未到期"}).blacklisted_company is None


def _estates_sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(["小区名称", "管理模式", "物业企业"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_with_blacklisted_company(demo_services: Services, tmp_path: Path) -> None:
    regs, transfer = demo_services.registers, demo_services.transfer
    black, estate = _black(demo_services)
    before = next(e for e in regs.rows("estates") if e["name"] == estate)["company_name"]
    path = _estates_sheet(tmp_path / "e.xlsx", [[estate, "专业化物业", black]])
    report = transfer.import_file("estates", path)
    assert not report.ok and "黑名单" in report.text() and "--allow-blacklisted" in report.text()
    assert next(e for e in regs.rows("estates") if e["name"] == estate)["company_name"] == before
    plan = transfer.preview("estates", path)
    assert plan.ok and plan.needs_confirmation and black in plan.text()
    with pytest.raises(BlacklistedCompany):
        transfer.apply(plan)
    plan.allow_blacklisted = True
    assert transfer.apply(plan).ok
    assert next(e for e in regs.rows("estates") if e["name"] == estate)["company_name"] == black


def test_migration_0007_maps_known_spellings_and_keeps_others(services: Services) -> None:
    regs = services.registers
    a = regs.create("companies", {"name": "甲"}).id
    b = regs.create("companies", {"name": "乙"}).id
    path = services.db.path
    services.db.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        c.execute(sa.text("UPDATE companies SET credit_grade = '3A级' WHERE id = :i"), {"i": a})
        c.execute(sa.text("UPDATE companies SET credit_grade = 'AAAA' WHERE id = :i"), {"i": b})
        command.downgrade(make_config(c), "0005")
        command.upgrade(make_config(c), "head")
        grades = dict(c.execute(sa.text("SELECT id, credit_grade FROM companies")).all())
        outbox = c.execute(sa.text("SELECT row_id, changes FROM outbox WHERE row_id = :i "
                                   "ORDER BY seq DESC LIMIT 1"), {"i": a}).one()
        history = c.execute(sa.text("SELECT user, changes FROM history WHERE row_id = :i "
                                    "ORDER BY created_at DESC LIMIT 1"), {"i": a}).one()
    engine.dispose()
    assert grades == {a: "AAA", b: "AAAA"}  # the unknown one is kept as typed
    assert json.loads(outbox.changes) == {"credit_grade": ["3A级", "AAA"]}
    assert "系统升级" in history.user and json.loads(history.changes)["credit_grade"][1] == "AAA"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    assert _run(capsys, "demo", "--data-dir", d)[0] == 0
    code, out, _ = _run(capsys, "committees", "--json", "--data-dir", d)
    data = json.loads(out)
    assert code == 0 and data["estates"] == 12 and data["party_ratio_target"] == 50
    assert data["formation_rate"] == round(data["with_committee"] * 100 / 12, 1)
    assert all("term_status" in c and "party_ratio" in c for c in data["committees"])
    code, out, _ = _run(capsys, "credit-bands", "--json", "--data-dir", d)
    assert json.loads(out)["bands"][0] == {"grade": "AAA", "min": 85}
    code, out, _ = _run(capsys, "list", "companies", "--json", "--list-status", "黑名单",
                        "--data-dir", d)
    black = json.loads(out)
    assert code == 0 and len(black) == 1 and black[0]["list_status"] == "黑名单"
    code, _, err = _run(capsys, "list", "companies", "--grade", "AAAA", "--data-dir", d)
    assert code == 2 and "不是县定的等级" in err
    code, out, _ = _run(capsys, "list", "estates", "--json", "--data-dir", d)
    estate = next(e["name"] for e in json.loads(out) if e["company_name"] != black[0]["name"])
    sheet = _estates_sheet(tmp_path / "e.xlsx", [[estate, "专业化物业", black[0]["name"]]])
    code, out, err = _run(capsys, "import", "estates", str(sheet), "--yes", "--data-dir", d)
    assert code == 1 and "--allow-blacklisted" in err and "没有写入" in err
    code, out, err = _run(capsys, "import", "estates", str(sheet), "--yes", "--allow-blacklisted",
                          "--data-dir", d)
    assert code == 0, err
    code, _, err = _run(capsys, "add", "estates", f"名称={estate}二期", "管理模式=专业化物业",
                        f"物业企业={black[0]['name']}", "--data-dir", d)
    assert code == 1 and "黑名单" in err


def test_grade_to_correct_is_on_the_todo_list(services: Services) -> None:
    regs = services.registers
    ok = regs.create("companies", {"name": "甲", "credit_grade": "AA"}).id
    odd = regs.create("companies", {"name": "乙"}).id
    with services.db.unit_of_work() as s:
        s.execute(sa.text("UPDATE companies SET credit_grade = 'AAAA' WHERE id = :i"), {"i": odd})
    items = [i for i in services.todo.items() if i.kind.label == "信用等级待改正"]
    assert [i.record_id for i in items] == [odd] and ok not in {i.record_id for i in items}
    assert "AAAA" in items[0].what and items[0].screen == "companies" and not items[0].overdue
