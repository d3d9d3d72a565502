"""SQLAlchemy Core schema of the Sitrep store (same tables on SQLite and PostgreSQL)."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text, index=True),
    sa.Column("published", sa.String(40), index=True),     # ISO date or datetime as given
    sa.Column("url", sa.Text),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("error", sa.Text),                            # extraction error: stored without events
    sa.Column("reference_date", sa.JSON),
    sa.Column("warnings", sa.JSON),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Text, primary_key=True),             # extraction event id ("<document id>#<n>")
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("type", sa.String(40), index=True),
    sa.Column("plover_event", sa.String(40)),
    sa.Column("plover_mode", sa.String(40)),
    sa.Column("status", sa.String(20)),
    sa.Column("confidence", sa.Float),
    sa.Column("date_start", sa.String(40), index=True),
    sa.Column("date_end", sa.String(40)),
    sa.Column("date_precision", sa.String(20)),
    sa.Column("location_name", sa.Text),
    sa.Column("location_lat", sa.Float),
    sa.Column("location_lon", sa.Float),
    sa.Column("location_country", sa.String(3), index=True),
    sa.Column("location_admin1", sa.Text),
    sa.Column("location_precision", sa.String(20)),
    sa.Column("evidence_start", sa.Integer),
    sa.Column("evidence_end", sa.Integer),
    sa.Column("trigger", sa.Text),
    sa.Column("refers_to", sa.Text),
    sa.Column("record", sa.JSON, nullable=False),           # the whole Event.to_dict()
    sa.Index("ix_events_precision_start", "date_precision", "date_start"),   # linking windows (0004)
)

actors = sa.Table(
    "actors", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("role", sa.String(20)),
    sa.Column("name", sa.Text),
    sa.Column("text", sa.Text),
    sa.Column("country", sa.String(3)),
    sa.Column("sector", sa.String(40)),
    sa.Column("label", sa.Text),
)

places = sa.Table(
    "places", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("text", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("name", sa.Text),
    sa.Column("geonameid", sa.BigInteger),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("country", sa.String(2)),
    sa.Column("admin1", sa.Text),
    sa.Column("feature", sa.String(10)),
)

reprints = sa.Table(
    "reprints", metadata,
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("original_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("similarity", sa.Float, nullable=False),
)

incidents = sa.Table(
    "incidents", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("type", sa.String(40), index=True),
    sa.Column("date_start", sa.String(40), index=True),
    sa.Column("date_end", sa.String(40)),
    sa.Column("precision", sa.String(20)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("country", sa.String(3), index=True),
    sa.Column("admin1", sa.Text),
    sa.Column("record", sa.JSON),
    # summary columns (migration 0002): filter, sort and page without reading the JSON record
    sa.Column("grade", sa.String(20), index=True),
    sa.Column("killed_low", sa.Integer),
    sa.Column("killed_best", sa.Integer, index=True),
    sa.Column("killed_high", sa.Integer),
    sa.Column("injured_best", sa.Integer),
    sa.Column("n_sources", sa.Integer),
    sa.Column("location_name", sa.Text),
    sa.Column("search_text", sa.Text),              # lower-cased names, labels, outlets, place, type
)

incident_members = sa.Table(
    "incident_members", metadata,
    sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True,
              index=True),
    sa.Column("score", sa.Float),
    sa.Column("reasons", sa.JSON),
)

agreements = sa.Table(                              # ceasefires and zones (migration 0003)
    "agreements", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("date_start", sa.String(10), nullable=False),
    sa.Column("date_end", sa.String(10)),
    sa.Column("record", sa.JSON, nullable=False),   # the whole agreement, zone as GeoJSON
    sa.Column("source", sa.Text),                   # the file it was loaded from
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
)
