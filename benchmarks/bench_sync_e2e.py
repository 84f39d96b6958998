"""Push and pull of N operations the way the desktop does it, against the raw-executemany floor.

    .venv/bin/python benchmarks/bench_sync_e2e.py [--ops 50000] [--workers 2] [--db URL]

The real path: a desktop data folder (``open_services``) with N estates written through the
ORM (so change capture fills the outbox, as a person's edits do), enrolled with a one-time code,
then ``services.sync.run()`` — what ``wuye-desktop sync run`` and the 同步 screen call: seal,
push, record every reply, then pull — timed whole. A second desktop of the same community then
runs ``sync.run()`` on an empty folder and pulls all N rows (timed). The server is
``wuye-county serve`` exactly as docs/deploy.md deploys it (``--workers 2``, access and security
logs on) on a throwaway PostgreSQL database (127.0.0.1:5432; SQLite fallback said so).

The floor is a raw psycopg ``executemany`` of the same rows into a logged table with a
primary key, committed once (``bench_sync.raw_floor``). Prints figure, floor and ratio, and
the client's own cost per batch (building operations, JSON, gzip) measured on the same data.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))

import keyring  # noqa: E402
from bench_sync import COMMUNITY, Database, raw_floor, start_deployed, stop_server  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from sqlalchemy import select  # noqa: E402
from uuid6 import uuid7  # noqa: E402

from wuye_county.auth import create_enrolment_code  # noqa: E402
from wuye_county.db import make_engine, upgrade  # noqa: E402
from wuye_desktop.domain.enums import ManagementMode  # noqa: E402
from wuye_desktop.paths import resolve  # noqa: E402
from wuye_desktop.services.context import open_services  # noqa: E402
from wuye_desktop.services.sync_engine import SyncEngine  # noqa: E402
from wuye_desktop.storage.models import Estate, OutboxEntry  # noqa: E402
from wuye_desktop.sync.engine import push_batch  # noqa: E402
from wuye_desktop.sync.protocol import MAX_BATCH_OPS  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """The refresh tokens of the benchmark's two desktops (no system keyring needed)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def code(engine, community: str) -> str:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        return create_enrolment_code(conn, community, "基准测试社区")[0]


def fill(services, n: int) -> None:  # type: ignore[no-untyped-def]
    """N new estates through the ORM: change capture writes one outbox entry each."""
    for start in range(0, n, 5000):
        with services.db.unit_of_work() as s:
            s.add_all(Estate(name=f"基准小区{i}", community_code=COMMUNITY, household_count=i,
                             management_mode=ManagementMode.PROFESSIONAL)
                      for i in range(start, min(n, start + 5000)))


def batching_cost(services) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Seconds per batch of 500 for the client's own steps, on this desktop's outbox."""
    with services.db.session() as s:
        entries = list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)
                                 .limit(MAX_BATCH_OPS)))
    t0 = time.perf_counter()
    ops = [SyncEngine._entry_op(e) for e in entries]
    batch = push_batch(str(uuid7()), str(uuid7()), ops)
    t1 = time.perf_counter()
    body = batch.model_dump_json().encode()
    t2 = time.perf_counter()
    gzip.compress(body, 6)
    t3 = time.perf_counter()
    return {"operations (pydantic)": t1 - t0, "JSON": t2 - t1, "gzip -6": t3 - t2}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ops", type=int, default=50_000)
    ap.add_argument("--workers", default="2", help="wuye-county serve --workers (deployed: 2)")
    ap.add_argument("--db", help="database URL (default: throwaway PostgreSQL database)")
    a = ap.parse_args()
    keyring.set_keyring(MemoryKeyring())
    db = Database(a.db)
    engine = make_engine(db.url)
    upgrade(engine)
    tmp = tempfile.TemporaryDirectory(prefix="wuye_e2e_")
    proc, base = start_deployed(db.url, Path(tmp.name) / "county", "--workers", a.workers)
    try:
        pusher = open_services(resolve(Path(tmp.name) / "a"), user="基准")
        pusher.sync.enroll(base, code(engine, COMMUNITY), "基准机A")
        fill(pusher, a.ops)
        cost = batching_cost(pusher)
        t0 = time.perf_counter()
        report = pusher.sync.run()
        push_s = time.perf_counter() - t0
        if report.pushed.get("applied") != a.ops:
            raise RuntimeError(f"push not all applied: {dict(report.pushed)}")

        puller = open_services(resolve(Path(tmp.name) / "b"), user="基准")
        puller.sync.enroll(base, code(engine, COMMUNITY), "基准机B")
        t0 = time.perf_counter()
        report = puller.sync.run()
        pull_s = time.perf_counter() - t0
        if report.pulled < a.ops:
            raise RuntimeError(f"pulled {report.pulled} rows, expected {a.ops}")

        with pusher.db.session() as s:
            rows = list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
        floor_s = raw_floor(db, [SyncEngine._entry_op(e) for e in rows], temp=False)
        floor = a.ops / floor_s
        print(f"database: {'PostgreSQL' if db.postgres else 'SQLite (FALLBACK)'}; server: "
              f"wuye-county serve --workers {a.workers} (as deployed, logs on), loopback")
        print(f"push, SyncService.run (seal, send, record, pull): {a.ops / push_s:>9,.0f} ops/s "
              f"({push_s:.1f} s)")
        print(f"pull, SyncService.run on a new desktop:          {report.pulled / pull_s:>9,.0f} "
              f"rows/s ({report.pulled} rows in {pull_s:.1f} s)")
        print(f"floor, raw executemany (logged table, PK):        {floor:>9,.0f} rows/s "
              f"({floor_s:.2f} s)")
        print(f"ratio push / floor: {a.ops / push_s / floor:.3f}x (goal >= 0.3x)")
        print(f"ratio pull / floor: {report.pulled / pull_s / floor:.3f}x")
        print("client cost per batch of 500: " + ", ".join(
            f"{k} {v * 1000:.1f} ms" for k, v in cost.items()))
        pusher.close()
        puller.close()
    finally:
        stop_server(proc)
        engine.dispose()
        db.close()
        tmp.cleanup()


if __name__ == "__main__":
    main()
