"""When two claims may be one incident: event families, the claim features the linker compares,
and the pairwise score with its reasons (date, place, type, actors). ``sitrep.link`` clusters with it."""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field

FAMILIES = {
    "remote": {"CHEM_WEAP", "AIR_STRIKE", "SUIC_BOMB", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE"},
    "battles": {"ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"},
    "civilians": {"SEX_VIOL", "ATTACK", "ABDUCT_DISSAP"},
    "protests": {"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR",
                 "MOB_VIOL"},
    "strategic": {"AGREEMENT", "ARREST", "CHANGE_TO_GROUP_ACT", "DISR_WEAP", "HQ_ESTABLISHED",
                  "PROPERTY_DISTRUCT", "NON_VIOL_TERRIT_TRANSFER", "OTHER"},
    "verbal": {"DIPLO", "ATTRIB"},
    "other": {"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"},
}
FAMILY_OF = {code: fam for fam, codes in FAMILIES.items() for code in codes}
VIOLENT = {"remote", "battles", "civilians"}
ACTUAL = {"asserted", "alleged", "denied", None}
VERBAL_PLOVER = {"ACCUSE", "REJECT", "REQUEST"}
PRECISION_RANK = {"exact": 0, "town": 1, "region": 2, "country": 3, "unknown": 4}


@dataclass
class LinkConfig:
    """Thresholds of the linker (all distances in km, tolerances in days)."""
    date_tolerance_days: dict = field(default_factory=lambda: {
        "day": 1, "week": 7, "month": 31, "year": 366, "unknown": 3})
    place_limit_km: dict = field(default_factory=lambda: {"exact": 25.0, "town": 25.0, "region": 150.0})
    same_type: float = 1.0
    same_family: float = 0.8
    violent_cross_family: float = 0.6
    diplomatic_cross: float = 0.6          # AGREEMENT with a (non-verbal) DIPLO claim
    weights: dict = field(default_factory=lambda: {"type": 0.3, "date": 0.3, "place": 0.3, "actors": 0.1})
    threshold: float = 0.6
    strong_without_place: float = 0.85    # renormalised score needed when a place is unknown
    bucket_days: int = 1
    grid_degrees: float = 1.0
    max_members_compared: int = 30
    max_date_span_days: int = 400          # wider windows (and no date) are not indexed: singletons


@dataclass
class Incident:
    """A cluster of claims; members are (event_id, score, reasons)."""
    id: int
    members: list = field(default_factory=list)

    @property
    def event_ids(self) -> list[str]:
        return [m[0] for m in self.members]


# ---------------------------------------------------------------- features of one claim

def _day(value) -> int | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return None


@dataclass
class _Claim:
    event: dict
    id: str
    type: str
    family: str
    verbal: bool
    status_group: str
    start: int | None
    end: int | None
    date_precision: str
    lat: float | None
    lon: float | None
    country: str | None
    place_precision: str
    source: tuple
    perpetrators: frozenset
    actors: frozenset
    document: str | None = None
    side: str | None = None          # affiliation of the innermost speaker that has one
    admin1: str | None = None
    namesake: bool = False           # a town named like its province: 'Idlib' may mean either
    sides: tuple = (frozenset(), frozenset())   # (perpetrator sides, target/victim sides)


STATE_SECTORS = {"military", "government", "police"}


@functools.lru_cache(maxsize=512)
def alpha3(alpha2: str | None) -> str | None:
    """ISO alpha-3 of a location's alpha-2 country code (None when unknown)."""
    if not alpha2:
        return None
    import pycountry
    found = pycountry.countries.get(alpha_2=alpha2.upper())
    return found.alpha_3 if found else None


def _actor_key(actor: dict) -> str | None:
    return actor.get("country") or actor.get("name") or actor.get("label")


def state_country(actor: dict, where: str | None) -> str | None:
    """An actor's country; state forces named without one ('government forces') are those of the
    country where the event happened (``where``: the location's alpha-2 code)."""
    if actor.get("country") is None and actor.get("sector") in STATE_SECTORS:
        return alpha3(where)
    return actor.get("country")


def _side_key(actor: dict, where: str | None) -> str | None:
    """An actor's side: its country (see ``state_country``), else its name or label."""
    return state_country(actor, where) or actor.get("name") or actor.get("label")


def _status_group(status: str | None, family: str) -> str:
    """Claims link only within a group; a statement that threatens (DIPLO/ATTRIB) was itself made."""
    if status in ACTUAL or (family == "verbal" and status == "threatened"):
        return "actual"
    return status


def _claim(event: dict) -> _Claim:
    etype = event.get("type") or "OTHER"
    family = FAMILY_OF.get(etype, "other")
    plover = (event.get("plover") or {}).get("event")
    verbal = etype == "ATTRIB" or (etype == "DIPLO" and plover in VERBAL_PLOVER)
    status = event.get("status")
    date = event.get("date") or {}
    start, end = _day(date.get("start")), _day(date.get("end") or date.get("start"))
    precision = date.get("precision") or "unknown"
    if start is None:
        start = end = _day(event.get("published"))
        precision = "unknown"
    loc = event.get("location") or {}
    lat, lon = loc.get("lat"), loc.get("lon")
    place_precision = loc.get("precision") or "unknown"
    if lat is None or lon is None:
        lat = lon = None
        if place_precision != "country":
            place_precision = "unknown"
    if place_precision == "country" and not loc.get("country"):
        place_precision = "unknown"
    attribution = event.get("attribution") or []
    speaker = (attribution[0].get("name") if attribution else None) or ""
    actors = event.get("actors") or []
    perps = frozenset(k for a in actors if a.get("role") == "perpetrator" and (k := _actor_key(a)))
    named = frozenset(k for a in actors if a.get("role") != "speaker" and (k := _actor_key(a)))
    side = next((a.get("affiliation") for a in attribution if a.get("kind") != "outlet" and a.get("affiliation")),
                None)
    admin1 = loc.get("admin1")
    sides = tuple(frozenset(k for a in actors if a.get("role") in roles and (k := _side_key(a, loc.get("country"))))
                  for roles in (("perpetrator",), ("target", "victim")))
    return _Claim(event, str(event.get("id")), etype, family, verbal,
                  _status_group(status, family), start, end, precision, lat, lon,
                  loc.get("country"), place_precision, (event.get("outlet") or "", speaker), perps, named,
                  event.get("document_id"), side, admin1,
                  place_precision == "town" and _namesake(loc.get("name"), admin1), sides)


_SUBDIVISION = re.compile(r"\s+(?:province|governorate|oblast|region|state|county|district|prefecture)$",
                          re.IGNORECASE)


def _namesake(name: str | None, admin1: str | None) -> bool:
    """A town that bears its first-order division's name ('Idlib' in Idlib, 'Donetsk' in Donetsk
    Oblast): a bare mention of it may mean the town or the whole province."""
    if not name or not admin1:
        return False
    from .extract.gazetteer import name_key
    return name_key(name) == name_key(_SUBDIVISION.sub("", admin1))


# ---------------------------------------------------------------- pairwise score

def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _type_score(a: _Claim, b: _Claim, cfg: LinkConfig) -> float:
    if a.verbal != b.verbal:     # a verbal claim refers to any incident, a statement of the same code too
        return cfg.violent_cross_family
    if a.type == b.type:
        return cfg.same_type
    if a.verbal:
        return cfg.same_family
    if a.family == b.family and a.family not in ("strategic", "verbal", "other"):
        return cfg.same_family
    if a.family in VIOLENT and b.family in VIOLENT:
        return cfg.violent_cross_family
    if {a.type, b.type} == {"AGREEMENT", "DIPLO"}:
        return cfg.diplomatic_cross       # the talks and the deal they reached
    return 0.0


def _tolerance(c: _Claim, cfg: LinkConfig) -> int:
    """Days a claim's date may miss another's: its precision's tolerance, less what its own range
    already spans ("since December" to late January needs no month more), at least a day's."""
    tol = cfg.date_tolerance_days.get(c.date_precision, 3)
    return max(cfg.date_tolerance_days.get("day", 1), tol - (c.end - c.start))


def _date_score(a: _Claim, b: _Claim, cfg: LinkConfig) -> tuple[float, int] | None:
    if a.start is None or b.start is None:
        return None
    gap = max(0, a.start - b.end, b.start - a.end)
    tol = max(_tolerance(a, cfg), _tolerance(b, cfg))
    if gap > tol or (is_period(a) and b.end < a.start) or (is_period(b) and a.end < b.start):
        return None        # "since Friday" excludes Thursday: a period's start is a stated bound
    score = 1.0 - 0.3 * gap / max(tol, 1)
    for x, y in ((a, b), (b, a)):
        if is_period(x) and not is_period(y):
            # "killed since Friday": a tally up to the report, nearest to what happened at its end
            score -= 0.15 * max(0, x.end - y.end) / (x.end - x.start)
    return score, gap


def is_period(c: _Claim) -> bool:
    """A day-precise claim spanning days ("since Thursday", "from 20 to 25 February")."""
    return c.date_precision == "day" and c.start is not None and c.end - c.start >= 2


def _place_score(a: _Claim, b: _Claim, cfg: LinkConfig) -> tuple[float, float | str] | None:
    """(score, km or a word); None when places exclude each other; score 0 for unknown."""
    coarse = max(a.place_precision, b.place_precision, key=lambda p: PRECISION_RANK.get(p, 4))
    if coarse == "unknown":
        return 0.0, "unknown"
    if coarse == "country":
        if a.country and b.country and a.country == b.country:
            return 0.5, "same country"
        return None
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    if coarse == "town" and (a.namesake or b.namesake) and a.country == b.country and a.admin1 == b.admin1:
        coarse = "region"          # 'Idlib' read as the city may be the province the other town is in
    limit = cfg.place_limit_km.get(coarse, 25.0)
    if km > limit:
        return None
    return 1.0 - 0.5 * km / limit, round(km, 1)


def _fits(a: _Claim, b: _Claim, cfg: LinkConfig) -> bool:
    """Whether status, dates and places of two claims are compatible (no type or actor test)."""
    return (a.status_group == b.status_group and _date_score(a, b, cfg) is not None
            and _place_score(a, b, cfg) is not None)


def _self_contradiction(a: _Claim, b: _Claim) -> bool:
    """Two claims naming different perpetrators describe two events, not one contested event, when
    they come from the same source (outlet and speaker), or from one report and the same side (or
    a speaker of unknown side): a report that names both "their jets" and "our artillery" tells of
    two attacks. Different sides naming different perpetrators is a contest."""
    if not (a.perpetrators and b.perpetrators) or a.perpetrators & b.perpetrators:
        return False
    if a.source == b.source:
        return True
    return a.document is not None and a.document == b.document and (
        a.side is None or b.side is None or a.side == b.side)


def _strike_and_counterstrike(a: _Claim, b: _Claim) -> bool:
    """A side striking the other and the other striking back are two events, not a dispute: in
    remote violence (or fire returned on a remote attack), each claim's perpetrator is the other
    claim's target. Two clashes told from each side stay one clash."""
    if "remote" not in (a.family, b.family) or not {a.family, b.family} <= {"remote", "battles"}:
        return False
    (pa, ta), (pb, tb) = a.sides, b.sides
    return bool(pa & tb) and bool(pb & ta) and not (pa & pb)


def pair_score(a: _Claim, b: _Claim, cfg: LinkConfig) -> tuple[float, dict] | None:
    """Score and reasons of linking two claims, or None when something excludes it."""
    if a.status_group != b.status_group:
        return None
    type_score = _type_score(a, b, cfg)
    if type_score <= 0:
        return None
    date = _date_score(a, b, cfg)
    if date is None:
        return None
    place = _place_score(a, b, cfg)
    if place is None:
        return None
    if _self_contradiction(a, b) or _strike_and_counterstrike(a, b):
        return None
    if a.perpetrators and b.perpetrators and not (a.perpetrators & b.perpetrators):
        actors, actor_score = "contested perpetrator", 0.5
    elif a.actors & b.actors:
        actors, actor_score = "shared: " + ", ".join(sorted(a.actors & b.actors)[:3]), 1.0
    else:
        actors, actor_score = "no overlap", 0.5
    w = cfg.weights
    parts = {"type": type_score, "date": date[0], "place": place[0], "actors": actor_score}
    if place[1] == "unknown" and (a.verbal != b.verbal):
        # a verbal claim without place refers to an incident when it names one of its actors
        if actor_score < 1.0:
            return None
        score = sum(w[k] * parts[k] for k in ("type", "date", "actors")) / (w["type"] + w["date"] + w["actors"])
    elif place[1] == "unknown":
        strong = sum(w[k] * parts[k] for k in ("type", "date", "actors")) / (w["type"] + w["date"] + w["actors"])
        if strong < cfg.strong_without_place or date[1] > 0:
            return None
        score = strong
    else:
        score = sum(w[k] * parts[k] for k in parts)
    if score < cfg.threshold:
        return None
    reasons = {"date": f"gap {date[1]} d ({a.date_precision}/{b.date_precision})", "place_km": place[1],
               "type": f"{a.type}~{b.type}", "actors": actors, "score": round(score, 3)}
    return score, reasons


# ---------------------------------------------------------------- clustering
