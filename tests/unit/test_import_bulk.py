"""The import's bulk write (Core executemany of new rows, their outbox and history entries) leaves
exactly what the per-row ORM flush leaves: the same file imported into two fresh databases, once
each way, gives the same rows in every table. Ids, op ids and device ids are random by design, so
they are replaced by labels given in outbox order (a row's label is the same wherever its id
appears: its own row, references, outbox and history entries, JSON payloads)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tabular.test_sheet_per_estate import book
from wuye_desktop.services import import_write, schedules
from wuye_desktop.services.context import Services
from wuye_desktop.storage import outbox

AT = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def _file(tmp_path: Path) -> Path:
    return book(tmp_path / "台账.xlsx", {
        "小区": [["小区名称", "管理模式"], ["东风花园", "准物业"], ["西山小区", "专业物业"]],
        "楼栋信息": [["小区名称", "楼号", "单元数", "层数", "户数", "建成年份"],
                     ["东风花园", "1号楼", 3, 6, 36, 1995], ["东风花园", "2号楼", 2, 6, None, None],
                     ["西山小区", "1号楼", 1, 18, 72, 2008], ["西山小区", "3号楼", 2, 5, 20, 1990]],
        # units the 单元数 made, changed in the same transaction (coalesce into their inserts),
        # and a third unit of 2号楼 that raises its 单元数 (an update of a bulk-inserted building)
        "单元": [["小区名称", "楼号", "单元号", "层数", "户数"],
                 ["东风花园", "1号楼", "1单元", 6, 12], ["东风花园", "2号楼", 3, 5, 10]],
        "楼长名单": [["姓名", "手机", "小区", "楼号", "单元"],
                     ["李桂兰", "13912345678", "东风花园", "1号楼", "1单元"],
                     ["赵强", "13912345670", "西山小区", "3号楼", None]],
    })


def _dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'alembic_version' ORDER BY name")]
        labels: dict[str, str] = {}
        devices = {r[0] for r in con.execute("SELECT DISTINCT device_id FROM outbox")}
        # inserts are written in the order the rows were made; the order of two updates in
        # one flush is the session's (a set), so an update's op is named by its row
        entries = list(con.execute("SELECT row_id, op_id, kind FROM outbox ORDER BY seq"))
        for row_id, _op, kind in entries:
            if kind == "insert":
                labels[row_id] = f"row{len(labels)}"
        seen: dict[str, int] = {}
        for row_id, op_id, kind in entries:
            seen[row_id] = seen.get(row_id, 0) + 1
            labels[op_id] = f"{kind} {seen[row_id]} of {labels[row_id]}"
        for hid, op_id in con.execute("SELECT id, op_id FROM history"):
            labels[hid] = f"history of {labels[op_id]}"  # every local version has its op
        labels.update({d: "DEVICE" for d in devices if d})

        def label(v: Any) -> Any:
            if isinstance(v, str):
                if v in labels:
                    return labels[v]
                if v[:1] in "{[":
                    try:
                        return json.dumps(label(json.loads(v)), ensure_ascii=False, sort_keys=True)
                    except ValueError:
                        return v
                return v
            if isinstance(v, list):
                return [label(x) for x in v]
            if isinstance(v, dict):
                return {k: label(x) for k, x in v.items()}
            return v

        out: dict[str, list[tuple[Any, ...]]] = {}
        for t in tables:
            cols = [c[1] for c in con.execute(f'PRAGMA table_info("{t}")')]
            # the outbox's seq orders inserts as the labels do; see above for updates
            out[t] = sorted((tuple(None if c == "seq" else label(v) for c, v in zip(cols, row, strict=True))
                             for row in con.execute(f'SELECT * FROM "{t}"')), key=repr)
            out[t].insert(0, tuple(cols))
        return out
    finally:
        con.close()


def _import(make: Callable[[], Services], path: Path, bulk: bool) -> tuple[Services, Path]:
    svc = make()
    svc.transfer._bulk = bulk
    # an estate already registered: the file updates it (the ORM path in both runs)
    svc.registers.save("estates", {"name": "西山小区", "management_mode": "quasi"})
    report = svc.transfer.import_file("all", path)
    assert report.ok, report.text()
    assert report.created["buildings"] == 4 and report.updated["estates"] == 1
    return svc, svc.paths.database


@pytest.fixture
def pinned_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "utcnow", lambda: AT)
    monkeypatch.setattr(import_write, "utcnow", lambda: AT)
    monkeypatch.setattr(schedules, "utcnow", lambda: AT)  # a mode change retires a schedule


def test_bulk_write_equals_the_orm_flush(services_factory: Callable[[], Services],
                                         tmp_path: Path, pinned_now: None) -> None:
    f = _file(tmp_path)
    orm, orm_db = _import(services_factory, f, bulk=False)
    fast, fast_db = _import(services_factory, f, bulk=True)
    orm.close()
    fast.close()
    a, b = _dump(orm_db), _dump(fast_db)
    assert a.keys() == b.keys()
    for t in a:
        assert a[t] == b[t], t
    # something was imported, the units 单元数 derives included, each with its outbox entry
    assert len(b["buildings"]) - 1 == 4 and len(b["units"]) - 1 == 3 + 3 + 1 + 2
    kinds = [r for r in b["outbox"][1:]]
    assert len(kinds) == len(b["history"]) - 1
