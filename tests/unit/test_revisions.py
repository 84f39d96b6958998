"""The cheap revision reader (no Alembic at start) agrees with Alembic about the shipped scripts."""

from __future__ import annotations

from wuye_desktop.storage import migrate, revisions


def test_head_and_known_revisions_match_alembic() -> None:
    assert revisions.current_head() == migrate.current_head()
    assert revisions.known_revisions() == migrate.known_revisions()


def test_every_revision_follows_a_known_one() -> None:
    graph = revisions.revision_graph()
    firsts = [rev for rev, downs in graph.items() if not downs]
    assert len(firsts) == 1
    assert all(downs <= set(graph) for downs in graph.values())
