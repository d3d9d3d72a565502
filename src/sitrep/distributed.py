"""Scale-out ingest: extraction on a Dask distributed cluster, one writer (this process) for the store.

Documents travel to the workers as plain dicts in batches; each worker process loads the pipeline once
(``load_nlp`` and the stage models are cached per process; ``WarmPipeline`` loads them when the worker
starts) and sends back :class:`Extraction` objects. At most ``window`` batches are in flight, so a huge
archive never sits in client memory; each result is written as it arrives, one transaction per batch.
A worker that dies mid-batch costs a recomputation (Dask reschedules its tasks), never a lost or
duplicated document: the store skips texts it already holds (same content hash).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Iterator

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from .ingest import InputDocument
from .model import Document, Extraction

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0            # seconds to reach a scheduler before giving up
BATCHES_PER_THREAD = 2            # default window: in-flight batches per worker thread
TASK_RETRIES = 2                  # reruns of a batch whose task raised (a dead worker's tasks are rescheduled)
WIRE_FIELDS = ("text", "id", "title", "published", "outlet", "url")
WARM_TEXT = "Artillery shelled the outskirts of Idlib on Monday, officials said."


class DistributedError(RuntimeError):
    """The cluster cannot be reached or a batch failed for good; the message is one line."""


# ---- worker side -------------------------------------------------------------------------------------

def to_wire(document: Document) -> dict:
    """A document as a plain dict for the wire (the Document fields plus reader warnings)."""
    record = {name: getattr(document, name) for name in WIRE_FIELDS}
    warnings = list(getattr(document, "warnings", None) or [])
    if warnings:
        record["warnings"] = warnings
    return record


def from_wire(record: dict) -> Document:
    """The document rebuilt from :func:`to_wire` on the worker."""
    return InputDocument(**{name: record.get(name) for name in WIRE_FIELDS},
                         warnings=list(record.get("warnings") or []))


def extract_batch(records: list[dict]) -> list[Extraction]:
    """Worker task: one extraction per record, in order (the real pipeline, loaded once per process)."""
    from .pipeline import extract_many
    documents = [from_wire(record) for record in records]
    return list(extract_many(documents, batch_size=max(1, len(documents))))


def warm_pipeline(threads: int = 1) -> None:
    """Load the NLP model, classifier and gazetteer by extracting one short text; the encoder gets
    the worker's ``threads`` (one process per core: more would oversubscribe the cores)."""
    from .extract import classify
    from .pipeline import extract_many
    classify.ENCODER_THREADS = max(1, threads)
    list(extract_many([Document(text=WARM_TEXT, id="warm-up", published="2020-02-17")]))


class WarmPipeline(WorkerPlugin):
    """Loads the pipeline when a worker (or its replacement) starts, before its first batch."""
    name = "sitrep-warm-pipeline"

    async def setup(self, worker):
        try:         # in a thread: the worker keeps answering heartbeats while the models load
            await asyncio.get_running_loop().run_in_executor(None, warm_pipeline, getattr(worker, "nthreads", None) or 1)
        except Exception as error:  # noqa: BLE001 - a failed warm-up shows again in the first task
            log.warning("pipeline warm-up failed on %s: %s", worker.address, error)


# ---- client side -------------------------------------------------------------------------------------

def connect(address: str | None = None, workers: int | None = None, timeout: float | None = None):
    """A ``(client, cluster)`` pair: a scheduler at ``address``, or a local cluster of ``workers`` processes.

    ``timeout`` (default ``CONNECT_TIMEOUT``) bounds the wait for the scheduler.
    """
    timeout = CONNECT_TIMEOUT if timeout is None else timeout

    if (address is None) == (workers is None):
        raise ValueError("give exactly one of address (a scheduler) and workers (a local cluster)")
    if workers is not None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        try:
            return Client(cluster, timeout=timeout), cluster
        except BaseException:
            cluster.close()
            raise
    try:
        return Client(address, timeout=timeout), None
    except (OSError, TimeoutError, ValueError) as error:
        raise DistributedError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s: "
                               f"{_one_line(error)}") from None


def ingest_distributed(store, items: Iterable, *, address: str | None = None, workers: int | None = None,
                       client=None, batch_size: int = 32, window: int | None = None,
                       extract_fn: Callable[[list[dict]], list[Extraction]] | None = None,
                       on_error: Callable[[str, str], None] | None = None,
                       on_batch: Callable[[dict], None] | None = None,
                       timeout: float | None = None) -> dict:
    """Extract ``items`` (Documents and input errors, as ``read_inputs`` yields) on a cluster and store them.

    The cluster is ``client`` (kept open), else a scheduler at ``address``, else a local cluster of
    ``workers`` processes (both closed at the end). ``window`` bounds the batches in flight (default: two
    per worker thread, recounted as workers come and go). ``extract_fn(records)`` is the worker task
    (default :func:`extract_batch`). ``on_error(id, message)`` reports input and extraction errors;
    ``on_batch(totals)`` runs after each stored batch.
    Returns ``{"documents", "skipped", "events", "reprints", "failed"}``.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if window is not None and window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    totals = {"documents": 0, "skipped": 0, "events": 0, "reprints": 0, "failed": 0}
    on_error = on_error or (lambda _id, _message: None)
    owned = client is None
    cluster = None
    if owned:
        client, cluster = connect(address, workers, timeout)
    try:
        work = _new_documents(store, items, batch_size, totals, on_error)
        first = next(work, None)
        if first is None:                    # nothing new: no task, no model loaded anywhere
            return totals
        if extract_fn is None:
            extract_fn = extract_batch
            client.register_plugin(WarmPipeline())
        _run(client, store, _chain(first, work), window, extract_fn, totals, on_error, on_batch)
        return totals
    finally:
        if owned:
            client.close()
            if cluster is not None:
                cluster.close()


def _chain(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _new_documents(store, items: Iterable, batch_size: int, totals: dict,
                   on_error) -> Iterator[list[Document]]:
    """Batches of documents not yet stored; input errors are reported, stored texts counted as skipped."""
    from .pipeline import batches
    for batch in batches(items, batch_size):
        documents = []
        for item in batch:
            if isinstance(item, Document):
                documents.append(item)
            else:                            # an input error: nothing to extract or store
                totals["failed"] += 1
                on_error(str(getattr(item, "id", "") or "input"), str(getattr(item, "message", item)))
        flags = store.stored([d.text for d in documents]) if documents else []
        new = [d for d, stored in zip(documents, flags) if not stored]
        totals["skipped"] += len(documents) - len(new)
        if new:
            yield new


def _run(client, store, work: Iterator[list[Document]], window: int | None, extract_fn, totals: dict,
         on_error, on_batch) -> None:
    """Keep ``window`` batches (default: two per worker thread) in flight; store each result as it arrives."""
    completed = as_completed()
    in_flight: dict = {}                     # future -> the documents it extracts

    def fill() -> None:
        # recounted each time: workers may join (or leave) during the run
        limit = window or max(2, BATCHES_PER_THREAD * sum(client.nthreads().values()))
        while len(in_flight) < limit:
            documents = next(work, None)
            if documents is None:
                return
            future = client.submit(extract_fn, [to_wire(d) for d in documents], pure=False,
                                   retries=TASK_RETRIES)
            in_flight[future] = documents
            completed.add(future)

    try:
        fill()
        for future in completed:
            documents = in_flight.pop(future)
            try:
                extractions = future.result()
            except Exception as error:  # noqa: BLE001 - e.g. KilledWorker after repeated deaths
                raise DistributedError(f"a batch of {len(documents)} documents (first {documents[0].id!r}) "
                                       f"failed on the cluster: {_one_line(error)}; "
                                       "stored batches are kept, run again to resume") from None
            del future
            _store_batch(store, documents, extractions, totals, on_error)
            if on_batch is not None:
                on_batch(dict(totals))
            fill()
    finally:
        for future in list(in_flight):
            future.cancel()
        in_flight.clear()


def _one_line(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__


def _store_batch(store, documents: list[Document], extractions: list, totals: dict, on_error) -> None:
    if len(extractions) != len(documents):
        raise DistributedError(f"a worker returned {len(extractions)} extractions for {len(documents)} "
                               "documents")
    for extraction in extractions:
        if extraction.error:
            totals["failed"] += 1
            on_error(extraction.id, extraction.error)
    counts = store.ingest(extractions, documents)
    for key in ("documents", "skipped", "events", "reprints"):
        totals[key] += counts.get(key, 0)
