"""Storage errors split into the user's problem (say it plainly, in Chinese) and bugs."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StorageError(Exception):
    """A problem the user can act on; ``str(e)`` is a Chinese message saying what to do."""


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
        super().__init__(f"数据库正被另一个程序使用：{path}。请关闭其他打开的社区物业工作台窗口后重试。")


class DiskFull(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"磁盘空间不足，无法保存到 {path}。请清理磁盘（至少留出几百MB）后重试，"
                         "已填写的内容没有丢失。")


class NotWritable(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"无法写入 {path}：没有权限或文件只读。请检查文件夹权限，或换一个数据目录。")


def classify(exc: BaseException, path: Path) -> StorageError | None:
    """Map a low-level SQLite error to a user-facing one, or None if it is a bug."""
    msg = str(exc).lower()
    if "database is locked" in msg or "database table is locked" in msg:
        return DatabaseLocked(path)
    if "disk is full" in msg or "database or disk is full" in msg:
        return DiskFull(path)
    if "readonly" in msg or "read-only" in msg or "unable to open" in msg:
        return NotWritable(path)
    if "malformed" in msg or "not a database" in msg or (isinstance(exc, sqlite3.DatabaseError) \
            and "corrupt" in msg):
        return DatabaseCorrupt(path, str(exc), None)
    return None
