"""Storage errors split into the user's problem (say it plainly, in Chinese) and bugs.

SQLite says which by its result code, not its message (messages change between versions and
builds): a full disk, a file locked by another program, an I/O error (a pulled USB stick), a
read-only or unopenable file, a damaged file are the user's to fix; every other code is our bug
and goes to the crash report. The idiom is qutebrowser's ``misc/sql.py``.
"""

from __future__ import annotations

import enum
import sqlite3
from pathlib import Path

from ..domain.errors import UserError

#: a failed save rolls back and the form keeps what the person typed: tell them, or they retype it
_KEPT = "已填写的内容没有丢失。"


class StorageError(UserError):
    """A problem with the database file the user can act on; ``str(e)`` says what to do."""


class DatabaseCorrupt(StorageError):
    def __init__(self, path: Path, detail: str, newest_backup: Path | None) -> None:
        self.path, self.detail, self.newest_backup = path, detail, newest_backup
        hint = (f"最近的备份是：{newest_backup}，可用“恢复备份”（wuye-desktop restore）恢复。"
                if newest_backup else "没有找到备份，请联系县住建局技术支持。")
        super().__init__(f"数据库文件已损坏，程序没有改动它：{path}\n（{detail}）\n{hint}")


class SchemaTooNew(StorageError):
    def __init__(self, path: Path, revision: str) -> None:
        self.path, self.revision = path, revision
        super().__init__(
            f"数据库文件 {path} 由更新版本的社区物业工作台创建（结构版本 {revision}），"
            "本程序无法打开它，也没有改动它。请安装县住建局发布的最新版本后再打开。")


class DatabaseLocked(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"数据库正被另一个程序使用：{path}。请关闭其他打开的社区物业工作台窗口"
                         f"（或正在复制、备份这个文件的程序）后重试，{_KEPT}")


class DiskFull(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"磁盘空间不足，无法保存到 {path}。请清理磁盘（至少留出几百MB）后重试，"
                         f"{_KEPT}")


class DiskIOError(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"读写 {path} 时磁盘出错：存放数据的U盘或移动硬盘可能被拔出，或磁盘有故障。"
                         f"请重新插好U盘（或检查磁盘）后重试，{_KEPT}如果反复出现，请先备份数据。")


class NotWritable(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"无法写入 {path}：没有权限或文件只读。请检查文件夹权限，或换一个数据目录，"
                         f"{_KEPT}")


class CannotOpen(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"无法打开数据库文件 {path}：文件夹不存在、没有权限，或存放它的U盘没有插好。"
                         "请检查数据目录后重新打开程序。")


class SqliteCode(enum.IntEnum):
    """SQLite's primary result codes that matter here (https://sqlite.org/rescode.html)."""

    ERROR = 1
    PERM = 3
    BUSY = 5
    LOCKED = 6
    READONLY = 8
    IOERR = 10
    CORRUPT = 11
    FULL = 13
    CANTOPEN = 14
    PROTOCOL = 15
    NOTADB = 26


def primary_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of ``exc`` (or of the DBAPI error SQLAlchemy wraps)."""
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.Error):
        exc = orig
    code = getattr(exc, "sqlite_errorcode", None) if isinstance(exc, sqlite3.Error) else None
    # Extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…) carry the primary code in
    # their low byte.
    return None if code is None else int(code) & 0xFF


def is_busy(exc: BaseException) -> bool:
    """Another connection holds the lock (worth retrying after a moment)."""
    return primary_code(exc) in (SqliteCode.BUSY, SqliteCode.LOCKED)


def classify(exc: BaseException, path: Path, newest_backup: Path | None = None
             ) -> StorageError | None:
    """Map a SQLite error to the user's problem, or None when it is a bug."""
    if isinstance(exc, StorageError):
        return exc
    code = primary_code(exc)
    if code in (SqliteCode.BUSY, SqliteCode.LOCKED, SqliteCode.PROTOCOL):
        # PROTOCOL: WAL locking raced with another process; like BUSY, waiting cures it.
        return DatabaseLocked(path)
    if code == SqliteCode.FULL:
        return DiskFull(path)
    if code == SqliteCode.IOERR:
        return DiskIOError(path)
    if code in (SqliteCode.READONLY, SqliteCode.PERM):
        return NotWritable(path)
    if code == SqliteCode.CANTOPEN:
        return CannotOpen(path)
    if code in (SqliteCode.CORRUPT, SqliteCode.NOTADB):
        orig = getattr(exc, "orig", exc)
        return DatabaseCorrupt(path, str(orig), newest_backup)
    return None
