"""The extraction pipeline: parse → classify → detect events → attach roles, status, dates,
places, casualties, materiel and attribution → merge mentions of one event.

``extract_many`` batches parsing and classification over many documents; one failing
document becomes an error record and never stops the batch.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

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


def extract_many(documents: Iterable, batch_size: int = BATCH) -> Iterator[Extraction]:
    """Extractions in input order; items that are errors already (have ``message``) pass through."""
    nlp = load_nlp()
    batch: list = []
    for item in documents:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


def _run_batch(nlp, batch: list) -> Iterator[Extraction]:
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
        parsed = list(nlp.pipe([d.text for _, d in ok]))
    except Exception as exc:  # noqa: BLE001 - fall back to one by one so one bad text fails alone
        log.debug("batch parse failed (%s); parsing one by one", exc)
        parsed = []
        for _, d in ok:
            try:
                parsed.append(nlp(d.text))
            except Exception as inner:  # noqa: BLE001
                parsed.append(inner)
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
    for n in range(len(batch)):
        yield results[n]
