"""The gazetteer's on-disk index: a read-only SQLite file queried per process."""
import multiprocessing
import os
from types import SimpleNamespace

import pytest

from sitrep.extract import gazetteer as gz
from sitrep.extract import gazetteer_build as gb

STATE = {
    "entries": [
        (1001, "Testland", 10.0, 20.0, "TL", None, "PCLI", 5_000_000),
        (1002, "Northville", 11.0, 21.0, "TL", "01", "PPLC", 900_000),
        (1003, "Northville", 40.0, -80.0, "US", "PA", "PPL", 1_200),
        (None, "North Province", 11.5, 21.5, "TL", "01", "ADM1", 1_000_000),
    ],
    "index": {"tistland": (0,), "nurthvil": (2, 1), "nurth": (3,)},
    "skeleton": {"nrthvl": (1,)},
    "spellings": {"northville": (1, 2), "nordstadt": (1,)},
    "admin1_names": {("TL", "01"): "North Province", ("US", "PA"): "Pennsylvania"},
    "demonyms": {"testlandic": "TL"},
    "countries": {"TL": 0},
}


@pytest.fixture()
def small(tmp_path):
    path = tmp_path / "gazetteer-v0-1.sqlite"
    gb.write(path, STATE)
    return gz.Gazetteer(path)


def test_lookup_returns_candidates_best_prior_first(small, monkeypatch):
    monkeypatch.setattr(gz, "name_key", lambda text: {"Northville": "nurthvil"}.get(text, "x"))
    found = small.lookup("Northville")
    assert [c.geonameid for c in found] == [1002, 1003]          # the capital outranks the village
    assert found[0].admin1 == "North Province" and found[1].admin1 == "Pennsylvania"
    assert [c.geonameid for c in small.lookup("Northville", country="US")] == [1003]


def test_country_demonym_and_full_scan(small):
    assert small.country("TL").name == "Testland"
    assert small.country("ZZ") is None
    assert small.demonym("Testlandic").geonameid == 1001
    assert small.demonym("Martian") is None
    assert [e[0] for e in small.entries] == [1001, 1002, 1003, None]


def test_fuzzy_lookup_falls_back_to_the_skeleton(small, monkeypatch):
    monkeypatch.setattr(gz, "name_key", lambda text: "nurthvali")
    assert small.lookup("Nurthvali") == []
    assert [c.geonameid for c in small.lookup("Nurthvali", fuzzy=True)] == [1002]


def test_a_name_as_written_is_told_from_a_name_with_the_same_key(small, monkeypatch):
    """'Nordstadt' is one of the capital's names; the village is only 'Northville'."""
    monkeypatch.setattr(gz, "name_key", lambda text: "nurthvil")
    capital, village = small.lookup("Northville")
    assert small.spelled("Nordstadt", capital) and not small.spelled("Nordstadt", village)
    assert small.spelled("northville", village) and not small.spelled("Nurthvil", capital)


def _child_lookup(small, queue):
    queue.put([c.geonameid for c in small.lookup("Testland")] + [os.getpid()])


def test_a_forked_process_opens_its_own_connection(small, monkeypatch):
    small.lookup("Testland")                      # the parent's connection exists before the fork
    parent_conn = small._conn
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child_lookup, args=(small, queue))
    child.start()
    result = queue.get(timeout=30)
    child.join(timeout=30)
    assert child.exitcode == 0 and result[:-1] == [1001] and result[-1] != os.getpid()
    assert small._conn is parent_conn             # the parent keeps its own


def test_writing_removes_earlier_versions_only(tmp_path):
    v = gz.CACHE_VERSION
    stale = [tmp_path / f"gazetteer-v{v - 1}-1.pkl", tmp_path / f"gazetteer-v{v - 1}-1.sqlite"]
    sibling = tmp_path / f"gazetteer-v{v}-1.sqlite"      # same version, another checkout's data stamp
    for old in [*stale, sibling]:
        old.write_bytes(b"old")
    path = tmp_path / f"gazetteer-v{v}-2.sqlite"
    gb.write(path, STATE)
    assert not any(old.exists() for old in stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, sibling.name])   # no temporary file
    assert gz.Gazetteer(path).country("TL").population == 5_000_000


class _Subdivision:
    def __init__(self, code: str, name: str):
        self.code, self.name, self.country_code, self.parent_code = code, name, code[:2], None


class _PyCountry:
    countries = [SimpleNamespace(name="Testland")]
    subdivisions = [_Subdivision("TL-01", "Northmark"), _Subdivision("TL-02", "Riverland"),
                    _Subdivision("TL-03", "Hillshire"), _Subdivision("TL-04", "Testland")]


def _town(name: str, population: int, *alternates: str) -> dict:
    return {"name": name, "population": population, "alternatenames": list(alternates)}


def test_divisions_are_named_by_their_towns_then_their_capitals_other_names():
    by_admin1 = {
        ("TL", "01"): [_town("Northmark", 50_000), _town("Smallby", 900)],          # a town of that name
        ("TL", "02"): [_town("Portcity", 80_000, "Port City", "Riverland")],        # its capital's other name
        ("TL", "03"): [_town("Uptown", 20_000, "Northmark")],                       # that name is taken
        ("TL", "05"): [_town("Farville", 10_000, "Testland")],                      # a country's name: never
    }
    names = gb._admin1_names({}, by_admin1, _PyCountry)
    assert names[("TL", "01")] == "Northmark"
    assert names[("TL", "02")] == "Riverland"
    assert names[("TL", "03")] == "=Uptown"        # marked: not indexed as a division
    assert names[("TL", "05")] == "=Farville"


def test_places_from_a_user_file_join_the_index(tmp_path, monkeypatch):
    """A village below the cities500 cut, added in a $SITREP_KB file, is found with the first-order
    division of its nearest town; the KB itself accepts the places section."""
    extra = tmp_path / "villages.yaml"
    extra.write_text("places:\n  - {name: Tell Qawsani, lat: 35.95, lon: 36.70, country: SYR,"
                     " aliases: [Tal Qawsani]}\n", encoding="utf-8")
    monkeypatch.setenv("SITREP_KB", str(extra))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    gz.get_gazetteer.cache_clear()
    try:
        [hit] = [c for c in gz.get_gazetteer().lookup("Tal Qawsani") if c.country == "SY"]
        assert hit.name == "Tell Qawsani" and hit.admin1 == "Idlib"
        from sitrep.kb import load_kb
        assert load_kb(extra=[extra]).lookup("Damascus") is not None
    finally:
        gz.get_gazetteer.cache_clear()


def test_a_malformed_place_is_a_clear_error(tmp_path):
    from sitrep.kb.loader import KBError
    bad = tmp_path / "bad.yaml"
    bad.write_text("places:\n  - {name: Nowhere, lat: 123, lon: 36.7, country: SY}\n", encoding="utf-8")
    with pytest.raises(KBError, match="bad.yaml: places\\[0\\]"):
        gb.extra_places([bad])
