"""The store: ingest/status, idempotence, reprints, transactions, bad URLs; SQLite and PostgreSQL."""
from __future__ import annotations

import json
import os
import uuid

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from sitrep.cli_store import register
from sitrep.model import Actor, Document, Event, EventDate, Evidence, Extraction, Location, Place
from sitrep.store import Store, StoreError, database_url
from sitrep.store import rows as store_rows

PG_URL = os.environ.get("SITREP_TEST_DATABASE_URL")

WIRE = ("Artillery units shelled the outskirts of the market town on Monday evening, local officials "
        "said, adding that three farm buildings caught fire and a bridge over the river was closed. "
        "The regional governor told reporters that emergency crews worked through the night and that "
        "residents of two villages had been moved to a school further east. No group has said it fired "
        "the shells, and the defence ministry declined to comment on the reports when reached by phone.")
REPRINT = "Reprinted from a wire service with permission. " + WIRE
INDEPENDENT = ("A town near the river came under fire on Monday, according to a volunteer medic who "
               "described burning barns and families leaving on foot. She said the bridge was shut by "
               "police and that the shelling lasted about an hour before it stopped late in the evening.")
SECOND = ("Drones struck a fuel depot near the port city early on Sunday, the navy said in a statement, "
          "and firefighters contained the blaze by noon.")


def _event(doc_id: str, n: int, type_: str = "SHELLING", refers_to: str | None = None) -> Event:
    return Event(
        id=f"{doc_id}#{n}", type=type_, plover={"event": "ASSAULT", "mode": "shelling"}, status="asserted",
        confidence=0.8, date=EventDate(start="2020-02-17", end="2020-02-17", precision="day"),
        location=Location(name="Saraqib", lat=35.86, lon=36.8, country="SY", admin1="Idlib",
                          precision="town"),
        actors=[Actor(role="perpetrator", text="Artillery units", name="artillery", country=None,
                      sector="military"),
                Actor(role="target", text="farm buildings", name="farm buildings", country="SYR",
                      sector="civilian", label="farm")],
        evidence=Evidence(start=0, end=40, trigger="shelled"), refers_to=refers_to)


def _pair(doc_id: str, text: str, n_events: int = 1, published: str = "2020-02-18", outlet: str = "Wire",
          error: str | None = None) -> tuple[Extraction, Document]:
    document = Document(text=text, id=doc_id, published=published, outlet=outlet, title=f"title {doc_id}")
    events = [] if error else [_event(doc_id, n) for n in range(1, n_events + 1)]
    places = [] if error else [Place(text="Saraqib", start=0, end=7, name="Saraqib", geonameid=169304,
                                     lat=35.86, lon=36.8, country="SY", admin1="Idlib", feature="PPLA2")]
    extraction = Extraction(id=doc_id, published=published, outlet=outlet, places=places, events=events,
                            error=error)
    return extraction, document


def _batch(*pairs):
    return [p[0] for p in pairs], [p[1] for p in pairs]


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request, tmp_path):
    """A factory of Store objects on one fresh database (a new schema per test on PostgreSQL)."""
    opened: list[Store] = []
    if request.param == "sqlite":
        path = str(tmp_path / "sitrep.db")

        def factory(**options):
            opened.append(Store(path, **options))
            return opened[-1]
        yield factory
    else:
        if not PG_URL:
            pytest.skip("SITREP_TEST_DATABASE_URL is not set (PostgreSQL store tests skipped)")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(database_url(PG_URL))
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))

        def factory(**options):
            opened.append(Store(PG_URL, connect_args={"options": f"-csearch_path={schema}"}, **options))
            return opened[-1]
        try:
            yield factory
        finally:
            for store in opened:
                store.close()
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        return
    for store in opened:
        store.close()


def test_ingest_then_status_and_events(open_store):
    store = open_store()
    counts = store.ingest(*_batch(_pair("a", WIRE, 2), _pair("b", SECOND, 1, outlet="Navy")))
    assert counts == {"documents": 2, "skipped": 0, "events": 3, "reprints": 0}
    assert store.status() == {"documents": 2, "events": 3, "incidents": 0, "reprints": 0}
    events = store.events()
    assert [e["id"] for e in events] == ["a#1", "a#2", "b#1"]
    first = events[0]
    assert first["document_id"] == "a" and first["outlet"] == "Wire" and first["published"] == "2020-02-18"
    assert first["location"]["name"] == "Saraqib" and first["actors"][1]["label"] == "farm"
    assert [e["id"] for e in store.events(document_ids=["b"])] == ["b#1"]
    assert store.events(country="UA") == []
    assert len(store.events(since="2020-02-17", until="2020-02-17")) == 3
    assert store.events(since="2020-02-18") == []
    with store.engine.connect() as conn:
        roles = conn.execute(sa.text("SELECT role FROM actors ORDER BY id")).scalars().all()
        n_places = conn.execute(sa.text("SELECT count(*) FROM places")).scalar_one()
    assert roles == ["perpetrator", "target"] * 3 and n_places == 2


def test_ingest_twice_changes_nothing(open_store):
    store = open_store()
    batch = _batch(_pair("a", WIRE, 2), _pair("b", SECOND))
    store.ingest(*batch)
    before = store.status()
    again = open_store().ingest(*batch)            # a fresh Store: the hashes come from the database
    assert again == {"documents": 0, "skipped": 2, "events": 0, "reprints": 0}
    assert store.status() == before == {"documents": 2, "events": 3, "incidents": 0, "reprints": 0}
    assert store.stored([WIRE, SECOND + "  ", INDEPENDENT]) == [True, True, False]


def test_duplicate_within_one_batch_is_stored_once(open_store):
    store = open_store()
    counts = store.ingest(*_batch(_pair("a", WIRE), _pair("a-copy", WIRE + "\n")))
    assert counts["documents"] == 1 and counts["skipped"] == 1


def test_same_id_different_text_keeps_both_with_unique_event_ids(open_store):
    store = open_store()
    store.ingest(*_batch(_pair("doc", WIRE)))
    counts = store.ingest(*_batch(_pair("doc", SECOND)))
    assert counts["documents"] == 1
    ids = sorted(e["id"] for e in store.events())
    assert ids[0] == "doc#1" and ids[1].startswith("doc~") and ids[1].endswith("#1")


def test_reprint_recorded_across_batches_and_independent_report_is_not(open_store):
    open_store().ingest(*_batch(_pair("wire", WIRE, published="2020-02-18")))
    store = open_store()                            # the reprint index is rebuilt from stored texts
    counts = store.ingest(*_batch(_pair("copy", REPRINT, published="2020-02-19", outlet="Daily"),
                                  _pair("medic", INDEPENDENT, published="2020-02-19", outlet="Monitor")))
    assert counts["reprints"] == 1
    with store.engine.connect() as conn:
        links = conn.execute(sa.text("SELECT document_id, original_id, similarity FROM reprints")).all()
    assert [(d, o) for d, o, _ in links] == [("copy", "wire")] and links[0][2] > 0.9
    assert store.status()["reprints"] == 1
    by_doc = {e["document_id"]: e["reprint_of"] for e in store.events()}
    assert by_doc == {"wire": None, "copy": "wire", "medic": None}


def test_earlier_document_ingested_later_becomes_the_original(open_store):
    store = open_store()
    store.ingest(*_batch(_pair("copy", REPRINT, published="2020-02-19")))
    assert store.ingest(*_batch(_pair("wire", WIRE, published="2020-02-18")))["reprints"] == 1
    with store.engine.connect() as conn:
        links = conn.execute(sa.text("SELECT document_id, original_id FROM reprints")).all()
    assert [tuple(link) for link in links] == [("copy", "wire")]


def test_extraction_error_stores_document_without_events(open_store):
    store = open_store()
    counts = store.ingest(*_batch(_pair("bad", SECOND, error="parse failed: boom"), _pair("good", WIRE)))
    assert counts == {"documents": 2, "skipped": 0, "events": 1, "reprints": 0}
    with store.engine.connect() as conn:
        error = conn.execute(sa.text("SELECT error FROM documents WHERE id = 'bad'")).scalar_one()
    assert error == "parse failed: boom"
    assert {e["document_id"] for e in store.events()} == {"good"}


def test_document_with_nul_bytes_is_stored_on_every_backend(open_store):
    store = open_store()
    counts = store.ingest(*_batch(_pair("bin", "abc\x00def", error="binary content (NUL bytes) in text")))
    assert counts["documents"] == 1
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT text FROM documents")).scalar_one() == "abc\ufffddef"


def test_failure_mid_batch_leaves_store_unchanged(open_store, monkeypatch):
    store = open_store()
    store.ingest(*_batch(_pair("old", SECOND)))
    before = store.status()
    calls = []
    real_event_row = store_rows.event_row

    def failing_event_row(record, doc_id):      # called after the document rows were inserted
        calls.append(doc_id)
        if len(calls) > 1:
            raise KeyboardInterrupt("interrupted mid-batch")
        return real_event_row(record, doc_id)

    monkeypatch.setattr(store_rows, "event_row", failing_event_row)
    batch = _batch(_pair("wire", WIRE, 2), _pair("copy", REPRINT))
    with pytest.raises(KeyboardInterrupt):
        store.ingest(*batch)
    assert calls and store.status() == before
    with store.engine.connect() as conn:
        ids = conn.execute(sa.text("SELECT id FROM documents")).scalars().all()
    assert ids == ["old"]
    monkeypatch.setattr(store_rows, "event_row", real_event_row)
    # The rolled-back texts are not remembered by the reprint index: the retry stores everything.
    assert store.ingest(*batch) == {"documents": 2, "skipped": 0, "events": 3, "reprints": 1}


def test_unreachable_database_is_a_store_error():
    with pytest.raises(StoreError) as info:
        Store("postgresql://nobody@127.0.0.1:1/x")
    message = str(info.value)
    assert "\n" not in message and "127.0.0.1" in message


def test_sqlite_in_missing_folder_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        Store(str(tmp_path / "no" / "such" / "dir" / "sitrep.db"))


def test_database_url_forms():
    assert database_url("sitrep.db") == "sqlite:///sitrep.db"
    assert database_url("/tmp/x.db") == "sqlite:////tmp/x.db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError):
        database_url("  ")


# ---- CLI (the only test that runs the NLP pipeline) ----------------------------------------------

@pytest.fixture
def cli():
    @click.group()
    def group():
        """Test group."""
    register(group)
    return group


def test_cli_ingest_and_status(tmp_path, cli, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    reports = [{"id": "r1", "text": SECOND, "published": "2020-02-16", "outlet": "Navy"},
               {"id": "r2", "text": WIRE, "published": "2020-02-18", "outlet": "Wire"}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(feed), "--db", db])
    assert first.exit_code == 0, first.output
    assert "2 new documents" in first.output
    status = runner.invoke(cli, ["status", "--db", db, "--format", "json"])
    counts = json.loads(status.output)
    assert counts["documents"] == 2 and counts["events"] >= 1 and counts["reprints"] == 0
    def no_extraction(*args, **kwargs):
        raise AssertionError("stored documents must not be extracted again")
    monkeypatch.setattr("sitrep.pipeline.extract_many", no_extraction)
    second = runner.invoke(cli, ["ingest", str(feed), "--db", db])
    assert second.exit_code == 0 and "0 new documents, 2 already stored" in second.output
    assert json.loads(runner.invoke(cli, ["status", "--db", db, "--format", "json"]).output) == counts
    table = runner.invoke(cli, ["status", "--db", db])
    assert table.exit_code == 0 and "documents" in table.output


def test_cli_errors_are_one_line_without_traceback(tmp_path, cli):
    runner = CliRunner()
    bad_db = runner.invoke(cli, ["status", "--db", "postgresql://nobody@127.0.0.1:1/x"])
    assert bad_db.exit_code == 1 and bad_db.output.strip().count("\n") == 0
    assert "Error:" in bad_db.output and "Traceback" not in bad_db.output
    missing = runner.invoke(cli, ["status", "--db", str(tmp_path / "missing.db")])
    assert missing.exit_code == 1 and "no such database" in missing.output
    assert not (tmp_path / "missing.db").exists()
    bad_path = runner.invoke(cli, ["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.db")])
    assert bad_path.exit_code == 1 and "no such file" in bad_path.output
    assert "Traceback" not in bad_path.output


# ---- migrations ------------------------------------------------------------------------------------

def _head() -> str:
    from alembic.script import ScriptDirectory

    from sitrep.store.migrate import alembic_config
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_store_of_the_first_schema_is_upgraded_and_keeps_its_rows(tmp_path):
    from alembic import command

    from sitrep.store.migrate import alembic_config
    path = tmp_path / "v1.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(sa.text("INSERT INTO incidents (id, type) VALUES (7, 'AIR_STRIKE')"))
    engine.dispose()
    with Store(str(path)) as store, store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == _head() != "0001"
        row = conn.execute(sa.text("SELECT type, grade FROM incidents WHERE id = 7")).one()
        assert tuple(row) == ("AIR_STRIKE", None)


def test_migrations_build_exactly_the_declared_schema(open_store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from sitrep.store.schema import metadata
    store = open_store()
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == _head()
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


def test_database_made_without_alembic_is_stamped_and_usable(tmp_path):
    from sitrep.store.schema import metadata
    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    engine.dispose()
    with Store(str(path)) as store:
        assert store.ingest(*_batch(_pair("a", WIRE)))["documents"] == 1
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == _head()


def test_cli_ingest_links_new_claims_unless_told_not_to(tmp_path, cli):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "r2", "text": WIRE, "published": "2020-02-18", "outlet": "Wire"}) + "\n",
                    encoding="utf-8")
    runner = CliRunner()
    unlinked, linked = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    quiet = runner.invoke(cli, ["ingest", str(feed), "--db", unlinked, "--no-link", "-j", "1"])
    assert quiet.exit_code == 0 and "incidents" not in quiet.output
    assert json.loads(runner.invoke(cli, ["status", "--db", unlinked, "--format", "json"]).output)["incidents"] == 0
    loud = runner.invoke(cli, ["ingest", str(feed), "--db", linked, "-j", "1"])
    assert loud.exit_code == 0 and "incidents created or updated" in loud.output
    assert json.loads(runner.invoke(cli, ["status", "--db", linked, "--format", "json"]).output)["incidents"] >= 1
