"""Violations of agreements: which incidents fall inside a zone while an agreement is in force, who
each side blames, verbal allegations that name the agreement, and tallies per party and side.

Computed at query time from the stored incidents (incident ids change on a relink), claims and
agreements. An incident is a possible violation of an agreement when
- its type is one the agreement forbids,
- its date range meets the agreement's period (only partly inside: at most ``possible``),
- its place is in the zone: an exact or town-level point inside is ``likely``; a place known only
  at region (admin1) or country level whose (approximate) area overlaps the zone is ``possible``.
  For a zone of admin areas, the place's admin1 name decides when it is known.

Attribution follows the claims. Each side (the claim's alignment) has a *version*: the parties its
asserted claims name as perpetrators (mapped to the agreement's parties by alias, country and
sector; others keep their own name), plus the parties its allegations accuse. A party of the side's
own country is an admission, another a blame. When two sides name different parties the violation
is ``disputed``, with every version kept; when they agree it is ``attributed``.

An allegation is a claim whose evidence sentence (from the stored document text) speaks of a
violation and names the agreement or one of its aliases: mostly verbal claims (DIPLO, ATTRIB), but
any claim counts, as the extractor sometimes types an accusation by the act it describes. It is
attached to a violation whose incident holds it, or whose incident its report describes on its day;
its accused parties join its side's version.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import sqlalchemy as sa
from shapely import Point
from shapely.prepared import prep

from .agreements import Agreement, admin_code, admin_geometry, buffer_km_around, country_geometry
from .link import FAMILY_OF

POINT_PRECISION = {"exact", "town"}
ASSERTING = {"asserted", "alleged", None}
VERBAL_TYPES = ("DIPLO", "ATTRIB")
NON_STATE = {"rebels", "terrorist_group", "militia"}
VIOLATION_CUE = re.compile(
    r"\bviolat\w*|\bcontraven\w*|\bflout\w*|\bnon-?complian\w*|\bdisregard\w*|\bundermin\w*|\bin breach\b|"
    r"\bbreach(es)? of\b|\b(breach\w*|broke|broken|breaking)\s+(the\s+|a\s+|its\s+|their\s+)?([\w-]+\s+){0,2}?"
    r"(ceasefire|truce|agreement|deal|memorandum|accord|understandings?|commitments?)\b", re.IGNORECASE)
CUE_STEMS = ("violat", "breach", "contraven", "flout", "complian", "broke", "undermin", "disregard")
REGION_RADIUS_KM = 30.0         # a region-level place whose admin area is unknown: this far around its point
EXCERPT = 300
UNNAMED = "(nobody named)"


# ---- where and when --------------------------------------------------------------------------------

class _Zone:
    """An agreement with its prepared zone geometry and resolved admin areas."""

    def __init__(self, agreement: Agreement):
        self.agreement = agreement
        self.prepared = prep(agreement.zone)
        self.admin_codes = {(a["country"], a["code"]) for a in agreement.admin}

    def place(self, location: dict | None) -> tuple[str | None, str]:
        """('likely' | 'possible' | None, why) for a location of the contract."""
        loc = location or {}
        precision = loc.get("precision") or "unknown"
        lat, lon, country = loc.get("lat"), loc.get("lon"), loc.get("country")
        code = admin_code(country, loc.get("admin1")) if self.admin_codes and loc.get("admin1") else None
        if precision in POINT_PRECISION:
            if self.admin_codes and code:
                inside = (country, code) in self.admin_codes
                return ("likely", f"{loc.get('name')} is in {loc.get('admin1')}") if inside else (None, "")
            if lat is not None and lon is not None and self.prepared.covers(Point(lon, lat)):
                return "likely", f"{loc.get('name') or 'the place'} ({precision}) is inside the zone"
            return None, ""
        if precision == "region":
            if self.admin_codes and code:
                inside = (country, code) in self.admin_codes
                return ("possible", f"region {loc.get('admin1')} is part of the zone") if inside else (None, "")
            area = _region_area(loc)
            if area is not None and self.prepared.intersects(area):
                return "possible", f"region {loc.get('admin1') or loc.get('name')} overlaps the zone"
            return None, ""
        if precision == "country" and country:
            if self.admin_codes:
                inside = any(c == country for c, _ in self.admin_codes)
            else:
                area = country_geometry(country)
                inside = area is not None and self.prepared.intersects(area)
            return ("possible", f"country {country} overlaps the zone") if inside else (None, "")
        return None, ""

    def when(self, date: dict | None) -> tuple[bool, bool]:
        """(meets the period, wholly inside it) for a date of the contract."""
        start = ((date or {}).get("start") or "")[:10]
        if not start:
            return False, False
        end = ((date or {}).get("end") or start)[:10]
        a = self.agreement
        meets = a.in_force(start, end)
        return meets, meets and start >= a.start and (a.end is None or end <= a.end)


def _region_area(loc: dict):
    code = admin_code(loc.get("country"), loc.get("admin1"))
    if code:
        return admin_geometry(loc["country"], code)
    if loc.get("lat") is not None and loc.get("lon") is not None:
        return buffer_km_around(Point(loc["lon"], loc["lat"]), REGION_RADIUS_KM)
    return None


def match(incident: dict, zone: _Zone) -> dict | None:
    """{'confidence', 'why'} when the incident may violate the agreement, else None."""
    agreement = zone.agreement
    if incident.get("type") not in agreement.forbids:
        return None
    meets, wholly = zone.when(incident.get("date"))
    if not meets:
        return None
    confidence, why = zone.place(incident.get("location"))
    if confidence is None:
        return None
    reasons = [f"{incident.get('type')} is forbidden", why]
    if not wholly:
        confidence = "possible"
        reasons.append("its dates are only partly inside the agreement's period")
    return {"confidence": confidence, "why": reasons}


# ---- who --------------------------------------------------------------------------------------------

def _mentions(text: str, name: str) -> bool:
    words = re.findall(r"[0-9A-Za-z]+", name)
    if not words:
        return False
    pattern = r"\b" + r"[\W_]*".join(re.escape(w) for w in words) + r"\b"
    return re.search(pattern, text, re.IGNORECASE) is not None


def party_of(actor: dict, parties: list[dict]) -> str | None:
    """The agreement party an actor belongs to (alias, then country and sector), else its own name."""
    texts = [t for t in (actor.get("name"), actor.get("label"), actor.get("text")) if t]
    for party in parties:
        if any(_mentions(t, alias) for alias in [party["name"], *party.get("aliases", [])] for t in texts):
            return party["name"]
    sector, country = actor.get("sector"), actor.get("country")
    for party in parties:
        sectors = party.get("sectors") or []
        if party.get("country") and party["country"] == country:
            if (sector in sectors) if sectors else (sector not in NON_STATE):
                return party["name"]
        elif not party.get("country") and sectors and sector in sectors:
            return party["name"]
    return actor.get("name") or actor.get("label") or actor.get("text")


def _side_country(side: str, parties: list[dict]) -> set[str]:
    """Names of the parties that are the side itself (its admissions)."""
    return {p["name"] for p in parties if p.get("country") and p["country"] == side}


def versions(incident: dict, events_by_id: dict, agreement: Agreement, allegations: list[dict]) -> list[dict]:
    """Each side's version of who violated, with its sources and claims."""
    by_side: dict[str, dict] = {}
    for claim in incident.get("claims") or []:
        side = claim.get("alignment") or "unknown"
        version = by_side.setdefault(side, {"side": side, "named": set(), "denied": False, "sources": [],
                                            "claims": []})
        if claim.get("outlet") and claim["outlet"] not in version["sources"]:
            version["sources"].append(claim["outlet"])
        version["claims"].append(claim.get("event_id"))
        event = events_by_id.get(claim.get("event_id"))
        if event is None or FAMILY_OF.get(event.get("type")) == "verbal":
            continue
        if event.get("status") == "denied":
            version["denied"] = True
        elif event.get("status") in ASSERTING:
            for actor in event.get("actors") or []:
                if actor.get("role") == "perpetrator":
                    name = party_of(actor, agreement.parties)
                    if name:
                        version["named"].add(name)
    for allegation in allegations:
        version = by_side.setdefault(allegation["side"], {"side": allegation["side"], "named": set(),
                                                          "denied": False, "sources": [], "claims": []})
        version["named"].update(allegation["accused"])
        if allegation.get("outlet") and allegation["outlet"] not in version["sources"]:
            version["sources"].append(allegation["outlet"])
    result = []
    for side in sorted(by_side):
        version = by_side[side]
        own = _side_country(side, agreement.parties)
        result.append({"side": side, "blames": sorted(version["named"] - own),
                       "admits": sorted(version["named"] & own), "denies": version["denied"],
                       "sources": version["sources"], "claims": version["claims"]})
    return result


def attribution(versions_: list[dict]) -> tuple[str, list[dict]]:
    """('attributed' | 'disputed' | 'unattributed', parties with the sides naming them)."""
    named = {v["side"]: frozenset(v["blames"]) | frozenset(v["admits"]) for v in versions_}
    named = {side: parties for side, parties in named.items() if parties}
    if not named:
        return "unattributed", []
    sides_of: dict[str, list[str]] = defaultdict(list)
    for side, parties in sorted(named.items()):
        for party in sorted(parties):
            sides_of[party].append(side)
    status = "attributed" if len(set(named.values())) == 1 else "disputed"
    return status, [{"name": party, "named_by": sides} for party, sides in sorted(sides_of.items())]


# ---- allegations ------------------------------------------------------------------------------------

def _chunks(items: list, size: int = 500):
    for n in range(0, len(items), size):
        yield items[n:n + size]


def document_texts(store, document_ids) -> dict[str, str]:
    """Stored texts of those documents that contain a word stem of ``CUE_STEMS``, by id."""
    from .store.schema import documents
    lowered = sa.func.lower(documents.c.text)
    cued = sa.or_(*[lowered.like(f"%{stem}%") for stem in CUE_STEMS])
    texts: dict[str, str] = {}
    with store.engine.connect() as conn:
        for chunk in _chunks(sorted(set(document_ids))):
            for doc_id, text in conn.execute(sa.select(documents.c.id, documents.c.text)
                                             .where(documents.c.id.in_(chunk), cued)):
                texts[doc_id] = text or ""
    return texts


def is_verbal(event: dict) -> bool:
    return event.get("type") in VERBAL_TYPES


def find_allegations(events: list[dict], texts: dict[str, str], zones: list[_Zone],
                     claim_side: dict[str, tuple[int, str]]) -> list[dict]:
    """Claims whose evidence sentence alleges a violation and names an agreement (or its zone).

    One allegation per agreement and sentence; its accused are the perpetrators the claims of that
    sentence name (a verbal claim: else its targets).
    """
    found: dict[tuple, dict] = {}
    for event in sorted(events, key=lambda e: (not is_verbal(e), str(e.get("id")))):
        evidence = event.get("evidence") or {}
        text = texts.get(event.get("document_id"), "")
        start, end = evidence.get("start"), evidence.get("end")
        if start is None or end is None or not text:
            continue
        sentence = " ".join(text[start:end].split())
        if not VIOLATION_CUE.search(sentence):
            continue
        incident_id, side = claim_side.get(event.get("id"), (None, None))
        if side is None:
            first = (event.get("attribution") or [{}])[0]
            side = first.get("affiliation") or event.get("outlet") or "unknown"
        speaker = next((a.get("name") for a in event.get("attribution") or [] if a.get("name")), None)
        actors = event.get("actors") or []
        roles = [a for a in actors if a.get("role") == "perpetrator"] or (
            [a for a in actors if a.get("role") == "target"] if is_verbal(event) else [])
        date = event.get("date") or {}
        for zone in zones:
            names = [n for n in zone.agreement.names() if _mentions(sentence, n)]
            if not names or not zone.when(date)[0]:
                continue
            accused = {p for p in (party_of(a, zone.agreement.parties) for a in roles) if p}
            key = (zone.agreement.id, event.get("document_id"), start, end)
            if key in found:
                found[key]["accused"] = sorted(set(found[key]["accused"]) | accused)
                continue
            found[key] = {"agreement": zone.agreement.id, "event_id": event.get("id"),
                          "document_id": event.get("document_id"), "outlet": event.get("outlet"),
                          "date": (date.get("start") or "")[:10] or None, "side": side, "speaker": speaker,
                          "accused": sorted(accused), "names": names, "status": event.get("status"),
                          "verbal": is_verbal(event), "incident_id": incident_id,
                          "sentence": sentence[:EXCERPT]}
    return sorted(found.values(), key=lambda a: (a["date"] or "", a["agreement"], a["event_id"]))


# ---- all together -----------------------------------------------------------------------------------

def find_violations(store, agreements: list[Agreement], incidents: list[dict], since: str | None = None,
                    until: str | None = None) -> dict:
    """{'violations': [...], 'allegations': [...]} of ``agreements`` among ``incidents`` (stored dicts)."""
    zones = [_Zone(a) for a in agreements]
    claim_side = {c.get("event_id"): (i.get("id"), c.get("alignment") or "unknown")
                  for i in incidents for c in i.get("claims") or []}
    candidates = []
    for incident in incidents:
        for zone in zones:
            found = match(incident, zone)
            if found:
                candidates.append((incident, zone, found))
    claims = store.events(since=since, until=until)
    documents = {c.get("document_id") for i, _, _ in candidates for c in i.get("claims") or []}
    events_by_id: dict[str, dict] = {}
    for chunk in _chunks(sorted(d for d in documents if d)):
        events_by_id.update((e["id"], e) for e in store.events(document_ids=chunk))
    texts = document_texts(store, {e["document_id"] for e in claims})
    allegations = find_allegations(claims, texts, zones, claim_side)
    violations = []
    for incident, zone, found in candidates:
        agreement = zone.agreement
        linked = [a for a in allegations if a["agreement"] == agreement.id and _about(a, incident)]
        sides = versions(incident, events_by_id, agreement, linked)
        status, parties = attribution(sides)
        loc = incident.get("location") or {}
        violations.append({
            "agreement": agreement.id, "incident_id": incident.get("id"),
            "date": (incident.get("date") or {}).get("start"), "type": incident.get("type"),
            "location": loc, "confidence": found["confidence"], "why": found["why"],
            "attribution": status, "parties": parties, "versions": sides, "allegations": linked,
            "sources": incident.get("sources") or [], "grade": incident.get("grade"),
            "killed": incident.get("killed")})
    violations.sort(key=lambda v: (v["date"] or "", v["agreement"], v["incident_id"] or 0))
    return {"violations": violations, "allegations": allegations}


def _about(allegation: dict, incident: dict) -> bool:
    """An allegation is about an incident it belongs to, or one its report describes on the same day."""
    if allegation["incident_id"] is not None and allegation["incident_id"] == incident.get("id"):
        return True
    date = incident.get("date") or {}
    start = (date.get("start") or "")[:10]
    return (bool(allegation["date"]) and start <= allegation["date"] <= ((date.get("end") or start)[:10])
            and any(c.get("document_id") == allegation["document_id"] for c in incident.get("claims") or []))


def period_of(day: str, by: str = "day") -> str:
    """The day itself, or its ISO week ('2020-W08')."""
    if by == "week":
        year, week, _ = dt.date.fromisoformat(day[:10]).isocalendar()
        return f"{year}-W{week:02d}"
    return day[:10]


def tally(violations: list[dict], by: str = "day") -> list[dict]:
    """Rows {period, agreement, party, side, likely, possible, disputed}: violations each side lays on each
    party (``UNNAMED`` when the side reports it without naming anyone)."""
    counts: dict[tuple, dict] = {}
    for violation in violations:
        if not violation.get("date"):
            continue
        period = period_of(violation["date"], by)
        for version in violation["versions"]:
            named = sorted(set(version["blames"]) | set(version["admits"]))
            for party in named or ([] if version["denies"] else [UNNAMED]):
                key = (period, violation["agreement"], party, version["side"])
                row = counts.setdefault(key, {"period": period, "agreement": violation["agreement"],
                                              "party": party, "side": version["side"], "likely": 0,
                                              "possible": 0, "disputed": 0})
                row[violation["confidence"]] += 1
                row["disputed"] += violation["attribution"] == "disputed"
    return [counts[k] for k in sorted(counts)]


def for_report(store, incidents: list[dict], day: str, window: int = 7) -> dict | None:
    """``find_violations`` over the report's window plus the agreements; None when none is stored."""
    from .agreements import load_agreements
    agreements = load_agreements(store)
    if not agreements:
        return None
    since = (dt.date.fromisoformat(day) - dt.timedelta(days=window - 1)).isoformat()
    recent = [i for i in incidents if (((i.get("date") or {}).get("end") or (i.get("date") or {}).get("start")
                                         or "")[:10] >= since)]
    found = find_violations(store, agreements, recent, since=since, until=day)
    found["agreements"] = agreements
    return found
