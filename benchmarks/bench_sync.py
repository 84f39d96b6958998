"""Push and pull of N operations over loopback, against a raw ``executemany`` of the same rows.

    .venv/bin/python benchmarks/bench_sync.py [--ops 50000] [--devices 4] [--db URL]

The county server runs as a separate uvicorn process (one worker) on 127.0.0.1, so the client's
own work (pydantic, JSON, gzip in ``CountyClient``) does not share a GIL with the server. Push
is measured twice: one device sending its batches of 500 one after another (the worst case:
client, network and one commit per batch all in series), then ``--devices`` devices pushing
their share at the same time (what a county server sees). Pull is one fresh device paging
through everything with ``limit=2000``.

The floor is a raw psycopg ``executemany`` of the same rows (generic JSON rows keyed like
``rows``) into an ordinary, WAL-logged table with a primary key, committed once, in the same
run; the older TEMP-table floor (no WAL, no index) is printed too for comparison.

Without --db a throwaway database on 127.0.0.1:5432 is created and dropped; when PostgreSQL is
not reachable there the benchmark says so and falls back to a SQLite file.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402
from uuid6 import uuid7  # noqa: E402

from wuye_county.auth import create_enrolment_code  # noqa: E402
from wuye_county.db import make_engine, upgrade  # noqa: E402
from wuye_desktop.sync.client import CountyClient  # noqa: E402
from wuye_desktop.sync.protocol import MAX_BATCH_OPS, Operation, PushBatch  # noqa: E402

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
COMMUNITY = "330106001001"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    """uvicorn in its own process on a free loopback port; returns it and its base URL."""
    port = free_port()
    env = {**os.environ, "WUYE_COUNTY_DB": url,
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "wuye_county.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
         "--log-level", "warning", "--no-access-log"], env=env)
    return proc, wait_healthy(proc, f"http://127.0.0.1:{port}")


#: ``wuye-county serve`` as docs/deploy.md's systemd unit runs it (behind nginx on loopback)
DEPLOYED_ARGS = ("--host", "127.0.0.1", "--proxy", "127.0.0.1", "--workers", "2")


def start_deployed(url: str, data_dir: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """``wuye-county serve`` exactly as deployed (logs on, under ``data_dir``/logs), on a free
    loopback port; ``extra`` arguments override the deployed ones (the last one given wins)."""
    port = free_port()
    env = {**os.environ, "WUYE_COUNTY_DB": url, "WUYE_COUNTY_DATA": str(data_dir)}
    exe = str(Path(sys.executable).parent / "wuye-county")
    proc = subprocess.Popen([exe, "serve", *DEPLOYED_ARGS, "--port", str(port), *extra], env=env,
                            stderr=subprocess.DEVNULL)
    return proc, wait_healthy(proc, f"http://127.0.0.1:{port}")


def wait_healthy(proc: subprocess.Popen[bytes], base: str) -> str:
    deadline = time.monotonic() + 300  # a loaded machine starts two workers slowly
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("county server exited during start-up")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop_server(proc)  # SIGTERM: uvicorn stops its workers too (a kill would orphan them)
    raise RuntimeError("county server did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Database:
    """The benchmark's database: a throwaway PostgreSQL one, or a SQLite file as fallback."""

    def __init__(self, url: str | None) -> None:
        self.admin = None
        self.name = ""
        self.tmp: tempfile.TemporaryDirectory[str] | None = None
        if url:
            self.url = url
            return
        import psycopg

        try:
            self.admin = psycopg.connect(PG_ADMIN, autocommit=True)
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL is not reachable on 127.0.0.1:5432 ({str(exc).strip()}); "
                  "FALLING BACK TO SQLITE: figures are not the PostgreSQL ones.")
            self.tmp = tempfile.TemporaryDirectory(prefix="wuye_bench_")
            self.url = f"sqlite:///{Path(self.tmp.name) / 'county.sqlite3'}"
            return
        self.name = f"wuye_bench_{secrets.token_hex(4)}"
        self.admin.execute(f'CREATE DATABASE "{self.name}"')
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.name}"

    @property
    def postgres(self) -> bool:
        return self.url.startswith("postgresql")

    def close(self) -> None:
        if self.admin is not None:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.close()
        if self.tmp is not None:
            self.tmp.cleanup()


def enrol(engine, base: str, n: int) -> list[tuple[CountyClient, str]]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        with engine.begin() as conn:
            code, _ = create_enrolment_code(conn, COMMUNITY)
        c = CountyClient(base)
        got = c.enroll(code, "bench")
        # Access tokens live 15 minutes, longer than any run: no refresh needed.
        c.token = (lambda tok: lambda: tok)(got.access_token)
        out.append((c, got.device_id))
    return out


def make_ops(n: int, device_id: str, tag: str) -> list[Operation]:
    now = datetime.now(UTC)
    return [Operation(op_id=str(uuid7()), table="estates", row_id=str(uuid7()), kind="insert",
                      base_version=0, created_at=now, user="bench", device_id=device_id,
                      changes={"name": (None, f"小区{tag}{i}"), "household_count": (None, i),
                               "management_mode": (None, "professional"),
                               "community_code": (None, COMMUNITY)})
            for i in range(n)]


def push_all(client: CountyClient, device_id: str, ops: list[Operation]) -> None:
    for i in range(0, len(ops), MAX_BATCH_OPS):
        res = client.push(PushBatch(batch_id=str(uuid7()), device_id=device_id,
                                    operations=list(ops[i:i + MAX_BATCH_OPS])))
        bad = [r for r in res.results if r.status != "applied"]
        if bad:
            raise RuntimeError(f"push not applied: {bad[0]}")


def raw_floor(db: Database, ops: list[Operation], temp: bool) -> float:
    """Seconds for a raw executemany of the same rows (one commit)."""
    rows = [("estates", o.row_id, COMMUNITY, 1,
             json.dumps({k: v[1] for k, v in o.changes.items()}, ensure_ascii=False))
            for o in ops]
    if not db.postgres:
        import sqlite3

        assert db.tmp is not None
        conn = sqlite3.connect(Path(db.tmp.name) / "raw.sqlite3")
        conn.execute("CREATE TABLE IF NOT EXISTS raw_rows (table_name text, row_id text, "
                     "community_code text, version int, data text, PRIMARY KEY (table_name, row_id))")
        t0 = time.perf_counter()
        conn.executemany("INSERT INTO raw_rows VALUES (?, ?, ?, ?, ?)", rows)
        conn.commit()
        conn.close()
        return time.perf_counter() - t0
    import psycopg

    table = "raw_rows_temp" if temp else "raw_rows"
    with psycopg.connect(db.url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        if temp:
            conn.execute(f"CREATE TEMP TABLE {table} (table_name text, row_id text, "
                         "community_code text, version int, data jsonb)")
        else:
            conn.execute(f"CREATE TABLE {table} (table_name text, row_id text, "
                         "community_code text, version int, data jsonb, "
                         "PRIMARY KEY (table_name, row_id))")
        conn.commit()
        t0 = time.perf_counter()
        with conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {table} VALUES (%s, %s, %s, %s, %s)", rows)
        conn.commit()
        return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ops", type=int, default=50_000, help="operations per push run")
    ap.add_argument("--devices", type=int, default=4, help="devices in the concurrent push run")
    ap.add_argument("--db", help="database URL (default: throwaway PostgreSQL database)")
    a = ap.parse_args()
    db = Database(a.db)
    engine = make_engine(db.url)
    upgrade(engine)
    proc, base = start_server(db.url)
    try:
        devices = enrol(engine, base, a.devices + 1)
        (pusher, dev_id), (puller, _) = devices[0], devices[-1]
        ops = make_ops(a.ops, dev_id, "a")

        t0 = time.perf_counter()
        push_all(pusher, dev_id, ops)
        push_s = time.perf_counter() - t0

        # Same number of operations, spread over several devices pushing at once.
        share = -(-a.ops // a.devices)
        work = [(c, d, make_ops(min(share, a.ops - k * share), d, f"b{k}-"))
                for k, (c, d) in enumerate(devices[:a.devices])]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(a.devices) as ex:
            for f in [ex.submit(push_all, c, d, o) for c, d, o in work]:
                f.result()
        conc_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        cursor, pulled = "", 0
        while True:
            page = puller.changes(cursor, 2000)
            pulled += len(page.changes)
            cursor = page.next_cursor
            if not page.has_more:
                break
        pull_s = time.perf_counter() - t0
        if pulled != 2 * a.ops:
            raise RuntimeError(f"pulled {pulled} changes, expected {2 * a.ops}")

        raw_s = raw_floor(db, ops, temp=False)
        raw_temp_s = raw_floor(db, ops, temp=True) if db.postgres else None

        raw = a.ops / raw_s
        print(f"database: {'PostgreSQL' if db.postgres else 'SQLite (fallback)'}; "
              f"server: uvicorn, 1 process, loopback")
        print(f"ops: {a.ops} per push run, batches of {MAX_BATCH_OPS}, gzip JSON over HTTP")
        print(f"push, 1 device in series: {a.ops / push_s:>9,.0f} ops/s ({push_s:.1f} s)")
        print(f"push, {a.devices} devices at once:  {a.ops / conc_s:>9,.0f} ops/s ({conc_s:.1f} s)")
        print(f"pull, 1 device, pages 2000: {pulled / pull_s:>9,.0f} ops/s "
              f"({pulled} changes in {pull_s:.1f} s)")
        print(f"raw executemany floor:     {raw:>9,.0f} rows/s ({raw_s:.2f} s; logged table with PK)")
        if raw_temp_s is not None:
            print(f"raw executemany, TEMP table: {a.ops / raw_temp_s:>7,.0f} rows/s (no WAL, no index)")
        print(f"ratio push (1 device) / raw:   {a.ops / push_s / raw:.2f}x (goal >= 0.3x)")
        print(f"ratio push ({a.devices} devices) / raw: {a.ops / conc_s / raw:.2f}x")
        print(f"ratio pull / raw:              {pulled / pull_s / raw:.2f}x")
        for c, _ in devices:
            c.close()
    finally:
        stop_server(proc)
        engine.dispose()
        db.close()


if __name__ == "__main__":
    main()
