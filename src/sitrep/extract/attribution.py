"""Attribution: the chain of who says so for every sentence of a report.

``attribute(doc, outlet, kb)`` returns one :class:`Attribution` per ``doc.sents``. A chain
lists :class:`sitrep.model.Source` links innermost speaker first and the document's outlet
last ('"...," Zakharova stated, TASS reported.' in an RNA report -> [Zakharova, TASS, RNA]).

Rules, in order, for one sentence:

1. **Own cues.** Reporting constructions found in the parse (see ``attribution_cues``) are
   nested by scope; the chain follows the innermost cue outwards. Carriers ("told AFP",
   "in a statement carried by SANA", "X quoted Y") sit just outside their speaker.
2. **Quotations.** A sentence with no cue outside quotation marks that lies inside a
   quotation takes the chain of the cues outside the marks of another sentence of the same
   quotation (a quote spanning several sentences); its own in-quote cues stay innermost.
3. **Carry-over.** Otherwise it inherits the chain of the previous sentence when both are
   in the same paragraph, the previous chain names a source, the sentence does not open
   with a background marker ("Earlier", "Meanwhile", "Back in 2018", ...), and its main verb
   is a simple past (the narrative of the account goes on) or it is mostly quotation.
   Present, perfect and past-perfect sentences are the reporter's background.
4. **Outlet.** Otherwise the chain is only the document's outlet.

Pronoun speakers ("she added") and definite role nouns ("the spokeswoman said") resolve to
the most recent named person of compatible gender and take over the outer links of that
person's last chain (the outlet that carried her words); a person named again without an
outlet of their own does the same. "It"/"they" and bare "the ministry" resolve to the last
organisation speaker. Documents that are evidence rather than speech ("footage published by
the Defence Ministry shows") give a link of kind ``document`` named after the publisher.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from sitrep.extract.attribution_cues import DOC_NOUNS, Cue, find_cues
from sitrep.extract.attribution_sources import (
    ROLE_HEADS,
    default_kb,
    doc_ents,
    gender_of,
    lookup,
    resolve_phrase,
)
from sitrep.extract.quotes import QuoteIndex
from sitrep.model import Source

from .doccache import sentences
from .roles_parts import _antecedent

_BACKGROUND = re.compile(
    r"^\W*(?:earlier|meanwhile|separately|elsewhere|previously|back in|last (?:year|month|week)|"
    r"in (?:19|20)\d\d|since|in recent|over the past|in the past|the (?:incident|attack|move|strike|"
    r"development|escalation|clash)e?s? (?:comes?|came)|this (?:comes|came))\b", re.IGNORECASE)
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z0-9 .,'’/&]{1,40}?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*"
    r"(?:\((?P<o>[^)]{2,40})\)\s*)?|[^\n]{0,60}?\((?P<o2>[^)]{2,40})\)\s*)[-–—]{1,2}\s")
_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_ORG_PRONOUNS = {"it", "they"}


@dataclass
class Attribution:
    """Who says so for one sentence."""
    chain: list[Source]
    speaker: Source | None
    cue_spans: list[tuple[int, int]]
    inherited: bool
    start: int = 0                 # the sentence's character span
    end: int = 0
    quoted: bool = False           # the sentence lies (mostly) inside a quotation
    sources: list[Source] = field(default_factory=list)   # all sources named in the sentence
    # token regions with their own chains: statements beside each other, and the outlet's narration
    clauses: list[tuple[frozenset, list[Source]]] = field(default_factory=list)

    def chain_at(self, token_i: int) -> list[Source]:
        """The chain of the statement that holds token ``token_i``: in 'X claimed A, while Y said B'
        A is X's and B is Y's; the sentence's chain elsewhere."""
        holding = [(len(region), chain) for region, chain in self.clauses if token_i in region]
        return list(min(holding, key=lambda h: h[0])[1]) if holding else list(self.chain)


@dataclass
class _Person:
    source: Source
    gender: str | None
    outer: list[Source]            # links outside the person in their last chain (outlet excluded)


class _Context:
    """Document-level memory for pronoun and anaphora resolution."""

    def __init__(self):
        self.persons: list[_Person] = []
        self.orgs: list[Source] = []

    def person(self, gender: str | None) -> _Person | None:
        for person in reversed(self.persons):
            if gender is None or person.gender in (None, gender):
                return person
        return None

    def named(self, source: Source) -> Source:
        """Canonical form of a re-mentioned person ('Zakharova' after 'Maria Zakharova')."""
        words = source.name.lower().split()
        for person in reversed(self.persons):
            full = person.source.name
            known = full.lower().split()
            if words and (known == words or (len(words) < len(known)
                                             and words in (known[:len(words)], known[-len(words):]))):
                return Source(full, "person", source.affiliation or person.source.affiliation,
                              source.text, source.start, source.end)
        return source

    def remember_person(self, source: Source, gender: str | None, outer: list[Source]):
        for person in self.persons:
            if person.source.name == source.name:
                self.persons.remove(person)
                gender = gender or person.gender
                outer = outer or person.outer
                break
        self.persons.append(_Person(source, gender, outer))

    def remember_org(self, source: Source):
        self.orgs = [o for o in self.orgs if o.name != source.name] + [source]


def _same(a: Source, b: Source) -> bool:
    return a.name.lower() == b.name.lower()


def _resolve_speaker(doc, index: int, kb, ctx: _Context) -> tuple[Source, _Person | None]:
    """The Source for the speaker token at INDEX, with the person it resolved to (if any)."""
    tok = doc[index]
    low = tok.lower_
    text_span = (tok.idx, tok.idx + len(tok))
    if low in _PRONOUNS or (tok.lemma_.lower() in ROLE_HEADS and tok.tag_ == "NN"
                            and [c.lower_ for c in tok.lefts][:1] == ["the"]
                            and not any(c.pos_ == "PROPN" for c in tok.subtree)):
        gender = _PRONOUNS.get(low) or gender_of(doc[tok.left_edge.i:tok.i + 1])
        person = ctx.person(gender)
        if person is not None:
            src = person.source
            return Source(src.name, src.kind, src.affiliation, tok.text, *text_span), person
        if low in _PRONOUNS:
            return Source(tok.text, "unnamed", None, tok.text, *text_span), None
    if low in _ORG_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
        antecedent = _antecedent(tok)    # 'the army said it had killed 12, blaming them': the army
        if antecedent is not None:
            source = resolve_phrase(antecedent, kb)
            return Source(source.name, source.kind, source.affiliation, tok.text, *text_span), None
    if low in _ORG_PRONOUNS or (tok.lemma_.lower() in DOC_NOUNS and [c.lower_ for c in tok.lefts] == ["the"]):
        # 'it said', 'the statement added': the last organisation that spoke
        if not ctx.orgs:
            return Source(tok.text, "unnamed", None, tok.text, *text_span), None
        src = ctx.orgs[-1]
        return Source(src.name, src.kind, src.affiliation, tok.text, *text_span), None
    source = resolve_phrase(tok, kb)
    if source.kind == "organization" and source.affiliation is None and ctx.orgs and \
            any(c.lower_ == "the" for c in tok.lefts) and len(list(tok.lefts)) == 1:
        head = tok.lemma_.lower()   # bare 'the ministry' -> the last organisation with that head
        for org in reversed(ctx.orgs):
            if head in org.name.lower():
                return Source(org.name, org.kind, org.affiliation, source.text, source.start, source.end), None
    if source.kind == "organization" and source.affiliation is None:
        words = set(source.name.lower().split())   # 'the Reconciliation Center' after its full name
        for org in reversed(ctx.orgs):
            if org.affiliation and words and words <= set(org.name.lower().split()):
                return Source(org.name, org.kind, org.affiliation, source.text, source.start, source.end), None
    if source.kind == "person":
        source = ctx.named(source)
        for person in reversed(ctx.persons):
            if person.source.name == source.name:
                return source, person
    return source, None


def _carrier_source(doc, index: int, kb) -> Source | None:
    """A carrier is kept only when it names an outlet ('told AFP', not 'told reporters')."""
    tok = doc[index]
    source = resolve_phrase(tok, kb)
    if source.kind != "outlet" and tok.lemma_.lower() in ("correspondent", "reporter", "journalist", "crew"):
        for child in tok.children:        # "told SANA's correspondent"
            if child.dep_ in ("poss", "compound"):
                for name in (child.text, child.text.removesuffix("s"), child.text.removesuffix("'s")):
                    hit = lookup(name, kb)
                    if hit is not None and hit.kind == "outlet":
                        return Source(hit.name, "outlet", hit.affiliation, tok.text, tok.idx, tok.idx + len(tok))
    if source.kind == "outlet" or (source.kind == "organization" and index != doc[index].head.i
                                   and doc[index].head.lemma_ in ("by",)):
        return source
    return None


def _outside(a: Cue, b: Cue) -> bool:
    """Whether cue A scopes over cue B."""
    if a is not b and {a.kind, b.kind} == {"citing", "verb"} and (b.anchor in a.scope or a.anchor in b.scope):
        return a.kind == "verb"     # 'X said ..., citing Y' and 'Citing Y, X said ...': X passes on Y
    if a is b or b.anchor not in a.scope:
        return False
    if a.kind == "document":
        return False
    if a.anchor in b.scope and b.kind != "document":
        if {a.kind, b.kind} == {"according", "verb"}:
            return a.kind == "according"
        if {a.kind, b.kind} == {"citing", "verb"}:
            return a.kind == "verb"
        return a.anchor > b.anchor
    return True


def _narrated(sent, cues: list[Cue]) -> frozenset:
    """The clause of a sentence no source speaks: 'Russian jets bombed rebels on Thursday, and Ankara
    said two of its soldiers were killed' (the outlet tells the first clause itself). Empty unless
    the tokens outside every cue hold a verb of their own."""
    if any(c.kind != "verb" or c.tail for c in cues):
        return frozenset()      # 'according to X' and 'C, X said' speak for the whole sentence
    covered = set().union(*(c.scope | c.own for c in cues))
    outside = frozenset(t.i for t in sent if t.i not in covered)
    if any(sent.doc[i].pos_ == "VERB" and sent.doc[i].dep_ in ("ROOT", "conj") for i in outside):
        return outside
    return frozenset()


def _parallel(cues: list[Cue]) -> bool:
    """Two cues of which neither scopes over the other: 'X claimed ..., while Y said ...'."""
    return any(not _outside(a, b) and not _outside(b, a) and a.kind == b.kind == "verb"
               for i, a in enumerate(cues) for b in cues[i + 1:])


def _order(cues: list[Cue]) -> list[Cue]:
    """The innermost cue and the cues outside it, innermost first."""
    depth = {id(c): sum(_outside(o, c) for o in cues) for c in cues}
    inner = max(cues, key=lambda c: (depth[id(c)], c.kind == "document", -c.anchor))
    outers = [c for c in cues if _outside(c, inner)]
    outers.sort(key=lambda c: (-depth[id(c)], c.anchor))
    return [inner] + outers


def _dateline_tokens(doc) -> tuple[set[int], str | None]:
    match = _DATELINE.match(doc[:60].text)
    if not match or match.end() > 120:
        return set(), None
    return {t.i for t in doc if t.idx < match.end()}, match.group("o") or match.group("o2")


def _main_verb_past(sent) -> bool:
    root = sent.root
    if root.tag_ == "VBD":
        return not any(c.lemma_ == "have" and c.dep_ == "aux" for c in root.children)
    if root.tag_ == "VBN":
        aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
        return bool(aux) and all(a.tag_ == "VBD" and a.lemma_ == "be" for a in aux)
    return False


class _Builder:
    """Runs the rules of the module docstring over one document."""

    def __init__(self, doc, outlet: str | None, kb):
        self.doc, self.kb, self.ctx = doc, kb, _Context()
        self.text = doc.text          # Doc.text is rebuilt on every access
        self.quotes = QuoteIndex(self.text)
        self.skip, dateline_outlet = _dateline_tokens(doc)
        outlet = outlet or dateline_outlet
        self.outlet = self._outlet_source(outlet) if outlet else None
        self.newlines = [m.start() for m in re.finditer(r"\n\s*", self.text)]

    def _outlet_source(self, name: str) -> Source:
        hit = lookup(name, self.kb)
        if hit is not None and hit.kind == "outlet":
            return Source(hit.name, "outlet", hit.affiliation, name)
        return Source(name, "outlet", None, name)

    def paragraph(self, sent) -> int:
        first = next((t.idx for t in sent if t.is_alpha or t.like_num), sent.start_char)
        return bisect.bisect_right(self.newlines, first)

    def own_chain(self, sent, cues: list[Cue]) -> tuple[list[Source], Source | None, bool]:
        """Chain from the sentence's cues (no outlet), its speaker, and whether a carrier is explicit."""
        if not cues:
            return [], None, False
        chain: list[Source] = []
        speaker: Source | None = None
        explicit_outer = False
        ordered = _order(cues)
        resolved_person: _Person | None = None
        for n, cue in enumerate(ordered):
            source, person = _resolve_speaker(self.doc, cue.speaker, self.kb, self.ctx)
            if cue.kind == "document":
                source = Source(source.name, "document", source.affiliation, source.text, source.start, source.end)
            if cue.text_span:
                source.text = self.text[cue.text_span[0]:cue.text_span[1]]
                source.start, source.end = cue.text_span
            chain.append(source)
            if speaker is None and source.kind != "document":
                speaker = source
            if n == len(ordered) - 1:
                resolved_person = person
            for carrier in cue.carriers:
                link = _carrier_source(self.doc, carrier, self.kb)
                if link is not None:
                    chain.append(link)
                    explicit_outer = True
            if n > 0 and source.kind in ("outlet",):
                explicit_outer = True
        if not explicit_outer and chain and chain[-1].kind == "person":
            person = resolved_person or next((p for p in reversed(self.ctx.persons)
                                              if p.source.name == chain[-1].name), None)
            if person is not None:
                chain += [Source(**o.to_dict()) for o in person.outer]
        return _dedupe(chain), speaker, explicit_outer

    def remember(self, sent, chain: list[Source]):
        outer_for: dict[str, list[Source]] = {}
        for i, link in enumerate(chain):
            if link.kind == "person":
                outer_for[link.name] = [o for o in chain[i + 1:] if not (self.outlet and _same(o, self.outlet))]
        for ent in (e for e in doc_ents(self.doc) if sent.start <= e.start < sent.end):
            if ent.label_ == "PERSON" and not any(ent.start <= s <= ent.end for s in self.skip):
                hit = lookup(ent.text, self.kb)
                src = Source(hit.name, "person", hit.affiliation, ent.text, ent.start_char, ent.end_char) \
                    if hit and hit.kind == "person" else self.ctx.named(Source(ent.text, "person", None, ent.text))
                if src.name not in outer_for:
                    self.ctx.remember_person(src, gender_of(self.doc[max(sent.start, ent.start - 2):ent.end]), [])
        for link in chain:
            if link.kind == "person":
                span = self.doc.char_span(link.start, link.end, alignment_mode="expand") \
                    if link.start is not None else None
                self.ctx.remember_person(link, gender_of(span) if span is not None else None, outer_for[link.name])
            elif link.kind in ("organization", "outlet") and not (self.outlet and _same(link, self.outlet)):
                self.ctx.remember_org(link)

    def run(self) -> list[Attribution]:
        sents = sentences(self.doc)
        rows = []
        for sent in sents:
            cues, loose = find_cues(sent, self.skip)
            outside = [c for c in cues if self.quotes.region_at(self.doc[c.anchor].idx) is None]
            chain, speaker, _ = self.own_chain(sent, cues)
            outside_chain = self.own_chain(sent, outside)[0] if outside and len(outside) < len(cues) else (
                chain if outside else [])
            self.remember(sent, chain)
            spans = sorted({s for c in cues for s in c.spans} | set(loose))
            quoted = self.quotes.quoted_share(sent.start_char, sent.end_char, self.text) > 0.6
            clauses = []
            if len(cues) > 1 and _parallel(cues):
                for cue in cues:
                    own = self.own_chain(sent, [cue, *(o for o in cues if _outside(o, cue))])[0]
                    clauses.append((frozenset(cue.scope | cue.own), own))
            narrated = _narrated(sent, cues) if cues and not quoted else frozenset()
            if narrated:
                clauses = clauses or [(frozenset(t.i for t in sent) - narrated, chain)]
                clauses.append((narrated, []))
                if sent.root.i in narrated and all(self.doc[c.anchor].dep_ == "advcl" for c in cues):
                    chain, speaker = [], None   # 'Ankara recalled its envoy after Israel alleged ...': the
                    #                             sentence is the outlet's, the report only a clause of it
            rows.append({"sent": sent, "cues": cues, "chain": chain, "outside": outside_chain,
                         "speaker": speaker, "spans": spans, "quoted": quoted, "clauses": clauses})
        return [self._finish(rows, i) for i in range(len(rows))]

    def _finish(self, rows: list[dict], i: int) -> Attribution:
        row = rows[i]
        sent = row["sent"]
        chain, inherited = row["chain"], False
        if not row["outside"]:
            carried = self._quote_chain(rows, i)
            if carried is None and not chain:
                carried = self._continuation(rows, i)
            if carried:
                chain, inherited = _dedupe(chain + carried), True
                row["chain"] = chain       # later sentences may continue this account
        full = self._with_outlet(chain)
        speaker = row["speaker"] or (chain[0] if inherited and chain and chain[0].kind != "document" else None)
        clauses = [(region, self._with_outlet(own)) for region, own in row["clauses"]]
        return Attribution(full, speaker, row["spans"], inherited, sent.start_char, sent.end_char,
                           row["quoted"], sources=list(chain), clauses=clauses)

    def _with_outlet(self, chain: list[Source]) -> list[Source]:
        if self.outlet is not None and not any(_same(link, self.outlet) for link in chain):
            return [*chain, Source(**self.outlet.to_dict())]
        return list(chain)

    def _quote_chain(self, rows: list[dict], i: int) -> list[Source] | None:
        sent = rows[i]["sent"]
        regions = self.quotes.overlapping(sent.start_char, sent.end_char)
        if not rows[i]["quoted"]:      # scare quotes ('a “massive offensive”') do not carry a speaker
            regions = [r for r in regions if r[1] - r[0] > 0.5 * len(sent.text)]
        for region in regions:
            for j in sorted(range(len(rows)), key=lambda j: abs(j - i)):
                other = rows[j]["sent"]
                if j == i or other.start_char >= region[1] or other.end_char <= region[0]:
                    continue
                if rows[j]["outside"]:
                    return [Source(**s.to_dict()) for s in rows[j]["outside"]]
        return None

    def _quote_goes_on(self, prev, sent) -> bool:
        """A quotation left open at a paragraph end and re-opened at the start of the next one."""
        if _first_char(sent) not in ('"', "“", "«"):
            return False
        return any(r in self.quotes.open_ended for r in self.quotes.overlapping(prev.start_char, prev.end_char))

    def _continuation(self, rows: list[dict], i: int) -> list[Source] | None:
        if i == 0:
            return None
        sent, prev = rows[i]["sent"], rows[i - 1]
        if not prev["chain"]:
            return None
        if self.paragraph(sent) != self.paragraph(prev["sent"]) and not self._quote_goes_on(prev["sent"], sent):
            return None
        if _BACKGROUND.match(sent.text):
            return None
        if rows[i]["quoted"] or _main_verb_past(sent):
            return [Source(**s.to_dict()) for s in prev["chain"]]
        return None


def _first_char(sent) -> str:
    return sent.text.lstrip()[:1]


def _dedupe(chain: list[Source]) -> list[Source]:
    out: list[Source] = []
    for link in chain:
        if out and _same(out[-1], link):
            continue
        if any(_same(o, link) for o in out) and link.kind in ("outlet",):
            continue
        out.append(link)
    return out


def attribute(doc, outlet: str | None = None, kb=None) -> list[Attribution]:
    """One Attribution per sentence of DOC (a spaCy Doc), in order.

    OUTLET is the document's outlet (outermost link of every chain); when it is None an
    outlet named in a dateline such as 'MOSCOW, Feb 20 (TASS) -' is used. KB defaults to
    the shared knowledge base (or a small built-in table while that is unavailable).
    """
    if kb is None:
        kb = default_kb()
    return _Builder(doc, outlet, kb).run()
