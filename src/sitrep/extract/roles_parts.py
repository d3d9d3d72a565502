"""Helpers of the role assignment (``roles.py``): mentions inside a phrase, the states a phrase or a
sentence names, complements of statements, and the antecedent of a reported 'it'/'they'."""
from __future__ import annotations

import re

SUBJECTS = {"nsubj", "csubj"}
OBJECTS = {"dobj", "obj", "attr", "dative"}
TARGET_PREPS = {"at", "on", "against", "upon", "into", "toward", "towards", "of"}
PRONOUNS = {"it", "they", "he", "she", "we"}
QUANTITY_NOUNS = {"days", "weeks", "series", "wave", "round", "number", "spate", "string", "barrage", "volley",
                  "dozen", "dozens", "hundred", "hundreds", "score", "scores", "salvo", "hail", "couple", "flurry"}
ACCUSING = {"accuse": "of", "suspect": "of", "charge": "of", "blame": "for", "condemn": "for", "fault": "for",
            "criticize": "for", "criticise": "for", "denounce": "for", "punish": "for"}
HOLDING = {"responsible", "accountable", "culpable", "guilty"}   # 'held X responsible for'
ASCRIBING = {"blame", "attribute", "pin"}                        # 'blamed the attack on X'


def _mention_at(mentions, tok):
    """The KB mention covering token ``tok``, if any."""
    for m in mentions:
        if m.start <= tok.idx < m.end:
            return m
    return None


def _mentions_in(mentions, tok):
    """KB mentions inside the subtree of ``tok`` (its noun phrase and what hangs on it)."""
    left, right = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
    return [m for m in mentions if left <= m.start and m.end <= right]


def _premodifier_mentions(mentions, tok):
    """Mentions among the words before the head noun of its phrase, state actors first."""
    found = [m for m in mentions if tok.left_edge.idx <= m.start and m.end <= tok.idx]
    return sorted(found, key=lambda m: m.entry.country is None)


def _placed_in(mentions, tok):
    """The state or place of an 'in X' / 'from X' phrase on a noun: 'security forces in Guinea'."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "from", "of"):
            for g in child.children:
                m = _mention_at(mentions, g)
                if m is not None and m.entry.country and m.entry.kind in ("country", "place", "capital"):
                    return m
    return None


def _conjoined_modifiers(mentions, tok):
    """'the Turkish and Greek sides', 'scores of Sierra Leonean and Liberian refugees': every state named."""
    out = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for g in prep.children:
                out += _conjoined_modifiers(mentions, g)
                out += [m for m in (_mention_at(mentions, c) for c in g.conjuncts) if m is not None]
    for child in tok.children:
        if child.dep_ in ("amod", "compound") and child.conjuncts:
            for conj in (child, *child.conjuncts):
                m = _mention_at(mentions, conj)
                if m is not None:
                    out.append(m)
    return out


def _negated_subject(tok) -> bool:
    """'No group', 'nobody', 'no one': a subject that names nobody."""
    return tok.lower_ in ("nobody", "none", "noone", "no-one") or (
        tok.lower_ == "one" and any(c.lower_ == "no" for c in tok.children)) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def accused_parties(tok) -> list:
    """Who an accusation or a claim names as the author of the act ``tok``: 'accused the YPG of shelling',
    'the Houthis claimed responsibility for the attack',
    'blamed the YPG for the bomb', 'held X responsible for the attack', 'X was accused of shelling',
    'blamed the attack on X', 'attributed the bombing to X'. Phrase heads; empty when ``tok`` is no
    accused act."""
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in QUANTITY_NOUNS:
        tok = tok.head.head       # 'blaming them for a string of attacks'
    verb = tok.head
    if tok.dep_ in OBJECTS and verb.lemma_.lower() in ASCRIBING:
        preps = [c for c in (*verb.children, *tok.children) if c.dep_ == "prep" and c.lower_ in ("on", "to")]
        return [g for p in preps for g in p.children if g.dep_ == "pobj"]
    if tok.dep_ not in ("pcomp", "pobj") or verb.dep_ != "prep":
        return []
    prep, verb = verb, verb.head
    if prep.lower_ == "for" and verb.lemma_.lower() in ("responsibility", "credit") and verb.head.lemma_.lower() in (
            "claim", "accept", "bear", "admit", "take"):
        claimant = [c for c in verb.head.children if c.dep_ == "nsubj" and not _negated_subject(c)]
        return [part for head in claimant for part in (head, *head.conjuncts)]   # 'X claimed responsibility for'

    if verb.lemma_.lower() in HOLDING and verb.dep_ == "amod" and prep.lower_ == "for":
        return [verb.head, *verb.head.conjuncts]   # parsed as 'the PKK responsible for ...'
    if verb.lemma_.lower() in HOLDING and verb.dep_ in ("oprd", "acomp", "xcomp", "ccomp"):
        verb, expected = verb.head, "for"
    else:
        expected = ACCUSING.get(verb.lemma_.lower())
    if expected is None or prep.lower_ != expected:
        return []
    accused = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return [part for head in accused for part in (head, *head.conjuncts)]


def possessor(mentions, phrase):
    """'The SDF rejected claims that its fighters had fired rockets': the actor a subject's
    'its'/'their' stands for, the subject of a clause above that does not hold the phrase."""
    own = next((c for c in phrase.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    if own is None or phrase.dep_ not in ("nsubj", "nsubjpass"):
        return None
    subject = _subject_above(phrase.head, lambda c: c.dep_ in ("nsubj", "nsubjpass")
                             and not (c.left_edge.i <= own.i <= c.right_edge.i))
    if subject is None:
        return None
    return _mention_at(mentions, subject) or next(iter(_mentions_in(mentions, subject)), None)


def blamed_without_act(sent) -> list:
    """'..., the ministry said, blaming the YPG': a party blamed with no act named, which is then the
    act the sentence reports. Phrase heads."""
    out = []
    for verb in sent:
        if verb.lemma_.lower() != "blame" or verb.pos_ != "VERB":
            continue
        if any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in verb.children):
            continue
        out += [part for c in verb.children if c.dep_ == "dobj" for part in (c, *c.conjuncts)]
    return out


def _verbal_target(mentions, tok):
    """What a statement is about: the first state actor anywhere in its object, else any actor; not
    inside a clause that hangs on the object ('blamed Kurdish militants, a charge the SDF rejected')."""
    inner = [m for m in _mentions_in(mentions, tok) if m.entry.kind not in ("outlet",)
             and not _inside_clause(tok, m)]
    with_country = [m for m in inner if m.entry.country]
    return (with_country or inner or [None])[0]


def _inside_clause(tok, mention) -> bool:
    """Whether ``mention`` sits in a relative or participial clause below ``tok``."""
    node = _mention_root(tok.doc, mention)
    while node is not None and node.i != tok.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "acl"):
            return True
        node = node.head
    return False


def _mention_root(doc, mention):
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root if span is not None else None


PLURAL_HEADS = {"several", "many", "some", "all", "both", "few", "dozens", "hundreds", "scores"}


def _antecedent(pronoun):
    """'X said it would ...': the subject of the reporting verb above the pronoun's clause ('it' agrees in
    number: 'Turkey said several servicemen had died and announced it had retaliated' is Turkey)."""
    singular = pronoun.lower_ == "it"
    return _subject_above(pronoun.head, lambda c: c.dep_ in SUBJECTS and c.pos_ != "PRON" and not (
        singular and (c.tag_ in ("NNS", "NNPS") or c.lower_ in PLURAL_HEADS)))


def _subject_above(node, accept):
    """The first child accepted by ``accept`` of the heads above ``node`` (up to four steps)."""
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        for child in node.children:
            if accept(child):
                return child
    return None


def _complement_target(local, tok, own=frozenset()):
    """'threatened to ban Ugandan candidates', 'demanded that the government provide': the state
    actor named in the statement's complement clause (its subject, objects and prepositions). The
    speaker's own state as the clause's subject acts there ('warned that Turkey will strike X')."""
    for child in tok.children:
        if child.dep_ not in ("xcomp", "ccomp"):
            continue
        parts = [c for c in child.children if c.dep_ in SUBJECTS | OBJECTS | {"nsubjpass"}
                 or (c.dep_ == "prep" and c.lower_ in TARGET_PREPS | {"in", "to"})]
        for part in parts:
            if part.dep_ in SUBJECTS and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in part.children):
                continue    # 'denied that its militants had attacked': its own act, not its target
            mention = _verbal_target(local, part)
            if mention is not None and part.dep_ in SUBJECTS and mention.entry.country in own:
                continue
            if mention is not None:
                return [mention, *_conjunct_mentions(local, mention, tok.doc)]
    return []


def _conjunct_mentions(mentions, mention, doc):
    """The states conjoined with a mention: 'the United States and Israel'."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return []
    return [m for m in (_mention_at(mentions, c) for c in span.root.conjuncts) if m is not None]


def is_money(doc, mention) -> bool:
    """'US $50 million', 'U.S. dollars': a currency, not an actor."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    return doc[span.end].text == "$" or doc[span.end].lower_ in ("dollar", "dollars")


LAUNCH_VERBS = {"fire", "launch", "drop", "shoot", "lob"}


def launch_origins(sent) -> list:
    """'shells fired from Turkish positions', 'a barrel bomb dropped from a regime helicopter': where a
    weapon was fired from names the side that fired it."""
    return [g for t in sent if t.lemma_.lower() in LAUNCH_VERBS for p in t.children
            if p.dep_ == "prep" and p.lower_ == "from" for g in p.children if g.dep_ == "pobj"]


_ACROSS_BORDER = re.compile(r"\bborders?\s+with\s+(?:the\s+)?$", re.IGNORECASE)   # 'near the border with Turkey'


def across_border(doc, mention) -> bool:
    """'near the border with Turkey': the place named is the other side, neither where nor whom."""
    return bool(_ACROSS_BORDER.search(doc.text[max(0, mention.start - 24):mention.start]))


def _sentence_country(mentions, sent) -> str | None:
    """The one state a sentence names (actors and places), if it names exactly one (sources aside,
    else with them)."""
    countries = {m.entry.country for m in mentions if sent.start_char <= m.start < sent.end_char
                 and m.entry.country and m.entry.kind not in ("outlet",)
                 and m.entry.sector not in ("international", "media") and not is_money(sent.doc, m)
                 and not across_border(sent.doc, m)}
    return countries.pop() if len(countries) == 1 else None


def names_violence(tok) -> bool:
    """Whether the trigger lexicon knows the word as violence."""
    from .triggers import VIOLENT, WORDS
    entry = WORDS.get(tok.lemma_.lower()) or WORDS.get(tok.lower_)
    return entry is not None and bool(set(entry.types) & set(VIOLENT))


def _violent(tok) -> bool:
    """Whether the trigger word may name violence (unknown words may)."""
    from .triggers import OBJECT_TRIGGERS, VIOLENT, WORDS
    if tok.lemma_.lower() in OBJECT_TRIGGERS:
        return False
    entry = WORDS.get(tok.lemma_.lower()) or WORDS.get(tok.lower_)
    return entry is None or bool(set(entry.types) & set(VIOLENT)) or entry.plover is None


def _is_other_clause_agent(doc, mention, tok) -> bool:
    """The mention is the active subject of a clause of its own ('..., while Russian jets continued
    their raids', '..., an accusation Ankara did not comment on'): it acts there, so it is no fallback
    target of the trigger."""
    root = _mention_root(doc, mention)
    if root is None or root.dep_ != "nsubj" or root.head.pos_ not in ("VERB", "AUX"):
        return False
    verb = root.head
    return verb.dep_ in ("advcl", "conj", "relcl") and verb.i != tok.i and not (
        verb.left_edge.i <= tok.i <= verb.right_edge.i)


def _is_clause_subject(doc, mention, tok) -> bool:
    """The mention is (in) the subject of the verb that governs the trigger."""
    root = _mention_root(doc, mention)
    if root is None:
        return False
    verb = tok
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    return any(s.left_edge.i <= root.i <= s.right_edge.i for s in subjects)
