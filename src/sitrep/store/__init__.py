"""The Sitrep store: reports, claims, places, reprint links and incidents in SQLite or PostgreSQL."""
from __future__ import annotations

from .store import Store, StoreError, database_url

__all__ = ["Store", "StoreError", "database_url"]
