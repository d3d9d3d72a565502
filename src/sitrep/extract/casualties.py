"""Casualty figures: killed / injured / missing / captured per victim group, as a source states them.

``find_casualties(span)`` reads one sentence (a spaCy ``Span``) or every sentence of a ``Doc``.
A figure is a number phrase (``numbers.QUANTITY_RE``; also "a/an/the/another" + a singular
person noun, and "no"/"no one"/"nobody" for zero) that

1. counts people: it is followed by a person noun ("two Turkish soldiers", "five others"),
   by an outcome noun ("12 deaths", "3 wounded"), or by nothing nominal ("killing 4 and");
   a number followed by any other noun counts something else (villages, tanks, km, days);
2. has an outcome, found in this order: a trigger right after the group, passive or
   intransitive ("were killed", "died", "lost their lives", "were taken prisoner") — a bare
   "killed" followed by an object is active voice and marks a perpetrator, not a victim;
   a trigger right before the number ("killing", "claimed the lives of", "the death toll
   rose to"); the outcome of a coordinated neighbour ("killing 3 soldiers and 2 civilians",
   "3 soldiers and 2 civilians were killed").

Subsets ("including 3 children", "3 of whom were women", "among the dead were 5 children")
are not counted again; a toll the sentence calls earlier/previous/initial is dropped; a
figure repeated in one sentence (a headline run into its lead) counts once. "N casualties"
means killed and injured together, which no single field can hold: it is not coded (reading it
as killed made no difference on FA-KES dev, where it is rare); "no casualties" codes
killed = injured = 0. Years, dates, ages
("a 12-year-old boy" counts one boy, not 12), percentages, money, times, unit numbers
("Brigade 93", "Su-24") and counts of things are never figures.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from sitrep.extract.numbers import QUANTITY_RE, Quantity, parse_quantity
from sitrep.model import Casualty

from .casualty_words import (  # noqa: F401 - default_resolve_group is part of this module's API
    COMBINED_POST,
    COMBINED_PRE,
    CONJ_RE,
    FRACTION,
    MONTHS,
    NOT_PERSON,
    OUTCOME_NOUNS,
    PERSON,
    PERSON_SUFFIXES,
    POST_RES,
    PRE_TRIGGERS,
    SINGULAR_RE,
    SUBSET_POST,
    SUBSET_PRE,
    SUPERSEDED_RE,
    SUPERSEDED_TOLL,
    TIME_WORDS,
    TRANSITIVE,
    UNIT_WORDS,
    YEAR_PREPS,
    ZERO_RE,
    default_resolve_group,
    sector_family,
)
from .doccache import sentences, text_of

ResolveGroup = Callable[[str], "tuple[str | None, str | None]"]

def _person_strength(tok) -> int:
    """2: a known person noun; 1: looks like one (suffix); 0: not a person."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    if low in PERSON or lemma in PERSON:
        return 2
    if tok.pos_ in ("NOUN", "PROPN") and low not in NOT_PERSON and low.endswith(PERSON_SUFFIXES):
        return 1
    return 0


class _Mention:
    """One figure candidate inside a sentence."""
    __slots__ = (
        "end",
        "group",
        "group_end",
        "head",
        "how",
        "outcome",
        "qty",
        "qty_text",
        "start",
        "subset",
        "trig_end",
        "trig_start",
    )

    def __init__(self, start, end, qty):
        self.start, self.end, self.qty = start, end, qty
        self.group, self.group_end, self.outcome, self.how = None, end, None, None
        self.trig_end, self.subset, self.head = end, False, None
        self.trig_start = start


def _tokens_from(sent, char: int) -> list:
    return [t for t in sent if t.idx >= char]


def _scan_group(sent, m: _Mention, singular: bool) -> bool:
    """Find the noun phrase after the number; False when the number counts non-persons."""
    toks = _tokens_from(sent, m.end)
    run = []
    for tok in toks[:9]:
        age = tok.like_num and tok.i + 1 < sent.end and sent.doc[tok.i + 1].text == "-"
        if tok.pos_ in ("ADJ", "PROPN", "NOUN") or tok.text in ("-", "–") or (age and singular) or (
                tok.tag_ in ("VBN", "VBG") and tok.lower_ not in OUTCOME_NOUNS and run == []
                and tok.i + 1 < sent.end and sent.doc[tok.i + 1].pos_ in ("NOUN", "PROPN")):
            if tok.lower_ in TIME_WORDS and tok.pos_ == "PROPN":
                break
            run.append(tok)
            if tok.lower_ in OUTCOME_NOUNS or _person_strength(tok) == 2:
                if not (tok.i + 1 < sent.end and sent.doc[tok.i + 1].pos_ == "NOUN"
                        and _person_strength(sent.doc[tok.i + 1])):
                    break
            continue
        break
    # "three of the soldiers", "one of them"
    if not run and toks and toks[0].lower_ == "of" and not singular:
        rest = [t for t in toks[1:6] if t.lower_ not in ("the", "these", "its", "their", "his",
                                                          "her", "our")]
        if rest and rest[0].lower_ in ("them", "whom", "those"):
            return True
        for i, tok in enumerate(rest):
            if _person_strength(tok):
                m.group, m.head = " ".join(t.text for t in rest[: i + 1]), tok
                m.group_end = tok.idx + len(tok)
                return True
            if tok.pos_ not in ("ADJ", "PROPN", "NOUN"):
                break
        return False
    nouns = [t for t in run if t.pos_ in ("NOUN", "PROPN") or t.lower_ in OUTCOME_NOUNS]
    if not nouns:  # "killing 4 and", "four more died"
        if run and all(t.pos_ == "ADJ" for t in run):
            m.group_end = run[-1].idx + len(run[-1])
        return not singular
    head = next((t for t in reversed(run) if t.lower_ in OUTCOME_NOUNS), None)
    if head is not None:  # "12 civilian deaths"
        if singular:
            return False
        m.outcome, m.how = OUTCOME_NOUNS[head.lower_], "noun"
        mods = run[: run.index(head)]
        m.group = " ".join(t.text for t in mods) or None
        m.group_end = m.trig_end = head.idx + len(head)
        return True
    head = next((t for t in reversed(run) if _person_strength(t)), None)
    if head is None or (singular and (_person_strength(head) < 2 or head.tag_ not in ("NN", "NNP"))):
        return False
    last = run[run.index(head)]
    if last.i + 1 < sent.end and sent.doc[last.i + 1].tag_ == "POS":
        return False  # "the commander's plan"
    last = _membership_of(sent, head, last)
    m.group, m.head = text_of(sent.doc)[run[0].idx: last.idx + len(last)], head
    m.group_end = last.idx + len(last)
    return True


_MEMBERSHIP = {"member", "members", "element", "elements", "ranks"}


def _membership_of(sent, head, last):
    """'13 members of the regime forces': the group is named by its 'of' phrase."""
    doc = sent.doc
    if head.lower_ not in _MEMBERSHIP or last.i + 1 >= sent.end or doc[last.i + 1].lower_ != "of":
        return last
    end = None
    for tok in doc[last.i + 2: min(sent.end, last.i + 8)]:
        if tok.pos_ == "DET" and end is None:
            continue
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
        end = tok
    return end or last


def _is_noise(sent, m: _Mention, text: str) -> bool:
    """Years, dates and unit numbers."""
    before = text[: m.start - sent.start_char].split()
    prev = before[-1].lower().strip(",") if before else ""
    after = text[m.end - sent.start_char:].split()
    nxt = after[0].lower().strip(",.") if after else ""
    if prev in UNIT_WORDS or prev in MONTHS or nxt in MONTHS:
        return True
    if FRACTION.search(text[max(0, m.start - sent.start_char - 20): m.start - sent.start_char]):
        return True  # "a quarter of a million"
    if SUPERSEDED_TOLL.search(text[max(0, m.start - sent.start_char - 60): m.start - sent.start_char]):
        return True  # "updating a previous toll of 112 dead"
    if re.fullmatch(r"(19|20)\d\d", m.qty_text) and (prev in YEAR_PREPS or m.group is None
                                                      or not m.head or _person_strength(m.head) < 2):
        return True
    return False


def _find_outcome(sent, m: _Mention, text: str) -> None:
    """Direct outcome: a trigger after the group, else one before the number."""
    if m.outcome:
        return
    after = text[m.group_end - sent.start_char:]
    for outcome, rx in POST_RES:
        hit = rx.match(after)
        if not hit:
            continue
        trig_end = m.group_end + hit.end("trig")
        if COMBINED_POST.match(text[trig_end - sent.start_char:]):
            return  # "19 killed and injured": one figure for both
        if not hit.group("aux").strip() and TRANSITIVE.match(hit.group("trig")):
            nxt = _tokens_from(sent, trig_end)[:1]
            if nxt and (nxt[0].pos_ in ("NUM", "DET", "PRON", "PROPN", "NOUN", "ADJ")
                        and nxt[0].lower_ not in TIME_WORDS):
                break  # active voice: the group is the perpetrator
        if outcome == "neutralized" and (m.head is None or _person_strength(m.head) < 2):
            continue  # 'five tanks were neutralised' is materiel
        if outcome == "captured" and re.match(r"prisoner|hostage|captive", hit.group("trig"), re.IGNORECASE) \
                and hit.group("aux").strip() and not re.search(r"taken|held", hit.group(0)):
            continue
        m.outcome, m.how, m.trig_end = outcome, "post", trig_end
        return
    before = text[max(0, m.start - sent.start_char - 200): m.start - sent.start_char]
    offset = m.start - len(before)
    for outcome, rx in PRE_TRIGGERS:
        hit = rx.search(before)
        if hit and COMBINED_PRE.search(before):
            return  # "killed and wounded 30 people"
        if hit:
            if outcome in ("captured", "neutralized", "eliminated") and (
                    m.head is None or _person_strength(m.head) < 2):
                return
            outcome = "killed" if outcome == "eliminated" else outcome
            m.outcome, m.how, m.trig_start = outcome, "pre", offset + hit.start()
            if hit.group(0).lower().startswith("among"):
                m.outcome = None  # "among the dead were 5 children": part of a total given elsewhere
                return
            if SUPERSEDED_RE.search(before[max(0, hit.start() - 40): hit.end()]):
                m.outcome = None  # "updating an earlier toll of 15"
            return


def _mentions(sent, text: str) -> list[_Mention]:
    found: list[_Mention] = []
    taken: set[int] = set()
    for rx, kind in ((QUANTITY_RE, "num"), (ZERO_RE, "zero"), (SINGULAR_RE, "one")):
        for hit in rx.finditer(text):
            start, end = sent.start_char + hit.start(), sent.start_char + hit.end()
            if any(i in taken for i in range(start, end)):
                continue
            if kind == "num":
                qty = parse_quantity(hit.group(0))
                if qty is None:
                    continue
            else:
                qty = Quantity(0 if kind == "zero" else 1, None, "exact")
            m = _Mention(start, end, qty)
            m.qty_text = hit.group(0)  # type: ignore[attr-defined]
            if not _scan_group(sent, m, singular=kind == "one"):
                continue
            if kind == "zero" and m.group is None and m.outcome is None and \
                    not hit.group(0).lower().startswith(("no one", "nobody", "none")):
                continue
            if kind == "num" and _is_noise(sent, m, text):
                continue
            found.append(m)
            taken.update(range(start, end))
    found.sort(key=lambda x: x.start)
    return found


def _link(mentions: list[_Mention], sent, text: str) -> None:
    """Outcomes, coordination inheritance and subsets."""
    for m in mentions:
        _find_outcome(sent, m, text)
        before = text[: m.start - sent.start_char]
        m.subset = m.subset or bool(SUBSET_PRE.search(before) or SUBSET_POST.match(
            text[m.end - sent.start_char:]))
    for prev, m in zip(mentions, mentions[1:]):  # "six civilians from one family were killed"
        if prev.how == "post" and prev.start < m.start < prev.trig_end:
            m.subset = True
    for _ in range(2):  # right-to-left then left-to-right inheritance
        for left, right in zip(mentions, mentions[1:]):
            between = text[left.group_end - sent.start_char: right.start - sent.start_char]
            if not CONJ_RE.match(between):
                continue
            right.subset = right.subset or left.subset  # "among them 4 women and 4 children"
            if left.outcome is None and right.outcome and right.how in ("post", "inherit"):
                left.outcome, left.how = right.outcome, "inherit"
            if right.outcome is None and left.outcome and left.how in ("pre", "inherit"):
                right.outcome, right.how = left.outcome, "inherit"


_GENERIC = {None, "people", "persons", "individuals"}


def _dedupe_key(m: _Mention, resolve: ResolveGroup) -> tuple:
    label = (m.group or "").lower() or None
    sector = resolve(m.group)[1] if m.group else None
    sector = sector_family(sector)
    head = m.head.lemma_.lower() if m.head is not None else label
    return m.qty.low, m.outcome, label in _GENERIC, sector, head


def _same_figure(a: tuple, b: tuple) -> bool:
    """Same count and outcome, and groups that can be the same people."""
    if a[:2] != b[:2] or a[0] == 0:
        return False
    return a[2] or b[2] or a[3] == b[3] or a[4] == b[4]


_ANTECEDENT_RE = re.compile(
    r"\b(?:after|following|(?:in\s+)?response\s+to|retaliation\s+for|revenge\s+for|avenge|avenging)\s+"
    r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w'-]+\s+){0,4}?"
    r"(?:attacks?|strikes?|killings?|deaths?|shelling|bombings?|ambush|massacres?|raids?)\b[^.;]{0,40}$",
    re.IGNORECASE)


def _about_an_earlier_event(sent, m: _Mention, text: str) -> bool:
    """'launched an operation after the attack that killed 33 soldiers': the figure is the toll of the
    event that caused this one, told as its reason."""
    return bool(_ANTECEDENT_RE.search(text[max(0, m.start - sent.start_char - 120): m.start - sent.start_char]))


CONDITIONS = {"if", "unless", "should"}


def _conditional(sent, m: _Mention) -> bool:
    """'... will strike if another soldier is hurt': a figure inside a condition happened to nobody."""
    span = sent.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(6):
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in token.children):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


_FIELD = {"neutralized": "killed_high", "casualties": "killed"}


def _sentence_casualties(sent, resolve: ResolveGroup) -> list[Casualty]:
    text = sent.text
    mentions = _mentions(sent, text)
    if not mentions:
        return []
    _link(mentions, sent, text)
    mentions = [m for m in mentions if not _about_an_earlier_event(sent, m, text) and not _conditional(sent, m)]
    out: list[Casualty] = []
    counted = False
    seen: list[tuple] = []
    for m in mentions:
        if m.outcome == "casualties" and m.qty.low:
            continue  # killed + injured together: neither field can hold it
        if m.outcome is None:
            continue
        if m.subset and counted:
            continue
        counted = True
        key = _dedupe_key(m, resolve)
        if m.how != "inherit" and any(_same_figure(key, other) for other in seen):
            continue  # a headline run into its lead repeats the figure
        if m.how != "inherit":
            seen.append(key)
        label = m.group
        target = None
        if label and label.lower() == "others" or label is None:
            target = out[-1] if out and getattr(out[-1], _FIELD.get(m.outcome, m.outcome)) is None else None
            label = label or "people"
        elif out and out[-1].group.lower() == label.lower() and \
                getattr(out[-1], _FIELD.get(m.outcome, m.outcome)) is None:
            target = out[-1]
        start, end = min(m.start, m.trig_start), max(m.group_end, m.trig_end)
        if target is None:
            country, sector = resolve(label) if m.group else (None, None)
            target = Casualty(group=label, country=country, sector=sector,
                              qualifier=m.qty.qualifier, text=text_of(sent.doc)[start:end],
                              start=start, end=end)
            out.append(target)
        else:
            target.start, target.end = min(target.start, start), max(target.end, end)
            target.text = text_of(sent.doc)[target.start:target.end]
            if target.qualifier == "exact":
                target.qualifier = m.qty.qualifier
        if m.outcome == "casualties":  # "no casualties"
            target.killed, target.injured = 0, 0
            continue
        if m.outcome == "neutralized":  # killed, wounded or captured: at most that many dead
            target.killed_high, target.qualifier = m.qty.high or m.qty.low, "at_most"
            continue
        setattr(target, m.outcome, m.qty.low)
        if m.qty.high is not None and m.outcome in ("killed", "injured"):
            setattr(target, f"{m.outcome}_high", m.qty.high)
    return out


def find_casualties(span, resolve_group: ResolveGroup | None = None) -> list[Casualty]:
    """Casualty figures in a sentence (spaCy ``Span``) or in every sentence of a ``Doc``."""
    resolve = resolve_group or default_resolve_group
    sents = sentences(span) if isinstance(span, Doc) else [span]
    out: list[Casualty] = []
    for sent in sents:
        out.extend(_sentence_casualties(sent, resolve))
    return out
