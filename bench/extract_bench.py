"""Benchmark `sitrep extract`: documents per second, peak memory and time per stage on this machine.

By default the FA-KES dev reports (~330 words each, read from ../shared at run time, never copied)
are repeated until there are --docs documents; without ../shared the example corpus is used.
Memory is the peak of the summed proportional set size (PSS) of this process and its workers, so
pages shared copy-on-write between forked workers count once. Run with `make bench`.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAKES = ROOT.parent / "shared" / "eval" / "fakes" / "dev.jsonl"


def load_corpus(path: Path, n_docs: int):
    from sitrep.model import Document

    base = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = []
    while len(docs) < n_docs:
        for row in base:
            docs.append(Document(text=row["text"], id=f"{row.get('id')}-{len(docs)}", title=row.get("title"),
                                 published=row.get("published") or row.get("date"), outlet=row.get("outlet")))
    return docs[:n_docs]


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


class MemorySampler(threading.Thread):
    """Peak of PSS summed over this process and its descendants, sampled every 0.2 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            pids, todo = [], [os.getpid()]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(_children(pid))
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in pids))
            self.stop.wait(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=FAKES if FAKES.exists() else
                        ROOT / "examples" / "corpus.jsonl")
    parser.add_argument("-j", "--processes", type=int, default=0, help="0: one per CPU")
    args = parser.parse_args()

    sampler = MemorySampler()
    sampler.start()
    t0 = time.perf_counter()
    from sitrep import timing
    from sitrep.nlp import load_nlp
    from sitrep.pipeline import extract_many

    load_nlp()
    list(extract_many(load_corpus(args.corpus, 2), processes=1))  # warm up: KB, gazetteer, classifier
    warm = time.perf_counter() - t0
    timing.take()

    docs = load_corpus(args.corpus, args.docs)
    chars = sum(len(d.text) for d in docs)
    words = sum(len(d.text.split()) for d in docs)
    t1 = time.perf_counter()
    events = errors = 0
    for result in extract_many(docs, processes=args.processes):
        events += len(result.events)
        errors += bool(result.error)
    elapsed = time.perf_counter() - t1
    sampler.stop.set()
    sampler.join()
    stages = timing.take()
    row = {"corpus": args.corpus.name, "documents": len(docs), "words_per_doc": round(words / len(docs)),
           "processes": args.processes or os.cpu_count(), "seconds": round(elapsed, 1),
           "docs_per_s": round(len(docs) / elapsed, 1), "kchars_per_s": round(chars / elapsed / 1000, 1),
           "events": events, "errors": errors, "startup_s": round(warm, 1),
           "peak_pss_mb": round(sampler.peak_kb / 1024), "cpus": os.cpu_count(),
           "load_avg_1min": round(os.getloadavg()[0], 1), "python": platform.python_version()}
    print(json.dumps(row))
    print("CPU seconds per stage, summed over workers:")
    print(timing.table(stages, len(docs)))
    print(f"| extract, {len(docs)} docs ({row['corpus']}, {row['words_per_doc']} words), {row['processes']} proc "
          f"| {row['docs_per_s']} docs/s | {row['kchars_per_s']} k chars/s | {row['startup_s']} s "
          f"| {row['peak_pss_mb']} MB |")


if __name__ == "__main__":
    main()
