"""The extraction pipeline: parse → classify → detect events → attach roles, status, dates,
places, casualties, materiel and attribution → merge mentions of one event.

``extract_many`` batches parsing and classification over many documents; one failing
document becomes an error record and never stops the batch.
"""
from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from . import timing
from .extract import assemble
from .model import Document, Extraction
from .nlp import load_nlp

log = logging.getLogger(__name__)
MAX_CHARS = 5_000_000
BATCH = 32


class InputProblem(ValueError):
    """A document that cannot be processed (empty, binary, too large)."""


def check_text(text) -> str:
    """The text if it can be processed, else InputProblem with a clear reason."""
    if not isinstance(text, str):
        raise InputProblem(f"text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise InputProblem("empty text")
    if len(text) > MAX_CHARS:
        raise InputProblem(f"document too large ({len(text) / 1e6:.1f} M characters > {MAX_CHARS / 1e6:.0f} M)")
    if text.count("\x00") > 0:
        raise InputProblem("binary content (NUL bytes) in text")
    return text


def extract(text: str, published: str | None = None, outlet: str | None = None, id: str = "doc",
            title: str | None = None, url: str | None = None) -> Extraction:
    """Extract one report (the Python API behind ``sitrep extract``)."""
    document = Document(text=text, id=id, title=title, published=published, outlet=outlet, url=url)
    return next(extract_many([document]))


def _error(document: Document, message: str) -> Extraction:
    return Extraction(id=document.id, published=document.published, outlet=document.outlet,
                      title=document.title, error=message)


def extract_many(documents: Iterable, batch_size: int = BATCH, processes: int = 1) -> Iterator[Extraction]:
    """Extractions in input order; items that are errors already (have ``message``) pass through.

    With ``processes`` > 1 (0: one per CPU), batches are extracted in forked worker processes once
    the input holds more than one batch; a single short input never pays for the pool.
    """
    if processes == 0:
        processes = os.cpu_count() or 1
    chunks = batches(documents, batch_size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if processes <= 1 or second is None or "fork" not in multiprocessing.get_all_start_methods():
        preload = threading.Thread(target=_preload, name="sitrep-preload", daemon=True)
        preload.start()                 # the encoder and knowledge base load while spaCy does
        nlp = load_nlp()
        preload.join()
        for batch in itertools.chain((first, second), chunks):
            if batch is not None:
                yield from _run_batch(nlp, batch)
        return
    yield from _run_pooled(load_nlp(), [first, second], chunks, processes)


def batches(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` consecutive items (the last one shorter), lazily."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _warm_up() -> None:
    """Load what every worker needs, so that forked workers share its memory copy-on-write."""
    from .extract.gazetteer import get_gazetteer
    from .kb import load_kb
    load_kb()
    get_gazetteer()


def _load_encoder() -> None:
    from .extract import classify
    classify._emb_model("types")
    classify._emb_model("plover")


def _warm_up_encoder() -> None:
    """Load the encoder single-threaded before forking: a session without a thread pool of its own
    works in the forked workers, which then share its ~150 MB of weights instead of each loading them."""
    from .extract import classify
    if not classify._encoder.cache_info().currsize:
        classify.ENCODER_THREADS = 1
    try:
        _load_encoder()
    except Exception:  # noqa: BLE001 - the workers meet the same problem and report it per document
        log.debug("loading the encoder failed", exc_info=True)


def _preload() -> None:
    """Load what one process needs besides spaCy (a background thread in ``extract_many``)."""
    try:
        _warm_up()
        _load_encoder()
    except Exception:  # noqa: BLE001 - whatever failed here fails again, with its message, where it is used
        log.debug("preloading failed", exc_info=True)


_INHERITED: list = []   # encoder sessions copied by fork: kept (never freed, never used) in a worker


def _worker_init() -> None:
    from .extract import classify
    if classify._encoder.cache_info().currsize and \
            classify._encoder()[1].get_session_options().intra_op_num_threads != 1:
        _INHERITED.append(classify._encoder())      # the parent's thread pool did not survive the fork
        classify._encoder.cache_clear()
    classify.ENCODER_THREADS = 1    # one process per core: no oversubscription


def _worker_batch(batch: list) -> tuple[list[Extraction], dict]:
    return list(_run_batch(load_nlp(), batch)), timing.take()


def _run_pooled(nlp, head: list[list], rest: Iterator[list], processes: int) -> Iterator[Extraction]:
    """Batches through a pool of forked workers, at most two per worker in flight, in input order.
    A batch whose worker died is extracted again in this process, so nothing is lost."""
    _warm_up()
    _warm_up_encoder()
    context = multiprocessing.get_context("fork")
    pending: deque = deque()
    source = itertools.chain(head, rest)
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_worker_init) as pool:
        broken = False

        def submit() -> bool:
            batch = next(source, None)
            if batch is None:
                return False
            pending.append((batch, None if broken else pool.submit(_worker_batch, batch)))
            return True

        while len(pending) < 2 * processes and submit():
            pass
        while pending:
            batch, future = pending.popleft()
            try:
                results = None
                if future is not None:
                    results, seconds = future.result()
                    timing.SECONDS.update(seconds)
            except BrokenProcessPool:
                log.warning("a worker process died; extracting the remaining batches in this process")
                broken, results = True, None
            yield from results if results is not None else _run_batch(nlp, batch)
            submit()


def _run_batch(nlp, batch: list) -> Iterator[Extraction]:
    """Extractions of one batch, in order. spaCy's memory zone frees the strings and lexemes the
    batch added to the vocabulary once it is done (nothing of spaCy's outlives an Extraction)."""
    zone = nlp.memory_zone() if hasattr(nlp, "memory_zone") else contextlib.nullcontext()
    with zone:
        results = _extract_batch(nlp, batch)
    yield from results


def _extract_batch(nlp, batch: list) -> list[Extraction]:
    ok: list[tuple[int, Document]] = []
    results: dict[int, Extraction] = {}
    for n, item in enumerate(batch):
        if not isinstance(item, Document):
            results[n] = Extraction(id=str(getattr(item, "id", "") or f"input-{n}"), published=None, outlet=None,
                                    error=str(getattr(item, "message", item)))
            continue
        try:
            check_text(item.text)
            ok.append((n, item))
        except InputProblem as exc:
            results[n] = _error(item, str(exc))
    try:
        with timing.stage("parse"):
            parsed = list(nlp.pipe([d.text for _, d in ok]))
    except Exception as exc:  # noqa: BLE001 - fall back to one by one so one bad text fails alone
        log.debug("batch parse failed (%s); parsing one by one", exc)
        parsed = []
        for _, d in ok:
            try:
                parsed.append(nlp(d.text))
            except Exception as inner:  # noqa: BLE001
                parsed.append(inner)
    with timing.stage("classify"):
        sentence_probs = assemble.classify_batch([p for p in parsed if not isinstance(p, Exception)])
    probs_iter = iter(sentence_probs)
    for (n, document), spacy_doc in zip(ok, parsed):
        if isinstance(spacy_doc, Exception):
            results[n] = _error(document, f"parse failed: {spacy_doc}")
            continue
        probs = next(probs_iter)
        try:
            results[n] = assemble.assemble(document, spacy_doc, probs)
        except Exception as exc:  # noqa: BLE001 - one broken document never stops a batch
            log.exception("extraction failed for %s", document.id)
            results[n] = _error(document, f"extraction failed: {type(exc).__name__}: {exc}")
    return [results[n] for n in range(len(batch))]
