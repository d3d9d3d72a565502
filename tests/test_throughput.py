"""The fast paths: worker processes, the encoder cascade, per-stage timings, per-document caches."""
from __future__ import annotations

import os
import threading

import numpy as np
import pytest
from click.testing import CliRunner

from sitrep import pipeline, timing
from sitrep.cli import main
from sitrep.extract import classify
from sitrep.extract.doccache import entities, sentence_of_token, sentences, text_of
from sitrep.extract.events import may_hold_event
from sitrep.model import Document
from sitrep.nlp import load_nlp

REPORTS = [
    "Government helicopters dropped barrel bombs on two villages south of Idlib on Sunday, killing six "
    "civilians, a monitoring group said. The weather was mild and the market stayed open.",
    "Rebel fighters shelled a checkpoint near Aleppo on Monday and wounded three soldiers, state media said.",
    "The foreign minister met his counterpart in Ankara on Tuesday to discuss trade and tourism.",
    "Police arrested twelve protesters outside the parliament in Baghdad, witnesses said.",
    "A car bomb exploded near a market in Azaz on Wednesday, killing at least eight people.",
]


def _docs(n: int) -> list[Document]:
    return [Document(text=REPORTS[i % len(REPORTS)] + f" Report number {i}.", id=f"d{i}",
                     published="2020-02-20", outlet="Reuters") for i in range(n)]


def _summary(extraction) -> list:
    return [(e.type, e.status, e.date.start, [a.name for a in e.actors],
             [c.to_dict() for c in e.casualties]) for e in extraction.events]


def test_worker_processes_give_the_same_records_in_input_order():
    docs = _docs(8)
    alone = list(pipeline.extract_many(docs, batch_size=2, processes=1))
    pooled = list(pipeline.extract_many(docs, batch_size=2, processes=2))
    assert [x.id for x in pooled] == [d.id for d in docs]
    assert [_summary(x) for x in pooled] == [_summary(x) for x in alone]
    assert any(x.events for x in pooled)


def _dies_on_a_marked_batch(batch):
    if any(getattr(d, "id", "") == "d3" for d in batch) and os.getpid() != PARENT[0]:
        os._exit(1)     # a worker killed mid-batch (out of memory, segfault)
    return _REAL_WORKER(batch)


PARENT: list[int] = []
_REAL_WORKER = pipeline._worker_batch


def test_a_dead_worker_loses_no_document(monkeypatch):
    PARENT[:] = [os.getpid()]
    monkeypatch.setattr(pipeline, "_worker_batch", _dies_on_a_marked_batch)
    docs = _docs(8)
    results = list(pipeline.extract_many(docs, batch_size=2, processes=2))
    assert [x.id for x in results] == [d.id for d in docs]
    assert not any(x.error for x in results)


def test_one_bad_document_in_a_pooled_batch_fails_alone():
    docs = _docs(6)
    docs[2] = Document(text="\x00\x01binary", id="bad")
    results = list(pipeline.extract_many(docs, batch_size=2, processes=2))
    assert [bool(x.error) for x in results] == [False, False, True, False, False, False]


def test_cascade_sends_only_event_sentences_to_the_encoder():
    doc = load_nlp()(REPORTS[0])
    first, second = sentences(doc)
    assert may_hold_event(first)
    assert not may_hold_event(second)


@pytest.mark.skipif(not classify.embeddings_available(), reason="sentence encoder not installed")
def test_rows_left_out_of_the_encoder_get_the_sparse_model_alone():
    texts = ["Jets bombed the town and killed four people.", "The market stayed open all day."]
    mixed_types, _ = classify.classify_both(texts, [True, False])
    full_types, _ = classify.classify_both(texts)
    sparse = classify._tfidf_model("types")
    labels = list(classify.TYPE_CODES) + [classify.NONE]
    expected = classify._align(sparse.predict_proba(texts[1:]), [str(c) for c in sparse.classes_], labels)[0]
    expected = expected / expected.sum()
    assert mixed_types[0] == pytest.approx(full_types[0])
    assert np.allclose([mixed_types[1][k] for k in labels], expected)
    assert mixed_types[1] != pytest.approx(full_types[1])


def test_profile_counts_classified_and_embedded_sentences(monkeypatch):
    texts = ["Jets bombed the town and killed four people.", "The market stayed open all day."]
    timing.take()
    classify.classify_both(texts, [True, False])
    counts = timing.take()
    assert counts["n:sentences classified"] == 2
    assert counts["n:sentences embedded"] == (1 if classify.embeddings_available() else 0)
    assert "sentences classified: 2 (1.0 per document)" in timing.table(counts, 2)
    monkeypatch.setenv("SITREP_EMBEDDINGS", "0")
    classify._emb_model.cache_clear()
    try:
        classify.classify_both(texts, [True, True])
        counts = timing.take()
    finally:
        classify._emb_model.cache_clear()
    assert counts["n:sentences classified"] == 2 and counts["n:sentences embedded"] == 0


def test_document_caches_match_spacy():
    doc = load_nlp()(REPORTS[0] + "\n\n" + REPORTS[1])
    assert text_of(doc) == doc.text
    assert [s.text for s in sentences(doc)] == [s.text for s in doc.sents]
    assert [e.text for e in entities(doc)] == [e.text for e in doc.ents]
    for token in doc:
        assert sentence_of_token(token).start == token.sent.start


def test_stage_timings_are_counted_and_printed():
    timing.take()
    list(pipeline.extract_many(_docs(2), processes=1))
    seconds = timing.take()
    assert {"parse", "classify", "places", "events", "casualties"} <= set(seconds)
    assert all(v >= 0 for v in seconds.values())
    assert "ms/doc" in timing.table(seconds, 2)
    assert not timing.SECONDS


def test_cli_profile_prints_the_stage_table(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(REPORTS[4], encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(src), "--profile", "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0, result.output
    assert "classify" in result.output and "ms/doc" in result.output


def test_pooled_extraction_streams_its_input():
    consumed = []

    def endless():
        for doc in _docs(1000):
            consumed.append(doc.id)
            yield doc

    results = pipeline.extract_many(endless(), batch_size=2, processes=2)
    first = [next(results) for _ in range(3)]
    results.close()
    assert [x.id for x in first] == ["d0", "d1", "d2"]
    assert len(consumed) <= 16      # a bounded window of batches, not the whole input


def test_a_failed_preload_does_not_stop_extraction(monkeypatch):
    def broken():
        raise RuntimeError("preload broke")
    monkeypatch.setattr(pipeline, "_warm_up", broken)
    uncaught = []
    monkeypatch.setattr(threading, "excepthook", uncaught.append)     # no traceback from the thread either
    result = pipeline.extract("Government helicopters bombed the town of Atarib on Sunday, killing four civilians.",
                              published="2020-02-17", outlet="Reuters")
    assert result.error is None
    assert [e.type for e in result.events] == ["AIR_STRIKE"]
    assert uncaught == []


def test_a_batch_leaves_no_new_strings_in_the_vocabulary():
    nlp = load_nlp()
    nonce = "Qorvandishtown"          # a word no model or knowledge base holds
    doc = Document(id="n1", text=f"Shelling hit {nonce} on Monday, killing two people.", published="2020-02-18")
    result = list(pipeline.extract_many([doc]))[0]
    assert result.error is None and result.events
    assert nonce not in nlp.vocab.strings         # spaCy's memory zone freed what the batch added
