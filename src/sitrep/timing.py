"""Seconds spent per pipeline stage in this process (``sitrep extract --profile``, the benchmark)."""
from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager

SECONDS: Counter = Counter()


@contextmanager
def stage(name: str):
    """Add the time spent inside the block to ``SECONDS[name]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        SECONDS[name] += time.perf_counter() - start


def count(name: str, n: int) -> None:
    """Count items (not seconds) under ``name``; kept with the stage times, shown apart."""
    SECONDS[COUNT_PREFIX + name] += n


COUNT_PREFIX = "n:"


def take() -> Counter:
    """The seconds counted so far, and reset the counter."""
    counts = Counter(SECONDS)
    SECONDS.clear()
    return counts


def table(seconds: Counter, documents: int) -> str:
    """A plain-text table: stage, seconds, share, milliseconds per document."""
    counts = {k[len(COUNT_PREFIX):]: v for k, v in seconds.items() if k.startswith(COUNT_PREFIX)}
    times = Counter({k: v for k, v in seconds.items() if not k.startswith(COUNT_PREFIX)})
    total = sum(times.values()) or 1.0
    lines = [f"{'stage':<14}{'seconds':>9}{'share':>8}{'ms/doc':>9}"]
    for name, value in times.most_common():
        lines.append(f"{name:<14}{value:>9.2f}{value / total:>8.0%}{1000 * value / max(documents, 1):>9.1f}")
    lines += [f"{name}: {int(value)} ({value / max(documents, 1):.1f} per document)"
              for name, value in sorted(counts.items())]
    return "\n".join(lines)
