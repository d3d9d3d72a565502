"""Actor roles: who did it (perpetrator), to whom (target / victim), who says so (speaker).

Roles come from the dependency parse around the trigger; when the parse gives nothing,
simple fallbacks use the other actors of the sentence. Actor names come from the
knowledge base mentions (``sitrep.kb``); generic actors keep the word the source chose.
"""
from __future__ import annotations

from ..model import Actor
from .actor_phrases import MODIFIERS, _actor, _bare_actor, _phrase_mention
from .casualty_words import HARM_LEMMAS
from .doccache import sentence_of_token, text_of
from .roles_parts import (
    OBJECTS,
    PRONOUNS,
    QUANTITY_NOUNS,
    SUBJECTS,
    TARGET_PREPS,
    _antecedent,
    _complement_target,
    _conjoined_modifiers,
    _conjunct_mentions,
    _is_clause_subject,
    _is_other_clause_agent,
    _mention_at,
    _mention_root,
    _premodifier_mentions,
    _sentence_country,
    _verbal_target,
    _violent,
    accused_parties,
    across_border,
    blamed_without_act,
    is_money,
    launch_origins,
    names_violence,
)
from .where import dateline_end

PASSIVE_SUBJECTS = {"nsubjpass"}
PERPETRATOR_PREPS = {"by"}
CLAUSAL = {"xcomp", "advcl", "conj", "acl", "relcl", "pcomp", "advmod"}
SPEAKER_SECTORS = {"media"}
ARMED_SECTORS = {"military", "police", "rebels", "militia", "terrorist_group"}
DOCUMENT_NOUNS = {"declaration", "statement", "letter", "communique", "resolution", "report", "note", "message",
                  "appeal", "decree", "order"}
AGENTIVE_PASSIVES = {"engage", "involve", "commit", "committed"}  # 'forces were engaged in ethnic cleansing': the subject acts
TRANSFER = {"provide", "give", "donate", "deliver", "send", "grant", "supply", "offer", "sell", "hand", "ship",
            "extend", "pledge", "airlift", "aid", "assistance", "asylum", "support", "share", "complain"}
REMOVAL = {"withdraw", "pull", "expel", "evacuate", "deport", "ship", "retreat", "withdrawal", "evacuation"}
OWN = {"its", "their", "his", "her", "our"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
ESCAPING = {"flee", "escape", "survive", "witness", "endure", "fear", "avoid", "evade"}  # not the agents
SUFFERING = {"die", "perish", "succumb", "drown", "suffer", "sustain", "lose"}  # their subject undergoes the event
BLAMING = {"blame", "attribute", "claim"}
CONTROLLING_PREPS = {"by", "after", "before", "while", "without"}   # 'by striking': the main subject strikes
SAYING = {"say", "tell", "add", "report", "state", "note", "announce", "write", "quote"}
OUTCOME_NOUNS = {"death", "deaths", "killing", "injury", "injuries", "loss", "losses", "toll", "casualty",
                 "casualties", "martyrdom", "wounding", "number"}


def _verb_of(tok):
    """The verb that carries a noun trigger: 'launched strikes', 'were killed in the air strikes'."""
    if tok.dep_ in OBJECTS and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent") and tok.head.head.pos_ in ("VERB", "AUX"):
        return tok.head.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in QUANTITY_NOUNS | {
            "day", "week"} and tok.head.head.i != tok.i:
        return _verb_of(tok.head.head)  # 'launched ten days of war games'
    return None


def _reduced_passive(participle) -> bool:
    """'fighters, killed when a drone struck, were buried': a past participle after its noun, in a
    sentence with a verb of its own (in headlines the small parser often reads the main verb so:
    'a newspaper called on Arabs', 'a rights group protested')."""
    root = sentence_of_token(participle).root
    return (participle.tag_ == "VBN" and root.pos_ in ("VERB", "AUX")
            and participle.head.dep_ not in ("ROOT", "appos", "npadvmod"))


def _subject_of(verb):
    """The active subject of a verb, climbing through xcomp/advcl/conj when it has none."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
                voice = "active" if child.dep_ in SUBJECTS else "passive"
                if verb.dep_ == "relcl" and child.lower_ in RELATIVE_PRONOUNS:
                    child = verb.head  # 'units that came under fire', 'militants who attacked'
                return child, voice
        if verb.dep_ == "pcomp" and verb.head.lower_ in CONTROLLING_PREPS and verb.head.head.pos_ in ("VERB", "AUX") \
                and any(c.dep_ == "nsubj" for c in verb.head.head.children):
            verb = verb.head.head   # 'Turkey retaliated by striking 40 targets': Turkey strikes
            continue
        if verb.dep_ in CLAUSAL and verb.head.i != verb.i:
            if verb.dep_ == "acl" and verb.head.lemma_.lower() in DOCUMENT_NOUNS and verb.head.dep_ in OBJECTS:
                verb = verb.head.head  # 'issued a statement demanding': the issuer speaks
                continue
            if verb.dep_ == "acl":   # 'militants attacking the base'; 'fighters killed when …' undergo it
                if verb.head.lemma_.lower() in OUTCOME_NOUNS:
                    return None, None   # 'the death of 13 soldiers in shelling' (parsed as an acl): no agent
                return verb.head, "passive" if _reduced_passive(verb) else "active"
            verb = verb.head
        else:
            break
    return None, None


def _sets_fire(verb) -> bool:
    """'set fire to the offices': what is set on fire is the target."""
    return verb.lemma_.lower() == "set" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in verb.children)


def _undergoes(verb) -> bool:
    """'came under fire', 'came under attack': an active verb whose subject is the target."""
    return verb.lemma_.lower() == "come" and any(
        c.dep_ == "prep" and c.lower_ == "under" and any(g.lemma_.lower() in UNDERGOING for g in c.children)
        for c in verb.children)


UNDERGOING = {"fire", "attack", "shelling", "bombardment"}


def _undergone_from(prep):
    """The nouns after 'from' in 'came under fire from X' or 'came from X under fire'."""
    froms = [prep] if prep.lower_ == "from" else [
        c for g in prep.children for c in g.children if c.dep_ == "prep" and c.lower_ == "from"]
    return [g for f in froms for g in f.children if g.dep_ == "pobj"]


def _enclosing_actor(local, tok):
    """A state or armed actor whose mention contains the trigger: 'Turkish shelling', 'Russian jets'."""
    mention = _mention_at(local, tok)
    if mention is not None and mention.entry.country and mention.entry.sector in ARMED_SECTORS:
        return mention
    return None


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
    dateline = dateline_end(text_of(doc))   # 'IDLIB, Syria —': where the report comes from, not an actor

    def add(role, mention):
        if mention is not None and all(mention is not m for _, m in found) and not is_money(doc, mention) \
                and mention.start >= dateline and not (role == "perpetrator" and mention.entry.kind == "place"):
            found.append((role, mention))   # a town does not act ('the strike on a hospital in Ariha killed')

    agent_role = "speaker" if verbal else "perpetrator"

    def add_agent(pool, part):
        """The agent named by ``part`` and the actors conjoined inside it ('Russian and Syrian jets');
        never a word of the dateline ('IDLIB, Syria — Army units …' parsed with 'IDLIB' as subject)."""
        if part.idx < dateline:
            return
        mention = _phrase_mention(pool, part)
        if mention is not None and _says_where(doc, mention, part):
            return        # 'air strikes in Syria killed nine': Syria is where, not who
        if mention is None:
            bare.append(part)
        add(agent_role, mention)
        for extra in _conjoined_modifiers(pool, part):
            add(agent_role, extra)

    enclosing = None if verbal else _enclosing_actor(local, tok)
    if enclosing is not None:
        add(agent_role, enclosing)
        text = text_of(doc)
        for other in local:     # 'a Russian-Syrian air strike', 'Russian and Syrian jets': both states
            if other is not enclosing and other.entry.country and other.end <= enclosing.start and \
                    text[other.end:enclosing.start].strip() in ("-", "–", "and", "/"):
                add(agent_role, other)
        root = _mention_root(doc, enclosing)
        if root is not None and root.dep_ in SUBJECTS and root.head.pos_ in ("VERB", "AUX"):
            tok = root.head  # 'Russian jets hit the convoy': read the objects of 'hit'
    lemma = tok.lemma_.lower()
    target_preps = TARGET_PREPS | ({"to"} if lemma in TRANSFER or _sets_fire(tok) else set()) | (
        {"from"} if lemma in REMOVAL else set())
    verb_preps = target_preps | {"with"}  # 'closed its borders with Iran and Turkey', 'clashed with X'
    if tok.pos_ in ("VERB", "AUX"):
        subject, voice = _subject_of(tok)
        undergoes = _undergoes(tok)
        if undergoes:
            voice = "passive"       # 'Turkish units came under fire': the subject is the target
        if subject is not None and subject.pos_ == "PRON" and subject.lower_ in PRONOUNS and voice == "active":
            subject = _antecedent(subject) or subject  # 'Japan said it had halted aid'
        # the subject acts even when it is also a source ('Uzbekistan opened the bridge, reports say')
        local_or_all = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        if subject is None:
            for part in accused_parties(tok):   # 'accused the YPG of shelling the town'
                add_agent(local_or_all, part)
        if subject is not None:
            if voice == "active" or tok.lemma_.lower() in AGENTIVE_PASSIVES:
                for part in (subject, *subject.conjuncts):  # "Czechia and Albania agreed"
                    add_agent(local_or_all, part)
            else:
                role = "victim" if tok.lemma_.lower() in HARM_LEMMAS else "target"
                add(role, _phrase_mention(local, subject) or (_bare_actor(subject) if verbal else None))
        for child in tok.children:
            if child.dep_ in OBJECTS and any(c.dep_ == "poss" and c.lower_ in OWN for c in child.children):
                continue  # 'withdrew its troops': the agent's own forces
            if child.dep_ in OBJECTS:
                mention = _verbal_target(local, child) if verbal else _phrase_mention(local, child)
                add("target", mention)
                if mention is not None and verbal:
                    for extra in _conjunct_mentions(local, mention, doc):
                        add("target", extra)
                for extra in _conjoined_modifiers(local, child):
                    add("target", extra)
            elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in PERPETRATOR_PREPS):
                for g in child.children:
                    add(agent_role, _phrase_mention(local, g))
            elif child.dep_ == "prep" and child.lower_ in ("from", "under") and undergoes:
                for g in _undergone_from(child):
                    add(agent_role, _phrase_mention(local, g))   # 'came under attack from rebels'
            elif child.dep_ == "prep" and child.lower_ in verb_preps:
                for g in child.children:
                    for part in (g, *g.conjuncts):  # 'blows to the United States and Israel'
                        add("target", _phrase_mention(local, part))
        if verbal and not any(r == "target" for r, _ in found):
            own = {m.entry.country for r, m in found if r == agent_role and m.entry.country}
            for mention in _complement_target(local, tok, own):
                add("target", mention)
        if not any(r == "target" for r, _ in found):  # 'ordered the opposition newspaper to ...'
            for child in tok.children:
                if child.dep_ in OBJECTS and _phrase_mention(local, child) is None:
                    add("target", _bare_actor(child))
                    break
    else:
        head = tok
        while head.dep_ in ("amod", "compound") and head.head.i != head.i:
            head = head.head  # 'rocket fire against the camps': the phrase the trigger word heads
        accused = accused_parties(head)   # 'blamed the YPG for the car bomb', 'claimed responsibility for'
        for part in accused:                # (a claimant is also the sentence's source)
            add_agent([m for m in mentions if sent.start_char <= m.start < sent.end_char], part)
        for child in [*tok.children, *(head.children if head is not tok else ())]:
            if child.dep_ in MODIFIERS:
                mention = _mention_at(local, child)
                if mention is not None and not (mention.start <= tok.idx < mention.end):
                    add(agent_role, mention)
            elif child.dep_ in ("prep", "agent") and child.lower_ in PERPETRATOR_PREPS:
                for g in child.children:
                    add(agent_role, _phrase_mention(local, g))
            elif child.dep_ == "acl" and child.lemma_.lower() in BLAMING:
                for prep in (c for c in child.children if c.dep_ in ("prep", "agent") and c.lower_ in ("on", "to", "by")):
                    for g in prep.children:   # 'air strikes blamed on the Syrian regime'
                        add(agent_role, _phrase_mention(local, g))
            elif child.dep_ == "prep" and child.lower_ in target_preps | {"over", "for", "with", "between"}:
                for g in child.children:
                    for part in (g, *g.conjuncts):  # 'aid for Romania and Poland'
                        add("target", _verbal_target(local, part) if verbal else _phrase_mention(local, part))
        if not any(r == agent_role for r, _ in found):  # 'US drone attacks'
            before = [m for m in _premodifier_mentions(local, tok) if m.entry.country]
            if before:
                add(agent_role, before[0])
        anchor = tok
        while anchor.dep_ in ("amod", "compound") and anchor.head.i != anchor.i:
            anchor = anchor.head  # '"a massive offensive" southeast of ...' parsed as a modifier
        verb = _verb_of(anchor)
        if verb is not None and (verb.lemma_.lower() in SAYING | ESCAPING or accused):
            verb = None   # '..., officials said …, in the deadliest attack', 'families fleeing the fighting'
        if verb is not None and not any(r in ("target", "victim") for r, _ in found):
            for child in verb.children:  # 'launched rocket fire against the camps'
                if child.dep_ == "prep" and child.lower_ in TARGET_PREPS - {"of"}:
                    for g in child.children:
                        add("target", _phrase_mention(local, g))
                        for extra in _conjoined_modifiers(local, g):
                            add("target", extra)
        if verb is not None:
            subject, voice = _subject_of(verb)
            agentive = verb.lemma_.lower() in AGENTIVE_PASSIVES
            if subject is not None and verb.lemma_.lower() in SUFFERING:
                add("victim", _phrase_mention(local, subject))   # 'servicemen died in the shelling'
            elif subject is not None and (voice == "active" or agentive) and not any(r == agent_role for r, _ in found):
                add_agent(local, subject)
            elif subject is not None and voice == "passive":
                add("victim", _phrase_mention(local, subject))
    if not verbal and not any(r == agent_role for r, _ in found) and _violent(doc[trigger_i]):
        for part in blamed_without_act(sent):    # '..., the ministry said, blaming the YPG'
            add_agent(local, part)
    if not verbal and not any(r == agent_role for r, _ in found) and names_violence(doc[trigger_i]):
        for origin in launch_origins(sent):      # 'shells fired from Turkish positions hit the village'
            add(agent_role, _phrase_mention(local, origin))
    _fallbacks(doc, tok, local, found, agent_role, add)
    if not any(r == agent_role for r, _ in found):
        for part in bare:
            add(agent_role, _bare_actor(part))
    actors = [_actor(role, mention) for role, mention in found if mention.entry.sector not in SPEAKER_SECTORS
              or role == "speaker"]
    home = _sentence_country(local, sent) or _sentence_country(mentions, sent)
    agents = {a.country for a in actors if a.role == agent_role}
    sufferers = {a.country for a in actors if a.role in ("target", "victim")}
    violence = names_violence(doc[trigger_i]) or _undergoes(doc[trigger_i])
    for actor in actors:  # groups and unknown persons are coded with the country they act in
        if actor.country is None and home and actor.sector not in ("international", "media") and not (
                violence and (actor.role in ("target", "victim") and home in agents
                              or actor.role == agent_role and home in sufferers)):
            actor.country = home  # ... but the two sides of a state's violence are not the same state
    return actors


HOSTILE_WORDS = {"warn", "threaten", "accuse", "blame", "condemn", "denounce", "criticize", "criticise"}
JOURNEY_LEMMAS = {"depart", "leave", "travel", "head", "fly", "return", "arrive", "visit", "flee"}


def _journey(doc, mention) -> bool:
    """'..., Erdogan told reporters before departing for Ukraine': the place of a journey, not a target."""
    token = _mention_root(doc, mention)
    for _ in range(3):
        if token is None or token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token.lemma_.lower() in JOURNEY_LEMMAS
    return False


WHERE_PREPS = {"in", "near", "at", "around", "inside", "outside", "across", "throughout"}
PLACE_KINDS = {"place", "country", "capital"}


def _says_where(doc, mention, phrase) -> bool:
    """A place named inside a locative phrase of ``phrase`` ('air strikes in Syria'): where, not who."""
    if mention.entry.kind not in PLACE_KINDS:
        return False
    token = _mention_root(doc, mention)
    while token is not None and token.i != phrase.i and token.head.i != token.i:
        if token.dep_ == "prep" and token.lower_ in WHERE_PREPS:
            return True
        token = token.head
    return False


def _complement_subject(doc, mention, tok, agents) -> bool:
    """'Erdogan warned that Ankara will respond': the speaker's own state acting in the statement's
    clause is not its target."""
    root = _mention_root(doc, mention)
    return root is not None and root.dep_ in ("nsubj", "nsubjpass") and root.head.head.i == tok.i \
        and root.head.dep_ in ("ccomp", "xcomp") and any(a.entry.country == mention.entry.country for a in agents)


def _fallback_rank(doc, mention) -> tuple:
    """Prefer state actors, then mentions that are not subjects (objects are more often targets)."""
    root = _mention_root(doc, mention)
    subjectish = root is not None and root.dep_ in ("nsubj", "nsubjpass", "attr", "appos")
    return (mention.entry.country is None, mention.entry.kind == "place", subjectish)


def _fallbacks(doc, tok, local, found, agent_role, add) -> None:
    """Fill a missing perpetrator from a 'by X' anywhere in the sentence and a missing target
    from another armed or state actor of the sentence."""
    roles = {r for r, _ in found}
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    if agent_role not in roles and (agent_role == "perpetrator" or passive):  # '... was accused, by officials
        for t in sentence_of_token(tok):
            if t.head.dep_ in ("acl", "relcl") and t.head.i != tok.i:
                continue    # 'a building used by Turkish forces': the agent of another verb
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
            if any(a.entry.country and a.entry.country == m.entry.country for a in agents) and (
                    _violent(tok) or tok.lemma_.lower() in HOSTILE_WORDS
                    or m.entry.kind not in ("place", "country", "capital")):
                continue  # a domestic act ('lifted the curfew in Sudan') keeps its own country as target;
                # a state does not warn or accuse itself ('warned that those who test the country's resolve')
            if any(a.start == m.start for a in agents) or _is_clause_subject(doc, m, tok) \
                    or _is_other_clause_agent(doc, m, tok) or _complement_subject(doc, m, tok, agents):
                continue  # the one who acts is not its own target
            if m.entry.sector in (None, "media"):
                continue
            if m.entry.kind == "capital" and agent_role == "perpetrator":
                continue
            if across_border(doc, m) or _journey(doc, m):
                continue  # 'near the border with Turkey', 'before departing for Ukraine': not the target
            add("target", m)
            break

