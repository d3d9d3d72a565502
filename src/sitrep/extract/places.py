"""Toponym resolution (geoparsing), and the location of an event.

Recognition is in ``place_names`` (spaCy GPE/LOC/FAC entities, demonyms, capitalised n-grams the
gazetteer knows). Resolution: the document's country/admin1 context, a following qualifier ("Paris,
Texas"), cue words ("the city of", "province"), then the gazetteer prior (feature class, population).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from sitrep.extract.gazetteer import Candidate, get_gazetteer, name_key, prior
from sitrep.model import Location, Place

from .doccache import text_of
from .place_names import (
    Mention,
    _ascii,
    _demonym_mentions,
    _ner_mentions,
    _ngram_mentions,
    _person_name,
    _plain,
    _time_zone,
)


# ---------------------------------------------------------------- resolution
def _link_qualifiers(mentions: list[Mention], text: str) -> None:
    """'Columbia, Mo.' / 'Paris, Texas': the second mention qualifies the first."""
    for a, b in pairwise(mentions):
        if (a.kind == b.kind == "toponym" and text[a.end:b.start].strip() == ","
                and any(c.feature in ("ADM1", "PCLI") for c in b.candidates)):
            a.qualifier = b


@dataclass
class Context:
    """Countries and admin1 divisions the document talks about, by distinct name key."""
    countries: dict[str, dict[str, float]] = field(default_factory=dict)
    admins: dict[tuple, set[str]] = field(default_factory=dict)
    local: dict[str, set[str]] = field(default_factory=dict)     # country -> its provinces and towns

    def add(self, c: Candidate, key: str, weight: float, admin: bool, local: bool = False) -> None:
        if c.country:
            keys = self.countries.setdefault(c.country, {})
            keys[key] = max(keys.get(key, 0.0), weight)
            if local and c.feature not in ("PCLI", "PPLC", "CONT"):
                self.local.setdefault(c.country, set()).add(key)
        if admin and c.admin1_code:
            self.admins.setdefault((c.country, c.admin1_code), set()).add(key)

    def country_share(self, cc: str | None, key: str) -> float:
        """Weight of the country among the other names of the document (0..1)."""
        weights = {k: sum(w for n, w in keys.items() if n != key) for k, keys in self.countries.items()}
        top = max(weights.values(), default=0.0)
        return weights.get(cc, 0.0) / top if top else 0.0

    def has_admin(self, c: Candidate, key: str) -> bool:
        return bool(self.admins.get((c.country, c.admin1_code), set()) - {key})


def _score(c: Candidate, m: Mention, ctx: Context) -> float:
    key = name_key(m.text)
    score = prior(c)
    if _ascii(m.text) == _ascii(c.name) or _ascii(c.name).startswith(_ascii(m.text) + " "):
        score += 1.5
    score += 5.0 * ctx.country_share(c.country, key)
    if c.feature != "PCLI" and ctx.has_admin(c, key):
        score += 3.0
    if m.hint == "admin" and c.feature in ("ADM1", "ADM2", "RGN"):
        score += 6.0
    if m.hint == "town" and c.feature.startswith("PPL"):
        score += 6.0
    q = m.qualifier.choice if m.qualifier else None
    if q is not None and c.country == q.country:
        score += 6.0
        if q.feature == "ADM1" and c.admin1_code == q.admin1_code:
            score += 4.0
    return score


def _choose(m: Mention, ctx: Context) -> Candidate | None:
    cands = m.candidates
    if m.extras.get("fuzzy"):
        # a skeleton-only match must fit the document's countries
        cands = [c for c in cands if ctx.country_share(c.country, name_key(m.text)) > 0]
    if not cands:
        return None
    best = max(cands, key=lambda c: _score(c, m, ctx))
    if _foreign_by_spelling(best, m, ctx):
        local = [c for c in cands if ctx.country_share(c.country, name_key(m.text)) > 0]
        if not local:
            return None
        best = max(local, key=lambda c: _score(c, m, ctx))
    if _stray(best, m, ctx):
        return None
    if best.feature == "ADM1" and m.hint != "admin":
        # a bare name shared by a division and its namesake town means the town (unless it is small)
        key = name_key(best.name)
        town = [c for c in cands if c.feature.startswith("PPL") and c.country == best.country
                and c.admin1_code == best.admin1_code and name_key(c.name) == key
                and c.population >= 0.15 * best.population]
        if town:
            return max(town, key=prior)
    return best


STRAY_POPULATION = 50_000
LOCAL_POPULATION = 20_000
UNIQUE_POPULATION = 10_000


def _foreign_by_spelling(c: Candidate, m: Mention, ctx: Context) -> bool:
    """'Mare' (a town near Aleppo) read as Male, Maldives; 'Midan' as Medan: a name matched only through its
    spelling key, in a country the document never names while it names others, is a namesake. A name as
    written keeps its place ('Geneva' is one of Genève's names, 'Kiev' one of Kyiv's)."""
    if m.qualifier is not None or c.feature in ("PCLI", "CONT") or get_gazetteer().spelled(m.text, c):
        return False
    key = name_key(m.text)
    return ctx.country_share(c.country, key) == 0 and any(ctx.country_share(cc, key) > 0 for cc in ctx.countries)


def _stray(c: Candidate, m: Mention, ctx: Context) -> bool:
    """A small town in a country the document never mentions, when it talks about other countries:
    a namesake (a Syrian village read as a Dutch town), so better left unresolved."""
    if m.qualifier is not None or not c.feature.startswith("PPL") or c.population >= STRAY_POPULATION:
        return False
    if m.extras.get("ner") and not m.extras.get("fuzzy") and c.population >= UNIQUE_POPULATION and len(
            {x.country for x in m.candidates}) == 1 and _plain(m.text) == _plain(c.name):
        return False    # 'Moscow said its jets struck near Saraqib': a town of one name has no namesake
    key = name_key(m.text)
    if bool(ctx.countries) and ctx.country_share(c.country, key) == 0 and any(
            ctx.country_share(cc, key) > 0 for cc in ctx.countries):
        return True
    # a village in a country the report names only as a people or a government ('Russian', 'MOSCOW')
    # while its story happens in another country's provinces and towns
    return c.population < LOCAL_POPULATION and not (ctx.local.get(c.country, set()) - {key}) and any(
        keys - {key} for cc, keys in ctx.local.items() if cc != c.country)


def _context(mentions: list[Mention], resolved: bool) -> Context:
    ctx = Context()
    for m in mentions:
        key = name_key(m.text)
        if resolved:
            if m.choice is not None:
                ctx.add(m.choice, key, 2.0 if m.choice.feature in ("PCLI", "ADM1") else 1.0,
                        admin=m.choice.feature != "PCLI", local=m.kind == "toponym")
        elif m.candidates and not m.extras.get("fuzzy"):
            top = m.candidates[0]
            if top.feature == "PCLI" or len({c.country for c in m.candidates}) == 1:
                ctx.add(top, key, 2.0 if top.feature == "PCLI" else 1.0,
                        admin=len({(c.country, c.admin1_code) for c in m.candidates}) == 1,
                        local=m.kind == "toponym")
    return ctx


def _resolve(mentions: list[Mention], text: str) -> None:
    _link_qualifiers(mentions, text)
    ctx = _context(mentions, resolved=False)
    for _ in range(2):
        for m in sorted(mentions, key=lambda m: m.qualifier is not None):
            m.choice = _choose(m, ctx)
        ctx = _context(mentions, resolved=True)
    # one sense per document: a qualified or cued mention decides its bare namesakes
    decided = {}
    for m in mentions:
        if m.choice is not None and (m.qualifier is not None or m.hint):
            decided.setdefault(name_key(m.text), m.choice)
    for m in mentions:
        sense = decided.get(name_key(m.text))
        if sense is not None and m.qualifier is None and not m.hint and sense in m.candidates:
            m.choice = sense


def _to_place(m: Mention) -> Place:
    c = m.choice
    if c is None:
        return Place(text=m.text, start=m.start, end=m.end, name=m.text, geonameid=None, lat=None,
                     lon=None, country=None, admin1=None, feature=None, kind=m.kind)
    admin1 = c.admin1 if c.feature not in ("PCLI", "CONT") else None
    return Place(text=m.text, start=m.start, end=m.end, name=c.name, geonameid=c.geonameid,
                 lat=round(c.lat, 5), lon=round(c.lon, 5), country=c.country, admin1=admin1,
                 feature=c.feature, population=c.population or None, kind=m.kind)


def _mentions(doc) -> list[Mention]:
    taken: list[tuple[int, int]] = []
    mentions = _ner_mentions(doc, taken)
    known = {name_key(m.text) for m in mentions if m.candidates and not m.extras.get("fuzzy")}
    mentions += _demonym_mentions(doc, taken)
    context = set(_context(mentions, resolved=False).countries)
    mentions += _ngram_mentions(doc, taken, context, known)
    mentions = [m for m in mentions if not _person_name(m, doc) and not _time_zone(m, doc)]
    mentions.sort(key=lambda m: m.start)
    _resolve(mentions, text_of(doc))
    return [m for m in mentions if m.choice is not None or not m.candidates]


def geoparse(doc, text: str | None = None, include_demonyms: bool = True) -> list[Place]:
    """Every toponym of a parsed document as a resolved Place, sorted by start offset."""
    places = [_to_place(m) for m in _mentions(doc)]
    return [p for p in places if include_demonyms or p.kind != "demonym"]


def demonym_places(doc) -> list[Place]:
    """Only the adjectival/demonym mentions ("Turkish forces" -> Turkey), kind='demonym'."""
    return [p for p in geoparse(doc) if p.kind == "demonym"]


# ---------------------------------------------------------------- event location
def precision_of(place: Place) -> str:
    """exact | town | region | country | unknown for one place."""
    f = place.feature or ""
    if place.lat is None:
        return "unknown"
    if f.startswith("PPL"):
        return "town"
    if f in ("ADM1", "ADM2", "ADM3", "RGN", "PEN"):
        return "region"
    if f in ("PCLI", "PCLD", "CONT"):
        return "country"
    return "exact"


SPECIFICITY = {"exact": 4, "town": 3, "region": 2, "country": 1, "unknown": 0}


def _location(p: Place, precision: str | None = None) -> Location:
    return Location(name=p.name, lat=p.lat, lon=p.lon, country=p.country,
                    admin1=p.admin1 if p.feature not in ("PCLI", "CONT") else None,
                    precision=precision or precision_of(p), text=p.text, geonameid=p.geonameid)


def event_location(places: list[Place], start: int, end: int, context: list[Place] | None = None,
                   context_places: list[Place] | None = None) -> Location:
    """The most specific resolved place inside [start, end), else the context's most
    frequent non-country place (then its most frequent country), else 'unknown'. A sentence that
    names only a country ('a chemical attack in Syria') takes the context's most frequent place
    inside that country, as a coder takes the town the report is about."""
    usable = [p for p in places if p.kind != "demonym" and p.lat is not None]
    inside = [p for p in usable if start <= p.start and p.end <= end]
    pool = [p for p in (context if context is not None else context_places or []) if
            p.kind != "demonym" and p.lat is not None]
    if inside:
        best = max(inside, key=lambda p: (SPECIFICITY[precision_of(p)], -p.start))
        if precision_of(best) == "country":
            pool = [p for p in pool if p.country == best.country and precision_of(p) != "country"]
            if pool:
                return event_location([], start, end, context=pool)
        return _location(best)
    for wanted in (("exact", "town", "region"), ("country",)):
        candidates = [p for p in pool if precision_of(p) in wanted]
        if candidates:
            counts = Counter(p.geonameid or p.name for p in candidates)
            best = max(candidates, key=lambda p: (counts[p.geonameid or p.name],
                                                  SPECIFICITY[precision_of(p)], -p.start))
            return _location(best)
    return Location(name=None, lat=None, lon=None, country=None, admin1=None, precision="unknown")
