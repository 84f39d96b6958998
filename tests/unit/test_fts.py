"""The FTS5 trigram indexes (migration 0014) stay in step with their tables through random
inserts, updates and deletes, and the search answers exactly what LIKE answers."""

from __future__ import annotations

import random
import sqlite3
import uuid
from typing import Any

import pytest
from sqlalchemy import text

from wuye_desktop.services.context import Services
from wuye_desktop.services.inspections import InspectionFilter
from wuye_desktop.storage import fts
from wuye_desktop.storage import registers as sql

ALPHABET = "幸福家园小区东西楼号AbCaBc12%_\" "


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(3, 12))).strip() or "幸福家"


def _like(term: str) -> str:
    return "%" + sql.escape_like(term) + "%"


def _mutate(c: Any, rng: random.Random, table: str, mine: list[str]) -> None:
    cols = fts.FTS_COLUMNS[table]
    op = rng.choice(["insert", "update", "update", "delete"])
    if op == "insert" or (op == "delete" and not mine):
        row = dict(c.execute(text(f"SELECT * FROM {table} ORDER BY random() LIMIT 1")).mappings().one())
        row["id"] = str(uuid.uuid4())
        for col in cols:
            row[col] = _word(rng)
        names = ", ".join(row)
        c.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in row)})"), row)
        mine.append(row["id"])
    elif op == "update":
        row_id = c.execute(text(f"SELECT id FROM {table} ORDER BY random() LIMIT 1")).scalar()
        col = rng.choice(cols)
        c.execute(text(f"UPDATE {table} SET {col} = :v WHERE id = :i"), {"v": _word(rng), "i": row_id})
    else:
        c.execute(text(f"DELETE FROM {table} WHERE id = :i"), {"i": mine.pop(rng.randrange(len(mine)))})


def _terms(c: Any, rng: random.Random, table: str, col: str) -> list[str]:
    values = [v for (v,) in c.execute(text(f"SELECT {col} FROM {table} WHERE {col} IS NOT NULL"))]
    out = [_word(rng) for _ in range(3)]
    for v in rng.sample(values, min(4, len(values))):
        i = rng.randrange(max(1, len(v) - 2))
        out.append(v[i:i + rng.randrange(3, 6)].swapcase())  # a substring, ASCII case flipped
    return [t for t in out if fts.indexed(t)]


def test_sqlite_has_fts5_trigram() -> None:
    assert tuple(int(p) for p in sqlite3.sqlite_version.split(".")) >= (3, 34)


@pytest.mark.parametrize("seed", [1, 2])
def test_index_equals_like_after_random_writes(demo_services: Services, seed: int) -> None:
    rng = random.Random(seed)
    mine: dict[str, list[str]] = {t: [] for t in fts.FTS_COLUMNS}
    checked = 0
    for _ in range(6):
        with demo_services.db.engine.begin() as c:
            for _ in range(40):
                t = rng.choice(list(fts.FTS_COLUMNS))
                _mutate(c, rng, t, mine[t])
        with demo_services.db.engine.connect() as c:
            for t, cols in fts.FTS_COLUMNS.items():
                count = c.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                assert c.execute(text(f"SELECT count(*) FROM {t}_fts")).scalar() == count
                for col in cols:
                    for term in _terms(c, rng, t, col):
                        by_index = set(c.execute(fts.matching_ids(t, [col], term)).scalars())
                        by_like = set(c.execute(text(
                            f"SELECT id FROM {t} WHERE {col} LIKE :p ESCAPE '\\'"), {"p": _like(term)}).scalars())
                        assert by_index == by_like, (t, col, term)
                        checked += len(by_like)
    assert checked > 0  # the terms did match rows


def test_register_and_inspection_search_equal_the_like_answer(demo_services: Services,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    searches: dict[str, list[str]] = {}
    with demo_services.db.session() as s:
        for kind in ("estates", "buildings", "units", "leads", "companies", "committees", "members"):
            rows = sql.page(s, kind, limit=100000)
            words = [str(v) for r in rows for v in r[1:-2] if isinstance(v, str) and len(v) >= 3]
            searches[kind] = [w[:4] for w in rng.sample(words, min(5, len(words)))] + ["东区 1号", "不存在的"]

    def answers() -> tuple[dict[tuple[str, str], list[str]], dict[str, list[str]]]:
        with demo_services.db.session() as s:
            reg = {(k, q): [r[0] for r in sql.page(s, k, search=q, limit=100000)]
                   for k, qs in searches.items() for q in qs}
        ins = {q: [r.id for r in demo_services.inspections.find(InspectionFilter(search=q), limit=100000)]
               for q in searches["estates"]}
        return reg, ins

    by_index = answers()
    monkeypatch.setattr(fts, "MIN_CHARS", 10**6)  # every term through LIKE
    by_like = answers()
    assert by_index == by_like
    assert sum(map(len, by_index[0].values())) > 0
