"""Commands: ``surveys list|add|done|reopen|print|export`` with ``--json``: satisfaction
(满意度测评, optionally scored per service item) and willingness (意愿征询) surveys, the
prescribed action and its deadline, and the documents that carry it out (PDF)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.surveys import SURVEY_ITEMS, SurveyError, SurveyKind, SurveyMethod
from ..paths import AppPaths
from ..services.context import Services
from ..services.surveys import SURVEY_DOCUMENTS, SurveyInfo
from . import EXIT_OK, EXIT_USAGE
from .common import services_for
from .complaints import _dump, _pick
from .printing import _run, _values


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("surveys", parents=[common], help="满意度测评、意愿征询：列出、登记、落实、导出")
    ssub = p.add_subparsers(dest="surveys_command", metavar="操作")
    filt = argparse.ArgumentParser(add_help=False)
    filt.add_argument("--estate", default="", help="小区名称（包含即可，须唯一）")
    filt.add_argument("--kind", default="", help="satisfaction（满意度测评）| willingness（意愿征询）")
    s = ssub.add_parser("list", parents=[common, filt], help="列出调查记录（最新在前）")
    s.add_argument("--pending", action="store_true", help="只列处置措施待落实的")
    s.add_argument("--json", action="store_true", help="以JSON输出")
    s.set_defaults(func=cmd_list)
    s = ssub.add_parser("add", parents=[common], help="登记一次调查，给出处置措施")
    s.add_argument("--estate", required=True, help="小区名称")
    s.add_argument("--kind", default="satisfaction", help="satisfaction（满意度测评，默认）| willingness（意愿征询）")
    s.add_argument("--surveyed", type=int, required=True, help="参与调查户数")
    s.add_argument("--positive", type=int, required=True, help="满意户数（意愿征询为同意户数）")
    s.add_argument("--households", type=int, help="小区总户数（意愿征询必填；默认取小区登记的户数）")
    s.add_argument("--date", dest="on", type=date.fromisoformat, help="调查日期 YYYY-MM-DD（默认今天）")
    s.add_argument("--period", default="", help="年度/期次，默认“YYYY年度”")
    s.add_argument("--method", default="", help="入户走访、纸质问卷、线上问卷、电话访问、业主会议")
    s.add_argument("--note", default="")
    s.add_argument("--score", action="append", default=[], metavar="项目=满意度",
                   help=f"分项满意度（%%），可多次使用，如 --score 保洁=82；项目：{'、'.join(SURVEY_ITEMS)}")
    s.add_argument("--json", action="store_true", help="以JSON输出")
    s.set_defaults(func=cmd_add)
    s = ssub.add_parser("done", parents=[common], help="处置措施已落实（如已签订整改承诺书）")
    s.add_argument("id", help="调查编号（可只写开头几位）")
    s.add_argument("--date", dest="on", type=date.fromisoformat, help="落实日期（默认今天）")
    s.add_argument("--note", default="", help="落实说明，如“已签订整改承诺书”")
    s.add_argument("--json", action="store_true", help="以JSON输出")
    s.set_defaults(func=cmd_done)
    s = ssub.add_parser("reopen", parents=[common], help="处置措施改回待落实（误标为已落实时）")
    s.add_argument("id", help="调查编号（可只写开头几位）")
    s.set_defaults(func=cmd_reopen)
    s = ssub.add_parser("print", parents=[common], help="打印调查的文书：结果公示、整改承诺书、业主大会公告、表扬通报")
    s.add_argument("id", help="调查编号（可只写开头几位）")
    s.add_argument("--kind", default="followup", choices=["followup", *SURVEY_DOCUMENTS],
                   help="followup 按满意度应出的文书（默认：低于60%%业主大会公告，60%%～85%%整改承诺书，"
                        "85%%及以上表扬通报）；" +
                        "；".join(f"{k} {v[1]}" for k, v in SURVEY_DOCUMENTS.items()))
    s.add_argument("--field", action="append", default=[], metavar="名称=内容",
                   help="补充或改写文书内容，如 --field 主要意见=楼道保洁不及时")
    s.add_argument("-o", "--output", type=Path, required=True, help="输出的PDF文件")
    s.set_defaults(func=cmd_print)
    s = ssub.add_parser("export", parents=[common, filt], help="导出调查记录到Excel（.xlsx）")
    s.add_argument("file", type=Path)
    s.set_defaults(func=cmd_export)
    p.set_defaults(func=lambda a, _p: _missing(p))


def _missing(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return EXIT_USAGE


def _kind(text: str) -> SurveyKind | None:
    if not text.strip():
        return None
    k = SurveyKind.parse(text.strip())
    if k is None:
        raise SurveyError(f"不认识的调查类型“{text}”：请写 satisfaction（满意度测评）或 willingness（意愿征询）。")
    return k


def _as_dict(r: SurveyInfo) -> dict[str, Any]:
    d = asdict(r)
    d["band"] = r.band.label if r.band else None
    return d


def _line(r: SurveyInfo, today: date) -> str:
    status = "已逾期" if r.overdue(today) else r.action_status.label
    return (f"{r.id[:13]}\t{r.conducted_on}\t{r.estate_name}\t{r.kind_label}\t{r.period}\t"
            f"{r.surveyed}\t{r.positive}\t{r.rate:.1f}%\t{r.action_label}\t{r.action_deadline or ''}\t{status}")


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        today = svc.clock.today()
        rows = svc.surveys.find(estate_id=_pick(svc.registers.estate_choices(), args.estate, "小区"),
                                kind=_kind(args.kind), pending_only=args.pending)
    if args.json:
        _dump([_as_dict(r) for r in rows])
        return EXIT_OK
    print("编号\t调查日期\t小区\t类型\t年度\t参与户数\t满意/同意\t比例\t处置措施\t落实期限\t落实情况")
    for r in rows:
        print(_line(r, today))
    print(f"共{len(rows)}次调查")
    return EXIT_OK


def _households(svc: Services, estate_id: str) -> int | None:
    row = next((e for e in svc.registers.rows("estates") if e["id"] == estate_id), None)
    return row.get("household_count") if row else None


def _scores(pairs: list[str]) -> dict[str, float | int | None]:
    out: dict[str, float | int | None] = {}
    for name, value in _values(pairs).items():
        try:
            out[name] = float(value)
        except ValueError:
            raise SurveyError(f"分项满意度“{name}={value}”应为0～100的数字。") from None
    return out


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    kind = _kind(args.kind) or SurveyKind.SATISFACTION
    method = None
    if args.method.strip():
        method = SurveyMethod.parse(args.method.strip())
        if method is None:
            raise SurveyError(f"不认识的调查方式“{args.method}”。可用：{'、'.join(SurveyMethod.labels())}")
    with services_for(paths) as svc:
        estate = _pick(svc.registers.estate_choices(), args.estate, "小区")
        assert estate is not None
        on = args.on or svc.clock.today()
        period = args.period.strip() or f"{on.year}年度"
        hh = args.households if args.households is not None else _households(svc, estate)
        if kind is SurveyKind.SATISFACTION:
            info = svc.surveys.record_satisfaction(estate, period, on, args.surveyed, args.positive,
                                                   hh, args.note or None, method,
                                                   scores=_scores(args.score))
        else:
            info = svc.surveys.record_willingness(estate, period, on, hh or 0, args.surveyed,
                                                  args.positive, args.note or None, method)
    if args.json:
        _dump(_as_dict(info))
        return EXIT_OK
    extra = f"，须于{info.action_deadline}前落实" if info.action_deadline else ""
    band = f"（{info.band.label}）" if info.band else ""
    print(f"已登记{info.estate_name}{info.period}{info.kind_label}：{info.rate:.1f}%{band}，"
          f"处置措施：{info.action_label}{extra}")
    return EXIT_OK


def _one(svc: Services, prefix: str) -> str:
    ids = svc.surveys.ids_starting_with(prefix, limit=2)
    if len(ids) != 1:
        raise SurveyError(f"找不到编号以“{prefix}”开头的调查。" if not ids else
                          f"编号“{prefix}”对应多次调查，请多写几位。")
    return ids[0]


def cmd_done(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        sid = _one(svc, args.id)
        svc.surveys.mark_action_done(sid, args.on or svc.clock.today(), args.note or None)
        info = svc.surveys.get(sid)
    if args.json:
        _dump(_as_dict(info))
        return EXIT_OK
    print("已标记为已落实。")
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        svc.surveys.reopen_action(_one(svc, args.id))
    print("已改回待落实。")
    return EXIT_OK


def cmd_print(args: argparse.Namespace, paths: AppPaths) -> int:
    given = _values(args.field)
    with services_for(paths) as svc:
        sid = _one(svc, args.id)
        info = svc.surveys.get(sid)
        template, values = (svc.surveys.follow_up_notice(sid) if args.kind == "followup"
                            else svc.surveys.notice(sid, args.kind))
        values.update(given)
        ps = svc.printing

        def work() -> int:
            res = ps.notice_batch(template, [info.estate_id], values, args.output)
            print(f"已生成{ps.template(template).name}，共{res.pages}页：{args.output}")
            return EXIT_OK

        return _run(work)


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        n = svc.surveys.export(args.file, _pick(svc.registers.estate_choices(), args.estate, "小区"),
                               _kind(args.kind))
    print(f"已导出{n}条调查记录到 {args.file}")
    return EXIT_OK
