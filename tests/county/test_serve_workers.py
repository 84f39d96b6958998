"""``wuye-county serve --workers N`` (issue 14): several worker processes behind one port, the
log files shared between them, written off the request path and complete at shutdown."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from wuye_county.audit import JsonLines, SharedRotatingFileHandler

from .conftest import free_port


def _handler(path: Path) -> SharedRotatingFileHandler:
    h = SharedRotatingFileHandler(path, when="midnight", backupCount=3, encoding="utf-8", utc=True)
    h.setFormatter(JsonLines())
    return h


def _emit(h: logging.Handler, msg: str) -> None:
    h.emit(logging.LogRecord("wuye_county.access", logging.INFO, __file__, 1, msg, None, None))
    h.flush()


def test_two_workers_rotating_the_same_file_lose_no_line(tmp_path):
    path = tmp_path / "access.log"
    # Both handlers take the day from the file's mtime (as workers started on an existing log
    # do); set it from this process's clock, which the year-ahead run fakes but the kernel's
    # file times do not follow.
    path.touch()
    now = time.time()
    os.utime(path, (now, now))
    first, second = _handler(path), _handler(path)
    _emit(first, "a")
    _emit(second, "b")
    first.doRollover()  # the first worker past midnight moves the day's file aside
    _emit(first, "c")
    second.doRollover()  # the second finds it moved: it must not move the new file over it
    _emit(second, "d")
    first.close()
    second.close()
    moved = [p for p in tmp_path.iterdir() if p.name != "access.log"]
    assert len(moved) == 1

    def events(p: Path) -> list[str]:
        return [json.loads(line)["event"] for line in p.read_text("utf-8").splitlines()]

    assert events(moved[0]) == ["a", "b"]
    assert events(path) == ["c", "d"]


def test_serve_with_two_workers_answers_and_logs_every_request(tmp_path):
    port = free_port()
    env = {**os.environ, "WUYE_COUNTY_DB": f"sqlite:///{tmp_path / 'c.sqlite3'}",
           "WUYE_COUNTY_DATA": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "wuye_county", "serve", "--port", str(port),
                             "--workers", "2", "--max-active", "4",
                             "--log-dir", str(tmp_path / "logs")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()  # type: ignore[union-attr]
                time.sleep(0.2)
        with httpx.Client(base_url=url, timeout=60) as c:
            statuses = [c.post("/auth/enroll", json={"code": f"AAAA-BBBB-{i:04d}"}).status_code
                        for i in range(6)]
        assert set(statuses) <= {401, 429}
    finally:
        proc.terminate()
        proc.wait(30)
    access = [json.loads(line)["event"]
              for line in (tmp_path / "logs" / "access.log").read_text("utf-8").splitlines()]
    assert sum(1 for a in access if a["path"] == "/auth/enroll") == 6
