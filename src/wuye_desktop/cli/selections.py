"""Commands: ``selections list|add|show|candidate|evaluate|result|file|print|export`` (物业选聘)
with ``--json``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..domain.enums import ServiceGrade
from ..domain.selection import SelectionError, SelectionMethod
from ..paths import AppPaths
from ..services.context import Services
from ..services.selections import SelectionInfo
from . import EXIT_OK, EXIT_USAGE
from .common import services_for
from .complaints import _dump

ISO = date.fromisoformat


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("selections", parents=[common], help="物业选聘：启动、候选企业、评审、结果公示、合同备案、打印")
    ssub = p.add_subparsers(dest="selections_command", metavar="操作")
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("--json", action="store_true", help="以JSON输出")
    one = argparse.ArgumentParser(add_help=False)
    one.add_argument("id", help="选聘编号（可只写开头几位）")
    c = ssub.add_parser("list", parents=[common, out], help="列出物业选聘（新的在前）")
    c.add_argument("--estate", default="", help="小区名称")
    c.set_defaults(func=cmd_list)
    c = ssub.add_parser("add", parents=[common, out], help="启动一次物业选聘")
    c.add_argument("--estate", required=True, help="小区名称")
    c.add_argument("--method", required=True, help="公开招标、邀请招标或协议选聘")
    c.add_argument("--reason", default="", help="选聘方式的理由（协议选聘必填）")
    c.add_argument("--survey", default="", help="意愿征询的编号（可只写开头几位）")
    c.add_argument("--started", type=ISO, help="启动日期 YYYY-MM-DD（默认今天）")
    c.add_argument("--note", default="")
    c.set_defaults(func=cmd_add)
    c = ssub.add_parser("show", parents=[common, one, out], help="查看一次选聘的各阶段")
    c.set_defaults(func=cmd_show)
    c = ssub.add_parser("candidate", parents=[common, one, out], help="添加（或 --remove 删除）候选企业")
    c.add_argument("--company", required=True, help="物业企业名称（黑名单企业不得参加）")
    c.add_argument("--remove", action="store_true", help="从候选企业中删除")
    c.set_defaults(func=cmd_candidate)
    c = ssub.add_parser("evaluate", parents=[common, one, out], help="录入候选企业的评审得分")
    c.add_argument("--company", required=True, help="物业企业名称")
    c.add_argument("--score", required=True, help="评审得分（0～100）")
    c.set_defaults(func=cmd_evaluate)
    c = ssub.add_parser("result", parents=[common, one, out], help="确定选聘结果及公示期")
    c.add_argument("--company", default="", help="选定企业（默认得分最高者）")
    c.add_argument("--from", dest="start", type=ISO, required=True, help="公示开始 YYYY-MM-DD")
    c.add_argument("--to", dest="end", type=ISO, required=True, help="公示结束 YYYY-MM-DD")
    c.set_defaults(func=cmd_result)
    c = ssub.add_parser("file", parents=[common, one, out], help="合同备案（同时更新小区的物业企业和合同期限）")
    c.add_argument("--filed", type=ISO, help="备案日期 YYYY-MM-DD（默认今天）")
    c.add_argument("--start", type=ISO, required=True, help="合同开始 YYYY-MM-DD")
    c.add_argument("--end", type=ISO, required=True, help="合同结束 YYYY-MM-DD")
    c.add_argument("--fee", required=True, help="物业费标准，元/㎡·月，如 0.8")
    c.add_argument("--grade", required=True, help="服务等级，如 一级、二星")
    c.set_defaults(func=cmd_file)
    c = ssub.add_parser("print", parents=[common, one], help="打印结果公示或合同备案表（PDF）")
    c.add_argument("document", choices=["publication", "filing"], help="publication 结果公示 | filing 备案表")
    c.add_argument("file", type=Path)
    c.set_defaults(func=cmd_print)
    c = ssub.add_parser("export", parents=[common], help="导出物业选聘台账到Excel（.xlsx）")
    c.add_argument("file", type=Path)
    c.set_defaults(func=cmd_export)
    p.set_defaults(func=lambda a, _p: _missing(p))


def _missing(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return EXIT_USAGE


def _named(rows: list[tuple[str, str]], text: str, what: str) -> str:
    text = text.strip()
    exact = [i for i, n in rows if n == text]
    hits = exact or [i for i, n in rows if text and text in n]
    if len(hits) != 1:
        raise SelectionError(f"找不到名称为“{text}”的{what}。" if not hits else
                             f"“{text}”对应多个{what}，请写全名称。")
    return hits[0]


def _resolve(svc: Services, prefix: str) -> str:
    ids = svc.selections.ids_starting_with(prefix, limit=2)
    if len(ids) != 1:
        raise SelectionError(f"找不到编号以“{prefix}”开头的选聘记录。" if not ids else
                             f"编号“{prefix}”对应多个选聘记录，请多写几位。")
    return ids[0]


def _report(info: SelectionInfo, as_json: bool) -> int:
    if as_json:
        _dump(info.as_dict())
        return EXIT_OK
    print(f"{info.id[:13]}\t{info.estate_name}\t{info.method.label}\t{info.stage.label}")
    if info.survey_label:
        print(f"意愿征询：{info.survey_label}")
    for c in info.candidates:
        print(f"  候选：{c.company_name}\t{'' if c.score is None else f'{c.score:g}'}\t{c.rank or ''}")
    if info.company_name:
        print(f"选定企业：{info.company_name}；公示期 {info.publication_start} 至 {info.publication_end}")
    if info.filed_on:
        print(f"已备案 {info.filed_on}：合同 {info.contract_start} 至 {info.contract_end}，"
              f"{info.fee_standard:g}元/㎡·月，{info.service_grade.label if info.service_grade else ''}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        estate = _named(svc.registers.estate_choices(), args.estate, "小区") if args.estate.strip() else None
        rows = svc.selections.find(estate_id=estate)
    if args.json:
        _dump([r.as_dict() for r in rows])
        return EXIT_OK
    print("编号\t启动日期\t小区\t方式\t阶段\t选定企业")
    for r in rows:
        print(f"{r.id[:13]}\t{r.started_on}\t{r.estate_name}\t{r.method.label}\t{r.stage.label}\t"
              f"{r.company_name or ''}")
    print(f"共{len(rows)}次选聘")
    return EXIT_OK


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    method = SelectionMethod.parse(args.method)
    if method is None:
        raise SelectionError(f"不认识的选聘方式“{args.method}”：请写公开招标、邀请招标或协议选聘。")
    with services_for(paths) as svc:
        estate = _named(svc.registers.estate_choices(), args.estate, "小区")
        survey = svc.surveys.ids_starting_with(args.survey, 2) if args.survey.strip() else []
        if args.survey.strip() and len(survey) != 1:
            raise SelectionError(f"找不到编号以“{args.survey}”开头的意愿征询（或对应多条，请多写几位）。")
        sid = svc.selections.start(estate, method, args.started or svc.clock.today(),
                                   reason=args.reason, survey_id=survey[0] if survey else None,
                                   note=args.note)
        return _report(svc.selections.get(sid), args.json)


def cmd_show(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        return _report(svc.selections.get(_resolve(svc, args.id)), args.json)


def cmd_candidate(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        sid = _resolve(svc, args.id)
        company = _named(svc.registers.company_choices(), args.company, "物业企业")
        if args.remove:
            svc.selections.remove_candidate(sid, company)
        else:
            svc.selections.add_candidate(sid, company)
        return _report(svc.selections.get(sid), args.json)


def cmd_evaluate(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        sid = _resolve(svc, args.id)
        svc.selections.evaluate(sid, _named(svc.registers.company_choices(), args.company, "物业企业"),
                                args.score)
        return _report(svc.selections.get(sid), args.json)


def cmd_result(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        sid = _resolve(svc, args.id)
        company = (_named(svc.registers.company_choices(), args.company, "物业企业")
                   if args.company.strip() else None)
        svc.selections.result(sid, company, args.start, args.end)
        return _report(svc.selections.get(sid), args.json)


def cmd_file(args: argparse.Namespace, paths: AppPaths) -> int:
    grade = ServiceGrade.parse(args.grade)
    if grade is None:
        raise SelectionError(f"不认识的服务等级“{args.grade}”。可用：{'、'.join(g.label for g in ServiceGrade)}")
    with services_for(paths) as svc:
        sid = _resolve(svc, args.id)
        svc.selections.file(sid, args.filed or svc.clock.today(), args.start, args.end, args.fee, grade)
        return _report(svc.selections.get(sid), args.json)


def cmd_print(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        pages = svc.selections.print(_resolve(svc, args.id), args.document, args.file)
    print(f"已生成 {args.file}（{pages}页）")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        n = svc.selections.export(args.file)
    print(f"已导出{n}次选聘到 {args.file}")
    return EXIT_OK
