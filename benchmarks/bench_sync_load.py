"""300 simulated devices syncing at once against one county server, over loopback.

    .venv/bin/python benchmarks/bench_sync_load.py [--devices 300] [--communities 30]
        [--batches 3] [--ops 50] [--rounds 2] [--workers 2] [--timeout 300] [--db URL]

The server is ``wuye-county serve`` exactly as docs/deploy.md runs it (``--proxy 127.0.0.1
--workers 2``, access and security logs on, the default ``--max-active``) on 127.0.0.1;
PostgreSQL by default (a throwaway database), SQLite when PostgreSQL is not reachable (said so).
A busy server's 503 + Retry-After is waited out and retried as the desktop does, and counted
in its own column (it is back-pressure, not an error).

Every device enrols with its own one-time code (``--devices`` across ``--communities``), then
runs ``--rounds`` rounds of: push ``--batches`` gzip batches of ``--ops`` operations (new
estates, then edits of its own rows and of a row shared by its community, so merges and
conflicts happen too), then pull its community's changes until ``has_more`` is false. All
devices run at once (asyncio + ``httpx.AsyncClient``). The run is bounded: a fixed amount of
work and a ``--timeout`` after which unfinished devices are cancelled and counted.

Prints per request type: count, errors, p50/p99 latency; and overall throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx
from bench_sync import Database, start_deployed, stop_server
from uuid6 import uuid7

from wuye_county.auth import create_enrolment_code
from wuye_county.db import make_engine, upgrade
from wuye_desktop import SCHEMA_VERSION
from wuye_desktop.sync.protocol import APP_VERSION_HEADER, SCHEMA_VERSION_HEADER


@dataclass
class Stats:
    """Latencies (seconds) and failures per request type."""

    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: 503 + Retry-After answers (back-pressure, waited out and retried)
    busy: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    ops_pushed: int = 0
    changes_pulled: int = 0

    def error(self, kind: str, what: str) -> None:
        self.errors[kind] += 1
        if len(self.examples) < 5:
            self.examples.append(f"{kind}: {what[:200]}")


async def timed(stats: Stats, kind: str, call: Any) -> httpx.Response | None:
    """``call()`` (a new request each time) until answered: a 503 + Retry-After is the server's
    back-pressure, waited out as the desktop client does (Retry-After x 1-2, jitter) and
    counted apart, not as an error. ``kind`` gets each answer's latency, ``kind+wait`` the time
    until the final answer, waits included."""
    first = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        try:
            r: httpx.Response = await call()
        except httpx.HTTPError as exc:
            stats.latency[kind].append(time.perf_counter() - t0)
            stats.error(kind, repr(exc))
            return None
        stats.latency[kind].append(time.perf_counter() - t0)
        if r.status_code == 503 and "retry-after" in r.headers:
            stats.busy[kind] += 1
            await asyncio.sleep(float(r.headers["retry-after"]) * random.uniform(1.0, 2.0))
            continue
        stats.latency[kind + "+wait"].append(time.perf_counter() - first)
        if r.status_code != 200:
            stats.error(kind, f"HTTP {r.status_code} {r.text}")
            return None
        return r


def op(table: str, row_id: str, kind: str, base: int, changes: dict[str, Any]) -> dict[str, Any]:
    return {"op_id": str(uuid7()), "table": table, "row_id": row_id, "kind": kind,
            "base_version": base, "changes": changes,
            "created_at": datetime.now(UTC).isoformat(), "user": "压测", "device_id": ""}


async def device_run(http: httpx.AsyncClient, stats: Stats, code: str, shared: str,
                     a: argparse.Namespace) -> None:
    """One device: enrol, then rounds of push batches and pull to the end."""
    base_headers = {SCHEMA_VERSION_HEADER: str(SCHEMA_VERSION), APP_VERSION_HEADER: "bench"}
    enrol = {"code": code, "device_name": "压测", "request_id": str(uuid7())}
    r = await timed(stats, "enroll", lambda: http.post("/auth/enroll", json=enrol,
                                                       headers=base_headers))
    if r is None:
        return
    got = r.json()
    dev_id, community = got["device_id"], got["community_code"]
    headers = {**base_headers, "Authorization": f"Bearer {got['access_token']}"}
    own: dict[str, int] = {}  # row id -> server version
    cursor = ""
    rng = random.Random(dev_id)
    for _round in range(a.rounds):
        for _b in range(a.batches):
            ops: list[dict[str, Any]] = []
            # Edit a few of this device's own rows on their current version (applied) …
            for rid in rng.sample(sorted(own), min(len(own), a.ops // 5)):
                ops.append(op("estates", rid, "update", own[rid],
                              {"household_count": [None, rng.randint(1, 5000)]}))
            # … touch the community's shared row on a stale base (merges and conflicts) …
            ops.append(op("estates", shared, "update", 1,
                          {"note": [None, f"设备{dev_id[-4:]}"],
                           f"f{rng.randint(0, 9)}": [None, rng.randint(0, 3)]}))
            # … and insert new estates for the rest.
            while len(ops) < a.ops:
                rid = str(uuid7())
                ops.append(op("estates", rid, "insert", 0, {
                    "name": [None, f"压测小区{rid[-6:]}"], "household_count": [None, 100],
                    "management_mode": [None, "professional"],
                    "community_code": [None, community]}))
            body = {"batch_id": str(uuid7()), "device_id": dev_id, "app_version": "bench",
                    "schema_version": SCHEMA_VERSION, "operations": ops}
            raw = gzip.compress(json.dumps(body, ensure_ascii=False).encode(), 6)
            r = await timed(stats, "push", lambda raw=raw: http.post(  # type: ignore[misc]
                "/sync/push", content=raw,
                headers={**headers, "Content-Encoding": "gzip",
                         "Content-Type": "application/json"}))
            if r is None:
                continue
            stats.ops_pushed += len(ops)
            for o, res in zip(ops, r.json()["results"], strict=True):
                stats.statuses[res["status"]] += 1
                if o["row_id"] != shared and res.get("version"):
                    own[o["row_id"]] = res["version"]
        while True:
            r = await timed(stats, "pull", lambda cursor=cursor: http.get(  # type: ignore[misc]
                "/sync/changes", params={"cursor": cursor, "limit": 500}, headers=headers))
            if r is None:
                break
            page = r.json()
            stats.changes_pulled += len(page["changes"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


async def run(base: str, codes: list[tuple[str, str]], a: argparse.Namespace) -> tuple[Stats, float, int]:
    stats = Stats()
    limits = httpx.Limits(max_connections=a.devices, max_keepalive_connections=a.devices)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=httpx.Timeout(120)) as http:
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(device_run(http, stats, code, shared, a))
                 for code, shared in codes]
        done, pending = await asyncio.wait(tasks, timeout=a.timeout)
        for t in pending:
            t.cancel()
        for t in done:
            if t.exception() is not None:
                stats.error("device", repr(t.exception()))
        elapsed = time.perf_counter() - t0
    return stats, elapsed, len(pending)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devices", type=int, default=300)
    ap.add_argument("--communities", type=int, default=30)
    ap.add_argument("--batches", type=int, default=3, help="push batches per round")
    ap.add_argument("--ops", type=int, default=50, help="operations per batch")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2,
                    help="wuye-county serve --workers (docs/deploy.md: 2)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds before giving up")
    ap.add_argument("--db", help="database URL (default: throwaway PostgreSQL database)")
    a = ap.parse_args()
    db = Database(a.db)
    engine = make_engine(db.url)
    upgrade(engine)
    codes: list[tuple[str, str]] = []
    with engine.begin() as conn:
        from wuye_county.models import Row

        for i in range(a.devices):
            community = f"3301060{i % a.communities:05d}"
            code, _ = create_enrolment_code(conn, community, f"压测社区{i % a.communities}")
            # One row per community that every device of it edits on a stale base.
            shared = f"00000000-0000-7000-8000-{i % a.communities:012d}"
            if i < a.communities:
                conn.execute(Row.__table__.insert().values(
                    table_name="estates", row_id=shared, community_code=community, version=1,
                    data={"name": "共享小区"}, deleted=False, needs_review=False,
                    updated_at=datetime.now(UTC)))
            codes.append((code, shared))
    data = tempfile.TemporaryDirectory(prefix="wuye_load_")
    proc, base = start_deployed(db.url, Path(data.name), "--workers", str(a.workers))
    try:
        stats, elapsed, unfinished = asyncio.run(run(base, codes, a))
    finally:
        stop_server(proc)
        engine.dispose()
        db.close()
        data.cleanup()
    print(f"database: {'PostgreSQL' if db.postgres else 'SQLite (fallback)'}; server: "
          f"wuye-county serve --workers {a.workers} as deployed (access/security logs on), "
          "loopback; client: asyncio + httpx, one process")
    print(f"devices: {a.devices} in {a.communities} communities; {a.rounds} rounds of "
          f"{a.batches} pushes x {a.ops} ops + pull to the end")
    print("request: every HTTP answer; +wait: until the final answer, 503 waits included")
    print(f"{'request':<12} {'count':>7} {'errors':>7} {'503':>6} {'p50 ms':>9} {'p95 ms':>9} "
          f"{'p99 ms':>9} {'max ms':>9}")
    total = 0
    for kind in ("enroll", "push", "pull", "enroll+wait", "push+wait", "pull+wait"):
        lat = stats.latency.get(kind, [])
        if "+" not in kind:
            total += len(lat)
        print(f"{kind:<12} {len(lat):>7} {stats.errors.get(kind, 0):>7} "
              f"{stats.busy.get(kind, 0):>6} {pct(lat, 50) * 1000:>9.1f} "
              f"{pct(lat, 95) * 1000:>9.1f} {pct(lat, 99) * 1000:>9.1f} "
              f"{(max(lat) if lat else float('nan')) * 1000:>9.1f}")
    print(f"wall time {elapsed:.1f} s; {total / elapsed:,.0f} requests/s; "
          f"{stats.ops_pushed / elapsed:,.0f} ops pushed/s; "
          f"{stats.changes_pulled / elapsed:,.0f} changes pulled/s")
    print("op results: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.statuses.items())))
    print(f"unfinished devices (cancelled at --timeout): {unfinished}; "
          f"device-level errors: {stats.errors.get('device', 0)}")
    for e in stats.examples:
        print("  e.g. " + e)


if __name__ == "__main__":
    main()
