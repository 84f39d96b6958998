"""Fixtures: a fresh data directory with the demo registers (real SQLite, real migrations)."""

from __future__ import annotations

from demo_fixtures import demo_dir, services  # noqa: F401  (fixtures)
