"""Commands: ``templates import|list`` and ``inspections list|show|export|rectifications|due``."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..paths import AppPaths
from ..services.context import Services
from ..services.inspection_types import InspectionFilter
from . import EXIT_DATA, EXIT_OK, EXIT_USAGE
from .common import services_for

if TYPE_CHECKING:
    from ..services.inspections import InspectionFilter


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("templates", parents=[common], help="检查模板：导入、列出")
    tsub = p.add_subparsers(dest="templates_command", metavar="操作")
    t = tsub.add_parser("import", parents=[common], help="导入县里下发的检查模板（JSON）")
    t.add_argument("file", type=Path)
    t.set_defaults(func=cmd_templates_import)
    t = tsub.add_parser("list", parents=[common], help="列出检查模板")
    t.add_argument("--json", action="store_true", help="以JSON输出")
    t.set_defaults(func=cmd_templates_list)
    p.set_defaults(func=lambda a, _p: _missing(p))

    p = sub.add_parser("inspections", parents=[common], help="巡查考核记录：列出、查看、导出、整改")
    isub = p.add_subparsers(dest="inspections_command", metavar="操作")
    filt = argparse.ArgumentParser(add_help=False)
    filt.add_argument("--estate", default="", help="小区名称（包含即可）")
    filt.add_argument("--kind", default=None, help="检查类型，如 季度考核、消防安全检查")
    filt.add_argument("--from", dest="date_from", type=date.fromisoformat, help="起始日期 YYYY-MM-DD")
    filt.add_argument("--to", dest="date_to", type=date.fromisoformat, help="截止日期 YYYY-MM-DD")
    filt.add_argument("--failed", action="store_true", help="只列不合格的")
    filt.add_argument("--limit", type=int, default=200)
    i = isub.add_parser("list", parents=[common, filt], help="列出检查记录（最新在前）")
    i.add_argument("--json", action="store_true", help="以JSON输出")
    i.set_defaults(func=cmd_list)
    i = isub.add_parser("show", parents=[common], help="查看一次检查的全部检查项")
    i.add_argument("id", help="检查记录编号（可只写开头几位）")
    i.add_argument("--json", action="store_true", help="以JSON输出")
    i.set_defaults(func=cmd_show)
    i = isub.add_parser("export", parents=[common, filt], help="导出检查记录（.csv 或 .json）")
    i.add_argument("file", type=Path, nargs="?", help="输出文件；不写则以JSON输出到屏幕")
    i.add_argument("--json", action="store_true", help="以JSON格式导出")
    i.set_defaults(func=cmd_export)
    i = isub.add_parser("rectifications", parents=[common], help="整改事项（默认列出待整改）")
    i.add_argument("--status", default="open", help="open|overdue|escalated|rectified|withdrawn|all")
    i.add_argument("--json", action="store_true", help="以JSON输出")
    i.set_defaults(func=cmd_rectifications)
    i = isub.add_parser("due", parents=[common], help="到期检查（同 schedules list）")
    i.add_argument("--json", action="store_true", help="以JSON输出")
    i.set_defaults(func=cmd_due)
    p.set_defaults(func=lambda a, _p: _missing(p))


def _missing(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return EXIT_USAGE


def _plain(v: Any) -> Any:
    if isinstance(v, Enum):
        return getattr(v, "label", v.value)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Path):
        return str(v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    return v


def _dump(obj: Any) -> None:
    json.dump(_plain(obj), sys.stdout, ensure_ascii=False, indent=1)
    print()


def cmd_templates_import(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:  # TemplateInvalid, TemplateConflict: exit 1 (__main__)
        info, changed = svc.templates.import_file(args.file)
    verb = "已导入" if changed else "模板内容未变化，无需导入："
    print(f"{verb}“{info.name}”（{info.code} 第{info.version}版，{info.kind_label}，"
          f"{info.item_count}项，合格线{info.pass_threshold:g}分）")
    return EXIT_OK


def cmd_templates_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        rows = svc.templates.find()
    if args.json:
        _dump([asdict(r) for r in rows])
        return EXIT_OK
    print("编号\t版本\t类型\t名称\t检查项\t合格线\t已使用")
    for r in rows:
        print(f"{r.code}\t{r.version}\t{r.kind_label}\t{r.name}\t{r.item_count}\t{r.pass_threshold:g}\t"
              f"{'是' if r.used else '否'}")
    print(f"共{len(rows)}个模板")
    return EXIT_OK


def _filter(args: argparse.Namespace) -> InspectionFilter:
    from ..domain.inspections import InspectionKind

    kind = None
    if args.kind:
        kind = InspectionKind.parse(args.kind)
        if kind is None:
            print(f"不认识的检查类型“{args.kind}”。可用：{'、'.join(InspectionKind.labels())}", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
    return InspectionFilter(kind=kind, date_from=args.date_from, date_to=args.date_to,
                            passed=False if args.failed else None, search=args.estate)


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    f = _filter(args)
    with services_for(paths) as svc:
        ins = svc.inspections
        rows = ins.find(f, limit=args.limit)
        total = ins.count(f)
    if args.json:
        _dump([asdict(r) | {"result_label": r.result_label} for r in rows])
        return EXIT_OK
    print("编号\t日期\t小区\t类型\t状态\t得分\t结论")
    for r in rows:
        kind = r.kind_label + (f"（第{r.round}次复查）" if r.round else "") + \
            (f"（修订{r.revision_no}）" if r.revision_no > 1 else "")
        print(f"{r.id[:13]}\t{r.inspected_on}\t{r.estate_name}\t{kind}\t{r.status_label}\t"
              f"{'' if r.score is None else f'{r.score:g}'}\t{r.result_label}")
    print(f"共{total}条检查记录" + (f"，显示前{len(rows)}条" if total > len(rows) else ""))
    return EXIT_OK


def _resolve(svc: Services, prefix: str) -> str | None:
    ids = svc.inspections.ids_starting_with(prefix, limit=2)
    if len(ids) != 1:
        print(f"找不到编号以“{prefix}”开头的唯一检查记录。" if not ids else
              f"编号“{prefix}”对应多条记录，请多写几位。", file=sys.stderr)
        return None
    return ids[0]


def cmd_show(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        iid = _resolve(svc, args.id)
        if iid is None:
            return EXIT_DATA
        ins = svc.inspections
        d = ins.get(iid)
        rects = ins.rectifications(inspection_id=iid)
    if args.json:
        _dump(asdict(d) | {"rectifications": [asdict(r) for r in rects]})
        return EXIT_OK
    print(f"{d.estate_name}{(' ' + d.building_number) if d.building_number else ''} · {d.kind_label} · "
          f"{d.inspected_on} · {d.status_label}")
    print(f"模板：{d.template_name}（第{d.template_version}版，合格线{d.pass_threshold:g}分）")
    print("检查人员：" + "、".join(f"{p.name}（{p.role_label}）" for p in d.inspectors))
    sc = d.live_score
    if sc is not None:
        print(f"得分：{'' if sc.percent is None else f'{sc.percent:g}'}（{sc.earned:g}/{sc.possible:g}），"
              f"{sc.result_label}")
    section = None
    for it in d.items:
        if it.section != section:
            section = it.section
            print(f"【{section}】")
        mark = "★" if it.critical else " "
        print(f" {mark}{it.code}\t{it.result_label}\t{it.text}（{it.max_points:g}分）"
              + (f"\t备注：{it.note}" if it.note else "") + (f"\t照片{len(it.photos)}张" if it.photos else ""))
    if rects:
        print("整改事项：")
        for r in rects:
            print(f"  {r.item_code}\t{r.display}\t期限{r.deadline}\t{r.description}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    f = _filter(args)
    with services_for(paths) as svc:
        rows = svc.inspections.export_rows(f, limit=args.limit if args.limit != 200 else 1_000_000)
    as_json = args.json or args.file is None or args.file.suffix.lower() == ".json"
    try:
        if args.file is None:
            _dump(rows)
            return EXIT_OK
        if as_json:
            args.file.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            # utf-8-sig so Excel on a Chinese Windows opens the CSV without mojibake
            with args.file.open("w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                head = [k for k in rows[0] if k != "检查项"] if rows else []
                w.writerow([*head, "检查项编号", "检查内容", "分值", "结果", "得分", "备注"])
                for r in rows:
                    base = [r[k] for k in head]
                    for it in r.get("检查项", []) or [{}]:
                        w.writerow(base + [it.get(k) for k in ("编号", "内容", "分值", "结果", "得分", "备注")])
    except OSError as exc:
        print(f"无法写入文件 {args.file}：{exc}。请确认文件没有在Excel中打开，且文件夹可写。", file=sys.stderr)
        return EXIT_DATA
    print(f"已导出{len(rows)}条检查记录到 {args.file}")
    return EXIT_OK


def cmd_rectifications(args: argparse.Namespace, paths: AppPaths) -> int:
    from ..domain.inspections import InspectionError

    status = None if args.status == "all" else args.status
    with services_for(paths) as svc:
        try:
            rows = svc.inspections.rectifications(status=status)
        except InspectionError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        _dump([asdict(r) for r in rows])
        return EXIT_OK
    print("小区\t物业企业\t状态\t期限\t问题")
    for r in rows:
        print(f"{r.estate_name}\t{r.company_name or ''}\t{r.display}\t{r.deadline}\t{r.description}")
    print(f"共{len(rows)}项，其中逾期{sum(r.overdue for r in rows)}项、已上报{sum(r.escalated for r in rows)}项")
    return EXIT_OK


def cmd_due(args: argparse.Namespace, paths: AppPaths) -> int:
    """``inspections due`` is ``schedules list`` (kept for scripts written before it)."""
    from .schedules import cmd_list as due_list

    return due_list(args, paths)
