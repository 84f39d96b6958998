"""Commands: ``fund list|add|show|advance|vote|photos|complete|print|export`` (维修资金申请),
with ``--json`` where a result is shown."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.fund import FundError, FundPath, VoteMatter, area_text, fen_text, percent_text, yuan_to_fen
from ..paths import AppPaths
from ..services.context import Services
from ..services.fund import FundInfo
from . import EXIT_OK, EXIT_USAGE
from .common import services_for

DOCS = {"application": "application", "申请表": "application", "tally": "tally",
        "表决统计表": "tally", "publication": "publication", "公示": "publication"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("fund", parents=[common], help="维修资金使用申请：登记、推进、表决、决算、打印")
    fsub = p.add_subparsers(dest="fund_command", metavar="操作")
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("--json", action="store_true", help="以JSON输出")
    step = argparse.ArgumentParser(add_help=False)
    step.add_argument("id", help="申请编号（可只写开头几位）")
    step.add_argument("--date", type=date.fromisoformat, help="日期 YYYY-MM-DD（默认今天）")
    c = fsub.add_parser("list", parents=[common, out], help="列出申请（新的在前）")
    c.add_argument("--estate", default="", help="小区名称（包含即可，须唯一）")
    c.set_defaults(func=cmd_list)
    c = fsub.add_parser("categories", parents=[common, out], help="应急类别（默认清单和县里增加的）")
    c.set_defaults(func=cmd_categories)
    c = fsub.add_parser("add", parents=[common, out], help="登记一份维修资金使用申请")
    c.add_argument("--estate", required=True, help="小区名称")
    c.add_argument("--path", required=True, help="使用方式：应急 或 一般")
    c.add_argument("--category", required=True, help="类别，如 屋面漏水、电梯停运")
    c.add_argument("--item", required=True, help="维修项目及原因")
    c.add_argument("--applicant", required=True, help="申请人（业委会、物业企业或街道）")
    c.add_argument("--estimate", required=True, help="预算金额（元，最多两位小数）")
    c.add_argument("--building", action="append", default=[], required=True,
                   help="楼栋:专有部分面积㎡:业主户数，如 3号楼:3210.55:48（可写多次）")
    c.add_argument("--contractor", default="", help="施工单位")
    c.add_argument("--date", type=date.fromisoformat, help="申请日期 YYYY-MM-DD（默认今天）")
    c.set_defaults(func=cmd_add)
    c = fsub.add_parser("show", parents=[common, out], help="查看一份申请")
    c.add_argument("id", help="申请编号（可只写开头几位）")
    c.set_defaults(func=cmd_show)
    c = fsub.add_parser("history", parents=[common, out], help="一份申请的修改记录")
    c.add_argument("id", help="申请编号（可只写开头几位）")
    c.set_defaults(func=cmd_history)
    c = fsub.add_parser("advance", parents=[common, out, step], help="推进到下一阶段（社区确认、街道确认……）")
    c.add_argument("--by", required=True, help="经办人（谁确认）")
    c.add_argument("--note", default="", help="意见")
    c.set_defaults(func=cmd_advance)
    c = fsub.add_parser("vote", parents=[common, out, step], help="录入业主表决结果（一般使用）")
    c.add_argument("--voted-area", required=True, help="参与表决的专有部分面积（㎡）")
    c.add_argument("--voted-owners", type=int, required=True, help="参与表决的业主人数")
    c.add_argument("--agreed-area", required=True, help="同意的专有部分面积（㎡）")
    c.add_argument("--agreed-owners", type=int, required=True, help="同意的业主人数")
    c.add_argument("--matter", default="use", help="use（使用维修资金，过半数）| raise（筹集，四分之三）")
    c.set_defaults(func=cmd_vote)
    c = fsub.add_parser("photos", parents=[common], help="添加竣工验收照片")
    c.add_argument("id", help="申请编号（可只写开头几位）")
    c.add_argument("files", nargs="+", type=Path)
    c.set_defaults(func=cmd_photos)
    c = fsub.add_parser("complete", parents=[common, out, step], help="决算：填写决算金额（竣工验收之后）")
    c.add_argument("--final", required=True, help="决算金额（元）")
    c.add_argument("--by", required=True, help="经办人")
    c.set_defaults(func=cmd_complete)
    c = fsub.add_parser("print", parents=[common], help="打印申请表、表决统计表或公示（PDF）")
    c.add_argument("id", help="申请编号（可只写开头几位）")
    c.add_argument("--doc", default="application",
                   help="application（申请表）| tally（表决统计表）| publication（公示）")
    c.add_argument("--out", type=Path, required=True, help="PDF 文件")
    c.set_defaults(func=cmd_print)
    c = fsub.add_parser("export", parents=[common], help="导出申请到Excel（.xlsx）")
    c.add_argument("file", type=Path)
    c.set_defaults(func=cmd_export)
    c = fsub.add_parser("import", parents=[common],
                        help="从Excel导入新申请（与导出的格式相同；有错误时不导入任何数据）")
    c.add_argument("file", type=Path)
    c.set_defaults(func=cmd_import)
    p.set_defaults(func=lambda a, _p: _missing(p))


def _missing(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return EXIT_USAGE


def as_dict(r: FundInfo) -> dict[str, Any]:
    """An application as plain JSON values (money as yuan text, areas as ㎡ text)."""
    v = r.vote
    return {
        "id": r.id, "estate": r.estate_name, "path": r.path.label, "category": r.category,
        "repair_item": r.repair_item, "applicant": r.applicant, "contractor": r.contractor,
        "estimated": fen_text(r.estimated_fen),
        "final": None if r.final_fen is None else fen_text(r.final_fen),
        "applied_on": r.applied_on.isoformat(), "stage": r.stage.label,
        "next_stage": r.next_stage.label if r.next_stage else None,
        "buildings": [{"number": b.number, "area": area_text(b.area), "owners": b.owners,
                       "share": None if b.share_fen is None else fen_text(b.share_fen)}
                      for b in r.buildings],
        "stages": r.stages, "photos": len(r.photos),
        "vote": None if v is None else {
            "passed": v.passed, "participation_area_met": v.participation_area_met,
            "participation_owners_met": v.participation_owners_met,
            "approval_area_met": v.approval_area_met, "approval_owners_met": v.approval_owners_met,
            **{k: percent_text(x) for k, x in v.ratios().items()}},
    }


def _dump(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    print()


def _resolve(svc: Services, prefix: str) -> str:
    ids = svc.fund.ids_starting_with(prefix, limit=2)
    if len(ids) != 1:
        raise FundError(f"找不到编号以“{prefix}”开头的维修资金申请。" if not ids else
                        f"编号“{prefix}”对应多份申请，请多写几位。")
    return ids[0]


def _estate(svc: Services, text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    rows = svc.registers.estate_choices()
    hits = [i for i, n in rows if n == text] or [i for i, n in rows if text in n]
    if len(hits) != 1:
        raise FundError(f"找不到名称为“{text}”的小区。" if not hits else
                        f"“{text}”对应多个小区，请写全名称。")
    return hits[0]


def _buildings(svc: Services, estate: str, specs: list[str]) -> list[tuple[str, str, int]]:
    known = dict((n, i) for i, n in svc.registers.buildings_of(estate))
    out: list[tuple[str, str, int]] = []
    for spec in specs:
        parts = spec.replace("：", ":").split(":")
        if len(parts) != 3 or not parts[2].strip().isdigit():
            raise FundError(f"楼栋“{spec}”请写成 楼栋:面积:户数，如 3号楼:3210.55:48。")
        number = parts[0].strip()
        if number not in known:
            raise FundError(f"小区里没有楼栋“{number}”。")
        out.append((known[number], parts[1].strip(), int(parts[2])))
    return out


def _show(args: argparse.Namespace, r: FundInfo, text: str) -> int:
    if args.json:
        _dump(as_dict(r))
    else:
        print(text)
    return EXIT_OK


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        rows = svc.fund.find(_estate(svc, args.estate))
    if args.json:
        _dump([as_dict(r) for r in rows])
        return EXIT_OK
    print("编号\t申请日期\t小区\t楼栋\t方式\t类别\t预算（元）\t决算（元）\t阶段")
    for r in rows:
        print(f"{r.id[:13]}\t{r.applied_on}\t{r.estate_name}\t{r.building_text}\t{r.path.label}\t"
              f"{r.category}\t{fen_text(r.estimated_fen)}\t"
              f"{'' if r.final_fen is None else fen_text(r.final_fen)}\t{r.stage.label}")
    print(f"共{len(rows)}份")
    return EXIT_OK


def cmd_categories(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        cats = list(svc.fund.categories())
    if args.json:
        _dump(cats)
    else:
        print("\n".join(cats))
    return EXIT_OK


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    path = FundPath.parse(args.path)
    if path is None:
        raise FundError(f"使用方式请写“应急”或“一般”（现为“{args.path}”）。")
    with services_for(paths) as svc:
        estate = _estate(svc, args.estate)
        assert estate is not None
        app_id = svc.fund.add(estate, path, args.category, args.item, args.applicant,
                              yuan_to_fen(args.estimate, "预算金额"), args.date or svc.clock.today(),
                              _buildings(svc, estate, args.building), contractor=args.contractor)
        r = svc.fund.get(app_id)
    return _show(args, r, f"已登记维修资金申请 {r.id[:13]}：{r.estate_name} {r.category}，"
                          f"预算{fen_text(r.estimated_fen)}元")


def cmd_show(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        r = svc.fund.get(_resolve(svc, args.id))
    lines = [f"{k}：{v}" for k, v in as_dict(r).items() if not isinstance(v, list | dict)]
    lines += [f"阶段：{s['stage']} {s['on']} {s.get('by', '')} {s.get('note', '')}" for s in r.stages]
    return _show(args, r, "\n".join(lines))


def cmd_history(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        rows = svc.fund.history(_resolve(svc, args.id))
    plain = [{**r, "at": r["at"].astimezone().isoformat(timespec="minutes")} for r in rows]
    if args.json:
        _dump(plain)
    else:
        for r in plain:
            print(f"{r['at']}\t{r['user']}\t{r['kind']}\t{'、'.join(r['fields'])}")
    return EXIT_OK


def cmd_advance(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        app_id = _resolve(svc, args.id)
        stage = svc.fund.advance(app_id, args.date or svc.clock.today(), args.by, args.note)
        r = svc.fund.get(app_id)
    return _show(args, r, f"已推进到“{stage.label}”。")


def cmd_vote(args: argparse.Namespace, paths: AppPaths) -> int:
    matter = VoteMatter.parse(args.matter)
    if matter is None:
        raise FundError(f"表决事项请写 use 或 raise（现为“{args.matter}”）。")
    with services_for(paths) as svc:
        app_id = _resolve(svc, args.id)
        tally = svc.fund.record_vote(app_id, args.voted_area, args.voted_owners, args.agreed_area,
                                     args.agreed_owners, args.date or svc.clock.today(), matter)
        r = svc.fund.get(app_id)
    return _show(args, r, f"表决{'通过' if tally.passed else '未通过'}。")


def cmd_photos(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        n = svc.fund.add_photos(_resolve(svc, args.id), list(args.files))
    print(f"已添加照片，共{n}张。")
    return EXIT_OK


def cmd_complete(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        r = svc.fund.settle(_resolve(svc, args.id), yuan_to_fen(args.final, "决算金额"),
                            args.date or svc.clock.today(), args.by)
    return _show(args, r, f"已决算：{fen_text(r.final_fen or 0)}元，已按面积分摊到各楼栋。")


def cmd_print(args: argparse.Namespace, paths: AppPaths) -> int:
    kind = DOCS.get(args.doc.strip())
    if kind is None:
        raise FundError(f"不认识的文书“{args.doc}”：可打印 申请表、表决统计表、公示。")
    with services_for(paths) as svc:
        pages = svc.fund.print(_resolve(svc, args.id), kind, args.out,
                               svc.printing.issuer().office, svc.clock.today())
    print(f"已生成 {args.out}（{pages}页）")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        n = svc.fund.export(args.file)
    print(f"已导出{n}份维修资金申请到 {args.file}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        done = svc.fund.import_file(args.file)
    print(f"已导入{done.added}份新申请；{done.unchanged}份已有的申请未改动。")
    return EXIT_OK


__all__ = ["as_dict", "register"]
