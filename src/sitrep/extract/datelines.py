"""Date patterns: absolute calendar dates (full or partial), report datelines, relative expressions.

Low-level scanners used by :mod:`sitrep.extract.dates`. Every hit is an
:class:`AbsoluteHit` with character offsets into the scanned text; the year or
the day may be missing (``None``) for partial dates such as "February 20" or
"March 2019".
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}

# Capitalised month names only: lower-case "may" / "march" are usually words, not months.
MON = (r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December"
       r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\b"
       r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)")
WEEKDAY_FULL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WD = rf"(?:{WEEKDAY_FULL}|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?"
YEAR = r"(?:19[5-9]\d|20\d\d)"
ORD = r"(?:st|nd|rd|th)?"

_DMY = re.compile(
    rf"(?:(?P<wd>{WD}),?\s+(?:[Tt]he\s+)?)?(?:(?<=\s)|(?<=^)|(?<=[(\[,]))(?:[Tt]he\s+)?(?P<d>\d{{1,2}}){ORD}"
    rf"(?:\s+of)?[\s-]+(?P<m>{MON})(?:,?[\s-]*(?P<y>{YEAR}))?(?!\d)")
_MDY = re.compile(
    rf"(?:(?P<wd>{WD}),?\s+(?:the\s+)?)?(?P<m>{MON})\s*(?P<d>\d{{1,2}}){ORD}(?:,?\s*(?P<y>{YEAR}))?(?!\d)")
_MY = re.compile(rf"(?P<m>{MON}),?\s+(?:of\s+)?(?P<y>{YEAR})(?!\d)")
_ISO = re.compile(
    rf"(?<![\d/.-])(?P<y>{YEAR})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?![\d/-]|\.\d)")
_NUM = re.compile(
    rf"(?<![\d/.,-])(?P<a>\d{{1,2}})(?P<s>[./-])(?P<b>\d{{1,2}})(?P=s)(?P<y>{YEAR})(?![\d/-]|\.\d)")

# Cues that introduce a publication line or a news-agency dateline.
_PUB_CUE = re.compile(r"(?i)\b(?:published|posted|updated|last\s+updated|date|dated|first\s+published)"
                      r"(?:\s+(?:on|at))?\s*:?\s*$")
_AGENCY_DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Za-z.'\- ]{{1,40}}),\s*(?P<date>(?P<m>{MON})\s*(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m2>{MON}))(?:,?\s*(?P<y>{YEAR}))?\s*\((?:Reuters|AFP|AP|Xinhua|IANS|UPI|dpa|ANI|Sputnik|TASS|SANA"
    rf"|Anadolu|AA|IRNA|PTI|Bernama|EFE|ANSA|KUNA|WAFA)\)")
DATELINE_WINDOW = 320
LEAD_WINDOW = 120         # an uncued date this close to the start is the report's dateline


@dataclass(frozen=True)
class AbsoluteHit:
    """One calendar-date expression; ``year``/``day`` are None when the text omits them."""
    start: int
    end: int
    text: str
    year: int | None
    month: int
    day: int | None
    weekday: int | None = None        # 0=Monday, as stated in the text

    @property
    def full(self) -> bool:
        return self.year is not None and self.day is not None

    def to_date(self, year: int | None = None) -> dt.date | None:
        """The calendar date (``year`` fills a missing year); None if invalid or incomplete."""
        y = self.year if self.year is not None else year
        if y is None or self.day is None:
            return None
        return safe_date(y, self.month, self.day)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """``datetime.date`` or None for impossible dates (31 February, month 13)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _weekday(token: str | None) -> int | None:
    return None if not token else WEEKDAYS.get(token.lower().rstrip("."))


def _overlaps(hits: list[AbsoluteHit], start: int, end: int) -> bool:
    return any(h.start < end and start < h.end for h in hits)


def scan_absolute(text: str) -> list[AbsoluteHit]:
    """Every explicit calendar date in ``text``, longest patterns first, sorted by offset."""
    return list(_scan_cached(text))


@functools.lru_cache(maxsize=256)
def _scan_cached(text: str) -> tuple[AbsoluteHit, ...]:
    hits: list[AbsoluteHit] = []
    rejected: list[AbsoluteHit] = []      # impossible dates: not dates, and their parts neither

    def add(m: re.Match, year, month, day, weekday=None) -> None:
        if _overlaps(rejected, m.start(), m.end()):
            return
        if not 1 <= month <= 12 or (day is not None and safe_date(year or 2000, month, day) is None):
            rejected.append(AbsoluteHit(m.start(), m.end(), m.group(0), year, 1, day))
            return
        if not _overlaps(hits, m.start(), m.end()):
            hits.append(AbsoluteHit(m.start(), m.end(), m.group(0), year, month, day, weekday))

    for m in _ISO.finditer(text):
        add(m, int(m["y"]), int(m["m"]), int(m["d"]))
    for m in _NUM.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        day, month = (b, a) if b > 12 >= a else (a, b)      # day-first unless impossible
        add(m, int(m["y"]), month, day)
    for pattern in (_DMY, _MDY):
        for m in pattern.finditer(text):
            year = int(m["y"]) if m["y"] else None
            add(m, year, _month(m["m"]), int(m["d"]), _weekday(m["wd"]))
    for m in _MY.finditer(text):
        add(m, int(m["y"]), _month(m["m"]), None)
    hits.sort(key=lambda h: h.start)
    return tuple(hits)


@dataclass
class Dateline:
    """A date found in the report's dateline or publication line."""
    hit: AbsoluteHit
    cue: str                          # 'published' (a publication cue), 'agency', 'lead'


def find_dateline(text: str, hits: list[AbsoluteHit] | None = None) -> Dateline | None:
    """The report's own date near its start: a publication line, an agency dateline, or a lead date.

    A cued or agency date may lack its year (then ``hit.year`` is None); an uncued lead date must
    be a full date within the first ``DATELINE_WINDOW`` characters.
    """
    head = text[:DATELINE_WINDOW]
    m = _AGENCY_DATELINE.search(head)
    if m:
        month = _month(m["m"] or m["m2"])
        day = int(m["d"] or m["d2"])
        year = int(m["y"]) if m["y"] else None
        if safe_date(year or 2000, month, day):
            hit = AbsoluteHit(m.start("date"), m.end("date"), m["date"], year, month, day)
            return Dateline(hit, "agency")
    hits = scan_absolute(head) if hits is None else [h for h in hits if h.end <= DATELINE_WINDOW]
    for h in hits:
        if h.day is not None and _PUB_CUE.search(text[max(0, h.start - 30):h.start]):
            return Dateline(h, "published")
    for h in hits:
        if h.full:
            return Dateline(h, "lead")
    return None


# ----------------------------------------------------------------------------- relative expressions
# Used by sitrep.extract.dates; resolution against the reference date happens there.

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "couple of": 2, "few": 3, "a few": 3, "several": 3}
NUM_WORD = (r"(?:\d{1,3}|a\s+few|a\s+couple\s+of|couple\s+of|an?|one|two|three|four|five|six|seven|eight"
            r"|nine|ten|eleven|twelve|few|several)")
_UNITS = r"(?:hours?|days?|weeks?|months?|years?|decades?)"
DURATION = re.compile(
    r"\b(?:(?:for|over|during|in|within|throughout|through)\s+the\s+"
    rf"(?:past|last|previous|next|coming|following)(?:\s+{NUM_WORD}|\s+(?:several|few|many))?\s+{_UNITS}"
    rf"|for\s+(?:more\s+than\s+|nearly\s+|almost\s+|about\s+|over\s+)?{NUM_WORD}\s+{_UNITS}"
    rf"|{NUM_WORD}-(?:hour|day|week|month|year)(?:-old|-long)?"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+old)\b", re.IGNORECASE)
DURATION_KEYS = re.compile(r"(?i)hour|day|week|month|year|decade")


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_PART = r"(?:\s+(?:morning|afternoon|evening|night|dawn))?"
# (regex, (unit, offset)); sitrep.extract.dates resolves each unit against the reference date.
RELATIVE = [
    (_rx(r"\b(?:the\s+)?day\s+before\s+yesterday\b"), ("days", -2)),
    (_rx(rf"\b(?:late\s+|early\s+)?yesterday{_PART}\b"), ("days", -1)),
    (_rx(r"\blast\s+night\b"), ("days", -1)),
    (_rx(r"\b(?:earlier\s+|later\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"), ("days", 0)),
    (_rx(rf"\b(?P<n>{NUM_WORD})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b"), ("ago", 0)),
    (_rx(r"\b(?:just\s+|only\s+)?(?P<n>)(?P<unit>days|weeks|months|years)\s+ago\b"), ("ago", 0)),
    # 'the arrests came days after 33 soldiers were killed': what follows happened that long before
    (_rx(rf"\b(?P<n>{NUM_WORD})\s+(?P<unit>days?|weeks?)\s+after\b"), ("after", 0)),
    (_rx(r"\b(?P<n>)(?P<unit>days|weeks)\s+after\b"), ("after", 0)),
    (_rx(r"\b(?:earlier|late|later|early)\s+this\s+week(?:end)?\b|\bthis\s+week(?:end)?\b"), ("week", 0)),
    (_rx(r"\b(?:(?:late|early)\s+)?last\s+week\b|\bthe\s+previous\s+week\b"), ("week", -1)),
    (_rx(r"\blast\s+weekend\b|\bover\s+the\s+weekend\b"), ("weekend", 0)),
    (_rx(r"\bnext\s+week\b"), ("week", 1)),
    (_rx(r"\b(?:(?:earlier|later|early|late)\s+)?this\s+month\b"), ("month", 0)),
    (_rx(r"\b(?:(?:late|early)\s+)?last\s+month\b"), ("month", -1)),
    (_rx(r"\bnext\s+month\b"), ("month", 1)),
    (_rx(r"\b(?:(?:earlier|later|early|late)\s+)?this\s+year\b"), ("year", 0)),
    (_rx(r"\b(?:(?:late|early)\s+)?last\s+year\b"), ("year", -1)),
    (_rx(r"\bnext\s+year\b"), ("year", 1)),
]
# Cheap guards: a unit's patterns run only when one of its words is in the text.
RELATIVE_KEYS = {"days": ("yesterday", "today", "tonight", "night", "this "), "ago": ("ago",), "after": ("after",),
                 "week": ("week",), "weekend": ("weekend",), "month": ("month",), "year": ("year",)}
WEEKDAY_MENTION = re.compile(
    r"\b(?:(?P<mod>(?i:last|this|next|on|early|late|since|by|until|at\s+dawn\s+on))\s+)?"
    rf"(?P<wd>{WEEKDAY_FULL})(?:'s|’s|s\b)?(?:\s+(?:morning|afternoon|evening|night|dawn))?\b")
MONTH_ONLY = re.compile(
    r"\b(?P<mod>(?i:in|since|during|until|by|early|late|mid|last|this|next|of|before|after|from))[\s-]+"
    rf"(?:early\s+|late\s+)?(?P<m>{MON})(?!\s*\d)")
YEAR_CUE = re.compile(
    r"\b(?P<cue>(?i:back\s+in|in|since|between|during|until|till|by|before|after|from|throughout|early|late|mid-?"
    r"|(?<=\d{4}\s)(?:and|to)"
    r"|(?:beginning|end|start|middle|half|spring|summer|autumn|winter|fall|months?)\s+of"
    rf"|spring|summer|autumn|winter|fall|year))\s+(?:the\s+year\s+)?(?P<y>{YEAR})\b"
    r"(?!\s*(?:-|people|persons|civilians|soldiers|troops|fighters|militants|members|homes|houses|"
    r"families|children|men|women|km|kilometres|kilometers|meters|metres|tons|dollars|\$))")
# "in 2000 attacks": a lower-case plural right after the number makes it a count, not a year.
COUNTED_NOUN = re.compile(r"\s+([a-z]{3,}s)\b")
NOT_PLURALS = {"was", "has", "this", "thus", "unless", "its", "his", "whereas", "across", "towards",
               "afterwards", "besides", "yes", "plus", "gives", "says", "remains", "sees", "marks"}
AGE_OR_COUNT = re.compile(r"\d+-year-old|\byears?\s+old\b|\baged\b", re.IGNORECASE)
