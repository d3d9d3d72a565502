"""Reprint (near-duplicate) detection."""
from __future__ import annotations

import json
import random
import time
from pathlib import Path

from sitrep.ingest import ReprintIndex, find_reprints

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

WIRE = ("Syrian government forces shelled a Turkish convoy near the town of Saraqib in Idlib province on "
        "Monday, killing five soldiers and a civilian contractor, the Turkish Defence Ministry said. Turkish "
        "artillery and F-16 jets struck back at dozens of targets, and the ministry said that scores of "
        "government soldiers had been killed in the response. Moscow said the Turkish units had moved at "
        "night without warning the Russian command, which had therefore been unable to alert the Syrian "
        "army. The clash was the most serious between the two armies since the war began, and it came as "
        "government troops pushed north along the main highway linking Damascus and Aleppo.")
REPRINT = ("Tensions between Ankara and Damascus flared again overnight, in a story our partners reported "
           "from the region. " + WIRE)
# Same incident, independently written: shares names and numbers but not phrasing.
INDEPENDENT = ("Six Turkish personnel died when Syrian artillery hit their column outside Saraqib on Monday, "
               "according to officials in Ankara. Turkey answered with jets and howitzers. Russia's military "
               "said it had not been told in advance that the Turkish column would be moving through the "
               "area during the night. A monitor said thirteen Syrian soldiers died in the Turkish fire, far "
               "fewer than Ankara claimed, and that fighting continued along the Damascus-Aleppo highway.")


def test_reprint_with_new_intro_is_found_and_independent_report_is_not():
    index = ReprintIndex()
    assert index.add("wire", WIRE) == []
    assert index.add("independent", INDEPENDENT) == []
    matches = index.add("reprint", REPRINT)
    assert [m[0] for m in matches] == ["wire"] and matches[0][1] >= 0.95
    assert len(index) == 3


def test_truncated_reprint_is_found_by_containment():
    half = WIRE[: len(WIRE) // 2]
    index = ReprintIndex()
    index.add("wire", WIRE)
    assert [m[0] for m in index.query(half)] == ["wire"]
    assert len(index) == 1                       # query does not index


def test_threshold_is_configurable():
    words = WIRE.split()
    edited = " ".join("the" if i % 9 == 4 else w for i, w in enumerate(words))  # one word in nine replaced
    strict, loose = ReprintIndex(threshold=0.9), ReprintIndex(threshold=0.3)
    strict.add("wire", WIRE)
    loose.add("wire", WIRE)
    assert strict.query(edited) == []
    assert [m[0] for m in loose.query(edited)] == ["wire"]


def test_short_or_empty_texts_do_not_match():
    index = ReprintIndex()
    index.add("a", "Shelling hit Saraqib on Monday.")
    assert index.add("b", "Shelling hit Saraqib on Monday.") == []   # fewer shared shingles than min_shared
    assert index.add("empty", "") == []


def test_original_is_the_earlier_published_document():
    docs = [
        {"id": "late-reprint", "text": REPRINT, "published": "2020-02-04"},
        {"id": "independent", "text": INDEPENDENT, "published": "2020-02-03"},
        {"id": "wire", "text": WIRE, "published": "2020-02-03T09:00:00+00:00"},
    ]
    assert [(r, o) for r, o, _ in find_reprints(docs)] == [("late-reprint", "wire")]


def test_same_day_or_unknown_date_original_is_the_first_seen():
    same_day = [("second", REPRINT, "2020-02-03"), ("first", WIRE, "2020-02-03")]
    assert [(r, o) for r, o, _ in find_reprints(same_day)] == [("first", "second")]
    no_dates = [("x", WIRE), ("y", REPRINT), ("z", WIRE + " Updated.")]
    assert sorted((r, o) for r, o, _ in find_reprints(no_dates)) == [("y", "x"), ("z", "x")]


def test_example_corpus_reprints_match_gold():
    docs = [json.loads(line) for line in (EXAMPLES / "corpus.jsonl").open(encoding="utf-8")]
    gold = json.loads((EXAMPLES / "gold_incidents.json").read_text(encoding="utf-8"))
    expected = {(r["reprint"], r["original"]) for r in gold["reprints"]}
    found = find_reprints(docs)
    assert {(r, o) for r, o, _ in found} == expected
    # Different reports of one incident stay far below the threshold.
    incident_of = {d: k for k, v in gold["incidents"].items() for d in v["documents"]}
    loose = ReprintIndex(threshold=0.2, min_shared=1)
    for doc in docs:
        for other, sim in loose.add(doc["id"], doc["text"]):
            pair = (doc["id"], other)
            assert pair in expected, (pair, sim, incident_of[doc["id"]])


def test_scales_to_thousands_of_documents():
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]
    docs = [(f"d{i}", " ".join(rng.choice(vocab) for _ in range(150))) for i in range(3000)]
    planted = {}
    for n in range(10):
        src = rng.randrange(len(docs))
        copy_id = f"copy{n}"
        docs.append((copy_id, "An outlet intro line. " + docs[src][1]))
        planted[copy_id] = docs[src][0]
    start = time.perf_counter()
    found = find_reprints(docs)
    elapsed = time.perf_counter() - start
    assert {r: o for r, o, _ in found} == planted
    assert elapsed < 20, elapsed
