"""Schedules made by the rule table: a fresh community owes its inspections without any manual
step; the due list is the current period with the missed ones counted; the ``schedules`` CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.__main__ import main
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.inspections import InspectionKind
from wuye_desktop.domain.schedules import (
    DEFAULT_RULES,
    Period,
    ScheduleRuleError,
    due_state,
    parse_rules,
    status_text,
)
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import open_services
from wuye_desktop.storage.models_sync import REFERENCE, put_copy

from .helpers import fill, template_id

TODAY = date(2026, 11, 20)  # the suite's pinned clock


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def two_estates(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "小区"
    ws.append(["小区名称", "管理模式", "地址"])
    ws.append(["幸福里", "准物业", "幸福路1号"])
    ws.append(["和平苑", "专业化物业", "和平路2号"])
    wb.save(path)
    return path


def test_a_fresh_community_owes_its_inspections_without_any_manual_step(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "data")
    assert run(capsys, "--data-dir", d, "init", "--community-code", "220102003001",
               "--name", "桃源社区")[0] == 0
    code, out, err = run(capsys, "--data-dir", d, "import", "小区", str(two_estates(tmp_path / "e.xlsx")),
                         "--yes")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", d, "schedules", "list", "--json")
    assert code == 0, err
    rows = json.loads(out)
    got = {(r["estate"], r["kind"], r["current_period"], r["due"], r["done"]) for r in rows}
    assert ("幸福里", "季度考核", "2026年第4季度", "2026-12-31", False) in got
    assert ("和平苑", "年度考核", "2026年", "2026-12-31", False) in got
    assert {(r["estate"], r["kind"]) for r in rows if r["kind"] == "消防安全检查"} == {
        ("幸福里", "消防安全检查"), ("和平苑", "消防安全检查")}
    assert all(r["missed_periods"] == 0 and not r["behind"] for r in rows)
    # the same rows as 待办 sees them, and the text listing says it in Chinese
    code, out, _ = run(capsys, "--data-dir", d, "schedules", "list", "--estate", "幸福里")
    assert code == 0 and "2026年第4季度" in out and "待检查，41天后到期" in out
    # regenerating is idempotent: the import already made every schedule
    code, out, _ = run(capsys, "--data-dir", d, "schedules", "regenerate", "--json")
    assert code == 0 and json.loads(out) == {"added": 0, "removed": 0, "changed": 0}
    # and the schedules are synced like every register: in the outbox
    svc = open_services(AppPaths(Path(d)), user="t")
    try:
        assert svc.sync.status().pending >= 4 + 2
        todo = [i for i in svc.todo.items() if i.kind.value == "schedules"]
        assert {(i.subject, i.what) for i in todo} >= {("幸福里", "2026年第4季度季度考核未检查")}
    finally:
        svc.close()


def test_rules_cli_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "data")
    code, out, _ = run(capsys, "--data-dir", d, "schedules", "rules", "--json")
    assert code == 0
    table = json.loads(out)
    assert table["source"] == "默认规则"
    assert {(r["mode"], r["kind"], r["period"]) for r in table["rules"]} == {
        ("准物业", "季度考核", "每季度"), ("专业化物业", "年度考核", "每年"), ("全部", "消防安全检查", "每月")}
    code, _, err = run(capsys, "--data-dir", d, "schedules", "list", "--estate", "没有这个小区")
    assert code == 1 and "找不到名称为“没有这个小区”的小区" in err


def test_export_writes_the_due_list_to_excel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(tmp_path / "data")
    assert run(capsys, "--data-dir", d, "init", "--community-code", "220102003001", "--name", "桃源社区")[0] == 0
    assert run(capsys, "--data-dir", d, "import", "小区", str(two_estates(tmp_path / "e.xlsx")), "--yes")[0] == 0
    target = tmp_path / "到期检查.xlsx"
    code, out, _ = run(capsys, "--data-dir", d, "schedules", "export", str(target))
    assert code == 0 and "已导出4项" in out
    ws = openpyxl.load_workbook(target)["到期检查"]
    head = [c.value for c in ws[1]]
    assert head[:6] == ["小区", "检查类型", "周期", "本期", "应完成日期", "状态"]
    rows = {(r[0], r[1], r[3]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert ("幸福里", "季度考核", "2026年第4季度") in rows


def test_due_state_is_the_current_period_with_missed_ones_counted() -> None:
    start = date(2024, 10, 1)
    # inspected this quarter (2026-10-14): done, whatever was missed before — never 逾期700天
    st = due_state(start, Period.QUARTERLY, [date(2025, 2, 10), date(2026, 10, 14)], TODAY)
    assert (st.label, st.due, st.done_on, st.behind) == ("2026年第4季度", date(2026, 12, 31),
                                                         date(2026, 10, 14), False)
    assert st.missed_periods == 7  # 2024Q4 … 2026Q3 is eight quarters; 2025Q1 was done
    assert status_text(st, TODAY) == "本期已检查（2026-10-14）"
    # not done this quarter and last quarter missed too: behind since 2026-09-30
    st = due_state(start, Period.QUARTERLY, [date(2025, 2, 10)], TODAY)
    assert not st.done and st.behind and st.days_behind == 51 and st.missed_periods == 7
    assert status_text(st, TODAY) == "上期未检查，本期41天后到期"
    # a schedule that starts this period owes nothing earlier
    st = due_state(TODAY, Period.MONTHLY, [], TODAY)
    assert (st.label, st.missed_periods, st.behind) == ("2026年11月", 0, False)


def test_county_rule_table_overrides_and_bad_tables_are_refused(services) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScheduleRuleError, match="第1条的周期“每周”不认识"):
        parse_rules({"rules": [{"mode": "准物业", "kind": "季度考核", "period": "每周"}]})
    with pytest.raises(ScheduleRuleError, match="没有任何规则"):
        parse_rules({"rules": []})
    doc = {"kind": "schedule_rules", "name": "某县检查计划规则",
           "rules": [{"mode": "准物业", "kind": "季度考核", "period": "每半年"},
                     {"mode": "全部", "kind": "消防检查", "period": "每季度"}]}
    with services.db.unit_of_work() as s:
        put_copy(s, REFERENCE, "templates", "00000000-0000-0000-0000-00000000abcd", doc, version=3)
    table = services.schedules.rule_table()
    assert table.source == "县级发布：某县检查计划规则（第3版）" and not table.problem
    assert [(r.mode, r.kind, r.period) for r in table.rules] == [
        (ManagementMode.QUASI, InspectionKind.QUARTERLY, Period.HALF_YEARLY),
        (None, InspectionKind.FIRE_SAFETY, Period.QUARTERLY)]
    result = services.schedules.regenerate(TODAY)
    assert result.changed and result.removed  # periods taken over; the annual ones withdrawn
    kinds = {(s.management_mode, s.kind, s.period) for s in services.schedules.find()}
    assert (ManagementMode.QUASI, InspectionKind.QUARTERLY, Period.HALF_YEARLY) in kinds
    assert not any(k is InspectionKind.ANNUAL for _m, k, _p in kinds)
    assert services.schedules.regenerate(TODAY).total == 0
    # an unusable county table falls back to the defaults and says why
    with services.db.unit_of_work() as s:
        put_copy(s, REFERENCE, "templates", "00000000-0000-0000-0000-00000000abcd",
                 {**doc, "rules": [{"mode": "物业", "kind": "季度考核", "period": "每季度"}]}, version=4)
    table = services.schedules.rule_table()
    assert table.rules == DEFAULT_RULES and "管理模式“物业”不认识" in table.problem


def test_mode_change_replaces_and_inspection_marks_done_and_removed_estates_vanish(
        services, ins, quasi_estate) -> None:  # type: ignore[no-untyped-def]
    sch, eid = services.schedules, quasi_estate["id"]
    mine = {d.schedule.kind: d for d in sch.due_list(TODAY, estate_id=eid)}
    assert set(mine) == {InspectionKind.QUARTERLY, InspectionKind.FIRE_SAFETY}
    d = ins.create_draft(eid, template_id(services, "quasi-quarterly"), date(2026, 10, 14))
    fill(ins, d.id, {})
    ins.finalise(d.id)
    row = next(x for x in sch.due_list(TODAY, estate_id=eid) if x.schedule.kind is InspectionKind.QUARTERLY)
    assert row.state.done_on == date(2026, 10, 14) and row.status_label == "本期已检查（2026-10-14）"
    assert all(x.schedule.estate_id != eid or x.schedule.kind is not InspectionKind.QUARTERLY
               for x in sch.due_list(TODAY, pending_only=True))
    services.registers.update("estates", eid, {"management_mode": ManagementMode.PROFESSIONAL})
    kinds = {x.schedule.kind: x for x in sch.due_list(TODAY, estate_id=eid)}
    assert set(kinds) == {InspectionKind.ANNUAL, InspectionKind.FIRE_SAFETY}
    assert kinds[InspectionKind.ANNUAL].state.label == "2026年"
    # a schedule the rule table does not govern (set by hand) survives a mode change
    sch.set_schedule(eid, InspectionKind.ROUTINE, Period.MONTHLY, TODAY)
    services.registers.update("estates", eid, {"management_mode": ManagementMode.QUASI})
    assert {s.kind for s in sch.find(eid)} == {InspectionKind.QUARTERLY, InspectionKind.FIRE_SAFETY,
                                               InspectionKind.ROUTINE}
    # registered through the form's path: its schedules at once; removed: no due rows
    other = services.registers.create("estates", {"name": "临时小区", "management_mode": "准物业"}).id
    assert {x.schedule.kind for x in sch.due_list(TODAY, estate_id=other)} == {
        InspectionKind.QUARTERLY, InspectionKind.FIRE_SAFETY}
    services.registers.delete("estates", other)
    assert not [x for x in sch.due_list(TODAY) if x.schedule.estate_id == other]
