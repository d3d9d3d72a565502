"""Who speaks for which event, and whose losses are whose.

A sentence may hold several statements ("Moscow said its jets struck militants, but Ankara said the
strikes killed two soldiers"): each event takes the chain of the statement that holds its trigger,
sees only that statement's actors, and receives the figures told in it. Also: the speaker of a verbal
event, 'its forces' of the speaker, and groups owned by 'its'/'their'.
"""
from __future__ import annotations

import re

from ..model import Actor, Event, Source
from .doccache import sentence_of_token

VIOLENT_TYPES = {"ARMED_CLASH", "ATTACK", "AIR_STRIKE", "ART_MISS_ATTACK", "SUIC_BOMB", "REM_EXPLOS",
                 "GRENADE", "CHEM_WEAP", "NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT",
                 "FORCE_AGAINST_PROTEST", "MOB_VIOL", "VIOL_DEMONSTR", "SEX_VIOL", "ABDUCT_DISSAP"}
#: events whose figures are losses: violence, and disasters ('an ammonia leak killed three workers')
LOSS_TYPES = VIOLENT_TYPES | {"NATURAL_DISASTER", "MAN_MADE_DISASTER"}


def other_statements(doc, sent, chain, token_i: int) -> list[tuple[int, int]]:
    """Character spans of the sentence outside the statement that holds ``token_i`` (when two sources
    speak in one sentence): the other side's words name no actor of this claim."""
    if chain is None or not chain.clauses:
        return []
    holding = [region for region, _ in chain.clauses if token_i in region]
    if not holding:
        return []
    region = min(holding, key=len)
    return [(t.idx, t.idx + len(t)) for t in sent if t.i not in region]


def own_voice(tok, actors: list[Actor], chain, kb) -> list[Source]:
    """'The ministry blamed the PKK, a charge the group rejected': a statement made in a relative clause
    has its own speaker, who replaces the sentence's innermost source (the outlet stays outermost)."""
    links = chain.chain_at(tok.i) if chain else []
    if chain is None or chain.speaker is None or tok.dep_ not in ("relcl", "acl") or not links:
        return links
    speaker = next((a for a in actors if a.role == "speaker" and a.start is not None), None)
    if speaker is None or speaker.name == chain.speaker.name or not (tok.sent.start_char <= speaker.start < tok.sent.end_char):
        return links
    entry = kb.lookup(speaker.name) if speaker.name else None
    kind = entry.kind if entry is not None and entry.kind in ("person", "organization", "outlet") else "organization"
    return [Source(speaker.name, kind, speaker.country, speaker.text, speaker.start, speaker.end), *links[1:]]


def add_speaker(actors: list[Actor], chain, kb, verbal: bool) -> None:
    """The innermost source of the sentence is the speaker of a verbal event."""
    if not verbal or chain is None or chain.speaker is None:
        return
    if any(a.role == "speaker" and a.country for a in actors):
        return
    actors[:] = [a for a in actors if a.role != "speaker"]  # a speaker the KB did not know gives way
    source = chain.speaker
    entry = kb.lookup(source.name) if source.name else None
    text, start, end = _speaker_words(source.text or source.name, source.start, source.end)
    actors.insert(0, Actor(role="speaker", text=text, name=source.name,
                           country=source.affiliation or (entry.country if entry else None),
                           sector=entry.sector if entry else None, start=start, end=end))


_CUE_BEFORE = re.compile(r"^(?:according\s+to|citing|quoting|said|says|added|reported|wrote)\s+", re.IGNORECASE)
_CUE_AFTER = re.compile(r"[\s,]+(?:(?:also|later|earlier|then|again)\s+)?(?:has\s+|had\s+)?(?:said|says|told|tells|added|"
                        r"adds|warned|warns|denied|denies|claimed|claims|reported|reports|stated|announced|confirmed|"
                        r"insisted|stressed|noted|wrote|explained|alleged|argued|acknowledged)$", re.IGNORECASE)


def _speaker_words(text: str, start: int | None, end: int | None) -> tuple[str, int | None, int | None]:
    """The speaker's own words in an attribution cue: 'Witnesses' of 'Witnesses said', 'SOHR' of
    'according to SOHR' (a chain link keeps the whole cue as its evidence; an actor is a noun phrase)."""
    before, after = _CUE_BEFORE.match(text), _CUE_AFTER.search(text)
    cut_start = before.end() if before else 0
    cut_end = after.start() if after and after.start() > cut_start else len(text)
    if start is not None and end is not None and end - start == len(text):
        start, end = start + cut_start, start + cut_end
    return text[cut_start:cut_end], start, end


FORCE_NOUNS = {"force", "forces", "army", "troops", "jets", "aircraft", "warplanes", "planes", "artillery",
               "military", "drones", "soldiers", "units", "navy", "fighters"}


def resolve_possessive_forces(doc, actors: list[Actor], mention, chain, kb) -> None:
    """'its air force launched strikes' (said by Russia's ministry): the forces of the speaker's country."""
    if mention.verbal or any(a.role == "perpetrator" for a in actors) or chain is None or chain.speaker is None:
        return
    links = chain.chain_at(mention.token_i)
    country = links[0].affiliation if chain.clauses and links else chain.speaker.affiliation
    if not country:
        return
    sent = sentence_of_token(doc[mention.token_i])
    region = next((r for r, c in chain.clauses if mention.token_i in r), None)
    for tok in sent:
        if region is not None and tok.i not in region:
            continue    # 'Moscow said its jets ..., but Ankara said the strikes ...': Moscow's jets
        if tok.lower_ in ("its", "their", "our") and tok.dep_ == "poss" and tok.head.lower_ in FORCE_NOUNS:
            head = tok.head
            if head.dep_ in ("nsubj", "nsubjpass") or head.i == mention.token_i:
                phrase = doc[tok.i:head.i + 1]
                actors.insert(0, Actor(role="perpetrator", text=phrase.text, name=f"{phrase.text[len(tok.text):].strip()} ({country})",
                                       country=country, sector="military", start=phrase.start_char, end=phrase.end_char))
                return


_POSSESSIVE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)


def own_groups(casualties: list, mentions, sent_start: int, chain=None) -> None:
    """'Turkey said several of its servicemen had died': a group owned by 'its'/'their' belongs to the
    speaker of the statement that holds it ('the SDF said Turkish drones had killed three of its
    commanders'), else to the state named last before it in the sentence."""
    for c in casualties:
        if c.country is not None or c.start is None or not _POSSESSIVE.search(c.text or ""):
            continue
        speaker = chain.speaker if chain is not None else None
        if speaker is not None and speaker.affiliation and speaker.start is not None and speaker.start < c.start:
            c.country = speaker.affiliation
            continue
        before = [m for m in mentions if sent_start <= m.start < c.start and m.entry.country
                  and m.entry.kind != "outlet" and m.entry.sector not in ("media", "international")]
        if before:
            c.country = before[-1].entry.country


def attach_losses(events: list[Event], sentence_casualties: dict, sentence_materiel: dict, doc=None,
                   chains=None) -> None:
    """Give each sentence's casualties and materiel to its violent event (the first one; where two sources
    speak in one sentence, the event of the source whose statement holds the figure)."""
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        by_sentence.setdefault(event._sent, []).append(event)  # type: ignore[attr-defined]
    for index, table in ((i, sentence_casualties) for i in sentence_casualties):
        candidates = [e for e in by_sentence.get(index, []) if e.type in LOSS_TYPES
                      and e.status in ("asserted", "alleged", "denied")]  # no deaths in a threat or in the past
        if candidates:
            for casualty in table[index]:
                _said_with(casualty, candidates, doc, chains[index] if chains else None).casualties.append(casualty)
        elif all(not (c.killed or c.injured) for c in table[index]):
            _attach_zero(by_sentence, index, table[index])
    for index in sentence_materiel:
        candidates = [e for e in by_sentence.get(index, []) if e.type in VIOLENT_TYPES]
        if candidates:
            candidates[0].materiel.extend(sentence_materiel[index])


def attach_running_tolls(events: list[Event], sentence_tolls: dict, doc=None, chains=None) -> None:
    """Give each running toll ('74 killed since Friday') to the violent event of its sentence, else to the
    last one told in the two sentences before ('He said 2,212 were neutralised over the same period')."""
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        by_sentence.setdefault(event._sent, []).append(event)  # type: ignore[attr-defined]
    for index, rows in sentence_tolls.items():
        for back in (index, index - 1, index - 2):
            candidates = [e for e in by_sentence.get(back, []) if e.type in VIOLENT_TYPES
                          and e.status in ("asserted", "alleged", "denied")]
            if not candidates:
                continue
            for row in rows:
                event = _said_with(row, candidates, doc, chains[index] if chains else None) if back == index \
                    else candidates[-1]
                event.running_tolls.append(row)
            break


def _said_with(casualty, candidates: list[Event], doc, chain) -> Event:
    """The candidate event told by the same statement as the casualty figure, else the first."""
    if chain is None or not chain.clauses or doc is None or casualty.start is None or len(candidates) < 2:
        return candidates[0]
    span = doc.char_span(casualty.start, casualty.end, alignment_mode="expand")
    if span is None:
        return candidates[0]
    names = [link.name for link in chain.chain_at(span.root.i)]
    return next((e for e in candidates if [link.name for link in e.attribution] == names), candidates[0])


def _attach_zero(by_sentence: dict, index: int, rows: list) -> None:
    """'No deaths were reported.' on its own: the zero is the toll of the violent event told just before
    (within two sentences), unless that event already has a figure."""
    for back in (index - 1, index - 2):
        candidates = [e for e in by_sentence.get(back, []) if e.type in VIOLENT_TYPES
                      and e.status in ("asserted", "alleged", "denied")]
        if candidates:
            event = candidates[-1]
            if not any(c.killed or c.injured for c in event.casualties):
                event.casualties.extend(rows)
            return
