"""Typed code is a build rule: mypy, with the configuration in pyproject.toml (permissive across
the tree, strict for domain, storage and sync), reports no error anywhere in src/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_reports_no_error() -> None:
    r = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null"],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert "No module named mypy" not in r.stderr, "mypy is part of the dev extra: pip install -e .[dev]"
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
    assert r.stdout.startswith("Success: no issues found"), r.stdout[-2000:]
