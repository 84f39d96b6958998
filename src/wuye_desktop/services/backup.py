"""Backups as the worker sees them: take one, list what is kept with its record counts, restore.

The file work is in :mod:`wuye_desktop.storage.backups`; this layer knows the open database and
how to swap it for a restored copy. Everything here runs on the database thread (the GUI calls
it through the runner) and takes its time from ``now`` (the app's clock), never the wall clock
directly.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..storage import backups
from ..storage.db import Database, backup_to, inspect_file, restore

if TYPE_CHECKING:
    from .context import Services

log = logging.getLogger(__name__)

#: Chinese names of the reasons, as the restore list and the CLI show them
REASON_LABELS = {
    backups.DAILY: "每日自动",
    backups.BEFORE_IMPORT: "导入前",
    backups.BEFORE_RESTORE: "恢复前",
    backups.MANUAL: "手动",
    backups.BEFORE_MIGRATION: "升级前",
}
COUNT_LABELS = {"estates": "小区", "buildings": "楼栋", "leads": "楼长", "companies": "物业企业"}


@dataclass(frozen=True)
class BackupEntry:
    """One kept copy with what is in it."""

    file: backups.BackupFile
    counts: backups.Counts
    size: int

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.file.reason, self.file.reason)

    def taken_text(self) -> str:
        t = self.file.taken
        return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M:%S}"

    def counts_text(self) -> str:
        return "、".join(f"{COUNT_LABELS[k]}{'?' if n is None else n}"
                         for k, n in self.counts.values.items())

    def as_json(self) -> dict[str, object]:
        return {"file": str(self.file.path), "taken": self.file.taken.isoformat(timespec="seconds"),
                "reason": self.file.reason, "reason_label": self.reason_label,
                "community": self.counts.community, "counts": self.counts.values,
                "size": self.size}


def list_entries(backup_dir: Path) -> list[BackupEntry]:
    """The kept copies, newest first, each opened read-only to count its records."""
    out = []
    for b in backups.list_backups(backup_dir):
        try:
            size = b.path.stat().st_size
        except OSError:  # deleted meanwhile
            continue
        out.append(BackupEntry(b, backups.counts(b.path), size))
    return out


class BackupService:
    """Backups of one open database."""

    def __init__(self, db: Database, now: Callable[[], datetime] = backups.stamp_now) -> None:
        self.db = db
        self.now = now

    def entries(self) -> list[BackupEntry]:
        return list_entries(self.db.backup_dir)

    def backup_now(self, folder: Path | None = None) -> Path:
        """A manual copy: into the backup folder, or into ``folder`` the worker chose (a USB
        stick…), where retention never looks."""
        if folder is None:
            return backups.take(self.db.path, self.db.backup_dir, backups.MANUAL, self.now)
        self.db.check()
        return backup_to(self.db.path, folder / f"wuye-{self.now():%Y%m%d-%H%M%S}-{backups.MANUAL}.sqlite3")

    def check_then_daily(self) -> Path | None:
        """After start, in the background: the full integrity check (raises DatabaseCorrupt),
        then the day's first copy (:meth:`daily`, which need not check again)."""
        self.db.check()
        return self.daily(check=False)

    def daily(self, check: bool = True) -> Path | None:
        """The first start of a day copies the database; a failure is logged, never fatal (a
        full disk must not stop the worker from opening the program)."""
        try:
            made = backups.daily(self.db.path, self.db.backup_dir, self.now, check=check)
        except (OSError, sqlite3.Error):
            log.warning("daily backup failed", exc_info=True)
            return None
        if made is not None:
            log.info("daily backup: %s", made)
        return made

    def before_import(self) -> Path:
        return backups.take(self.db.path, self.db.backup_dir, backups.BEFORE_IMPORT, self.now)


def restore_and_reopen(services: Services, source: Path,
                       now: Callable[[], datetime] = backups.stamp_now) -> Services:
    """Replace the open database by ``source`` and return services opened on the result.

    The source is verified before anything is closed, so a damaged or too-new backup leaves the
    running services untouched. The current file is copied first (恢复前) by ``restore``.
    """
    from .context import open_services

    paths = services.paths
    inspect_file(source, paths.backups)
    user = services.db.user
    services.close()
    restore(paths.database, source, paths.backups, now)
    new = open_services(paths, user=user)
    return new
