"""Benchmark ``sitrep ingest``: plain (one process, ``-j 1``), forked (``-j 0``: one worker process per
CPU), ``--workers 1`` and ``--workers 2`` (local Dask).

Documents are the FA-KES dev texts (read from ../shared at run time, never copied here) repeated to
``--docs`` documents with unique ids; each text gets a counter line so that idempotent ingest does not
skip repeats. Every run ingests into a fresh SQLite file in a temporary folder and is timed wall-clock
(start-up included); CPU time sums every process of the run (client and workers).
Usage: ``.venv/bin/python bench/dask_bench.py [--docs 400] [--modes plain,forked,1,2]``.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "fakes" / "dev.jsonl"
SITREP = ROOT / ".venv" / "bin" / "sitrep"


def make_corpus(path: Path, n_docs: int) -> int:
    """Write ``n_docs`` unique documents built from the dev texts; returns the number of characters."""
    sources = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not sources:
        raise SystemExit(f"no documents in {DEV}")
    chars = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(n_docs):
            source = sources[n % len(sources)]
            text = f"{source['text']}\n\nBenchmark copy {n}."
            chars += len(text)
            record = {"id": f"bench-{n}", "text": text, "title": source.get("title"),
                      "published": source.get("published"), "outlet": source.get("outlet") or "bench"}
            out.write(json.dumps(record) + "\n")
    return chars


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(corpus: Path, db: Path, mode: str, batch_size: int) -> tuple[float, float, str]:
    """Wall-clock seconds, CPU seconds (all processes of the run) and the summary line of one ingest."""
    command = [str(SITREP), "ingest", str(corpus), "--db", str(db), "--batch-size", str(batch_size)]
    if mode == "plain":
        command += ["-j", "1"]
    elif mode == "forked":
        command += ["-j", "0"]
    else:
        command += ["--workers", mode]
    cpu_before, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu_before
    summary = next((line for line in done.stdout.splitlines() if re.search(r"\d+ new documents", line)), "")
    if not summary or done.returncode != 0:
        raise SystemExit(f"{mode}: ingest failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return seconds, cpu, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--modes", default="plain,forked,1,2",
                        help="comma list: plain (-j 1), forked (-j 0) and/or Dask worker counts")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    if not DEV.exists():
        raise SystemExit(f"missing {DEV} (the shared eval data)")
    results = {}
    with tempfile.TemporaryDirectory(prefix="sitrep-dask-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        chars = make_corpus(corpus, args.docs)
        print(f"{args.docs} documents, {chars / 1e3:.0f} k characters, batch size {args.batch_size}",
              file=sys.stderr)
        for mode in args.modes.split(","):
            seconds, cpu, summary = run(corpus, Path(tmp) / f"{mode}.db", mode, args.batch_size)
            results[mode] = (seconds, cpu)
            print(f"{mode:>6}: {seconds:7.1f} s wall, {cpu:7.1f} s CPU, {args.docs / seconds:5.2f} docs/s"
                  f"  | {summary}", file=sys.stderr, flush=True)
    base, base_cpu = results.get("plain", (None, None))
    print(f"| run ({args.docs} docs, {date.today()}) | wall time | throughput | speed-up vs plain "
          "| CPU time, all processes | CPU overhead vs plain |")
    print("|---|---|---|---|---|---|")
    for mode, (seconds, cpu) in results.items():
        name = {"plain": "plain `sitrep ingest -j 1`", "forked": "`sitrep ingest` (-j 0: forked workers)"}.get(
            mode, f"`--workers {mode}`")
        speedup = f"{base / seconds:.2f}×" if base else "–"
        overhead = f"{(cpu - base_cpu) / base_cpu * 100:+.0f}%" if base_cpu and mode != "plain" else "–"
        print(f"| {name} | {seconds:.1f} s | {args.docs / seconds:.2f} docs/s | {speedup} | {cpu:.0f} s "
              f"| {overhead} |")


if __name__ == "__main__":
    main()
