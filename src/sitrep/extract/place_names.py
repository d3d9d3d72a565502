"""Toponym recognition: the words of a document that name places, with their gazetteer candidates.

Sources: spaCy GPE/LOC/FAC entities, demonyms ("Turkish" -> Turkey) and capitalised n-grams that the
gazetteer knows well enough (also inside the small model's ORG/PERSON mistakes); ``places`` resolves
them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitrep.extract.gazetteer import Candidate, _ascii_lower, get_gazetteer, name_key, spelling_key

from .doccache import text_of

PLACE_LABELS = {"GPE", "LOC", "FAC"}
BLOCKING_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "DATE", "TIME", "MONEY", "PRODUCT",
                   "LAW", "LANGUAGE", "NORP", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"}
ADMIN_WORDS = {"province", "governorate", "region", "oblast", "state", "county", "district",
               "prefecture", "provinces", "governorates", "countryside"}
TOWN_CUES = {"city", "town", "village", "suburb", "neighbourhood", "neighborhood"}
DIRECTION = re.compile(r"^(?:(?:north|south|east|west)(?:ern)?|central|(?:north|south)-?(?:east|west)(?:ern)?|"
                       r"upper|lower|greater)\s+", re.IGNORECASE)
STREET_WORDS = {"street", "road", "avenue", "lane", "close", "boulevard", "crescent", "drive", "square",
                "highway", "bridge", "airport", "court", "way", "place"}
STOPLIST = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "president", "minister", "mr", "mrs", "ms", "dr", "general", "police", "army", "god",
    "allah", "prime", "king", "queen", "prince", "university", "ministry", "council", "news",
    "media", "press", "reuters", "associated", "the", "a", "an", "this", "that", "but", "and", "if",
    "he", "she", "it", "we", "they", "i", "you", "his", "her", "in", "on", "at", "of", "for", "by",
    "as", "after", "before", "when", "while", "there", "here", "photo", "video", "read", "more",
    "home", "world", "national", "international", "federal", "central", "union", "church", "mosque",
    "said", "says", "according", "update", "breaking", "live", "report", "sunni", "shia", "islamic",
    "democratic", "republican", "liberal", "conservative", "party", "state", "city", "county",
}
NOT_PLACES = {"white house", "the white house", "pentagon", "kremlin", "capitol hill"}
STRONG_FEATURES = {"PCLI", "CONT", "PPLC", "ADM1"}
ARTICLES = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "en", "es", "et", "ez", "ul"}
AREA_NOUNS = {"area", "areas", "countryside", "outskirts", "front", "frontline", "vicinity", "environs",
              "suburbs", "district", "region", "pocket", "enclave"}


@dataclass
class Mention:
    """A recognised toponym with its gazetteer candidates (extras: fuzzy, source)."""
    start: int
    end: int
    text: str
    candidates: list[Candidate]
    kind: str = "toponym"
    hint: str | None = None           # admin | town
    qualifier: Mention | None = None
    choice: Candidate | None = None
    extras: dict = field(default_factory=dict)


def _lookup(text: str, hint: str | None) -> tuple[list[Candidate], str | None, bool]:
    """Candidates for a phrase (dropping a subdivision word or a direction prefix if needed),
    the cue hint, and whether only the fuzzy skeleton matched."""
    gaz = get_gazetteer()
    words = text.split()
    variants = [(text, hint)]
    if len(words) > 1 and words[-1].lower() in ADMIN_WORDS:
        variants.append((" ".join(words[:-1]), "admin"))
    stripped = DIRECTION.sub("", text)
    if stripped != text and stripped:
        variants.append((stripped, hint))
    for fuzzy in (False, True):
        for variant, variant_hint in variants:
            cands = gaz.lookup(variant, fuzzy=fuzzy)
            if cands:
                return cands, variant_hint, fuzzy
    return [], hint, False


def _cue_hint(doc, start_tok: int, end_tok: int) -> tuple[str | None, int]:
    """'the city of X' -> town; 'X province' -> admin (returns the extended end token)."""
    if end_tok < len(doc) and doc[end_tok].lower_ in ADMIN_WORDS:
        return "admin", end_tok + 1
    if doc[end_tok - 1].lower_ in ADMIN_WORDS:
        return "admin", end_tok
    before = [t.lower_ for t in doc[max(0, start_tok - 3):start_tok]]
    if len(before) >= 2 and before[-1] == "of" and before[-2] in TOWN_CUES:
        return "town", end_tok
    if before and before[-1] in TOWN_CUES:
        return "town", end_tok
    return None, end_tok


def _trim(span) -> tuple[int, int]:
    """Token bounds without a leading determiner and trailing possessive or punctuation."""
    s, e = span.start, span.end
    while s < e and (span.doc[s].lower_ in ("the", "a") or span.doc[s].is_punct):
        s += 1
    while e > s and (span.doc[e - 1].lower_ in ("'s", "’s", "'") or span.doc[e - 1].is_punct):
        e -= 1
    return s, e


def _ner_mentions(doc, taken: list[tuple[int, int]]) -> list[Mention]:
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        s, e = _trim(ent)
        if s >= e:
            continue
        # "Columbia, Mo." may come as one entity: split at commas
        pieces, cur = [], s
        for i in range(s, e):
            if doc[i].text == ",":
                pieces.append((cur, i))
                cur = i + 1
        pieces.append((cur, e))
        for ps, pe in pieces:
            if ps >= pe:
                continue
            hint, pe_ext = _cue_hint(doc, ps, pe)
            text = doc[ps:pe_ext].text
            if _ascii(text) in NOT_PLACES:
                continue
            cands, hint, fuzzy = _lookup(text, hint)
            if not cands and pe_ext != pe:
                cands, hint, fuzzy = _lookup(doc[ps:pe].text, hint)
            if text.isupper() and len(text.replace(".", "")) <= 3:
                cands = [c for c in cands if c.feature in ("PCLI", "ADM1", "CONT")]
            if not cands and not _street_like(doc[ps:pe], ent.label_):
                continue
            m = Mention(doc[ps].idx, doc[pe_ext - 1].idx + len(doc[pe_ext - 1]), text, cands, hint=hint)
            m.extras["fuzzy"] = fuzzy
            m.extras["ner"] = True
            mentions.append(m)
            taken.append((m.start, m.end))
    return mentions


def _street_like(span, label: str) -> bool:
    """An unresolvable street, road or building name is still a toponym."""
    return span[-1].lower_ in STREET_WORDS and span[0].is_title and len(span) >= 2


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def _demonym_mentions(doc, taken: list[tuple[int, int]]) -> list[Mention]:
    gaz = get_gazetteer()
    mentions = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        hit = None
        if tok.text[:1].isupper():
            for n in (2, 1):
                span = doc[i:i + n]
                if len(span) == n and all(t.text[:1].isupper() for t in span):
                    country = gaz.demonym(span.text)
                    if country and _free(span.start_char, span.end_char, taken):
                        hit = (span, country)
                        break
        if hit:
            span, country = hit
            mentions.append(Mention(span.start_char, span.end_char, span.text, [country], kind="demonym"))
            taken.append((span.start_char, span.end_char))
            i = span.end
        else:
            i += 1
    return mentions


def _capitalised(tok, first: bool = True) -> bool:
    text = tok.text
    if not text[:1].isupper() or (tok.lower_ in STOPLIST and (first or tok.lower_ not in ADMIN_WORDS)):
        return False
    return tok.pos_ == "PROPN" or (text.isupper() and len(text) > 2) or tok.ent_type_ in PLACE_LABELS | {"NORP"} \
        or (tok.ent_type_ == "ORG" and not tok.is_sent_start)   # 'shelled Homs' parsed as a common noun


LOCATIVE = {"in", "of", "from", "near", "at", "to", "into", "outside", "around", "across", "toward", "towards", "via", "through"}


def _ngram_mentions(doc, taken: list[tuple[int, int]], context: set[str], known: set[str]) -> list[Mention]:
    """Capitalised n-grams that the gazetteer knows well enough, also inside the small NER model's
    ORG/PRODUCT/DATE mistakes ("Kentucky State Police"); never inside a multi-word PERSON."""
    persons = [(e.start_char, e.end_char, len(e)) for e in doc.ents if e.label_ == "PERSON"
               and not _place_like_person(e, context) and not (len(e) > 1 and _person_placed(e, taken, context))]
    blocked = [(s, e) for s, e, n in persons if n > 1]
    lone_persons = {(s, e) for s, e, n in persons if n == 1}
    mentions, i = [], 0
    while i < len(doc):
        if not _capitalised(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and j - i < 6:
            if _capitalised(doc[j], first=j == i):
                j += 1
            elif j > i and _article_link(doc, j):
                j += 3            # 'Maarat al-Numan', 'Ras al-Ain': article, hyphen, next word
            elif j > i and _hyphen_link(doc, j):
                j += 2            # 'Nagorno-Karabakh', 'Ivano-Frankivsk': a hyphen inside one word
            else:
                break
        found = False
        for n in range(j - i, 0, -1):
            span = doc[i:i + n]
            if not _free(span.start_char, span.end_char, taken + blocked) or _name_tail(span):
                continue
            if _ascii(span.text) in NOT_PLACES:
                continue
            cands = get_gazetteer().lookup(span.text)
            if cands and any(_hyphen_link(doc, k) for k in range(span.start + 1, span.end)):
                cands = [c for c in cands if _primary(span.text, c)]   # 'Mitchell-Smith' is no Mitchell
            if not cands or span[-1].text in ("-", "‑") or _names_an_organisation(span):
                continue
            propagated = name_key(span.text) in known
            if (span.start_char, span.end_char) in lone_persons:
                ok = propagated or (cands[0].feature in STRONG_FEATURES or cands[0].population >= 100_000
                                    or any(c.country in context and _primary(span.text, c) for c in cands)) \
                    and (_place_cue_before(doc, span.start, taken) or _place_cue_after(doc, span.end))
            else:
                ok = propagated or _acceptable(span, cands, context)
            if ok:
                hint, end = _cue_hint(doc, span.start, span.end)
                m = Mention(span.start_char, doc[end - 1].idx + len(doc[end - 1]),
                            doc[span.start:end].text, cands, hint=hint)
                mentions.append(m)
                taken.append((m.start, m.end))
                i, found = end, True
                break
        if not found:
            i += 1
    return mentions


def _place_like_person(ent, context: set[str]) -> bool:
    """'Maarat al-Numan' tagged as a person: an Arabic compound name the gazetteer has in one of the
    document's countries."""
    if len(ent) < 3 or not any(_article_link(ent.doc, k) for k in range(ent.start + 1, ent.end)):
        return False
    return any(c.country in context for c in get_gazetteer().lookup(ent.text))


def _article_link(doc, j: int) -> bool:
    """Tokens j..j+2 are an Arabic article, a hyphen and a capitalised word ('al-Numan')."""
    return (j + 2 < len(doc) and doc[j].lower_ in ARTICLES and doc[j + 1].text in ("-", "‑")
            and doc[j + 2].text[:1].isupper())


ORG_TAILS = {"workers", "workers'", "party", "front", "movement", "airlines", "airways", "university", "college"}


def _names_an_organisation(span) -> bool:
    """'Kurdistan' of 'Kurdistan Workers Party': the first word of an organisation's name."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and nxt.text[:1].isupper() and nxt.lower_ in ORG_TAILS


def _hyphen_link(doc, j: int) -> bool:
    """Token j is a hyphen written without spaces between two capitalised words."""
    return (j + 1 < len(doc) and doc[j].text in ("-", "‑") and not doc[j - 1].whitespace_
            and not doc[j].whitespace_ and doc[j + 1].text[:1].isupper() and doc[j + 1].is_alpha)


def _name_tail(span) -> bool:
    """'Zawiya' of 'Jabal al-Zawiya': the tail of a longer Arabic-style name (capitalised word,
    article, hyphen) is not a place of its own."""
    doc, i = span.doc, span.start
    if i >= 3 and doc[i - 1].text in ("-", "‑") and doc[i - 2].lower_ in ARTICLES:
        return doc[i - 3].text[:1].isupper()
    if i >= 2 and doc[i - 1].lower_.rstrip("-‑") in ARTICLES and doc[i - 1].text.endswith(("-", "‑")):
        return doc[i - 2].text[:1].isupper()
    return False


def _single_token_entity(tok) -> bool:
    return tok.ent_iob_ == "B" and (tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")


def _place_cue_before(doc, tok_i: int, taken: list[tuple[int, int]]) -> bool:
    """A locative preposition before the token, or a coordination with a place ('Homs and Hama')."""
    if tok_i == 0:
        return False
    prev = doc[tok_i - 1]
    if prev.lower_ in LOCATIVE:
        return True
    return prev.lower_ in ("and", "or", ",") and tok_i >= 2 and any(
        e == doc[tok_i - 2].idx + len(doc[tok_i - 2]) for _, e in taken)


PLACE_APPOSITIONS = {"capital", "town", "city", "village", "province", "region", "district", "stronghold", "port",
                     "hub", "seat", "suburb", "neighbourhood", "neighborhood", "area"}


def _place_cue_after(doc, end: int) -> bool:
    """'Goma, the capital of North Kivu', 'Soledar, a town near Bakhmut': an apposition that calls it a place."""
    words = [t.lower_ for t in doc[end:end + 5]]
    return len(words) >= 3 and words[0] == "," and words[1] in ("the", "a", "an") and any(
        w in PLACE_APPOSITIONS for w in words[2:])


def _person_placed(ent, taken: list[tuple[int, int]], context: set[str]) -> bool:
    """'El Obeid' tagged as a (two-word) person: a name the gazetteer has, spelled so, in one of the report's
    countries, after a locative word or a place of a list or before a place apposition. One-word names
    ('Soledar', 'Goma') take the same cues in ``_ngram_mentions``."""
    if not context or not any(c.country in context and _primary(ent.text, c) for c in get_gazetteer().lookup(ent.text)):
        return False
    return _place_cue_before(ent.doc, ent.start, taken) or _place_cue_after(ent.doc, ent.end)


def _primary(span_text: str, c: Candidate) -> bool:
    """The phrase is the entry's main name (or its first words: 'Enfield' ~ 'Enfield Town')."""
    return name_key(span_text) == name_key(c.name) or _ascii(c.name).startswith(_ascii(span_text) + " ")


def _plain(name: str) -> str:
    """Lower-case ASCII letters of a name without a leading article: 'Al Bāb' and 'Bab' agree."""
    return spelling_key(name, ARTICLES)


def _common_word(tok) -> bool:
    """'Air raids kill 31', 'Syrian Army Kills 20': a capitalised word the same report also writes in lower
    case ('air strikes', 'kills') is a common word of a headline, not a place."""
    lower = tok.lower_
    words = tok.doc.user_data.get("_sitrep_lower_words")
    if words is None:
        words = tok.doc.user_data["_sitrep_lower_words"] = {t.text for t in tok.doc if t.text.islower()}
    return lower in words or tok.lemma_.lower() in words


def _acceptable(span, cands: list[Candidate], context: set[str]) -> bool:
    """Thresholds for a gazetteer-only match (no NER support)."""
    text = span.text
    if text.endswith(".") or (len(text.replace(".", "")) <= 3 and (text.isupper() or "." in text)):
        # abbreviations ("Ky.", "N.J.") only as a qualifier after a comma
        prev = span.doc[span.start - 1] if span.start > 0 else None
        return cands[0].feature in ("ADM1", "PCLI") and (text in ("US", "UK", "U.S.", "U.K.", "UAE")
                                                         or (prev is not None and prev.text == ","))
    cands = [c for c in cands if _primary(text, c) or c.country in context or c.feature in ("PCLI", "ADM1")]
    if not cands:
        return False
    top = cands[0]
    if len(span) > 1:
        return top.population >= 1000 or top.feature in STRONG_FEATURES | {"ADM2", "RGN"} or (
            any(_article_link(span.doc, k) for k in range(span.start + 1, span.end)) and top.country in context)
    if span[0].is_sent_start and span[0].pos_ != "PROPN":
        return False
    if _common_word(span[0]):
        return False
    if top.feature in STRONG_FEATURES:
        return True
    spelled = _plain(text) == _plain(top.name) or _ascii(top.name).startswith(_ascii(text) + " ")
    if not spelled and top.country not in context and top.population < 1_000_000:
        return False      # only a spelling key matches ('Example' ~ 'Eixample'), far from the report's countries
    if not spelled and span[0].is_sent_start:
        return False      # 'Air strikes hit ...' ~ Ayr: a capital letter the sentence gives says nothing
    if top.population >= 100_000:
        return True
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is not None and nxt.lower_ in AREA_NOUNS and any(c.country in context for c in cands):
        return True       # 'the Saraqib area', 'Hama countryside', even when tagged as an organisation
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in NEAR_WORDS and any(
            c.country in context and _primary(text, c) and c.population >= 1000 for c in cands):
        return True       # 'fighting raged around Saraqib' (tagged as an organisation) in a Syrian report
    if span[0].ent_type_ == "ORG" or (span[0].ent_type_ not in ("", "GPE", "LOC", "FAC")
                                      and not _single_token_entity(span[0])):
        return False  # inside an organisation's name or a longer entity: big places only
    return any(c.population >= 20_000 and c.country in context and _primary(text, c) for c in cands)


def _ascii(text: str) -> str:
    return " ".join(_ascii_lower(text).replace(".", "").split())


NEAR_WORDS = {"near", "around", "outside", "towards", "toward"}     # only places are 'near' something


def _time_zone(m: Mention, doc) -> bool:
    """'at 14:00 Moscow time': a clock, not a place."""
    return bool(re.match(r"\s+time\b", text_of(doc)[m.end:m.end + 6], re.IGNORECASE))


def _person_name(m: Mention, doc) -> bool:
    """'Georgia' in a text about Georgia Smith, 'Brunson' after Andrew Brunson: a person's
    name, unless a cue, a comma qualifier or a locative preposition says place."""
    if m.kind != "toponym" or m.hint or " " in m.text.strip():
        return False
    names = doc.user_data.get("_sitrep_person_words")
    if names is None:
        names = {t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e
                 if t.text[:1].isupper()}
        doc.user_data["_sitrep_person_words"] = names
    if m.text.lower() not in names:
        return False
    text = text_of(doc)
    prev = text[max(0, m.start - 12):m.start].split()
    nxt = text[m.end:m.end + 2]
    return not ((prev and prev[-1].lower() in LOCATIVE) or nxt.startswith(","))
