"""index events by (date_precision, date_start): the incremental linker's date-window queries

Revision ID: 0004
Revises: 0003
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_events_precision_start", "events", ["date_precision", "date_start"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_events_precision_start", table_name="events")
