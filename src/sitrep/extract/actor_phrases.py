"""Which actor a noun phrase names: a knowledge-base mention at its head or among its modifiers,
the owner of 'its fighters', or a named subject the knowledge base does not know."""
from __future__ import annotations

from dataclasses import dataclass, is_dataclass, replace

from ..model import Actor
from .roles_parts import (
    _inside_clause,
    _mention_at,
    _mentions_in,
    _placed_in,
    _premodifier_mentions,
    possessor,
)

NOT_ARGUMENTS = {"request", "behest", "invitation", "order", "orders", "support", "help", "backing", "time",
                 "moment", "instruction", "urging", "demand", "use"}
MODIFIERS = {"amod", "compound", "poss", "nmod"}
FORCE_WORDS = {"forces", "army", "troops", "jets", "aircraft", "warplanes", "planes", "artillery", "drones",
               "soldiers", "units", "navy", "fighters", "gunboats", "helicopters", "gunners"}


def _phrase_mention(mentions, tok):
    """The mention that best stands for the noun phrase headed by ``tok``."""
    if tok.lemma_.lower() in NOT_ARGUMENTS:
        return None
    direct = _mention_at(mentions, tok)
    if (direct is not None and direct.entry.country is None) or (direct is None and tok.lower_ in FORCE_WORDS):
        owned = _owned(mentions, tok)
        if owned is not None:
            return owned
    if direct is not None:
        if direct.entry.country is None and direct.entry.sector not in ("international", "media"):
            placed = _placed_in(mentions, tok)  # 'security forces in Guinea'
            if placed is not None:
                return PseudoMention(direct.start, direct.end, direct.text,
                                     replace(direct.entry, country=placed.entry.country)
                                     if is_dataclass(direct.entry) else PseudoEntry(
                                         direct.entry.name, placed.entry.country, direct.entry.sector,
                                         label=getattr(direct.entry, "label", None)))
        return direct
    # the head's own modifiers first ("the Syrian Army positions" -> Syrian Army)
    for child in tok.children:
        if child.dep_ in MODIFIERS or child.dep_ in ("prep", "appos"):
            inner = [m for m in _mentions_in(mentions, child) if not _inside_clause(tok, m)]
            if inner:   # not 'X, an accusation Ankara rejected': Ankara acts in a clause of its own
                with_country = [m for m in inner if m.entry.country]
                return (with_country or inner)[0]
    before = _premodifier_mentions(mentions, tok)  # 'Israeli army bulldozers', 'US Predator attacks'
    return before[0] if before else None


def _owned(mentions, tok):
    """'its fighters' (the SDF's), 'its helicopters' (Iraq's): a subject owned by the actor an
    'its'/'their' stands for; a state's forces are named with the state's code."""
    owner = possessor(mentions, tok)
    if owner is None:
        return None
    start = next(c.idx for c in tok.children if c.dep_ == "poss")
    entry = owner.entry
    if entry.country and (entry.kind in ("country", "capital", "place") or entry.sector in ("government", "military")):
        entry = PseudoEntry(f"{tok.text} ({entry.country})", entry.country,
                            "military" if tok.lower_ in FORCE_WORDS else None)
    return PseudoMention(start, tok.idx + len(tok), tok.doc.text[start:tok.idx + len(tok)], entry)


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
