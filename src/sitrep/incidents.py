"""Build incidents in the store: load claims, link them, reconcile each incident, write it back.

``build_incidents(store)`` replaces every stored incident (and its memberships) in one transaction:
claims (``Store.events()``, which carries ``reprint_of`` from the reprints table) are linked
(``link.link``) and reconciled (``reconcile.reconcile``); each membership records the linking score
and reasons. Incident ids are 1..n in the linker's (chronological) order.
``ensure_incidents(store)`` rebuilds only when some stored claim belongs to no incident yet.
``load_incidents`` / ``load_incident`` read the stored contract dicts back.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from .link import LinkConfig, link
from .reconcile import reconcile
from .store import StoreError
from .store.rows import incident_row
from .store.schema import incident_members, incidents

VICTIM_ROLES = ("target", "victim")


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


def reconcile_all(events: list[dict], config: LinkConfig | None = None, kb=None,
                  conservative: bool = False) -> list[tuple[dict, list]]:
    """(contract dict, members) per incident; members are (event_id, score, reasons)."""
    if kb is None:
        from .kb import load_kb
        kb = load_kb()
    by_id = {str(e.get("id")): e for e in events}
    result = []
    for incident in link(events, config):
        record = reconcile(incident, by_id, kb=kb, conservative=conservative)
        member_info = {m[0]: (m[1], m[2]) for m in incident.members}
        for claim in record["claims"]:
            score, reasons = member_info.get(claim["event_id"], (None, None))
            claim["score"], claim["reasons"] = score, reasons
        record["targets"] = _targets([by_id[i] for i in incident.event_ids if i in by_id])
        result.append((record, incident.members))
    return result


def build_incidents(store, config: LinkConfig | None = None, kb=None, conservative: bool = False,
                    reprint_of: dict[str, str] | None = None) -> list[dict]:
    """Relink every stored claim and replace the stored incidents; returns the incident dicts."""
    events = _with_reprints(store.events(), reprint_of)
    built = reconcile_all(events, config, kb=kb, conservative=conservative)
    incident_rows, member_rows = [], []
    for number, (record, members) in enumerate(built, start=1):
        record["id"] = number
        incident_rows.append(incident_row(record))
        member_rows.extend({"incident_id": number, "event_id": event_id, "score": score, "reasons": reasons}
                           for event_id, score, reasons in members)
    try:
        with store.engine.begin() as conn:
            conn.execute(incident_members.delete())
            conn.execute(incidents.delete())
            if incident_rows:
                conn.execute(incidents.insert(), incident_rows)
            if member_rows:
                conn.execute(incident_members.insert(), member_rows)
            if conn.dialect.name == "postgresql" and incident_rows:   # keep the id sequence ahead
                conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('incidents', 'id'), :n)"),
                             {"n": len(incident_rows)})
    except sa_exc.SQLAlchemyError as error:
        raise _fail(store, "write incidents to", error) from None
    return [record for record, _ in built]


def needs_rebuild(store) -> bool:
    """Whether some stored claim belongs to no incident yet."""
    return bool(store.events(unlinked=True))


def ensure_incidents(store, **options) -> bool:
    """Rebuild the incidents when claims are unlinked; returns whether a rebuild happened."""
    if needs_rebuild(store):
        build_incidents(store, **options)
        return True
    return False


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
    documents = sorted({c["document_id"] for c in record.get("claims") or [] if c.get("document_id")})
    return {e["id"]: e for e in store.events(document_ids=documents) if e.get("id") in ids}
