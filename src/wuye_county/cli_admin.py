"""``wuye-county`` commands for running the county service: staff accounts (``users``), the
token signing key (``rotate-key``), and backups (``backup`` / ``restore``: ``pg_dump`` /
``pg_restore`` for PostgreSQL, SQLite's online backup for the embedded database)."""

from __future__ import annotations

import argparse
import getpass
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, make_url

from wuye_desktop.domain.errors import UserError

from .accounts import ROLES, add_user, disable_user, list_users
from .auth import key_file_path, now, rotate_signing_key


class BackupError(UserError):
    """A backup or restore that could not run (message in Chinese, saying what to do)."""


def _engine() -> Engine:
    from .__main__ import _engine as engine

    return engine()


def cmd_users(a: argparse.Namespace) -> int:
    engine = _engine()
    if a.action == "add":
        password = sys.stdin.readline().rstrip("\n") if a.password_stdin else getpass.getpass(
            "密码（至少10个字符）：")
        with engine.begin() as conn:
            add_user(conn, now(), a.username, password, a.role, display_name=a.name or "",
                     subdistrict=a.subdistrict)
        print(f"已创建账号 {a.username}（{ROLES[a.role]}）。")
        return 0
    if a.action == "disable":
        with engine.begin() as conn:
            disable_user(conn, now(), a.username)
        print(f"已停用账号 {a.username}，其登录已全部失效。")
        return 0
    print("用户名\t姓名\t角色\t街道\t状态\t最近登录")
    with engine.connect() as conn:
        for u in list_users(conn):
            state = "已停用" if u.disabled_at else "正常"
            print(f"{u.username}\t{u.display_name}\t{ROLES.get(u.role, u.role)}\t{u.subdistrict or ''}\t"
                  f"{state}\t{u.last_login_at or ''}")
    return 0


def cmd_rotate_key(_a: argparse.Namespace) -> int:
    path = rotate_signing_key()
    print(f"已更换令牌签名密钥：{path}。旧密钥仍可验证已发出的令牌，直到下次更换；请重启服务使其生效。")
    return 0


def _libpq(url: str) -> str:
    u = make_url(url)
    return u.set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: str) -> Path:
    db = make_url(url).database
    if not db:
        raise BackupError("内存数据库不能备份。")
    return Path(db)


def _sqlite_copy(src: Path, dst: Path) -> None:
    """SQLite's online backup API: a consistent copy, WAL included, while others may read."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        b.close()
        a.close()


def backup(url: str, out: Path) -> Path:
    """Write a backup of the county database to ``out`` (custom-format dump or SQLite copy)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        _sqlite_copy(_sqlite_path(url), out)
        return out
    tool = shutil.which("pg_dump")
    if tool is None:
        raise BackupError("找不到 pg_dump：请安装 PostgreSQL 客户端（Debian: apt-get install postgresql-client）。")
    r = subprocess.run([tool, "--format=custom", "--no-owner", f"--file={out}", _libpq(url)],
                       capture_output=True, text=True)
    if r.returncode:
        raise BackupError(f"pg_dump 失败：{r.stderr.strip()[-500:]}")
    return out


def restore(url: str, src: Path) -> None:
    """Replace the county database's contents with backup ``src`` (stop the service first)."""
    if not src.is_file():
        raise BackupError(f"找不到备份文件：{src}")
    if url.startswith("sqlite"):
        with sqlite3.connect(src) as check:
            if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"备份文件 {src} 已损坏，没有恢复。")
        _sqlite_copy(src, _sqlite_path(url))
        return
    tool = shutil.which("pg_restore")
    if tool is None:
        raise BackupError("找不到 pg_restore：请安装 PostgreSQL 客户端（Debian: apt-get install postgresql-client）。")
    r = subprocess.run([tool, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        f"--dbname={_libpq(url)}", str(src)], capture_output=True, text=True)
    if r.returncode:
        raise BackupError(f"pg_restore 失败（数据库未改动）：{r.stderr.strip()[-500:]}")


def cmd_backup(a: argparse.Namespace) -> int:
    from .db import database_url

    out = backup(database_url(), Path(a.output))
    print(f"已备份到 {out}。令牌密钥不在备份里（{key_file_path()}），请另行妥善保存。")
    return 0


def cmd_restore(a: argparse.Namespace) -> int:
    from .db import database_url, make_engine, upgrade

    if not a.yes:
        print("恢复会用备份替换县服务器数据库的全部内容。请先停止服务，再加 --yes 运行。", file=sys.stderr)
        return 2
    restore(database_url(), Path(a.file))
    upgrade(make_engine())  # a backup from an older version is brought up to date
    print(f"已从 {a.file} 恢复，并升级到当前版本的数据库结构。可以重新启动服务。")
    return 0


def cmd_setaside(a: argparse.Namespace) -> int:
    import json

    from .setaside import set_aside_rows

    with _engine().connect() as conn:
        rows = set_aside_rows(conn, a.community)
    if a.json:
        print(json.dumps([{"community": r.community_code, "table": r.table_name,
                           "row_id": r.row_id, "version": r.version, "device": r.device_id,
                           "reason": r.reason, "reported_at": r.reported_at.isoformat()}
                          for r in rows], ensure_ascii=False, indent=1))
        return 0
    print("社区代码\t数据表\t记录编号\t版本\t设备\t原因\t报告时间")
    for r in rows:
        print(f"{r.community_code}\t{r.table_name}\t{r.row_id}\t{r.version}\t{r.device_id}\t"
              f"{r.reason}\t{r.reported_at:%Y-%m-%d %H:%M}")
    print(f"共{len(rows)}条记录有设备无法保存（请核对这些记录的值，或让设备升级到最新版本）")
    return 0


def cmd_targets(a: argparse.Namespace) -> int:
    from .console.data import TARGET_LABELS, TargetError, set_targets, targets

    given = {k: v / 100 for k, v in (("coverage", a.coverage), ("committee", a.committee),
                                      ("party", a.party)) if v is not None}
    try:
        with _engine().begin() as conn:
            goals = set_targets(conn, given) if given else targets(conn)
    except TargetError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for k, v in goals.items():
        print(f"{TARGET_LABELS[k]}目标：{v * 100:g}%")
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tg = sub.add_parser("targets", help="网页管理台“概览”上的目标线（不带参数：显示当前目标）")
    tg.add_argument("--coverage", type=float, help="专业化物业覆盖率目标，百分数，如 70")
    tg.add_argument("--committee", type=float, help="业委会组建率目标，百分数")
    tg.add_argument("--party", type=float, help="党组织覆盖率目标，百分数")
    tg.set_defaults(fn=cmd_targets)
    sa = sub.add_parser("setaside", help="设备无法保存、暂放一边的记录")
    sasub = sa.add_subparsers(dest="action", required=True)
    sal = sasub.add_parser("list")
    sal.add_argument("--community", help="只列出这个社区（12位代码）")
    sal.add_argument("--json", action="store_true", help="输出 JSON")
    sa.set_defaults(fn=cmd_setaside)
    u = sub.add_parser("users", help="网页管理台账号：新建、列表、停用")
    usub = u.add_subparsers(dest="action", required=True)
    add = usub.add_parser("add")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=list(ROLES),
                     help="admin 县级管理员；viewer 街道查看员；auditor 审计员")
    add.add_argument("--subdistrict", help="街道查看员负责的街道（9位区划代码）")
    add.add_argument("--name", default="", help="姓名")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（脚本用）")
    usub.add_parser("list")
    usub.add_parser("disable").add_argument("username")
    u.set_defaults(fn=cmd_users)
    sub.add_parser("rotate-key", help="更换设备令牌的签名密钥").set_defaults(fn=cmd_rotate_key)
    b = sub.add_parser("backup", help="备份县服务器数据库（PostgreSQL 用 pg_dump）")
    b.add_argument("-o", "--output", required=True, help="备份文件")
    b.set_defaults(fn=cmd_backup)
    r = sub.add_parser("restore", help="从备份恢复县服务器数据库（先停止服务）")
    r.add_argument("file")
    r.add_argument("--yes", action="store_true", help="确认替换现有数据")
    r.set_defaults(fn=cmd_restore)
