"""Commands: ``complaints list|add|close`` (and ``respond``) with ``--json``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from ..domain.surveys import ComplaintError, ComplaintSource, ComplaintState
from ..paths import AppPaths
from ..services.complaints import ComplaintFilter, ComplaintInfo
from ..services.context import Services
from . import EXIT_OK, EXIT_USAGE
from .common import services_for


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("complaints", parents=[common], help="投诉：列出、登记、办结、导出")
    csub = p.add_subparsers(dest="complaints_command", metavar="操作")
    filt = argparse.ArgumentParser(add_help=False)
    filt.add_argument("--estate", default="", help="小区名称（包含即可，须唯一）")
    filt.add_argument("--company", default="", help="物业企业名称（包含即可，须唯一）")
    filt.add_argument("--source", default="", help="来源：吹哨报到、12345、电话、来访、楼长反映")
    filt.add_argument("--status", default="all", help="open（办理中）|overdue（已逾期）|closed（已办结）|all")
    c = csub.add_parser("list", parents=[common, filt], help="列出投诉（逾期的在前）")
    c.add_argument("--limit", type=int, default=200)
    c.add_argument("--json", action="store_true", help="以JSON输出")
    c.set_defaults(func=cmd_list)
    c = csub.add_parser("add", parents=[common], help="登记一件投诉")
    c.add_argument("--estate", required=True, help="小区名称")
    c.add_argument("--source", required=True, help="吹哨报到、12345、电话、来访、楼长反映")
    c.add_argument("--category", required=True, help="类别，如 环境卫生、设施设备维修")
    c.add_argument("--description", required=True, help="投诉内容")
    c.add_argument("--building", default="", help="楼栋号，如 3号楼")
    c.add_argument("--company", default="", help="责任物业企业（默认为小区的物业企业）")
    c.add_argument("--work-order", default="", help="12345工单号（按原样保存）")
    c.add_argument("--deadline", type=date.fromisoformat, help="办理期限 YYYY-MM-DD（默认受理后7天）")
    c.add_argument("--json", action="store_true", help="以JSON输出")
    c.set_defaults(func=cmd_add)
    c = csub.add_parser("respond", parents=[common], help="记录已响应")
    c.add_argument("id", help="投诉编号（可只写开头几位）")
    c.add_argument("--text", default="", help="响应情况")
    c.set_defaults(func=cmd_respond)
    c = csub.add_parser("close", parents=[common], help="办结一件投诉并记录居民满意度")
    c.add_argument("id", help="投诉编号（可只写开头几位）")
    c.add_argument("--satisfied", default="", help="居民是否满意：是 / 否（不写则未评价）")
    c.add_argument("--result", default="", help="办理结果")
    c.add_argument("--json", action="store_true", help="以JSON输出")
    c.set_defaults(func=cmd_close)
    c = csub.add_parser("export", parents=[common, filt], help="导出投诉到Excel（.xlsx）")
    c.add_argument("file", type=Path)
    c.set_defaults(func=cmd_export)
    c = csub.add_parser("rates", parents=[common], help="按小区、按物业企业的响应率、办结率、满意率")
    c.add_argument("--by", default="estate", choices=["estate", "company"])
    c.add_argument("--json", action="store_true", help="以JSON输出")
    c.set_defaults(func=cmd_rates)
    p.set_defaults(func=lambda a, _p: _missing(p))


def _missing(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return EXIT_USAGE


def _plain(v: Any) -> Any:
    if isinstance(v, Enum):
        return getattr(v, "label", v.value)
    if isinstance(v, datetime):
        return v.astimezone().isoformat(timespec="minutes")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


def _dump(obj: Any) -> None:
    json.dump(_plain(obj), sys.stdout, ensure_ascii=False, indent=1)
    print()


def _as_dict(r: ComplaintInfo) -> dict[str, Any]:
    d = asdict(r)
    d["overdue"] = r.overdue
    return d


def _pick(rows: list[tuple[str, str]], text: str, what: str) -> str | None:
    """The id of the one row whose name is ``text`` or contains it."""
    text = text.strip()
    if not text:
        return None
    exact = [i for i, n in rows if n == text]
    hits = exact or [i for i, n in rows if text in n]
    if len(hits) != 1:
        raise ComplaintError(f"找不到名称为“{text}”的{what}。" if not hits else
                             f"“{text}”对应多个{what}，请写全名称。")
    return hits[0]


def _source(text: str) -> ComplaintSource | None:
    if not text.strip():
        return None
    src = ComplaintSource.parse(text.strip())
    if src is None:
        raise ComplaintError(f"不认识的投诉来源“{text}”。可用：{'、'.join(ComplaintSource.labels())}")
    return src


def _filter(svc: Services, args: argparse.Namespace) -> ComplaintFilter:
    status = args.status.strip()
    state = None if status in ("", "all", "全部") else ComplaintState.parse(status)
    if status not in ("", "all", "全部") and state is None:
        raise ComplaintError(f"不认识的状态“{status}”：请写 open、overdue、closed 或 all。")
    return ComplaintFilter(estate_id=_pick(svc.registers.estate_choices(), args.estate, "小区"),
                           company_id=_pick(svc.registers.company_choices(), args.company, "物业企业"),
                           source=_source(args.source), state=state)


def _resolve(svc: Services, prefix: str) -> str:
    ids = svc.complaints.ids_starting_with(prefix, limit=2)
    if len(ids) != 1:
        raise ComplaintError(f"找不到编号以“{prefix}”开头的投诉。" if not ids else
                             f"编号“{prefix}”对应多件投诉，请多写几位。")
    return ids[0]


def _line(r: ComplaintInfo) -> str:
    state = f"逾期{r.days_overdue}天" if r.overdue else r.state.label
    return (f"{r.id[:13]}\t{r.received_at.astimezone():%Y-%m-%d}\t{r.source_label}\t{r.work_order_no or ''}\t"
            f"{r.estate_name}\t{r.building_number or ''}\t{r.category}\t{r.company_name or ''}\t"
            f"{r.deadline or ''}\t{state}\t{r.description}")


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        today = svc.clock.today()
        f = _filter(svc, args)
        rows = svc.complaints.page(f, today, 0, args.limit)
        total = svc.complaints.count(f, today)
    if args.json:
        _dump([_as_dict(r) for r in rows])
        return EXIT_OK
    print("编号\t受理日期\t来源\t工单号\t小区\t楼栋\t类别\t物业企业\t办理期限\t状态\t内容")
    for r in rows:
        print(_line(r))
    print(f"共{total}件" + (f"，显示前{len(rows)}件" if total > len(rows) else ""))
    return EXIT_OK


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        estate = _pick(svc.registers.estate_choices(), args.estate, "小区")
        assert estate is not None
        building = None
        if args.building.strip():
            building = next((i for i, n in svc.registers.buildings_of(estate)
                             if n == args.building.strip()), None)
            if building is None:
                raise ComplaintError(f"小区里没有楼栋“{args.building.strip()}”。")
        src = _source(args.source)
        assert src is not None
        cid = svc.complaints.record(
            estate, src, args.category, args.description, svc.clock.now(), building_id=building,
            company_id=_pick(svc.registers.company_choices(), args.company, "物业企业"),
            deadline=args.deadline, work_order_no=args.work_order)
        info = svc.complaints.get(cid, svc.clock.today())
    if args.json:
        _dump(_as_dict(info))
    else:
        print(f"已登记投诉 {info.id[:13]}：{info.estate_name} {info.category}，办理期限{info.deadline}")
    return EXIT_OK


def cmd_respond(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        cid = _resolve(svc, args.id)
        svc.complaints.respond(cid, svc.clock.now(), args.text.strip() or None)
    print("已记录响应。")
    return EXIT_OK


def cmd_close(args: argparse.Namespace, paths: AppPaths) -> int:
    answer = args.satisfied.strip()
    if answer in ("", "未评价"):
        satisfied = None
    elif answer in ("是", "满意", "yes", "y", "1"):
        satisfied = True
    elif answer in ("否", "不满意", "no", "n", "0"):
        satisfied = False
    else:
        raise ComplaintError(f"居民是否满意请写“是”或“否”（现为“{answer}”）。")
    with services_for(paths) as svc:
        cid = _resolve(svc, args.id)
        svc.complaints.close(cid, svc.clock.now(), satisfied, args.result.strip() or None)
        info = svc.complaints.get(cid, svc.clock.today())
    if args.json:
        _dump(_as_dict(info))
    else:
        print(f"已办结投诉 {info.id[:13]}（{info.satisfaction_label or '未评价'}）。")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        n = svc.complaints.export(args.file, _filter(svc, args), svc.clock.today())
    print(f"已导出{n}件投诉到 {args.file}")
    return EXIT_OK


def cmd_rates(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        today = svc.clock.today()
        cs = svc.complaints
        rows = cs.rates_by_estate(today=today) if args.by == "estate" else cs.rates_by_company(today=today)
    out: list[dict[str, Any]] = [{"name": r.name, "total": r.rates.total, "response_rate": r.rates.response_rate,
            "timely_response_rate": r.rates.timely_response_rate,
            "closure_rate": r.rates.closure_rate, "satisfaction_rate": r.rates.satisfaction_rate,
            "overdue": r.overdue} for r in rows]
    if args.json:
        _dump(out)
        return EXIT_OK
    print(("小区" if args.by == "estate" else "物业企业") + "\t投诉\t响应率\t办结率\t满意率\t逾期")

    def pct(v: float | None) -> str:
        return "—" if v is None else f"{v:.1f}%"

    for d in out:
        print(f"{d['name']}\t{d['total']}\t{pct(d['response_rate'])}\t{pct(d['closure_rate'])}\t"
              f"{pct(d['satisfaction_rate'])}\t{d['overdue']}")
    return EXIT_OK
