"""Read queries of the web API (SQLAlchemy Core on the store tables; no write here).

Lists, counts and maps filter, sort and page with SQL on the summary columns of ``incidents``;
the JSON records are read only for one incident, an export, or the per-side statistics.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .store.schema import actors, documents, events, incident_members, incidents

SORTS = {"date": incidents.c.date_start, "killed": incidents.c.killed_best, "sources": incidents.c.n_sources,
         "id": incidents.c.id, "type": incidents.c.type, "grade": incidents.c.grade}
SUMMARY_COLUMNS = ("id", "type", "date_start", "date_end", "precision", "lat", "lon", "country", "admin1",
                   "location_name", "grade", "killed_low", "killed_best", "killed_high", "injured_best",
                   "n_sources")


@dataclass
class Filters:
    """Incident filters of the list, map, stats and export endpoints (already validated)."""
    since: str | None = None
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    type: str | None = None
    actor: str | None = None
    grade: str | None = None
    q: str | None = None


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (``\\`` escapes % and _)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(query, f: Filters):
    """``query`` restricted to the incidents matching the filters."""
    if f.since:
        query = query.where(sa.func.coalesce(incidents.c.date_end, incidents.c.date_start) >= f.since)
    if f.until:
        query = query.where(sa.func.substr(incidents.c.date_start, 1, 10) <= f.until)
    if f.country:
        query = query.where(incidents.c.country == f.country.upper())
    if f.admin1:
        query = query.where(sa.func.lower(incidents.c.admin1) == f.admin1.lower())
    if f.type:
        query = query.where(incidents.c.type == f.type.upper())
    if f.grade:
        query = query.where(incidents.c.grade == f.grade)
    if f.actor:
        pattern = _like(f.actor)
        named = sa.or_(sa.func.lower(actors.c.name).like(pattern, escape="\\"),
                       sa.func.lower(actors.c.label).like(pattern, escape="\\"),
                       sa.func.lower(actors.c.country) == f.actor.lower())
        query = query.where(sa.exists().where(incident_members.c.incident_id == incidents.c.id)
                            .where(actors.c.event_id == incident_members.c.event_id).where(named))
    for word in (f.q or "").split():
        query = query.where(incidents.c.search_text.like(_like(word), escape="\\"))
    return query


def _order(sort: str):
    descending = sort.startswith("-")
    column = SORTS[sort.lstrip("-")]
    key = column.desc() if descending else column.asc()
    return [key.nulls_last(), incidents.c.id.desc() if descending else incidents.c.id.asc()]


def _summary(row) -> dict:
    item = {name: row[name] for name in SUMMARY_COLUMNS}
    item["date"] = (row["date_start"] or "")[:10] or None
    return item


def list_incidents(conn, f: Filters, sort: str, limit: int, offset: int) -> dict:
    """One page of incident summaries (table columns only) and the total matching."""
    columns = [incidents.c[name] for name in SUMMARY_COLUMNS]
    total = conn.execute(where(sa.select(sa.func.count()).select_from(incidents), f)).scalar_one()
    page = conn.execute(where(sa.select(*columns), f).order_by(*_order(sort)).limit(limit).offset(offset))
    return {"total": total, "limit": limit, "offset": offset, "sort": sort,
            "items": [_summary(row) for row in page.mappings()]}


def map_points(conn, f: Filters, limit: int) -> dict:
    """Compact map markers ``[id, lat, lon, killed_best, grade]`` of the matching incidents with a place."""
    query = where(sa.select(incidents.c.id, incidents.c.lat, incidents.c.lon, incidents.c.killed_best,
                            incidents.c.grade), f)
    query = query.where(incidents.c.lat.is_not(None)).where(incidents.c.lon.is_not(None))
    rows = conn.execute(query.order_by(incidents.c.killed_best.desc().nulls_last(), incidents.c.id)
                        .limit(limit + 1)).all()
    return {"truncated": len(rows) > limit, "points": [list(row) for row in rows[:limit]]}


def incident_records(conn, f: Filters, sort: str = "date", limit: int | None = None) -> list[dict]:
    """Full incident records (for exports) in ``sort`` order."""
    query = where(sa.select(incidents.c.record), f).order_by(*_order(sort))
    if limit is not None:
        query = query.limit(limit)
    return [record for record in conn.execute(query).scalars() if record]


def incident_record(conn, incident_id: int) -> dict | None:
    return conn.execute(sa.select(incidents.c.record).where(incidents.c.id == incident_id)).scalar_one_or_none()


def claim_events(conn, record: dict) -> dict[str, dict]:
    """Stored event records of an incident's claims, by event id."""
    ids = [c["event_id"] for c in record.get("claims") or [] if c.get("event_id")]
    if not ids:
        return {}
    rows = conn.execute(sa.select(events.c.id, events.c.record).where(events.c.id.in_(ids)))
    return {event_id: event for event_id, event in rows}


def document_texts(conn, document_ids) -> dict[str, dict]:
    """``{id: {text, title, outlet, published, url}}`` of the given documents."""
    ids = sorted({d for d in document_ids if d})
    if not ids:
        return {}
    rows = conn.execute(sa.select(documents.c.id, documents.c.text, documents.c.title, documents.c.outlet,
                                  documents.c.published, documents.c.url).where(documents.c.id.in_(ids)))
    return {row["id"]: dict(row) for row in rows.mappings()}


def document(conn, document_id: str) -> dict | None:
    """A stored document with its events (ids, type, status, offsets) and their incident ids."""
    row = conn.execute(sa.select(documents.c.id, documents.c.text, documents.c.title, documents.c.outlet,
                                 documents.c.published, documents.c.url, documents.c.error)
                       .where(documents.c.id == document_id)).mappings().first()
    if row is None:
        return None
    query = (sa.select(events.c.id, events.c.record, incident_members.c.incident_id)
             .outerjoin(incident_members, incident_members.c.event_id == events.c.id)
             .where(events.c.document_id == document_id).order_by(events.c.evidence_start, events.c.id))
    found = []
    for _event_id, record, incident_id in conn.execute(query):
        found.append({"record": record, "incident_id": incident_id})
    return {**dict(row), "events": found}


def counts(conn, f: Filters) -> dict:
    """Incidents and casualties per day, per type and per grade (SQL group-bys)."""
    day = sa.func.substr(incidents.c.date_start, 1, 10)
    killed = sa.func.coalesce(sa.func.sum(incidents.c.killed_best), 0)
    injured = sa.func.coalesce(sa.func.sum(incidents.c.injured_best), 0)
    result = {}
    for name, key in (("by_day", day), ("by_type", incidents.c.type), ("by_grade", incidents.c.grade)):
        query = where(sa.select(key.label("key"), sa.func.count().label("incidents"), killed.label("killed"),
                                injured.label("injured")), f).group_by(key).order_by(key)
        result[name] = [{"key": k, "incidents": n, "killed": int(dead), "injured": int(hurt)}
                        for k, n, dead, hurt in conn.execute(query)]
    result["total"] = sum(item["incidents"] for item in result["by_type"])
    return result


def _claims_table(dialect: str):
    """The claims of each incident record as a table-valued function (column ``value``)."""
    if dialect == "postgresql":
        return sa.func.json_array_elements(incidents.c.record["claims"]).table_valued("value").alias("claim")
    return sa.func.json_each(incidents.c.record, "$.claims").table_valued("value").alias("claim")


def _claim_field(dialect: str, value, name: str):
    if dialect == "postgresql":
        return value.op("->>")(name)
    return sa.func.json_extract(value, f"$.{name}")


def by_side(conn, f: Filters) -> list[dict]:
    """Per reporting side (claim alignment; reprints left out) and day: incidents and their best death toll.

    One SQL query over the claims inside the stored records (json_each / json_array_elements).
    """
    dialect = conn.dialect.name
    claim = _claims_table(dialect)
    side = sa.func.coalesce(_claim_field(dialect, claim.c.value, "alignment"), "unknown")
    inner = (sa.select(incidents.c.id, sa.func.substr(incidents.c.date_start, 1, 10).label("day"),
                       incidents.c.killed_best.label("killed"), side.label("side"))
             .select_from(incidents).join(claim, sa.true())
             .where(_claim_field(dialect, claim.c.value, "reprint_of").is_(None))
             .where(incidents.c.date_start.is_not(None)).distinct())
    inner = where(inner, f).subquery()
    query = (sa.select(inner.c.side, inner.c.day, sa.func.count(), sa.func.coalesce(sa.func.sum(inner.c.killed), 0))
             .group_by(inner.c.side, inner.c.day).order_by(inner.c.side, inner.c.day))
    sides: dict[str, list[dict]] = {}
    for name, day, n, killed in conn.execute(query):
        sides.setdefault(name, []).append({"day": day, "incidents": n, "killed": int(killed)})
    return [{"side": name, "days": days} for name, days in
            sorted(sides.items(), key=lambda kv: (-sum(d["incidents"] for d in kv[1]), kv[0]))]


def fingerprint(conn) -> tuple:
    """A cheap summary of the incidents table (index-only scans) that changes when incidents are rebuilt."""
    count, top, last = conn.execute(sa.select(sa.func.count(), sa.func.max(incidents.c.id),
                                              sa.func.max(incidents.c.date_start))).one()
    killed = conn.execute(sa.select(sa.func.sum(incidents.c.killed_best))).scalar()
    grades = conn.execute(sa.select(incidents.c.grade, sa.func.count()).group_by(incidents.c.grade)
                          .order_by(incidents.c.grade)).all()
    return count, top, last, killed, tuple(map(tuple, grades))


def ids_by_hash(conn, digests: list[str]) -> list[str | None]:
    """The stored document id of each content hash (None when not stored)."""
    rows = conn.execute(sa.select(documents.c.content_hash, documents.c.id)
                        .where(documents.c.content_hash.in_(set(digests))))
    found = dict(rows.all())
    return [found.get(d) for d in digests]
