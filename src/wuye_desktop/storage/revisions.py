"""The shipped schema revisions, read from the migration scripts' text without Alembic.

Opening a database only needs to know whether its revision is the newest one (nothing to do),
an older one (migrate: Alembic is loaded then) or one this code does not know (refused). Reading
``revision = …`` / ``down_revision = …`` from the scripts answers that without importing Alembic,
which costs a noticeable part of a cold start. ``tests/unit/test_revisions.py`` checks that this
agrees with Alembic's own view of the scripts.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


@cache
def revision_graph() -> dict[str, frozenset[str]]:
    """Every shipped revision with the revisions it follows (none for the first)."""
    graph: dict[str, frozenset[str]] = {}
    versions = resources.files("wuye_desktop.storage") / "migrations" / "versions"
    for script in versions.iterdir():
        if not script.name.endswith(".py") or script.name.startswith("_"):
            continue
        text = script.read_text(encoding="utf-8")
        rev = _REVISION.search(text)
        if rev is None:
            continue
        down = _DOWN.search(text)
        graph[rev.group(1)] = frozenset(_QUOTED.findall(down.group(1))) if down else frozenset()
    return graph


def known_revisions() -> frozenset[str]:
    return frozenset(revision_graph())


def current_head() -> str:
    """The one revision no other revision follows."""
    graph = revision_graph()
    followed = set().union(*graph.values()) if graph else set()
    heads = sorted(set(graph) - followed)
    assert len(heads) == 1, f"the shipped migrations must have one head, not {heads}"
    return heads[0]
