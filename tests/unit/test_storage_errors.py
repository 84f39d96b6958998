"""SQLite errors are classified by result code, made by real conditions where one can be made:
a full database, a lock held by another program, a read-only file, a missing folder, a damaged
file; the user reads a plain Chinese message, and anything else stays a bug."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from wuye_desktop.storage import db as db_module
from wuye_desktop.storage.db import Database, make_engine
from wuye_desktop.storage.errors import (
    CannotOpen,
    DatabaseCorrupt,
    DatabaseLocked,
    DiskFull,
    DiskIOError,
    NotWritable,
    StorageError,
    classify,
    primary_code,
)
from wuye_desktop.storage.models import LocalSetting


def _sqlite_error(fn) -> sqlite3.Error:  # type: ignore[no-untyped-def]
    try:
        fn()
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no sqlite3 error")


def test_disk_full_through_a_unit_of_work(tmp_path: Path) -> None:
    db = Database(tmp_path / "full.sqlite3")
    with pytest.raises(DiskFull) as info, db.unit_of_work() as s:
        # This connection may not grow the file past its current size: SQLITE_FULL.
        pages = s.execute(text("PRAGMA page_count")).scalar_one()
        s.execute(text(f"PRAGMA max_page_count={pages}"))
        for i in range(200):
            s.add(LocalSetting(key=f"k{i}", value="x" * 4000))
            s.flush()
    assert "磁盘空间不足" in str(info.value) and "已填写的内容没有丢失" in str(info.value)
    assert primary_code(info.value.__cause__) == sqlite3.SQLITE_FULL  # type: ignore[arg-type]
    db.close()
    db = Database(tmp_path / "full.sqlite3")
    assert db.get_setting("k0") is None  # rolled back, nothing half-written
    db.close()


def test_locked_by_another_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    db = Database(tmp_path / "busy.sqlite3")
    db.engine.dispose()  # reconnect with the short timeout
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLocked) as info:
            db.set_setting("x", "y")
        assert "另一个程序使用" in str(info.value) and "已填写的内容没有丢失" in str(info.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    db.set_setting("x", "y")  # works again once the other program lets go
    assert db.get_setting("x") == "y"
    db.close()


def test_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    Database(path).close()
    # Opened read-only, as from a write-protected USB stick (root ignores chmod).
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    exc = _sqlite_error(lambda: con.execute("INSERT INTO local_settings VALUES ('a', 'b')"))
    con.close()
    assert primary_code(exc) == sqlite3.SQLITE_READONLY
    err = classify(exc, path)
    assert isinstance(err, NotWritable) and "只读" in str(err)


def test_read_only_through_a_unit_of_work(tmp_path: Path) -> None:
    db = Database(tmp_path / "q.sqlite3")
    with pytest.raises(NotWritable), db.unit_of_work() as s:
        s.execute(text("PRAGMA query_only=1"))
        s.add(LocalSetting(key="a", value="b"))
        s.flush()
    db.close()


def test_cannot_open_a_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "unplugged" / "wuye.sqlite3"
    exc = _sqlite_error(lambda: sqlite3.connect(missing))
    assert primary_code(exc) == sqlite3.SQLITE_CANTOPEN
    assert isinstance(classify(exc, missing), CannotOpen)
    # and through the engine, on connecting
    with pytest.raises(CannotOpen) as info:
        make_engine(missing).connect()
    assert "无法打开" in str(info.value)


def test_damaged_files(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all " * 500)
    con = sqlite3.connect(garbage)
    exc = _sqlite_error(lambda: con.execute("SELECT * FROM sqlite_master").fetchall())
    con.close()
    assert primary_code(exc) == sqlite3.SQLITE_NOTADB
    assert isinstance(classify(exc, garbage), DatabaseCorrupt)

    truncated = tmp_path / "truncated.sqlite3"
    con = sqlite3.connect(truncated)
    con.execute("CREATE TABLE t (x TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 2000)
    con.commit()
    con.close()
    data = truncated.read_bytes()
    # keep the header and the schema page, scramble the pages of the table
    truncated.write_bytes(data[:4096] + bytes(range(256)) * ((len(data) - 4096) // 256))
    con = sqlite3.connect(truncated)
    exc = _sqlite_error(lambda: con.execute("SELECT count(*), max(x) FROM t").fetchall())
    con.close()
    assert primary_code(exc) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    err = classify(exc, truncated)
    assert isinstance(err, DatabaseCorrupt) and "已损坏" in str(err)


def test_io_error_of_a_pulled_usb_stick(tmp_path: Path) -> None:
    # An I/O error needs failing hardware; the driver's exception carries the extended code
    # SQLITE_IOERR_WRITE (778), whose low byte is SQLITE_IOERR.
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = sqlite3.SQLITE_IOERR_WRITE  # type: ignore[attr-defined]
    exc.sqlite_errorname = "SQLITE_IOERR_WRITE"  # type: ignore[attr-defined]
    err = classify(exc, tmp_path / "u.sqlite3")
    assert isinstance(err, DiskIOError) and "U盘" in str(err) and "已填写的内容没有丢失" in str(err)
    wrapped = OperationalError("INSERT …", {}, exc)
    assert isinstance(classify(wrapped, tmp_path / "u.sqlite3"), DiskIOError)


def test_the_code_decides_not_the_message(tmp_path: Path) -> None:
    lying = sqlite3.OperationalError("database is locked")  # but SQLITE_ERROR: a bug
    lying.sqlite_errorcode = sqlite3.SQLITE_ERROR  # type: ignore[attr-defined]
    assert classify(lying, tmp_path) is None
    plain = sqlite3.OperationalError("database is locked")  # no code at all: a bug
    assert classify(plain, tmp_path) is None
    busy = sqlite3.OperationalError("etwas anderes")
    busy.sqlite_errorcode = 517  # SQLITE_BUSY_SNAPSHOT
    assert isinstance(classify(busy, tmp_path), DatabaseLocked)


def test_a_bug_stays_a_bug(tmp_path: Path) -> None:
    db = Database(tmp_path / "bug.sqlite3")
    with pytest.raises(OperationalError) as info, db.unit_of_work() as s:
        s.execute(text("SELEC 1"))
    assert not isinstance(info.value, StorageError)
    assert primary_code(info.value) == sqlite3.SQLITE_ERROR
    with pytest.raises(OperationalError), db.session() as s:
        s.execute(text("SELECT nope FROM local_settings"))
    db.close()


def test_no_message_text_matching_left() -> None:
    src = Path(db_module.__file__).parent
    for f in ("db.py", "errors.py"):
        code = (src / f).read_text(encoding="utf-8")
        assert '"locked" in' not in code and "in msg" not in code and "str(exc).lower()" not in code
