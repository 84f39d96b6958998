"""Real SQLite transactions: a unit of work is isolated from other connections' commits, a read
session is one snapshot, writers queue instead of failing, and a sync on the network thread and
an edit on the database thread of one row lose nothing. Real files, real threads."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, update

from wuye_desktop.services import sync_engine
from wuye_desktop.services.context import Services
from wuye_desktop.services.registers import RegisterService
from wuye_desktop.services.sync_engine import SyncEngine, SyncReport
from wuye_desktop.storage.db import Database
from wuye_desktop.storage.models import Estate, LocalSetting, OutboxEntry
from wuye_desktop.storage.models_sync import SyncCopy
from wuye_desktop.sync.protocol import Change


def _settings(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(LocalSetting)) or 0)


def _other_writer(path: Path, key: str, done: threading.Event, errors: list[BaseException]
                  ) -> threading.Thread:
    """Another program's connection that inserts one setting and commits (waiting up to 10 s)."""
    def run() -> None:
        try:
            con = sqlite3.connect(path, timeout=10)
            con.execute("INSERT INTO local_settings(key, value) VALUES (?, 'x')", (key,))
            con.commit()
            con.close()
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            done.set()
    return threading.Thread(target=run, daemon=True)


def test_unit_of_work_never_sees_another_connections_commit(tmp_path: Path) -> None:
    db = Database(tmp_path / "w.sqlite3")
    done, errors = threading.Event(), []
    with db.unit_of_work() as s:
        before = s.scalar(select(func.count()).select_from(LocalSetting))
        t = _other_writer(db.path, "other", done, errors)
        t.start()
        time.sleep(0.5)  # plenty for the other connection to commit, were it allowed to
        assert s.scalar(select(func.count()).select_from(LocalSetting)) == before
        assert not done.is_set(), "another connection committed in the middle of a unit of work"
        s.add(LocalSetting(key="mine", value="y"))
    t.join(15)
    assert done.is_set() and not errors
    assert _settings(db) == before + 2
    db.close()


def test_read_session_is_one_snapshot(tmp_path: Path) -> None:
    db = Database(tmp_path / "r.sqlite3")
    with db.session() as s:
        first = s.scalar(select(func.count()).select_from(LocalSetting))
        done, errors = threading.Event(), []
        t = _other_writer(db.path, "other", done, errors)
        t.start()
        t.join(15)
        assert done.is_set() and not errors  # readers never block a writer (WAL)
        assert s.scalar(select(func.count()).select_from(LocalSetting)) == first
    assert _settings(db) == first + 1
    db.close()


def test_two_writers_queue_and_lose_no_update(tmp_path: Path) -> None:
    """Read-modify-write from two threads: BEGIN IMMEDIATE serialises them (a deferred BEGIN
    lets both read, then one fails on the lock upgrade or overwrites the other)."""
    db = Database(tmp_path / "c.sqlite3")
    db.set_setting("counter", "0")
    errors: list[BaseException] = []

    def bump(n: int) -> None:
        try:
            for _ in range(n):
                with db.unit_of_work() as s:
                    row = s.get(LocalSetting, "counter")
                    assert row is not None
                    value = int(row.value)
                    time.sleep(0.002)  # widen the window between the read and the write
                    row.value = str(value + 1)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=bump, args=(40,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert db.get_setting("counter") == "80"
    db.close()


# --- a sync (network thread) and an edit (database thread) of one row ------------------------


def _estate(services: Services) -> Estate:
    """An estate as after a sync: every outbox entry answered, so a pull may update it."""
    with services.db.unit_of_work() as s:
        s.execute(update(OutboxEntry).values(state="applied"))
    with services.db.session() as s:
        return s.scalars(select(Estate).where(Estate.deleted_at.is_(None))
                         .order_by(Estate.name)).first()


def _pulled(e: Estate, **data: Any) -> Change:
    return Change(table="estates", row_id=e.id, version=e.version + 1,
                  community_code=e.community_code or "", data={"name": e.name, **data},
                  changed_at=datetime.now(UTC))


def _run(fn: Callable[[], Any], errors: list[BaseException], name: str = "") -> threading.Thread:
    def run() -> None:
        try:
            fn()
        except BaseException as exc:
            errors.append(exc)
    t = threading.Thread(target=run, daemon=True, name=name or None)
    t.start()
    return t


def _on(name: str) -> Callable[[], bool]:
    return lambda: threading.current_thread().name == name


def _paused(target: Any, name: str, monkeypatch: pytest.MonkeyPatch, only: Callable[[], bool]
            ) -> tuple[threading.Event, threading.Event]:
    """Make ``target.name`` stop inside its caller's transaction until released."""
    inside, release = threading.Event(), threading.Event()
    original = getattr(target, name)

    def wrapper(*a: Any, **kw: Any) -> Any:
        result = original(*a, **kw)
        if only():
            inside.set()
            assert release.wait(20)
        return result

    monkeypatch.setattr(target, name, wrapper)
    return inside, release


def test_edit_waits_for_a_pull_in_progress_and_keeps_its_version(
        demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pull holds the row; the edit begun meanwhile waits, then edits the pulled version
    (its outbox entry's base is the pulled version, so the county sees no false conflict).

    The pulled version changes no field of the open form (a version the county confirmed):
    a field changed on both sides is the form's business (it saves only what the person
    changed), not the transaction's."""
    regs: RegisterService = demo_services.registers
    e = _estate(demo_services)
    values = regs.get("estates", e.id)
    assert values is not None
    year = (e.year_built or 1990) + 1  # a real change, so the edit writes an outbox entry
    sync = SyncEngine(demo_services.db, client=None)  # type: ignore[arg-type]
    # paused once the pulled version is written, inside the pull's transaction
    inside, release = _paused(sync_engine, "record_server_version", monkeypatch,
                              only=_on("network"))
    errors: list[BaseException] = []
    report = SyncReport()
    change = _pulled(e)
    pull = _run(lambda: sync._apply_page([change], "c1", report), errors, "network")
    assert inside.wait(20), errors
    edit = _run(lambda: regs.save("estates", {**values, "year_built": year}, e.id), errors,
                "database")
    time.sleep(0.5)
    assert edit.is_alive(), "the edit did not wait for the pull's transaction"
    release.set()
    pull.join(30)
    edit.join(30)
    assert not errors, errors
    with demo_services.db.session() as s:
        row = s.get(Estate, e.id)
        assert row is not None
        assert row.year_built == year and row.version == e.version + 1
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == e.id)
                          .order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None and entry.base_version == e.version + 1
    assert report.pulled == 1


def test_pull_waits_for_an_edit_in_progress_and_keeps_the_server_copy(
        demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit holds the row; the pull begun meanwhile waits, then finds the local edit
    pending and keeps the server's version beside it instead of overwriting either."""
    regs: RegisterService = demo_services.registers
    e = _estate(demo_services)
    values = regs.get("estates", e.id)
    assert values is not None
    year = (e.year_built or 1990) + 1  # a real change, so the edit writes an outbox entry
    inside, release = _paused(RegisterService, "_save", monkeypatch, only=_on("database"))
    errors: list[BaseException] = []
    edit = _run(lambda: regs.save("estates", {**values, "year_built": year}, e.id), errors,
                "database")
    assert inside.wait(20), errors
    sync = SyncEngine(demo_services.db, client=None)  # type: ignore[arg-type]
    report = SyncReport()
    change = _pulled(e, address="县里改过的地址")
    pull = _run(lambda: sync._apply_page([change], "c1", report), errors, "network")
    time.sleep(0.5)
    assert pull.is_alive(), "the pull did not wait for the edit's transaction"
    release.set()
    edit.join(30)
    pull.join(30)
    assert not errors, errors
    with demo_services.db.session() as s:
        row = s.get(Estate, e.id)
        assert row is not None and row.year_built == year and row.address == e.address
        copy = s.get(SyncCopy, ("copy", "estates", e.id))
        assert copy is not None and copy.data["address"] == "县里改过的地址"
    assert report.kept_local == 1 and report.pulled == 0


@pytest.mark.parametrize("side", ["desktop", "county"])
def test_ddl_is_transactional_on_both_sides(tmp_path: Path, side: str) -> None:
    """A migration that fails half-way leaves no half-built schema (pysqlite's own handling
    ran DDL outside any transaction); the county uses the same mechanism."""
    from sqlalchemy import inspect, text

    from wuye_county.db import make_engine as county_engine
    from wuye_desktop.storage.db import make_engine as desktop_engine

    path = tmp_path / f"{side}.sqlite3"
    engine = desktop_engine(path) if side == "desktop" else county_engine(f"sqlite:///{path}")
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, stmt, *_a: seen.append(" ".join(stmt.split()[:2])))
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.execute(text("CREATE TABLE half_built (x INTEGER)"))
        raise RuntimeError("the migration failed here")
    assert "half_built" not in inspect(engine).get_table_names()
    assert "BEGIN IMMEDIATE" in seen
    engine.dispose()
