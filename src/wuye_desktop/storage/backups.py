"""The backup folder: naming, listing, record counts, taking copies and retention.

Every copy in ``paths.backups`` is named ``wuye-YYYYMMDD-HHMMSS-ffffff-REASON.sqlite3`` so that
its time and reason are known without opening it, and sorting by name sorts by time.

Retention (:func:`retained`) applies only to the automatic copies (每日自动, 导入前, 恢复前):
they are made without anyone asking, so without a limit they would fill the disk of an office PC
within a year. Manual copies (手动) and the copies taken before a schema upgrade (升级前) are never
deleted automatically: the first the worker asked for, the second is the only way back from a
failed upgrade and upgrades are rare. Copies the worker saves into a folder of their own choice
are not in this folder at all and are never looked at.

Time: a copy's name records when it was really made, like a record's ``updated_at``
(:func:`wuye_desktop.storage.types.utcnow`), so the default is the wall clock, read in one
place (:func:`stamp_now`); the business clock (``Services.clock``, pinned in tests) would give
two copies of one test the same name. Every function takes ``now`` so tests choose the time.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .errors import DatabaseCorrupt, classify

log = logging.getLogger(__name__)

DAILY, BEFORE_IMPORT, BEFORE_RESTORE = "daily", "before-import", "before-restore"
MANUAL, BEFORE_MIGRATION = "manual", "before-migration"
#: the reasons whose copies retention may delete
AUTOMATIC = frozenset({DAILY, BEFORE_IMPORT, BEFORE_RESTORE})
KEEP_DAYS, KEEP_WEEKS = 14, 8

#: the registers counted in the restore list (table names)
COUNTED = ("estates", "buildings", "leads", "companies")

_NAME = re.compile(r"^wuye-(\d{8})-(\d{6})(?:-(\d{6}))?(?:-(.+))?\.sqlite3$")


@dataclass(frozen=True)
class BackupFile:
    """One copy in the backup folder, as told by its name."""

    path: Path
    taken: datetime
    #: one of the reason constants; ``before-migration`` without its revision suffix
    reason: str

    @property
    def automatic(self) -> bool:
        return self.reason in AUTOMATIC



def stamp_now() -> datetime:
    """Local wall-clock time for backup names: when the copy was really made (see above)."""
    return datetime.now()

def parse(path: Path) -> BackupFile | None:
    """The time and reason in a backup's file name; None for a file that is not ours."""
    m = _NAME.match(path.name)
    if m is None:
        return None
    day, clock, micro, reason = m.groups()
    try:
        taken = datetime.strptime(day + clock + (micro or "000000"), "%Y%m%d%H%M%S%f")
    except ValueError:
        return None
    reason = reason or MANUAL
    if reason.startswith(BEFORE_MIGRATION):
        reason = BEFORE_MIGRATION
    elif reason not in AUTOMATIC:
        # Unknown or hand-renamed copies count as manual: retention never deletes them.
        reason = MANUAL
    return BackupFile(path, taken, reason)


def list_backups(backup_dir: Path) -> list[BackupFile]:
    """Every copy in ``backup_dir``, newest first."""
    if not backup_dir.is_dir():
        return []
    found = [b for b in (parse(p) for p in backup_dir.glob("wuye-*.sqlite3")) if b is not None]
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def retained(backups: Iterable[BackupFile], today: date, days: int = KEEP_DAYS,
             weeks: int = KEEP_WEEKS) -> set[Path]:
    """The copies to keep: pure, so the rule is tested with lists of dated files.

    - every manual and before-upgrade copy;
    - every automatic copy taken ``today`` (two imports in one afternoon can both be undone
      until the next day);
    - the newest automatic copy of each of the newest ``days`` days that have copies (days, not
      calendar days: after a fortnight's leave the worker still has 14 days to go back to);
    - of the older automatic copies, the newest of each of the newest ``weeks`` ISO weeks that
      have copies.
    """
    keep: set[Path] = set()
    past: list[BackupFile] = []
    taken_today = False
    for b in backups:
        if not b.automatic:
            keep.add(b.path)
        elif b.taken.date() >= today:
            keep.add(b.path)
            taken_today = True
        else:
            past.append(b)
    past.sort(key=lambda b: (b.taken, b.path.name), reverse=True)
    # Today is one of the days that have copies.
    day_slots = max(0, days - 1) if taken_today else days
    kept_days: set[date] = set()
    beyond: list[BackupFile] = []
    for b in past:
        d = b.taken.date()
        if d in kept_days:
            continue  # an older copy of a day already kept
        if len(kept_days) < day_slots:
            kept_days.add(d)
            keep.add(b.path)
        else:
            beyond.append(b)
    kept_weeks: set[tuple[int, int]] = set()
    for b in beyond:  # newest first, so the first of each week is its newest
        iso = b.taken.isocalendar()
        week = (iso[0], iso[1])
        if week in kept_weeks:
            continue
        if len(kept_weeks) >= weeks:
            break
        kept_weeks.add(week)
        keep.add(b.path)
    return keep


def prune(backup_dir: Path, today: date) -> list[Path]:
    """Delete the automatic copies :func:`retained` does not keep; returns what was deleted."""
    backups = list_backups(backup_dir)
    keep = retained(backups, today)
    deleted = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                deleted.append(b.path)
            except OSError:  # open in another program (Windows): try again next time
                log.warning("could not delete old backup %s", b.path, exc_info=True)
    return deleted


def copy_database(src: Path, dest: Path) -> Path:
    """A consistent copy through SQLite's online backup API (safe with WAL and open readers)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    s = sqlite3.connect(src)
    try:
        d = sqlite3.connect(dest)
        try:
            s.backup(d)
        finally:
            d.close()
    finally:
        s.close()
    return dest


def newest_backup(backup_dir: Path) -> Path | None:
    files = sorted(backup_dir.glob("*.sqlite3")) if backup_dir.is_dir() else []
    return files[-1] if files else None


def check_sound(path: Path, backup_dir: Path) -> None:
    """``PRAGMA quick_check`` of ``path`` through a read-only connection; a damaged file raises
    :class:`DatabaseCorrupt` naming the newest backup. It reads the whole file (14 s on a
    1.6 GB database), so it runs in the background after start and before every backup,
    restore and migration, never on the way to the first screen."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        err = classify(exc, path, newest_backup(backup_dir))  # locked, unplugged… say so
        raise (err or DatabaseCorrupt(path, str(exc), newest_backup(backup_dir))) from exc
    if not row or row[0] != "ok":
        raise DatabaseCorrupt(path, f"quick_check: {row[0] if row else '?'}", newest_backup(backup_dir))


def take(src: Path, backup_dir: Path, reason: str,
         now: Callable[[], datetime] = stamp_now, apply_retention: bool = True,
         check: bool = True) -> Path:
    """Copy ``src`` into ``backup_dir`` named by time and reason, then apply retention.

    The source is checked first (``check=False`` only where the caller just checked it): a
    copy of a damaged file is no backup, and it would push a sound one out of retention.
    ``apply_retention=False`` for the copy taken before a restore: the copy being restored may
    itself be the oldest one retention would now drop, so pruning waits until it is restored.
    """
    if check:
        check_sound(src, backup_dir)
    moment = now()
    dest = copy_database(src, backup_dir / f"wuye-{moment:%Y%m%d-%H%M%S-%f}-{reason}.sqlite3")
    if apply_retention:
        prune(backup_dir, moment.date())
    return dest


def daily(src: Path, backup_dir: Path, now: Callable[[], datetime] = stamp_now,
          check: bool = True) -> Path | None:
    """The first start of a day copies the database; later starts that day do nothing."""
    if not src.is_file() or src.stat().st_size == 0:
        return None
    today = now().date()
    if any(b.reason == DAILY and b.taken.date() == today for b in list_backups(backup_dir)):
        return None
    return take(src, backup_dir, DAILY, now, check=check)


@dataclass(frozen=True)
class Counts:
    """Live (not deleted) records per register in one database file; None where unreadable."""

    community: str | None
    values: dict[str, int | None]


def counts(path: Path) -> Counts:
    """Read a backup with plain read-only sqlite3: who it belongs to and how much it holds.

    ``immutable`` because nothing writes a backup: SQLite then needs neither a lock nor a
    ``-shm`` file, so this works on a read-only USB stick too.
    """
    values: dict[str, int | None] = dict.fromkeys(COUNTED)
    community = None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return Counts(None, values)
    try:
        for table in COUNTED:
            try:
                values[table] = int(con.execute(
                    f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0])
            except sqlite3.Error:  # an older schema, or not a database at all
                values[table] = None
        try:
            row = con.execute("SELECT name FROM community LIMIT 1").fetchone()
            community = str(row[0]) if row else None
        except sqlite3.Error:
            pass
    finally:
        con.close()
    return Counts(community, values)

