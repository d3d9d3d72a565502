"""Assemble event records for one parsed document from the outputs of every stage."""
from __future__ import annotations

import re

from ..kb import iso2_to_iso3, load_kb
from ..model import Actor, Document, Event, EventDate, Evidence, Extraction
from ..timing import stage
from . import attribution as attribution_stage
from . import casualties as casualty_stage
from . import dates as date_stage
from . import materiel as materiel_stage
from . import places as place_stage
from . import toll_periods
from .actor_phrases import PseudoEntry, PseudoMention
from .chrome import inside, link_boxes
from .classified import classifier_events, plover_events, plover_of
from .classify import PLOVER_OF_TYPE, classify_both
from .doccache import sentence_of_token, sentences, text_of
from .events import EventMention, detect, fold_intervened_protests, may_hold_event, retype_by_context
from .merge import merge_mentions
from .roles import assign_roles
from .status import status_of
from .voices import (
    LOSS_TYPES,
    VIOLENT_TYPES,
    add_speaker,
    attach_losses,
    attach_running_tolls,
    other_statements,
    own_groups,
    own_voice,
    resolve_possessive_forces,
)
from .where import event_place

DOC_PRIOR_CHARS = 1200
CONTEXT_SENTENCES = 2   # ... or one stated in the two sentences before it, in the same paragraph
STORY_DAYS = 3          # an undated sentence inherits a date stated earlier in the report only if this recent


def classify_batch(docs, embed_all: bool = False) -> list[dict]:
    """Type and PLOVER probabilities per sentence, and for short documents as a whole.

    Only sentences that may hold an event (and short documents as a whole) go through the
    sentence encoder, unless ``embed_all``; the rest are typed by the sparse models alone.
    """
    texts: list[str] = []
    worth: list[bool] = []
    spans: list[tuple[int, int, bool]] = []
    for doc in docs:
        first = len(texts)
        for sent in sentences(doc):
            texts.append(sent.text)
            worth.append(embed_all or may_hold_event(sent))
        whole = len(text_of(doc)) <= DOC_PRIOR_CHARS
        if whole:
            texts.append(text_of(doc))
            worth.append(True)
        spans.append((first, len(texts), whole))
    types, plover = classify_both(texts, worth) if texts else ([], [])
    out = []
    for first, last, whole in spans:
        n_sent = last - first - (1 if whole else 0)
        out.append({"types": types[first:first + n_sent], "plover": plover[first:first + n_sent],
                    "doc_types": types[last - 1] if whole else {}, "doc_plover": plover[last - 1] if whole else {}})
    return out


def _resolve_group(kb):
    def resolve(text: str):
        entry = kb.lookup(text)
        return (entry.country, entry.sector) if entry else (None, None)
    return resolve


def assemble(document: Document, doc, probs: dict) -> Extraction:
    """The Extraction of one document."""
    kb = load_kb()
    with stage("places"):
        places = place_stage.geoparse(doc)
    with stage("actors"):
        mentions = kb.match(doc)
        role_mentions = mentions + _place_mentions(places, mentions)
    with stage("dates"):
        ref = date_stage.reference_date(document.text, document.published, doc)
        date_mentions = date_stage.find_dates(doc, ref)
    with stage("attribution"):
        chains = attribution_stage.attribute(doc, outlet=document.outlet, kb=kb)
    sents = sentences(doc)
    boxes = link_boxes(text_of(doc))  # other stories' headlines in a 'Related News' box
    with stage("events"):
        found = [m for m in detect(doc, probs["types"], chains) if not inside(boxes, m.start)]
    resolve = _resolve_group(kb)
    sentence_casualties = {}
    sentence_materiel = {}
    sentence_running = {}
    with stage("casualties"):
        for index, sent in enumerate(sents):
            period = toll_periods.running_period(sent)
            if period:  # "74 killed since Friday": a running toll, kept apart from the event's own
                rows = [c for c in casualty_stage.find_casualties(sent, resolve_group=resolve)
                        if (c.killed or c.injured or c.killed_high) and not inside(boxes, c.start)]
                for row in rows:
                    row.period = period
                if rows:
                    own_groups(rows, mentions, sent.start_char, chains[index] if index < len(chains) else None)
                    sentence_running[index] = rows
            cas = [] if period or toll_periods.is_cumulative_toll(sent) else casualty_stage.find_casualties(
                sent, resolve_group=resolve)  # "300,000 killed since 2011" is background, not this event
            cas = [c for c in cas if not inside(boxes, c.start)]
            mat = [m for m in materiel_stage.find_materiel(sent) if not inside(boxes, m.start)]
            if cas:
                own_groups(cas, mentions, sent.start_char, chains[index] if index < len(chains) else None)
                sentence_casualties[index] = cas
            if mat:
                sentence_materiel[index] = mat
    with stage("events"):
        found = _events_for_orphan_losses(doc, found, sentence_casualties, probs["types"])
        found = retype_by_context(doc, classifier_events(doc, found, probs))
        found = plover_events(doc, found, probs)
    with stage("roles+status"):
        events = _build_events(doc, found, probs, kb, places, mentions, role_mentions, ref,
                               date_mentions, chains)
    with stage("merge"):
        attach_losses(events, sentence_casualties, sentence_materiel, doc, chains)
        attach_running_tolls(events, sentence_running, doc, chains)
        for event in events:
            _add_victims(event)
        events = merge_mentions(fold_intervened_protests(events), doc)
        _weigh_losses(events)
        for n, event in enumerate(events, start=1):
            event.id = f"{document.id}#{n}"
        _link_denials(events)
        for event in events:
            if hasattr(event, "_sent"):
                del event._sent  # type: ignore[attr-defined]
    warnings = list(getattr(document, "warnings", None) or [])
    if getattr(ref, "warning", None):
        warnings.append(ref.warning)
    return Extraction(id=document.id, published=document.published, outlet=document.outlet, places=places,
                      events=events, title=document.title, warnings=warnings,
                      reference_date={"date": ref.date.isoformat() if ref.date else None, "basis": ref.basis})


def _build_events(doc, found, probs, kb, places, mentions, role_mentions, ref, date_mentions,
                  chains) -> list[Event]:
    """One Event per mention: roles, speaker, date, status, place, evidence."""
    sents = sentences(doc)
    reference = ref.date
    events: list[Event] = []
    for mention in found:
        sent = sents[mention.sent_index]
        chain = chains[mention.sent_index] if mention.sent_index < len(chains) else None
        links = chain.chain_at(mention.token_i) if chain else []
        source_spans = [(s.start, s.end) for s in links if s.start is not None] + other_statements(
            doc, sent, chain, mention.token_i)
        actors = assign_roles(doc, mention.token_i, role_mentions, verbal=mention.verbal, exclude=source_spans)
        for other in mention.other_tokens:  # 'shelling killed five soldiers': roles from the merged trigger
            roles = {a.role for a in actors}
            extra = assign_roles(doc, other, role_mentions, verbal=mention.verbal, exclude=source_spans)
            actors += [a for a in extra if a.role not in roles]
        resolve_possessive_forces(doc, actors, mention, chain, kb)
        add_speaker(actors, chain, kb, mention.verbal)
        date = _event_date(date_mentions, sent, mention, ref, doc)
        status, modality = status_of(doc, mention.token_i, mention.plover if mention.verbal else None,
                                     date.start, date.precision, reference)
        if _counterfactual(doc[mention.token_i]) or _nobody_did(doc[mention.token_i]):
            continue
        plover_event, plover_mode = plover_of(mention, probs, PLOVER_OF_TYPE)
        type_confidence = _type_confidence(mention, probs, status)
        event = Event(
            id="", type=mention.type, plover={"event": plover_event, "mode": plover_mode}, status=status,
            confidence=_confidence(type_confidence, mention), type_confidence=type_confidence,
            date=date, location=event_place(doc, places, mentions, actors, sent, mention.sent_index),
            actors=actors, attribution=own_voice(doc[mention.token_i], actors, chain, kb) if mention.verbal
            else links,
            evidence=Evidence(start=sent.start_char, end=sent.end_char, trigger=mention.trigger,
                              trigger_start=mention.start, trigger_end=mention.end,
                              sentences=[[sent.start_char, sent.end_char]]),
            modality=modality)
        _own_forces_sent(event)
        _locate_groups(event)
        _territory_by_taker(event)
        event._sent = mention.sent_index  # type: ignore[attr-defined]
        events.append(event)
    return events


def _place_mentions(places, mentions) -> list[PseudoMention]:
    """Places that can stand for their country as an actor ('a village retaken', 'talks in Baku')."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for p in places:
        if any(s < p.end and p.start < e for s, e in taken) or not p.country:
            continue
        out.append(PseudoMention(p.start, p.end, p.text, PseudoEntry(p.name, iso2_to_iso3(p.country), kind="place")))
    return out


TERRITORY = {"GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"}
STATE = {"military", "government", "police"}
NON_STATE = {"rebels", "militia", "terrorist_group"}


def _territory_by_taker(event: Event) -> None:
    """Who took the place decides the code: state forces regain territory, armed groups overtake it
    ('rebels said they had recaptured the town')."""
    if event.type not in TERRITORY:
        return
    sectors = {a.sector for a in event.actors if a.role == "perpetrator" and a.sector}
    if sectors and sectors <= NON_STATE:
        event.type = "NON_STATE_ACTOR_OVERTAKES_TER"
    elif sectors and sectors <= STATE:
        event.type = "GOV_REGAINS_TERIT"


def _own_forces_sent(event: Event) -> None:
    """'Turkey sent 300 soldiers to Idlib': the forces a state mobilises are its own, not the target."""
    if (event.plover or {}).get("event") != "MOBILIZE":
        return
    senders = {a.country for a in event.actors if a.role == "perpetrator"}
    event.actors = [a for a in event.actors if not (
        a.role == "target" and a.sector == "military" and (a.country is None or a.country in senders))]


def _locate_groups(event: Event) -> None:
    """Groups with no country of their own ('protesters', 'ethnic Albanians') are coded with the
    country where the event happened, as ACLED and PLOVER coders do; ``label`` keeps their word."""
    where = event.location.country if event.location.precision in ("exact", "town", "region", "country") \
        else None
    if not where:
        return
    for actor in event.actors:
        if actor.country is None and actor.sector in GROUP_SECTORS and not (
                actor.role == "speaker" and (actor.label or actor.name or "").lower() in DIPLOMATIC):
            actor.country = iso2_to_iso3(where)


GROUP_SECTORS = {"rebels", "militia", "civilians", "other", "terrorist_group", None}
DIPLOMATIC = {"diplomats", "envoys", "mediators", "diplomatic sources"}   # speak about a place, not for it


def _add_victims(event: Event) -> None:
    """Every casualty group is a victim of the event."""
    groups = {(c.country, c.sector) for c in event.casualties if c.country and c.sector}
    # a bare demonym target ("Turkish") gives way to the casualty group that says who ("Turkish soldiers")
    placed = {(c.group or "").lower() for c in event.casualties if c.country}
    event.actors = [a for a in event.actors if not (a.role in ("victim", "target") and a.sector is None
                                                    and any(a.country == country for country, _ in groups))
                    and not (a.role == "victim" and a.country is None and (a.name or "").lower() in placed)]
    present = {(a.country, a.sector) for a in event.actors if a.role in ("victim", "target")}
    for c in event.casualties:
        if (c.country, c.sector) in present or not (c.country or c.sector):
            continue
        if c.country is None and any(sector == c.sector for _, sector in present):
            continue   # 'four soldiers died': the victims the roles already name
        event.actors.append(Actor(role="victim", text=c.group, name=c.group, country=c.country, sector=c.sector,
                                  start=c.start, end=c.end))
        present.add((c.country, c.sector))


def _event_date(date_mentions, sent, mention: EventMention, ref, doc) -> EventDate:
    """The sentence's own date, else the latest date stated before it in the story, else the report's."""
    inside = [m for m in date_mentions if sent.start_char <= m.start < sent.end_char
              and getattr(m, "kind", "") != "duration"]
    if inside:
        return date_stage.event_date(inside, sent.start_char, sent.end_char, mention.start, ref,
                                     {"text": text_of(doc)})
    before = [m for m in date_mentions if m.end <= sent.start_char and getattr(m, "kind", "") != "duration"
              and m.start != ref.start]  # the dateline dates the report, not the story
    window = sent
    for _ in range(CONTEXT_SENTENCES):
        if window.start == 0:
            break
        window = sentence_of_token(doc[window.start - 1])
    same_paragraph = [m for m in before if m.start >= window.start_char
                      and "\n" not in text_of(doc)[m.start:sent.start_char]]
    story = [m for m in before if m.precision == "day" and ref.date is not None and m.start_date is not None
             and 0 <= (ref.date - m.start_date).days <= STORY_DAYS]
    for pool in (same_paragraph, story):
        if pool:
            m = pool[-1]
            return EventDate(start=m.start_date.isoformat() if m.start_date else None,
                             end=(m.end_date or m.start_date).isoformat() if m.start_date else None,
                             precision=m.precision, text=m.text, basis="context")
    return date_stage.event_date([], sent.start_char, sent.end_char, mention.start, ref)


NOBODY = {"nobody", "no-one", "none", "noone"}


ACKNOWLEDGING = {"claim", "report", "confirm", "witness", "see", "hear", "notice", "condemn", "mention", "admit"}


def _nobody_did(tok) -> bool:
    """'No group claimed responsibility', 'nobody was hurt': the act the verb names did not happen."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if verb.i != tok.i and verb.lemma_.lower() in ACKNOWLEDGING:
        return False    # 'nobody claimed the attack': the attack happened, unclaimed
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in NOBODY or (child.lower_ == "one" and any(c.lower_ == "no" for c in child.children)):
                return True
            return any(c.dep_ == "det" and c.lower_ == "no" for c in child.children)
    return False


def _counterfactual(tok) -> bool:
    """'should have separated', 'should have used its influence to halt attacks': did not happen."""
    node = tok
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX"):
            aux = [c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")]
            if any(a in ("should", "would", "could", "might") for a in aux) and "have" in aux:
                return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


LEAD_DECAY = 0.9   # confidence falls by 10% per sentence: the lead carries the news (inverted pyramid)


def _type_confidence(mention: EventMention, probs: dict, status: str) -> float:
    """How sure we are that the mention is an event of its type (sentence and report classifiers)."""
    sentence = probs["types"][mention.sent_index] if mention.sent_index < len(probs["types"]) else {}
    doc_prior = probs.get("doc_types") or {}
    p_sent = sentence.get(mention.type, 0.0)
    p_doc = doc_prior.get(mention.type, p_sent)
    value = 0.1 * mention.score + 0.2 * p_sent + 0.7 * p_doc
    if status in ("historical", "planned", "threatened"):
        value -= 0.1
    value -= 0.002 * mention.sent_index  # on a tie, the earlier sentence
    return round(max(0.01, min(0.99, value)), 3)


def _confidence(type_confidence: float, mention: EventMention) -> float:
    """The type confidence weighted by position: the event the report is about (its primary event)
    is told first, so a later paragraph of the report's type does not outrank the lead."""
    return round(max(0.01, type_confidence * LEAD_DECAY ** mention.sent_index), 3)


LOSS_WEIGHT = 2.0  # an event with deaths weighs double: a report is about the incident that killed


def _weigh_losses(events: list[Event]) -> None:
    """In a report about violence (its most confident event is violent), deaths make an event the news:
    its confidence (the primary-event order) doubles, capped at 0.99. A report about an arrest or a
    statement keeps its own primary event over the deadly strike it recalls. ``type_confidence`` (the
    linker's order) keeps the type certainty alone."""
    top = max(events, key=lambda e: e.confidence, default=None)
    if top is None or top.type not in VIOLENT_TYPES:
        return
    for event in events:
        if event.type in VIOLENT_TYPES and any(c.killed for c in event.casualties):
            event.confidence = round(min(0.99, event.confidence * LOSS_WEIGHT), 3)


_TOLL_WORDS = re.compile(r"\btoll\b|\bnumber\s+of\s+(?:the\s+)?(?:dead|deaths|victims)", re.IGNORECASE)


def _events_for_orphan_losses(doc, found, sentence_casualties, type_probs) -> list[EventMention]:
    """A sentence that reports deaths but names no attack still reports violence."""
    with_events = {m.sent_index for m in found if m.type in LOSS_TYPES}
    sents = sentences(doc)
    extra = []
    for index, cas in sentence_casualties.items():
        if index in with_events or not any((c.killed or c.injured) for c in cas):
            continue
        probs = type_probs[index] if index < len(type_probs) else {}
        violent = sorted(((p, t) for t, p in probs.items() if t in VIOLENT_TYPES), reverse=True)
        event_type = violent[0][1] if violent else "ATTACK"
        told = [m for m in found if m.type in VIOLENT_TYPES and index - 4 <= m.sent_index < index]
        tolled = [m for m in told if any(c.killed for c in sentence_casualties.get(m.sent_index, []))]
        told = [m for m in told if m.sent_index >= index - 2]
        by_reference = bool(told or tolled) and any(_TOLL_WORDS.search(c.text or "") for c in cas)
        if by_reference:
            event_type = (tolled or told)[-1].type   # 'SOHR said the death toll was seven': the blast's toll
        first = cas[0]
        start = first.start if first.start is not None else sents[index].start_char
        tok = doc.char_span(start, start + 1, alignment_mode="expand")
        token_i = tok.root.i if tok is not None else sents[index].root.i
        extra.append(EventMention(sent_index=index, token_i=token_i, start=start,
                                  end=first.end if first.end is not None else start,
                                  trigger=first.text[:60], type=event_type, score=0.35,
                                  type_by_reference=by_reference))
    return sorted(found + extra, key=lambda m: (m.sent_index, m.start))


def _link_denials(events: list[Event]) -> None:
    """A denial names the event it denies (the denied event of the same sentence)."""
    for denial in events:
        if denial.plover.get("event") != "REJECT" or denial.evidence is None:
            continue
        for other in events:
            if other is denial or other.status != "denied" or other.evidence is None:
                continue
            if other.evidence.start == denial.evidence.start:
                denial.refers_to = other.id
                denial.type = "ATTRIB"  # a denial of a claimed event is an attribution event
