"""What an exception nobody handled becomes on a command line: the user's problem or a bug.

Shared by both command lines (``wuye-desktop …`` and ``wuye-county …``); Qt-free. The split is
the one every edge makes (``domain/errors.py``): a :class:`~wuye_desktop.domain.errors.UserError`
is said plainly on stderr with what to do, exit 1; an ``OSError`` is a file problem, exit 1; a
cancellation (Ctrl+C included) says so, exit 2; anything else is a bug: the traceback goes to a
crash report under the log directory and stderr gets one Chinese line saying where, exit 3.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from . import __version__
from .domain.errors import Cancelled, UserError

#: exit codes of both command lines (README: 退出码)
EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def write_report(log_dir: Path, exc: BaseException, program: str = "wuye-desktop") -> Path:
    """Save the traceback with version information; returns the report's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    # The file name records when the crash really happened (not the business clock).
    stamp = f"{datetime.now():%Y%m%d-%H%M%S-%f}"
    path = log_dir / f"crash-{stamp}.txt"
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    path.write_text(f"{program} {__version__}\nPython {sys.version}\n{platform.platform()}\n"
                    f"{stamp}\n\n{text}", encoding="utf-8")
    return path


def user_text(exc: UserError | OSError) -> str:
    """The plain words for a user's problem: the message and what to do."""
    if isinstance(exc, UserError):
        return exc.with_hint()
    where = f"{exc.strerror or exc} {exc.filename or ''}".strip()
    return (f"无法读写文件：{where}。请检查文件是否存在、是否正被其他程序打开，"
            "以及磁盘是否还有空间。")


def report_bug(exc: BaseException, log_dir: Path, program: str, err: TextIO) -> None:
    """The one line a person sees for a bug; the traceback goes to a crash report."""
    try:
        path = write_report(log_dir, exc, program)
    except OSError:  # nowhere to write: then the traceback itself is the report
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=err)
        print("程序内部出错（不是您的操作问题），请把上面的内容发给县住建局技术支持。", file=err)
        return
    print(f"程序内部出错（不是您的操作问题），错误报告已保存到：{path}。"
          "请把这个文件发给县住建局技术支持。", file=err)


def run_command(command: Callable[[], int | None], log_dir: Path, *,
                program: str = "wuye-desktop", err: TextIO | None = None) -> int:
    """Run one command and turn what escapes it into an exit code (see the module docstring)."""
    err = err or sys.stderr
    try:
        return int(command() or 0)
    except SystemExit as exc:  # a command's own usage error
        if isinstance(exc.code, str):
            print(exc.code, file=err)
            return EXIT_USAGE
        return int(exc.code or 0)
    except (KeyboardInterrupt, Cancelled):
        print("已取消。", file=err)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``… | head``): nothing was lost and nobody is there to tell.
        # Point stdout at /dev/null so the interpreter's final flush does not complain again.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (UserError, OSError) as exc:
        print(user_text(exc), file=err)
        return EXIT_DATA
    except Exception as exc:
        report_bug(exc, log_dir, program, err)
        return EXIT_BUG
