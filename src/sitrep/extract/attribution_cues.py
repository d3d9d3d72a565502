"""Reporting constructions in one sentence, from the spaCy dependency parse.

A :class:`Cue` is one "who says so" expression: a reporting verb with its speaker ("X said",
"it was reported by X", "X quoted Y as saying"), "according to X", "citing X", or a document
published by someone ("footage published by X shows"). Each cue has a *scope* (the tokens it
takes as content) used to nest cues: cue A is outside cue B when B's anchor lies in A's scope.

* prefix cue ("X said that C", "X reported C"): scope = its complements to the right;
* tail cue ('"C," X said', "C, X said, Y reported", bare parentheticals): scope = the whole
  sentence except its own words; of two tails containing each other the later is outside;
* "according to X" is outside any verb cue it overlaps, "citing X" inside; a document is
  always innermost.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.extract.attribution_sources import sentence_of

REPORT_VERBS = {
    "say", "state", "add", "note", "report", "announce", "claim", "tell", "write", "tweet",
    "confirm", "deny", "accuse", "warn", "stress", "explain", "insist", "allege", "declare",
    "assert", "reiterate", "emphasize", "emphasise", "underline", "argue", "acknowledge",
    "admit", "blame", "quote", "disclose", "reveal", "comment", "remark", "reply", "inform",
    "post", "recount", "affirm", "maintain", "charge", "estimate", "continue",
}
# Verbs that are reporting only with a clausal complement, a quotation or as a parenthetical.
NEEDS_CLAUSE = {"add", "note", "state", "write", "stress", "explain", "insist", "argue", "post",
                "emphasize", "emphasise", "underline", "reiterate", "comment", "remark", "reply",
                "tell", "inform", "maintain", "charge", "continue", "recount", "affirm", "assert"}
DOC_NOUNS = {"footage", "video", "image", "photo", "picture", "imagery", "report", "statement",
             "document", "data", "figure", "recording", "clip", "map", "photograph", "communique",
             "communiqué", "readout", "release", "bulletin", "post", "tally", "toll"}
PUBLISH_VERBS = {"publish", "release", "issue", "post", "share", "provide", "broadcast", "air",
                 "distribute", "circulate", "carry", "run", "put", "compile", "make", "quote", "cite"}
SPEECH_NOUNS = {"statement", "interview", "remark", "comment", "post", "message", "briefing",
                "address", "speech", "report", "communique", "communiqué", "conference", "tweet",
                "video", "letter", "readout", "release", "bulletin", "note"}
FIRST_PERSON = {"i", "we", "me", "us", "you"}
# Nouns that cannot speak: a parse that makes them the subject of 'said' is wrong.
NON_SPEAKERS = {"attack", "raid", "strike", "airstrike", "bombing", "shelling", "clash", "fighting",
                "pause", "toll", "offensive", "explosion", "blast", "violence", "war", "conflict",
                "operation", "incident", "battle", "fire", "shell", "rocket", "missile",
                "bomb", "casualty", "death", "life", "area", "city", "town", "village", "time", "day",
                "week", "month", "year", "number"}
_BAD_ENTS = {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
# Heads whose subject a subject-less '..., adding / accusing / saying' inherits.
_SUBJECT_HOSTS = {"issue", "release", "publish", "hold", "speak", "give", "send"}
_CONTENT_DEPS = {"ccomp", "dobj", "xcomp", "attr", "oprd"}
_ALLOWED_DEPS = {"ROOT", "ccomp", "parataxis", "conj", "advcl", "xcomp", "dep"}


@dataclass
class Cue:
    """One reporting expression in a sentence (token indices are document indices)."""
    kind: str                       # verb | according | citing | document
    anchor: int                     # the reporting verb / 'according' / 'citing' / the document noun
    speaker: int | None             # head token of the speaker phrase (None: publisher given in source_of)
    spans: list[tuple[int, int]]    # character spans of the reporting words
    scope: set[int] = field(default_factory=set)
    own: set[int] = field(default_factory=set)
    carriers: list[int] = field(default_factory=list)   # tokens of outlets carrying the words (outer)
    tail: bool = False
    text_span: tuple[int, int] | None = None            # char span for Source.text


def _span(tok) -> tuple[int, int]:
    return (tok.idx, tok.idx + len(tok))


def _subtree_ids(tok) -> set[int]:
    return {t.i for t in tok.subtree}


def _publisher(noun):
    """The publisher of a document noun: 'X's statement', 'a statement by X', 'a Pentagon statement'."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
        if child.dep_ == "acl" and child.lemma_ in PUBLISH_VERBS:
            for agent in child.children:
                if agent.dep_ == "agent":
                    objs = [g for g in agent.children if g.dep_ == "pobj"]
                    if objs:
                        return objs[0]
    compounds = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return compounds[-1] if compounds else None


def _subject(verb, skip: set[int]):
    """The speaker token of a reporting verb and whether the clause is passive."""
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.i not in skip]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive:
        for agent in verb.children:
            if agent.dep_ == "agent":
                objs = [g for g in agent.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0], True
        return None, True
    if subs:
        return max(subs, key=lambda s: s.i if s.i < verb.i else -s.i), False
    return None, False


def _carriers(verb) -> list[int]:
    """Outlets that carried the words: 'told AFP', 'in a statement carried by SANA', 'quoted by TASS'."""
    out = []
    for child in verb.children:
        if child.dep_ in ("dative", "dobj") and verb.lemma_ in ("tell", "inform"):
            out.append(child.i)
        elif child.dep_ == "prep" and child.lower_ in ("in", "on", "to", "during"):
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                if pobj.lemma_.lower() in SPEECH_NOUNS:
                    carrier = _carrier_of_speech(pobj)
                    if carrier is not None:
                        out.append(carrier.i)
                elif child.lower_ in ("on", "to"):
                    out.append(pobj.i)     # 'on state television', 'to Reuters'; filtered later
        elif child.dep_ in ("advcl", "acl", "conj") and child.lemma_ in ("quote", "cite") and child.tag_ == "VBN":
            for agent in (g for g in child.children if g.dep_ == "agent"):
                out += [g.i for g in agent.children if g.dep_ == "pobj"]
    return out


def _carrier_of_speech(noun):
    for child in noun.children:
        if child.dep_ == "acl" and child.lemma_ in PUBLISH_VERBS | {"air", "broadcast"}:
            for agent in (g for g in child.children if g.dep_ in ("agent", "prep") and g.lower_ in ("by", "on")):
                objs = [g for g in agent.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
        if child.dep_ == "prep" and child.lower_ in ("with", "to", "on"):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _on_main_path(verb) -> bool:
    """Whether VERB reports the sentence: no relative or temporal/causal clause above it."""
    tok = verb
    while True:
        if tok.dep_ not in _ALLOWED_DEPS:
            return False
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ not in ("as", "while", "whereas")
                                       for c in tok.children) and not (
                tok is verb and any(c.dep_ == "nsubj" for c in tok.children)):
            return False            # a report inside 'because/after ...' clauses; its own 'after X said' reports
        if tok.head.i == tok.i:
            return True
        tok = tok.head


def _verb_cue(verb, sent, skip: set[int]) -> Cue | None:
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB", "AUX") or not _on_main_path(verb):
        return None
    children = [c for c in verb.children if not _bare_report(c)]
    clause = [c for c in children if c.dep_ in ("ccomp", "parataxis") and c.i not in skip]
    content = [c for c in children if c.dep_ in _CONTENT_DEPS | {"parataxis"}]
    if lemma in ("tell", "inform"):
        if any(c.dep_ == "xcomp" or (c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
               for c in children):
            return None      # 'told residents to leave' is an order, not a report
        content = [c for c in content if c.dep_ != "dobj"]
    if lemma in ("accuse", "warn", "blame", "charge"):
        content += [c for c in children if c.dep_ == "prep" and c.lower_ in ("of", "about", "against", "for", "that")]
    if lemma == "quote":
        return _quote_cue(verb, skip)
    if lemma == "continue" and not clause:
        return None
    if lemma == "claim" and any(c.dep_ == "dobj" and c.lemma_ in ("life", "live") for c in children):
        return None          # 'claiming two lives'
    speaker, passive = _subject(verb, skip)
    host = verb.head
    if speaker is None and verb.dep_ == "conj" and host.lemma_.lower() not in REPORT_VERBS \
            and host.dep_ in ("ccomp", "xcomp") and host.head.lemma_.lower() in REPORT_VERBS:
        # 'Turkey said several servicemen had died and announced that it had retaliated': the parser hangs
        # 'announced' on 'died'; Turkey, who said both, announced it
        speaker = _subject(host.head, skip)[0]
    if speaker is None and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i and (
            verb.dep_ == "conj" or verb.head.lemma_.lower() in REPORT_VERBS | _SUBJECT_HOSTS
            or verb.tag_ == "VBG"):
        # '..., saying / telling CNN / adding', '... and said': the subject of the host clause speaks
        speaker = _subject(verb.head, skip)[0] or next(
            (c for c in verb.head.children if c.dep_ == "nsubjpass" and c.i not in skip), None)
    if speaker is None and not passive:
        speaker = _inverted_subject(verb)
    if (speaker is not None and not _can_speak(speaker)) or (speaker is None and not passive):
        speaker = _noun_before(verb)      # missing comma: '... the bus was hit the civil defence said'
    if speaker is not None and speaker.lemma_.lower() in DOC_NOUNS:
        speaker = _publisher(speaker) or speaker      # 'a statement by the ministry said'
    if speaker is None or speaker.lower_ in FIRST_PERSON or (
            speaker.tag_ in ("WDT", "WP", "EX") and not speaker.is_upper):
        return None
    if speaker.lower_ == "it" and passive is False and lemma in ("say", "report") and not clause:
        return None
    right_content = [c for c in content if c.i > verb.i]
    left_content = [c for c in clause if c.i < verb.i]
    bare = not content
    is_tail = bool(left_content) or (bare and verb.dep_ in ("parataxis", "ccomp", "ROOT", "dep", "conj"))
    if lemma in NEEDS_CLAUSE and not (clause or is_tail or _quote_next(verb)):
        return None
    cue = Cue("verb", verb.i, speaker.i, [_span(verb)], tail=is_tail and not right_content)
    cue.own = _subtree_ids(speaker) | {verb.i} | {c.i for c in children if c.dep_ in
                                                 ("aux", "auxpass", "neg", "advmod", "prep", "agent", "dative",
                                                  "npadvmod", "punct", "prt")}
    for c in children:
        if c.dep_ in ("prep", "agent", "dative", "npadvmod"):
            cue.own |= _subtree_ids(c)
        if c.dep_ == "dobj" and lemma in ("tell", "inform"):
            cue.own |= _subtree_ids(c)
    if cue.tail:
        cue.scope = {t.i for t in sent} - cue.own
    else:
        for c in right_content:
            cue.scope |= _subtree_ids(c)
    cue.carriers = _carriers(verb)
    start = min(speaker.left_edge.idx, verb.idx)
    end = max(verb.idx + len(verb), speaker.right_edge.idx + len(speaker.right_edge))
    cue.text_span = (start, end) if abs(verb.i - speaker.i) <= 12 else None
    return cue


def _inverted_subject(verb):
    """'..., said Liberal MP Jane Doe.' / '..., reported the State Highway Patrol.'"""
    start, end = sentence_of(verb)
    prev = verb.doc[verb.i - 1] if verb.i > start else None
    if prev is None or prev.text not in (",", '"', "”", "''"):
        return None
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "nsubj", "npadvmod") and child.pos_ in ("NOUN", "PROPN", "VERB"):
            after = verb.doc[child.right_edge.i + 1] if child.right_edge.i + 1 < end else None
            if after is None or after.is_punct or after.is_space:
                return child
    return None


# Abstract nouns cannot speak ('the involvement of X is a violation, stressing that ...' parsed with
# 'involvement' as the subject of 'stressing'), except those that name a body of people.
_ABSTRACT = ("ment", "tion", "sion", "ance", "ence", "ity", "ness", "ism")
_SPEAKING_ABSTRACTS = {"government", "department", "parliament", "movement", "administration", "organization",
                       "organisation", "commission", "foundation", "coalition", "opposition", "delegation",
                       "federation", "association", "corporation", "institution", "mission", "authority",
                       "municipality", "university", "charity", "community", "alliance", "intelligence",
                       "presidency", "agency", "embassy", "committee", "union", "nation", "station",
                       "convention", "conference", "legation", "directorate", "command", "leadership",
                       "defence", "defense", "resistance", "prosecution", "publication", "television",
                       "division", "constituency", "congregation", "gendarmerie", "faction", "formation",
                       "detachment", "regiment", "confederation", "minority", "majority", "fraternity",
                       "prefecture"}


def _can_speak(tok) -> bool:
    lemma = tok.lemma_.lower()
    if tok.ent_type_ in _BAD_ENTS or tok.like_num or lemma in NON_SPEAKERS:
        return False
    if lemma in ("nobody", "none", "noone") or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return False        # 'No group claimed responsibility': nobody speaks
    abstract = lemma.endswith(_ABSTRACT) and lemma not in _SPEAKING_ABSTRACTS | SPEECH_NOUNS | DOC_NOUNS | {
        "witness", "eyewitness"} and tok.ent_type_ not in (
        "ORG", "PERSON", "GPE", "NORP")
    return not abstract


def _noun_before(verb):
    """The noun right before a reporting verb ('... their bus was hit the civil defence said')."""
    prev = verb.doc[verb.i - 1] if verb.i > sentence_of(verb)[0] else None
    if prev is None or prev.pos_ not in ("NOUN", "PROPN"):
        return None
    # '..., the Russian Centre for Reconciliation of the Opposing Sides in Syria said': the phrase's head
    # speaks, not its last noun; climb through 'of'/'for'/'in' without crossing a comma
    head = prev
    while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.lower_ in ("of", "for", "in") \
            and head.head.head.i < head.i and head.head.head.pos_ in ("NOUN", "PROPN") \
            and not any(t.text == "," for t in verb.doc[head.head.head.i:head.i]):
        head = head.head.head
    if _can_speak(head):
        return head
    return prev if _can_speak(prev) else None


def _bare_report(tok) -> bool:
    """A parenthetical 'TASS reported' hanging off another verb: a cue of its own, not content."""
    if tok.lemma_.lower() not in REPORT_VERBS or tok.dep_ not in ("ccomp", "parataxis", "conj"):
        return False
    kids = list(tok.children)
    return any(k.dep_ == "nsubj" for k in kids) and not any(k.dep_ in _CONTENT_DEPS for k in kids)


def _quote_next(verb) -> bool:
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.text in (":", ",") and nxt.i + 1 < len(verb.doc):
        nxt = nxt.nbor(1)
    return nxt is not None and nxt.text in ('"', "“", "«")


def _quote_cue(verb, skip: set[int]) -> Cue | None:
    """'X quoted Y as saying ...' -> speaker Y carried by X; 'Y was quoted by X as saying'."""
    children = list(verb.children)
    quoted = next((c for c in children if c.dep_ in ("dobj", "nsubjpass")), None)
    quoter = next((c for c in children if c.dep_ == "nsubj" and c.i not in skip), None)
    if quoter is None:
        agent = next((c for c in children if c.dep_ == "agent"), None)
        quoter = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    if quoted is None or quoted.lower_ in FIRST_PERSON:
        return None
    cue = Cue("verb", verb.i, quoted.i, [_span(verb)])
    saying = [t for t in verb.subtree if t.lemma_ == "say" and t.i > verb.i]
    cue.spans += [_span(t) for t in saying[:1]]
    cue.own = _subtree_ids(quoted) | {verb.i} | ({t.i for t in quoter.subtree} if quoter is not None else set())
    for t in saying[:1]:
        cue.scope |= {d.i for d in t.subtree} - {t.i}
        cue.own.add(t.i)
    if not cue.scope:
        cue.scope = set(range(*sentence_of(verb))) - cue.own
        cue.tail = True
    cue.carriers = [quoter.i] if quoter is not None else []
    return cue


def _prep_cue(tok, sent) -> Cue | None:
    """'according to X' and 'citing X' (the source is X, or the publisher of a document X)."""
    if tok.lower_ == "according":
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        obj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
        kind, spans = "according", [(tok.idx, to.idx + len(to))] if to is not None else []
    elif tok.lemma_ == "cite" and tok.tag_ == "VBG":
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        kind, spans = "citing", [_span(tok)]
    else:
        return None
    if obj is None:
        return None
    source = obj
    if obj.lemma_.lower() in DOC_NOUNS:
        source = _publisher(obj) or obj
    cue = Cue(kind, tok.i, source.i, spans)
    cue.own = _subtree_ids(tok)
    before = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > sent.start else None
    after = tok.doc[tok.right_edge.i + 1] if tok.right_edge.i + 1 < sent.end else None
    sentence_level = (before is None or before.is_punct) and (after is None or after.is_punct)
    if sentence_level:
        cue.scope = {t.i for t in sent} - cue.own
        cue.tail = True
    else:
        cue.scope = _subtree_ids(tok.head) - cue.own
    cue.text_span = (tok.idx, tok.right_edge.idx + len(tok.right_edge))
    return cue


def _document_cue(noun, sent, cue_anchors: set[int]) -> Cue | None:
    """'Footage published by X shows ...': X is the source, kind document."""
    if noun.lemma_.lower() not in DOC_NOUNS or noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if noun.head.i in cue_anchors:
        return None          # 'a statement by X said': X is the speaker of that cue
    acl = next((c for c in noun.children if c.dep_ == "acl" and c.lemma_ in PUBLISH_VERBS), None)
    publisher = _publisher(noun) if acl is not None or any(
        c.dep_ == "prep" and c.lower_ in ("by", "from") for c in noun.children) else None
    if publisher is None:
        return None
    cue = Cue("document", noun.i, publisher.i, [])
    cue.own = _subtree_ids(noun)
    cue.scope = _subtree_ids(noun.head) - cue.own
    cue.text_span = (noun.left_edge.idx, noun.right_edge.idx + len(noun.right_edge))
    return cue


def find_cues(sent, skip: set[int] | None = None) -> tuple[list[Cue], list[tuple[int, int]]]:
    """The cues of SENT and the spans of speakerless reporting words ('were reported killed').

    SKIP holds token indices that are not sentence material (a dateline like 'RNA -').
    """
    skip = skip or set()
    cues: list[Cue] = []
    loose: list[tuple[int, int]] = []
    for tok in sent:
        if tok.i in skip:
            continue
        if tok.lemma_.lower() in REPORT_VERBS and tok.pos_ in ("VERB", "AUX"):
            cue = _verb_cue(tok, sent, skip)
            if cue is not None:
                cues.append(cue)
            elif tok.lemma_.lower() in ("report", "say", "claim", "allege", "confirm") and tok.dep_ not in ("amod",):
                loose.append(_span(tok))
        elif tok.lower_ in ("reportedly", "allegedly", "purportedly", "reputedly"):
            loose.append(_span(tok))
        elif tok.lower_ in ("according", "citing") or (tok.lemma_ == "cite" and tok.tag_ == "VBG"):
            cue = _prep_cue(tok, sent)
            if cue is not None:
                cues.append(cue)
    anchors = {c.anchor for c in cues}
    final = _final_tail(sent, anchors, skip)
    if final is not None:
        cues.append(final)
        anchors.add(final.anchor)
    for tok in sent:
        cue = _document_cue(tok, sent, anchors)
        if cue is not None:
            cues.append(cue)
    return _detach_coordinated(_merge_same_speaker(cues), sent), loose


def _detach_coordinated(cues: list[Cue], sent) -> list[Cue]:
    """'Activists said nine were killed, but SANA said the army hit only hideouts', '... hours after
    Hezbollah said it had hit a tank': the parser hangs the second report on the content of the first;
    a reporting verb with a subject of its own, coordinated or in an adverbial clause there, is a
    statement beside the first, not inside it."""
    for inner in cues:
        verb = sent.doc[inner.anchor]
        if inner.kind != "verb" or verb.dep_ not in ("conj", "advcl") or not any(
                c.dep_ == "nsubj" for c in verb.children):
            continue
        for outer in cues:
            if outer is not inner and inner.anchor in outer.scope and verb.head.i != outer.anchor:
                outer.scope -= _subtree_ids(verb)
    return cues


_TAIL_VERBS = {"say", "report", "add", "tell", "state", "confirm", "announce", "note", "claim"}


def _final_tail(sent, anchors: set[int], skip: set[int]) -> Cue | None:
    """A sentence-final 'NOUN said (on Sunday / in a statement).' the parser missed (no comma)."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    verb = next((t for t in reversed(words[-5:]) if t.lemma_.lower() in _TAIL_VERBS and t.pos_ == "VERB"), None)
    if verb is None or verb.i in anchors or verb.i - sent.start < 4:
        return None
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in verb.children):
        return None     # '..., while the coalition said it intercepted eight drones': not a bare tail
    if any(t.i > verb.i and not (t.is_punct or t.is_space) and not verb.is_ancestor(t) for t in sent):
        return None
    prev = verb.i - 1
    if sent.doc[prev].text == ")":            # 'the Observatory (SOHR) reported': the acronym speaks
        prev -= 1
        if sent.doc[prev - 1].text != "(":
            return None
    speaker = sent.doc[prev] if prev > sent.start else None
    if speaker is None or speaker.i in skip or speaker.pos_ not in ("NOUN", "PROPN") or not _can_speak(speaker):
        return None
    cue = Cue("verb", verb.i, speaker.i, [_span(verb)], tail=True)
    left = speaker.i
    while left - 1 > sent.start and sent.doc[left - 1].dep_ in ("compound", "amod", "det", "poss", "case") \
            and sent.doc[left - 1].head.i >= left - 1:
        left -= 1
    cue.own = set(range(left, verb.i + 1)) | {t.i for t in verb.subtree if t.i > verb.i}
    cue.scope = {t.i for t in sent} - cue.own
    cue.text_span = (sent.doc[left].idx, verb.idx + len(verb))
    return cue


def _merge_same_speaker(cues: list[Cue]) -> list[Cue]:
    """'X said ..., adding that ...': one cue with two reporting words."""
    merged: list[Cue] = []
    for cue in sorted(cues, key=lambda c: c.anchor):
        host = next((m for m in merged if m.kind == cue.kind == "verb" and m.speaker == cue.speaker), None)
        if host is None:
            merged.append(cue)
            continue
        host.spans += cue.spans
        host.own |= cue.own | {cue.anchor}
        host.scope = (host.scope | cue.scope) - host.own
        host.carriers += cue.carriers
    return merged
