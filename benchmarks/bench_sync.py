"""Push and pull of N operations over loopback to PostgreSQL, against a raw executemany.

    .venv/bin/python benchmarks/bench_sync.py [--ops 50000] [--db postgresql+psycopg://…]

Prints ops/s for push and pull and the ratio of push throughput to a raw ``executemany`` of
the same rows (as generic JSON rows) into a scratch table in the same database, same run.
Without --db a throwaway database on 127.0.0.1:5432 is created and dropped.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import psycopg
import uvicorn
from uuid6 import uuid7

from wuye_county.app import create_app
from wuye_county.auth import create_enrolment_code
from wuye_county.db import make_engine
from wuye_desktop.sync.client import CountyClient
from wuye_desktop.sync.protocol import Operation, PushBatch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, default=50_000)
    ap.add_argument("--db")
    a = ap.parse_args()
    admin = None
    url = a.db
    if not url:
        admin = psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True)
        name = f"wuye_bench_{secrets.token_hex(4)}"
        admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    engine = make_engine(url)
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=0,
                                           log_level="warning", lifespan="off"))
    sock_port: list[int] = []

    def run() -> None:
        server.run()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    while not server.started:
        time.sleep(0.05)
    sock_port.append(server.servers[0].sockets[0].getsockname()[1])
    base = f"http://127.0.0.1:{sock_port[0]}"
    try:
        community = "330106001001"
        devices = []
        for _ in range(2):
            with engine.begin() as conn:
                code, _ = create_enrolment_code(conn, community)
            c = CountyClient(base)
            got = c.enroll(code, "bench")
            c.token = (lambda tok: lambda: tok)(got.access_token)
            devices.append((c, got.device_id))
        (pusher, dev_id), (puller, _) = devices
        now = datetime.now(UTC)
        ops = [Operation(op_id=str(uuid7()), table="estates", row_id=str(uuid7()), kind="insert",
                         base_version=0, created_at=now, user="bench", device_id=dev_id,
                         changes={"name": (None, f"小区{i}"), "household_count": (None, i),
                                  "management_mode": (None, "professional"),
                                  "community_code": (None, community)})
               for i in range(a.ops)]
        t0 = time.perf_counter()
        for i in range(0, len(ops), 500):
            pusher.push(PushBatch(batch_id=str(uuid7()), device_id=dev_id,
                                  operations=list(ops[i:i + 500])))
        push_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        cursor, pulled = "", 0
        while True:
            page = puller.changes(cursor, 2000)
            pulled += len(page.changes)
            cursor = page.next_cursor
            if not page.has_more:
                break
        pull_s = time.perf_counter() - t0
        raw_url = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(raw_url) as conn:
            conn.execute("CREATE TEMP TABLE raw_rows (table_name text, row_id text, "
                         "community_code text, version int, data jsonb)")
            rows = [("estates", o.row_id, community, 1,
                     json.dumps({k: v[1] for k, v in o.changes.items()})) for o in ops]
            t0 = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO raw_rows VALUES (%s, %s, %s, %s, %s)", rows)
            conn.commit()
            raw_s = time.perf_counter() - t0
        print(f"ops: {a.ops}")
        print(f"push: {a.ops / push_s:,.0f} ops/s ({push_s:.1f} s, batches of 500, gzip, HTTP)")
        print(f"pull: {pulled / pull_s:,.0f} ops/s ({pulled} changes in {pull_s:.1f} s)")
        print(f"raw executemany: {a.ops / raw_s:,.0f} rows/s ({raw_s:.1f} s)")
        print(f"push / raw ratio: {raw_s / push_s:.2f}x (goal >= 0.3x)")
        for c, _ in devices:
            c.close()
    finally:
        server.should_exit = True
        t.join(10)
        engine.dispose()
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


if __name__ == "__main__":
    main()
