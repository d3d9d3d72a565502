"""The KnowledgeBase: token tries built once from the entries, and the lookup API."""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from . import loader
from .base import Entry, Mention, fold, iso2_to_iso3, iso3_to_iso2

PRIORITY = {k: n for n, k in enumerate(
    ("stop", "person", "group", "institution", "outlet", "organization", "country", "capital", "demonym",
     "ethnic", "generic"))}
QUALIFIER_KINDS = ("country", "capital", "demonym", "ethnic")
LEADER_ROLES = ("head of state", "head of government")
CASELESS_KINDS = ("generic",)


@dataclass
class Pattern:
    """One tokenised alias: folded keys, per-token case requirement and the entries it names."""
    keys: tuple[str, ...]
    cases: tuple[str | None, ...]      # None | 'title' | 'upper' | 'exact:<text>'
    entries: list[Entry]
    surname: bool = False              # a surname-only alias of a person
    short_caps: bool = False           # 'IS', 'AA', 'RT': needs context checks

    @property
    def entry(self) -> Entry:
        return self.entries[0]

    def qualifier(self) -> Entry | None:
        for e in self.entries:
            if e.kind in QUALIFIER_KINDS or e.kind == "group" or (
                    e.kind == "person" and e.role in LEADER_ROLES and e.country):
                return e
        return None


@functools.lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def token_texts(text: str) -> list[str]:
    """Tokens of an alias as spaCy splits them, without hyphens between words ('al-Assad' -> al, Assad)."""
    doc = _tokenizer()(text)
    out = []
    for i, tok in enumerate(doc):
        if is_attached_hyphen(tok.text, i, doc):
            continue
        out.append(tok.text)
    return out


def is_attached_hyphen(text: str, i: int, doc) -> bool:
    if text not in ("-", "–", "‐", "‑"):
        return False
    if i == 0 or i + 1 >= len(doc):
        return False
    prev = doc[i - 1]
    return not prev.whitespace_ and not doc[i].whitespace_


def case_of(text: str, caseless: bool) -> str | None:
    if caseless:
        return None
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    if any(c.isupper() for c in letters[1:]) and len(letters) <= 5:     # 'LeT', 'JeM', 'DoD': as written
        return "exact:" + text
    if letters and text[0].isupper():
        return "title"
    return None


class Trie:
    """A token trie: node = {key: (children, patterns ending here)}."""

    def __init__(self):
        self.root: dict[str, tuple[dict, list[Pattern]]] = {}
        self._seen: dict[tuple, Pattern] = {}

    def add(self, keys, cases, entry: Entry, surname=False, short_caps=False):
        sig = (keys, cases)
        old = self._seen.get(sig)
        if old is not None:
            if entry not in old.entries:
                old.entries.append(entry)
                old.entries.sort(key=lambda e: PRIORITY.get(e.kind, 99))
            old.surname = old.surname and surname
            return
        pat = Pattern(keys, cases, [entry], surname, short_caps)
        self._seen[sig] = pat
        level = self.root
        for n, key in enumerate(keys):
            node = level.setdefault(key, ({}, []))
            if n == len(keys) - 1:
                node[1].append(pat)
            level = node[0]

    def walk(self, keys: list[str], p: int):
        """Patterns whose keys match the folded tokens from p on (shortest first)."""
        out = []
        level = self.root
        q = p
        n = len(keys)
        while q < n:
            node = level.get(keys[q])
            if node is None:
                break
            out.extend(node[1])
            level = node[0]
            q += 1
        return out

    def __contains__(self, key: str) -> bool:
        return key in self.root


class KnowledgeBase:
    """Entries plus the indexes used by :meth:`lookup`, :meth:`outlet`, :meth:`country_of`, :meth:`match`."""

    def __init__(self, raw: dict):
        country_list, self.countries = loader.country_entries(raw)
        people = loader.person_entries(raw)
        entries = country_list + [e for e, _ in people] + loader.other_entries(raw)
        self.entries: list[Entry] = loader.merge_duplicates(entries)
        self.branches: dict[str, dict] = raw["branches"]
        self.sponsor_words = {fold(w) for w in raw["sponsor_words"]}
        self.trie = Trie()
        self.nouns = Trie()          # state nouns -> branch (caseless)
        self.prefixes = Trie()       # "government of" -> branch (caseless)
        self.by_alias: dict[str, list[Entry]] = {}
        self._lookup_cache: dict[str, Entry | None] = {}
        self._institutions: dict[tuple[str, str], Entry] = {}
        surnames = {id(e): s for e, s in people}
        for entry in self.entries:
            self._index(entry, surnames.get(id(entry), set()))
        stop = Entry(name="(stop)", kind="stop")
        for phrase in raw["stoplist"]:
            self._add_pattern(str(phrase), stop)
        for branch, phrases in raw["state_nouns"].items():
            for phrase in phrases:
                self._add_pattern(str(phrase), Entry(name=branch, kind="noun", branch=branch), self.nouns, True)
        for branch, phrases in raw["prefixes"].items():
            for phrase in phrases:
                self._add_pattern(str(phrase), Entry(name=branch, kind="prefix", branch=branch), self.prefixes, True)

    # -- building -------------------------------------------------------------------------------
    def _index(self, entry: Entry, surnames: set[str]):
        names = [] if entry.kind == "capital" else [entry.name]
        for alias in names + entry.aliases:
            for variant in loader.expand_alias(alias):
                self._add_alias(variant, entry)
        for surname in surnames:
            self._add_pattern(surname, entry, surname=True)

    def _add_alias(self, alias: str, entry: Entry):
        self._add_pattern(alias, entry)
        self.by_alias.setdefault(fold(alias), []).append(entry)
        if alias.endswith(")") and " (" in alias:          # "Dawn (Pakistan)": by name only, not in text
            self.by_alias.setdefault(fold(alias.split(" (")[0]), []).append(entry)
        words = alias.split()
        if words and words[0].lower() == "the" and len(words) > 1:
            rest = " ".join(words[1:])
            self.by_alias.setdefault(fold(rest), []).append(entry)
            if len(words) > 2 or entry.kind not in ("outlet", "organization"):
                self._add_pattern(rest, entry)

    def _add_pattern(self, alias: str, entry: Entry, trie: Trie | None = None, caseless=False, surname=False):
        texts = token_texts(alias)
        if not texts:
            return
        caseless = caseless or entry.kind in CASELESS_KINDS
        keys = tuple(fold(t) for t in texts)
        cases = tuple(case_of(t, caseless) for t in texts)
        short = len(texts) == 1 and cases[0] == "upper" and sum(c.isalpha() for c in texts[0]) <= 3
        (trie or self.trie).add(keys, cases, entry, surname=surname, short_caps=short)

    # -- composite entries ------------------------------------------------------------------------
    def institution(self, iso3: str, branch: str) -> Entry | None:
        """The canonical state institution of a country for a branch ('TUR', 'armed')."""
        cached = self._institutions.get((iso3, branch))
        if cached is not None:
            return cached
        info = self.countries.get(iso3)
        spec = self.branches.get(branch)
        if info is None or spec is None:
            return None
        name = info["names"].get(branch) or spec["name"].format(
            adj=info["adj"], country=info["the_name"], name=info["name"])
        named = self.by_name(name, "institution")          # a bundled entry with that name keeps its aliases
        entry = named or Entry(name=name, kind="institution", country=iso3, sector=spec.get("sector"),
                               branch=branch, role=spec.get("role"))
        self._institutions[(iso3, branch)] = entry
        return entry

    def qualified(self, generic: Entry, iso3: str | None = None, backer: str | None = None,
                  ethnicity: str | None = None) -> Entry:
        """A generic actor qualified by a country, sponsor or ethnicity ('Syrian rebels')."""
        return replace(generic, aliases=[], country=iso3, backer=backer, ethnicity=ethnicity)

    # -- public API -------------------------------------------------------------------------------
    def match(self, doc) -> list[Mention]:
        """Non-overlapping, longest-first mentions of KB entries in a spaCy Doc."""
        from .match import match_doc

        return match_doc(self, doc)

    def lookup(self, text: str) -> Entry | None:
        """The entry a short phrase names ('Ankara', 'TASS', 'Turkish forces', 'Zakharova', 'militants')."""
        if text in self._lookup_cache:
            return self._lookup_cache[text]
        result = None
        stripped = text.strip()
        if stripped:
            doc = _tokenizer()(stripped)
            mentions = self.match(doc)
            if mentions:
                last = max((t.i for t in doc if not t.is_punct), default=len(doc) - 1)
                ending = [m for m in mentions if m.token_end - 1 >= last]
                pool = ending or mentions
                best = max(pool, key=lambda m: (m.token_end - m.token_start, m.token_start))
                result = best.entry
        if len(self._lookup_cache) < 100_000:
            self._lookup_cache[text] = result
        return result

    def _by_alias(self, name: str, kinds: tuple[str, ...]) -> Entry | None:
        key = " ".join(fold(name).split())
        candidates = [key]
        if key.startswith("the "):
            candidates.append(key[4:])
        if "(" in key:
            candidates.append(key.split("(")[0].strip())
        for cand in candidates:
            for entry in self.by_alias.get(cand, []):
                if entry.kind in kinds:
                    return entry
        return None

    def outlet(self, name: str) -> Entry | None:
        """An outlet by name or alias, case-insensitive ('Anadolu Agency', 'RT', 'associated press')."""
        if not name:
            return None
        found = self._by_alias(name, ("outlet",))
        if found is None:
            entry = self.lookup(name)
            found = entry if entry is not None and entry.kind == "outlet" else None
        return found

    def source(self, name: str) -> Entry | None:
        """An outlet or an organisation cited as a source ('OCHA', 'SOHR', 'Reuters')."""
        if not name:
            return None
        return self._by_alias(name, ("outlet", "organization")) or self.outlet(name)

    def country_of(self, text: str) -> str | None:
        """ISO3 from a country name, demonym, capital or ISO code ('Turkish' -> 'TUR')."""
        if not text:
            return None
        t = text.strip()
        if len(t) == 3 and t.isupper() and iso3_to_iso2(t):
            return t
        if len(t) == 2 and t.isupper() and iso2_to_iso3(t) and t not in ("US", "UK"):
            return iso2_to_iso3(t)
        found = self._by_alias(t, ("country", "demonym", "capital"))
        if found is not None:
            return found.country
        entry = self.lookup(t)
        return entry.country if entry is not None else None

    def by_name(self, name: str, kind: str | None = None) -> Entry | None:
        """An entry by its canonical name."""
        if not hasattr(self, "_by_name"):
            self._by_name: dict[str, list[Entry]] = {}
            for entry in self.entries:
                self._by_name.setdefault(entry.name, []).append(entry)
        for entry in self._by_name.get(name, []):
            if kind is None or entry.kind == kind:
                return entry
        return None

    def __len__(self) -> int:
        return len(self.entries)
