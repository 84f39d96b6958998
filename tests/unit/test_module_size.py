"""Small rooms: no source module grows past the ceiling (the aim is about 500 lines; a module
that reaches the ceiling is split along a seam, as services/inspections.py and sync.py were)."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
CEILING = 600


def test_no_module_is_over_the_ceiling() -> None:
    sizes = {p.relative_to(SRC).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in SRC.rglob("*.py") if "migrations" not in p.parts}
    assert len(sizes) > 100
    big = {k: n for k, n in sizes.items() if n > CEILING}
    assert not big, f"split these modules (over {CEILING} lines): {big}"
