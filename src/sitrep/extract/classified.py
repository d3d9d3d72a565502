"""What the sentence classifier adds to the trigger lexicon: it retypes triggers whose type it finds
unlikely, adds events no trigger names, and gives verbal events their PLOVER code."""
from __future__ import annotations

from .classify import PLOVER_OF_TYPE
from .doccache import sentences
from .events import EventMention

PLOVER_FROM_CLASSIFIER_AT = 0.3


def plover_of(mention: EventMention, probs: dict, table) -> tuple[str | None, str | None]:
    """A verbal trigger names its PLOVER event; otherwise the type's default, unless the type is a
    diplomatic or strategic catch-all and the PLOVER classifier is fairly sure of the sentence."""
    if mention.plover:
        return mention.plover, mention.mode
    event, mode = table.get(mention.type, (None, None))
    if mention.type in PLOVER_OPEN_TYPES or mention.verbal:
        sentence = probs["plover"][mention.sent_index] if mention.sent_index < len(probs["plover"]) else {}
        best, p_best = top_label(sentence)
        if best is not None and p_best >= PLOVER_FROM_CLASSIFIER_AT:
            return best, None
    return event, mode


PLOVER_OPEN_TYPES = {"DIPLO", "ATTRIB", "OTHER", "CHANGE_TO_GROUP_ACT", "AGREEMENT"}
PLOVER_EVENT_AT = 0.5


def plover_events(doc, found: list[EventMention], probs: dict) -> list[EventMention]:
    """Interactions between states that no trigger names ('Japan recalled its ambassador')."""
    sents = sentences(doc)
    out = list(found)
    for index, sent_probs in enumerate(probs["plover"]):
        best, p_best = top_label(sent_probs)
        if best is None or best == "ASSAULT" or p_best < PLOVER_EVENT_AT:
            continue
        if any(m.sent_index == index and (m.verbal or m.type in PLOVER_OPEN_TYPES
                                          or (m.plover or PLOVER_OF_TYPE.get(m.type, (None,))[0]) == best)
               for m in out):
            continue    # 'police arrested three suspects' is already that COERCE
        mention = classifier_mention(sents[index], index, "DIPLO", p_best * 0.7)
        mention.plover, mention.verbal = best, True
        out.append(mention)
    return sorted(out, key=lambda m: (m.sent_index, m.start))


VERBAL_TYPES = {"DIPLO", "ATTRIB", "AGREEMENT", "NONE"}
RETYPE_AT = 0.6        # the classifier overrides a trigger's type when this sure and the trigger's type is unlikely
ADD_AT = 0.5           # the classifier adds an event no trigger found when this sure
DOC_ADD_AT = 0.3       # for a short report, its most likely type as a whole is an event of it
FALLBACK_AT = 0.25     # a document with no trigger at all still gets its most likely event


def top_label(probs: dict) -> tuple[str | None, float]:
    ranked = sorted(((p, t) for t, p in probs.items() if t != "NONE"), reverse=True)
    return (ranked[0][1], ranked[0][0]) if ranked else (None, 0.0)


REPORTING = {"say", "report", "announce", "tell", "state", "add", "note", "claim", "confirm"}


def classifier_mention(sent, index: int, event_type: str, score: float) -> EventMention:
    """An event the classifier found: its trigger is the main verb (under 'X said' when reported)."""
    root = sent.root
    if root.lemma_.lower() in REPORTING:
        content = [c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]
        if content:
            root = content[0]
    return EventMention(sent_index=index, token_i=root.i, start=root.idx, end=root.idx + len(root.text),
                        trigger=root.text, type=event_type, score=score)


def _add(out: list[EventMention], added: EventMention, verbal_plover: set[str] | None = None) -> None:
    """Add a classifier event unless it would sit on a verbal trigger (of one of ``verbal_plover``'s
    PLOVER events, or any): 'warned … if forces shelled' is a threat, its shelling only a condition."""
    if not any(m.verbal and m.token_i == added.token_i and (verbal_plover is None or m.plover in verbal_plover)
               for m in out):
        out.append(added)


def classifier_events(doc, found: list[EventMention], probs: dict) -> list[EventMention]:
    """Let the sentence classifier retype or add events the trigger lexicon types badly or misses."""
    sents = sentences(doc)
    out = list(found)
    for index, sent_probs in enumerate(probs["types"]):
        best, p_best = top_label(sent_probs)
        if best is None:
            continue
        here = [m for m in out if m.sent_index == index]
        if any(m.type == best for m in here):
            continue
        retyped = False
        if best not in VERBAL_TYPES and p_best >= RETYPE_AT:
            for m in here:
                if not m.verbal and not m.type_by_reference and m.type not in VERBAL_TYPES \
                        and sent_probs.get(m.type, 0.0) < 0.15:
                    m.type, m.score, retyped = best, max(m.score, p_best), True
                    break
        if not retyped and p_best >= ADD_AT:
            _add(out, classifier_mention(sents[index], index, best, p_best * 0.8))
    doc_probs = probs.get("doc_types") or {}
    best, p_best = top_label(doc_probs)
    if best is not None and sents and not any(m.type == best for m in out):
        if p_best >= DOC_ADD_AT:
            # a report as a whole keeps its violent type under 'said' or 'claimed', not under a threat
            _add(out, classifier_mention(sents[0], 0, best, p_best * 0.8), {"THREATEN"})
    if not out and sents:
        doc_probs = doc_probs or (probs["types"][0] if probs["types"] else {})
        best, p_best = top_label(doc_probs)
        if best is not None and p_best >= FALLBACK_AT and doc_probs.get("NONE", 0.0) < 0.6:
            out.append(classifier_mention(sents[0], 0, best, p_best * 0.5))
    return sorted(out, key=lambda m: (m.sent_index, m.start))
