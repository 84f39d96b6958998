"""Alembic migration scripts (package data)."""
