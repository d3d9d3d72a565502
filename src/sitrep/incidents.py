"""Build incidents in the store: link claims, reconcile each incident, write it back.

``update_incidents(store)`` links the claims that belong to no incident yet *into* the stored
incidents: only the incidents stored near the new claims in time are read (``link.candidate_windows``,
an indexed query on the claims' dates), new claims join them or start new incidents (ids after the
largest id ever stored), and only the incidents that changed are reconciled and rewritten; the rest
keep their rows. ``ensure_incidents`` runs it when some claim is unlinked.
``build_incidents(store)`` relinks every stored claim and replaces all incidents; each new incident
keeps the id of the old incident with which it shares most claims (greedy by overlap), the others get
fresh ids, so links to ``/incidents/{id}`` survive a rebuild where the incident survives.
Every membership records the linking score and reasons; each update is one transaction.
``load_incidents`` / ``load_incident`` read the stored contract dicts back.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from .link import Incident, LinkConfig, Linker, candidate_windows, fitting_claims, link
from .reconcile import reconcile
from .store import StoreError
from .store.rows import incident_row
from .store.schema import documents, events, incident_members, incidents, reprints

VICTIM_ROLES = ("target", "victim")
_LOCK_KEY = 7_345_001          # PostgreSQL advisory lock: one incident writer at a time


def _fail(store, action: str, error: BaseException) -> StoreError:
    text = str(getattr(error, "orig", None) or error).strip()
    line = text.splitlines()[0] if text else type(error).__name__
    return StoreError(f"cannot {action} {getattr(store, 'shown_url', 'database')}: {line}")


def _with_reprints(events: list[dict], reprint_of: dict[str, str] | None) -> list[dict]:
    """Events with ``reprint_of`` set (from the store, or from an explicit document -> original map)."""
    if reprint_of is None:
        return events
    return [{**e, "reprint_of": e.get("reprint_of") or reprint_of.get(e.get("document_id"))} for e in events]


def _targets(events: list[dict]) -> list[str]:
    """Names of targets/victims named by the claims, most frequently named first."""
    counts: dict[str, int] = {}
    for e in events:
        for a in e.get("actors") or []:
            if a.get("role") in VICTIM_ROLES:
                name = a.get("name") or a.get("label") or a.get("text")
                if name:
                    counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda n: (-counts[n], n))


def _record(incident: Incident, by_id: dict, kb, conservative: bool) -> dict:
    """The reconciled contract dict of one incident, with each claim's linking score and reasons."""
    record = reconcile(incident, by_id, kb=kb, conservative=conservative)
    member_info = {m[0]: (m[1], m[2]) for m in incident.members}
    for claim in record["claims"]:
        claim["score"], claim["reasons"] = member_info.get(claim["event_id"], (None, None))
    record["targets"] = _targets([by_id[i] for i in incident.event_ids if i in by_id])
    return record


def _kb(kb):
    if kb is None:
        from .kb import load_kb
        kb = load_kb()
    return kb


def reconcile_all(events: list[dict], config: LinkConfig | None = None, kb=None,
                  conservative: bool = False) -> list[tuple[dict, list]]:
    """(contract dict, members) per incident; members are (event_id, score, reasons)."""
    kb = _kb(kb)
    by_id = {str(e.get("id")): e for e in events}
    return [(_record(incident, by_id, kb, conservative), incident.members) for incident in link(events, config)]


def _member_rows(incident_id: int, members) -> list[dict]:
    return [{"incident_id": incident_id, "event_id": event_id, "score": score, "reasons": reasons}
            for event_id, score, reasons in members]


def _keep_sequence_ahead(conn) -> None:
    """PostgreSQL: the id sequence continues after the largest id (rows are written with explicit ids)."""
    largest = _largest_id(conn)
    if conn.dialect.name == "postgresql" and largest:
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('incidents', 'id'), :n)"), {"n": largest})


def _lock(conn) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def _largest_id(conn) -> int:
    """The largest incident id in use or, on PostgreSQL, ever handed out by the sequence."""
    largest = conn.execute(sa.select(sa.func.max(incidents.c.id))).scalar() or 0
    if conn.dialect.name == "postgresql":
        name = conn.execute(sa.text("SELECT pg_get_serial_sequence('incidents', 'id')")).scalar()
        if name:                 # a name PostgreSQL gave, e.g. "schema.incidents_id_seq"
            value, called = conn.execute(sa.text(f"SELECT last_value, is_called FROM {name}")).one()
            largest = max(largest, int(value) if called else 0)
    return largest


def stable_ids(new_members: list[list[str]], old_incident_of: dict[str, int], next_id: int) -> list[int]:
    """Ids for rebuilt incidents: each takes the id of the old incident with which it shares most claims
    (greedy by overlap, then order), the others get ``next_id``, ``next_id + 1``, ... in order."""
    overlaps: dict[tuple[int, int], int] = {}
    for index, event_ids in enumerate(new_members):
        for event_id in event_ids:
            old = old_incident_of.get(event_id)
            if old is not None:
                overlaps[(index, old)] = overlaps.get((index, old), 0) + 1
    ids: list[int | None] = [None] * len(new_members)
    used: set[int] = set()
    for (index, old), _ in sorted(overlaps.items(), key=lambda kv: (-kv[1], kv[0])):
        if ids[index] is None and old not in used:
            ids[index] = old
            used.add(old)
    for index, value in enumerate(ids):
        if value is None:
            ids[index] = next_id
            next_id += 1
    return ids


def build_incidents(store, config: LinkConfig | None = None, kb=None, conservative: bool = False,
                    reprint_of: dict[str, str] | None = None) -> list[dict]:
    """Relink every stored claim and replace the stored incidents (ids kept where an incident survives)."""
    events_ = _with_reprints(store.events(), reprint_of)
    built = reconcile_all(events_, config, kb=kb, conservative=conservative)
    try:
        with store.engine.begin() as conn:
            _lock(conn)
            old = dict(conn.execute(sa.select(incident_members.c.event_id, incident_members.c.incident_id)).all())
            ids = stable_ids([[m[0] for m in members] for _, members in built], old, _largest_id(conn) + 1)
            incident_rows, member_rows = [], []
            for number, (record, members) in zip(ids, built):
                record["id"] = number
                incident_rows.append(incident_row(record))
                member_rows.extend(_member_rows(number, members))
            conn.execute(incident_members.delete())
            conn.execute(incidents.delete())
            if incident_rows:
                conn.execute(incidents.insert(), incident_rows)
            if member_rows:
                conn.execute(incident_members.insert(), member_rows)
            _keep_sequence_ahead(conn)
    except sa_exc.SQLAlchemyError as error:
        raise _fail(store, "write incidents to", error) from None
    return sorted((record for record, _ in built), key=lambda r: r["id"])


# ---------------------------------------------------------------- incremental linking

def _claims_query():
    """Event dicts as ``Store.events`` returns them (record plus document id, outlet, published, reprint)."""
    reprint_of = (sa.select(reprints.c.original_id).where(reprints.c.document_id == documents.c.id)
                  .order_by(reprints.c.similarity.desc()).limit(1).scalar_subquery())
    return (sa.select(events.c.record, events.c.document_id, documents.c.outlet, documents.c.published,
                      reprint_of.label("reprint_of"))
            .join(documents, documents.c.id == events.c.document_id))


def _claim_dicts(rows) -> list[dict]:
    return [{**record, "document_id": doc_id, "outlet": outlet, "published": published, "reprint_of": original}
            for record, doc_id, outlet, published, original in rows]


def _iso(day: int) -> str:
    return dt.date.fromordinal(max(1, min(day, dt.date.max.toordinal()))).isoformat()


def _window_queries(windows: dict, known: list[str]) -> list:
    """One SELECT per window (an index range scan on ``events.date_start`` each): incident id and the
    columns status, date and place tests read of the stored claims in it; a claim without a date is
    placed on its publication day (read from ``documents`` only for those)."""
    end = sa.func.coalesce(events.c.date_end, events.c.date_start)
    claim_columns = (incident_members.c.incident_id, events.c.id, events.c.type, events.c.status,
                     events.c.plover_event, events.c.date_start, events.c.date_end, events.c.date_precision,
                     events.c.location_lat, events.c.location_lon, events.c.location_country,
                     events.c.location_precision)
    members = events.join(incident_members, incident_members.c.event_id == events.c.id)
    dated = sa.select(*claim_columns, sa.null().label("published")).select_from(members)
    published = sa.func.substr(documents.c.published, 1, 10)
    undated = sa.select(*claim_columns, documents.c.published).select_from(
        members.join(documents, documents.c.id == events.c.document_id)).where(events.c.date_start.is_(None))
    queries = []
    for precision, spans in windows.items():
        precision_is = (events.c.date_precision == precision if precision is not None
                        else sa.or_(events.c.date_precision.is_(None), events.c.date_precision.not_in(known)))
        for lo, hi, end_lo in spans:
            queries.append(dated.where(events.c.date_start >= _iso(lo), events.c.date_start <= _iso(hi),
                                       end >= _iso(end_lo), precision_is))
            if precision in ("unknown", None):
                queries.append(undated.where(published >= _iso(end_lo), published <= _iso(hi)))
    return queries


def _light_claims(rows) -> list[dict]:
    """Event dicts with only what status, date and place tests read (no JSON decoding)."""
    return [{"id": r.id, "type": r.type, "status": r.status, "plover": {"event": r.plover_event},
             "date": {"start": r.date_start, "end": r.date_end, "precision": r.date_precision},
             "location": {"lat": r.location_lat, "lon": r.location_lon, "country": r.location_country,
                          "precision": r.location_precision}, "published": r.published}
            for r in rows]


def _candidate_ids(conn, new: list[dict], cfg: LinkConfig) -> set[int]:
    """Ids of stored incidents that a new claim could join: one of their claims is near a new claim in
    time (indexed query, ``candidate_windows``) and fits it on status, date and place
    (``fitting_claims``); or they hold a claim a new one refers to."""
    found: set[int] = set()
    windows = candidate_windows(new, cfg)
    if windows:
        query = sa.union_all(*_window_queries(windows, list(cfg.date_tolerance_days)))
        rows = list({row.id: row for row in conn.execute(query)}.values())
        found |= {rows[p].incident_id for p in fitting_claims(_light_claims(rows), new, cfg)}
    targets = sorted({str(e["refers_to"]) for e in new if e.get("refers_to")})
    if targets:
        found |= set(conn.execute(sa.select(incident_members.c.incident_id)
                                  .where(incident_members.c.event_id.in_(targets))).scalars())
    return found


def _load_into(conn, linker: Linker, incident_ids: set[int]) -> tuple[dict[int, dict], dict[str, dict]]:
    """Load stored incidents (claims in their stored order, memberships) into the linker."""
    records, claims, members = {}, {}, {}
    ids = sorted(incident_ids)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        records.update(conn.execute(sa.select(incidents.c.id, incidents.c.record)
                                    .where(incidents.c.id.in_(chunk))).all())
        for row in conn.execute(sa.select(incident_members).where(incident_members.c.incident_id.in_(chunk))):
            members.setdefault(row.incident_id, []).append((row.event_id, row.score, row.reasons))
        query = _claims_query().join(incident_members, incident_members.c.event_id == events.c.id).where(
            incident_members.c.incident_id.in_(chunk))
        claims.update((e["id"], e) for e in _claim_dicts(conn.execute(query)))
    for incident_id in ids:
        order = [c["event_id"] for c in (records.get(incident_id) or {}).get("claims") or []]
        rank = {event_id: n for n, event_id in enumerate(order)}
        held = sorted(members.get(incident_id, []), key=lambda m: (rank.get(m[0], len(rank)), m[0]))
        linker.add_incident(incident_id, [claims[m[0]] for m in held if m[0] in claims], held)
    return records, claims


def update_incidents(store, config: LinkConfig | None = None, kb=None, conservative: bool = False,
                     event_ids: list[str] | None = None) -> list[dict]:
    """Link unlinked claims (all, or those of ``event_ids``) into the stored incidents; returns the
    incident dicts that were created or changed (one transaction)."""
    cfg = config or LinkConfig()
    try:
        with store.engine.begin() as conn:
            _lock(conn)
            query = _claims_query().where(~sa.exists().where(incident_members.c.event_id == events.c.id))
            if event_ids is not None:
                query = query.where(events.c.id.in_([str(i) for i in event_ids]))
            new = _claim_dicts(conn.execute(query.order_by(events.c.id)))
            if not new:
                return []
            linker = Linker(cfg, _largest_id(conn) + 1)
            old_records, by_id = _load_into(conn, linker, _candidate_ids(conn, new, cfg))
            by_id.update((str(e["id"]), e) for e in new)
            touched = linker.link(new)
            new_ids = {str(e["id"]) for e in new}
            kb = _kb(kb)
            written, inserts, updates, members = [], [], [], []
            for incident in (i for i in linker.incidents if i.id in touched):
                record = _record(incident, by_id, kb, conservative)
                record["id"] = incident.id
                row = incident_row(record)
                if incident.id in old_records:
                    updates.append({**{f"new_{k}": v for k, v in row.items() if k != "id"}, "old_id": incident.id})
                else:
                    inserts.append(row)
                members += _member_rows(incident.id, [m for m in incident.members if m[0] in new_ids])
                written.append(record)
            if updates:
                columns = [k.removeprefix("new_") for k in updates[0] if k != "old_id"]
                conn.execute(incidents.update().where(incidents.c.id == sa.bindparam("old_id"))
                             .values({k: sa.bindparam(f"new_{k}") for k in columns}), updates)
            if inserts:
                conn.execute(incidents.insert(), inserts)
            if members:
                conn.execute(incident_members.insert(), members)
            _keep_sequence_ahead(conn)
    except sa_exc.SQLAlchemyError as error:
        raise _fail(store, "update incidents in", error) from None
    return written


def needs_rebuild(store) -> bool:
    """Whether some stored claim belongs to no incident yet (kept name: an update is incremental now)."""
    return bool(store.events(unlinked=True))


def ensure_incidents(store, **options) -> bool:
    """Link claims that are unlinked into the incidents (incrementally); returns whether any was."""
    return bool(update_incidents(store, **options))


def load_incidents(store, since: str | None = None, until: str | None = None,
                   country: str | None = None) -> list[dict]:
    """Stored incident dicts whose date range meets [since, until] (ISO days) and place is in ``country``."""
    query = sa.select(incidents.c.record).order_by(incidents.c.date_start, incidents.c.id)
    if since:
        query = query.where(sa.func.coalesce(incidents.c.date_end, incidents.c.date_start) >= since[:10])
    if until:
        query = query.where(sa.func.substr(incidents.c.date_start, 1, 10) <= until[:10])
    if country:
        query = query.where(incidents.c.country == country.upper())
    try:
        with store.engine.connect() as conn:
            return list(conn.execute(query).scalars())
    except sa_exc.SQLAlchemyError as error:
        raise _fail(store, "read incidents from", error) from None


def load_incident(store, incident_id: int) -> dict | None:
    """One stored incident dict, or None."""
    try:
        with store.engine.connect() as conn:
            return conn.execute(sa.select(incidents.c.record)
                                .where(incidents.c.id == int(incident_id))).scalar_one_or_none()
    except sa_exc.SQLAlchemyError as error:
        raise _fail(store, "read incidents from", error) from None


def claim_events(store, record: dict) -> dict[str, dict]:
    """The stored claims (event dicts) of one incident, by event id."""
    ids = {c["event_id"] for c in record.get("claims") or []}
    documents_ = sorted({c["document_id"] for c in record.get("claims") or [] if c.get("document_id")})
    return {e["id"]: e for e in store.events(document_ids=documents_) if e.get("id") in ids}
