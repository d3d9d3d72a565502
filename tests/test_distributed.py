"""Scale-out ingest on Dask: wire format, back-pressure, worker death, real pipeline, CLI.

The cluster tests start a real scheduler and workers as separate processes on loopback
(``dask scheduler`` / ``dask worker``); every process is killed in teardown. SLOW (marked in their
names, ``_slow``): the two tests that load the NLP pipeline on a worker (about 20–40 s each).
"""
from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from conftest import open_test_store

from sitrep import distributed as sd
from sitrep.cli_store import register
from sitrep.ingest import InputDocument, InputError
from sitrep.model import Actor, Document, Event, EventDate, Evidence, Extraction, Location, Place
from sitrep.store import Store

DASK = str(Path(sys.executable).with_name("dask"))
PG_URL = os.environ.get("SITREP_TEST_DATABASE_URL")
MARKERS_ENV = "SITREP_TEST_DASK_MARKERS"
# Workers import the fake extractors below by module name: put this module's folder on their path.
IMPORT_ROOT = str(Path(__file__).resolve().parents[__name__.count(".")])

REPORTS = [
    ("strike", ("Warplanes bombed a fuel depot on the edge of Idlib on Tuesday, killing four guards, "
                "the Syrian Observatory for Human Rights said."), "2020-02-18"),
    ("shelling", ("Artillery shelled the villages south of Kherson overnight, wounding two farmers, the "
                  "regional governor said on Wednesday."), "2022-11-23"),
    ("clash", ("Government troops clashed with rebels near the town of Goma on Monday; at least six "
               "fighters were killed, an army spokesman told reporters."), "2023-03-06"),
]


# ---- fakes and helpers ---------------------------------------------------------------------------------

def _fake_event(doc_id: str, n: int) -> Event:
    return Event(id=f"{doc_id}#{n}", type="SHELLING", plover={"event": "ASSAULT", "mode": "shelling"},
                 status="asserted", confidence=0.9,
                 date=EventDate(start="2020-02-17", end="2020-02-17", precision="day"),
                 location=Location(name="Saraqib", lat=35.86, lon=36.8, country="SY", admin1="Idlib",
                                   precision="town"),
                 actors=[Actor(role="perpetrator", text="Artillery", name="artillery", country=None,
                                sector="military")],
                 evidence=Evidence(start=0, end=9, trigger="shelled"))


def slow_fake_extract(records: list[dict]) -> list[Extraction]:
    """A cheap stand-in for the pipeline: two events per document, slow enough to be killed mid-batch."""
    markers = Path(os.environ[MARKERS_ENV])
    key = f"{os.getpid()}-{records[0]['id']}"
    (markers / f"start-{key}").touch()
    time.sleep(0.6)
    out = [Extraction(id=r["id"], published=r["published"], outlet=r["outlet"],
                      events=[_fake_event(r["id"], 1), _fake_event(r["id"], 2)]) for r in records]
    (markers / f"done-{key}").touch()
    return out


def must_not_run(records: list[dict]) -> list[Extraction]:
    raise AssertionError(f"stored documents were sent to a worker: {[r['id'] for r in records]}")


class LoopbackCluster:
    """A scheduler and ``n`` single-thread workers, each its own process, on 127.0.0.1."""

    def __init__(self, folder: Path, n_workers: int, env: dict | None = None):
        from distributed import Client
        python_path = os.pathsep.join(filter(None, [IMPORT_ROOT, os.environ.get("PYTHONPATH")]))
        self.folder, self.env = folder, {**os.environ, "PYTHONPATH": python_path, **(env or {})}
        self.scheduler_file = folder / "scheduler.json"
        self.log = (folder / "dask.log").open("w")
        self.processes: list[subprocess.Popen] = []
        self.scheduler = self._start([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                      "--no-dashboard", "--scheduler-file", str(self.scheduler_file)])
        self.workers = [self.add_worker() for _ in range(n_workers)]
        deadline = time.monotonic() + 60
        while not self.scheduler_file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                raise RuntimeError(f"dask scheduler did not start; see {folder / 'dask.log'}")
            time.sleep(0.2)
        self.client = Client(scheduler_file=str(self.scheduler_file), timeout=60)
        self.client.wait_for_workers(n_workers, timeout=120)

    def _start(self, command: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=self.env,
                                   cwd=self.folder)
        self.processes.append(process)
        return process

    def add_worker(self) -> subprocess.Popen:
        return self._start([DASK, "worker", "--scheduler-file", str(self.scheduler_file), "--host",
                            "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
                            "--memory-limit", "0"])

    def worker_pids(self) -> dict[str, int]:
        return self.client.run(os.getpid)

    def close(self) -> None:
        try:
            self.client.close(timeout=10)
        finally:
            for process in self.processes:
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=30)
            self.log.close()


@pytest.fixture
def loopback(tmp_path):
    """Factory of loopback clusters, all torn down after the test."""
    clusters: list[LoopbackCluster] = []

    def start(n_workers: int, env: dict | None = None) -> LoopbackCluster:
        folder = tmp_path / f"cluster{len(clusters)}"
        folder.mkdir()
        clusters.append(LoopbackCluster(folder, n_workers, env))
        return clusters[-1]
    yield start
    for cluster in clusters:
        cluster.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A fresh store: a SQLite file, or a new schema on the test PostgreSQL."""
    with open_test_store(request.param, tmp_path, "store") as opened:
        yield opened


def _documents(n: int) -> list[Document]:
    return [Document(text=f"Report number {i}: shelling was heard near the river crossing.", id=f"d{i}",
                     published="2020-02-18", outlet="Wire") for i in range(n)]


# ---- wire format (no cluster) ----------------------------------------------------------------------------

def test_what_crosses_the_wire_pickles():
    from distributed.protocol import deserialize, serialize
    from distributed.protocol.pickle import dumps, loads
    document = InputDocument(text="Shelling near the bridge.", id="a", title="T", published="2020-02-18",
                             outlet="Wire", url="https://example.org/a", source="feed.jsonl", line=3,
                             warnings=["published value not ISO 8601: 'Tuesday'"])
    record = sd.to_wire(document)
    assert set(record) == {"text", "id", "title", "published", "outlet", "url", "warnings"}
    assert all(isinstance(value, (str, list)) for value in record.values())
    back = sd.from_wire(pickle.loads(pickle.dumps(record)))
    assert back.to_dict() == document.to_dict() and back.warnings == document.warnings
    extraction = Extraction(id="a", published="2020-02-18", outlet="Wire", events=[_fake_event("a", 1)],
                            places=[Place(text="Saraqib", start=0, end=7, name="Saraqib", geonameid=169304,
                                          lat=35.86, lon=36.8, country="SY", admin1="Idlib",
                                          feature="PPLA2")],
                            reference_date={"date": "2020-02-18", "basis": "published"}, warnings=["w"])
    assert loads(dumps([extraction]))[0].to_dict() == extraction.to_dict()
    header, frames = serialize([extraction])
    again = deserialize(header, frames)[0]
    assert isinstance(again.events[0], Event) and again.to_dict() == extraction.to_dict()
    assert loads(dumps(sd.extract_batch)) is sd.extract_batch       # workers import it by name
    assert isinstance(loads(dumps(sd.WarmPipeline())), sd.WarmPipeline)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="exactly one of address"):
        sd.connect("tcp://127.0.0.1:1", 2)
    with pytest.raises(ValueError, match="batch_size"):
        sd.ingest_distributed(None, [], address="tcp://127.0.0.1:1", batch_size=0)
    with pytest.raises(ValueError, match="window"):
        sd.ingest_distributed(None, [], address="tcp://127.0.0.1:1", window=0)


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    with Store(str(tmp_path / "s.db")) as opened, pytest.raises(sd.DistributedError) as info:
        sd.ingest_distributed(opened, _documents(2), address="tcp://127.0.0.1:1", timeout=1)
    message = str(info.value)
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in message and "\n" not in message
    assert opened.status()["documents"] == 0


# ---- a loopback cluster: back-pressure, a worker killed mid-batch, resume -------------------------------

def test_worker_killed_mid_batch_loses_and_duplicates_nothing(store, loopback, tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    cluster = loopback(2, env={MARKERS_ENV: str(markers)})
    pids = cluster.worker_pids()
    victim = cluster.workers[1]
    assert victim.pid in pids.values()
    documents, batch_size, window = _documents(48), 4, 3
    pulled = []
    outstanding = []
    killed = []

    def feed():
        for document in documents:
            pulled.append(document.id)
            yield document

    def kill_once(totals):
        outstanding.append(len(pulled) - totals["documents"] - totals["skipped"])
        if killed:
            return
        deadline = time.monotonic() + 30          # wait until the victim is inside a batch, then kill it
        while time.monotonic() < deadline:
            running = {p.name[len("start-"):] for p in markers.glob(f"start-{victim.pid}-*")}
            finished = {p.name[len("done-"):] for p in markers.glob(f"done-{victim.pid}-*")}
            if running - finished:
                victim.send_signal(signal.SIGKILL)
                victim.wait(timeout=30)
                killed.append(sorted(running - finished))
                return
            time.sleep(0.05)

    totals = sd.ingest_distributed(store, feed(), client=cluster.client, batch_size=batch_size,
                                   window=window, extract_fn=slow_fake_extract, on_batch=kill_once)

    assert killed, "the victim worker never started a batch"
    interrupted = killed[0][0].split("-", 1)[1]           # first document id of the killed batch
    assert not (markers / f"done-{victim.pid}-{interrupted}").exists()
    assert [p for p in markers.glob(f"done-*-{interrupted}")], "the killed batch was not recomputed"
    assert {k: v for k, v in totals.items() if k != "reprints"} == {"documents": 48, "skipped": 0, "events": 96,
                                                                    "failed": 0}
    assert max(outstanding) <= window * batch_size and outstanding[0] < len(documents)   # back-pressure
    with store.engine.connect() as conn:
        hashes = conn.execute(sa.text("SELECT content_hash FROM documents")).scalars().all()
        per_doc = dict(conn.execute(sa.text("SELECT document_id, count(*) FROM events "
                                            "GROUP BY document_id")).all())
    assert len(hashes) == len(set(hashes)) == 48
    assert per_doc == {d.id: 2 for d in documents}
    assert store.status()["events"] == 96

    again = sd.ingest_distributed(store, documents + [InputError("broken", "feed.jsonl", "empty text", 9)],
                                  client=cluster.client, extract_fn=must_not_run)
    assert again == {"documents": 0, "skipped": 48, "events": 0, "reprints": 0, "failed": 1}
    assert store.status()["documents"] == 48


def test_extraction_and_input_errors_are_reported_and_nothing_else_stops(loopback, tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    cluster = loopback(1, env={MARKERS_ENV: str(markers)})
    reported = []
    items = [*_documents(3), InputError("unreadable", "x.html", "binary content", None)]
    with Store(str(tmp_path / "s.db")) as opened:
        totals = sd.ingest_distributed(opened, items, client=cluster.client, batch_size=2,
                                       extract_fn=slow_fake_extract,
                                       on_error=lambda doc_id, message: reported.append((doc_id, message)))
        assert totals["documents"] == 3 and totals["failed"] == 1
        assert reported == [("unreadable", "binary content")]
        with pytest.raises(sd.DistributedError, match="failed on the cluster"):
            sd.ingest_distributed(opened, _documents(5), client=cluster.client, batch_size=2,
                                  extract_fn=must_not_run)
        assert opened.status()["documents"] == 3        # earlier batches stay; the failing one wrote nothing


# ---- the real pipeline (SLOW: loads the NLP model on a worker) ------------------------------------------

def test_real_pipeline_on_a_one_worker_cluster_slow(loopback, tmp_path):
    cluster = loopback(1)
    documents = [Document(text=text, id=doc_id, published=published, outlet="Test Wire")
                 for doc_id, text, published in REPORTS]
    with Store(str(tmp_path / "s.db")) as opened:
        totals = sd.ingest_distributed(opened, documents, client=cluster.client, batch_size=2)
        plugins = cluster.client.run(lambda dask_worker: sorted(dask_worker.plugins))
        assert all("sitrep-warm-pipeline" in names for names in plugins.values())
        assert totals["documents"] == 3 and totals["failed"] == 0 and totals["events"] >= 3
        events = opened.events()
    assert {e["document_id"] for e in events} == {doc_id for doc_id, _, _ in REPORTS}
    assert all(e["type"] and e["evidence"] for e in events)


@pytest.fixture
def cli():
    @click.group()
    def group():
        """Test group."""
    register(group)
    return group


def test_cli_workers_one_slow(tmp_path, cli):
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": doc_id, "text": text, "published": published, "outlet": "Test Wire"})
             for doc_id, text, published in REPORTS[:2]] + [json.dumps({"id": "no-text", "title": "empty"})]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", db, "--workers", "1", "--batch-size", "1"])
    assert result.exit_code == 1, result.output
    assert "2 new documents, 0 already stored" in result.stdout and "1 failed" in result.stdout
    assert 'sitrep: no-text: missing "text" field' in result.stderr
    with Store(db) as opened:
        counts = opened.status()
        assert counts["documents"] == 2 and counts["events"] >= 2
        assert {e["document_id"] for e in opened.events()} == {"strike", "shelling"}


def test_cli_dask_and_workers_are_exclusive_and_unreachable_scheduler_is_one_line(tmp_path, cli, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": REPORTS[0][1]}) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    both = runner.invoke(cli, ["ingest", str(feed), "--db", db, "--dask", "tcp://127.0.0.1:1",
                               "--workers", "2"])
    assert both.exit_code == 2 and "mutually exclusive" in both.output
    monkeypatch.setattr(sd, "CONNECT_TIMEOUT", 1.0)
    down = runner.invoke(cli, ["ingest", str(feed), "--db", db, "--dask", "tcp://127.0.0.1:1"])
    assert down.exit_code == 1 and "Traceback" not in down.output
    assert down.output.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:1")
