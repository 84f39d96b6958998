"""Commands: ``schedules list|export|rules|regenerate`` (``--json``): the due list (the current period
of every schedule, with earlier periods missed), the rule table that makes schedules, and
bringing every estate's schedules in line with it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..paths import AppPaths
from ..services.schedules import DueItem
from . import EXIT_OK, EXIT_USAGE
from .common import services_for
from .complaints import _dump, _pick


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("schedules", parents=[common], help="检查计划：到期检查、计划规则、按规则生成")
    ssub = p.add_subparsers(dest="schedules_command", metavar="操作")
    s = ssub.add_parser("list", parents=[common], help="到期检查：每个计划的本期，及以前未检查的期数")
    s.add_argument("--estate", default="", help="小区名称（包含即可，须唯一）")
    s.add_argument("--pending", action="store_true", help="只列本期还没检查的")
    s.add_argument("--json", action="store_true", help="以JSON输出")
    s.set_defaults(func=cmd_list)
    s = ssub.add_parser("export", parents=[common], help="导出到期检查到Excel（.xlsx）")
    s.add_argument("file", type=Path)
    s.add_argument("--pending", action="store_true", help="只导出本期还没检查的")
    s.set_defaults(func=cmd_export)
    s = ssub.add_parser("rules", parents=[common], help="检查计划规则（按管理模式；县里可统一发布）")
    s.add_argument("--json", action="store_true", help="以JSON输出")
    s.set_defaults(func=cmd_rules)
    s = ssub.add_parser("regenerate", parents=[common], help="按规则为每个小区补齐、替换检查计划（可重复执行）")
    s.add_argument("--json", action="store_true", help="以JSON输出")
    s.set_defaults(func=cmd_regenerate)
    p.set_defaults(func=lambda a, _p: _missing(p))


def _missing(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return EXIT_USAGE


def due_row(d: DueItem) -> dict[str, Any]:
    """One due-list row as the ``--json`` output gives it."""
    st = d.state
    return {"schedule_id": d.schedule.id, "estate": d.schedule.estate_name,
            "estate_id": d.schedule.estate_id, "kind": d.schedule.kind_label,
            "period": d.schedule.period_label, "current_period": st.label, "due": st.due,
            "done": st.done, "done_on": st.done_on, "status": d.status_label,
            "behind": st.behind, "days_behind": st.days_behind,
            "missed_periods": st.missed_periods, "last_done": d.last_done}


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        estate = _pick(svc.registers.estate_choices(), getattr(args, "estate", ""), "小区")
        rows = svc.schedules.due_list(pending_only=getattr(args, "pending", False), estate_id=estate)
    if args.json:
        _dump([due_row(d) for d in rows])
        return EXIT_OK
    print("小区\t检查类型\t本期\t应完成日期\t状态\t以前未检查\t上次检查")
    for d in rows:
        print(f"{d.schedule.estate_name}\t{d.schedule.kind_label}\t{d.state.label}\t{d.state.due}\t"
              f"{d.status_label}\t{d.missed_label or '无'}\t{d.last_done or '无'}")
    todo = sum(not d.state.done for d in rows)
    print(f"共{len(rows)}项计划，本期待检查{todo}项，其中上期也未检查{sum(d.state.behind for d in rows)}项")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        n = svc.schedules.export(args.file, pending_only=args.pending)
    print(f"已导出{n}项到期检查到 {args.file}")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        table = svc.schedules.rule_table()
    rows = [{"mode": r.mode_label, "kind": r.kind.label, "period": r.period.label,
             "template": r.template_code} for r in table.rules]
    if args.json:
        _dump({"source": table.source, "problem": table.problem or None, "rules": rows})
        return EXIT_OK
    print(f"规则来源：{table.source}")
    if table.problem:
        print(table.problem, file=sys.stderr)
    print("管理模式\t检查类型\t周期\t检查模板")
    for r in rows:
        print(f"{r['mode']}\t{r['kind']}\t{r['period']}\t{r['template']}")
    return EXIT_OK


def cmd_regenerate(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        result = svc.schedules.regenerate()
    if args.json:
        _dump({"added": result.added, "removed": result.removed, "changed": result.changed})
        return EXIT_OK
    if not result.total:
        print("检查计划已与规则一致，没有改动。")
    else:
        print(f"已新增{result.added}项、撤销{result.removed}项、调整周期{result.changed}项检查计划。")
    return EXIT_OK
