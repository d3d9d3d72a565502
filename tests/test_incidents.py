"""Incidents: build from the store, exports (JSON, CSV, GeoJSON, Parquet), the daily report, the CLI."""
from __future__ import annotations

import csv
import io
import json
import os

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from conftest import open_test_store

from sitrep import export
from sitrep.cli_incidents import register
from sitrep.incidents import (
    build_incidents,
    ensure_incidents,
    load_incident,
    load_incidents,
    needs_rebuild,
    stable_ids,
    update_incidents,
)
from sitrep.model import Actor, Casualty, Document, Event, EventDate, Evidence, Extraction, Location
from sitrep.report import daily_report
from sitrep.store import Store
from sitrep.store.schema import incident_members

IDLIB = {"name": "Idlib", "lat": 35.93, "lon": 36.63, "country": "SY", "admin1": "Idlib", "precision": "town"}
NEAR_IDLIB = {"name": "Saraqib", "lat": 35.86, "lon": 36.80, "country": "SY", "admin1": "Idlib",
              "precision": "town"}
FAR_AWAY = {"name": "Deir ez-Zor", "lat": 35.33, "lon": 40.14, "country": "SY", "admin1": "Deir ez-Zor",
            "precision": "town"}

# Project-written report texts (their content only matters to the reprint detector).
TURKISH = ("The defence ministry in Ankara said on Thursday that two of its soldiers died and five were hurt "
           "when government aircraft bombed positions held by its troops in the countryside of the province. "
           "Officials added that retaliatory fire hit dozens of targets overnight and promised a firm answer.")
RUSSIAN = ("Moscow's defence ministry stated that its jets carried out strikes on advancing armed groups near "
           "the provincial capital on Thursday, and that the command had not been told Turkish units were "
           "present in the area. It said the groups had broken through the lines with support from outside.")
AGENCY = ("An international news agency reported that air raids near the provincial capital on Thursday "
          "killed three Turkish servicemen, citing two officials who spoke on condition of anonymity, and "
          "that ambulances carried the wounded toward the border crossing later in the afternoon.")
OTHER = ("A rocket attack on a checkpoint in the eastern desert city on Thursday killed four guards, a war "
         "monitor said, adding that the launch site was located on the far side of the river valley.")
LATER = ("Jets struck a market near the provincial capital ten days after the earlier raids, residents told "
         "a local radio station, saying that two stalls burned and that nobody was hurt in the attack.")


def _event(doc_id, type_="AIR_STRIKE", day="2020-02-20", loc=IDLIB, perpetrator=None, target=None,
           killed=None, injured=None, status="asserted"):
    actors = []
    if perpetrator:
        actors.append(Actor(role="perpetrator", text=perpetrator[0], name=perpetrator[0], country=perpetrator[1],
                            sector="military"))
    if target:
        actors.append(Actor(role="target", text=target, name=target, country=None, sector="rebels"))
    casualties = []
    if killed is not None or injured is not None:
        casualties.append(Casualty(group="Turkish soldiers", country="TUR", sector="military", killed=killed,
                                   injured=injured))
    return Event(id=f"{doc_id}#1", type=type_, plover={"event": "ASSAULT", "mode": "aerial"}, status=status,
                 confidence=0.9, date=EventDate(start=day, end=day, precision="day"), location=Location(**loc),
                 actors=actors, casualties=casualties, evidence=Evidence(start=0, end=30, trigger="struck"))


def _pair(doc_id, text, outlet, event, published="2020-02-21"):
    document = Document(text=text, id=doc_id, published=published, outlet=outlet)
    extraction = Extraction(id=doc_id, published=published, outlet=outlet, events=[event])
    return extraction, document


def _ingest(store, *pairs):
    return store.ingest([p[0] for p in pairs], [p[1] for p in pairs])


def _two_sides():
    """The same strike told by the Turkish and the Russian side (different perpetrators, one with deaths)."""
    return (
        _pair("tr", TURKISH, "Anadolu Agency",
              _event("tr", perpetrator=("Syrian Arab Army", "SYR"), killed=2, injured=5)),
        _pair("ru", RUSSIAN, "TASS",
              _event("ru", loc=NEAR_IDLIB, perpetrator=("Russian Aerospace Forces", "RUS"), target="militants")),
    )


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "sitrep.db")


PG_URL = os.environ.get("SITREP_TEST_DATABASE_URL")


@pytest.fixture
def store(db):
    with Store(db) as opened:
        yield opened


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    """A store on SQLite (the ``db`` file), and on PostgreSQL (a fresh schema) when configured."""
    with open_test_store(request.param, tmp_path, "incident") as opened:
        yield opened


@pytest.fixture
def cli():
    group = click.Group()
    register(group)
    runner = CliRunner()
    return lambda *args: runner.invoke(group, list(args))


def test_two_sides_of_one_strike_make_one_contested_incident(any_store):
    store = any_store
    _ingest(store, *_two_sides(), _pair("far", OTHER, "Reuters",
                                        _event("far", "ART_MISS_ATTACK", loc=FAR_AWAY, killed=4)))
    built = build_incidents(store)
    assert len(built) == 2                                   # the far-away attack stays apart
    strike = next(i for i in built if {c["event_id"] for c in i["claims"]} == {"tr#1", "ru#1"})
    assert sorted(strike["sources"]) == ["Anadolu Agency", "TASS"]
    assert {c["alignment"] for c in strike["claims"]} == {"TUR", "RUS"}
    assert strike["killed"] == {"low": 2, "best": 2, "high": 2}
    assert strike["injured"] == {"low": 5, "best": 5, "high": 5}
    perpetrator = next(c for c in strike["contradictions"] if c["field"] == "perpetrator")
    assert {v["value"]: v["sources"] for v in perpetrator["values"]} == {
        "Russian Aerospace Forces": ["TASS"], "Syrian Arab Army": ["Anadolu Agency"]}
    assert strike["grade"] == "contested"
    assert strike["targets"] == ["militants"]
    far = next(i for i in built if i is not strike)
    assert far["claims"][0]["event_id"] == "far#1" and far["grade"] == "single-source"
    assert store.status()["incidents"] == 2


def test_memberships_are_stored_with_score_and_reasons_and_rebuild_replaces(any_store):
    store = any_store
    _ingest(store, *_two_sides())
    build_incidents(store)
    build_incidents(store)                                   # replaces, does not duplicate
    with store.engine.connect() as conn:
        members = conn.execute(sa.select(incident_members)).mappings().all()
    assert len(members) == 2 and {m["incident_id"] for m in members} == {1}
    linked = next(m for m in members if not m["reasons"].get("seed"))
    assert 0.6 <= linked["score"] <= 1.0
    assert set(linked["reasons"]) >= {"date", "place_km", "type", "actors"}
    assert linked["reasons"]["actors"] == "contested perpetrator"
    assert store.status()["incidents"] == 1
    record = load_incident(store, 1)
    assert record["id"] == 1 and load_incident(store, 99) is None


def test_new_reports_trigger_a_rebuild_and_link_into_the_incident(any_store):
    store = any_store
    _ingest(store, *_two_sides())
    assert needs_rebuild(store) and ensure_incidents(store)
    assert not needs_rebuild(store) and not ensure_incidents(store)
    _ingest(store, _pair("ag", AGENCY, "Reuters", _event("ag", "ATTACK", killed=3)),
            _pair("later", LATER, "Local Radio", _event("later", day="2020-03-01")))
    assert needs_rebuild(store) and ensure_incidents(store)
    found = load_incidents(store)
    assert len(found) == 2                                   # ten days later is another incident
    strike = found[0]
    assert {c["event_id"] for c in strike["claims"]} == {"tr#1", "ru#1", "ag#1"}
    assert strike["killed"] == {"low": 2, "best": 2, "high": 3}
    killed = next(c for c in strike["contradictions"] if c["field"] == "killed")
    assert {v["value"] for v in killed["values"]} == {"2", "3"}
    assert [i["id"] for i in load_incidents(store, since="2020-02-25")] == [found[1]["id"]]
    assert load_incidents(store, country="TR") == []


def test_a_reprint_is_not_an_independent_source(store):
    copy = "Republished with permission from a partner agency. " + TURKISH
    _ingest(store, *_two_sides())
    _ingest(store, _pair("copy", copy, "Daily Sabah",
                         _event("copy", perpetrator=("Syrian Arab Army", "SYR"), killed=2), published="2020-02-22"))
    strike = build_incidents(store)[0]
    claim = next(c for c in strike["claims"] if c["event_id"] == "copy#1")
    assert claim["reprint_of"] == "tr" and claim["independent"] is False
    assert next(c for c in strike["claims"] if c["event_id"] == "tr#1")["independent"] is True


def test_csv_has_acled_columns_and_opens_with_dictreader(store):
    _ingest(store, *_two_sides())
    built = build_incidents(store)
    text = export.to_csv(built)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and list(rows[0]) == export.CSV_COLUMNS
    row = rows[0]
    assert row["event_id_cnty"] == "SYR1" and row["event_date"] == "2020-02-20"
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert row["country"] == "Syria" and row["fatalities"] == "2" and row["grade"] == "contested"
    assert float(row["latitude"]) == pytest.approx(built[0]["location"]["lat"]) and row["geo_precision"] == "1"
    assert row["location"] in ("Idlib", "Saraqib") and row["admin1"] == "Idlib"
    assert "disputed perpetrator" in row["notes"]


def test_parquet_has_csv_columns_with_typed_numbers_and_nulls(store, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    _ingest(store, *_two_sides(), _pair("nowhere", OTHER, "Reuters", _event(
        "nowhere", "ARMED_CLASH", day="2020-01-05", loc={"name": None, "lat": None, "lon": None, "country": None,
                                                             "admin1": None, "precision": "unknown"})))
    built = build_incidents(store)
    path = tmp_path / "incidents.parquet"
    export.to_parquet(built, str(path))
    table = pq.read_table(path)
    assert table.num_rows == len(built) == 2 and table.column_names == export.CSV_COLUMNS
    assert table.schema.field("event_date").type == pa.string()          # dates stay ISO text
    assert table.schema.field("fatalities").type == pa.int64()
    assert table.schema.field("latitude").type == pa.float64()
    rows = {row["event_id_cnty"]: row for row in table.to_pylist()}
    strike = rows["SYR" + str(next(i["id"] for i in built if i["location"]["lat"] is not None))]
    assert strike["event_date"] == "2020-02-20" and strike["fatalities"] == 2 and strike["geo_precision"] == 1
    assert strike["latitude"] == pytest.approx(next(i for i in built if i["location"]["lat"])["location"]["lat"])
    assert strike["country"] == "Syria" and strike["grade"] == "contested"
    nowhere = next(row for key, row in rows.items() if key.startswith("XXX"))
    assert nowhere["latitude"] is None and nowhere["geo_precision"] is None   # blanks are nulls, not ""
    assert nowhere["fatalities"] == 0 and nowhere["event_date"] == "2020-01-05"


def test_geojson_is_a_feature_collection_of_points(store):
    _ingest(store, *_two_sides(), _pair("nowhere", OTHER, "Reuters", _event(
        "nowhere", "ARMED_CLASH", day="2020-01-05", loc={"name": None, "lat": None, "lon": None, "country": None,
                                                             "admin1": None, "precision": "unknown"})))
    built = build_incidents(store)
    collection = json.loads(export.render(built, "geojson"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 1 < len(built)    # the incident without a place is left out
    feature = collection["features"][0]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    strike = next(i for i in built if i["location"]["lat"] is not None)
    assert (lon, lat) == pytest.approx((strike["location"]["lon"], strike["location"]["lat"]))  # [lon, lat]
    assert 36 < lon < 37 and 35 < lat < 36
    assert feature["properties"]["grade"] == "contested"


def test_report_escapes_html_and_calls_out_contradictions(store):
    evil = "<script>alert('x')</script> Wire"
    _ingest(store, *_two_sides(), _pair("evil", AGENCY, evil, _event("evil", "ATTACK", killed=3)),
            _pair("later", LATER, "Local Radio", _event("later", day="2020-03-01")))
    built = build_incidents(store)
    page = daily_report(built, "2020-02-20")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Disputed perpetrator" in page and "Disputed killed" in page
    assert "2 (2–3)" in page                                 # killed as best (low–high)
    assert "<svg" in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "incident-1" in page and "incident-2" not in page  # 1 March is not on this day


def test_cli_incidents_json_and_formats(db, store, cli, tmp_path):
    _ingest(store, *_two_sides())
    result = cli("incidents", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data) == 1
    for key in ("id", "type", "date", "location", "claims", "sources", "killed", "injured", "perpetrators",
                "contradictions", "grade"):
        assert key in data[0]
    assert set(data[0]["claims"][0]) >= {"event_id", "document_id", "outlet", "alignment", "independent",
                                         "reprint_of"}
    assert cli("incidents", "--db", db, "--format", "jsonl").output.count("\n") == 1
    assert cli("incidents", "--db", db, "--since", "2020-02-21", "--format", "json").output.strip() == "[]"
    out = tmp_path / "x.geojson"
    assert cli("incidents", "--db", db, "--format", "geojson", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["type"] == "FeatureCollection"
    parquet = tmp_path / "x.parquet"
    assert cli("incidents", "--db", db, "--format", "parquet", "-o", str(parquet)).exit_code == 0
    assert parquet.read_bytes()[:4] == b"PAR1"
    for args in ([], ["-o", "-"]):                           # binary output never goes to the terminal
        refused = cli("incidents", "--db", db, "--format", "parquet", *args)
        assert refused.exit_code == 1 and isinstance(refused.exception, SystemExit)
        assert len(refused.output.strip().splitlines()) == 1 and "-o FILE" in refused.output
    table = cli("incidents", "--db", db)
    assert table.exit_code == 0 and "contested" in table.output
    shown = cli("incident", "1", "--db", db)
    assert shown.exit_code == 0, shown.output
    assert "RUS" in shown.output and "TUR" in shown.output and "Disputed perpetrator" in shown.output
    page = tmp_path / "r.html"
    assert cli("report", "--date", "2020-02-20", "--db", db, "-o", str(page)).exit_code == 0
    assert page.read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("args, message", [
    (["incident", "7"], "no incident 7"),
    (["incident", "seven"], "must be a number"),
    (["incidents", "--since", "2020-13-45"], "not a valid date"),
    (["report", "--date", "2020-02-30"], "not a valid date"),
    (["incidents", "--country", "Syria"], "alpha-2"),
])
def test_cli_bad_input_is_one_line(db, store, cli, args, message):
    _ingest(store, *_two_sides())
    result = cli(*args[:1], *(["--db", db] + args[1:] if args[0] != "incident" else args[1:] + ["--db", db]))
    assert result.exit_code != 0
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert isinstance(result.exception, SystemExit)          # no traceback


@pytest.mark.parametrize("url", ["missing-dir/none.db", "postgresql://nobody@127.0.0.1:1/nothing"])
def test_cli_unreachable_database(cli, tmp_path, url):
    target = str(tmp_path / url) if "://" not in url else url
    for args in (["incidents", "--db", target], ["incident", "1", "--db", target],
                 ["report", "--date", "2020-02-20", "--db", target]):
        result = cli(*args)
        assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_pipeline_reports_from_three_sides_form_one_incident(store):
    """End to end with the NLP pipeline on three short project-written reports about one strike."""
    from sitrep.pipeline import extract_many
    docs = [
        Document(id="ru", outlet="TASS", published="2020-02-21", text=(
            "MOSCOW, February 21. Russian warplanes struck terrorist positions near the town of Saraqib in Idlib "
            "province on Thursday, the Russian Defence Ministry said. The ministry said it had not been informed "
            "that Turkish troops were in the area.")),
        Document(id="tr", outlet="Anadolu Agency", published="2020-02-21", text=(
            "ANKARA. Two Turkish soldiers were killed and five were wounded in an air strike by Syrian government "
            "forces near Saraqib in Idlib on Thursday, the Turkish Defence Ministry said.")),
        Document(id="ag", outlet="Reuters", published="2020-02-21", text=(
            "Air strikes near Saraqib in northwest Syria killed three Turkish soldiers on Thursday, two Turkish "
            "security officials said.")),
    ]
    store.ingest(list(extract_many(docs)), docs)
    built = build_incidents(store)
    strike = next(i for i in built if {"ru", "tr", "ag"} <= {c["document_id"] for c in i["claims"]})
    assert strike["type"] == "AIR_STRIKE" and strike["date"]["start"] == "2020-02-20"
    assert {"RUS", "TUR", "international"} <= {c["alignment"] for c in strike["claims"]}
    assert strike["killed"]["low"] == 2 and strike["killed"]["high"] == 3
    killed = next(c for c in strike["contradictions"] if c["field"] == "killed")
    assert ("2", ["Anadolu Agency"]) in [(v["value"], v["sources"]) for v in killed["values"]]
    assert strike["grade"] == "contested"


def test_incident_rows_carry_the_summary_columns_of_their_record(any_store):
    from sitrep.store.schema import incidents as incidents_table
    store = any_store
    _ingest(store, *_two_sides(), _pair("far", OTHER, "Reuters",
                                        _event("far", "ART_MISS_ATTACK", loc=FAR_AWAY, killed=4)))
    built = build_incidents(store)
    assert len(built) == 2
    with store.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(sa.select(incidents_table))}
    for record in built:
        row = rows[record["id"]]
        assert row.grade == record["grade"]
        assert row.n_sources == len(record["sources"])
        assert row.killed_best == (record["killed"] or {}).get("best")
        assert (record["type"] or "").lower() in row.search_text


# ---------------------------------------------------------------- incremental linking, stable ids

def _ids_by_claims(store) -> dict[frozenset, int]:
    return {frozenset(c["event_id"] for c in r["claims"]): r["id"] for r in load_incidents(store)}


def test_new_reports_link_into_stored_incidents_without_renumbering(any_store):
    store = any_store
    _ingest(store, _pair("later", LATER, "Local Radio", _event("later", day="2020-03-01")))
    _ingest(store, _pair("jan", OTHER, "Reuters", _event("jan", "ART_MISS_ATTACK", day="2020-01-05", loc=FAR_AWAY)))
    assert [r["id"] for r in update_incidents(store)] == [1, 2]       # in the linker's (date) order
    _ingest(store, *_two_sides())
    written = update_incidents(store)
    assert [r["id"] for r in written] == [3]                           # a new incident, a new id
    assert {c["event_id"] for c in written[0]["claims"]} == {"tr#1", "ru#1"}
    with store.engine.connect() as conn:
        before = {m["event_id"]: dict(m) for m in conn.execute(sa.select(incident_members)).mappings()}
    _ingest(store, _pair("ag", AGENCY, "Reuters", _event("ag", "ATTACK", killed=3)))
    written = update_incidents(store)
    assert [r["id"] for r in written] == [3]                           # only the changed incident is rewritten
    assert written[0]["killed"] == {"low": 2, "best": 2, "high": 3}
    assert load_incident(store, 3)["killed"]["high"] == 3
    assert _ids_by_claims(store) == {frozenset({"later#1"}): 2, frozenset({"jan#1"}): 1,
                                     frozenset({"tr#1", "ru#1", "ag#1"}): 3}
    with store.engine.connect() as conn:
        members = conn.execute(sa.select(incident_members)).mappings().all()
    assert len(members) == 5 and not update_incidents(store)          # nothing unlinked: nothing written
    ag = next(m for m in members if m["event_id"] == "ag#1")
    assert ag["incident_id"] == 3 and ag["reasons"]["linked_to"] in ("tr#1", "ru#1")
    assert {m["event_id"]: dict(m) for m in members if m["event_id"] != "ag#1"} == before   # kept as they were
    assert sorted(str(before[e]["reasons"].get("seed")) for e in ("tr#1", "ru#1")) == ["None", "True"]


def test_rebuild_keeps_the_ids_of_surviving_incidents(any_store):
    store = any_store
    _ingest(store, _pair("later", LATER, "Local Radio", _event("later", day="2020-03-01")))
    ensure_incidents(store)                                            # the March strike is incident 1
    _ingest(store, *_two_sides())
    ensure_incidents(store)                                            # the February strike is incident 2
    before = _ids_by_claims(store)
    rebuilt = build_incidents(store)                                   # from scratch it would be 1 (earlier)
    assert _ids_by_claims(store) == before and [r["id"] for r in rebuilt] == [1, 2]
    from sitrep.store.schema import incidents as incidents_table
    with store.engine.begin() as conn:                                 # the id sequence is ahead (PostgreSQL)
        fresh = conn.execute(incidents_table.insert().values(type="OTHER").returning(incidents_table.c.id))
        assert fresh.scalar_one() > 2
        conn.execute(incidents_table.delete().where(incidents_table.c.type == "OTHER"))


def test_stable_ids_greedy_by_overlap():
    old = {"a": 5, "b": 5, "c": 5, "d": 9, "e": 9}
    # the first new incident shares 2 claims with 5, the second 1 with 5 and 2 with 9, the third nothing
    assert stable_ids([["a", "b"], ["c", "d", "e"], ["x"]], old, 10) == [5, 9, 10]
    # a split: the larger part keeps the id, the smaller one gets a fresh id
    assert stable_ids([["a"], ["b", "c"]], old, 10) == [10, 5]
    assert stable_ids([["y"], ["z"]], {}, 1) == [1, 2]


def test_a_statement_about_a_stored_event_joins_its_incident_later(store):
    _ingest(store, *_two_sides())
    ensure_incidents(store)
    statement = _event("stmt", "ATTRIB", day="2020-02-27",
                       loc={"name": None, "lat": None, "lon": None, "country": None, "admin1": None,
                            "precision": "unknown"})
    statement.refers_to = "tr#1"
    _ingest(store, _pair("stmt", "A week later the ministry repeated its account of the raid.", "TRT World",
                         statement, published="2020-02-28"))
    written = update_incidents(store)
    assert len(written) == 1 and {c["event_id"] for c in written[0]["claims"]} == {"tr#1", "ru#1", "stmt#1"}


def test_an_update_reads_only_the_incidents_near_the_new_claims(store, monkeypatch):
    import sitrep.incidents as incidents_module
    _ingest(store, _pair("jan", OTHER, "Reuters", _event("jan", "ART_MISS_ATTACK", day="2020-01-05")),
            _pair("far", LATER, "Local Radio", _event("far", loc=FAR_AWAY)), *_two_sides())
    ensure_incidents(store)
    loaded = []

    class SpyLinker(incidents_module.Linker):
        def add_incident(self, incident_id, events, members=None):
            loaded.append({e["id"] for e in events})
            super().add_incident(incident_id, events, members)

    monkeypatch.setattr(incidents_module, "Linker", SpyLinker)
    _ingest(store, _pair("ag", AGENCY, "Reuters", _event("ag", "ATTACK", killed=3)))
    written = update_incidents(store)
    assert loaded == [{"tr#1", "ru#1"}]        # not January's, not the same day's 320 km away
    assert [{c["event_id"] for c in r["claims"]} for r in written] == [{"tr#1", "ru#1", "ag#1"}]


def test_a_claim_without_date_is_found_on_its_publication_day(any_store):
    store = any_store
    undated = _event("undated", perpetrator=("Syrian Arab Army", "SYR"))
    undated.date = EventDate(start=None, end=None, precision="unknown")
    _ingest(store, _pair("undated", TURKISH, "Anadolu Agency", undated, published="2020-02-21"),
            _pair("old", OTHER, "Reuters", _event("old", day="2019-06-01")))
    ensure_incidents(store)
    _ingest(store, _pair("ag", AGENCY, "Reuters",
                         _event("ag", "ATTACK", killed=3, perpetrator=("Syrian Arab Army", "SYR"))))
    written = update_incidents(store)
    assert [{c["event_id"] for c in r["claims"]} for r in written] == [{"undated#1", "ag#1"}]
    assert written[0]["id"] == _ids_by_claims(store)[frozenset({"undated#1", "ag#1"})]


def test_cli_rebuild_keeps_ids(db, store, cli):
    _ingest(store, _pair("later", LATER, "Local Radio", _event("later", day="2020-03-01")))
    assert cli("incidents", "--db", db, "--format", "json").exit_code == 0     # links it: incident 1
    _ingest(store, *_two_sides())
    listed = json.loads(cli("incidents", "--db", db, "--format", "json").output)
    before = {frozenset(c["event_id"] for c in r["claims"]): r["id"] for r in listed}
    assert before == {frozenset({"later#1"}): 1, frozenset({"tr#1", "ru#1"}): 2}
    rebuilt = json.loads(cli("incidents", "--db", db, "--rebuild", "--format", "json").output)
    assert {frozenset(c["event_id"] for c in r["claims"]): r["id"] for r in rebuilt} == before


def test_figure_text_shows_upper_bounds_and_running_tolls():
    from sitrep.report import figure_text
    assert figure_text({"low": None, "best": None, "high": 50}) == "up to 50"
    assert figure_text({"low": 74, "best": 74, "high": 2212, "basis": "running"}) == "74 (74–2212), running toll"
    assert figure_text({"low": 3, "best": 3, "high": 3}) == "3"


def test_csv_row_of_an_upper_bound_only_toll():
    """'50 neutralised' alone: ACLED's fatalities stay 0 (not known), the high end keeps the bound."""
    row = export.csv_row({"type": "AIR_STRIKE", "killed": {"low": None, "best": None, "high": 50},
                          "sources": ["Anadolu Agency"]})
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (0, None, 50)
    assert "killed up to 50" in export.notes({"type": "AIR_STRIKE", "killed": {"low": None, "best": None, "high": 50}})
