"""Near-duplicate (reprint) detection with word shingles.

Each text becomes the set of hashes of its 5-word shingles. Candidates come from an inverted index
over a consistent sample of the shingles (hash % ``sample`` == 0: a shingle sampled in one text is
sampled in every text), and each candidate is verified on the full shingle sets. The similarity is
*containment*, |A ∩ B| / min(|A|, |B|): an outlet that adds its own intro line or cuts the last
paragraphs of a wire story still scores near 1, while two independently written reports of the same
incident share few 5-word runs (names and short quotes) and score low.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from datetime import datetime
from itertools import chain

import numpy as np

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_MIX = np.uint64(0x9E3779B97F4A7C15)
DEFAULT_THRESHOLD = 0.5


class ReprintIndex:
    """Incremental index: ``add`` returns the earlier texts that the new one nearly duplicates."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, shingle_size: int = 5, sample: int = 4,
                 min_shared: int = 8, max_postings: int = 2000):
        self.threshold = threshold
        self.shingle_size = shingle_size
        self.sample = sample
        self.min_shared = min_shared
        self.max_postings = max_postings
        self._ids: list[str] = []
        self._shingles: list[np.ndarray] = []
        self._n_sampled = np.zeros(1024, dtype=np.int32)     # grown by doubling
        self._postings: dict[int, list[int]] = {}
        self._word_hash: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def shingles(self, text: str) -> np.ndarray:
        """Sorted unique uint32 hashes of the word shingles of ``text`` (case-folded)."""
        words = _WORD_RE.findall(text.lower())
        if not words:
            return np.empty(0, dtype=np.uint32)
        cache = self._word_hash
        hashes = np.fromiter((cache.get(w) or cache.setdefault(w, zlib.crc32(w.encode()) | 1)
                              for w in words), dtype=np.uint64, count=len(words))
        k = min(self.shingle_size, len(words))
        n = len(words) - k + 1
        combined = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for offset in range(k):
                combined = combined * _MIX + hashes[offset:offset + n]
            combined ^= combined >> np.uint64(29)
        return np.unique((combined >> np.uint64(32)).astype(np.uint32))

    def query(self, text: str) -> list[tuple[str, float]]:
        """Indexed texts that ``text`` nearly duplicates, best first (the index is not changed)."""
        return [(self._ids[i], sim) for i, sim in self._matches(self.shingles(text))]

    def add(self, doc_id: str, text: str) -> list[tuple[str, float]]:
        """Index one text; return ``(other_id, similarity)`` for earlier texts at or above the threshold."""
        return [(self._ids[i], sim) for i, sim in self.add_indexed(doc_id, text)]

    def add_indexed(self, doc_id: str, text: str) -> list[tuple[int, float]]:
        """As :meth:`add`, with the matches as insertion positions."""
        shingles = self.shingles(text)
        matches = self._matches(shingles)
        position = len(self._ids)
        self._ids.append(doc_id)
        self._shingles.append(shingles)
        sampled = self._sampled(shingles)
        if position >= len(self._n_sampled):
            self._n_sampled = np.concatenate([self._n_sampled, np.zeros_like(self._n_sampled)])
        self._n_sampled[position] = len(sampled)
        for key in sampled.tolist():
            self._postings.setdefault(key, []).append(position)
        return matches

    def _sampled(self, shingles: np.ndarray) -> np.ndarray:
        return shingles[shingles % np.uint32(self.sample) == 0]

    def _matches(self, shingles: np.ndarray) -> list[tuple[int, float]]:
        if len(shingles) == 0:
            return []
        sampled = self._sampled(shingles)
        get, cap = self._postings.get, self.max_postings
        hits = [p[-cap:] for p in map(get, sampled.tolist()) if p]
        if not hits:
            return []
        positions, n_shared = np.unique(np.fromiter(chain.from_iterable(hits), dtype=np.int64),
                                        return_counts=True)
        # Cheap filter: the shared fraction of the (consistently) sampled shingles estimates the
        # containment; half the threshold leaves room for sampling noise on short texts.
        floor = max(1, self.min_shared // (self.sample * 2))
        n_other = self._n_sampled[positions]
        need = np.maximum(floor, 0.5 * self.threshold * np.minimum(len(sampled), n_other))
        results = []
        for position in positions[n_shared >= need].tolist():
            other = self._shingles[position]
            shared = len(np.intersect1d(shingles, other, assume_unique=True))
            if shared < self.min_shared:
                continue
            similarity = shared / min(len(shingles), len(other))
            if similarity >= self.threshold:
                results.append((position, round(similarity, 4)))
        results.sort(key=lambda item: (-item[1], item[0]))
        return results


def _field(doc, name: str):
    if isinstance(doc, dict):
        return doc.get(name)
    if isinstance(doc, (tuple, list)):
        index = {"id": 0, "text": 1, "published": 2}[name]
        return doc[index] if len(doc) > index else None
    return getattr(doc, name, None)


def _parse_published(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _published_before(a: datetime | None, b: datetime | None) -> bool | None:
    """True/False when the dates order ``a`` and ``b``; None when unknown or equal."""
    if a is None or b is None:
        return None
    if (a.tzinfo is None) != (b.tzinfo is None) or a.time() == datetime.min.time() or \
            b.time() == datetime.min.time():
        a_key, b_key = a.date(), b.date()   # date-only or mixed: compare calendar days
    else:
        a_key, b_key = a, b
    if a_key == b_key:
        return None
    return a_key < b_key


def find_reprints(docs: Iterable, threshold: float = DEFAULT_THRESHOLD,
                  **index_options) -> list[tuple[str, str, float]]:
    """``(reprint_id, original_id, similarity)`` for each document that reprints an earlier one.

    ``docs`` are :class:`~sitrep.model.Document` objects, dicts or ``(id, text, published)`` tuples.
    The original is the earlier published document (same or unknown date: the one seen first); a
    document matching several is linked to the earliest of them.
    """
    index = ReprintIndex(threshold=threshold, **index_options)
    ids: list[str] = []
    dates: list[datetime | None] = []
    best: dict[int, tuple[int, float]] = {}

    def earlier(a: int, b: int) -> bool:
        order = _published_before(dates[a], dates[b])
        return a < b if order is None else order

    def consider(reprint: int, original: int, similarity: float) -> None:
        current = best.get(reprint)
        if current is None or earlier(original, current[0]) or (
                current[0] != original and not earlier(current[0], original) and similarity > current[1]):
            best[reprint] = (original, similarity)

    for doc in docs:
        position = len(ids)
        ids.append(str(_field(doc, "id")))
        dates.append(_parse_published(_field(doc, "published")))
        for other, similarity in index.add_indexed(ids[-1], _field(doc, "text") or ""):
            if earlier(other, position):
                consider(position, other, similarity)
            else:
                consider(other, position, similarity)
    # A document chosen as someone's original is not itself listed as a reprint of a later one.
    return [(ids[r], ids[o], sim) for r, (o, sim) in sorted(best.items()) if earlier(o, r)]
