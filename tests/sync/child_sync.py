"""A desktop sync run in its own process, for the kill -9 tests: ``child_sync DATA_DIR URL``.

Small batches and pages so a run passes many seal, send, record and cursor points.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wuye_desktop.services.sync_engine import Credentials, SyncEngine
from wuye_desktop.storage.db import Database
from wuye_desktop.sync.client import CountyClient


def main() -> int:
    data_dir, url = Path(sys.argv[1]), sys.argv[2]
    db = Database(data_dir / "wuye.sqlite3", user="子进程")
    client = CountyClient(url, retries=2, backoff=0.05)
    Credentials(db, client)
    SyncEngine(db, client, max_ops=15, page_size=10).run()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
