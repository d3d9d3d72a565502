"""Find KB mentions in a spaCy Doc.

Three kinds of match, resolved longest-first at each token (a direct alias wins a tie):
direct aliases ("TASS", "Hayat Tahrir al-Sham"), composites "<qualifier>['s][-backed] [modifiers]
<head>" where the qualifier is a country, demonym, capital, ethnic group or leader and the head a
state noun or generic actor ("Turkish self-propelled howitzer battery", "Syrian rebels"), and
prefixes "<prefix> [the] <country>" ("the government of Syria").
"""
from __future__ import annotations

from dataclasses import replace

from .base import Entry, Mention, fold
from .index import KnowledgeBase, Pattern

MAX_GAP = 4
GAP_POS = {"ADJ", "NOUN", "PROPN", "NUM", "X", "SYM"}
BAD_SHORT_POS = {"AUX", "VERB", "PRON", "ADP", "DET", "CCONJ", "SCONJ", "PART", "ADV", "INTJ"}
POSSESSIVE = {"'s", "'"}
MILITARY_BRANCHES = {"armed", "army", "air", "navy", "border", "security"}
STOP = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "by", "for", "with",
    "from", "into", "onto", "over", "under", "than", "that", "which", "who", "whom", "whose", "this",
    "these", "those", "it", "its", "is", "are", "was", "were", "be", "been", "being", "has", "have",
    "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must", "said", "says", "say", "told", "tells", "as", "if", "not", "no", "so", "such", "very",
    "also", "just", "then", "there", "here", "when", "where", "while", "after", "before", "since",
    "until", "about", "against", "between", "during", "through", "near"
}
TITLES = {
    "president", "minister", "gen", "gen.", "general", "mr", "mr.", "mrs", "ms", "ms.", "dr", "dr.",
    "sheikh", "king", "prince", "emir", "ayatollah", "spokesman", "spokeswoman", "spokesperson",
    "commander", "leader", "chief", "marshal", "colonel", "col", "col.", "lt", "lt.", "major", "field",
    "secretary", "premier", "envoy", "ambassador", "senator", "sen.", "rep.", "adviser", "advisor",
    "mullah", "imam", "sayyed", "sayyid", "haji", "deputy", "foreign", "defence", "defense", "prime",
    "senior", "crown", "counterpart", "former", "late", "then", "acting", "interim", "supreme", "grand",
    "brigadier", "captain", "chancellor", "state", "queen", "sultan", "emperor", "vice", "governor", "speaker",
    "chairman", "chairwoman", "admiral", "sir", "lord", "lady", "pm"
}
PROVENANCE = {"made", "built", "manufactured", "supplied", "owned", "registered", "flagged", "designed",
              "produced", "born", "based", "educated", "style", "era", "speaking"}
DEMOTING = {"deputy", "vice", "former", "ex", "acting", "interim"}
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "abd", "abdel", "abdul", "de", "van", "von", "bint", "ould", "ag"}
CIVILIAN_SECTORS = {"civilians", "media"}


_FOLDED: dict[str, str] = {}


#: words before 'regime' that make it a set of rules, not a government
POLICY_REGIMES = {"sanctions", "sanction", "visa", "tax", "trade", "tariff", "inspection", "inspections", "export",
                  "control", "controls", "legal", "regulatory", "nonproliferation", "non-proliferation", "ceasefire",
                  "customs", "border", "quarantine", "security", "treaty", "verification"}


class Tok:
    """A doc token without the hyphens that join words; spaCy attributes are read lazily."""
    __slots__ = ("doc", "end", "hyph_before", "i", "key", "start", "text")

    def __init__(self, doc, i: int, text: str, key: str, start: int, hyph_before: bool):
        self.doc = doc
        self.i = i
        self.text = text
        self.key = key
        self.start = start
        self.end = start + len(text)
        self.hyph_before = hyph_before

    @property
    def pos(self) -> str:
        return self.doc[self.i].pos_

    @property
    def ent(self) -> str:
        return self.doc[self.i].ent_type_

    @property
    def ent_iob(self) -> str:
        return self.doc[self.i].ent_iob_

    @property
    def sent_start(self) -> bool:
        return self.i > 0 and bool(self.doc[self.i].is_sent_start)

    @property
    def is_punct(self) -> bool:
        return self.doc[self.i].is_punct


HYPHENS = {"-", "–", "‐", "‑"}


class Toks:
    """The doc's tokens minus word-joining hyphens: folded keys eagerly, Tok views on demand."""

    def __init__(self, doc):
        from spacy.attrs import IDX, ORTH, SPACY

        self.doc = doc
        arr = doc.to_array([ORTH, IDX, SPACY]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        self.keys: list[str] = []
        self._rows: list[tuple] = []
        hyph = False
        prev_ws = 1
        last = len(arr) - 1
        for i, (orth, idx, ws) in enumerate(arr):
            text = strings[orth]
            if text in HYPHENS and not prev_ws and not ws and 0 < i < last:
                hyph = True
                prev_ws = ws
                continue
            key = _FOLDED.get(text)
            if key is None:
                key = fold(text)
                if len(_FOLDED) < 500_000:
                    _FOLDED[text] = key
            self.keys.append(key)
            self._rows.append((i, text, idx, hyph))
            hyph = False
            prev_ws = ws
        self._views: list[Tok | None] = [None] * len(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, q: int) -> Tok:
        view = self._views[q]
        if view is None:
            i, text, idx, hyph = self._rows[q]
            view = self._views[q] = Tok(self.doc, i, text, self.keys[q], idx, hyph)
        return view


def _first_name_of(key: str, pat: Pattern) -> bool:
    """'recep' before 'Erdogan': the first word of that person's own name or alias."""
    return any(fold(alias.split()[0]) == key for e in pat.entries for alias in [e.name, *e.aliases] if alias)


def tokens_of(doc) -> Toks:
    return Toks(doc)


class Matcher:
    """Matching state for one document."""

    def __init__(self, kb: KnowledgeBase, toks: Toks):
        self.kb = kb
        self.toks = toks
        self.keys = toks.keys
        self.n = len(toks)

    # -- pattern tests ------------------------------------------------------------------------------
    def fits(self, pat: Pattern, p: int) -> bool:
        """Case requirements of a pattern whose keys already match at p."""
        for k, case in enumerate(pat.cases):
            if case is None:
                continue
            t = self.toks[p + k]
            if case == "upper" and not t.text.isupper():
                return False
            if case == "title" and not t.text[:1].isupper():
                return False
            if case[0] == "e" and t.text != case[6:]:
                return False
        return True

    def _all_caps_word(self, q: int) -> bool:
        if not 0 <= q < self.n:
            return False
        text = self.toks[q].text
        return len(text) >= 2 and text.isalpha() and text.isupper()

    def guards_ok(self, pat: Pattern, p: int) -> bool:
        """Context checks for short all-caps aliases ('IS', 'AA') and surname-only aliases."""
        t = self.toks[p]
        if pat.short_caps:
            if self._all_caps_word(p - 1) or self._all_caps_word(p + 1):
                return False
            if t.pos in BAD_SHORT_POS:
                prev_the = p > 0 and self.toks[p - 1].key == "the"
                if not prev_the and self.head_at(p + 1) is None:
                    return False
        if pat.keys[-1] == "regime" and p > 0 and self.toks[p - 1].key in POLICY_REGIMES:
            return False                                     # 'the sanctions regime' is a set of rules
        if pat.surname and p > 0:
            prev = self.toks[p - 1]
            if prev.key in NAME_PARTICLES:
                return False
            if (prev.text[:1].isupper() and prev.text.isalpha() and prev.key not in TITLES
                    and not self._names_alone(p - 1) and not _first_name_of(prev.key, pat)):
                return False                                 # "Stephen Powell" is not Colin Powell
        if pat.surname:
            nxt = p + len(pat.keys)                          # "Abe Oudshoorn": a first name, not Shinzo Abe
            if nxt < self.n and self.toks[nxt].ent == "PERSON" and self.toks[nxt].ent_iob == "I":
                return False
        return True

    def _names_alone(self, q: int) -> bool:
        """Token q is by itself a KB alias ('Russian', 'Syria'), not just the first word of a longer name."""
        node = self.kb.trie.root.get(self.keys[q])
        return node is not None and bool(node[1])

    def direct(self, p: int, trie=None) -> list[tuple[int, Pattern]]:
        """Patterns of a trie that match at token p (longest first)."""
        trie = trie or self.kb.trie
        out = []
        for pat in reversed(trie.walk(self.keys, p)):
            if self.fits(pat, p) and (trie is not self.kb.trie or self.guards_ok(pat, p)):
                out.append((p + len(pat.keys), pat))
        return out

    def head_at(self, p: int):
        """The longest state noun or generic actor at p: (end, 'noun'|'generic', Entry) or None."""
        if p >= self.n:
            return None
        best = None
        nouns = self.direct(p, self.kb.nouns)
        if nouns:
            best = (nouns[0][0], "noun", nouns[0][1].entry)
        for end, pat in self.direct(p, self.kb.trie):
            if pat.entry.kind == "generic" and (best is None or end > best[0]):
                best = (end, "generic", pat.entry)
                break
        return best

    def gap_ok(self, p: int) -> bool:
        t = self.toks[p]
        if t.is_punct or t.sent_start:
            return False
        if any(pat.entry.kind != "generic" for _, pat in self.direct(p)):
            return False
        if t.pos:
            return t.pos in GAP_POS or t.hyph_before
        return t.key not in STOP and any(c.isalnum() for c in t.key)

    # -- composites -----------------------------------------------------------------------------------
    def compose(self, qual: Entry, j: int, sponsor: bool = False):
        """Look right of a qualifier ending at j for a head noun: (end, Entry) or None."""
        k = j
        possessive = k < self.n and self.toks[k].key in POSSESSIVE
        if possessive:
            k += 1
        if not possessive and not sponsor and k < self.n and self.toks[k].hyph_before:
            if self.toks[k].key in PROVENANCE:      # "Russian-made rockets": not the actor
                return None
            if self.toks[k].key in self.kb.sponsor_words:
                sponsor, k = ("led" if self.toks[k].key == "led" else True), k + 1
        demoted = False                                    # "Turkish Deputy Prime Minister"
        for p in range(k, min(self.n, k + MAX_GAP + 1)):
            if self.toks[p].sent_start:
                return None
            if sponsor and qual.kind != "group":         # "US-backed SDF fighters": the group, with its backer
                group = self.sponsored_group(p, qual.country)
                if group is not None:
                    return group
            head = self.head_at(p)
            if head is not None:
                end, kind, entry = head
                if kind == "noun":
                    while end < self.n and self.toks[end].pos in ("NOUN", "PROPN", "") and (
                            nxt := self.direct(end, self.kb.nouns)):
                        end = nxt[0][0]
                if demoted and kind == "noun" and entry.branch in ("president", "prime_minister"):
                    entry = Entry(name="government", kind="noun", branch="government")
                built = self.composite(qual, kind, entry, sponsor)
                return (end, built) if built is not None else None
            demoted = demoted or self.keys[p] in DEMOTING
            if not self.gap_ok(p) or (possessive and self.toks[p].pos == "PROPN"):   # "Sudan's Unity State"
                return None
        return None

    def sponsored_group(self, p: int, backer: str | None):
        for end, pat in self.direct(p):
            group = next((e for e in pat.entries if e.kind == "group"), None)
            if group is not None:
                comp = self.compose(group, end)
                return (comp[0] if comp is not None else end), replace(group, backer=backer)
        return None

    def composite(self, qual: Entry, kind: str, head: Entry, sponsor: bool) -> Entry | None:
        if qual.kind == "group":        # "IS fighters", "Houthi rebels", "Hamas officials": the group itself
            if kind == "generic" and head.sector in CIVILIAN_SECTORS:
                return None
            if sponsor:                  # "al-Qaeda-linked militants": linked to, not the group
                if kind != "generic":
                    return None
                built = self.kb.qualified(head, None)
                built.links = [qual.name]
                return built
            return qual
        ethnic = qual.name if qual.kind == "ethnic" else None
        iso = None if ethnic else qual.country
        if kind == "noun":
            branch = head.branch
            if sponsor == "led" and iso:
                return self.kb.institution(iso, branch)
            if sponsor or ethnic:
                if branch in MILITARY_BRANCHES:
                    label, sector = "forces", "militia"
                elif branch == "police":
                    label, sector = "police", "police"
                else:
                    return None
                return Entry(name=label, kind="generic", label=label, sector=sector,
                             backer=iso if sponsor else None, ethnicity=ethnic)
            return self.kb.institution(iso, branch) if iso else None
        if qual.kind == "person":
            return None
        if sponsor == "led":                        # "Saudi-led coalition": led by, and part of, that state
            return self.kb.qualified(head, iso, backer=iso)
        if sponsor:
            return self.kb.qualified(head, None, backer=iso)
        return self.kb.qualified(head, iso, ethnicity=ethnic)

    def looks_like_name(self, p: int, end: int) -> bool:
        """A country/capital inside a person's name ('Jordan Henderson'), or followed by one."""
        if any(self.toks[q].ent == "PERSON" for q in range(p, end)):
            inside = self.toks[p].ent_iob == "I" or (
                end < self.n and self.toks[end].ent == "PERSON" and self.toks[end].ent_iob == "I")
            if inside:
                return True
        if end < self.n:
            nxt = self.toks[end]
            if (nxt.text[:1].isupper() and nxt.text.isalpha() and not nxt.sent_start
                    and nxt.key not in self.kb.trie and nxt.pos in ("PROPN", "")):
                return True
        return False

    def sponsor_token(self, p: int):
        """'U.S.-backed' kept as one token: (qualifier Entry, sponsor kind) or None."""
        text = self.toks[p].text
        if "-" not in text.strip("-"):
            return None
        pre, _, suf = text.rpartition("-")
        if fold(suf) not in self.kb.sponsor_words:
            return None
        for entry in self.kb.by_alias.get(fold(pre), []):
            if entry.kind in ("country", "demonym"):
                return entry, ("led" if fold(suf) == "led" else True)
        return None

    def prefix_at(self, p: int):
        for end, pat in self.direct(p, self.kb.prefixes):
            k = end + (1 if end < self.n and self.toks[end].key == "the" else 0)
            if k >= self.n:
                continue
            for cend, cpat in self.direct(k):
                country = next((e for e in cpat.entries if e.kind == "country"), None)
                if country is not None:
                    built = self.kb.institution(country.country, pat.entry.branch)
                    if built is not None:
                        return cend, built
        return None

    # -- resolution -----------------------------------------------------------------------------------
    def best_at(self, p: int):
        """The best (end, Entry) starting at token p, or None."""
        key = self.keys[p]
        if key not in self.kb.trie.root and key not in self.kb.prefixes.root and "-" not in key:
            return None
        options: list[tuple[int, int, Entry]] = []     # (end, rank, entry); rank 2 direct > 1 composite
        ethnic_use = p > 0 and self.toks[p - 1].key == "ethnic"
        pro_use = p > 0 and self.toks[p - 1].key == "pro"     # 'pro-Iranian militias': backed, not Iranian
        directs = self.direct(p)
        # a composite may not swallow a longer plain name ("Kyiv Independent reporter")
        longest_plain = max((end for end, pat in directs if pat.qualifier() is None), default=p)
        for end, pat in directs:
            qual, plain = pat.qualifier(), pat.entry
            if qual is not None and ethnic_use and qual.kind == "demonym":     # "ethnic Albanians"
                qual = plain = Entry(name=qual.name, kind="ethnic")
            comp = self.compose(qual, end, sponsor=pro_use) if qual is not None and end >= longest_plain else None
            if comp is not None:
                options.append((comp[0], 1, comp[1]))
            elif plain.kind in ("country", "capital") and self.looks_like_name(p, end):
                continue
            options.append((end, 2, plain))
        options = [o for o in options if o is not None]
        if not options:
            found = self.sponsor_token(p)
            if found is not None:
                comp = self.compose(found[0], p + 1, sponsor=found[1])
                if comp is not None:
                    options.append((comp[0], 1, comp[1]))
        pref = self.prefix_at(p)
        if pref is not None:
            options.append((pref[0], 0, pref[1]))
        if not options:
            return None
        end, _, entry = max(options, key=lambda o: (o[0], o[1]))
        return end, entry


def match_doc(kb: KnowledgeBase, doc) -> list[Mention]:
    """Non-overlapping mentions, scanning left to right and taking the longest match at each token."""
    toks = tokens_of(doc)
    matcher = Matcher(kb, toks)
    out: list[Mention] = []
    p = 0
    while p < matcher.n:
        found = matcher.best_at(p)
        if found is None:
            p += 1
            continue
        end, entry = found
        if entry.kind != "stop":
            start_char, end_char = toks[p].start, toks[end - 1].end
            first, last = toks[p].i, toks[end - 1].i
            span_text = doc[first:last + 1].text if last > first else toks[p].text
            out.append(Mention(start_char, end_char, span_text, entry, first, last + 1))
        p = end
    return out
