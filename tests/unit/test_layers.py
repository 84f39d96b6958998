"""The layer map is a build rule: `lint-imports` checks the contracts in pyproject.toml.

domain ← storage, printing, sync ← services ← ui; nothing below the UI imports Qt; ui/ imports
no ORM model, no database and no SQLAlchemy; the domain is pure Python; the county server uses
only the Qt-free core. A second test plants a violation in a copy of the tree and checks the
contracts catch it, so a contract that silently stopped matching would be noticed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    if not LINT.exists():
        pytest.fail("import-linter is part of the dev extra; install with pip install -e .[dev]")
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_the_layer_contracts_hold() -> None:
    r = _lint(ROOT)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "BROKEN" not in r.stdout and "KEPT" in r.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("ui/overview.py", "from ..storage import models as _m  # noqa", "The UI opens no session"),
    ("storage/registers.py", "import PySide6.QtCore  # noqa", "Below the UI nothing imports Qt"),
    ("domain/validation.py", "from ..services import registers as _r  # noqa", "Layers"),
])
def test_a_planted_violation_is_caught(tmp_path: Path, module: str, line: str, contract: str) -> None:
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "src" / "wuye_desktop" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    r = _lint(copy)
    assert r.returncode != 0
    broken = [ln for ln in r.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(ln.startswith(contract) for ln in broken), r.stdout[-3000:]
