"""Reconcile the claims of one incident: versions by side, figure ranges, contradictions, a grade.

``reconcile(incident, events_by_id, kb=None, conservative=False)`` returns the incident dict of
CONTRACT.md. Event dicts carry ``document_id``, ``outlet``, ``published`` and optionally
``reprint_of`` (the document id this document reprints).

Sources. A source is an outlet plus the innermost speaker. Its *alignment* is the state of the
innermost speaker when that is a ministry, official or armed force of a state (KB entry of sector
government/military/police, or an affiliated person/organization); else the outlet's KB alignment
(``international`` for wire agencies, ``monitor`` for SOHR), else its country, else ``unknown``.
Reprints and further claims of an already counted document/outlet are not independent.

Figures (killed, injured), UCDP GED style over the asserted/alleged claims of independent documents
(vague figures, "several" or "dozens", only when no claim gives a number):
``low`` = the lowest figure any source gives, ``high`` = the highest (range highs included),
``best`` = the median of the per-source figures (each source's largest figure in the incident;
the lower middle value on an even count). ``conservative=True`` uses ACLED's rule: best = low.
``None`` when no claim gives a figure.

Contradictions, field by field, each value with the outlets behind it (``sources``) and, where someone
speaks through an outlet, the speakers (``speakers``: 'Government of Turkey (via Reuters)'); disputes are
found between speakers, so that two sides quoted by one outlet stay two: ``perpetrator`` (two sources
name disjoint sets of perpetrators, keyed by country else name; state forces named without a country,
"government forces", are those of the country where it happened), ``target`` (sources' target sets are disjoint),
``killed`` / ``injured`` (different per-source figures), ``happened`` (denied vs asserted claims).

Grade (first rule that applies; in the spirit of Airwars). The claims that *affirm* the incident are
the asserted/alleged claims of independent documents; in an incident of violence a statement about it
(accusation, rejection) does not affirm it, nor does any claim of a document that denies it ("our
drones hit only military targets" beside "we killed no civilians"). In an incident that is itself a
statement (a threat, a promise), a threatened/planned claim affirms that the statement was made.
1. ``denied``: a claim from the alleged perpetrator's side (or any claim, if no perpetrator is
   named) denies it, that side does not acknowledge it, and the affirming sources share one
   alignment (nobody independent of the accuser confirms).
2. ``contested``: sources disagree on who did it, or whether it happened.
3. ``confirmed``: the perpetrator's own side acknowledges it (a claim from a side that names that
   side as perpetrator), or affirming sources of two or more alignments agree. A perpetrator's
   characterisation of its victims is context only (target disagreement never changes the grade).
4. ``fair``: two or more outlets affirm it.
5. ``single-source`` otherwise.
"""
from __future__ import annotations

import statistics
from collections import Counter

from .link_rules import STATE_SECTORS, state_country

STATE_WORDS = ("ministry", "minister", "defence", "defense", "army", "armed forces", "president",
               "spokes", "military", "government", "kremlin", "foreign")
ASSERTING = {"asserted", "alleged", None}
STATEMENT_TYPES = {"ATTRIB", "DIPLO"}   # a statement about an incident, not the incident itself
LOC_RANK = {"exact": 0, "town": 1, "region": 2, "country": 3, "unknown": 4}
TYPE_PRIORITY = ["AIR_STRIKE", "ART_MISS_ATTACK", "CHEM_WEAP", "SUIC_BOMB", "REM_EXPLOS", "GRENADE",
                 "ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "ATTACK"]



def _kb(kb):
    if kb is not None:
        return kb
    from .kb import load_kb
    return load_kb()


def outlet_alignment(outlet: str | None, kb) -> str:
    """The side an outlet is aligned with: KB alignment, else its country, else 'unknown'."""
    entry = kb.outlet(outlet) if outlet else None
    if entry is None:
        return "unknown"
    return entry.alignment or entry.country or "unknown"


def speaker_state(event: dict, kb) -> str | None:
    """The state of the innermost speaker when it is a ministry, official or force of a state."""
    attribution = event.get("attribution") or []
    if not attribution:
        return None
    inner = attribution[0]
    if inner.get("kind") not in ("person", "organization"):
        return None
    name = inner.get("name") or ""
    entry = kb.lookup(name) if name else None
    if entry is not None and entry.sector in STATE_SECTORS and entry.country:
        return entry.country
    if inner.get("affiliation") and any(w in name.lower() for w in STATE_WORDS):
        return inner["affiliation"]
    return None


def source_label(event: dict) -> str:
    """Whose claim it is: the outlet, or 'speaker (via outlet)' when a person or an organization speaks
    through it ('Government of Turkey (via Reuters)' beside 'Government of Russia (via Reuters)')."""
    outlet = event.get("outlet") or event.get("document_id") or "?"
    attribution = event.get("attribution") or []
    inner = attribution[0] if attribution else {}
    name = inner.get("name")
    if inner.get("kind") in ("person", "organization") and name and name != outlet:
        return f"{name} (via {outlet})"
    return outlet


def _figure(event: dict, key: str, precise_only: bool = False, rows_key: str = "casualties"):
    """(low, high) of the event's figure for ``key``; low is None when the source gives only an upper
    bound ('2,212 neutralised': killed, wounded or captured, so at most that many dead)."""
    rows = [c for c in event.get(rows_key) or [] if (c.get(key) is not None or c.get(f"{key}_high") is not None)
            and not (precise_only and c.get("qualifier") == "vague")]
    if not rows:
        return None
    counted = [int(c[key]) for c in rows if c.get(key) is not None]
    low = sum(counted) if counted else None
    high = sum(int(c.get(f"{key}_high") or c.get(key) or 0) for c in rows)
    return low, high


def _wider(old: tuple | None, new: tuple) -> tuple:
    """One source's two figures as one: the larger count and the larger bound."""
    if old is None:
        return new
    lows = [v for v in (old[0], new[0]) if v is not None]
    return (max(lows) if lows else None), max(old[1], new[1])


def _add_figures(per_source: dict, asserting, key: str, precise_only: bool = False,
                 rows_key: str = "casualties") -> bool:
    """Each asserting claim's figure into its source's; whether any claim gave one."""
    added = False
    for e, c in asserting:
        got = _figure(e, key, precise_only, rows_key)
        if got is not None:
            per_source[c["source"]] = _wider(per_source.get(c["source"]), got)
            added = True
    return added


def _range(per_source: dict[str, tuple], conservative: bool) -> dict | None:
    if not per_source:
        return None
    lows = sorted(v[0] for v in per_source.values() if v[0] is not None)
    high = max(v[1] for v in per_source.values())
    if not lows:
        return {"low": None, "best": None, "high": high}
    low = lows[0]
    best = low if conservative else statistics.median_low(lows)
    return {"low": low, "best": best, "high": max(high, low)}


def _values(mapping: dict[str, set[str]], outlet_of: dict[str, str]) -> list[dict]:
    """Each value with its outlets (``sources``, as in the contract) and, where someone speaks through
    an outlet, the speakers (``speakers``: 'Government of Turkey (via Reuters)'); ``outlet_of`` maps a
    source label to its outlet."""
    out = []
    for value, labels in sorted(mapping.items()):
        row = {"value": value, "sources": sorted({outlet_of.get(label, label) for label in labels})}
        if any(outlet_of.get(label, label) != label for label in labels):
            row["speakers"] = sorted(labels)
        out.append(row)
    return out


def _disjoint_sources(sources_by_value: dict[str, set[str]]) -> bool:
    """Whether two different sources name disjoint sets of values (one source naming two is no dispute)."""
    by_source: dict[str, set[str]] = {}
    for value, sources in sources_by_value.items():
        for src in sources:
            by_source.setdefault(src, set()).add(value)
    sets = list(by_source.values())
    return any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1:])


def _summary_type(events: list[dict]) -> str:
    core = [e for e in events if e.get("type") not in ("ATTRIB", "DIPLO")] or events
    counts = Counter(e.get("type") or "OTHER" for e in core)
    top = max(counts.values())
    tied = sorted(t for t, n in counts.items() if n == top)
    ranked = [t for t in TYPE_PRIORITY if t in tied]
    return ranked[0] if ranked else tied[0]


def _summary_date(events: list[dict]) -> dict | None:
    dated = [e["date"] for e in events if (e.get("date") or {}).get("start")]
    if not dated:
        return None
    days = [d for d in dated if d.get("precision") == "day"]
    if days:
        start = Counter(d["start"] for d in days).most_common(1)[0][0]
        return {"start": start, "end": start, "precision": "day"}
    best = min(dated, key=lambda d: ["day", "week", "month", "year", "unknown"].index(d.get("precision") or "unknown"))
    return {"start": best["start"], "end": best.get("end") or best["start"], "precision": best.get("precision")}


def _summary_location(events: list[dict]) -> dict | None:
    locs = [e["location"] for e in events if e.get("location")]
    if not locs:
        return None
    finest = min(LOC_RANK.get(loc.get("precision") or "unknown", 4) for loc in locs)
    pool = [loc for loc in locs if LOC_RANK.get(loc.get("precision") or "unknown", 4) == finest]
    name = Counter(loc.get("name") for loc in pool).most_common(1)[0][0]
    loc = next(loc for loc in pool if loc.get("name") == name)
    keys = ("name", "lat", "lon", "country", "admin1", "precision")
    return {k: loc.get(k) for k in keys}


def reconcile(incident, events_by_id: dict, kb=None, conservative: bool = False) -> dict:
    """The contract's incident dict for ``incident`` (an Incident or a list of event ids)."""
    kb = _kb(kb)
    ids = incident.event_ids if hasattr(incident, "event_ids") else list(incident)
    events = [events_by_id[i] for i in ids if i in events_by_id]
    claims, seen_docs, seen_outlets = [], set(), set()
    alignment_of: dict[str, str] = {}            # outlet -> alignment of its (first) claim
    for e in events:
        outlet = e.get("outlet") or e.get("document_id") or "?"
        doc, reprint = e.get("document_id"), e.get("reprint_of")
        independent = reprint is None and doc not in seen_docs and outlet not in seen_outlets
        if reprint is None:
            seen_docs.add(doc)
            seen_outlets.add(outlet)
        side = speaker_state(e, kb) or outlet_alignment(e.get("outlet"), kb)
        alignment_of.setdefault(outlet, side)
        claims.append({"event_id": e.get("id"), "document_id": doc, "outlet": e.get("outlet"),
                       "alignment": side, "independent": independent, "reprint_of": reprint,
                       "status": e.get("status"), "source": source_label(e)})
    original = [(e, c) for e, c in zip(events, claims) if c["reprint_of"] is None]
    material = any(e.get("type") not in STATEMENT_TYPES for e in events)
    # in an incident that is itself a statement (a threat, a promise) the statement was made
    statuses = ASSERTING if material else ASSERTING | {"threatened", "planned"}
    asserting = [(e, c) for e, c in original if e.get("status") in statuses]
    denying = [(e, c) for e, c in original if e.get("status") == "denied"]
    affirming = _affirming(asserting, denying, material)

    # perpetrators and targets by source
    perps: dict[str, dict] = {}
    perp_sources: dict[str, set[str]] = {}
    target_sets: dict[str, set[str]] = {}
    own_perps: dict[int, set[str]] = {}         # claim -> the countries it names as perpetrators
    for e, c in asserting:
        where = (e.get("location") or {}).get("country")
        for a in e.get("actors") or []:
            # 'government forces' in a report of fighting in Syria: Syria's forces
            country = state_country(a, where) if a.get("role") == "perpetrator" else a.get("country")
            key = country or a.get("name") or a.get("label")
            if not key:
                continue
            if a.get("role") == "perpetrator":
                own_perps.setdefault(id(c), set()).add(country or "")
                p = perps.setdefault(key, {"name": a.get("name") or a.get("label"), "country": country,
                                           "claimed_by": []})
                if c["outlet"] not in p["claimed_by"]:
                    p["claimed_by"].append(c["outlet"])
                perp_sources.setdefault(key, set()).add(c["source"])
            elif a.get("role") in ("target", "victim"):
                target_sets.setdefault(c["source"], set()).add(a.get("name") or a.get("label") or key)

    contradictions = []
    outlet_of = {c["source"]: c["outlet"] or c["document_id"] or "?" for c in claims}
    if _disjoint_sources(perp_sources):
        contradictions.append({"field": "perpetrator", "values": _values(
            {perps[k]["name"] or k: s for k, s in perp_sources.items()}, outlet_of)})
    sets = [s for s in target_sets.values() if s]
    if len(sets) > 1 and not set.intersection(*sets):
        by_value: dict[str, set[str]] = {}
        for source, s in target_sets.items():
            by_value.setdefault(", ".join(sorted(s)), set()).add(source)
        contradictions.append({"field": "target", "values": _values(by_value, outlet_of)})

    figures = {}
    for key in ("killed", "injured"):
        per_source: dict[str, tuple[int, int]] = {}
        # vague words ('several', 'dozens') count only when no source gives a number (as UCDP GED does)
        precise_only = any(_figure(e, key, precise_only=True) is not None for e, _ in asserting)
        _add_figures(per_source, asserting, key, precise_only)
        running = False
        if not any(low is not None for low, _ in per_source.values()):
            # no source counts this incident's dead: running tolls ('since Friday') stand in
            running = _add_figures(per_source, asserting, key, rows_key="running_tolls")
        figures[key] = _range(per_source, conservative)
        if figures[key] and running:
            figures[key]["basis"] = "running"
        distinct: dict[str, set[str]] = {}
        for src, (low, high) in per_source.items():
            label = f"up to {high}" if low is None else str(low) if low == high else f"{low}-{high}"
            distinct.setdefault(label, set()).add(src)
        if len(distinct) > 1:
            contradictions.append({"field": key, "values": _values(distinct, outlet_of)})
    if denying and affirming:
        contradictions.append({"field": "happened", "values": _values({
            "yes": {c["source"] for _, c in affirming}, "no": {c["source"] for _, c in denying}}, outlet_of)})

    acknowledged = any(c["alignment"] in own_perps.get(id(c), ()) for _, c in affirming)
    grade = _grade(perps, affirming, denying, acknowledged, contradictions)
    sources = []
    for c in claims:
        if c["outlet"] and c["outlet"] not in sources:
            sources.append(c["outlet"])
    return {
        "id": getattr(incident, "id", None),
        "type": _summary_type(events),
        "date": _summary_date(events),
        "location": _summary_location(events),
        "claims": claims,
        "sources": sources,
        "killed": figures["killed"],
        "injured": figures["injured"],
        "perpetrators": list(perps.values()),
        "contradictions": contradictions,
        "grade": grade,
    }


def _affirming(asserting, denying, material: bool) -> list:
    """The claims that say the incident happened. In an incident of violence, statements about it
    (an accusation, a rejection) do not; nor do the other claims of a document that denies it
    ("our drones only hit military targets" beside "we did not kill civilians")."""
    denying_docs = {c["document_id"] for _, c in denying}
    return [(e, c) for e, c in asserting if c["document_id"] not in denying_docs
            and not (material and e.get("type") in STATEMENT_TYPES)]


def _grade(perps, affirming, denying, acknowledged: bool, contradictions) -> str:
    perp_sides = {p["country"] for p in perps.values() if p.get("country")}
    fields = {c["field"] for c in contradictions}
    affirming_sides = {c["alignment"] for _, c in affirming} - {"unknown"}
    if denying:
        from_perp_side = not perp_sides or any(c["alignment"] in perp_sides for _, c in denying)
        if from_perp_side and not acknowledged and len(affirming_sides) <= 1:
            return "denied"
    if "perpetrator" in fields or "happened" in fields:
        return "contested"
    if acknowledged or len(affirming_sides) >= 2:
        return "confirmed"
    if len({c["outlet"] for _, c in affirming}) >= 2:
        return "fair"
    return "single-source"
