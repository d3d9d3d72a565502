"""Tolls that are not one incident's: background sums over weeks, months or the war ('more than 300,000
killed since 2011', 'ten days of fighting have left 90 dead') and running tolls over a short period
('74 killed since Friday morning'). ACLED and UCDP code events of a day or a few days; a figure
summed over longer is no event's toll."""
from __future__ import annotations

import re

from .casualty_words import MONTHS

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# A toll over a week or more sums many incidents ('ten days of fighting', 'in the past two weeks', 'a month of
# infighting', 'since the offensive began'): ACLED and UCDP code events of a day or a few days.
_LONG_COUNT = r"\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|few"
_WEEK_OF_DAYS = r"[7-9]|[1-9]\d+|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|ninety"
_VIOLENCE = (r"(?:fighting|clashes|battles?|war|conflict|violence|infighting|siege|air\s*strikes|airstrikes|raids|"
             r"bombings?|bombardment|shelling|strikes|offensive|assault|attacks)\b")
_CUMULATIVE_RE = re.compile(
    rf"\b(?:since|back\s+in|during|throughout)\s+(?:the\s+)?(?:(?:early|late|mid)[- ])?"
    rf"(?:(?:{_MONTH_ALT})\s+)?(?:19|20)\d\d\b"
    rf"|\bin\s+(?:(?:early|late|mid)[- ])?(?:(?:{_MONTH_ALT})\s+)?(?:19|20)\d\d\b"
    r"|\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|onset)\b"
    r"|\b(?:war|conflict|crisis|uprising|revolution|fighting)\s+(?:that\s+|which\s+)?"
    r"(?:has|have|had)\s+(?:\w+\s+)?(?:killed|left|claimed|cost)"
    r"|\b(?:war|conflict|crisis|uprising|revolution)\s+(?:that\s+|which\s+)?"
    r"(?:began|started|erupted|broke\s+out)"
    r"|\b(?:years?|months)\s+of\s+(?:war|conflict|fighting|violence)"
    r"|\b(?:so\s+far\s+this|(?:over|in|during|throughout|within)\s+the\s+(?:past|last|previous))\s+"
    r"(?:\w+\s+)?(?:years?|months?|weeks?|fortnight)\b|\blast\s+year\b|\bthis\s+year\b|\bto\s+date\b"
    rf"|\b(?:a|one|{_LONG_COUNT})\s+(?:years?|months?|weeks?)\s+of\s+(?:\w+\s+){{0,2}}?{_VIOLENCE}"
    rf"|\b(?:{_WEEK_OF_DAYS})\s+days\s+of\s+(?:\w+\s+){{0,2}}?{_VIOLENCE}"
    r"|\bsince\s+(?:the\s+)?(?:[\w'-]+\s+){0,5}?(?:offensive|operation|campaign|assault|battle|siege|war|"
    r"uprising|intervention|bombing\s+campaign)\s+(?:was\s+)?(?:began|begun|started|launched|erupted|broke\s+out)"
    r"|\b(?:in|during|throughout)\s+(?:the|its|syria'?s)\s+(?:\w+[- ]){0,2}(?:civil\s+)?"
    r"(?:war|conflict)\b(?![-\w])"
    r"|\bsince\s+(?:then|last|early|late|mid|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
    rf"|\bsince\s+(?:{_MONTH_ALT})\b"
    r"|\b(?:last|earlier\s+this|this)\s+(?:week|month)\b(?!'s|’s)|\bin\s+(?:a|one)\s+week\b"
    r"|\bmillions?\b[^.]*\b(?:displaced|fled|flee|homeless|refugees)\b",
    re.IGNORECASE,
)


_COMPARISON_RE = re.compile(r"\b(?:deadliest|worst|bloodiest|biggest|largest|heaviest|most\s+\w+|highest|"
                            r"first|single)\b(?:(?!\b(?:killed|died|dead)\b)[^.;]){0,80}$", re.IGNORECASE)


def is_cumulative_toll(span) -> bool:
    """True when a sentence reads as a background or cumulative toll ("more than 300,000 people
    have been killed since the war began", "... died in a sarin attack in August 2013"), which
    an event builder should not take as the toll of the reported incident. A period that only
    measures a comparison is no background ("the deadliest attack on the army since 2016")."""
    text = span.text
    return any(not _COMPARISON_RE.search(text[:hit.start()]) for hit in _CUMULATIVE_RE.finditer(text))


_RUNNING_RE = re.compile(
    r"\bsince\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|dawn|last\s+night|this\s+morning)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\bover\s+the\s+same\s+period\b",
    re.IGNORECASE,
)


def running_period(span) -> str | None:
    """The words of a short running period ('since Friday morning', 'over the same period') when the
    sentence counts its losses over one, not for a single incident; None otherwise, and None when the
    sentence also reads as long background ('since 2011'). Such a toll is kept apart from the event's
    own figures (``Event.running_tolls``): a day's toll must never count it. 'In the past three days'
    stays the event's toll: coders take it when a report gives no other (FA-KES does)."""
    text = span.text
    hit = _RUNNING_RE.search(text)
    if hit is None:
        return None
    rest = _RUNNING_RE.sub(lambda m: " " * len(m[0]), text)
    if any(not _COMPARISON_RE.search(rest[:h.start()]) for h in _CUMULATIVE_RE.finditer(rest)):
        return None
    return hit[0]
