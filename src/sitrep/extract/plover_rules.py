"""Sentence-level rules for PLOVER's verbal events, applied to the trigger mentions of one sentence.

* statements of intent: a hostile act announced for the future is a threat, a cooperative one a
  promise (PLOVER THREATEN / AGREE, as CAMEO's "express intent to ..." codes);
* the act a threat names ("threatened to shell") is coded as the threat; the content of a demand, a
  promise or a refusal ("demanded a truce", "refused to lift the curfew") is not an event of its own:
  it folds into the verbal event, which takes its arguments;
* "X said Y must ..." is a demand of X on Y;
* triggers inside an "if"/"unless" clause name a condition, not an event.
"""
from __future__ import annotations

from .status import governors
from .triggers import Trigger

HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "THREATEN"}
COOPERATIVE = {"CONSULT", "AID", "SUPPORT", "COOPERATE", "CONCEDE", "RETREAT", "AGREE"}
FUTURE_AUX = {"will", "would", "shall", "'ll", "may", "might", "could"}
SAID_INTENT = {"offer", "promise", "pledge", "vow", "threaten", "warn", "commit", "committed", "willing"}
PLAN_INTENT = {"ready", "prepared", "prepare", "intend", "plan"}
STATEMENT = {"say", "announce", "declare", "tell", "state", "warn", "threaten", "confirm", "insist", "indicate",
             "signal", "vow", "pledge", "promise", "offer", "report", "add", "write", "reply"}
CONTENT_HOLDERS = {"THREATEN", "REQUEST"}
REFUSALS = {"refuse", "decline"}
MODALS = {"must", "should", "ought"}
CONDITION_MARKS = {"if", "unless"}
PLOVER_DEFAULT = None  # filled lazily from classify.PLOVER_OF_TYPE


def _default_plover(event_type: str) -> str | None:
    global PLOVER_DEFAULT
    if PLOVER_DEFAULT is None:
        from .classify import PLOVER_OF_TYPE
        PLOVER_DEFAULT = {t: e for t, (e, _) in PLOVER_OF_TYPE.items()}
    return PLOVER_DEFAULT.get(event_type)


def in_condition(tok) -> bool:
    """The token sits in an 'if'/'unless' clause: 'unless Baghdad accepts', 'if it is attacked'."""
    for node in [tok, *governors(tok, 6)]:
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children):
            return True
    return False


def modifier_only(tok) -> bool:
    """'its long-threatened invasion', 'the promised aid': a verbal word used as an adjective."""
    return tok.head.pos_ in ("NOUN", "PROPN") and (tok.dep_ == "amod" or (
        tok.dep_ == "compound" and tok.tag_ in ("VBN", "VBD", "VBG")))


def _clause_verb(tok):
    node = tok
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX", "ADJ") and node.dep_ not in ("amod", "compound"):
            return node
        if node.head.i == node.i:
            break
        node = node.head
    return node


def _intent(tok) -> tuple[bool, bool, bool, bool]:
    """(future or intended, said by someone, negated, conditioned by 'unless'/'if') for the clause of ``tok``."""
    verb = _clause_verb(tok)
    chain = [verb]
    node = verb
    while node.dep_ in ("xcomp", "acomp", "ccomp", "conj", "advcl", "pcomp", "pobj", "prep") and node.head.i != node.i:
        node = node.head
        chain.append(node)
        if len(chain) > 6:
            break
    lemmas = [n.lemma_.lower() for n in chain] + [n.lower_ for n in chain]
    aux = {c.lower_ for n in chain[:3] for c in n.children if c.dep_ in ("aux", "auxpass")}
    perfect = chain[0].tag_ == "VBN" and bool(aux & {"have", "'ve"})   # 'may have used': a guess, no intent
    future = (bool(aux & FUTURE_AUX) and not perfect) or any(n.lower_ == "going" for n in chain[1:3])
    governing = lemmas[1:len(chain)] + lemmas[len(chain) + 1:]
    said_intent = any(w in SAID_INTENT for w in governing)
    planned = any(w in PLAN_INTENT for w in governing)
    said = any(t.lemma_.lower() in STATEMENT and t.pos_ == "VERB" for t in tok.sent)
    negated = any(c.dep_ == "neg" for n in chain[:2] for c in n.children)
    conditioned = any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS
                                                for m in c.children) for n in chain[:2] for c in n.children)
    return future or said_intent or (planned and said), said or said_intent or future, negated, conditioned


def intentions(doc, found: list) -> list:
    """A future hostile act that someone announces is a threat; a future cooperative act a promise."""
    for m in found:
        plover = m.plover or _default_plover(m.type)
        if plover is None or plover in ("THREATEN", "REQUEST", "REJECT", "ACCUSE"):
            continue
        if m.verbal and plover == "AGREE":
            continue
        intended, said, negated, conditioned = _intent(doc[m.token_i])
        if not (intended and said):
            if plover == "ASSAULT" and _prepares(doc[m.token_i]):
                m.plover, m.mode = "MOBILIZE", "troops"  # 'the army prepared to resume shelling'
            continue
        if plover in HOSTILE or (conditioned and plover in ("RETREAT",)):
            m.plover, m.mode, m.verbal = "THREATEN", (plover.lower() if plover != "PROTEST" else m.mode), True
        elif plover in COOPERATIVE and negated:
            m.plover, m.mode, m.verbal = "REJECT", None, True  # 'would not meet their demands'
        elif plover in COOPERATIVE:
            m.plover, m.mode, m.verbal = "AGREE", None, True
    return found


def _prepares(tok) -> bool:
    return any(n.lemma_.lower() in ("prepare", "poise", "ready", "gear") for n in governors(_clause_verb(tok), 3))


def _holds(holder_tok, tok) -> bool:
    """``tok`` is the object or complement of the verbal trigger ``holder_tok``, or of a verb in its
    complement ('demanded a truce', 'urged X to halt the offensive'); an event named inside another
    noun phrase ('an inquiry into the attack') or a side clause is not the content."""
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            return False
        if node.dep_ in ("relcl", "advcl", "parataxis", "acl") and node.head.i != holder_tok.i:
            return False
        node = node.head
        if node.i == holder_tok.i:
            return True
        if node.pos_ in ("NOUN", "PROPN"):
            return False
    return False


def fold_contents(doc, found: list) -> list:
    """The act named inside a verbal event. A threatened act stays an event of its own, threatened
    ('threatened to shell Iraqi towns'); the content of a demand, a promise or a refusal ('demanded a
    truce', 'agreed to US mediation', 'refused to lift the curfew'), and an offer or demand named as
    the object of another verbal event ('rejected an offer', 'accepted the demands'), join that event."""
    holders = [m for m in found if m.verbal and (m.plover in CONTENT_HOLDERS | {"AGREE"}
                                                 or doc[m.token_i].lemma_.lower() in REFUSALS)]
    if not holders:
        return found
    kept = []
    for m in found:
        tok = doc[m.token_i]
        host = next((h for h in holders if h is not m and _holds(doc[h.token_i], tok)), None)
        if host is None and tok.pos_ == "NOUN" and m.verbal:
            host = next((h for h in found if h is not m and h.verbal and tok.dep_ in ("dobj", "pobj")
                         and doc[h.token_i].i in (tok.head.i, tok.head.head.i)), None)
        if host is None or m.plover == host.plover:
            kept.append(m)
            continue
        if host.plover == "THREATEN" and m.plover not in CONTENT_HOLDERS:
            m.plover, m.verbal = "THREATEN", True
            kept.append(m)
            continue
        if m.plover in CONTENT_HOLDERS and host.plover not in CONTENT_HOLDERS and not tok.pos_ == "NOUN":
            kept.append(m)
            continue
        host.other_tokens += [m.token_i, *m.other_tokens]
    return kept


def demands_by_modal(sent, index: int, found: list, probs: dict, sent_lower: str) -> list:
    """'X said that Y must drop its barriers': a demand of X on Y."""
    from .events import EventMention, _trigger_score
    if any(m.plover == "REQUEST" for m in found):
        return []
    for tok in sent:
        if not any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children):
            continue
        head = tok.head
        if tok.dep_ == "ccomp" and head.lemma_.lower() in STATEMENT | {"insist", "stress", "argue"} \
                and any(c.dep_ in ("nsubj",) for c in head.children):
            entry = Trigger(types=("DIPLO",), plover="REQUEST", verbal=True)
            score = _trigger_score(entry, "DIPLO", probs, sent_lower)
            if score < 0.2:
                return []
            return [EventMention(sent_index=index, token_i=head.i, start=head.idx, end=head.idx + len(head.text),
                                 trigger=head.text, type="DIPLO", score=score, plover="REQUEST", verbal=True)]
    return []
