"""Shapes of the web API's answers: an incident's claims by side, a document's event spans, side stats.

Pure functions over stored records (incident dicts of CONTRACT.md, event dicts, document texts).
"""
from __future__ import annotations

MAX_SENTENCE = 1500          # characters of evidence shown per claim


def _sentence(event: dict, text: str | None) -> dict | None:
    """The evidence sentence of an event, with the trigger's offsets relative to it."""
    evidence = event.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    if text is None or start is None or end is None or not 0 <= start < end <= len(text):
        return None
    end = min(end, start + MAX_SENTENCE)
    shown = {"text": text[start:end], "start": start, "end": end, "trigger_start": None, "trigger_end": None}
    t_start, t_end = evidence.get("trigger_start"), evidence.get("trigger_end")
    if t_start is not None and t_end is not None and start <= t_start < t_end <= end:
        shown["trigger_start"], shown["trigger_end"] = t_start - start, t_end - start
    return shown


def _disputes(claim: dict, contradictions: list[dict]) -> list[dict]:
    """The disputed fields and the value this claim's source gives for each (its speaker through the
    outlet when the contradiction names speakers, else the outlet)."""
    found = []
    source = claim.get("source") or claim.get("outlet")
    for contradiction in contradictions:
        for value in contradiction.get("values") or []:
            names = value.get("speakers") or value.get("sources") or []
            if source and source in names:
                found.append({"field": contradiction.get("field"), "value": value.get("value")})
    return found


def claim_view(claim: dict, event: dict | None, texts: dict[str, dict], contradictions: list[dict]) -> dict:
    """One claim as the incident page shows it."""
    event = event or {}
    document = texts.get(claim.get("document_id")) or {}
    return {
        "event_id": claim.get("event_id"), "document_id": claim.get("document_id"),
        "outlet": claim.get("outlet"), "alignment": claim.get("alignment") or "unknown",
        "independent": claim.get("independent"), "reprint_of": claim.get("reprint_of"),
        "status": claim.get("status") or event.get("status"), "score": claim.get("score"),
        "title": document.get("title"), "published": document.get("published"), "url": document.get("url"),
        "type": event.get("type"), "date": event.get("date"), "location": event.get("location"),
        "speakers": [{"name": a.get("name"), "kind": a.get("kind"), "affiliation": a.get("affiliation"),
                      "text": a.get("text")} for a in event.get("attribution") or []],
        "actors": [{"role": a.get("role"), "name": a.get("name") or a.get("label") or a.get("text"),
                    "country": a.get("country")} for a in event.get("actors") or []],
        "casualties": [{k: c.get(k) for k in ("group", "killed", "killed_high", "injured", "injured_high",
                                               "qualifier", "text")} for c in event.get("casualties") or []],
        "sentence": _sentence(event, document.get("text")),
        "disputes": _disputes(claim, contradictions),
        "reprints": [],
    }


def incident_view(record: dict, events_by_id: dict[str, dict], texts: dict[str, dict]) -> dict:
    """The incident with its claims grouped by side; reprints folded under the claim they copy."""
    contradictions = record.get("contradictions") or []
    views = [claim_view(c, events_by_id.get(c.get("event_id")), texts, contradictions)
             for c in record.get("claims") or []]
    by_document = {v["document_id"]: v for v in views if not v["reprint_of"]}
    shown = []
    for view in views:
        original = by_document.get(view["reprint_of"]) if view["reprint_of"] else None
        if original is not None:
            original["reprints"].append({k: view[k] for k in ("event_id", "document_id", "outlet", "published")})
        else:
            shown.append(view)
    sides: dict[str, list[dict]] = {}
    for view in shown:
        sides.setdefault(view["alignment"], []).append(view)
    keys = ("id", "type", "date", "location", "grade", "killed", "injured", "sources", "perpetrators",
            "targets", "contradictions")
    return {**{k: record.get(k) for k in keys},
            "sides": [{"side": side, "claims": claims} for side, claims in sorted(sides.items())]}


def document_view(row: dict) -> dict:
    """A stored document with each event's evidence and trigger spans (offsets into ``text``)."""
    text = row.get("text") or ""
    spans = []
    for item in row.get("events") or []:
        event = item["record"] or {}
        evidence = event.get("evidence") or {}
        start, end = evidence.get("start"), evidence.get("end")
        if start is None or end is None or not 0 <= start < end <= len(text):
            continue
        t_start, t_end = evidence.get("trigger_start"), evidence.get("trigger_end")
        if t_start is None or t_end is None or not start <= t_start < t_end <= end:
            t_start = t_end = None
        spans.append({"event_id": event.get("id"), "type": event.get("type"), "status": event.get("status"),
                      "start": start, "end": end, "trigger_start": t_start, "trigger_end": t_end,
                      "incident_id": item.get("incident_id"),
                      "date": (event.get("date") or {}).get("start"),
                      "place": (event.get("location") or {}).get("name")})
    keys = ("id", "title", "outlet", "published", "url", "error", "text")
    return {**{k: row.get(k) for k in keys}, "events": spans}
