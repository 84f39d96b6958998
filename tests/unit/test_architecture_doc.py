"""docs/ARCHITECTURE.md is the newcomer's map: every file it names exists, and every function or
class it names after a file ("`file.py` — `name`") is defined there, so the map cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
BASES = (ROOT, ROOT / "src", ROOT / "src" / "wuye_desktop")
FILE = re.compile(r"`((?:[\w.-]+/)*[\w.-]+\.(?:py|toml|sh|md|txt|nsi|spec))`")
#: "`path.py` — `a`, `b` (…)": the names right after a file
NAMED = re.compile(r"`((?:[\w.-]+/)*[\w.-]+\.py)` — ((?:`[\w.]+`(?:, | and )?)+)")


def _find(rel: str) -> Path | None:
    for base in BASES:
        if (base / rel).exists():
            return base / rel
    return None


def test_every_file_the_map_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = sorted({m for m in FILE.findall(text) if "*" not in m and _find(m) is None})
    assert not missing, f"docs/ARCHITECTURE.md names files that do not exist: {missing}"


def test_every_name_after_a_file_is_defined_in_it() -> None:
    text = DOC.read_text(encoding="utf-8")
    pairs = NAMED.findall(text)
    assert len(pairs) >= 10  # the "where to find" table
    wrong = []
    for rel, names in pairs:
        path = _find(rel)
        assert path is not None, rel
        source = path.read_text(encoding="utf-8")
        for name in re.findall(r"`([\w.]+)`", names):
            last = name.split(".")[-1]
            if not re.search(rf"^\s*(?:async def|def|class)\s+{re.escape(last)}\b|^\s*{re.escape(last)}\s*[:=]",
                             source, re.M):
                wrong.append(f"{rel} — {name}")
    assert not wrong, f"named in docs/ARCHITECTURE.md but not defined there: {wrong}"
