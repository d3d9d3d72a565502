"""Actor roles: who did it (perpetrator), to whom (target / victim), who says so (speaker).

Roles come from the dependency parse around the trigger; when the parse gives nothing,
simple fallbacks use the other actors of the sentence. Actor names come from the
knowledge base mentions (``sitrep.kb``); generic actors keep the word the source chose.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Actor
from .doccache import sentence_of_token

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass"}
OBJECTS = {"dobj", "obj", "attr", "dative"}
TARGET_PREPS = {"at", "on", "against", "upon", "into", "toward", "towards", "of"}
PERPETRATOR_PREPS = {"by"}
MODIFIERS = {"amod", "compound", "poss", "nmod"}
CLAUSAL = {"xcomp", "advcl", "conj", "acl", "relcl", "pcomp", "advmod"}
SPEAKER_SECTORS = {"media"}
NOT_ARGUMENTS = {"request", "behest", "invitation", "order", "orders", "support", "help", "backing", "time",
                 "moment", "instruction", "urging", "demand", "use"}
ARMED_SECTORS = {"military", "police", "rebels", "militia", "terrorist_group"}
VICTIM_WORDS = {"kill", "injure", "wound", "die", "hurt", "maim"}


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


def _phrase_mention(mentions, tok):
    """The mention that best stands for the noun phrase headed by ``tok``."""
    if tok.lemma_.lower() in NOT_ARGUMENTS:
        return None
    direct = _mention_at(mentions, tok)
    if direct is not None:
        return direct
    # the head's own modifiers first ("the Syrian Army positions" -> Syrian Army)
    for child in tok.children:
        if child.dep_ in MODIFIERS or child.dep_ in ("prep",):
            inner = _mentions_in(mentions, child)
            if inner:
                with_country = [m for m in inner if m.entry.country]
                return (with_country or inner)[0]
    return None


def _verbal_target(mentions, tok):
    """What a statement is about: the first state actor anywhere in its object, else any actor."""
    inner = [m for m in _mentions_in(mentions, tok) if m.entry.kind not in ("outlet",)]
    with_country = [m for m in inner if m.entry.country]
    return (with_country or inner or [None])[0]


@dataclass
class PseudoEntry:
    """An actor the knowledge base does not hold: a place standing for its country, or a bare subject."""
    name: str
    country: str | None = None
    sector: str | None = None
    kind: str = "unknown"
    label: str | None = None


@dataclass
class PseudoMention:
    start: int
    end: int
    text: str
    entry: PseudoEntry


ACTOR_NOUNS = {"president", "minister", "leader", "leaders", "government", "officials", "official", "party",
               "activists", "protesters", "demonstrators", "police", "soldiers", "troops", "rebels", "army",
               "opposition", "spokesman", "spokeswoman", "chief", "commander", "prime", "king", "emir",
               "authorities", "militants", "parliament", "students", "workers", "coalition", "group"}


def _bare_actor(tok):
    """A named or titled subject the knowledge base does not know ('President Museveni'): kept with
    its words and no country, which the event's place may supply later."""
    if tok.pos_ == "PRON":
        return None
    words = {t.lower_ for t in tok.subtree}
    if tok.ent_type_ not in ("PERSON", "ORG", "NORP") and not words & ACTOR_NOUNS:
        return None
    left, right = tok.left_edge, tok.right_edge
    span = tok.doc[left.i:right.i + 1]
    if len(span) > 10:
        span = tok.doc[max(left.i, tok.i - 4):tok.i + 1]
    return PseudoMention(span.start_char, span.end_char, span.text, PseudoEntry(name=span.text))


def _actor(role: str, mention) -> Actor:
    entry = mention.entry
    return Actor(role=role, text=mention.text, name=entry.name, country=entry.country, sector=entry.sector,
                 label=entry.label, start=mention.start, end=mention.end)


def _verb_of(tok):
    """The verb that carries a noun trigger: 'launched strikes', 'were killed in the air strikes'."""
    if tok.dep_ in OBJECTS and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent") and tok.head.head.pos_ in ("VERB", "AUX"):
        return tok.head.head
    return None


def _subject_of(verb):
    """The active subject of a verb, climbing through xcomp/advcl/conj when it has none."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                return child, "active"
            if child.dep_ in PASSIVE_SUBJECTS:
                return child, "passive"
        if verb.dep_ in CLAUSAL and verb.head.i != verb.i:
            if verb.dep_ == "acl":
                return verb.head, "active"
            verb = verb.head
        else:
            break
    return None, None


def _enclosing_actor(local, tok):
    """A state or armed actor whose mention contains the trigger: 'Turkish shelling', 'Russian jets'."""
    mention = _mention_at(local, tok)
    if mention is not None and mention.entry.country and mention.entry.sector in ARMED_SECTORS:
        return mention
    return None


def _mention_root(doc, mention):
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root if span is not None else None


def assign_roles(doc, trigger_i: int, mentions, verbal: bool = False,
                 exclude: list[tuple[int, int]] | None = None) -> list[Actor]:
    """Actors of the event whose trigger is token ``trigger_i``; ``mentions`` are KB mentions of the doc.

    ``exclude`` holds the char spans of the sentence's sources (speakers are not targets).
    """
    tok = doc[trigger_i]
    sent = sentence_of_token(tok)
    spans = exclude or []
    local = [m for m in mentions if sent.start_char <= m.start < sent.end_char
             and not any(s <= m.start < e for s, e in spans)]
    found: list[tuple[str, object]] = []
    bare: list = []  # subjects the KB does not know: used only when nothing better names the agent

    def add(role, mention):
        if mention is not None and all(mention is not m for _, m in found):
            found.append((role, mention))

    agent_role = "speaker" if verbal else "perpetrator"
    enclosing = None if verbal else _enclosing_actor(local, tok)
    if enclosing is not None:
        add(agent_role, enclosing)
        root = _mention_root(doc, enclosing)
        if root is not None and root.dep_ in SUBJECTS and root.head.pos_ in ("VERB", "AUX"):
            tok = root.head  # 'Russian jets hit the convoy': read the objects of 'hit'
    if tok.pos_ in ("VERB", "AUX"):
        subject, voice = _subject_of(tok)
        if subject is not None:
            if voice == "active":
                for part in (subject, *subject.conjuncts):  # "Czechia and Albania agreed"
                    found_mention = _phrase_mention(local, part)
                    if found_mention is None:
                        bare.append(part)
                    add(agent_role, found_mention)
            else:
                add("victim" if tok.lemma_.lower() in VICTIM_WORDS else "target", _phrase_mention(local, subject))
        for child in tok.children:
            if child.dep_ in OBJECTS:
                add("target", _verbal_target(local, child) if verbal else _phrase_mention(local, child))
            elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in PERPETRATOR_PREPS):
                for g in child.children:
                    add(agent_role, _phrase_mention(local, g))
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                for g in child.children:
                    add("target", _phrase_mention(local, g))
    else:
        for child in tok.children:
            if child.dep_ in MODIFIERS:
                mention = _mention_at(local, child)
                if mention is not None and not (mention.start <= tok.idx < mention.end):
                    add(agent_role, mention)
            elif child.dep_ in ("prep", "agent") and child.lower_ in PERPETRATOR_PREPS:
                for g in child.children:
                    add(agent_role, _phrase_mention(local, g))
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS | {"over", "for"}:
                for g in child.children:
                    add("target", _verbal_target(local, g) if verbal else _phrase_mention(local, g))
        anchor = tok
        while anchor.dep_ in ("amod", "compound") and anchor.head.i != anchor.i:
            anchor = anchor.head  # '"a massive offensive" southeast of ...' parsed as a modifier
        verb = _verb_of(anchor)
        if verb is not None:
            subject, voice = _subject_of(verb)
            if subject is not None and voice == "active" and not any(r == agent_role for r, _ in found):
                add(agent_role, _phrase_mention(local, subject))
            elif subject is not None and voice == "passive":
                add("victim", _phrase_mention(local, subject))
    _fallbacks(doc, tok, local, found, agent_role, add)
    if not any(r == agent_role for r, _ in found):
        for part in bare:
            add(agent_role, _bare_actor(part))
    return [_actor(role, mention) for role, mention in found if mention.entry.sector not in SPEAKER_SECTORS
            or role == "speaker"]


def _fallback_rank(doc, mention) -> tuple:
    """Prefer state actors, then mentions that are not subjects (objects are more often targets)."""
    root = _mention_root(doc, mention)
    subjectish = root is not None and root.dep_ in ("nsubj", "nsubjpass", "attr", "appos")
    return (mention.entry.country is None, mention.entry.kind == "place", subjectish)


def _fallbacks(doc, tok, local, found, agent_role, add) -> None:
    """Fill a missing perpetrator from a 'by X' anywhere in the sentence and a missing target
    from another armed or state actor of the sentence."""
    roles = {r for r, _ in found}
    if agent_role not in roles and agent_role == "perpetrator":
        for t in sentence_of_token(tok):
            if t.dep_ == "agent" or (t.lower_ == "by" and t.dep_ == "prep"):
                for g in t.children:
                    m = _phrase_mention(local, g)
                    if m is not None and m.entry.kind not in ("outlet",):
                        add(agent_role, m)
                        break
            if agent_role in {r for r, _ in found}:
                break
    roles = {r for r, _ in found}
    if "target" not in roles and "victim" not in roles:
        used = {id(m) for _, m in found}
        agents = [m for r, m in found if r == agent_role]
        for m in sorted(local, key=lambda m: _fallback_rank(doc, m)):
            if id(m) in used or m.entry.kind in ("outlet", "person") or m.entry.sector in SPEAKER_SECTORS:
                continue
            if any(a.entry.country and a.entry.country == m.entry.country for a in agents):
                continue
            if m.entry.sector in (None, "media"):
                continue
            if m.entry.kind == "capital" and agent_role == "perpetrator":
                continue
            add("target", m)
            break
