"""Commands over 修改记录 and 回收站: ``history KIND KEY``, ``trash list``, ``trash restore``,
and ``worker`` (show or set who is working on this computer).

KEY is a record's natural key as the 回收站 and 修改记录 show it: an estate's or company's name,
``小区/楼栋号`` for a building, ``小区/楼栋号/姓名`` for a lead, the estate's name for a
committee, ``小区/姓名`` for a committee member — or the record's id.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..domain.fields import SPECS
from ..paths import AppPaths
from . import EXIT_DATA, EXIT_OK
from .common import services_for
from .registers import _kind

KEY_HELP = "记录名称：小区名、企业名、小区/楼栋号、小区/楼栋号/楼长姓名、小区/成员姓名，或记录编号"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    kinds = "estates|buildings|leads|companies|committees|members"
    p = sub.add_parser("history", parents=[common], help="查看一条台账记录的修改记录")
    p.add_argument("kind", help=kinds)
    p.add_argument("key", help=KEY_HELP)
    p.add_argument("--json", action="store_true", help="以JSON输出")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("trash", parents=[common], help="回收站：列出或恢复已删除的台账记录")
    tsub = p.add_subparsers(dest="trash_command", metavar="操作", required=True)
    t = tsub.add_parser("list", parents=[common], help="列出已删除的记录")
    t.add_argument("--json", action="store_true", help="以JSON输出")
    t.set_defaults(func=cmd_trash_list)
    t = tsub.add_parser("restore", parents=[common], help="恢复一条已删除的记录（会同步到县服务器）")
    t.add_argument("kind", help=kinds)
    t.add_argument("key", help=KEY_HELP)
    t.set_defaults(func=cmd_trash_restore)

    p = sub.add_parser("worker", parents=[common], help="查看或设置本机当前的工作人员姓名")
    p.add_argument("name", nargs="?", help="新的工作人员姓名（不填则显示当前姓名）")
    p.set_defaults(func=cmd_worker)


def _history(svc: Any) -> Any:
    return svc.history


def cmd_history(args: argparse.Namespace, paths: AppPaths) -> int:
    kind = _kind(args.kind)
    with services_for(paths) as svc:
        h = _history(svc)
        row_id = h.find(kind, args.key)
        if row_id is None:
            print(f"没有找到{SPECS[kind].label}“{args.key}”。", file=sys.stderr)
            return EXIT_DATA
        items = h.history(kind, row_id)
        title = h.title(kind, row_id)
    if args.json:
        json.dump({"kind": kind, "id": row_id, "title": title,
                   "history": [i.as_dict() for i in items]}, sys.stdout, ensure_ascii=False,
                  indent=1)
        print()
        return EXIT_OK
    print(f"{SPECS[kind].label}“{title}”的修改记录（共{len(items)}条，最新的在前）")
    for i in items:
        print(f"{i.at.astimezone():%Y-%m-%d %H:%M}  {i.action}  {i.user}  {i.device}"
              + (f"  （{i.note}）" if i.note else ""))
        for c in i.changes:
            # A new record has no old values: listing "（空） →" for every field is noise.
            print(f"    {c.label}：{c.new}" if i.kind == "insert" else
                  f"    {c.label}：{c.old} → {c.new}")
    return EXIT_OK


def cmd_trash_list(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        items = _history(svc).trash()
    if args.json:
        json.dump([i.as_dict() for i in items], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    print("类型\t名称\t删除时间\t删除人\t设备")
    for i in items:
        when = f"{i.deleted_at.astimezone():%Y-%m-%d %H:%M}" if i.deleted_at else ""
        print(f"{i.kind_label}\t{i.title}\t{when}\t{i.deleted_by}\t{i.device}")
    print(f"回收站中共{len(items)}条记录")
    return EXIT_OK


def cmd_trash_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    kind = _kind(args.kind)
    with services_for(paths) as svc:
        h = _history(svc)
        row_id = h.find(kind, args.key, deleted=True)
        if row_id is None:
            print(f"回收站中没有{SPECS[kind].label}“{args.key}”。可用 wuye-desktop trash list 查看。",
                  file=sys.stderr)
            return EXIT_DATA
        title = h.restore_deleted(kind, row_id)  # ValidationFailed: exit 1 (__main__)
    print(f"已恢复{SPECS[kind].label}“{title}”，下次同步时会告知县服务器。")
    return EXIT_OK


def cmd_worker(args: argparse.Namespace, paths: AppPaths) -> int:
    from ..services.workers import WorkerService

    with services_for(paths) as svc:
        workers = WorkerService(svc.db)
        if not args.name:
            stored = workers.stored()
            print(f"当前工作人员：{workers.current() or '（未设置）'}"
                  + ("" if stored else "（本机还没有设置姓名，使用的是系统用户名）"))
            return EXIT_OK
        name = workers.switch(args.name)  # WorkerNameInvalid: exit 1 (__main__)
    print(f"本机的工作人员已设为：{name}。之后的修改都会记在这个名字下。")
    return EXIT_OK
