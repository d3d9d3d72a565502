"""Agreement files: loading, validation errors naming file and field, zones, storage, the CLI."""
from __future__ import annotations

import json
import os
from pathlib import Path

import click
import pytest
import sqlalchemy as sa
import yaml
from click.testing import CliRunner
from conftest import open_test_store
from shapely import Point

from sitrep.agreements import (
    VIOLENT_TYPES,
    AgreementError,
    load_agreements,
    load_file,
    parse,
    save_agreements,
)
from sitrep.cli_agreements import register
from sitrep.link import haversine_km
from sitrep.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "agreements" / "idlib.yaml"
PG_URL = os.environ.get("SITREP_TEST_DATABASE_URL")
SQUARE = {"type": "Polygon", "coordinates": [[[36.4, 35.6], [37.0, 35.6], [37.0, 36.1], [36.4, 36.1], [36.4, 35.6]]]}
BOWTIE = {"type": "Polygon", "coordinates": [[[36.0, 35.0], [37.0, 36.0], [37.0, 35.0], [36.0, 36.0], [36.0, 35.0]]]}


def _valid(**changes) -> dict:
    data = {"id": "test-zone", "name": "Test ceasefire", "aliases": ["test truce"], "start": "2019-01-01",
            "end": "2020-06-30", "parties": ["RUS", {"name": "Turkey", "country": "TUR"}],
            "zone": {"geojson": SQUARE}}
    data.update(changes)
    return data


def _write(tmp_path, data, name="agreement.yaml") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if name.endswith("json") else yaml.safe_dump(data), encoding="utf-8")
    return path


def _error(tmp_path, data, name="agreement.yaml") -> AgreementError:
    path = _write(tmp_path, data, name)
    with pytest.raises(AgreementError) as caught:
        load_file(path)
    assert str(path) in str(caught.value)
    return caught.value


# ---- the example file ---------------------------------------------------------------------------------

def test_example_file_defines_the_idlib_agreements_with_sensible_zones():
    agreements = {a.id: a for a in load_file(EXAMPLE)}
    assert set(agreements) == {"idlib-2017", "idlib-2018", "idlib-dmz-2018"}
    sochi = agreements["idlib-2018"]
    assert sochi.start == "2018-09-17" and sochi.end is None
    assert "Russian-Turkish agreement" in sochi.aliases and sorted(sochi.forbids) == VIOLENT_TYPES
    assert agreements["idlib-2017"].start == "2017-05-06"
    for agreement in (agreements["idlib-2017"], sochi):
        assert agreement.zone.covers(Point(36.63, 35.93))            # Idlib city
        assert agreement.zone.covers(Point(36.80, 35.86))            # Saraqib
        assert not agreement.zone.covers(Point(37.16, 36.20))        # Aleppo city
        assert not agreement.zone.covers(Point(36.76, 35.13))        # Hama city
    dmz = agreements["idlib-dmz-2018"]
    assert dmz.zone.covers(Point(36.72, 35.27)) and not dmz.zone.covers(Point(36.63, 35.93))


# ---- validation -----------------------------------------------------------------------------------

def test_missing_start_names_the_field(tmp_path):
    data = _valid()
    del data["start"]
    assert _error(tmp_path, data).field == "start"


def test_end_before_start_names_end(tmp_path):
    error = _error(tmp_path, _valid(end="2018-12-31"))
    assert error.field == "end" and "before start" in str(error)


def test_bad_date_names_the_field(tmp_path):
    assert _error(tmp_path, _valid(start="17 September")).field == "start"


def test_self_intersecting_polygon_is_invalid(tmp_path):
    error = _error(tmp_path, _valid(zone={"geojson": BOWTIE}))
    assert error.field == "zone.geojson" and "Self-intersection" in str(error)


def test_geojson_structure_is_checked(tmp_path):
    open_ring = {"type": "Polygon", "coordinates": [[[36.4, 35.6], [37.0, 35.6], [37.0, 36.1], [36.4, 36.1]]]}
    assert "not closed" in str(_error(tmp_path, _valid(zone={"geojson": open_ring})))
    text_coords = {"type": "Polygon", "coordinates": [[["36.4", "35.6"]] * 4]}
    assert "[lon, lat]" in str(_error(tmp_path, _valid(zone={"geojson": text_coords})))
    assert "GeoJSON geometry" in str(_error(tmp_path, _valid(zone={"geojson": {"type": "Circle"}})))
    swapped = {"type": "Polygon", "coordinates": [[[35.6, 136.4], [35.6, 137.0], [36.1, 137.0], [35.6, 136.4]]]}
    assert "out of range" in str(_error(tmp_path, _valid(zone={"geojson": swapped})))


def test_unknown_admin_area_names_its_index(tmp_path):
    error = _error(tmp_path, _valid(zone={"admin": ["Idlib", "Atlantisia"], "country": "SY"}))
    assert error.field == "zone.admin[1]" and "Atlantisia" in str(error)


def test_unknown_event_type_names_forbids(tmp_path):
    error = _error(tmp_path, _valid(forbids=["AIR_STRIKE", "BOMBING"]))
    assert error.field == "forbids" and "BOMBING" in str(error)


def test_line_zone_needs_a_buffer_and_zone_needs_one_kind(tmp_path):
    assert _error(tmp_path, _valid(zone={"line": [[36.0, 35.0], [36.5, 35.5]]})).field == "zone.buffer_km"
    assert _error(tmp_path, _valid(zone={"line": [[36, 35], [36.5, 35.5]], "admin": ["Idlib"],
                                         "buffer_km": 5})).field == "zone"
    assert _error(tmp_path, _valid(zone=None)).field == "zone"


def test_unknown_field_and_bad_party_country(tmp_path):
    assert _error(tmp_path, _valid(starts="2019-01-01")).field == "starts"
    assert _error(tmp_path, _valid(parties=[{"name": "Turkey", "country": "TR"}])).field == "parties[0]"


def test_errors_in_a_list_name_the_agreement_index(tmp_path):
    second = _valid(id="other")
    del second["start"]
    error = _error(tmp_path, {"agreements": [_valid(), second]})
    assert error.field == "agreements[1].start"
    assert _error(tmp_path, [_valid(), _valid()]).field == "id"          # the same id twice


def test_bad_yaml_is_an_agreement_error(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(AgreementError, match="broken.yaml: file: not valid YAML"):
        load_file(path)


# ---- zones -----------------------------------------------------------------------------------------

def test_default_forbids_every_violent_type_and_only_those():
    agreement = parse(_valid())
    assert "AIR_STRIKE" in agreement.forbids and "ARMED_CLASH" in agreement.forbids and "ATTACK" in agreement.forbids
    assert "PEACE_PROTEST" not in agreement.forbids and "DIPLO" not in agreement.forbids


def test_buffer_around_a_line_is_measured_in_km():
    agreement = parse(_valid(zone={"line": [[36.0, 35.5], [37.0, 35.5]], "buffer_km": 10}))
    for km, inside in ((5, True), (9, True), (12, False), (20, False)):
        lat = 35.5 + km / 110.57
        assert round(haversine_km(35.5, 36.5, lat, 36.5)) == km
        assert agreement.zone.covers(Point(36.5, lat)) is inside, km


def test_buffer_around_points():
    agreement = parse(_valid(zone={"points": [[36.63, 35.93]], "buffer_km": 8}))
    assert agreement.zone.covers(Point(36.66, 35.95))            # about 3.5 km away
    assert not agreement.zone.covers(Point(36.80, 35.86))        # Saraqib, about 17 km away


def test_admin_areas_are_resolved_through_the_gazetteer():
    agreement = parse(_valid(zone={"admin": ["Idleb"], "country": "SY"}))
    assert agreement.admin == [{"country": "SY", "code": "12", "name": "Idlib"}]
    assert agreement.zone.covers(Point(36.80, 35.86))            # Saraqib, in Idlib province
    assert not agreement.zone.covers(Point(40.14, 35.33))        # Deir ez-Zor


def test_geojson_feature_collection_file(tmp_path):
    features = [{"type": "Feature", "geometry": SQUARE, "properties": {k: v for k, v in _valid().items()
                                                                       if k != "zone"}},
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.63, 35.93]},
                 "properties": {"id": "city", "name": "City truce", "start": "2020-01-01", "buffer_km": 5}}]
    path = _write(tmp_path, {"type": "FeatureCollection", "features": features}, "zones.geojson")
    agreements = load_file(path)
    assert [a.id for a in agreements] == ["test-zone", "city"]
    assert agreements[1].zone.geom_type == "Polygon" and agreements[1].zone.covers(Point(36.64, 35.94))
    features[1]["properties"].pop("buffer_km")
    error = _error(tmp_path, {"type": "FeatureCollection", "features": features}, "zones.geojson")
    assert error.field == "features[1].properties.zone.buffer_km"


# ---- storage and CLI --------------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    with open_test_store(request.param, tmp_path, "agreement") as opened:
        yield opened


def test_agreements_are_stored_and_the_same_id_replaces(any_store):
    save_agreements(any_store, load_file(EXAMPLE))
    assert [a.id for a in load_agreements(any_store)] == ["idlib-2017", "idlib-2018", "idlib-dmz-2018"]
    stored = load_agreements(any_store, ["idlib-2018"])[0]
    assert stored.zone.covers(Point(36.63, 35.93)) and stored.parties[0]["country"] == "RUS"
    save_agreements(any_store, [parse(_valid(id="idlib-2018", name="Renamed"))])
    again = load_agreements(any_store)
    assert len(again) == 3 and next(a for a in again if a.id == "idlib-2018").name == "Renamed"


@pytest.fixture
def cli():
    group = click.Group()
    register(group)
    runner = CliRunner()
    return lambda *args: runner.invoke(group, list(args))


def test_cli_add_list_show_and_replace(tmp_path, cli):
    db = str(tmp_path / "s.db")
    first = cli("agreements", "add", str(EXAMPLE), "--db", db)
    assert first.exit_code == 0 and first.output.count("added ") == 3
    again = cli("agreements", "add", str(EXAMPLE), "--db", db)
    assert again.exit_code == 0 and again.output.count("replaced ") == 3
    listed = json.loads(cli("agreements", "list", "--db", db, "--format", "json").output)
    assert [a["id"] for a in listed] == ["idlib-2017", "idlib-2018", "idlib-dmz-2018"]
    shown = json.loads(cli("agreements", "show", "idlib-dmz-2018", "--db", db).output)
    assert shown["zone"]["type"] == "Polygon" and shown["zone_spec"]["buffer_km"] == 15
    missing = cli("agreements", "show", "nope", "--db", db)
    assert missing.exit_code == 1 and "no agreement 'nope'" in missing.output


def test_cli_add_bad_file_stores_nothing_and_names_the_field(tmp_path, cli):
    db = str(tmp_path / "s.db")
    good, bad = _write(tmp_path, _valid(), "good.yaml"), _write(tmp_path, _valid(id="b", end="2010-01-01"), "bad.yaml")
    result = cli("agreements", "add", str(good), str(bad), "--db", db)
    assert result.exit_code == 1 and "bad.yaml: end:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "s.db").exists()                 # checked before the database is opened


def test_a_database_made_before_agreements_existed_gets_the_table(tmp_path):
    from sitrep.store.schema import metadata
    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    metadata.create_all(engine, tables=[t for t in metadata.sorted_tables if t.name != "agreements"])
    engine.dispose()
    with Store(str(path)) as store:
        save_agreements(store, [parse(_valid())])
        assert [a.id for a in load_agreements(store)] == ["test-zone"]
