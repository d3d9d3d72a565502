"""Status of a claim: asserted, denied, alleged, threatened, planned or historical.

Decided from the words that govern the trigger in the parse (negation, "denied that",
"threatened to", "plans to", "allegedly") and from the event's date against the report's
reference date (background from years ago is historical, not news).
"""
from __future__ import annotations

import datetime as dt

from .doccache import sentence_of_token

DENY = {"deny", "reject", "dismiss", "refute", "rebuff"}
THREATEN = {"threaten", "warn", "vow", "pledge"}
PLAN = {"plan", "intend", "prepare", "aim", "expect", "set", "schedule", "seek", "want", "propose", "consider"}
PLAN_OBJECT = {"plan", "prepare", "intend", "schedule", "propose", "plot"}  # 'were planning attacks'
ALLEGE = {"accuse", "allege", "claim", "suspect", "blame"}
STATEMENTS = {"say", "tell", "announce", "state", "add", "report", "confirm"}  # a statement of its own
HEDGES = {"allegedly", "reportedly", "purportedly", "supposedly", "apparently"}
CONDITIONAL_AUX = {"would", "could", "might", "may", "should"}
FUTURE_AUX = {"will", "'ll", "shall"}
HISTORICAL_CUES = ("back in", "at the time", "years ago", "in the past", "decades ago", "since then")
HISTORICAL_DAYS = 60


def governors(tok, depth: int = 4):
    """The chain of heads above a token (nearest first), within its sentence."""
    out = []
    while tok.head.i != tok.i and depth > 0:
        tok = tok.head
        out.append(tok)
        depth -= 1
    return out


def _clause_verb(tok):
    """The verb of the clause a (noun) trigger sits in."""
    node = tok
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return node


def is_historical_date(start: str | None, precision: str, reference: dt.date | None) -> bool:
    """A date well before the reporting period (a year earlier, or more than 60 days before)."""
    if not start or reference is None:
        return False
    try:
        day = dt.date.fromisoformat(start[:10])
    except ValueError:
        return False
    if precision == "year":
        return day.year < reference.year
    return (reference - day).days > HISTORICAL_DAYS


def _may_have_done(verb) -> bool:
    """'may have used', 'could have been killed': a modal of the perfect speaks of what perhaps happened."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & CONDITIONAL_AUX) and bool(aux & {"have", "'ve"}) and verb.tag_ == "VBN"


def status_of(doc, trigger_i: int, verbal_plover: str | None = None, date_start: str | None = None,
              date_precision: str = "unknown", reference: dt.date | None = None) -> tuple[str, str | None]:
    """(status, modality) for the event whose trigger is token ``trigger_i``.

    modality is None, 'negated', 'conditional' or 'future' and explains the status.
    """
    tok = doc[trigger_i]
    verb = _clause_verb(tok)
    sent_lower = sentence_of_token(tok).text.lower()
    if verbal_plover == "THREATEN":
        lemmas = {gov.lemma_.lower() for gov in [verb, *governors(verb)]}
        if lemmas & PLAN and not lemmas & THREATEN:
            return "planned", "future"      # 'the army plans to launch an offensive': a plan, no one warned
        return "threatened", None
    if is_historical_date(date_start, date_precision, reference) or (
            any(cue in sent_lower for cue in HISTORICAL_CUES) and date_precision in ("year", "month")):
        return "historical", None
    if _may_have_done(verb):
        return "alleged", None              # 'the militia may have used chemical weapons': a guess about the past
    negated = any(c.dep_ == "neg" for c in (tok, verb) for c in c.children)
    heads = governors(verb)
    said = next((n for n, gov in enumerate(heads) if gov.lemma_.lower() in STATEMENTS and (
        gov.dep_ == "conj" or (gov.dep_ == "advcl" and not any(c.dep_ == "mark" and c.lower_ not in ("while", "whereas")
                                                               for c in gov.children)))), None)
    if said is not None:
        heads = heads[:said + 1]    # 'X claimed A, while Y said it intercepted B', 'denied A, saying B': B stands
    if tok.i != verb.i and tok.dep_ == "dobj" and verb.lemma_.lower() in PLAN_OBJECT and verbal_plover is None:
        return "planned", "future"
    if any(gov.lemma_.lower() in DENY for gov in heads):
        return "denied", "negated"  # "rejected claims that a drone had killed civilians"
    for gov in heads:
        lemma = gov.lemma_.lower()
        if lemma in DENY:
            return "denied", "negated"
        if lemma in THREATEN and verbal_plover is None:
            return "threatened", "future"
        if lemma in PLAN and verbal_plover is None and gov.dep_ != "amod":
            return "planned", "future"
        if lemma in ALLEGE and verbal_plover is None:
            return "alleged", None
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if negated and verbal_plover is None:
        return "denied", "negated"
    if aux & FUTURE_AUX or any(c.lower_ == "going" for c in verb.children):
        return "planned", "future"
    if aux & CONDITIONAL_AUX:
        return "planned", "conditional"
    if any(t.lower_ in HEDGES for t in sentence_of_token(tok)):
        return "alleged", None
    return "asserted", None
