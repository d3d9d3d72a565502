"""Where an event happened: the most specific place its sentence gives, else its context.

Capitals and countries that stand for governments ("Moscow contacted Ankara", "at the
request of Damascus", "at Ankara's request") are actors, not locations, unless a locative
preposition introduces them. Places that tell where the *source* is — the dateline
("HATAY, Turkey —"), the speaker's phrase ("the governor of Hatay said", "told reporters in
Istanbul", "speaking in Ankara") — are where the report comes from, not where a non-verbal event
happened: they are used only when nothing else places the event.
"""
from __future__ import annotations

import re

from ..model import Location
from . import places as place_stage
from .doccache import text_of

LOCATIVE = {"in", "near", "at", "around", "outside", "inside", "across", "into", "from", "over", "towards",
            "toward", "on", "throughout", "within", "south", "north", "east", "west", "southeast",
            "southwest", "northeast", "northwest", "province", "city", "town", "village"}
COUNTRY_FEATURES = {"PCLI", "PCL", "PCLD", "PCLS", "PCLF", "PCLIX"}
SPEECH_LEMMAS = {"say", "tell", "speak", "announce", "state", "declare", "add", "claim", "report", "accord",
                 "confirm", "deny", "note", "stress", "brief", "write", "quote", "insist", "warn"}
ADDRESSEE_LEMMAS = {"tell", "brief", "inform"}
AGREEMENT_NOUNS = {"agreement", "accord", "memorandum", "deal", "process", "protocol", "declaration", "format",
                   "framework", "pact", "treaty", "formula", "understanding", "arrangement", "memorandums"}
VENUE_NOUNS = {"province", "city", "town", "village", "region", "area", "border", "capital", "district",
               "governorate", "conference", "meeting", "statement", "interview", "briefing", "visit", "trip",
               "summit", "session", "ceremony", "speech", "address", "remark", "television", "channel",
               "broadcast", "press", "reporter", "journalist", "media", "forum", "parliament", "talk", "news"}       # 'told reporters in Istanbul': the object is the audience
# 'ANKARA/MOSCOW, Feb 28 (Reuters) - ', 'KRAMATORSK, Ukraine (AP) — ', 'BEIRUT - '
_AGENCY_LINE = re.compile(r"^\s*[^\n]{0,80}?\([A-Za-z .]{2,30}\)\s*[-–—]{1,2}\s")
_PLACE_AGENCY = re.compile(r"^\s*[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}, [A-Z][A-Za-z]{1,15}\s+[-–—]{1,2}\s")  # 'Idleb, SANA - '
_CAPS_LINE = re.compile(r"^\s*[A-Z][A-Z.'’/ -]{2,40}(?:,[^\n.–—]{1,40}?)?\s+[-–—]{1,2}\s")
_HEAD_LINE = re.compile(r"^\s*([A-Z][A-Z.'’/ -]{2,40}(?:,[^\n.]{1,40})?)[ \t]*\n")


def dateline_end(text: str) -> int:
    """End offset of the report's dateline (0 when there is none): an agency dateline up to its
    dash, a capitalised place before a dash, or a short first line in capitals ('HATAY, Turkey')."""
    for pattern in (_AGENCY_LINE, _PLACE_AGENCY, _CAPS_LINE, _HEAD_LINE):
        m = pattern.match(text)
        if m and len(m[0].split()) <= 10:
            return m.end()
    return 0


def _is_locative(doc, place) -> bool:
    """A place that names where things happen, not who acts, what was agreed ('the Sochi memorandum')
    nor what is talked about ('a report about Hatay')."""
    if getattr(place, "kind", "toponym") == "demonym":
        return False
    if re.search(r"\b(?:about|regarding|concerning)\s+(?:the\s+)?$", text_of(doc)[max(0, place.start - 16):place.start],
                 re.IGNORECASE):
        return False
    after = doc.char_span(place.end, min(place.end + 30, len(text_of(doc))), alignment_mode="expand")
    if after is not None and len(after) and after[0].lemma_.lower() in AGREEMENT_NOUNS:
        return False
    is_country = (place.feature or "") in COUNTRY_FEATURES
    is_capital = (place.feature or "") == "PPLC"
    if not (is_country or is_capital):
        return True
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s", "'"):
        return False        # 'at Ankara's request', 'Moscow's position': the government
    before = [t.lower_ for t in doc[max(0, span.start - 3):span.start]]
    return any(word in LOCATIVE for word in before[-2:])


def locative_places(doc, places) -> list:
    return [p for p in places if _is_locative(doc, p)]


def speaker_place(doc, place) -> bool:
    """The place belongs to the source of the sentence, not to what it reports: the first verb above
    it is a verb of saying, reached from its subject ('the governor of Hatay said'), or through
    prepositions and words of venue ('said in Ankara', 'speaking at a conference in Moscow') or of
    audience ('told reporters in Istanbul')."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    token, edge, nouns = span.root, None, set()
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") and token is not span.root:
            lemma = token.lemma_.lower()
            if lemma not in SPEECH_LEMMAS:
                return False
            if edge in ("nsubj", "nsubjpass"):
                return True
            if edge in ("prep", "agent", "npadvmod") or (edge == "dobj" and lemma in ADDRESSEE_LEMMAS):
                return nouns <= VENUE_NOUNS
            return False
        if token.head.i == token.i or token.dep_ in ("relcl", "acl", "ccomp", "xcomp", "conj", "advcl"):
            return False
        if token.pos_ in ("NOUN", "PROPN") and not (span.start <= token.i < span.end):
            nouns.add(token.lemma_.lower())
        edge, token = token.dep_, token.head
    return False


def _speaker_place_cached(doc, place) -> bool:
    cache = doc.user_data.setdefault("_sitrep_speaker_places", {})
    key = (place.start, place.end)
    if key not in cache:
        cache[key] = speaker_place(doc, place)
    return cache[key]


def _source_places(doc, places, actors) -> set[int]:
    """Positions in ``places`` of the dateline's places and (for a non-verbal event) the speaker's places."""
    verbal = any(a.role == "speaker" for a in actors)
    head = doc.user_data.get("_sitrep_dateline_end")
    if head is None:
        head = doc.user_data["_sitrep_dateline_end"] = dateline_end(text_of(doc)[:300])
    out = set()
    for i, p in enumerate(places):
        if p.start < head:
            out.add(i)
        elif not verbal and _speaker_place_cached(doc, p):
            out.add(i)
    return out


def event_place(doc, places, mentions, actors, sent, sent_index) -> Location:
    """The event's Location: places in its sentence, then earlier sentences, then the whole document;
    the source's places (dateline, speaker) only when nothing else places it."""
    usable = locative_places(doc, places)
    actor_spans = [(a.start, a.end) for a in actors if a.start is not None]
    usable = [p for p in usable if not any(s <= p.start < e for s, e in actor_spans)
              or (p.feature or "") not in COUNTRY_FEATURES | {"PPLC"}]
    source = _source_places(doc, usable, actors)
    primary = [p for i, p in enumerate(usable) if i not in source]
    found = _locate(primary, sent)
    if found.precision in ("unknown", "country") and source:
        fallback = _locate(usable, sent)
        if found.precision == "unknown" or (fallback.country == found.country
                                            and place_stage.SPECIFICITY[fallback.precision] > 1):
            return fallback       # the dateline or the speaker's town, inside the event's country
    return found


def _locate(usable, sent) -> Location:
    earlier = sorted((p for p in usable if p.end <= sent.start_char), key=lambda p: -p.start)
    later = [p for p in usable if p.start >= sent.end_char]
    return place_stage.event_location(usable, sent.start_char, sent.end_char, context=earlier + later)
