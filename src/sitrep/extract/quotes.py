"""Quotation regions of a document (straight and curly double quotes).

A region runs from an opening mark to its closing mark. Straight quotes toggle; curly and
guillemet quotes open and close explicitly. A quotation still open at the end of a paragraph
ends there (wire copy re-opens a multi-paragraph quote at the start of the next paragraph).
"""
from __future__ import annotations

import bisect
import re

_OPEN = {"“": "”", "«": "»", "„": "“"}
_CLOSE = {"”", "»"}
_MARKS = re.compile(r'["“”«»„]|\n')


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of quotations, marks included, in text order."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    closer: str | None = None
    for match in _MARKS.finditer(text):
        mark, pos = match.group(), match.start()
        if mark == "\n":
            if open_at is not None:
                regions.append((open_at, pos))
                open_at = closer = None
            continue
        if open_at is None:
            if mark in _CLOSE:
                continue            # a stray closing mark
            open_at, closer = pos, (_OPEN.get(mark, '"'))
        elif mark == closer or (closer == '"' and mark in _CLOSE) or (closer != '"' and mark == '"'):
            regions.append((open_at, pos + 1))
            open_at = closer = None
    if open_at is not None:
        regions.append((open_at, len(text)))
    return regions


class QuoteIndex:
    """Fast membership tests against the quotation regions of one text."""

    def __init__(self, text: str):
        self.regions = quote_regions(text)
        self._starts = [s for s, _ in self.regions]
        # Regions that a paragraph end closed: the quotation goes on in the next paragraph.
        self.open_ended = {r for r in self.regions if r[1] > 0 and text[r[1] - 1] not in '"”»“'}

    def region_at(self, pos: int) -> tuple[int, int] | None:
        """The region strictly containing character POS (marks excluded), if any."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.regions[i][0] < pos < self.regions[i][1]:
            return self.regions[i]
        return None

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Regions whose inside overlaps [start, end) by at least one letter."""
        out = []
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        while i < len(self.regions) and self.regions[i][0] < end:
            rs, re_ = self.regions[i]
            if rs + 1 < end and start < re_ - 1:
                out.append(self.regions[i])
            i += 1
        return out

    def quoted_share(self, start: int, end: int, text: str) -> float:
        """Share of the letters of text[start:end] that lie inside quotations."""
        inside = 0
        for region in self.overlapping(start, end):
            lo, hi = max(start, region[0]), min(end, region[1])
            inside += sum(ch.isalnum() for ch in text[lo:hi])
        letters = sum(ch.isalnum() for ch in text[start:end])
        return inside / letters if letters else 0.0
