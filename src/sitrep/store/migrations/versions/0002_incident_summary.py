"""incident summary columns (grade, casualty figures, sources, search text)

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    ("grade", sa.String(20)), ("killed_low", sa.Integer()), ("killed_best", sa.Integer()),
    ("killed_high", sa.Integer()), ("injured_best", sa.Integer()), ("n_sources", sa.Integer()),
    ("location_name", sa.Text()), ("search_text", sa.Text()),
]


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    op.create_index("ix_incidents_grade", "incidents", ["grade"])
    op.create_index("ix_incidents_killed_best", "incidents", ["killed_best"])


def downgrade() -> None:
    op.drop_index("ix_incidents_killed_best", table_name="incidents")
    op.drop_index("ix_incidents_grade", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
