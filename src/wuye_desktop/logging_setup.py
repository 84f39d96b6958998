"""Logging for the GUI: a rotating file under the data directory's ``logs`` folder.

Rotation keeps a worker's PC from filling up over years of daily use; the newest files are what
the county's support staff ask for.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "wuye-desktop.log"
_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"


def setup(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the root logger to ``log_dir/wuye-desktop.log`` (1 MB × 5 files). Idempotent."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for h in root.handlers:
        if isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path:
            return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return path
