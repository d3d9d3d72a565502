"""Conversion of extraction records to table rows."""
from __future__ import annotations

import hashlib
from datetime import datetime

from ..model import Document, Event, Extraction


def content_hash(text: str) -> str:
    """SHA-256 of the text with line endings normalised and outer whitespace stripped."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def storable_text(text: str) -> str:
    """The text with NUL characters (refused by PostgreSQL) replaced one for one, keeping offsets."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def document_row(document: Document, extraction: Extraction, doc_id: str, digest: str,
                 now: datetime) -> dict:
    return {
        "id": doc_id, "text": storable_text(document.text or ""), "title": document.title or extraction.title,
        "outlet": document.outlet or extraction.outlet,
        "published": document.published or extraction.published, "url": document.url,
        "content_hash": digest, "ingested_at": now, "error": extraction.error,
        "reference_date": extraction.reference_date, "warnings": list(extraction.warnings or []) or None,
    }


def event_record(event: Event, id_map: dict[str, str]) -> dict:
    """``Event.to_dict()`` with event ids renamed by ``id_map`` (document ids made unique)."""
    record = event.to_dict()
    record["id"] = id_map.get(record["id"], record["id"])
    if record.get("refers_to"):
        record["refers_to"] = id_map.get(record["refers_to"], record["refers_to"])
    return record


def event_row(record: dict, doc_id: str) -> dict:
    plover = record.get("plover") or {}
    date = record.get("date") or {}
    location = record.get("location") or {}
    evidence = record.get("evidence") or {}
    return {
        "id": record["id"], "document_id": doc_id, "type": record.get("type"),
        "plover_event": plover.get("event"), "plover_mode": plover.get("mode"),
        "status": record.get("status"), "confidence": record.get("confidence"),
        "date_start": date.get("start"), "date_end": date.get("end"), "date_precision": date.get("precision"),
        "location_name": location.get("name"), "location_lat": location.get("lat"),
        "location_lon": location.get("lon"), "location_country": location.get("country"),
        "location_admin1": location.get("admin1"), "location_precision": location.get("precision"),
        "evidence_start": evidence.get("start"), "evidence_end": evidence.get("end"),
        "trigger": evidence.get("trigger"), "refers_to": record.get("refers_to"), "record": record,
    }


def actor_rows(record: dict) -> list[dict]:
    return [{"event_id": record["id"], "role": a.get("role"), "name": a.get("name"), "text": a.get("text"),
             "country": a.get("country"), "sector": a.get("sector"), "label": a.get("label")}
            for a in record.get("actors") or []]


def place_rows(extraction: Extraction, doc_id: str) -> list[dict]:
    return [{"document_id": doc_id, "text": p.text, "start": p.start, "end": p.end, "name": p.name,
             "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon, "country": p.country,
             "admin1": p.admin1, "feature": p.feature}
            for p in extraction.places]


def rename_events(extraction: Extraction, old_doc_id: str, new_doc_id: str) -> dict[str, str]:
    """Map of event ids ``<old>#n`` → ``<new>#n`` for a document stored under a new id."""
    if old_doc_id == new_doc_id:
        return {}
    mapping = {}
    for event in extraction.events:
        prefix = f"{old_doc_id}#"
        suffix = event.id.removeprefix(prefix)
        mapping[event.id] = f"{new_doc_id}#{suffix}"
    return mapping


def _figure(record: dict, key: str, part: str):
    figure = record.get(key) or {}
    return figure.get(part)


def incident_row(record: dict) -> dict:
    """The row of the ``incidents`` table for a reconciled incident dict (which must carry its id)."""
    date, loc = record.get("date") or {}, record.get("location") or {}
    words = [record.get("type"), loc.get("name"), loc.get("admin1"), record.get("grade")]
    words += record.get("sources") or []
    words += [p.get("name") for p in record.get("perpetrators") or []]
    words += record.get("targets") or []
    return {
        "id": record["id"], "type": record.get("type"), "date_start": date.get("start"),
        "date_end": date.get("end") or date.get("start"), "precision": date.get("precision"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "country": loc.get("country"),
        "admin1": loc.get("admin1"), "record": record, "grade": record.get("grade"),
        "killed_low": _figure(record, "killed", "low"), "killed_best": _figure(record, "killed", "best"),
        "killed_high": _figure(record, "killed", "high"), "injured_best": _figure(record, "injured", "best"),
        "n_sources": len(record.get("sources") or []), "location_name": loc.get("name"),
        "search_text": " ".join(str(w) for w in words if w).lower(),
    }
