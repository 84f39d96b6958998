"""``wuye-county``: the county server's command line (init, serve, enroll, devices, …)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import Engine, select

from .limits import DEFAULT_MAX_ACTIVE


def _engine() -> Engine:
    from .db import make_engine, upgrade

    engine = make_engine()
    upgrade(engine)
    return engine


def cmd_init(_a: argparse.Namespace) -> int:
    from .db import database_url

    _engine()
    print(f"数据库已就绪：{_redact(database_url())}")
    return 0


def cmd_serve(a: argparse.Namespace) -> int:
    import os

    import uvicorn

    from .serve import ENV_LOG_DIR, ENV_MAX_ACTIVE

    if bool(a.certfile) != bool(a.keyfile):
        print("--certfile 和 --keyfile 要一起给出。", file=sys.stderr)
        return 2
    if a.workers < 1 or a.max_active < 0:
        print("--workers 至少为 1，--max-active 不能为负数。", file=sys.stderr)
        return 2
    _engine().dispose()  # migrated once here, before the workers start
    if a.log_dir:
        os.environ[ENV_LOG_DIR] = str(Path(a.log_dir).resolve())
    os.environ[ENV_MAX_ACTIVE] = str(a.max_active)
    # Connection limits and timeouts: an idle or slow client cannot hold the server, and past
    # the limit new connections get a quick refusal instead of piling up file descriptors.
    # uvicorn's own access lines are off: access.log (written off the request path) has them.
    uvicorn.run("wuye_county.serve:worker_app", factory=True, workers=a.workers,
                host=a.host, port=a.port, log_level="info", access_log=False,
                ssl_certfile=a.certfile, ssl_keyfile=a.keyfile, proxy_headers=bool(a.proxy),
                forwarded_allow_ips=a.proxy, limit_concurrency=a.max_connections,
                timeout_keep_alive=5, backlog=1024, h11_max_incomplete_event_size=16 * 1024,
                server_header=False)
    return 0


def cmd_enroll(a: argparse.Namespace) -> int:
    from wuye_desktop.domain.validation import check_community_code, errors

    from .auth import create_enrolment_code

    problems = errors(check_community_code(a.community_code))
    if problems:
        print(problems[0].message, file=sys.stderr)
        return 2
    with _engine().begin() as conn:
        code, expires = create_enrolment_code(conn, a.community_code, a.name or "", a.hours)
    print(code)
    print(f"注册码一次有效，{expires.astimezone():%Y-%m-%d %H:%M} 前使用。", file=sys.stderr)
    return 0


def cmd_installer(a: argparse.Namespace) -> int:
    from .provision import write_county_ini

    path = write_county_ini(Path(a.output), a.server, name=a.name or "",
                            ca_file=Path(a.ca) if a.ca else None, lock=a.lock,
                            allow_http=a.allow_http)
    print(f"已生成 {path}")
    print("把它（和 county-ca.pem，如有）放在 setup.exe 旁边一起分发，或放进程序安装文件夹；"
          + ("工作人员不能修改服务器地址。" if a.lock else "注册对话框会自动填好服务器地址。"))
    return 0


def cmd_enroll_sheet(a: argparse.Namespace) -> int:
    from .provision import check_server_url, codes_pdf, issue_codes, read_communities

    server = check_server_url(a.server)
    communities = read_communities(Path(a.sheet))
    with _engine().begin() as conn:
        issued = issue_codes(conn, communities, a.hours)
    codes_pdf(issued, Path(a.output), server, a.county_name or "")
    print(f"已为 {len(issued)} 个社区生成一次性注册码：{a.output}")
    return 0


def cmd_releases(a: argparse.Namespace) -> int:
    from .db import data_dir
    from .releases import stage, staged

    if a.action == "stage":
        artefact = Path(a.file)
        manifest = Path(a.manifest) if a.manifest else artefact.with_name(artefact.name + ".release.json")
        rel = stage(artefact, manifest, data_dir())
        print(f"已发布 {rel.version}（{rel.platform}）：{rel.filename}，签名有效。社区电脑同步时会收到升级提示。")
        return 0
    print("版本\t平台\t文件\t大小")
    for r in staged(data_dir()):
        print(f"{r.version}\t{r.platform}\t{r.filename}\t{r.size}")
    return 0


def cmd_devices(a: argparse.Namespace) -> int:
    from .auth import revoke
    from .models import Device

    engine = _engine()
    if a.action == "revoke":
        with engine.begin() as conn:
            ok = revoke(conn, a.device_id)
        print("已停用。" if ok else "找不到该设备，或它已被停用。")
        return 0 if ok else 1
    with engine.connect() as conn:
        rows = conn.execute(select(Device.id, Device.community_code, Device.name,
                                   Device.created_at, Device.last_seen_at, Device.revoked_at)
                            .order_by(Device.community_code, Device.created_at)).all()
    print("设备编号\t社区代码\t名称\t注册时间\t最近同步\t状态")
    for r in rows:
        state = "已停用" if r.revoked_at else "正常"
        print(f"{r.id}\t{r.community_code}\t{r.name}\t{r.created_at:%Y-%m-%d %H:%M}\t"
              f"{r.last_seen_at or ''}\t{state}")
    return 0


def cmd_templates(a: argparse.Namespace) -> int:
    from .reference import publish_templates

    with _engine().begin() as conn:
        done = publish_templates(conn, Path(a.file))
    for name, version in done:
        print(f"已发布模板“{name}”（第{version}版）")
    return 0


def cmd_companies(a: argparse.Namespace) -> int:
    from .reference import import_companies

    with _engine().begin() as conn:
        count, problems = import_companies(conn, Path(a.file))
    for p in problems:
        print(p, file=sys.stderr)
    print(f"已导入 {count} 家物业企业。")
    return 0 if count or not problems else 1


def cmd_conflicts(a: argparse.Namespace) -> int:
    from wuye_desktop.domain.values import printable

    from .review import open_conflicts

    with _engine().connect() as conn:
        rows = open_conflicts(conn, a.community)
    print("社区代码\t数据表\t记录编号\t字段\t服务器的值\t设备提交的值\t设备\t操作人\t时间")
    for r in rows:
        print(f"{r.community_code}\t{r.table_name}\t{r.row_id}\t{r.field}\t"
              f"{printable(r.server_value, 60)}\t{printable(r.device_value, 60)}\t{r.device_id}\t"
              f"{r.user}\t{r.created_at:%Y-%m-%d %H:%M}")
    print(f"共{len(rows)}处冲突待核实")
    return 0


def cmd_import_outbox(a: argparse.Namespace) -> int:
    from .review import import_outbox, read_outbox

    outbox = read_outbox(Path(a.file))
    tables = "、".join(f"{t} {n}条" for t, n in outbox.tables.most_common())
    print(f"设备 {outbox.device_id}（社区 {outbox.community}）导出的 {len(outbox.operations)} 条修改："
          f"{tables or '无'}")
    if not a.apply:
        print("核对无误后，加 --apply 导入。")
        return 0
    with _engine().begin() as conn:
        statuses = import_outbox(conn, outbox)
    names = {"applied": "已接收", "merged": "已合并", "conflict": "冲突待核实", "rejected": "被拒绝"}
    print("导入完成：" + "，".join(f"{names.get(k, k)} {n} 条" for k, n in statuses.items()))
    return 0


def cmd_report(a: argparse.Namespace) -> int:
    from wuye_desktop.clock import default_clock

    from .report import as_text, compute_all, write_xlsx
    from .report_selection import estate_selections

    with _engine().connect() as conn:
        communities, subs, companies = compute_all(conn, default_clock().today())
        selections = estate_selections(conn)
    if a.output:
        write_xlsx(Path(a.output), communities, subs, companies, selections)
        print(f"报表已保存：{a.output}")
    else:
        print(as_text(communities, subs, companies, selections))
    return 0


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wuye-county", description="社区物业工作台 县级同步服务器")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("init", help="创建或升级数据库").set_defaults(fn=cmd_init)
    s = sub.add_parser("serve", help="启动同步服务")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--certfile", help="TLS 证书（PEM），与 --keyfile 一起使用即以 https 提供服务")
    s.add_argument("--keyfile", help="TLS 私钥（PEM）")
    s.add_argument("--proxy", default=None,
                   help="信任其 X-Forwarded-* 请求头的反向代理地址（如 127.0.0.1），放在 nginx 后面时使用")
    s.add_argument("--max-connections", type=int, default=400,
                   help="每个工作进程同时保持的最多连接数")
    s.add_argument("--workers", type=int, default=1,
                   help="工作进程数（建议等于服务器的 CPU 核数，见 docs/deploy.md）")
    s.add_argument("--max-active", type=int, default=DEFAULT_MAX_ACTIVE,
                   help="每个工作进程同时处理的同步请求数，多出的请求回答“服务器忙”(503)，"
                        "桌面端稍后自动重试；数据库连接池按它配置")
    s.add_argument("--log-dir", help="日志文件夹（默认：数据文件夹下的 logs）")
    s.set_defaults(fn=cmd_serve)
    e = sub.add_parser("enroll", help="为社区生成一次性注册码")
    e.add_argument("community_code")
    e.add_argument("--name", default="", help="社区名称")
    e.add_argument("--hours", type=float, default=72, help="有效小时数（默认72）")
    e.set_defaults(fn=cmd_enroll)
    es = sub.add_parser("enroll-sheet", help="按社区名单批量生成注册码，打印为PDF（每社区一张，带二维码）")
    es.add_argument("sheet", help="社区名单 .xlsx/.csv（列：社区代码、社区名称）")
    es.add_argument("--server", required=True, help="写在注册卡上的服务器地址")
    es.add_argument("-o", "--output", required=True, help="输出的PDF文件")
    es.add_argument("--hours", type=float, default=24 * 14, help="有效小时数（默认14天）")
    es.add_argument("--county-name", default="", help="发放单位，如 某某县住房和城乡建设局")
    es.set_defaults(fn=cmd_enroll_sheet)
    ins = sub.add_parser("installer", help="生成随安装程序分发的县级预配置 county.ini")
    ins.add_argument("--server", required=True, help="县服务器地址（https://…）")
    ins.add_argument("--ca", help="县自建证书（PEM），一并分发")
    ins.add_argument("--lock", action="store_true", help="锁定服务器地址，工作人员不能修改")
    ins.add_argument("--name", default="", help="县住建部门名称")
    ins.add_argument("--allow-http", action="store_true",
                     help="允许工作台使用不加密的 http:// 服务器地址（不推荐，仅限内网）")
    ins.add_argument("-o", "--output", default=".", help="输出文件夹（默认当前文件夹）")
    ins.set_defaults(fn=cmd_installer)
    rl = sub.add_parser("releases", help="发布新版本安装包（须有软件发布方的签名）")
    rlsub = rl.add_subparsers(dest="action", required=True)
    st = rlsub.add_parser("stage")
    st.add_argument("file", help="安装包（setup.exe 或 .deb）")
    st.add_argument("--manifest", help="发布方签名的版本说明（默认：安装包名.release.json）")
    rlsub.add_parser("list")
    rl.set_defaults(fn=cmd_releases)
    d = sub.add_parser("devices", help="设备列表或停用")
    dsub = d.add_subparsers(dest="action", required=True)
    dsub.add_parser("list")
    r = dsub.add_parser("revoke")
    r.add_argument("device_id")
    d.set_defaults(fn=cmd_devices)
    t = sub.add_parser("templates", help="发布巡查/通知模板")
    tsub = t.add_subparsers(dest="action", required=True)
    tsub.add_parser("publish").add_argument("file")
    t.set_defaults(fn=cmd_templates)
    c = sub.add_parser("companies", help="导入县物业企业名录")
    csub = c.add_subparsers(dest="action", required=True)
    csub.add_parser("import").add_argument("file")
    c.set_defaults(fn=cmd_companies)
    cf = sub.add_parser("conflicts", help="待核实的冲突")
    cfsub = cf.add_subparsers(dest="action", required=True)
    cfsub.add_parser("list").add_argument("--community", help="只列出这个社区（12位代码）")
    cf.set_defaults(fn=cmd_conflicts)
    io = sub.add_parser("import-outbox", help="导入设备导出的未上传修改（先核对，再加 --apply）")
    io.add_argument("file")
    io.add_argument("--apply", action="store_true", help="确认导入")
    io.set_defaults(fn=cmd_import_outbox)
    rp = sub.add_parser("report", help="按社区、街道统计")
    rp.add_argument("-o", "--output", help="保存为 .xlsx")
    rp.set_defaults(fn=cmd_report)
    from .cli_admin import add_parsers

    add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Exit 0 ok, 1 a user error or file problem (Chinese on stderr), 2 usage, 3 a bug (the
    traceback in a crash report under the data directory's ``logs``)."""
    from wuye_desktop.failures import run_command

    from .db import data_dir

    args = build_parser().parse_args(argv)
    return run_command(lambda: args.fn(args), data_dir() / "logs", program="wuye-county")


if __name__ == "__main__":
    sys.exit(main())
