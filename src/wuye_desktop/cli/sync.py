"""``wuye-desktop sync …``: enrol this device, sync now, status, conflicts, export the outbox.

Exit codes: 0 ok; 1 the server refused, could not be reached, or something waits for a person
(the message says what to do); 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..domain.errors import UserError
from ..paths import AppPaths
from . import EXIT_DATA, EXIT_OK, EXIT_USAGE
from .common import services_for


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sync", parents=[common], help="与县服务器同步（注册、立即同步、状态）")
    ssub = p.add_subparsers(dest="sync_command", metavar="操作", required=True)

    e = ssub.add_parser("enroll", parents=[common], help="用县里发的一次性注册码注册本机")
    e.add_argument("--server", default="", help="县服务器地址（默认取 county.ini 中的地址）")
    e.add_argument("--code", required=True, help="一次性注册码")
    e.add_argument("--name", default="", help="本机名称（默认为计算机名）")
    e.set_defaults(func=cmd_enroll)

    r = ssub.add_parser("run", parents=[common], help="立即同步：先上传本机修改，再下载其他设备的修改")
    r.set_defaults(func=cmd_run)

    s = ssub.add_parser("status", parents=[common], help="同步状态")
    s.add_argument("--json", action="store_true", help="以JSON输出")
    s.set_defaults(func=cmd_status)

    c = ssub.add_parser("conflicts", parents=[common], help="列出待核实（冲突）的记录")
    c.add_argument("--json", action="store_true", help="以JSON输出")
    c.set_defaults(func=cmd_conflicts)

    a = ssub.add_parser("attention", parents=[common], help="列出县服务器拒收、需要处理的修改")
    a.add_argument("--json", action="store_true", help="以JSON输出")
    a.set_defaults(func=cmd_attention)

    u = ssub.add_parser("update", parents=[common],
                        help="检查县服务器上的新版本；--download 下载并验证签名；--install 随后启动安装程序")
    u.add_argument("--download", action="store_true", help="下载新版本并验证校验值和发布方签名")
    u.add_argument("--install", action="store_true", help="下载验证后启动安装程序")
    u.set_defaults(func=cmd_update)

    x = ssub.add_parser("export-outbox", parents=[common],
                        help="把尚未被县服务器接收的修改导出为文件（设备停用后用）")
    x.add_argument("file", type=Path)
    x.set_defaults(func=cmd_export)


def _svc(svc: Any) -> Any:
    return svc.sync


def cmd_enroll(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        sync = _svc(svc)
        server = args.server or sync.county_config().server
        if not server:
            print("请用 --server 指定县服务器地址（或在 county.ini 中配置）。", file=sys.stderr)
            return EXIT_USAGE
        try:
            community = sync.enroll(server, args.code, args.name)
        except UserError as exc:  # refused, offline, no keyring, a locked address…
            print(f"注册失败：{exc.with_hint()}", file=sys.stderr)
            return EXIT_DATA
        mine = svc.registers.community()
        print(f"本机已注册到 {server}，社区代码 {community}。")
        if mine is not None and mine.code != community:
            print(f"注意：本机登记的社区代码是 {mine.code}，与注册码的社区 {community} 不一致，"
                  "同步时这些记录会被县服务器拒收。", file=sys.stderr)
    return EXIT_OK


def cmd_update(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        sync = _svc(svc)
        if sync.updates.platform is None:
            print("这份程序是用 pip 安装的，请用 pip 升级；县服务器只提供 Windows 安装程序和 .deb 安装包。")
            return EXIT_OK
        try:
            offer = sync.check_update(force=True)
            if offer is None:
                print("已是最新版本。")
                return EXIT_OK
            print(offer.text)
            if not (args.download or args.install):
                return EXIT_OK
            path = sync.download_update(offer, progress=_progress_printer())
            print(f"\n已下载并验证（发布方签名有效）：{path}")
            if args.install:
                sync.updates.install(path)
                print("已启动安装程序。")
        except UserError as exc:  # offline, refused, a release that fails its checks
            print(f"\n没有安装新版本：{exc.with_hint()}", file=sys.stderr)
            return EXIT_DATA
    return EXIT_OK


def _progress_printer() -> Any:
    last = [-1]

    def show(done: int, total: int) -> None:
        pct = int(done * 100 / total) if total else 0
        if pct != last[0] and sys.stdout.isatty():
            print(f"\r下载中 {pct}%", end="", flush=True)
        last[0] = pct

    return show


def cmd_run(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        sync = _svc(svc)
        try:
            report = sync.run()
        except UserError as exc:
            print(f"同步未完成：{exc.with_hint()}", file=sys.stderr)
            return EXIT_DATA
        finally:
            sync.close()
        st = sync.status()
    pushed = "、".join(f"{_STATE.get(k, k)}{v}条" for k, v in sorted(report.pushed.items()))
    print(f"同步完成：上传{sum(report.pushed.values())}条（{pushed or '无'}），"
          f"下载{report.pulled}条。")
    for p in report.problems:
        print(f"未能应用：{p}", file=sys.stderr)
    if report.photos_downloaded:
        print(f"已下载其他电脑拍摄的检查照片 {report.photos_downloaded} 张。")
    for p in report.photo_problems:
        print(f"照片未能下载：{p}", file=sys.stderr)
    if st.attention or st.conflicts:
        print(f"需要处理 {st.attention} 条，待核实 {st.conflicts} 条：请在“同步”页处理。",
              file=sys.stderr)
    return EXIT_OK


_STATE = {"applied": "已接收", "merged": "已合并", "conflict": "冲突", "rejected": "被拒收"}


def cmd_status(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        st = _svc(svc).status()
    if args.json:
        print(json.dumps(st.as_json(), ensure_ascii=False, indent=1))
        return EXIT_OK
    if not st.enrolled:
        print("本机尚未注册到县服务器（wuye-desktop sync enroll --server 地址 --code 注册码）。")
    else:
        print(f"县服务器：{st.server}（社区 {st.community}，设备 {st.device_id}）")
    if st.revoked:
        print("本机已被县里停用：修改不会再上传，请用 sync export-outbox 导出后交给县里。")
    last = st.last_sync.astimezone().strftime("%Y-%m-%d %H:%M") if st.last_sync else "从未"
    print(f"待上传：{st.pending} 条")
    print(f"上次同步：{last}")
    print(f"需要处理：{st.attention} 条")
    print(f"待核实（冲突）：{st.conflicts} 条")
    if st.photo_problems:
        print(f"照片未能下载：{len(st.photo_problems)} 张（下次同步时会再试）")
        for p in st.photo_problems:
            print(f"  {p}")
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        items = _svc(svc).conflicts()
    if args.json:
        print(json.dumps([i.as_json() for i in items], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not items:
        print("没有待核实的记录。")
    for i in items:
        print(f"{i.table_label}“{i.title}”（{i.row_id}）：{i.reason}")
        for f in i.fields:
            print(f"  {f.label}：县服务器为 {f.server_text}，本机为 {f.local_text}")
    return EXIT_OK


def cmd_attention(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        items = _svc(svc).attention()
    if args.json:
        print(json.dumps([{"op_id": i.op_id, "table": i.table, "row_id": i.row_id,
                           "kind": i.kind, "title": i.title, "reason": i.reason}
                          for i in items], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not items:
        print("没有需要处理的修改。")
    for i in items:
        print(f"{i.table_label}“{i.title}”：{i.reason}（操作 {i.op_id}）")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    with services_for(paths) as svc:
        n = _svc(svc).export_outbox(args.file)
    print(f"已导出 {n} 条未被县服务器接收的修改：{args.file}")
    return EXIT_OK
