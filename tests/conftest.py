"""Shared test helpers: a fresh store on SQLite or, when SITREP_TEST_DATABASE_URL is set, PostgreSQL."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from sitrep.store import Store, database_url

PG_URL = os.environ.get("SITREP_TEST_DATABASE_URL")


@contextmanager
def open_test_store(kind: str, tmp_path, what: str = "store"):
    """A store: a SQLite file under ``tmp_path``, or a new schema on the test PostgreSQL (dropped after);
    skips with a reason naming ``what`` when PostgreSQL is asked for and not configured."""
    if kind == "sqlite":
        with Store(str(tmp_path / "sitrep.db")) as opened:
            yield opened
        return
    if not PG_URL:
        pytest.skip(f"SITREP_TEST_DATABASE_URL is not set (PostgreSQL {what} tests skipped)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(database_url(PG_URL))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        with Store(PG_URL, connect_args={"options": f"-csearch_path={schema}"}) as opened:
            yield opened
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
