"""What each ``wuye-county serve`` worker process runs: :func:`worker_app`, a uvicorn factory.

The parent (``wuye-county serve``) migrates the database once, then starts ``--workers``
processes; each builds its own app with a connection pool sized to the device requests it
handles at once (``--max-active``) and its own log queue, configured from the environment
variables below (set by the parent, so every worker sees the same settings).
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

ENV_LOG_DIR = "WUYE_COUNTY_LOG_DIR"
ENV_MAX_ACTIVE = "WUYE_COUNTY_MAX_ACTIVE"
#: connections beyond the device requests' slots: console pages, health checks
SPARE_CONNECTIONS = 4


def worker_app() -> FastAPI:
    from .app import create_app
    from .audit import configure_logging, stop_logging
    from .db import data_dir, make_engine
    from .limits import DEFAULT_MAX_ACTIVE, Capacity

    log_dir = os.environ.get(ENV_LOG_DIR)
    configure_logging(Path(log_dir) if log_dir else data_dir() / "logs")
    limit = int(os.environ.get(ENV_MAX_ACTIVE) or DEFAULT_MAX_ACTIVE)
    engine = make_engine(pool_size=limit + SPARE_CONNECTIONS)
    app = create_app(engine, migrate=False, capacity=Capacity(limit=limit))
    # The queued log lines are written out before the worker exits.
    app.router.on_shutdown.append(stop_logging)
    return app
