"""Commands over the registers: init, demo, import, export, template, list, backup, backups,
restore, check."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from ..domain.fields import IMPORT_ORDER, KIND_ALIASES, SPECS, FieldSpec
from ..paths import AppPaths
from ..storage import db as storage_db
from . import EXIT_DATA, EXIT_OK, EXIT_USAGE, importing
from .common import services_for


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="登记本社区（12位区划代码和名称）")
    p.add_argument("--community-code", required=True, help="12位统计用区划代码")
    p.add_argument("--name", required=True, help="社区名称")
    p.add_argument("--subdistrict", default="", help="所属街道")
    p.add_argument("--county", default="", help="所属区县")
    p.add_argument("--office", default=None, help="发文单位（默认“社区名称+居民委员会”）")
    p.add_argument("--office-address", default=None, help="办公地址（打印在通知上）")
    p.add_argument("--office-phone", default=None, help="办公电话（打印在通知上）")
    p.add_argument("--contact", default=None, help="联系人（打印在通知上）")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", parents=[common], help="生成演示社区数据")
    p.add_argument("--scale", type=int, default=1, help="数据量倍数（用于性能测试）")
    p.set_defaults(func=cmd_demo)

    kinds = "estates|buildings|units|leads|companies|committees|members|all"
    p = sub.add_parser("import", parents=[common],
                       help="从Excel/CSV导入台账：先显示预览，加 --yes 才写入（全部成功或全部不导入）")
    p.add_argument("kind", help=kinds)
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="只显示预览（新增、更新、没有变化），不写入")
    p.add_argument("--yes", action="store_true", help="确认按预览写入")
    p.add_argument("--blank-clears", action="store_true",
                   help="空白单元格清空原有内容（默认保留原有内容）")
    p.add_argument("--allow-blacklisted", action="store_true",
                   help="确认把黑名单物业企业设为小区的物业企业（否则拒绝导入）")
    importing.add_arguments(p)
    p.set_defaults(func=importing.cmd_import)

    p = sub.add_parser("add", parents=[common], help="新建一条台账记录（已有同名记录时拒绝，不会合并）")
    p.add_argument("kind", help=kinds.replace("|all", ""))
    p.add_argument("fields", nargs="+", metavar="字段=值",
                   help="例如：名称=东风花园 管理模式=准物业（字段可写中文名或英文名）")
    p.add_argument("--allow-blacklisted", action="store_true",
                   help="确认小区的物业企业虽在黑名单中仍要登记")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("export", parents=[common], help="导出台账到Excel")
    p.add_argument("kind", help=kinds)
    p.add_argument("file", type=Path)
    p.add_argument("--full-phones", action="store_true",
                   help="县里规定导出时隐藏电话号码中间几位时，确认导出完整号码（请妥善保管文件）")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("template", parents=[common], help="生成空白导入模板（.xlsx）")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("list", parents=[common], help="列出台账")
    p.add_argument("kind", help=kinds.replace("|all", ""))
    p.add_argument("--json", action="store_true", help="以JSON输出")
    p.add_argument("--search", default="", help="按名称、楼号、电话查找")
    p.add_argument("--grade", default="", help="物业企业：只列出该信用等级（如 AAA；“待改正”列出不在县定等级中的）")
    p.add_argument("--list-status", default="", help="物业企业：只列出 红名单 / 黑名单 / 无")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("backup", parents=[common], help="备份数据库")
    p.add_argument("dest", nargs="?", type=Path, help="备份文件或文件夹（默认为数据目录下的backups）")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("backups", parents=[common], help="列出保留的备份（时间、原因、记录数）")
    p.add_argument("--json", action="store_true", help="以JSON输出")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("restore", parents=[common], help="从备份恢复数据库（当前数据库会先备份）")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", parents=[common], help="检查数据库完整性")
    p.set_defaults(func=cmd_check)


def _kind(text: str, allow_all: bool = False) -> str:
    if allow_all and text in ("all", "全部"):
        return "all"
    kind = KIND_ALIASES.get(text)
    if kind is None:
        print(f"不认识的台账类型“{text}”。可用：estates（小区）、buildings（楼栋）、units（单元）、leads（楼长）、"
              "companies（物业企业）、committees（业委会）、members（业委会成员）"
              + ("、all（全部）" if allow_all else ""), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    return kind


def cmd_init(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:  # ValidationFailed: one issue a line, exit 1 (__main__)
        c = svc.registers.init_community(args.community_code, args.name, args.subdistrict,
                                         args.county)
        if any(v is not None for v in (args.office, args.office_address, args.office_phone, args.contact)):
            c = svc.registers.update_office(office=args.office, address=args.office_address,
                                            phone=args.office_phone, contact=args.contact)
    print(f"已登记社区：{c.name}（{c.code}），数据目录：{paths.data_dir}")
    if not c.office_phone:
        print("提示：还没有填写办公电话，通知上的“联系电话”无法打印。"
              "可用 init … --office-phone 电话 --contact 联系人 补填。")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    from ..services import demo

    if args.scale < 1:
        print("--scale 应为不小于1的整数。", file=sys.stderr)
        return EXIT_USAGE
    with services_for(paths) as svc:
        c = svc.registers.community()
        if c is not None and c.code != demo.DEMO_CODE:
            print(f"数据目录中已登记社区“{c.name}”，不能再装入演示数据。请换一个空的数据目录。",
                  file=sys.stderr)
            return EXIT_DATA
        made = demo.install_everything(svc, args.scale)
    summary, s = made.registers, made.inspections
    if s.inspections:
        print(f"演示检查数据：{s.inspections}次检查、{s.items}条检查项结果、{s.rectifications}项整改、"
              f"{s.surveys}次调查、{s.complaints}件投诉（用时{s.seconds:.1f}秒）")
    print(f"演示社区已就绪：{summary.estates}个小区、{summary.buildings}栋楼、{summary.leads}位楼长、"
          f"{summary.companies}家物业企业、{summary.committees}个业委会。数据目录：{paths.data_dir}")
    return EXIT_OK


def _field_values(kind: str, pairs: list[str]) -> dict[str, Any]:
    """"名称=东风花园" pairs typed like a sheet's cells (labels, synonyms or field names)."""
    from ..storage.tabular.cells import CellError, convert_cell, normalize_header

    spec = SPECS[kind]
    by_name: dict[str, FieldSpec] = {}
    for fs in spec.fields:
        for n in (fs.name, fs.label, *fs.synonyms):
            by_name.setdefault(normalize_header(n), fs)
    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        f = by_name.get(normalize_header(name))
        if not sep or f is None:
            known = "、".join(x.label for x in spec.fields)
            print(f"无法识别“{pair}”：应写成 字段=值，{spec.label}的字段有：{known}。", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
        try:
            values[f.name] = convert_cell(f, raw)[0]
        except CellError as exc:
            print(f"{f.label}：{exc.message}", file=sys.stderr)
            raise SystemExit(EXIT_DATA) from exc
    return values


def cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    from ..services.registers import DuplicateRecord

    kind = _kind(args.kind)
    values = _field_values(kind, args.fields)
    with services_for(paths) as svc:
        if svc.registers.community() is None:
            print("请先登记本社区：wuye-desktop init --community-code 代码 --name 名称", file=sys.stderr)
            return EXIT_DATA
        try:
            result = svc.registers.save(kind, values, None,
                                        allow_blacklisted=args.allow_blacklisted)
        except DuplicateRecord as exc:
            print("\n".join(i.message for i in exc.issues), file=sys.stderr)
            print("（已有记录可在图形界面中打开修改，或用 import 导入修改。）", file=sys.stderr)
            return EXIT_DATA
    print(f"已新建{SPECS[kind].label}记录（编号 {result.id}）。")
    for w in result.warnings:
        print(f"提示：{w.message}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from ..storage.tabular.errors import TabularError

    kind = _kind(args.kind, allow_all=True)
    with services_for(paths) as svc:
        try:
            n = svc.transfer.export(kind, args.file, full_phones=args.full_phones)
            masked = svc.transfer.privacy_policy().mask_exports and not args.full_phones
        except (OSError, TabularError) as exc:
            print(f"无法写入文件 {args.file}：{exc}。请确认文件没有在Excel中打开，且文件夹可写。",
                  file=sys.stderr)
            return EXIT_DATA
    print(f"已导出{n}条记录到 {args.file}")
    if masked:
        print("按县里的个人信息保护规则，电话号码已隐藏中间几位；确需完整号码请加 --full-phones。")
    return EXIT_OK


def cmd_template(args: argparse.Namespace, paths: AppPaths) -> int:
    from ..services.registers import RegisterService  # noqa: F401 - keeps import light
    from ..storage.tabular import write_template

    try:
        write_template(args.file, [SPECS[k] for k in IMPORT_ORDER])
    except OSError as exc:
        print(f"无法写入文件 {args.file}：{exc}", file=sys.stderr)
        return EXIT_DATA
    print(f"已生成导入模板：{args.file}")
    return EXIT_OK


def company_filters(svc: Any, kind: str, grade: str, status: str) -> dict[str, Any]:
    """``--grade`` / ``--list-status`` as register filters (companies only)."""
    from ..domain.credit import normalize_grade
    from ..domain.enums import ListStatus

    if not (grade or status):
        return {}
    if kind != "companies":
        print("--grade 和 --list-status 只用于物业企业（companies）。", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    out: dict[str, Any] = {}
    bands = svc.committees.credit_bands()
    if grade in ("待改正", "other"):
        out["credit_grade_other"] = list(bands.grades)
    elif grade:
        g = normalize_grade(grade, bands.grades)
        if g not in bands.grades:
            print(f"信用等级“{grade}”不是县定的等级，应为{'、'.join(bands.grades)}或“待改正”。",
                  file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
        out["credit_grade"] = g
    if status:
        member = ListStatus.parse(status)
        if member is None:
            print(f"名单“{status}”无法识别，应为{'、'.join(ListStatus.labels())}。", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
        out["list_status"] = member.value
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, Enum):
        return getattr(v, "label", v.value)
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def cmd_list(args: argparse.Namespace, paths: AppPaths) -> int:
    kind = _kind(args.kind)
    with services_for(paths) as svc:
        rows = svc.registers.rows(kind, search=args.search,
                                  filters=company_filters(svc, kind, args.grade, args.list_status))
    if args.json:
        out = [{k: _plain(v) for k, v in r.items()} for r in rows]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    spec = SPECS[kind]
    shown = [f for f in spec.fields if f.name != "note"][:7]
    print("\t".join(f.label for f in shown))
    for r in rows:
        print("\t".join("" if r.get(f.name) is None else str(_plain(r[f.name])) for f in shown))
    print(f"共{len(rows)}条{spec.label}记录")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    if not paths.database.exists():
        print(f"数据目录 {paths.data_dir} 中还没有数据库，无需备份。", file=sys.stderr)
        return EXIT_DATA
    with services_for(paths) as svc:
        dest = svc.db.backup(args.dest)
    print(f"已备份到 {dest}")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace, paths: AppPaths) -> int:
    from ..services.backup import list_entries

    # Read straight from the folder: listing must work even when the database itself is damaged.
    entries = list_entries(paths.backups)
    if args.json:
        json.dump([e.as_json() for e in entries], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    for e in entries:
        print(f"{e.taken_text()}\t{e.reason_label}\t{e.counts_text()}\t{e.file.path}")
    print(f"共{len(entries)}份备份，位于 {paths.backups}。恢复：wuye-desktop restore 文件")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    paths.ensure()
    saved = storage_db.restore(paths.database, args.file, paths.backups)
    print(f"已从 {args.file} 恢复数据库。" + (f"原数据库已另存为 {saved}" if saved else ""))
    return EXIT_OK


def cmd_check(args: argparse.Namespace, paths: AppPaths) -> int:
    if not paths.database.exists():
        print(f"数据目录 {paths.data_dir} 中还没有数据库。", file=sys.stderr)
        return EXIT_DATA
    rev = storage_db.inspect_file(paths.database, paths.backups)
    with services_for(paths) as svc:
        result = svc.db.quick_check()
        c = svc.registers.community()
        counts = {k: svc.registers.count(k) for k in SPECS}
    print(f"数据库：{paths.database}\n结构版本：{rev}\n完整性检查：{result}")
    print(f"社区：{c.name}（{c.code}）" if c else "社区：尚未登记")
    print("；".join(f"{SPECS[k].label}{n}条" for k, n in counts.items()))
    return EXIT_OK if result == "ok" else EXIT_DATA
