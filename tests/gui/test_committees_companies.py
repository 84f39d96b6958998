"""Committees and companies that mean something (issue 12, items 5 and 6), through the real
widgets: the committee screen's party-member ratio and term status, 业委会组建率 and 党组织覆盖率
on 概览, the company form's grade (a choice, derived from the score by the county's bands, the
score bounded), the question before an estate gets a black-listed company, the import's
confirmation, and the company list's grade and red/black-list filters."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QComboBox, QFileDialog
from sqlalchemy import text

from wuye_desktop.ui import dialogs
from wuye_desktop.ui.main_window import MainWindow


def _screen(window: MainWindow, key: str, wait_idle):
    window.show_screen(key)
    wait_idle()
    return window.screens[key]


def _select(panel, row_id: str, wait_idle) -> None:
    panel.load_record(row_id)
    wait_idle()
    assert panel.current_id == row_id


def test_committee_screen_shows_party_ratio_and_term_status(window: MainWindow, wait_idle,
                                                            demo_services):
    regs = demo_services.registers
    today = demo_services.clock.today()
    screen = _screen(window, "committees", wait_idle)
    assert screen.status.isHidden()  # nothing selected yet
    committees = regs.rows("committees")
    assert committees
    for c in committees[:3]:
        _select(screen.panel, c["id"], wait_idle)
        members = regs.rows("members", filters={"estate_name": c["estate_name"]})
        party = sum(1 for m in members if m["political_status"] == "party")
        expected = round(party * 100 / len(members), 1)
        shown = screen.status.text()
        assert not screen.status.isHidden()
        assert f"党员{party}人/成员{len(members)}人" in shown
        assert f"党员比例{expected:g}%" in shown
        assert ("未达到" if expected < 50 else "达到") in shown
        end = c["term_end"]
        assert ("已届满" if end < today else "即将届满" if (end - today).days <= 30 else "任期内") in shown
        assert end.isoformat() in shown
    # adding a party member refreshes the figures
    c = committees[0]
    _select(screen.panel, c["id"], wait_idle)
    before = screen.status.text()
    regs.create("members", {"estate_name": c["estate_name"], "name": "新党员委员",
                            "political_status": "party"})
    from wuye_desktop.changes import Area, OpChanges
    window.ctx.runner.changed.emit(OpChanges.of(Area.MEMBERS))
    wait_idle()
    assert screen.status.text() != before
    members = regs.rows("members", filters={"estate_name": c["estate_name"]})
    assert f"成员{len(members)}人" in screen.status.text()


def test_overview_shows_formation_rate_and_party_org_coverage(window: MainWindow, wait_idle,
                                                               demo_services):
    regs = demo_services.registers
    estates = regs.rows("estates")
    with_committee = {c["estate_name"] for c in regs.rows("committees")}
    with_branch = [e for e in estates if (e["party_branch"] or "").strip()]
    formation = round(len(with_committee) * 100 / len(estates), 1)
    coverage = round(len(with_branch) * 100 / len(estates), 1)
    assert 0 < formation < 100 and 0 < coverage < 100  # the demo has both kinds of estate
    screen = _screen(window, "overview", wait_idle)
    screen.refresh()
    wait_idle()
    shown = screen.committee_rates.text()
    assert f"业委会组建率{formation:g}%（{len(with_committee)}/{len(estates)}个小区）" in shown
    assert f"党组织覆盖率{coverage:g}%（{len(with_branch)}/{len(estates)}个小区）" in shown
    tip = screen.committee_rates.toolTip()
    assert "党支部" in tip and "物业管理委员会" in tip  # the definitions are stated


def test_company_form_grade_is_a_choice_derived_from_the_score(window: MainWindow, wait_idle,
                                                               demo_services, qtbot):
    panel = _screen(window, "companies", wait_idle).panel
    form = panel.form
    window.act_new.trigger()
    wait_idle()
    grade = form.editors["credit_grade"]
    assert isinstance(grade, QComboBox) and not grade.isEditable()
    assert [grade.itemText(i) for i in range(grade.count())] == ["", "AAA", "AA", "A", "B", "C"]
    # the county's default bands, edges included: the lower bound belongs to the band
    for score, expected in ((100, "AAA"), (85, "AAA"), (84.99, "AA"), (80, "AA"), (79.99, "A"),
                            (70, "A"), (69.99, "B"), (60, "B"), (59.99, "C"), (0, "C")):
        form.set_field("credit_score", score)
        assert form.values()["credit_grade"] == expected, score
    # a score above 100 is refused, in Chinese, next to the field
    form.set_field("name", "新建测试物业有限公司")
    form.set_field("credit_score", 150)
    window.act_save.trigger()
    wait_idle()
    assert "信用分应在0至100分之间" in form.message("credit_score")
    assert panel.current_id is None
    assert demo_services.registers.count("companies", search="新建测试物业") == 0
    form.set_field("credit_score", 84.99)
    window.act_save.trigger()
    wait_idle()
    assert panel.current_id is not None
    saved = demo_services.registers.get("companies", panel.current_id)
    assert saved["credit_grade"] == "AA" and saved["credit_score"] == pytest.approx(84.99)


def test_legacy_grade_stays_visible_until_corrected(window: MainWindow, wait_idle, demo_services):
    regs = demo_services.registers
    company = regs.rows("companies")[0]
    with demo_services.db.unit_of_work() as s:  # what an older free-text register held
        s.execute(text("UPDATE companies SET credit_grade = 'AAAA', credit_score = NULL "
                       "WHERE id = :i"), {"i": company["id"]})
    panel = _screen(window, "companies", wait_idle).panel
    _select(panel, company["id"], wait_idle)
    grade = panel.form.editors["credit_grade"]
    assert "AAAA" in grade.currentText() and "请改正" in grade.currentText()
    assert panel.form.values()["credit_grade"] == "AAAA"  # nothing lost
    # the list finds it under 待改正
    panel.extras.grade_filter.setCurrentIndex(panel.extras.grade_filter.count() - 1)
    wait_idle()
    assert panel.model.total == 1 and panel.model.row_id(0) == company["id"]
    # editing another field keeps it (a warning, not a refusal); choosing a grade fixes it
    panel.form.set_field("manager", "新负责人")
    window.act_save.trigger()
    wait_idle()
    assert "不是县定的等级" in panel.form.message("credit_grade")
    assert regs.get("companies", company["id"])["manager"] == "新负责人"
    assert regs.get("companies", company["id"])["credit_grade"] == "AAAA"
    panel.form.set_field("credit_grade", "AA")
    window.act_save.trigger()
    wait_idle()
    assert regs.get("companies", company["id"])["credit_grade"] == "AA"


def test_company_list_filters_by_grade_and_list(window: MainWindow, wait_idle, demo_services):
    regs = demo_services.registers
    companies = regs.rows("companies")
    panel = _screen(window, "companies", wait_idle).panel
    extras = panel.extras
    extras.grade_filter.setCurrentIndex(extras.grade_filter.findData("AA"))
    wait_idle()
    aa = [c["id"] for c in companies if c["credit_grade"] == "AA"]
    assert aa and panel.model.total == len(aa)
    assert {panel.model.row_id(i) for i in range(panel.model.rowCount())} == set(aa)
    extras.grade_filter.setCurrentIndex(0)
    extras.list_filter.setCurrentIndex(extras.list_filter.findData("black"))
    wait_idle()
    black = [c["id"] for c in companies if c["list_status"] == "black"]
    assert black and panel.model.total == len(black)
    extras.list_filter.setCurrentIndex(extras.list_filter.findData("red"))
    wait_idle()
    assert panel.model.total == sum(1 for c in companies if c["list_status"] == "red")


def _black_and_estate(regs):
    black = next(c["name"] for c in regs.rows("companies") if c["list_status"] == "black")
    estate = next(e for e in regs.rows("estates") if e["company_name"] != black)
    return black, estate


def test_blacklisted_company_in_estate_form_needs_confirmation(window: MainWindow, wait_idle,
                                                               demo_services, monkeypatch):
    regs = demo_services.registers
    black, estate = _black_and_estate(regs)
    screen = _screen(window, "estates", wait_idle)
    panel = screen.panel
    _select(panel, estate["id"], wait_idle)
    assert screen.blacklist_flag.isHidden()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: asked.append(a[2]) or dialogs.Button.No)
    panel.form.set_field("company_name", black)
    window.act_save.trigger()
    wait_idle()
    assert asked and "黑名单" in asked[0] and black in asked[0]
    assert regs.get("estates", estate["id"])["company_name"] == estate["company_name"]  # kept
    assert panel.form.values()["company_name"] == estate["company_name"]
    assert screen.blacklist_flag.isHidden()
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: asked.append(a[2]) or dialogs.Button.Yes)
    panel.form.set_field("company_name", black)
    window.act_save.trigger()
    wait_idle()
    assert len(asked) == 2
    assert regs.get("estates", estate["id"])["company_name"] == black
    assert not screen.blacklist_flag.isHidden() and black in screen.blacklist_flag.text()
    assert "黑名单" in screen.blacklist_flag.text()


def _estates_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(["小区名称", "管理模式", "物业企业"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_of_blacklisted_company_needs_the_tick(window: MainWindow, wait_idle, demo_services,
                                                      monkeypatch, tmp_path, qtbot):
    regs = demo_services.registers
    black, estate = _black_and_estate(regs)
    path = _estates_xlsx(tmp_path / "estates.xlsx", [[estate["name"], "专业化物业", black]])
    _screen(window, "estates", wait_idle)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    flow = window.import_file()
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=20000)
    dlg = flow.preview_dialog
    assert not dlg.blacklist_note.isHidden()
    assert black in dlg.blacklist_note.text() and estate["name"] in dlg.blacklist_note.text()
    assert not dlg.confirm_button.isEnabled()  # not without the tick
    dlg.allow_blacklisted.setChecked(True)
    assert dlg.confirm_button.isEnabled()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        dlg.confirm_button.click()
    wait_idle()
    assert flow.report.ok
    assert regs.get("estates", estate["id"])["company_name"] == black


def test_import_preview_declined_keeps_the_company(window: MainWindow, wait_idle, demo_services,
                                                   monkeypatch, tmp_path, qtbot):
    regs = demo_services.registers
    black, estate = _black_and_estate(regs)
    path = _estates_xlsx(tmp_path / "estates.xlsx", [[estate["name"], "专业化物业", black]])
    _screen(window, "estates", wait_idle)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    flow = window.import_file()
    qtbot.waitUntil(lambda: flow.preview_dialog is not None, timeout=20000)
    with qtbot.waitSignal(flow.finished, timeout=20000):
        flow.preview_dialog.cancel_button.click()
    assert regs.get("estates", estate["id"])["company_name"] == estate["company_name"]


def test_county_fields_of_a_registry_company_are_read_only_in_the_form(
        window: MainWindow, wait_idle, demo_services):
    """A company the county's registry lists (pulled as reference data): its grade, score and
    red/black list are the county's, shown but not editable; its contact fields stay the
    community's; a company the county doesn't list stays fully editable."""
    from wuye_desktop.storage.models_sync import REFERENCE, put_copy

    regs = demo_services.registers
    county_co, local_co = regs.rows("companies")[:2]
    with demo_services.db.unit_of_work() as s:
        put_copy(s, REFERENCE, "companies", "county-row-1",
                 {"name": county_co["name"], "credit_grade": county_co["credit_grade"],
                  "list_status": county_co["list_status"]}, version=1)
    panel = _screen(window, "companies", wait_idle).panel
    editors = panel.form.editors
    grade_tip = editors["credit_grade"].toolTip()
    _select(panel, county_co["id"], wait_idle)
    for name in ("credit_grade", "credit_score", "list_status"):
        assert not editors[name].isEnabled(), name
        assert "县住建部门" in editors[name].toolTip()
    assert editors["manager"].isEnabled() and editors["phone"].isEnabled()
    _select(panel, local_co["id"], wait_idle)
    assert all(editors[n].isEnabled() for n in ("credit_grade", "credit_score", "list_status"))
    assert editors["credit_grade"].toolTip() == grade_tip  # the screen's own hint is back
    panel.new_record()
    wait_idle()
    assert editors["list_status"].isEnabled()
