"""Property-based fuzzing of every endpoint from the OpenAPI schema: never a 5xx."""

from __future__ import annotations

from .fuzz import fuzz


def test_no_server_errors(county):
    d = county.enrol()
    checked, failures = fuzz(county.url, {"Authorization": f"Bearer {d.access}"})
    assert checked > 50
    assert failures == []
