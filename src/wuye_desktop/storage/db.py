"""The database: opening checks, migrations with a backup first, engine pragmas, unit of work.

Opening order matters: we look at the file (integrity, schema revision) with plain sqlite3
before SQLAlchemy or Alembic touch it, so a corrupt or too-new file is refused untouched.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from . import backups
from . import outbox as _outbox  # noqa: F401  (registers the change-capture listeners)
from .backups import check_sound, newest_backup
from .errors import DatabaseCorrupt, SchemaTooNew, StorageError, classify
from .models import LocalSetting
from .outbox import ACTOR, Actor
from .revisions import current_head, known_revisions
from .sqlite_tx import readers, use_explicit_transactions
from .types import new_id

log = logging.getLogger(__name__)

#: how long a writer waits for another to finish before the user hears "locked" (tests shorten it)
BUSY_TIMEOUT_MS = 10000


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # FULL: a committed register edit must survive a power cut in an office without a UPS.
    cur.execute("PRAGMA synchronous=FULL")
    # Writers wait for each other this long (BEGIN IMMEDIATE queues on it) before "locked".
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cur.close()


def make_engine(path: Path) -> Engine:
    """The engine of one database file: real transactions, IMMEDIATE unless told otherwise
    (see :mod:`.sqlite_tx`), and SQLite's environmental errors raised as :class:`StorageError`."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 10})
    use_explicit_transactions(engine, default="IMMEDIATE")
    event.listen(engine, "connect", _set_pragmas)
    path = Path(path)

    def _user_problem(ctx: ExceptionContext) -> BaseException | None:
        # One place for every statement, commit and BEGIN, reads included: a pulled USB stick
        # during a list refresh is the user's problem as much as during a save.
        err = classify(ctx.original_exception, path)
        if err is not None:
            err.__cause__ = ctx.original_exception
        return err

    event.listen(engine, "handle_error", _user_problem)
    return engine


def backup_to(src: Path, dest: Path) -> Path:
    """A consistent copy through SQLite's online backup API (safe with WAL and open readers)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    d.close()
    s.close()
    return dest


def timestamped_backup(src: Path, backup_dir: Path, reason: str,
                       now: Callable[[], datetime] = backups.stamp_now) -> Path:
    """A named copy in the backup folder; retention lives in :mod:`.backups`."""
    return backups.take(src, backup_dir, reason, now)


def inspect_file(path: Path, backup_dir: Path, check: bool = True) -> str | None:
    """Integrity check and schema revision of an existing file, read without modifying it.

    Returns the Alembic revision (None for an empty file). Raises DatabaseCorrupt/SchemaTooNew.
    ``check=False`` reads only the schema (a file SQLite cannot read is still refused): opening
    for work leaves the full check to the background (see :func:`.backups.check_sound`).
    """
    if check:
        check_sound(path, backup_dir)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            has_version = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            rev = None
            if has_version:
                r = con.execute("SELECT version_num FROM alembic_version").fetchone()
                rev = r[0] if r else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        err = classify(exc, path, newest_backup(backup_dir))
        # Anything SQLite cannot read that is not a passing condition (locked, unplugged…) is
        # treated as damage: the file is refused untouched and a backup offered.
        raise (err or DatabaseCorrupt(path, str(exc), newest_backup(backup_dir))) from exc
    if rev is not None and rev not in known_revisions():
        raise SchemaTooNew(path, rev)
    return rev


class Database:
    """One SQLite file: the only way the rest of the app reaches storage."""

    def __init__(self, path: Path, backup_dir: Path | None = None, user: str = "") -> None:
        self.path = Path(path)
        self.backup_dir = backup_dir or self.path.parent / "backups"
        self.user = user
        self.migration_backup: Path | None = None
        self._open()

    def _open(self) -> None:
        existed = self.path.exists() and self.path.stat().st_size > 0
        # No full check here (it reads the whole file): the copy before a migration checks it.
        rev = inspect_file(self.path, self.backup_dir, check=False) if existed else None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        head = current_head()
        if existed and rev != head:
            self.migration_backup = timestamped_backup(self.path, self.backup_dir,
                                                       f"before-migration-{rev or 'none'}")
            log.info("backup before migration: %s", self.migration_backup)
        self.engine = make_engine(self.path)
        try:
            if rev != head:
                from .migrate import upgrade  # Alembic only when there is something to migrate

                with self.engine.begin() as conn:
                    upgrade(conn)
        except sqlite3.Error as exc:  # pragma: no cover - depends on the disk
            raise classify(exc, self.path) or exc from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(readers(self.engine), expire_on_commit=False)
        self.device_id = self._ensure_device_id()
        self.actor = Actor(self.user, self.device_id)

    def _ensure_device_id(self) -> str:
        with self._sessions() as s, s.begin():
            row = s.get(LocalSetting, "device_id")
            if row is None:
                row = LocalSetting(key="device_id", value=new_id())
                s.add(row)
            return row.value

    def set_user(self, user: str) -> None:
        """Who makes the following changes (the worker switched, 切换工作人员): every session
        opened from now on stamps rows, outbox and history with this name."""
        self.user = user
        self.actor = Actor(user, self.device_id)

    def session(self) -> Session:
        """A session for reading: its transaction begins DEFERRED, so every query in it sees
        one snapshot (from its first read until the session closes), whatever other
        connections commit meanwhile. Write through :meth:`unit_of_work` instead."""
        s = self._readers()
        s.info[ACTOR] = self.actor
        return s

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock before the first read,
        so what it reads stays true until it commits (no other writer can slip in between);
        commits on success, rolls back (and writes no outbox) on error. SQLite's environmental
        errors arrive as :class:`StorageError` (see :func:`make_engine`)."""
        s = self._sessions()
        s.info[ACTOR] = self.actor
        try:
            with s.begin():
                yield s
        except sqlite3.Error as exc:  # raised by the driver outside SQLAlchemy's statements
            raise (classify(exc, self.path) or exc) from exc
        finally:
            s.close()

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.session() as s:
            row = s.get(LocalSetting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.unit_of_work() as s:
            s.merge(LocalSetting(key=key, value=value))

    def backup(self, dest: Path | None = None) -> Path:
        if dest is None:
            return timestamped_backup(self.path, self.backup_dir, "manual")
        if dest.is_dir():
            dest = dest / f"wuye-{backups.stamp_now():%Y%m%d-%H%M%S}.sqlite3"
        self.check()
        return backup_to(self.path, dest)

    def check(self) -> None:
        """The full integrity check (raises :class:`DatabaseCorrupt`); run it in the background."""
        check_sound(self.path, self.backup_dir)

    def quick_check(self) -> str:
        with self.engine.connect() as c:
            return str(c.exec_driver_sql("PRAGMA quick_check").scalar())

    def close(self) -> None:
        self.engine.dispose()


def restore(path: Path, source: Path, backup_dir: Path,
            now: Callable[[], datetime] = backups.stamp_now) -> Path | None:
    """Replace ``path`` by a verified copy of ``source``; the current file is backed up first."""
    if not source.is_file():
        raise StorageError(f"找不到备份文件：{source}")
    inspect_file(source, backup_dir)  # refuses corrupt or newer-schema backups
    saved = None
    if path.exists():
        try:
            inspect_file(path, backup_dir)  # checked: the copy below need not check again
            saved = backups.take(path, backup_dir, backups.BEFORE_RESTORE, now,
                                 apply_retention=False, check=False)
        except (DatabaseCorrupt, SchemaTooNew):
            saved = backup_dir / f"wuye-{now():%Y%m%d-%H%M%S}-broken.sqlite3.keep"
            shutil.copy2(path, saved)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    backup_to(source, path)
    backups.prune(backup_dir, now().date())
    return saved


def live(stmt, model):  # type: ignore[no-untyped-def]
    """Restrict a select to rows that are not tombstoned."""
    return stmt.where(model.deleted_at.is_(None))


__all__ = ["Database", "StorageError", "live", "restore", "select"]
