"""Resolve a source phrase (a spaCy span) to a :class:`sitrep.model.Source`.

Uses the knowledge base (``sitrep.kb.load_kb``) when it is available and a tiny built-in
table otherwise. Entry kinds map to Source kinds: person -> person, outlet -> outlet,
everything else -> organization. Anonymous sources ("military sources", "witnesses") are
kind ``unnamed`` and keep their words as the name, as do generic KB entries ("rebels");
unknown PERSON entities are persons with no affiliation. A source that is a KB outlet (the KB
files monitors such as the Syrian Observatory as outlets) stays kind ``outlet``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sitrep.model import Source

from .doccache import entities as doc_ents
from .doccache import sentence_of_token

# Words whose phrases are anonymous sources (the phrase itself becomes the name).
UNNAMED_HEADS = {
    "source", "official", "witness", "activist", "resident", "observer", "monitor", "medic",
    "correspondent", "reporter", "journalist", "diplomat", "analyst", "expert", "local",
    "eyewitness", "insider", "aide", "person", "people", "commander", "fighter", "officer",
    "security", "doctor", "villager", "survivor", "relative", "lawyer", "attorney", "editor",
    "pathologist", "nurse", "worker", "farmer", "student", "teacher", "soldier", "policeman",
    "paramedic", "rescuer", "volunteer", "refugee", "man", "woman", "mother", "father", "neighbour",
    "neighbor", "shopkeeper", "driver", "engineer", "member", "representative", "negotiator",
    "investigator", "inspector", "researcher", "lawmaker", "legislator", "MP", "deputy", "cleric",
    "advocate", "campaigner", "historian", "scientist", "professor", "economist", "protester",
}
# Role nouns that, with a definite article, may refer back to a named person.
ROLE_HEADS = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "president",
    "ambassador", "envoy", "diplomat", "commander", "general", "leader", "premier", "chief",
    "secretary", "governor", "mayor", "prime",
}
# Heads that name media, even without a proper name ("state television").
OUTLET_HEADS = {"agency", "television", "tv", "channel", "newspaper", "radio", "daily",
                "broadcaster", "outlet", "website", "tabloid", "weekly", "network"}
FEMALE_CUES = {"spokeswoman", "ms", "ms.", "mrs", "mrs.", "madam", "woman", "she", "her",
               "chairwoman", "congresswoman", "queen", "princess", "actress", "mother",
               "daughter", "sister", "wife", "businesswoman", "policewoman"}
MALE_CUES = {"spokesman", "mr", "mr.", "man", "he", "him", "his", "chairman", "congressman",
             "king", "prince", "father", "son", "brother", "husband", "businessman", "policeman"}
FEMALE_FIRST = {"maria", "anna", "olga", "elena", "natalia", "irina", "angela", "hillary", "nancy",
                "theresa", "ursula", "kamala", "samantha", "nikki", "linda", "federica", "catherine",
                "marie", "sarah", "emily", "mary", "jennifer", "elizabeth", "fatima", "aisha", "leila",
                "valentina", "tatiana", "svetlana", "marina", "liz", "kaja", "annalena", "nadia"}

# Fallback when the KB is missing: canonical name, kind, ISO3.
_FALLBACK = {
    "tass": ("TASS", "outlet", "RUS"), "rt": ("RT", "outlet", "RUS"),
    "russia today": ("RT", "outlet", "RUS"), "sputnik": ("Sputnik", "outlet", "RUS"),
    "ria novosti": ("RIA Novosti", "outlet", "RUS"), "interfax": ("Interfax", "outlet", "RUS"),
    "sana": ("SANA", "outlet", "SYR"), "anadolu": ("Anadolu Agency", "outlet", "TUR"),
    "anadolu agency": ("Anadolu Agency", "outlet", "TUR"), "aa": ("Anadolu Agency", "outlet", "TUR"),
    "reuters": ("Reuters", "outlet", "GBR"), "afp": ("AFP", "outlet", "FRA"),
    "agence france-presse": ("AFP", "outlet", "FRA"), "ap": ("AP", "outlet", "USA"),
    "associated press": ("AP", "outlet", "USA"), "the associated press": ("AP", "outlet", "USA"),
    "al jazeera": ("Al Jazeera", "outlet", "QAT"), "bbc": ("BBC", "outlet", "GBR"),
    "cnn": ("CNN", "outlet", "USA"), "xinhua": ("Xinhua", "outlet", "CHN"),
    "irna": ("IRNA", "outlet", "IRN"), "rna": ("RNA", "outlet", None),
    "zakharova": ("Maria Zakharova", "person", "RUS"), "maria zakharova": ("Maria Zakharova", "person", "RUS"),
    "russian defense ministry": ("Russian Defense Ministry", "organization", "RUS"),
    "russian defence ministry": ("Russian Defense Ministry", "organization", "RUS"),
    "russia's defense ministry": ("Russian Defense Ministry", "organization", "RUS"),
    "turkey's defense ministry": ("Turkish Defense Ministry", "organization", "TUR"),
    "turkish defense ministry": ("Turkish Defense Ministry", "organization", "TUR"),
    "syrian observatory for human rights": ("Syrian Observatory for Human Rights", "organization", "GBR"),
}
# Demonyms and country names for affiliations when the KB is missing.
_COUNTRY_WORDS = {
    "russia": "RUS", "russian": "RUS", "moscow": "RUS", "kremlin": "RUS", "turkey": "TUR",
    "turkish": "TUR", "türkiye": "TUR", "ankara": "TUR", "syria": "SYR", "syrian": "SYR",
    "damascus": "SYR", "iran": "IRN", "iranian": "IRN", "tehran": "IRN", "iraq": "IRQ",
    "iraqi": "IRQ", "baghdad": "IRQ", "israel": "ISR", "israeli": "ISR", "ukraine": "UKR",
    "ukrainian": "UKR", "kyiv": "UKR", "kiev": "UKR", "us": "USA", "u.s.": "USA",
    "american": "USA", "washington": "USA", "britain": "GBR", "british": "GBR", "uk": "GBR",
    "london": "GBR", "france": "FRA", "french": "FRA", "paris": "FRA", "germany": "DEU",
    "german": "DEU", "berlin": "DEU", "china": "CHN", "chinese": "CHN", "beijing": "CHN",
    "lebanon": "LBN", "lebanese": "LBN", "jordan": "JOR", "jordanian": "JOR", "egypt": "EGY",
    "egyptian": "EGY", "saudi": "SAU", "qatar": "QAT", "qatari": "QAT", "libya": "LBY",
    "libyan": "LBY", "yemen": "YEM", "yemeni": "YEM", "afghan": "AFG", "afghanistan": "AFG",
    "pakistan": "PAK", "pakistani": "PAK", "india": "IND", "indian": "IND", "nigeria": "NGA",
    "nigerian": "NGA", "palestinian": "PSE", "gaza": "PSE",
}


@dataclass(frozen=True)
class _Hit:
    name: str
    kind: str
    affiliation: str | None


@functools.lru_cache(maxsize=1)
def default_kb():
    """The shared KB, or None while it is not available."""
    try:
        from sitrep.kb import load_kb
    except ImportError:
        return None
    try:
        return load_kb()
    except Exception:  # noqa: BLE001 - a half-built KB must not break attribution
        return None


def _map_kind(kind: str | None) -> str:
    return {"person": "person", "outlet": "outlet"}.get(kind or "", "organization")


@functools.lru_cache(maxsize=50_000)
def _fallback_lookup(text: str) -> _Hit | None:
    key = text.lower().replace("’", "'").strip()
    key = key.removeprefix("the ")
    hit = _FALLBACK.get(key)
    return _Hit(*hit) if hit else None


def _names_head(entry, head: str) -> bool:
    """Whether the KB entry's names contain the head word of the phrase that matched it."""
    head = head.lower()
    names = [entry.name, *(getattr(entry, "aliases", None) or [])]
    return any(head in n.lower().replace("’", "'").split() or head in n.lower() for n in names) \
        or entry.kind in ("generic", "person", "outlet")


def lookup(text: str, kb, head: str | None = None) -> _Hit | None:
    """Canonical name, Source kind and ISO3 for TEXT, from the KB or the fallback table.

    With HEAD (the head word of the phrase), a KB entry must name it.
    """
    text = text.strip()
    if not text:
        return None
    if kb is not None:
        variants = [text]
        if text.lower().startswith("the "):
            variants.append(text[4:])
        for variant in variants:
            try:
                entry = kb.lookup(variant)
            except Exception:  # noqa: BLE001
                entry = None
            if entry is not None and head and not _names_head(entry, head):
                entry = None       # a KB match on a modifier: 'the leaders of Turkey and Russia'
            if entry is not None and entry.kind == "generic":
                word = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
                return _Hit(word, "unnamed", entry.country)    # 'rebels': keep the source's word
            if entry is not None and entry.kind != "demonym":
                return _Hit(entry.name, _map_kind(entry.kind), entry.country)
    return _fallback_lookup(text)


def country_of_word(word: str, kb) -> str | None:
    """ISO3 for a country name, capital or demonym ('Turkish', 'Moscow')."""
    if kb is not None:
        try:
            entry = kb.lookup(word)
        except Exception:  # noqa: BLE001
            entry = None
        if entry is not None and entry.kind in ("country", "capital", "demonym") and entry.country:
            return entry.country
    return _COUNTRY_WORDS.get(word.lower().replace("’", "'").removesuffix("'s"))


def gender_of(span) -> str | None:
    """'f', 'm' or None, from titles, role nouns, first names and Slavic surname endings."""
    words = [t.lower_ for t in span]
    if any(w in FEMALE_CUES for w in words):
        return "f"
    if any(w in MALE_CUES for w in words):
        return "m"
    propn = [t for t in span if t.pos_ == "PROPN"]
    if propn:
        if propn[0].lower_ in FEMALE_FIRST:
            return "f"
        last = propn[-1].lower_
        if len(propn) <= 3 and last.endswith(("ova", "eva", "ina", "aya", "ska")):
            return "f"
        if len(propn) <= 3 and last.endswith(("ov", "ev", "in", "sky", "ski")):
            return "m"
    return None


def core_span(token):
    """The noun phrase of TOKEN without appositions, relative clauses and trailing modifiers."""
    doc = token.doc
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "npadvmod"):
            break
        if child.dep_ == "prep" and child.lower_ not in ("of", "for", "in"):
            break
        right = child.right_edge.i
    # Do not swallow punctuation or a dateline dash at the left edge.
    while left < token.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left:right + 1]


def affiliation_from(span, kb) -> str | None:
    """The first country word among the modifiers of SPAN ('Turkey's Defense Ministry' -> TUR)."""
    for tok in span:
        if tok.pos_ in ("PROPN", "ADJ", "NOUN") or tok.ent_type_ in ("GPE", "NORP"):
            code = country_of_word(tok.text, kb)
            if code:
                return code
    return None


def sentence_of(token) -> tuple[int, int]:
    """(start, end) token indices of TOKEN's sentence, without spaCy's O(n) ``token.sent``."""
    sent = sentence_of_token(token)
    return sent.start, sent.end


def resolve_phrase(token, kb) -> Source:
    """A Source for the noun phrase headed by TOKEN (pronouns are resolved by the caller)."""
    span = core_span(token)
    text = span.text
    candidates = [text]
    ents = [e for e in doc_ents(token.doc) if e.start >= span.start and e.end <= span.end]
    # Parts of the phrase count only if they contain its head: 'officials in Damascus' is not Damascus.
    candidates += [e.text for e in ents if e.start <= token.i < e.end]
    compounds = [t for t in span if t.i <= token.i and (t.dep_ in ("compound", "amod", "poss", "case")
                                                       or t.i == token.i)]
    if compounds:
        candidates.append(token.doc[compounds[0].i:token.i + 1].text)
    named = _appositive_person(token)
    if named is not None and token.pos_ == "NOUN" and token.ent_type_ != "PERSON":
        return resolve_phrase(named, kb)      # 'the French historian Bernard Vincent', 'the member, Ayfer Orhan,'
    if token.lemma_.lower() in ("correspondent", "reporter", "journalist", "crew", "cameraman"):
        for tok in span:               # "SANA's reporter in Hasaka": the outlet speaks
            if tok.i < token.i and tok.dep_ in ("poss", "compound", "nmod", "amod"):
                for name in (tok.text, tok.text.removesuffix("s"), tok.text.removesuffix("'s")):
                    hit = lookup(name, kb)
                    if hit is not None and hit.kind == "outlet":
                        return Source(hit.name, "outlet", hit.affiliation, text, span.start_char, span.end_char)
    if token.lemma_.lower() in UNNAMED_HEADS and token.pos_ != "PROPN":
        # 'officials in Damascus', 'Syrian military sources': anonymous, the KB only gives the side.
        hit = lookup(text, kb)
        affiliation = (hit.affiliation if hit else None) or affiliation_from(span, kb)
        return Source(_strip_det(span), "unnamed", affiliation, text, span.start_char, span.end_char)
    for cand in dict.fromkeys(candidates):
        hit = lookup(cand, kb, head=token.text if cand == text else None)
        if hit is not None:
            affiliation = hit.affiliation or (affiliation_from(span, kb) if hit.kind != "outlet" else None)
            return Source(hit.name, hit.kind, affiliation, text, span.start_char, span.end_char)
    head = token.lemma_.lower()
    affiliation = affiliation_from(span, kb)
    propn = any(t.pos_ == "PROPN" for t in span)
    if head in OUTLET_HEADS and not any(e.label_ == "PERSON" for e in ents):
        return Source(_strip_det(span), "outlet", affiliation, text, span.start_char, span.end_char)
    if (head in UNNAMED_HEADS or head in ROLE_HEADS) and not propn:
        return Source(_strip_det(span), "unnamed", affiliation, text, span.start_char, span.end_char)
    person = next((e for e in ents if e.label_ == "PERSON"), None)
    if person is not None and token.i < person.end:
        return Source(person.text, "person", affiliation_from_appos(token, kb), text,
                      span.start_char, span.end_char)
    if token.ent_type_ in ("GPE",) or (len(span) == 1 and country_of_word(token.text, kb)):
        code = country_of_word(token.text, kb)
        if code:
            return Source(token.text, "organization", code, text, span.start_char, span.end_char)
    if token.pos_ == "PROPN" and token.ent_type_ == "" and len(span) <= 3 and token.is_title \
            and span.start != sentence_of(token)[0] \
            and all(t.pos_ == "PROPN" for t in span if not t.is_punct) and not affiliation:
        # An unknown capitalised name with no organisation word: most likely a person.
        return Source(_strip_det(span), "person", None, text, span.start_char, span.end_char)
    return Source(_strip_det(span), "organization", affiliation, text, span.start_char, span.end_char)


def _appositive_person(token):
    """A PERSON name in apposition to a common noun (or a compound name after it)."""
    for child in token.children:
        if child.dep_ in ("appos", "compound") and child.ent_type_ == "PERSON" and child.pos_ == "PROPN":
            return child
    return None


def affiliation_from_appos(token, kb) -> str | None:
    """Affiliation of a person from an apposition ('X, the Russian foreign ministry spokeswoman')."""
    for child in token.children:
        if child.dep_ == "appos":
            return affiliation_from(token.doc[child.left_edge.i:child.right_edge.i + 1], kb)
    for left in token.lefts:   # "Russian Foreign Minister Sergei Lavrov"
        if left.dep_ in ("compound", "amod"):
            code = affiliation_from(token.doc[left.left_edge.i:left.i + 1], kb)
            if code:
                return code
    return None


def _strip_det(span) -> str:
    tokens = list(span)
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct):
        tokens = tokens[1:]
    if not tokens:
        return span.text
    return span.doc[tokens[0].i:span.end].text
