"""Records of the knowledge base (Entry, Mention), text folding and ISO code helpers."""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

KINDS = ("country", "capital", "demonym", "ethnic", "institution", "person", "group", "generic",
         "outlet", "organization")
SECTORS = ("government", "military", "police", "rebels", "militia", "terrorist_group", "civilians",
           "media", "international", "other")


@dataclass
class Entry:
    """One actor, place-as-actor, person or source that the KB knows (or a composite built from them)."""
    name: str
    kind: str
    country: str | None = None        # ISO 3166-1 alpha-3
    sector: str | None = None         # one of SECTORS
    aliases: list[str] = field(default_factory=list)
    state_run: bool | None = None     # outlets
    alignment: str | None = None      # ISO3, 'international', 'monitor', 'opposition', ...
    role: str | None = None           # people: 'head of state', 'spokesperson', ...
    label: str | None = None          # generic actors: the normalised word ('militants')
    group: str | None = None          # people: the organisation they belong to (canonical name)
    links: list[str] = field(default_factory=list)   # related entries (canonical names)
    branch: str | None = None         # state institutions: 'armed', 'air', 'defense_ministry', ...
    backer: str | None = None         # composites like 'Turkish-backed rebels': ISO3 of the sponsor
    ethnicity: str | None = None      # composites like 'Kurdish fighters'
    note: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], "")}


@dataclass
class Mention:
    """A KB entry found in a document: character offsets into ``doc.text`` and token offsets."""
    start: int
    end: int
    text: str
    entry: Entry
    token_start: int = 0
    token_end: int = 0


_CHAR_MAP = str.maketrans({
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "ʿ": "", "ʾ": "",
    "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "–": "-", "—": "-", "‐": "-", "‑": "-",
})


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, ASCII-fold diacritics and normalise apostrophes/dashes ('Erdoğan' -> 'erdogan')."""
    text = text.translate(_CHAR_MAP)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


@functools.lru_cache(maxsize=1)
def _iso_maps() -> tuple[dict[str, str], dict[str, str]]:
    import pycountry

    to2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    to2["XKX"] = "XK"
    return to2, {v: k for k, v in to2.items()}


def iso3_to_iso2(code: str | None) -> str | None:
    """'SYR' -> 'SY' (None when unknown)."""
    if not code:
        return None
    return _iso_maps()[0].get(code.upper())


def iso2_to_iso3(code: str | None) -> str | None:
    """'SY' -> 'SYR' (None when unknown)."""
    if not code:
        return None
    return _iso_maps()[1].get(code.upper())
