"""Entry point: no subcommand opens the GUI; subcommands do headless work (see ``--help``)."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from . import __version__
from .cli import COMMAND_MODULES
from .failures import run_command
from .paths import resolve


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    # --data-dir is accepted both before and after the subcommand; SUPPRESS keeps a value given
    # before the subcommand from being overwritten by the subparser's default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help="数据目录（默认为系统用户数据目录，或环境变量 WUYE_DATA_DIR）")
    common.add_argument("--worker", default=argparse.SUPPRESS, metavar="姓名",
                        help="以这位工作人员的名义记录修改（默认为本机设置的工作人员）")
    parser = argparse.ArgumentParser(
        prog="wuye-desktop", parents=[common],
        description="社区物业工作台：不带子命令时打开图形界面；子命令用于批量与管理操作。")
    parser.add_argument("--version", action="version", version=f"wuye-desktop {__version__}")
    parser.add_argument("--lang", default="zh_CN", help="界面语言：zh_CN（默认）或 en")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    if with_commands:
        for name in COMMAND_MODULES:
            importlib.import_module(name).register(sub, common)
    return parser


def _wants_gui(argv: list[str]) -> bool:
    """True when no subcommand is given: then the command modules (and everything they import)
    are not loaded at all, which keeps the GUI's cold start short."""
    skip_value = False
    for a in argv:
        if skip_value:
            skip_value = False
            continue
        if a in ("--data-dir", "--lang"):
            skip_value = True
        elif a.startswith(("--data-dir=", "--lang=")):
            continue
        else:
            return False  # a subcommand, --help, --version …: the full parser decides
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(with_commands=not _wants_gui(argv))
    args = parser.parse_args(argv)
    paths = resolve(getattr(args, "data_dir", None))
    if args.command is None:
        from .app import run_gui

        return run_gui(paths, lang=args.lang)
    from .cli import common as cli_common

    cli_common.set_worker(getattr(args, "worker", None))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # A UserError any command lets escape is exit 1, a bug exit 3 with a crash report.
    return run_command(lambda: args.func(args, paths), paths.logs)


if __name__ == "__main__":
    sys.exit(main())
