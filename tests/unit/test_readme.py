"""The README's promises stay true: the two commands and the Excel column reference."""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_column_reference_matches_the_field_specs() -> None:
    ref = runpy.run_path(str(ROOT / "scripts" / "column_reference.py"))["reference"]()
    assert ref.strip() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/bootstrap.sh test" in readme and "scripts/bootstrap.sh run" in readme
    commands = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")
                and not ln.startswith(("set ", "cd "))]
    assert commands == ["scripts/bootstrap.sh test"]
