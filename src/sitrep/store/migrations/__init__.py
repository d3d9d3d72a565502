"""Alembic migrations of the store schema (applied by ``Store`` when it opens a database)."""
