"""Commands: ``revenue list|add|summary|print|post|postings`` (公共收益台账) and
``fees set|list`` (物业费收缴率及收费标准), with ``--json``."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..domain.revenue import EntryKind, LedgerSummary, RevenueError, parse_period, yuan
from ..paths import AppPaths
from ..services.context import Services
from ..services.revenue import EntryInfo, EntryInput, FeeInfo
from . import EXIT_OK
from .common import services_for
from .complaints import _dump, _missing, _pick
from .printing import _values


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    _register_revenue(sub, common)
    _register_fees(sub, common)


def _json(c: argparse.ArgumentParser) -> None:
    c.add_argument("--json", action="store_true", help="以JSON输出")


def _register_revenue(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("revenue", parents=[common], help="公共收益台账：列出、登记、汇总、打印公示、张贴记录")
    rsub = p.add_subparsers(dest="revenue_command", metavar="操作")
    scope = argparse.ArgumentParser(add_help=False)
    scope.add_argument("--estate", required=True, help="小区名称（包含即可，须唯一）")
    scope.add_argument("--period", required=True, help="期间：2026Q1（季度）、2026H1（半年）、2026（全年）")
    c = rsub.add_parser("list", parents=[common], help="列出收支记录")
    c.add_argument("--estate", default="", help="小区名称（不写为全部小区）")
    c.add_argument("--period", default="", help="期间：2026Q1、2026H1、2026（不写为全部）")
    _json(c)
    c.set_defaults(func=cmd_list)
    c = rsub.add_parser("add", parents=[common], help="登记一笔收入或支出")
    c.add_argument("--estate", required=True, help="小区名称")
    c.add_argument("--kind", required=True, help="收入 或 支出")
    c.add_argument("--category", required=True, help="类别，收入：广告、停车、场地租赁、其他；"
                   "支出：维修养护、补充维修资金、其他")
    c.add_argument("--date", required=True, type=dt.date.fromisoformat, help="日期 YYYY-MM-DD")
    c.add_argument("--amount", required=True, help="金额（元，最多两位小数），如 12000.00")
    c.add_argument("--counterparty", default="", help="对方单位或个人")
    c.add_argument("--evidence", default="", help="凭证：发票号、合同号、收据号等")
    c.add_argument("--photo", type=Path, help="凭证照片或扫描件")
    c.add_argument("--note", default="", help="备注")
    _json(c)
    c.set_defaults(func=cmd_add)
    c = rsub.add_parser("summary", parents=[common, scope], help="期间汇总：期初结余、收入、支出、期末结余")
    _json(c)
    c.set_defaults(func=cmd_summary)
    c = rsub.add_parser("print", parents=[common, scope], help="按楼栋打印公共收益公示（金额由台账计算）")
    c.add_argument("--field", action="append", default=[], metavar="名称=内容",
                   help="可填写 结余用途、公示天数 等；收入、支出、结余由台账计算，不能填写")
    c.add_argument("--per-building", action="store_true", help="每栋楼单独一个PDF（-o 为文件夹）")
    c.add_argument("-o", "--output", type=Path, required=True, help="输出的PDF文件")
    _json(c)
    c.set_defaults(func=cmd_print)
    c = rsub.add_parser("post", parents=[common, scope], help="记录公示的张贴情况")
    c.add_argument("--building", action="append", default=[], help="张贴的楼栋号，可多次使用（不写为全部楼栋）")
    c.add_argument("--by", default="", help="张贴人（默认为当前工作人员）")
    c.add_argument("--at", type=dt.datetime.fromisoformat, help="张贴时间 YYYY-MM-DDTHH:MM（默认为现在）")
    c.add_argument("--photo", type=Path, help="张贴现场照片")
    c.add_argument("--notice", default="revenue", choices=["revenue", "fees"],
                   help="revenue：公共收益公示；fees：物业费收缴率公示")
    _json(c)
    c.set_defaults(func=cmd_post)
    c = rsub.add_parser("export", parents=[common], help="导出公共收益台账到Excel（.xlsx）")
    c.add_argument("file", type=Path)
    c.add_argument("--estate", default="", help="小区名称（不写为全部小区）")
    c.add_argument("--period", default="", help="期间：2026Q1、2026H1、2026（不写为全部）")
    c.set_defaults(func=cmd_export)
    c = rsub.add_parser("import", parents=[common], help="从Excel导入公共收益台账（有错整份退回）")
    c.add_argument("file", type=Path)
    _json(c)
    c.set_defaults(func=cmd_import)
    c = rsub.add_parser("postings", parents=[common], help="列出张贴记录")
    c.add_argument("--estate", default="", help="小区名称（不写为全部小区）")
    _json(c)
    c.set_defaults(func=cmd_postings)
    p.set_defaults(func=lambda a, _p: _missing(p))


def _register_fees(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("fees", parents=[common], help="物业费收缴率及收费标准：登记、列出")
    fsub = p.add_subparsers(dest="fees_command", metavar="操作")
    c = fsub.add_parser("set", parents=[common], help="登记一个小区一个期间的收缴情况（同期间的会被替换）")
    c.add_argument("--estate", required=True, help="小区名称")
    c.add_argument("--period", required=True, help="期间：2026Q1、2026H1、2026")
    c.add_argument("--due", required=True, help="应缴户数")
    c.add_argument("--paid", required=True, help="已缴户数")
    c.add_argument("--standard", required=True, help="收费标准，如 住宅0.60元/平方米·月")
    c.add_argument("--amount-due", default="", help="应收金额（元）")
    c.add_argument("--amount-paid", default="", help="实收金额（元）")
    c.add_argument("--note", default="", help="备注")
    _json(c)
    c.set_defaults(func=cmd_fees_set)
    c = fsub.add_parser("print", parents=[common], help="按楼栋打印物业费收缴率及收费标准公示（数字由收缴记录计算）")
    c.add_argument("--estate", required=True, help="小区名称")
    c.add_argument("--period", required=True, help="期间：2026Q1、2026H1、2026")
    c.add_argument("--field", action="append", default=[], metavar="名称=内容", help="可填写 公示天数 等")
    c.add_argument("-o", "--output", type=Path, required=True, help="输出的PDF文件")
    _json(c)
    c.set_defaults(func=cmd_fees_print)
    c = fsub.add_parser("list", parents=[common], help="列出收缴率")
    c.add_argument("--estate", default="", help="小区名称（不写为全部小区）")
    _json(c)
    c.set_defaults(func=cmd_fees_list)
    p.set_defaults(func=lambda a, _p: _missing(p))


def _estate(svc: Services, name: str) -> str | None:
    return _pick(svc.registers.estate_choices(), name, "小区")


def _entry_dict(e: EntryInfo) -> dict[str, Any]:
    return {**asdict(e), "amount": e.amount}


def _summary_dict(s: LedgerSummary) -> dict[str, Any]:
    return {"period": s.period.code, "period_label": s.period.label,
            "opening": yuan(s.opening), "income": {k: yuan(v) for k, v in s.income.items()},
            "income_total": yuan(s.income_total),
            "expense": {k: yuan(v) for k, v in s.expense.items()},
            "expense_total": yuan(s.expense_total), "closing": yuan(s.closing)}


def _fee_dict(f: FeeInfo) -> dict[str, Any]:
    return {**asdict(f), "rate": f.rate,
            "amount_due": None if f.amount_due_fen is None else yuan(f.amount_due_fen),
            "amount_paid": None if f.amount_paid_fen is None else yuan(f.amount_paid_fen)}


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        period = parse_period(args.period) if args.period.strip() else None
        rows = svc.revenue.entries(_estate(svc, args.estate), period)
    if args.json:
        _dump([_entry_dict(r) for r in rows])
        return EXIT_OK
    print("编号\t日期\t小区\t收支\t类别\t金额（元）\t对方\t凭证")
    for r in rows:
        print(f"{r.id[:13]}\t{r.entry_date}\t{r.estate_name}\t{r.kind.label}\t{r.category}\t"
              f"{r.amount}\t{r.counterparty}\t{r.evidence}")
    print(f"共{len(rows)}条")
    return EXIT_OK


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    kind = EntryKind.parse(args.kind)
    if kind is None:
        raise RevenueError(f"收支应为“收入”或“支出”（现为“{args.kind}”）。")
    with services_for(paths) as svc:
        estate = _estate(svc, args.estate)
        assert estate is not None
        rid = svc.revenue.add_entry(EntryInput(estate, kind, args.category, args.date, args.amount,
                                               args.counterparty, args.evidence, args.note, args.photo))
        info = next(e for e in svc.revenue.entries(estate) if e.id == rid)
    if args.json:
        _dump(_entry_dict(info))
    else:
        print(f"已登记{info.kind.label} {info.id[:13]}：{info.estate_name} {info.category} {info.amount}元")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        estate = _estate(svc, args.estate)
        assert estate is not None
        s = svc.revenue.summary(estate, parse_period(args.period))
    d = _summary_dict(s)
    if args.json:
        _dump(d)
        return EXIT_OK
    print(f"{d['period_label']}：期初结余{d['opening']}元，收入{d['income_total']}元，"
          f"支出{d['expense_total']}元，期末结余{d['closing']}元")
    for k, v in d["income"].items():
        print(f"  收入 {k}\t{v}")
    for k, v in d["expense"].items():
        print(f"  支出 {k}\t{v}")
    return EXIT_OK


def cmd_print(args: argparse.Namespace, paths: AppPaths) -> int:
    values = _values(args.field)
    with services_for(paths) as svc:
        estate = _estate(svc, args.estate)
        assert estate is not None
        named = svc.printing.resolve_fields("public_revenue", values)
        res = svc.revenue.print_notice(estate, parse_period(args.period), args.output, named,
                                       per_building=args.per_building)
    if args.json:
        _dump({"pages": res.pages, "buildings": res.buildings, "files": [str(f) for f in res.files]})
    else:
        print(f"已生成公共收益公示：{res.buildings}栋楼，{res.pages}页 → {args.output}")
    return EXIT_OK


def cmd_post(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        estate = _estate(svc, args.estate)
        assert estate is not None
        numbers = {b.number: b.id for b in svc.printing.buildings(estate)}
        unknown = [n for n in args.building if n.strip() not in numbers]
        if unknown:
            raise RevenueError(f"小区里没有楼栋“{'”“'.join(unknown)}”。")
        pid = svc.revenue.record_posting(estate, parse_period(args.period),
                                         [numbers[n.strip()] for n in args.building],
                                         posted_at=args.at, posted_by=args.by, photo=args.photo,
                                         notice=args.notice)
        info = next(p for p in svc.revenue.postings(estate) if p.id == pid)
    if args.json:
        _dump(asdict(info))
    else:
        print(f"已记录张贴：{'、'.join(info.buildings)}，{info.posted_by}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        period = parse_period(args.period) if args.period.strip() else None
        n = svc.revenue.export(args.file, _estate(svc, args.estate), period)
    print(f"已导出{n}条收支记录到 {args.file}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        added, same = svc.revenue.import_ledger(args.file)
    if args.json:
        _dump({"added": added, "unchanged": same})
    else:
        print(f"已导入{added}条收支记录" + (f"，{same}条已登记过，未重复导入" if same else "") + "。")
    return EXIT_OK


def cmd_postings(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        rows = svc.revenue.postings(_estate(svc, args.estate))
    if args.json:
        _dump([asdict(r) for r in rows])
        return EXIT_OK
    for r in rows:
        print(f"{r.period_code}\t{r.posted_at.astimezone():%Y-%m-%d %H:%M}\t{r.posted_by}\t{'、'.join(r.buildings)}")
    print(f"共{len(rows)}条")
    return EXIT_OK


def cmd_fees_set(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        estate = _estate(svc, args.estate)
        assert estate is not None
        fid = svc.revenue.set_fees(estate, parse_period(args.period), args.due, args.paid,
                                   args.standard, args.amount_due, args.amount_paid, args.note)
        info = next(f for f in svc.revenue.fees(estate) if f.id == fid)
    if args.json:
        _dump(_fee_dict(info))
    else:
        print(f"已登记{info.estate_name}{info.period_label}物业费收缴率{info.rate or '—'}")
    return EXIT_OK


def cmd_fees_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        rows = svc.revenue.fees(_estate(svc, args.estate))
    if args.json:
        _dump([_fee_dict(f) for f in rows])
        return EXIT_OK
    print("期间\t小区\t应缴户数\t已缴户数\t收缴率\t收费标准")
    for f in rows:
        print(f"{f.period_label}\t{f.estate_name}\t{f.households_due}\t{f.households_paid}\t{f.rate}\t{f.fee_standard}")
    return EXIT_OK


def cmd_fees_print(args: argparse.Namespace, paths: AppPaths) -> int:
    values = _values(args.field)
    with services_for(paths) as svc:
        estate = _estate(svc, args.estate)
        assert estate is not None
        named = svc.printing.resolve_fields("fee_publication", values)
        res = svc.revenue.print_fee_notice(estate, parse_period(args.period), args.output, named)
    if args.json:
        _dump({"pages": res.pages, "buildings": res.buildings})
    else:
        print(f"已生成物业费收缴率公示：{res.buildings}栋楼，{res.pages}页 → {args.output}")
    return EXIT_OK
