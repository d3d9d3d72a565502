"""Apply the Alembic migrations of the store schema (``upgrade head``) on an open engine.

To add a revision after changing ``schema.py``::

    python -m sitrep.store.migrate revision "what changed" --db /tmp/scratch.db
"""
from __future__ import annotations

import sys
from pathlib import Path

import sqlalchemy as sa

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection=None, url: str | None = None):
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine) -> None:
    """Bring the database to the newest schema; a database made by ``create_all`` is stamped first."""
    from alembic import command
    with engine.begin() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        config = alembic_config(connection)
        if "documents" in tables and "alembic_version" not in tables:   # made by metadata.create_all
            command.stamp(config, _revision_of(connection, tables))
        command.upgrade(config, "head")


def _revision_of(connection, tables: set[str]) -> str:
    """The newest revision whose changes a database made without Alembic already has."""
    inspector = sa.inspect(connection)
    if "search_text" not in {c["name"] for c in inspector.get_columns("incidents")}:
        return "0001"
    if "agreements" not in tables:
        return "0002"
    if "ix_events_precision_start" not in {i["name"] for i in inspector.get_indexes("events")}:
        return "0003"
    return "head"


def main(argv: list[str]) -> None:
    """``revision MESSAGE --db URL``: autogenerate a revision against a database at head."""
    from alembic import command

    from .store import Store, database_url
    if len(argv) != 4 or argv[0] != "revision" or argv[2] != "--db":
        sys.exit(__doc__)
    store = Store(argv[3])
    store.close()
    command.revision(alembic_config(url=database_url(argv[3])), message=argv[1], autogenerate=True)


if __name__ == "__main__":
    main(sys.argv[1:])
