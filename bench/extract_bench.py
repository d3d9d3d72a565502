"""Benchmark `sitrep extract`: documents per second and peak memory on this machine.

The example corpus is repeated until it holds at least --docs documents (ids made unique).
Run with `make bench`; prints a Markdown row for the README's benchmark table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_corpus(path: Path, n_docs: int):
    from sitrep.model import Document

    base = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = []
    while len(docs) < n_docs:
        for row in base:
            docs.append(Document(text=row["text"], id=f"{row.get('id')}-{len(docs)}", title=row.get("title"),
                                 published=row.get("published"), outlet=row.get("outlet")))
    return docs[:n_docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus.jsonl")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from sitrep.nlp import load_nlp
    from sitrep.pipeline import extract_many

    load_nlp()
    list(extract_many(load_corpus(args.corpus, 2)))  # warm up: KB, gazetteer, classifier
    warm = time.perf_counter() - t0

    docs = load_corpus(args.corpus, args.docs)
    chars = sum(len(d.text) for d in docs)
    t1 = time.perf_counter()
    events = errors = 0
    for result in extract_many(docs):
        events += len(result.events)
        errors += bool(result.error)
    elapsed = time.perf_counter() - t1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row = {"documents": len(docs), "chars": chars, "seconds": round(elapsed, 1),
           "docs_per_s": round(len(docs) / elapsed, 1), "kchars_per_s": round(chars / elapsed / 1000, 1),
           "events": events, "errors": errors, "startup_s": round(warm, 1), "peak_rss_mb": round(peak_mb),
           "cpus": os.cpu_count(), "python": platform.python_version()}
    print(json.dumps(row))
    print(f"| extract, {len(docs)} docs (example corpus repeated) | {row['docs_per_s']} docs/s | "
          f"{row['kchars_per_s']} k chars/s | {row['startup_s']} s | {row['peak_rss_mb']} MB |")


if __name__ == "__main__":
    main()
