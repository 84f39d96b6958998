"""Commands: ``print templates|notice|rectification|contract|report`` — PDFs without the GUI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..paths import AppPaths
from . import EXIT_DATA, EXIT_OK, EXIT_USAGE
from .common import services_for


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("print", parents=[common], help="打印文书：通知、整改通知单、合同、检查报告（PDF）")
    psub = p.add_subparsers(dest="print_command", metavar="文书")

    t = psub.add_parser("templates", parents=[common], help="列出通知模板及其需要填写的内容")
    t.add_argument("--json", action="store_true", help="以JSON输出")
    t.set_defaults(func=cmd_templates)

    fields = argparse.ArgumentParser(add_help=False)
    fields.add_argument("--field", action="append", default=[], metavar="名称=内容",
                        help="填写模板或合同中的内容（写名称或 print templates 显示的项目名均可），"
                             "可多次使用，如 --field 收费年度=2026；不认识的项目会报错")
    fields.add_argument("-o", "--output", type=Path, required=True, help="输出的PDF文件")

    n = psub.add_parser("notice", parents=[common, fields], help="按楼栋批量打印通知（每栋一页）")
    n.add_argument("--template", required=True, help="模板编号或名称（见 print templates）")
    scope = n.add_mutually_exclusive_group(required=True)
    scope.add_argument("--estate", action="append", metavar="小区", help="小区名称，可多次使用")
    scope.add_argument("--all", action="store_true", help="本社区全部小区")
    n.add_argument("--per-building", action="store_true", help="每栋楼单独一个PDF（-o 为文件夹）")
    n.add_argument("--blank-lead", action="store_true", help="未登记楼长的楼栋留空待手填，而不是报错")
    n.set_defaults(func=cmd_notice)

    r = psub.add_parser("rectification", parents=[common], help="按已定稿的检查打印整改通知单")
    r.add_argument("inspection", help="检查记录编号（可只写开头几位）")
    r.add_argument("-o", "--output", type=Path, required=True, help="输出的PDF文件")
    r.add_argument("--three-copies", action="store_true", help="一式三联（存根联、企业联、备案联）")
    r.add_argument("--basis", default="", metavar="整改依据",
                   help="本次通知的整改依据（不写则用检查模板规定的依据）")
    r.add_argument("--preview", action="store_true", help="仅预览：不占用通知单编号（编号处留空）")
    r.set_defaults(func=cmd_rectification)

    c = psub.add_parser("contract", parents=[common, fields], help="打印物业服务合同或装饰装修管理服务协议")
    c.add_argument("kind", choices=["service", "decoration"],
                   help="service 物业服务合同；decoration 装饰装修管理服务协议")
    c.add_argument("--estate", required=True, help="小区名称")
    c.set_defaults(func=cmd_contract)

    rep = psub.add_parser("report", parents=[common], help="按已定稿的检查打印检查报告（含照片）")
    rep.add_argument("inspection", help="检查记录编号（可只写开头几位）")
    rep.add_argument("-o", "--output", type=Path, required=True, help="输出的PDF文件")
    rep.set_defaults(func=cmd_report)

    p.set_defaults(func=lambda a, _p: _missing(p))


def _missing(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return EXIT_USAGE


def _values(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            print(f"--field 的格式应为 名称=内容，现在是“{pair}”。", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
        out[key.strip()] = value.strip()
    return out


def _run(work: Any) -> int:
    """Run ``work()``; a printing problem is the user's data → exit 1 with its Chinese message."""
    try:
        return int(work())
    except OSError as exc:  # the output file: say which, and what usually holds it
        print(f"无法写入文件：{exc}。请确认文件没有被其他程序打开，且文件夹可写。", file=sys.stderr)
        return EXIT_DATA


def cmd_templates(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        ps = svc.printing
        rows: list[dict[str, Any]] = [{"id": t.id, "version": t.version, "name": t.name, "kind": t.kind,
                 "uses_lead": t.uses_lead, "per_building": t.per_building,
                 "fields": [{"name": f.name, "label": f.label, "required": f.required,
                             "default": f.default, "hint": f.hint} for f in t.fields]}
                for t in ps.templates()]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    print("编号\t版本\t类别\t名称\t需要填写")
    for r in rows:
        need = "、".join(f["label"] + ("" if f["required"] else "（可选）") for f in r["fields"]) or "无"
        print(f"{r['id']}\t{r['version']}\t{r['kind']}\t{r['name']}\t{need}")
    print(f"共{len(rows)}个通知模板")
    return EXIT_OK


def cmd_notice(args: argparse.Namespace, paths: AppPaths) -> int:
    values = _values(args.field)
    with services_for(paths) as svc:
        ps = svc.printing

        def work() -> int:
            named = ps.resolve_fields(args.template, values)  # a label or a name; unknown refused
            ids = None if args.all else [ps.estate_id(name) for name in args.estate]
            res = ps.notice_batch(args.template, ids, named, args.output, per_building=args.per_building,
                                  missing_lead="blank" if args.blank_lead else "error")
            where = f"{len(res.files)}个文件，保存在 {args.output}" if args.per_building else str(args.output)
            print(f"已生成{res.buildings}栋楼的通知，共{res.pages}页：{where}")
            return EXIT_OK

        return _run(work)


def _inspection_id(svc: Any, prefix: str) -> str | None:
    """Resolve an id prefix the way ``inspections show`` does (read-only, inside the service)."""
    matches = [c.id for c in svc.printing.finalised_inspections(limit=100000)
               if c.id.startswith(prefix)]
    if len(matches) == 1:
        return matches[0]
    print(f"找不到编号以“{prefix}”开头的已定稿检查记录。" if not matches else
          f"编号“{prefix}”对应多条记录，请多写几位。", file=sys.stderr)
    return None


def cmd_rectification(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        iid = _inspection_id(svc, args.inspection)
        if iid is None:
            return EXIT_DATA

        def work() -> int:
            res = svc.printing.rectification(iid, args.output, three_copies=args.three_copies,
                                             legal_basis=args.basis, preview=args.preview)
            if args.preview:
                print(f"已生成整改通知单预览（未编号），共{res.pages}页：{args.output}")
                return EXIT_OK
            how = "沿用原编号" if res.reused_number else "新编号"
            print(f"已生成整改通知单 {res.number}（{how}），共{res.pages}页：{args.output}")
            return EXIT_OK

        return _run(work)


def cmd_contract(args: argparse.Namespace, paths: AppPaths) -> int:
    values = _values(args.field)
    with services_for(paths) as svc:
        ps = svc.printing

        def work() -> int:
            known = {f.key for f in ps.contract_fields(args.kind)}
            unknown = sorted(set(values) - known)
            if unknown:
                print(f"不认识的内容：{'、'.join(unknown)}。可填写：{'、'.join(sorted(known))}。", file=sys.stderr)
                return EXIT_USAGE
            res = ps.contract(args.kind, ps.estate_id(args.estate), values, args.output)
            print(f"已生成，共{res.pages}页：{args.output}")
            return EXIT_OK

        return _run(work)


def cmd_report(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        iid = _inspection_id(svc, args.inspection)
        if iid is None:
            return EXIT_DATA

        def work() -> int:
            res = svc.printing.report(iid, args.output)
            print(f"已生成检查报告，共{res.pages}页：{args.output}")
            for w in res.warnings:
                print(f"注意：{w}", file=sys.stderr)
            return EXIT_OK

        return _run(work)
