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


def take() -> Counter:
    """The seconds counted so far, and reset the counter."""
    counts = Counter(SECONDS)
    SECONDS.clear()
    return counts


def table(seconds: Counter, documents: int) -> str:
    """A plain-text table: stage, seconds, share, milliseconds per document."""
    total = sum(seconds.values()) or 1.0
    lines = [f"{'stage':<14}{'seconds':>9}{'share':>8}{'ms/doc':>9}"]
    for name, value in seconds.most_common():
        lines.append(f"{name:<14}{value:>9.2f}{value / total:>8.0%}{1000 * value / max(documents, 1):>9.1f}")
    return "\n".join(lines)
