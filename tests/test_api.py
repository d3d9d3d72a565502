"""The HTTP API (FastAPI TestClient) over SQLite and PostgreSQL stores built from synthetic claims."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import open_test_store
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.cli_serve import register
from sitrep.incidents import build_incidents, needs_rebuild
from sitrep.model import Actor, Casualty, Document, Event, EventDate, Evidence, Extraction, Location, Source
from sitrep.store import Store

PG_URL = os.environ.get("SITREP_TEST_DATABASE_URL")
TOKEN = "test-token-0123456789abcdef"
WEB = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "web"

IDLIB = {"name": "Idlib", "lat": 35.93, "lon": 36.63, "country": "SY", "admin1": "Idlib", "precision": "town"}
SARAQIB = {"name": "Saraqib", "lat": 35.86, "lon": 36.80, "country": "SY", "admin1": "Idlib", "precision": "town"}
DEIR = {"name": "Deir ez-Zor", "lat": 35.33, "lon": 40.14, "country": "SY", "admin1": "Deir ez-Zor",
        "precision": "town"}
ERBIL = {"name": "Erbil", "lat": 36.19, "lon": 44.01, "country": "IQ", "admin1": "Erbil", "precision": "town"}

# Report texts written for these tests; ``EVIDENCE`` is the sentence each claim is read from.
TEXTS = {
    "tr": "Ankara said on Thursday that two of its soldiers died and five were hurt when government planes "
          "bombed their positions near the provincial capital. Officials promised a firm answer.",
    "ru": "Moscow said its jets struck advancing armed groups near the provincial capital on Thursday. "
          "It added that it had not been told Turkish units were in the area.",
    "copy": "Republished from a partner agency. Ankara said on Thursday that two of its soldiers died and "
            "five were hurt when government planes bombed their positions near the provincial capital. "
            "Officials promised a firm answer.",
    "far": "A monitor said a rocket attack on a desert checkpoint killed four guards on Friday. The launch "
           "site lay across the river.",
    "xss": "Local page <script>window.__pwned = 1</script> reports that a bomb <img src=x "
           "onerror=\"window.__pwned = 2\"> hit a market on Thursday. Nobody was hurt.",
}
EVIDENCE = {
    "tr": "Ankara said on Thursday that two of its soldiers died and five were hurt when government planes "
          "bombed their positions near the provincial capital.",
    "ru": "Moscow said its jets struck advancing armed groups near the provincial capital on Thursday.",
    "far": "A monitor said a rocket attack on a desert checkpoint killed four guards on Friday.",
    "xss": "reports that a bomb <img src=x onerror=\"window.__pwned = 2\"> hit a market",
}
TRIGGERS = {"tr": "died", "ru": "struck", "copy": "died", "far": "attack", "xss": "hit"}


def _event(doc_id, type_="AIR_STRIKE", day="2020-02-20", loc=IDLIB, perpetrator=None, target=None, killed=None,
           injured=None, speaker=None):
    actors = []
    if perpetrator:
        actors.append(Actor(role="perpetrator", text=perpetrator[0], name=perpetrator[0], country=perpetrator[1],
                            sector="military"))
    if target:
        actors.append(Actor(role="target", text=target, name=target, country=None, sector="rebels"))
    casualties = []
    if killed is not None or injured is not None:
        casualties.append(Casualty(group="soldiers", country="TUR", sector="military", killed=killed,
                                   injured=injured))
    text, sentence = TEXTS[doc_id], EVIDENCE["tr" if doc_id == "copy" else doc_id]
    start = text.index(sentence)
    t_start = text.index(TRIGGERS[doc_id], start)
    attribution = [Source(name=speaker, kind="organization", affiliation=None, text=f"{speaker} said")] \
        if speaker else []
    return Event(id=f"{doc_id}#1", type=type_, plover={"event": "ASSAULT", "mode": "aerial"}, status="asserted",
                 confidence=0.9, date=EventDate(start=day, end=day, precision="day"), location=Location(**loc),
                 actors=actors, casualties=casualties, attribution=attribution,
                 evidence=Evidence(start=start, end=start + len(sentence), trigger=TRIGGERS[doc_id],
                                   trigger_start=t_start, trigger_end=t_start + len(TRIGGERS[doc_id])))


def _pair(doc_id, outlet, event, published="2020-02-21", title=None):
    document = Document(text=TEXTS[doc_id], id=doc_id, published=published, outlet=outlet, title=title)
    return Extraction(id=doc_id, published=published, outlet=outlet, events=[event]), document


def fill_sample(store) -> None:
    """Two sides of one strike (+ a reprint), a far attack, and a report whose text holds HTML; linked."""
    pairs = [
        _pair("tr", "Anadolu Agency", _event("tr", perpetrator=("Syrian Arab Army", "SYR"), killed=2, injured=5,
                                             speaker="Turkish Defence Ministry"), title="Two soldiers killed"),
        _pair("ru", "TASS", _event("ru", loc=SARAQIB, perpetrator=("Russian Aerospace Forces", "RUS"),
                                   target="militants")),
        _pair("far", "Reuters", _event("far", "ART_MISS_ATTACK", day="2020-02-21", loc=DEIR, killed=4)),
        _pair("xss", "Local Blog", _event("xss", "REM_EXPLOS", day="2020-03-05", loc=ERBIL),
              title="<b onmouseover=\"window.__pwned = 3\">Market</b>"),
    ]
    store.ingest([p[0] for p in pairs], [p[1] for p in pairs])
    copy = _pair("copy", "Daily Sabah", _event("copy", perpetrator=("Syrian Arab Army", "SYR"), killed=2),
                 published="2020-02-22")
    store.ingest([copy[0]], [copy[1]])
    build_incidents(store)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    """A store on SQLite, and on PostgreSQL (a fresh schema) when SITREP_TEST_DATABASE_URL is set."""
    with open_test_store(request.param, tmp_path, "API") as opened:
        yield opened


@pytest.fixture
def client(any_store):
    fill_sample(any_store)
    return TestClient(create_app(any_store))


def _strike_id(client) -> int:
    items = client.get("/api/incidents", params={"type": "AIR_STRIKE"}).json()["items"]
    assert len(items) == 1
    return items[0]["id"]


def test_list_filters_sorts_and_pages(client):
    everything = client.get("/api/incidents").json()
    assert everything["total"] == 3 and len(everything["items"]) == 3
    assert [i["date"] for i in everything["items"]] == ["2020-03-05", "2020-02-21", "2020-02-20"]   # -date
    strike = everything["items"][-1]
    assert strike["type"] == "AIR_STRIKE" and strike["grade"] == "contested"
    assert (strike["killed_low"], strike["killed_best"], strike["killed_high"]) == (2, 2, 2)
    assert strike["n_sources"] == 3 and strike["location_name"] in ("Idlib", "Saraqib")

    def ids(**params):
        return [i["id"] for i in client.get("/api/incidents", params=params).json()["items"]]
    assert ids(country="iq") == [everything["items"][0]["id"]]
    assert ids(since="2020-02-21", until="2020-02-21") == [everything["items"][1]["id"]]
    assert ids(grade="contested") == [strike["id"]]
    assert ids(admin1="deir ez-zor") == [everything["items"][1]["id"]]
    assert ids(actor="aerospace") == [strike["id"]] == ids(actor="SYR")
    assert ids(q="tass idlib") == [strike["id"]] and ids(q="tass erbil") == []
    assert ids(q="100%") == []                                       # LIKE wildcards are literal
    assert ids(sort="-killed")[0] == everything["items"][1]["id"]     # 4 killed first
    assert ids(sort="killed")[-1] == everything["items"][0]["id"]     # no toll last
    page = client.get("/api/incidents", params={"sort": "date", "limit": 2, "offset": 2}).json()
    assert page["total"] == 3 and [i["id"] for i in page["items"]] == [everything["items"][0]["id"]]


def test_incident_shows_claims_by_side_with_sentences_contradictions_and_folded_reprints(client):
    incident = client.get(f"/api/incidents/{_strike_id(client)}").json()
    sides = {side["side"]: side["claims"] for side in incident["sides"]}
    assert {"TUR", "RUS"} <= set(sides)
    turkish = next(c for c in sides["TUR"] if c["outlet"] == "Anadolu Agency")
    assert turkish["sentence"]["text"] == EVIDENCE["tr"]
    trigger = turkish["sentence"]
    assert trigger["text"][trigger["trigger_start"]:trigger["trigger_end"]] == "died"
    assert [s["name"] for s in turkish["speakers"]] == ["Turkish Defence Ministry"]
    assert turkish["casualties"][0]["killed"] == 2 and turkish["title"] == "Two soldiers killed"
    assert {"field": "perpetrator", "value": "Syrian Arab Army"} in turkish["disputes"]
    assert [r["document_id"] for r in turkish["reprints"]] == ["copy"]        # folded, not a column entry
    shown = [c["document_id"] for side in incident["sides"] for c in side["claims"]]
    assert "copy" not in shown and sorted(shown) == ["ru", "tr"]
    russian = sides["RUS"][0]
    assert {"field": "perpetrator", "value": "Russian Aerospace Forces"} in russian["disputes"]
    assert russian["sentence"]["text"] == EVIDENCE["ru"]
    assert incident["grade"] == "contested" and incident["killed"] == {"low": 2, "best": 2, "high": 2}
    assert {c["field"] for c in incident["contradictions"]} >= {"perpetrator"}


def test_document_returns_text_and_event_spans(client):
    document = client.get("/api/documents/xss").json()
    assert document["text"] == TEXTS["xss"] and document["outlet"] == "Local Blog"
    [span] = document["events"]
    assert document["text"][span["start"]:span["end"]] == EVIDENCE["xss"]
    assert document["text"][span["trigger_start"]:span["trigger_end"]] == "hit"
    linked = client.get("/api/incidents", params={"country": "IQ"}).json()["items"][0]["id"]
    assert span["incident_id"] == linked and span["type"] == "REM_EXPLOS"


def test_stats_count_by_day_type_grade_and_side(client):
    stats = client.get("/api/stats").json()
    assert stats["total"] == 3
    assert {d["key"]: (d["incidents"], d["killed"]) for d in stats["by_day"]} == {
        "2020-02-20": (1, 2), "2020-02-21": (1, 4), "2020-03-05": (1, 0)}
    assert {t["key"]: t["incidents"] for t in stats["by_type"]} == {"AIR_STRIKE": 1, "ART_MISS_ATTACK": 1,
                                                                    "REM_EXPLOS": 1}
    assert {g["key"] for g in stats["by_grade"]} == {"contested", "single-source"}
    sides = {s["side"]: s["days"] for s in stats["sides"]}
    assert sides["TUR"] == [{"day": "2020-02-20", "incidents": 1, "killed": 2}]
    assert sides["RUS"][0]["incidents"] == 1
    only_iraq = client.get("/api/stats", params={"country": "IQ"}).json()
    assert only_iraq["total"] == 1 and [d["key"] for d in only_iraq["by_day"]] == ["2020-03-05"]


def test_stats_and_map_follow_a_rebuild_of_the_incidents(any_store):
    fill_sample(any_store)
    client = TestClient(create_app(any_store))
    assert client.get("/api/stats").json()["total"] == 3 and len(client.get("/api/map").json()["points"]) == 3
    extra = _pair("far", "Reuters", _event("far", "ART_MISS_ATTACK", day="2020-04-01", loc=ERBIL, killed=9))
    extra[1].id, extra[0].id, extra[0].events[0].id = "later", "later", "later#1"
    extra[1].text = ("Militiamen shelled a border post near the northern city at dawn on Wednesday and nine "
                     "guards died there, a local official told reporters by telephone.")
    any_store.ingest([extra[0]], [extra[1]])
    build_incidents(any_store)
    stats = client.get("/api/stats").json()
    assert stats["total"] == 4 and {"key": "2020-04-01", "incidents": 1, "killed": 9, "injured": 0} in stats["by_day"]
    assert len(client.get("/api/map").json()["points"]) == 4


def test_map_points_and_exports_follow_the_filters(client):
    points = client.get("/api/map").json()["points"]
    assert len(points) == 3 and points[0][3] == 4                  # largest toll first
    assert all(len(p) == 5 for p in points)
    syria = client.get("/api/incidents.csv", params={"country": "SY"})
    assert syria.status_code == 200 and syria.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(syria.text)))
    assert len(rows) == 2 and {r["fatalities"] for r in rows} == {"2", "4"}
    geo = client.get("/api/incidents.geojson", params={"grade": "contested"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 1
    assert geo["features"][0]["properties"]["grade"] == "contested"


@pytest.mark.parametrize("path, parameter", [
    ("/api/incidents?since=2020-02-30", "since"), ("/api/incidents?country=SYR", "country"),
    ("/api/incidents?grade=probable", "grade"), ("/api/incidents?sort=place", "sort"),
    ("/api/incidents?limit=0", "limit"), ("/api/incidents?type=BOMBING", "type"),
    ("/api/stats?since=2020-03-01&until=2020-02-01", "since"), ("/api/incidents/abc", "incident_id"),
    ("/api/incidents.csv?offset=-1&country=1", "country"),
])
def test_invalid_parameters_are_422_with_a_message_naming_them(client, path, parameter):
    response = client.get(path)
    assert response.status_code == 422
    assert parameter in response.json()["message"]


def test_unknown_ids_are_404_json(client):
    for path in ("/api/incidents/999999", "/api/documents/no-such-report", "/api/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["message"]


def _document_count(store) -> int:
    return store.status()["documents"]


def test_writes_without_a_valid_token_are_refused_and_change_nothing(any_store):
    fill_sample(any_store)
    before = _document_count(any_store)
    report = {"id": "new", "text": "Shelling hit a village near Idlib on Monday, killing three people."}
    read_only = TestClient(create_app(any_store))
    guarded = TestClient(create_app(any_store, token=TOKEN))
    refused = [read_only.post("/api/documents", json=report),
               read_only.post("/api/documents", json=report, headers={"Authorization": f"Bearer {TOKEN}"}),
               guarded.post("/api/documents", json=report),
               guarded.post("/api/documents", json=report, headers={"Authorization": "Bearer wrong"}),
               guarded.post("/api/documents", json=report, headers={"Authorization": TOKEN})]
    assert [r.status_code for r in refused] == [401] * 5
    assert all(r.json()["message"] for r in refused) and refused[0].headers["www-authenticate"] == "Bearer"
    assert _document_count(any_store) == before
    bad = guarded.post("/api/documents", json=[{"text": "x", "published": "last week"}],
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422 and "body[0].published" in bad.json()["message"]
    assert _document_count(any_store) == before


def test_posting_a_report_with_the_token_extracts_stores_and_links_it(tmp_path):
    with Store(str(tmp_path / "sitrep.db")) as store:
        client = TestClient(create_app(store, token=TOKEN))
        report = {"id": "post-1", "title": "Shelling in Idlib", "published": "2020-02-21", "outlet": "Reuters",
                  "text": "Artillery shelling killed three civilians in the Syrian town of Saraqib in Idlib "
                          "province on Thursday, a war monitor said."}
        response = client.post("/api/documents", json=report, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["documents"] == 1 and body["ids"] == ["post-1"] and body["events"] >= 1
        assert not needs_rebuild(store) and store.status()["incidents"] >= 1
        stored = client.get("/api/documents/post-1").json()
        assert stored["text"] == report["text"] and stored["events"][0]["incident_id"] is not None
        again = client.post("/api/documents", json=[report], headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.json()["skipped"] == 1 and store.status()["documents"] == 1


def test_page_and_static_files_are_local_and_locked_down(client):
    page = client.get("/")
    assert page.status_code == 200 and "<script" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    world = client.get("/static/world.geojson").json()
    assert world["type"] == "FeatureCollection" and len(world["features"]) > 150
    for path in WEB.glob("*.*"):
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8").replace("http://www.w3.org/2000/svg", "")
            assert "http://" not in text and "https://" not in text, path.name
            assert ".innerHTML" not in text and "insertAdjacentHTML" not in text, path.name
    assert client.get("/api/config").json()["tiles"] is None


def test_tile_url_reaches_the_page_config_and_policy(any_store):
    app = create_app(any_store, tiles="https://tiles.example.org/{z}/{x}/{y}.png")
    client = TestClient(app)
    assert client.get("/api/config").json()["tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "img-src 'self' data: https://tiles.example.org" in client.get("/").headers["content-security-policy"]


@pytest.fixture
def serve_cli():
    group = click.Group()
    register(group)
    runner = CliRunner()
    return lambda *args: runner.invoke(group, ["serve", *args])


def test_serve_refuses_bad_options_before_starting(serve_cli, tmp_path):
    short = tmp_path / "token.txt"
    short.write_text("abc\n")
    result = serve_cli("--db", str(tmp_path / "x.db"), "--token-file", str(short))
    assert result.exit_code != 0 and "shorter than 16" in result.output
    result = serve_cli("--db", str(tmp_path / "x.db"), "--token-file", str(tmp_path / "missing.txt"))
    assert result.exit_code != 0 and "cannot read" in result.output
    result = serve_cli("--db", str(tmp_path / "x.db"), "--tiles", "ftp://tiles/{z}")
    assert result.exit_code != 0 and "--tiles" in result.output
    result = serve_cli("--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 1 and "no such database" in result.output


def test_openapi_docs_are_served_without_any_outside_request(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert "://" not in page.text           # every script and style from this server: no CDN
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 10_000
    assert client.get("/redoc").status_code == 404          # ReDoc would load its script from a CDN
    assert client.get("/openapi.json").json()["info"]["title"] == "Sitrep"
