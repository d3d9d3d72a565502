"""Which date mention dates an event: the nearest attached mention of its sentence, else the last
day or week of its paragraph, else the reference date at lower precision (``event_date``); and
whether a mention lies before the reporting period (``is_historical``)."""
from __future__ import annotations

import datetime as dt

from sitrep.model import EventDate

from .dates import HISTORICAL_DAYS, PRECISION_ORDER, DateMention, RefDate

_BASIS_OF_KIND = {"absolute": "explicit", "year": "explicit", "range": "explicit",
                  "relative": "relative", "weekday": "relative", "antecedent": "relative"}


def _as_event_date(m: DateMention) -> EventDate:
    return EventDate(m.start_date.isoformat(), m.end_date.isoformat(), m.precision, m.text,
                     _BASIS_OF_KIND.get(m.kind, "explicit"))


def _attached(doc, mention: DateMention, trigger_start: int) -> bool:
    """True when the mention's syntactic head chain reaches the trigger token (within 3 steps)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(3):
        if token.idx <= trigger_start < token.idx + len(token):
            return True
        if token.head.i == token.i:
            break
        token = token.head
    return token.idx <= trigger_start < token.idx + len(token)


def _outside_antecedent(m: DateMention, anchor: int, text: str | None) -> bool:
    """'X came days after Y' and 'Two days after the bombing, police arrested ...' date Y, the bombing, only:
    what precedes the expression, or follows it beyond its clause, is the later event."""
    if anchor < m.end:
        return True
    return text is not None and any(ch in ",;" for ch in text[m.end:anchor])


def event_date(mentions: list[DateMention], start: int, end: int, trigger_start: int | None,
               ref: RefDate | None, context: dict | None = None) -> EventDate:
    """The date of an event in the sentence [start, end).

    Nearest resolved mention in the sentence (syntactically attached first when ``context['doc']``
    is a spaCy Doc; ``context['text']``, the document's text, marks clause boundaries), else the last
    day/week mention earlier in the paragraph
    (``context['paragraph_start']``), else the reference date inherited at week precision.
    """
    context = context or {}
    anchor = trigger_start if trigger_start is not None else start
    usable = [m for m in mentions if m.start_date is not None and m.kind != "duration"
              and not (ref is not None and ref.start is not None and m.start == ref.start)]
    doc = context.get("doc")
    text = context.get("text") or (doc.text if doc is not None else None)
    inside = [m for m in usable if m.start >= start and m.end <= end
              and not (m.kind == "antecedent" and _outside_antecedent(m, anchor, text))]
    attached = [m for m in inside if doc is not None and _attached(doc, m, anchor)]
    if not attached:
        inside = [m for m in inside if not _foreign(m, anchor, ref)]
    if inside:
        pool = attached or inside
        best = min(pool, key=lambda m: (min(abs(m.start - anchor), abs(m.end - anchor)),
                                        PRECISION_ORDER.index(m.precision)))
        return _as_event_date(best)
    para_start = context.get("paragraph_start")
    if para_start is not None:
        before = [m for m in usable
                  if para_start <= m.start and m.end <= start and m.precision in ("day", "week")]
        if before:
            return _as_event_date(before[-1])
    if ref is not None and ref.date is not None:
        iso = ref.date.isoformat()
        return EventDate(iso, iso, "week", ref.text, "inherited")
    return EventDate(None, None, "unknown", None, "none")


def _foreign(mention: DateMention, anchor: int, ref: RefDate | None) -> bool:
    """A date outside the reporting period, in a clause that describes something else than the
    trigger: 'recaptured the town, held by rebels since 2012', 'talks ..., with patrols due to start
    on March 15'. It dates that noun, not the event."""
    if mention.clause is None or ref is None or ref.date is None or mention.start_date is None:
        return False
    if mention.clause[0] <= anchor < mention.clause[1]:
        return False
    return mention.start_date > ref.date or mention.start_date < ref.date - dt.timedelta(days=HISTORICAL_DAYS)


def is_historical(mention: DateMention, ref: RefDate | None) -> bool:
    """True for a date clearly before the reporting period: an earlier year, or > 60 days before."""
    if ref is None or ref.date is None or mention.start_date is None or mention.end_date is None:
        return False
    if mention.kind == "range":
        return mention.end_date < ref.date - dt.timedelta(days=HISTORICAL_DAYS)
    if mention.precision == "year":
        return mention.start_date.year < ref.date.year
    return mention.end_date < ref.date - dt.timedelta(days=HISTORICAL_DAYS)
