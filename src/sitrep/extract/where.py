"""Where an event happened: the most specific place its sentence gives, else its context.

Capitals and countries that stand for governments ("Moscow contacted Ankara", "at the
request of Damascus") are actors, not locations, unless a locative preposition introduces them.
"""
from __future__ import annotations

from ..model import Location
from . import places as place_stage

LOCATIVE = {"in", "near", "at", "around", "outside", "inside", "across", "into", "from", "over", "towards",
            "toward", "on", "throughout", "within", "south", "north", "east", "west", "southeast",
            "southwest", "northeast", "northwest", "province", "city", "town", "village"}
COUNTRY_FEATURES = {"PCLI", "PCL", "PCLD", "PCLS", "PCLF", "PCLIX"}


def _is_locative(doc, place) -> bool:
    """A place that names where things happen, not who acts."""
    if getattr(place, "kind", "toponym") == "demonym":
        return False
    is_country = (place.feature or "") in COUNTRY_FEATURES
    is_capital = (place.feature or "") == "PPLC"
    if not (is_country or is_capital):
        return True
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    before = [t.lower_ for t in doc[max(0, span.start - 3):span.start]]
    return any(word in LOCATIVE for word in before[-2:])


def locative_places(doc, places) -> list:
    return [p for p in places if _is_locative(doc, p)]


def event_place(doc, places, mentions, actors, sent, sent_index) -> Location:
    """The event's Location: places in its sentence, then earlier sentences, then the whole document."""
    usable = locative_places(doc, places)
    actor_spans = [(a.start, a.end) for a in actors if a.start is not None]
    usable = [p for p in usable if not any(s <= p.start < e for s, e in actor_spans)
              or (p.feature or "") not in COUNTRY_FEATURES | {"PPLC"}]
    earlier = sorted((p for p in usable if p.end <= sent.start_char), key=lambda p: -p.start)
    later = [p for p in usable if p.start >= sent.end_char]
    return place_stage.event_location(usable, sent.start_char, sent.end_char, context=earlier + later)
