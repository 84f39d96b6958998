"""Building desktop devices for sync tests."""

from __future__ import annotations

from pathlib import Path

from wuye_county.auth import create_enrolment_code
from wuye_desktop.services.sync_engine import Credentials, SyncEngine
from wuye_desktop.storage.db import Database
from wuye_desktop.sync.client import CountyClient, Offline


def enrolment_code(server, community: str) -> str:
    with server.engine.begin() as conn:
        code, _ = create_enrolment_code(conn, community, "测试社区")
    return code


class Desk:
    """One desktop installation: its database, client, credentials and engine."""

    def __init__(self, data_dir: Path, url: str, **engine_kw) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.dir = data_dir
        self.db = Database(data_dir / "wuye.sqlite3", user="测试员")
        self.client = CountyClient(url, retries=engine_kw.pop("retries", 3), backoff=0.05,
                                   keepalive=engine_kw.pop("keepalive", True))
        self.creds = Credentials(self.db, self.client)
        self.engine = SyncEngine(self.db, self.client, **engine_kw)

    def enroll(self, server, community: str) -> None:
        self.creds.enroll(enrolment_code(server, community), "测试机")

    def close(self) -> None:
        self.client.close()
        self.db.close()


def sync_until_done(desk: Desk, attempts: int = 40) -> None:
    """Run sync until one run gets through the faults (a run that cannot raises Offline)."""
    for _ in range(attempts):
        try:
            desk.engine.run()
            return
        except Offline:
            continue
    raise AssertionError("sync never got through the faults")
