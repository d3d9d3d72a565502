"""Violations: zone, period and precision rules; versions by side; disputes; allegations; tallies; report; CLI."""
from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner
from conftest import open_test_store

from sitrep.agreements import parse, save_agreements
from sitrep.cli_agreements import register as register_agreements
from sitrep.cli_incidents import register as register_incidents
from sitrep.incidents import build_incidents, load_incidents
from sitrep.model import Actor, Document, Event, EventDate, Evidence, Extraction, Location, Source
from sitrep.report import daily_report
from sitrep.store import Store
from sitrep.violations import UNNAMED, _Zone, find_violations, for_report, match, tally

SQUARE = {"type": "Polygon", "coordinates": [[[36.4, 35.6], [37.0, 35.6], [37.0, 36.1], [36.4, 36.1], [36.4, 35.6]]]}
PARTIES = [{"name": "Russia", "country": "RUS"}, {"name": "Turkey", "country": "TUR"},
           {"name": "Syrian government", "country": "SYR"},
           {"name": "armed opposition", "sectors": ["rebels"], "aliases": ["militants"]}]
SARAQIB = {"name": "Saraqib", "lat": 35.86, "lon": 36.80, "country": "SY", "admin1": "Idlib", "precision": "town"}
IDLIB = {"name": "Idlib", "lat": 35.93, "lon": 36.63, "country": "SY", "admin1": "Idlib", "precision": "town"}
IDLIB_REGION = {"name": "Idlib", "lat": 35.8, "lon": 36.6, "country": "SY", "admin1": "Idlib", "precision": "region"}
DEIR = {"name": "Deir ez-Zor", "lat": 35.33, "lon": 40.14, "country": "SY", "admin1": "Deir ez-Zor",
        "precision": "town"}

# Project-written texts. The Russian report holds a strike and, in its second sentence, an allegation.
RU_STRIKE = "Armed groups attacked army positions near the town on Thursday, Moscow said. "
RU_ALLEGATION = "Its ministry called the shelling by Turkish units a gross violation of the Sochi deal."
TR_TEXT = "Ankara said government aircraft struck its observation post near the town on Thursday night."
PRAISE = "The envoy welcomed the Sochi deal on Thursday and hoped that calm would hold in the province."
OTHER_LAW = "The council said the raid was a violation of international humanitarian law, on Thursday."
BROKE_THROUGH = "Fighters broke through the army's lines inside the de-escalation zone on Saturday."
SHELLED = "Turkish guns shelled a village on Saturday in violation of the Sochi deal, the ministry said."


def _agreement(**changes):
    data = {"id": "test-zone", "name": "Test ceasefire", "aliases": ["Sochi deal", "de-escalation zone"],
            "start": "2019-01-01", "end": "2020-03-05", "parties": PARTIES, "zone": {"geojson": SQUARE}}
    data.update(changes)
    return parse(data)


def _incident(type_="AIR_STRIKE", start="2020-02-20", end=None, loc=SARAQIB, id_=1):
    return {"id": id_, "type": type_, "date": {"start": start, "end": end or start, "precision": "day"},
            "location": loc, "claims": []}


# ---- where, when, what ----------------------------------------------------------------------------

@pytest.mark.parametrize("incident, expected", [
    (_incident(), "likely"),                                              # town inside, in force
    (_incident(loc=DEIR), None),                                          # town outside
    (_incident(start="2018-06-01"), None),                                # before the agreement
    (_incident(start="2020-03-06"), None),                                # after it ended
    (_incident(start="2018-12-30", end="2019-01-02"), "possible"),        # only partly in the period
    (_incident(loc=IDLIB_REGION), "possible"),                            # region overlapping the zone
    (_incident(loc={**DEIR, "precision": "region"}), None),               # region far away
    (_incident(loc={"name": "Syria", "lat": 35.0, "lon": 38.0, "country": "SY", "precision": "country"}),
     "possible"),
    (_incident(loc={"name": "Iraq", "lat": 33.0, "lon": 44.0, "country": "IQ", "precision": "country"}), None),
    (_incident(type_="PEACE_PROTEST"), None),                             # not a forbidden type
    (_incident(type_="DIPLO"), None),
    (_incident(loc={**SARAQIB, "precision": "unknown"}), None),
])
def test_zone_period_precision_and_type(incident, expected):
    found = match(incident, _Zone(_agreement()))
    assert (found or {}).get("confidence") == expected


def test_admin_area_zone_goes_by_the_admin1_name():
    zone = _Zone(_agreement(zone={"admin": ["Idlib"], "country": "SY"}))
    assert match(_incident(loc={**SARAQIB, "lat": None, "lon": None}), zone)["confidence"] == "likely"
    assert match(_incident(loc=IDLIB_REGION), zone)["confidence"] == "possible"
    hama = {"name": "Kafr Zita", "lat": 35.37, "lon": 36.60, "country": "SY", "admin1": "Hama", "precision": "town"}
    assert match(_incident(loc=hama), zone) is None


def test_forbids_limits_the_types():
    zone = _Zone(_agreement(forbids=["AIR_STRIKE"]))
    assert match(_incident(), zone) and match(_incident(type_="ARMED_CLASH"), zone) is None


# ---- a synthetic store ---------------------------------------------------------------------------

def _event(doc_id, n, type_="AIR_STRIKE", day="2020-02-20", loc=SARAQIB, perpetrators=(), targets=(),
           span=(0, 30), plover="ASSAULT", status="asserted", speaker=None):
    actors = [Actor(role="perpetrator", text=name, name=name, country=country, sector=sector)
              for name, country, sector in perpetrators]
    actors += [Actor(role="target", text=name, name=name, country=country, sector=sector)
               for name, country, sector in targets]
    attribution = [Source(name=speaker[0], kind="organization", affiliation=speaker[1])] if speaker else []
    return Event(id=f"{doc_id}#{n}", type=type_, plover={"event": plover}, status=status, confidence=0.9,
                 date=EventDate(start=day, end=day, precision="day"), location=Location(**loc), actors=actors,
                 attribution=attribution, evidence=Evidence(start=span[0], end=span[1], trigger="x"))


def _doc(doc_id, text, outlet, *events, published="2020-02-21"):
    return (Extraction(id=doc_id, published=published, outlet=outlet, events=list(events)),
            Document(text=text, id=doc_id, published=published, outlet=outlet))


def _fill(store):
    ru_text = RU_STRIKE + RU_ALLEGATION
    docs = [
        _doc("ru", ru_text, "TASS",
             _event("ru", 1, perpetrators=[("militants", None, "rebels")], targets=[("Syrian Arab Army", "SYR",
                                                                                    "military")]),
             _event("ru", 2, type_="DIPLO", plover="ACCUSE", span=(len(RU_STRIKE), len(ru_text)),
                    targets=[("Turkish Armed Forces", "TUR", "military")],
                    speaker=("Ministry of Defence (Russia)", "RUS"))),
        _doc("tr", TR_TEXT, "Anadolu Agency",
             _event("tr", 1, perpetrators=[("Syrian Arab Army", "SYR", "military")])),
        # another day, inside: both sides name the Russian air force
        _doc("ru3", "Russian jets struck rebel depots in the provincial capital on Tuesday.", "TASS",
             _event("ru3", 1, day="2020-02-25", loc=IDLIB, perpetrators=[("Russian Aerospace Forces", "RUS",
                                                                          "military")])),
        _doc("tr3", "Russian aircraft bombed the provincial capital on Tuesday, Turkish officials said.",
             "Anadolu Agency",
             _event("tr3", 1, day="2020-02-25", loc=IDLIB, perpetrators=[("Russian Aerospace Forces", "RUS",
                                                                          "military")])),
        _doc("far", "A rocket hit a checkpoint in the eastern desert city on Thursday.", "Reuters",
             _event("far", 1, type_="ART_MISS_ATTACK", loc=DEIR)),
        _doc("old", "Shelling hit the town long before any truce was signed.", "Reuters",
             _event("old", 1, day="2018-06-01")),
        _doc("praise", PRAISE, "Reuters", _event("praise", 1, type_="DIPLO", plover="CONSULT", span=(0, len(PRAISE)),
                                                 day="2020-02-22")),
        _doc("law", OTHER_LAW, "Reuters", _event("law", 1, type_="DIPLO", plover="ACCUSE", span=(0, len(OTHER_LAW)),
                                                 day="2020-02-22")),
        # allegation-like sentences typed as acts (outside the zone, so no violation of their own)
        _doc("broke", BROKE_THROUGH, "Reuters", _event("broke", 1, type_="ARMED_CLASH", loc=DEIR, day="2020-02-22",
                                                       span=(0, len(BROKE_THROUGH)),
                                                       perpetrators=[("militants", None, "rebels")])),
        _doc("shelled", SHELLED, "TASS", _event("shelled", 1, type_="ART_MISS_ATTACK", loc=DEIR, day="2020-02-22",
                                                span=(0, len(SHELLED)),
                                                perpetrators=[("Turkish Armed Forces", "TUR", "military")])),
    ]
    store.ingest([d[0] for d in docs], [d[1] for d in docs])
    build_incidents(store)
    save_agreements(store, [_agreement()])


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "sitrep.db")
    with Store(path) as store:
        _fill(store)
    return path


@pytest.fixture
def found(db):
    with Store(db) as store:
        return find_violations(store, [_agreement()], load_incidents(store))


def _claims(violation):
    return {c for v in violation["versions"] for c in v["claims"]}


def test_only_incidents_inside_and_in_force_are_violations(found):
    claims = set().union(*(_claims(v) for v in found["violations"]))
    assert {"ru#1", "tr#1", "ru3#1", "tr3#1"} <= claims
    assert not claims & {"far#1", "old#1"}
    assert all(v["confidence"] == "likely" and v["agreement"] == "test-zone" for v in found["violations"])


def test_sides_blaming_different_parties_make_a_disputed_violation(found):
    violation = next(v for v in found["violations"] if "tr#1" in _claims(v))
    assert violation["attribution"] == "disputed"
    versions = {v["side"]: v for v in violation["versions"]}
    assert set(versions) == {"RUS", "TUR"}
    assert versions["TUR"]["blames"] == ["Syrian government"] and versions["TUR"]["sources"] == ["Anadolu Agency"]
    assert versions["RUS"]["blames"] == ["Turkey", "armed opposition"]    # the strike plus the allegation
    parties = {p["name"]: p["named_by"] for p in violation["parties"]}
    assert parties == {"Syrian government": ["TUR"], "Turkey": ["RUS"], "armed opposition": ["RUS"]}


def test_sides_naming_the_same_party_attribute_it_and_own_side_is_an_admission(found):
    violation = next(v for v in found["violations"] if "tr3#1" in _claims(v))
    assert violation["attribution"] == "attributed" and violation["parties"] == [
        {"name": "Russia", "named_by": ["RUS", "TUR"]}]
    versions = {v["side"]: v for v in violation["versions"]}
    assert versions["RUS"]["admits"] == ["Russia"] and versions["RUS"]["blames"] == []
    assert versions["TUR"]["blames"] == ["Russia"]


def test_verbal_allegation_is_linked_by_alias_and_needs_a_violation_word(found):
    assert [a["event_id"] for a in found["allegations"]] == ["ru#2", "shelled#1"]
    allegation = found["allegations"][0]
    assert allegation["names"] == ["Sochi deal"] and allegation["accused"] == ["Turkey"]
    assert allegation["side"] == "RUS" and "gross violation" in allegation["sentence"] and allegation["verbal"]
    violation = next(v for v in found["violations"] if "tr#1" in _claims(v))
    assert violation["allegations"] == [allegation]


def test_a_claim_typed_as_an_act_can_allege_but_broke_through_is_no_violation_word(found):
    shelled = next(a for a in found["allegations"] if a["event_id"] == "shelled#1")
    assert shelled["accused"] == ["Turkey"] and not shelled["verbal"] and shelled["names"] == ["Sochi deal"]
    assert not any(a["event_id"] == "broke#1" for a in found["allegations"])
    assert not any(v["allegations"] and "shelled#1" in _claims(v) for v in found["violations"])


def test_tally_per_party_side_and_period(found):
    rows = {(r["period"], r["party"], r["side"]): r for r in tally(found["violations"])}
    assert set(rows) == {("2020-02-20", "Syrian government", "TUR"), ("2020-02-20", "Turkey", "RUS"),
                         ("2020-02-20", "armed opposition", "RUS"), ("2020-02-25", "Russia", "RUS"),
                         ("2020-02-25", "Russia", "TUR")}
    assert rows[("2020-02-20", "Turkey", "RUS")]["disputed"] == 1
    both_name_russia = rows[("2020-02-25", "Russia", "TUR")]
    assert (both_name_russia["likely"], both_name_russia["possible"], both_name_russia["disputed"]) == (1, 0, 0)
    weekly = tally(found["violations"], by="week")
    assert {r["period"] for r in weekly} == {"2020-W08", "2020-W09"}


def test_tally_counts_a_side_that_names_nobody_but_not_a_denial():
    violation = {"date": "2020-02-21", "agreement": "a", "confidence": "possible", "attribution": "unattributed",
                 "versions": [{"side": "RUS", "blames": [], "admits": [], "denies": False},
                              {"side": "TUR", "blames": [], "admits": [], "denies": True}]}
    assert [(r["party"], r["side"], r["possible"]) for r in tally([violation])] == [(UNNAMED, "RUS", 1)]


def test_daily_report_gains_a_violations_section(db):
    with Store(db) as store:
        incidents = load_incidents(store)
        section = for_report(store, incidents, "2020-02-20", 7)
    html = daily_report(incidents, "2020-02-20", violations=section)
    part = html[html.index("Agreements and violations"):]
    assert "Test ceasefire" in part and "disputed" in part and "<svg" in part and "gross violation" in part
    assert "armed opposition" in part and "<script" not in html
    assert "Agreements and violations" not in daily_report(incidents, "2020-02-20")


def test_report_escapes_agreement_texts(db):
    with Store(db) as store:
        save_agreements(store, [_agreement(name="<b>Truce</b>")])
        incidents = load_incidents(store)
        html = daily_report(incidents, "2020-02-20", violations=for_report(store, incidents, "2020-02-20"))
    assert "&lt;b&gt;Truce&lt;/b&gt;" in html and "<b>Truce" not in html


# ---- CLI ------------------------------------------------------------------------------------------

@pytest.fixture
def cli():
    group = click.Group()
    register_agreements(group)
    register_incidents(group)
    runner = CliRunner()
    return lambda *args: runner.invoke(group, list(args))


def test_cli_violations_json_csv_and_table(db, cli):
    result = cli("violations", "--agreement", "test-zone", "--since", "2020-02-01", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["agreements"] == ["test-zone"] and len(payload["violations"]) == 2
    assert {r["party"] for r in payload["tally"]["rows"]} == {"Russia", "Turkey", "Syrian government",
                                                               "armed opposition"}
    rows = list(csv.DictReader(io.StringIO(cli("violations", "--db", db, "--format", "csv").output)))
    assert sorted(r["attribution"] for r in rows) == ["attributed", "disputed"]
    assert any("TUR: Syrian government [Anadolu Agency]" in r["versions"] for r in rows)
    tally_rows = list(csv.DictReader(io.StringIO(cli("violations", "--db", db, "--format", "csv", "--tally",
                                                     "--by", "week").output)))
    assert {r["period"] for r in tally_rows} == {"2020-W08", "2020-W09"}
    table = cli("violations", "--db", db, "--until", "2020-02-21")
    assert table.exit_code == 0 and "1 possible violations" in table.output


def test_cli_violations_errors(db, cli, tmp_path):
    unknown = cli("violations", "--agreement", "nope", "--db", db)
    assert unknown.exit_code == 1 and "no agreement nope" in unknown.output and "test-zone" in unknown.output
    assert "is not a valid date" in cli("violations", "--since", "Feb", "--db", db).output
    empty = str(tmp_path / "empty.db")
    Store(empty).close()
    assert "no agreements stored" in cli("violations", "--db", empty).output


def test_cli_report_has_the_section_only_with_agreements(db, cli, tmp_path):
    out = tmp_path / "r.html"
    assert cli("report", "--date", "2020-02-20", "--db", db, "-o", str(out)).exit_code == 0
    assert "Agreements and violations" in out.read_text(encoding="utf-8")
    plain = str(tmp_path / "plain.db")
    with Store(plain) as store:
        store.ingest(*[[x] for x in _doc("far", "A rocket hit a checkpoint on Thursday.", "Reuters",
                                         _event("far", 1, loc=DEIR))])
    assert cli("report", "--date", "2020-02-20", "--db", plain, "-o", str(out)).exit_code == 0
    assert "Agreements and violations" not in out.read_text(encoding="utf-8")


def test_the_same_violations_on_postgresql(db, tmp_path):
    with open_test_store("postgresql", tmp_path, "violation") as store:
        _fill(store)
        on_pg = find_violations(store, [_agreement()], load_incidents(store))
    with Store(db) as store:
        on_sqlite = find_violations(store, [_agreement()], load_incidents(store))

    def summary(found):
        return (sorted((sorted(_claims(v)), v["attribution"], v["confidence"]) for v in found["violations"]),
                [(a["event_id"], a["accused"]) for a in found["allegations"]])
    assert summary(on_pg) == summary(on_sqlite) and len(on_pg["allegations"]) == 2
