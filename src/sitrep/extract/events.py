"""Event detection: find trigger words in each sentence and type them.

A trigger proposes candidate types (``triggers.py``); the sentence classifier and the
words around the trigger choose among them. Triggers of one type in one sentence make
one event mention; a sentence can hold several events of different types.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .casualty_words import HARM_LEMMAS
from .doccache import sentences
from .roles_parts import _antecedent
from .triggers import (
    CONTEXT,
    LIGHT_VERBS,
    NON_VIOLENT_CONTEXT,
    OBJECT_TRIGGERS,
    PHRASES,
    REFERRING_HEADS,
    WORDS,
    Trigger,
)

VERB_POS = {"VERB", "AUX"}
NOUN_POS = {"NOUN", "PROPN"}
#: heads that make a weapon noun before them name a piece of equipment ('rocket launchers')
EQUIPMENT_HEADS = {"launcher", "battery", "system", "depot", "factory", "warehouse", "stockpile", "store",
                   "piece", "carrier", "crew", "unit", "base", "platform", "truck", "vehicle"}
#: heads that make a trigger word before them name a kind of unit ('riot police', 'bomb squad')
UNIT_HEADS = {"police", "policeman", "policemen", "squad", "gear", "shield", "officer", "control"}
MAX_PHRASE = 3
PHRASE_STARTS = frozenset(key[0] for key in PHRASES)
CASUALTY_LEMMAS = frozenset({"die", "dead", "death", "wound", "wounded", "injure", "injured", "injury", "casualty",
                             "toll", "body", "victim", "martyr", "missing", "hostage", "detain", "flee",
                             "displace", "violation", "ceasefire", "truce", "offensive", "capture", "seize",
                             "retake", "explosion", "blast", "explode"})
VIOLENT_EVENT_TYPES = {"ARMED_CLASH", "ATTACK", "AIR_STRIKE", "ART_MISS_ATTACK", "SUIC_BOMB", "REM_EXPLOS",
                       "GRENADE", "CHEM_WEAP"}
GENERIC_VIOLENCE = {"kill", "shoot", "hit", "target", "fight", "pound", "execute", "attack"}
MILITARY_CONTEXT = ("army", "troops", "forces", "military", "soldiers", "militants", "rebels", "jets",
                    "aircraft", "artillery", "drone", "insurgents", "fighters", "terrorists", "warplanes")


@dataclass
class EventMention:
    """One event found in one sentence (before roles, dates and places are attached)."""
    sent_index: int
    token_i: int                   # the head token of the trigger
    start: int                     # trigger char offsets
    end: int
    trigger: str
    type: str
    score: float                   # how sure we are this is an event of this type (0..1)
    plover: str | None = None
    mode: str | None = None
    verbal: bool = False
    weak: bool = False
    other_tokens: list[int] = field(default_factory=list)   # further triggers merged into this one
    type_by_reference: bool = False   # typed as the event it counts ('the death toll was nine'): kept


def _match_at(sent, k: int, forms: tuple[list[str], list[str]] | None = None) -> tuple[int, Trigger] | None:
    """The longest trigger starting at token k of the sentence: (length, trigger).

    ``forms`` holds the sentence's lower-case forms and lemmas, computed once per sentence.
    """
    tokens = sent
    lowers, lemmas = forms or ([t.lower_ for t in sent], [t.lemma_.lower() for t in sent])
    starts_phrase = lowers[k] in PHRASE_STARTS or lemmas[k] in PHRASE_STARTS
    for n in range(min(MAX_PHRASE, len(lowers) - k) if starts_phrase else 0, 1, -1):
        for seq in (lowers, lemmas):
            key = tuple(seq[k:k + n])
            if key in PHRASES and not (PHRASES[key].verbs_only and tokens[k].pos_ not in VERB_POS):
                return n, PHRASES[key]      # 'fired on Tartar', not 'heavy fire on Monday'
    tok = tokens[k]
    by_object = _object_trigger(tok)
    if by_object is not None:
        return 1, by_object
    for form in (tok.lower_, tok.lemma_.lower()):
        entry = WORDS.get(form)
        if entry is None:
            continue
        if entry.verbs_only and (tok.pos_ not in VERB_POS or tok.dep_ in ("amod", "compound")):
            continue  # 'a hacking campaign' names no act of its own
        if entry.nouns_only and tok.pos_ not in NOUN_POS and tok.pos_ != "ADJ":
            continue
        if entry.nouns_only and tok.dep_ == "compound" and tok.head.lemma_.lower() in EQUIPMENT_HEADS:
            continue  # 'destroyed 72 rocket launchers' names equipment, not a rocket attack
        if tok.dep_ in ("compound", "amod") and tok.head.lemma_.lower() in UNIT_HEADS:
            continue  # 'riot police', 'a bomb squad': the kind of unit, not an event
        return 1, entry
    # "call on Ankara": the particle is a child, not always adjacent
    if tok.lemma_.lower() == "call" and any(c.lower_ in ("on", "upon") for c in tok.children):
        return 1, PHRASES[("call", "on")]
    if tok.lemma_.lower() == "force" and tok.pos_ in VERB_POS and any(c.dep_ == "dobj" for c in tok.children) \
            and any(c.lower_ == "out" for c in tok.children):
        return 1, FORCE_OUT  # 'forced the agency out of the country'

    return None


OBJECT_DEPS = {"dobj", "obj", "nsubjpass", "dative"}
FORCE_OUT = Trigger(types=("DIPLO",), plover="SANCTION", mode="expel", verbal=True)


def _object_trigger(tok) -> Trigger | None:
    """'halted aid', 'lifted the curfew', 'the withdrawal of troops': a verb whose object names the event."""
    options = OBJECT_TRIGGERS.get(tok.lemma_.lower()) or OBJECT_TRIGGERS.get(tok.lower_)
    if not options:
        return None
    if tok.pos_ in VERB_POS:
        heads = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
    else:
        heads = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    heads += [c for h in heads for c in h.conjuncts]
    words = set()
    for h in heads:
        span = list(h.subtree)[:12]
        words |= {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
    for objects, trigger in options:
        if words & objects:
            return trigger
    return None


def may_hold_event(sent) -> bool:
    """Whether the sentence holds a trigger or a casualty word: the cheap first pass that decides
    which sentences are worth the sentence encoder."""
    forms = ([t.lower_ for t in sent], [t.lemma_.lower() for t in sent])
    if any(lemma in CASUALTY_LEMMAS for lemma in forms[1]):
        return True
    return any(_match_at(sent, k, forms) for k in range(len(forms[0])))


def _refers_to_known_event(tok) -> bool:
    """'a violation of the agreement', 'the anniversary of the massacre' name no new event."""
    head = tok
    for _ in range(3):
        if head.dep_ in ("pobj",) and head.head.lower_ == "of" and head.head.head.lemma_.lower() in REFERRING_HEADS:
            return True
        if head.head.i == head.i:
            break
        head = head.head
    return False


ANTECEDENT_PREPS = {"after", "following"}


def _answers_known_event(tok, trigger_heads: set[int]) -> bool:
    """'Turkey launched an operation after the regime attack that killed 33 soldiers': the attack is
    the known event the act answers, told elsewhere; this sentence reports the operation. A definite
    event noun after 'after'/'following' names no new event when the verb it hangs from is itself
    another trigger of the sentence ('Five died after the strike hit the market' keeps the strike)."""
    prep = tok.head if tok.dep_ == "pobj" else None
    definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in tok.children)
    return (prep is not None and prep.lower_ in ANTECEDENT_PREPS and definite and tok.pos_ in NOUN_POS
            and prep.head.i in trigger_heads and prep.head.i != tok.i)


GOAL_VERBS = {"prevent", "avert", "deter", "stop", "end", "halt", "avoid"}


def _a_goal(tok) -> bool:
    """'to stop the regime's massacres', 'deployed to prevent attacks on the pipeline': an act named as
    what someone aims to stop is a goal, not an event that happened."""
    verb = tok.head if tok.dep_ in ("dobj", "obj") else None
    return (verb is not None and tok.pos_ in NOUN_POS and verb.lemma_.lower() in GOAL_VERBS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))


def _context_hits(sent_lower: str, event_type: str) -> int:
    return sum(1 for word in CONTEXT.get(event_type, ()) if f" {word}" in sent_lower or sent_lower.startswith(word))


_ACCIDENTAL_RELEASE = re.compile(r"\bleak(?:s|ed|ing|age)?\b|\bspill(?:s|ed|age)?\b")
PROTEST_FAMILY = {"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST"}
INTERVENED = {"PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR"}
_PROTESTERS = re.compile(r"\b(?:protest(?:er|or)?s?|demonstrat(?:ors?|ions?)|rioters?|marchers|rally|rallies)\b")
_PROTESTER_VIOLENCE = re.compile(
    r"\briot(?:s|ing|ers?)?\b|\bviolent\s+(?:protests?|demonstrations?|rall(?:y|ies))|\baggressive\b"
    r"|\bpelt(?:ed|ing)\b|\bhurl(?:ed|ing)\b|\bprojectiles?\b|\bmolotov|\bpetrol\s+bombs?|\bfirebombs?"
    r"|\bthr(?:ew|own|owing)\s+(?:\w+\s+)?(?:stones|rocks|bottles|fireworks|bricks)"
    r"|\bset\s+(?:\w+\s+){0,3}?(?:ablaze|alight|on\s+fire)|\btorch(?:ed|ing)\b|\bvandali[sz](?:ed|ing|m)"
    r"|\bloot(?:ed|ing)\b|\bsmash(?:ed|ing)\b|\bbroke\s+into\b|\bscuffles?\b"
    r"|\bclash(?:es|ed)?\s+with\s+(?:the\s+)?(?:riot\s+)?(?:police|security\s+forces|troops|soldiers)"
    r"|\bclash(?:es|ed)?\s+with\s+(?:\w+\s+){0,2}?(?:protesters|demonstrators|rioters)"
    r"|\b(?:protesters|demonstrators|rioters)\s+(?:\w+\s+){0,2}?clash(?:es|ed)?\b")


def _protest_turned_violent(event_type: str, sent_lower: str) -> str:
    """A demonstration whose participants use violence (rioting, stones, arson, looting, clashing with
    the police) is a violent demonstration, also when the police answered with force (ACLED)."""
    if event_type not in PROTEST_FAMILY and event_type != "ARMED_CLASH":
        return event_type
    if _PROTESTERS.search(sent_lower) and _PROTESTER_VIOLENCE.search(sent_lower):
        return "VIOL_DEMONSTR"
    return event_type


_ATTACK_WORDS = re.compile(r"\b(?:attack|strike|shell|bomb|dropp|fired|launch|weapon|used\s+(?:chlorine|sarin|gas))")


def _accidental_release(event_type: str, sent_lower: str) -> str:
    """'chlorine gas leaked from a factory' with no attack named: an industrial accident."""
    if event_type == "CHEM_WEAP" and _ACCIDENTAL_RELEASE.search(sent_lower) and not _ATTACK_WORDS.search(sent_lower):
        return "MAN_MADE_DISASTER"
    return event_type


def retype_by_context(doc, found: list[EventMention]) -> list[EventMention]:
    """Context rules over the final types (after the sentence classifier's retyping): violent
    demonstrations, accidental releases of chemicals."""
    sents = sentences(doc)
    for m in found:
        if m.sent_index < len(sents):
            sent_lower = " " + sents[m.sent_index].text.lower()
            m.type = _accidental_release(_protest_turned_violent(m.type, sent_lower), sent_lower)
    return found


def fold_intervened_protests(events: list) -> list:
    """'Police fired tear gas at protesters who marched on parliament': ACLED codes one event, the protest
    with intervention; the march of the same sentence and day is that protest, not a peaceful one beside it
    ('... demonstrated on Tuesday in Serbia, where 24 were killed in riots last March' keeps both)."""
    intervened = {(e._sent, e.date.start, e.status) for e in events if e.type in INTERVENED and e.date.start}
    return [e for e in events if not (e.type == "PEACE_PROTEST" and (e._sent, e.date.start, e.status) in intervened)]


def _non_violent(sent_lower: str) -> bool:
    return any(word in sent_lower for word in NON_VIOLENT_CONTEXT)


def _choose_type(entry: Trigger, probs: dict[str, float], sent_lower: str) -> tuple[str, float]:
    """The candidate type with the best mix of classifier probability, context and lexical rank."""
    best, best_score = entry.types[0], -1.0
    for rank, event_type in enumerate(entry.types):
        score = probs.get(event_type, 0.0) + 0.12 * min(_context_hits(sent_lower, event_type), 3) + 0.04 * (
            len(entry.types) - rank) / len(entry.types)
        if score > best_score:
            best, best_score = event_type, score
    return best, best_score


def detect(doc, sentence_probs: list[dict[str, float]], chains=None) -> list[EventMention]:
    """All event mentions of a parsed document; ``sentence_probs`` holds type probabilities per sentence.
    ``chains`` (the sentences' attributions) keeps the statements of two sources in one sentence apart:
    in 'Moscow said its jets struck militants, but Ankara said the strikes killed two soldiers' the
    two strikes are two claims."""
    mentions: list[EventMention] = []
    for index, sent in enumerate(sentences(doc)):
        chain = chains[index] if chains and index < len(chains) and chains[index].clauses else None
        probs = sentence_probs[index] if index < len(sentence_probs) else {}
        sent_lower = " " + sent.text.lower()
        by_type: dict[str, EventMention] = {}
        forms = ([t.lower_ for t in sent], [t.lemma_.lower() for t in sent])
        hits = []
        k = 0
        while k < len(sent):
            found = _match_at(sent, k, forms)
            if not found:
                k += 1
                continue
            length, entry = found
            window = sent[k:k + length]
            k += length
            hits.append((window, entry))
        trigger_heads = {window.root.i for window, _ in hits}
        for window, entry in hits:
            head = window.root
            if (_refers_to_known_event(head) or in_condition(head) or (entry.verbal and modifier_only(head))
                    or _a_goal(head) or _answers_known_event(head, trigger_heads)):
                continue
            event_type, fit = _choose_type(entry, probs, sent_lower)
            # scored as the type it ends with; retype_by_context applies the rule again after the classifier
            event_type = _protest_turned_violent(event_type, sent_lower)
            ambiguous = entry.weak and set(entry.types) <= ATTACK_TYPES
            armed = 2 if ambiguous and _deadly(head) else int(ambiguous and _armed_agent(head))
            score = _trigger_score(entry, event_type, probs, sent_lower, armed=armed)
            if score < 0.2:
                continue
            mention = EventMention(sent_index=index, token_i=head.i, start=window.start_char,
                                   end=window.end_char, trigger=window.text, type=event_type, score=score,
                                   plover=entry.plover, verbal=entry.verbal, weak=entry.weak)
            mention.mode = entry.mode
            key = (event_type, entry.plover,  # 'threatened to impose a boycott': two verbal events
                   tuple(link.name for link in chain.chain_at(head.i)) if chain else None)
            previous = by_type.get(key)
            if previous is None:
                by_type[key] = mention
            elif _better_head(mention, previous, doc):
                mention.other_tokens = previous.other_tokens + [previous.token_i]
                by_type[key] = mention
            else:
                previous.other_tokens.append(mention.token_i)
        found = _fold_generic(list(by_type.values()), doc, chain)
        found += demands_by_modal(sent, index, found, probs, sent_lower)
        found = fold_contents(doc, intentions(doc, found))
        mentions.extend(sorted(found, key=lambda m: m.start))
    return mentions


def _retaliated_by(tok) -> bool:
    """'retaliated by shelling rebel positions': the shelling is the retaliation ('retaliated against the
    army's positions' is an event of its own, the counter-strike)."""
    return tok.lemma_.lower() == "retaliate" and any(c.lower_ == "by" for c in tok.children)


def _fold_generic(found: list[EventMention], doc, chain=None) -> list[EventMention]:
    """'were killed in the air strikes': a generic violent verb joins the specific violent event beside it
    (told by the same source, when two sources speak in the sentence)."""
    def generic(m: EventMention) -> bool:
        return all(doc[i].lemma_.lower() in GENERIC_VIOLENCE or _retaliated_by(doc[i])
                   for i in [m.token_i, *m.other_tokens])

    voice = {id(m): [link.name for link in chain.chain_at(m.token_i)] if chain else None for m in found}
    specific = [m for m in found if m.type in VIOLENT_EVENT_TYPES and not generic(m)]
    kept = []
    for m in found:
        own = [s for s in specific if voice[id(s)] == voice[id(m)]]
        if m.type in VIOLENT_EVENT_TYPES and generic(m) and own:
            host = next((s for s in own if s.type == m.type), own[0])
            host.other_tokens.append(m.token_i)
        else:
            kept.append(m)
    return kept


ATTACK_TYPES = {"AIR_STRIKE", "ART_MISS_ATTACK", "ATTACK", "ARMED_CLASH"}   # 'strike', 'hit', 'target', 'pound'
ARMED_WORDS = {"army", "troops", "forces", "military", "soldiers", "jets", "warplanes", "aircraft", "navy",
               "artillery", "drones", "drone", "militants", "rebels", "insurgents", "fighters", "militia"}


def _deadly(head) -> bool:
    """'advisers were killed in the strike', 'the raid killed four': an ambiguous violent noun that caused
    deaths or wounds is violence ('a strike by dock workers' kills nobody)."""
    if head.dep_ == "pobj" and head.head.lower_ in ("in", "by") and head.head.head.lemma_.lower() in HARM_LEMMAS:
        return True
    return head.dep_ == "nsubj" and head.head.lemma_.lower() in HARM_LEMMAS


def _armed_agent(head) -> bool:
    """'The military said it had targeted ...', 'Russian forces hit ...', 'an Israeli strike on a school':
    an ambiguous violent word whose agent is an armed force or whose noun a state modifies and aims."""
    if head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ != "nsubj":
                continue
            agent = _antecedent(child) if child.lower_ in ("it", "they") else child
            return agent is not None and (agent.lower_ in ARMED_WORDS or any(
                c.lower_ in ARMED_WORDS for c in agent.children if c.dep_ == "compound"))
        return False
    aimed = any(c.dep_ == "prep" and c.lower_ in ("on", "against") for c in head.children)
    return any(c.dep_ in ("amod", "compound", "poss") and (c.lower_ in ARMED_WORDS or (
        aimed and c.ent_type_ in ("NORP", "GPE"))) for c in head.children)


def _trigger_score(entry: Trigger, event_type: str, probs: dict[str, float], sent_lower: str,
                   armed: int = 0) -> float:
    """0..1: strong triggers start high; weak ones need the classifier or context to agree (an armed
    agent counts as context, deaths it caused as twice that)."""
    p_type = probs.get(event_type, 0.0)
    p_none = probs.get("NONE", 0.0)
    context = min(_context_hits(sent_lower, event_type) + armed, 2)
    if entry.verbal:
        base = 0.55
    elif entry.weak:
        base = 0.1 + 0.15 * context
    else:
        base = 0.5
    score = base + 0.45 * p_type - 0.35 * p_none
    if event_type == "CHEM_WEAP" and _ACCIDENTAL_RELEASE.search(sent_lower):
        score -= 0.5  # 'chlorine gas leaked from a factory': an accident (classifier-added ones: _accidental_release)
    if event_type in ("AIR_STRIKE", "ART_MISS_ATTACK", "ARMED_CLASH", "ATTACK", "SUIC_BOMB", "REM_EXPLOS"):
        if _non_violent(sent_lower) and not any(w in sent_lower for w in MILITARY_CONTEXT):
            score -= 0.5
    return max(0.0, min(1.0, score))


def _better_head(new: EventMention, old: EventMention, doc) -> bool:
    """Prefer a trigger with arguments: a verb with a subject, or a noun that carries a light verb."""
    def weight(m: EventMention) -> float:
        tok = doc[m.token_i]
        w = m.score
        if tok.pos_ in VERB_POS and any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in tok.children):
            w += 0.2
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in LIGHT_VERBS:
            w += 0.2
        if any(c.dep_ in ("amod", "compound", "poss") for c in tok.children):
            w += 0.05
        if tok.lemma_.lower() in GENERIC_VIOLENCE:
            w -= 0.3  # 'shelling killed five': the shelling names the event
        return w
    return weight(new) > weight(old)


from .plover_rules import demands_by_modal, fold_contents, in_condition, intentions, modifier_only  # noqa: E402
