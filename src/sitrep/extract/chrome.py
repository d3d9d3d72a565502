"""Page chrome left in scraped text: lists of links to other stories.

A web page saved as plain text keeps its "Related News", "Related Coverage" or "Related" box: the
headlines of other stories ("Airstrikes Kill 36 Civilians in ...", "Blast Rocks Damascus Suburb"),
run together without full stops, up to the page's "Tags" or "Category" line. Those headlines are
other reports' events, not this report's; no event or toll is read inside them.

A box counts only when it is closed by such a line within ``MAX_BOX`` characters and holds no
sentence of prose (a lower-case word followed by a full stop): where the box runs into the story
with nothing to mark its end, nothing is dropped. When only a short tag list and footer without
prose follow the closing line, they belong to the box.
"""
from __future__ import annotations

import re

MAX_BOX = 900
MAX_TAIL = 400
_OPEN = re.compile(r"\bRelated(?:\s+(?:News|Coverage|Articles|Stories|Content|Posts|Reading|Links))?:?\s+"
                   r"(?=[A-Z0-9\"'‘“])")
_CLOSE = re.compile(r"\b(?:Tags|Category|Categories|Topics|Community\s+standards|Share\s+this|Most\s+(?:Read|Popular))\b")
_PROSE_STOP = re.compile(r"\b[a-z]{2,}[.!]\s")


def link_boxes(text: str) -> list[tuple[int, int]]:
    """Character spans of the related-links boxes of ``text``."""
    boxes: list[tuple[int, int]] = []
    for opened in _OPEN.finditer(text or ""):
        if boxes and opened.start() < boxes[-1][1]:
            continue
        closed = _CLOSE.search(text, opened.end(), opened.start() + MAX_BOX)
        if closed is None or _PROSE_STOP.search(text[opened.end():closed.start()] + " "):
            continue
        end = closed.start()
        tail = text[closed.end():]
        if len(tail) <= MAX_TAIL and not _PROSE_STOP.search(tail + " "):
            end = len(text)  # the page's tag list and footer close the text
        boxes.append((opened.start(), end))
    return boxes


def inside(boxes: list[tuple[int, int]], offset: int | None) -> bool:
    """Whether a character offset falls in one of ``boxes``."""
    return offset is not None and any(start <= offset < end for start, end in boxes)
