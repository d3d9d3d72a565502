"""Dates: the report's reference date, every date mention resolved against it, and event dates.

* :func:`reference_date` — publication date, else dateline, else a date in the text, else
  weekday/date consistency; says which basis it used.
* :func:`find_dates` — absolute, relative ("on Thursday", "two days ago", "last week"),
  month and year mentions, resolved to calendar ranges; durations are marked, not resolved.
* :func:`event_date` — the date of one event sentence (nearest mention, story context, or the
  inherited reference date) as a :class:`sitrep.model.EventDate`.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from sitrep.extract.datelines import (
    AGE_OR_COUNT,
    COUNTED_NOUN,
    DURATION,
    DURATION_KEYS,
    LEAD_WINDOW,
    MON,
    MONTH_ONLY,
    MONTHS,
    NOT_PLURALS,
    NUMBER_WORDS,
    RELATIVE,
    RELATIVE_KEYS,
    WEEKDAY_MENTION,
    WEEKDAYS,
    YEAR_CUE,
    AbsoluteHit,
    find_dateline,
    month_bounds,
    safe_date,
    scan_absolute,
)

from .doccache import text_of

ROLLOVER_DAYS = 7          # "on February 20" more than this after the reference date → last year
HISTORICAL_DAYS = 60
WEEKDAY_BESIDE = 4         # 'Friday (October 23)', 'Friday, Oct. 23': a weekday this close names the date
WEEKDAY_NEAR = 400         # a weekday this close to a year-less date may name that date's weekday
HABITUAL = re.compile(r"\b(?:every|each)\s+$", re.IGNORECASE)   # "every Friday"
PRECISION_ORDER = ("day", "week", "month", "year", "unknown")
# "patrols due to start on March 15": a coming date, not last year's
FUTURE_CUE = re.compile(r"\b(?:will|due|scheduled|set\s+to|expected|planned|plans?\s+to|to\s+(?:start|begin)|"
                        r"starting|upcoming|deadline|until|next)\b[^.;]*$", re.IGNORECASE)
# "ahead of a controversial June 3 poll": a date naming a vote or a summit is the coming one
SCHEDULED_NOUN = re.compile(r"\s+(?:presidential\s+|parliamentary\s+|general\s+)?(?:poll|polls|vote|votes|election|"
                            r"elections|referendum|summit|deadline)\b", re.IGNORECASE)


@dataclass
class RefDate:
    """The date a report speaks from, and how it was found."""
    date: dt.date | None
    basis: str                        # published | dateline | weekday | text | none
    text: str | None = None
    start: int | None = None
    end: int | None = None
    warning: str | None = None

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat() if self.date else None, "basis": self.basis,
                "text": self.text}


@dataclass
class DateMention:
    """A date expression in the text, resolved to [start_date, end_date] when possible."""
    start: int
    end: int
    text: str
    start_date: dt.date | None
    end_date: dt.date | None
    precision: str                    # day | week | month | year | unknown
    kind: str                         # absolute | relative | weekday | year | range | duration
    clause: tuple | None = None       # (start, end) of the noun-modifying clause holding it, if any


# ----------------------------------------------------------------------------- reference date

def parse_published(value) -> tuple[dt.date | None, str | None]:
    """An ISO date/datetime (string or date) → (date, None), or (None, warning) when malformed."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])", text)
    day = safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None
    if day is None:
        return None, f"malformed published date ignored: {text[:40]!r}"
    return day, None


def _years_in(hits: list[AbsoluteHit], text: str) -> list[int]:
    """Years the text names (in full dates, month-years, or after cues like "in"/"since")."""
    today = dt.date.today()
    years = [h.year for h in hits if h.year is not None]
    years += [int(m["y"]) for m in YEAR_CUE.finditer(text)]
    return [y for y in years if y <= today.year + 1]


def _year_by_weekday(month: int, day: int, weekday: int, years_seen: list[int]) -> int | None:
    """The plausible year in which ``month``/``day`` falls on ``weekday``."""
    today = dt.date.today()
    # After the latest year the text names (earliest fit), else the most recent fit up to today.
    years = range(max(years_seen), today.year + 1) if years_seen else range(today.year, today.year - 21, -1)
    for year in years:
        if (d := safe_date(year, month, day)) and d.weekday() == weekday and d <= today:
            return year
    return None


def reference_date(text: str, published=None, doc=None, pick: str = "first") -> RefDate:
    """The report's reference date: published → dateline → text date → weekday consistency.

    ``pick`` chooses among several explicit dates in the text: 'first' or 'latest'.
    """
    if text is None and doc is not None:
        text = text_of(doc)
    text = text or ""
    day, warning = parse_published(published)
    if day is not None:
        return RefDate(day, "published", str(published))
    hits = scan_absolute(text)
    years_seen = _years_in(hits, text)
    line = find_dateline(text, hits)
    if line is not None:
        hit = line.hit
        year = hit.year
        if year is None and hit.weekday is not None:
            year = _year_by_weekday(hit.month, hit.day, hit.weekday, years_seen)
        if year is None and years_seen:
            year = max(years_seen)
        if year is not None and (d := hit.to_date(year)):
            basis = "text" if line.cue == "lead" and hit.start > LEAD_WINDOW else "dateline"
            return RefDate(d, basis, hit.text, hit.start, hit.end, warning)
    today = dt.date.today()
    full = [(h, d) for h in hits if h.full and (d := h.to_date()) and d <= today]
    if full:
        h, d = full[0] if pick == "first" else max(full, key=lambda hd: hd[1])
        return RefDate(d, "text", h.text, h.start, h.end, warning)
    partial = [h for h in hits if h.day is not None and h.year is None]
    for h in partial:                       # "Thursday, February 20"
        if h.weekday is not None and (year := _year_by_weekday(h.month, h.day, h.weekday, years_seen)):
            return RefDate(h.to_date(year), "weekday", h.text, h.start, h.end, warning)
    # "On February 20 ..." opening the story and, elsewhere, "... on Thursday": the lead's date is the news
    # day, so any weekday of the story may name it. A year-less date further down is most often background
    # ("On March 22 aircraft ferried troops"): only a weekday right beside it ("Friday (October 23)") names it.
    for h in partial[:1]:
        votes: dict[int, float] = {}
        for m in WEEKDAY_MENTION.finditer(text):
            beside = min(abs(m.start() - h.end), abs(h.start - m.end())) <= WEEKDAY_BESIDE
            if (m["mod"] or "").lower() in ("next", "last") or not (h.start <= LEAD_WINDOW or beside):
                continue
            year = _year_by_weekday(h.month, h.day, WEEKDAYS[m["wd"].lower()], years_seen)
            if year is not None:
                votes[year] = votes.get(year, 0.0) + 1.0 / (1.0 + abs(m.start() - h.start) / WEEKDAY_NEAR)
        if votes:
            year = max(votes, key=votes.get)
            return RefDate(h.to_date(year), "weekday", h.text, h.start, h.end, warning)
    return RefDate(None, "none", None, None, None, warning)


# ----------------------------------------------------------------------------- resolution helpers

def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _week(d: dt.date) -> tuple[dt.date, dt.date]:
    return _monday(d), _monday(d) + dt.timedelta(days=6)


def _shift_month(d: dt.date, months: int) -> tuple[dt.date, dt.date]:
    index = d.year * 12 + d.month - 1 + months
    return month_bounds(index // 12, index % 12 + 1)


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def resolve_weekday(weekday: int, ref: dt.date, modifier: str | None = None) -> dt.date:
    """News convention: the latest such weekday on/before ``ref``; 'next' forward, 'last' strictly before."""
    back = (ref.weekday() - weekday) % 7
    if modifier == "next":
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    if modifier == "last" and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def year_for_month_day(month: int, day: int | None, ref: dt.date) -> int:
    """The year of a year-less date: the reference year, or the one before on rollover."""
    first = safe_date(ref.year, month, day or 1) or dt.date(ref.year, month, 1)
    return ref.year - 1 if first > ref + dt.timedelta(days=ROLLOVER_DAYS) else ref.year


def _resolve_relative(spec, m: re.Match, ref: dt.date):
    unit, n = spec
    if unit == "days":
        d = ref + dt.timedelta(days=n)
        return d, d, "day"
    if unit in ("ago", "after"):
        word = re.sub(r"\s+", " ", m["n"].lower())
        word = word or "few"
        count = int(word) if word.isdigit() else NUMBER_WORDS.get(word.replace("a couple of", "couple of"), 1)
        kind = m["unit"].lower().rstrip("s")
        if kind == "day":
            d = ref - dt.timedelta(days=count)
            return d, d, "day" if word not in ("few", "a few", "several") else "week"
        if kind == "week":
            return (*_week(ref - dt.timedelta(weeks=count)), "week")
        if kind == "month":
            return (*_shift_month(ref, -count), "month")
        return (*_year_bounds(ref.year - count), "year")
    if unit == "week":
        return (*_week(ref + dt.timedelta(weeks=n)), "week")
    if unit == "weekend":
        sat = resolve_weekday(5, ref, "last" if ref.weekday() == 5 else None)
        return sat, sat + dt.timedelta(days=1), "week"
    if unit == "month":
        return (*_shift_month(ref, n), "month")
    return (*_year_bounds(ref.year + n), "year")


class _Spans:
    """Accepted mentions, rejecting overlaps (first accepted wins)."""

    def __init__(self) -> None:
        self.items: list[DateMention] = []

    def free(self, start: int, end: int) -> bool:
        return not any(x.start < end and start < x.end for x in self.items)

    def add(self, mention: DateMention) -> None:
        if self.free(mention.start, mention.end):
            self.items.append(mention)


def _absolute_mention(h: AbsoluteHit, text: str, ref: dt.date | None) -> DateMention:
    since = re.search(r"\bsince\s+(?:the\s+)?$", text[max(0, h.start - 12):h.start], re.IGNORECASE)
    if h.day is None:                                    # "March 2019"
        s, e = month_bounds(h.year, h.month)
        precision = "month"
    else:
        year = h.year if h.year is not None else (year_for_month_day(h.month, h.day, ref) if ref else None)
        if h.year is None and ref is not None and (FUTURE_CUE.search(text[max(0, h.start - 40):h.start])
                                                   or SCHEDULED_NOUN.match(text, h.end)):
            year = ref.year if (safe_date(ref.year, h.month, h.day) or ref) >= ref else year
        s = e = h.to_date(year) if year is not None else None
        precision = "day" if s else "unknown"
    if since and s is not None:
        return DateMention(h.start - len(since[0]), h.end, text[h.start - len(since[0]):h.end], s,
                           max(ref or e, e), precision, "range")
    return DateMention(h.start, h.end, h.text, s, e, precision, "absolute")


def _text_of(doc) -> str:
    return text_of(doc)


def find_dates(doc, ref: RefDate | None) -> list[DateMention]:
    """Every date expression of ``doc`` (a spaCy Doc or a plain string), resolved against ``ref``."""
    text = _text_of(doc)
    base = ref.date if ref is not None else None
    spans = _Spans()
    for h in scan_absolute(text):
        spans.add(_absolute_mention(h, text, base))
    for m in DURATION.finditer(text) if DURATION_KEYS.search(text) else ():
        spans.add(DateMention(m.start(), m.end(), m[0], None, None, "unknown", "duration"))
    lowered = text.lower()
    for pattern, spec in RELATIVE:
        if not any(word in lowered for word in RELATIVE_KEYS[spec[0]]):
            continue                          # cheap guard: most texts lack most relative forms
        for m in pattern.finditer(text):
            if spans.free(m.start(), m.end()):
                s, e, p = _resolve_relative(spec, m, base) if base else (None, None, "unknown")
                spans.add(DateMention(m.start(), m.end(), m[0], s, e, p,
                                      "antecedent" if spec[0] == "after" else "relative"))
    for m in WEEKDAY_MENTION.finditer(text):
        habitual = HABITUAL.search(text[max(0, m.start() - 7):m.start()]) or (
            (m["mod"] or "").lower() == "on" and m[0].endswith("days"))      # "every Friday", "on Fridays"
        if spans.free(m.start(), m.end()) and not habitual:
            mod = (m["mod"] or "").lower()
            mod = mod if mod in ("next", "last") else None
            d = resolve_weekday(WEEKDAYS[m["wd"].lower()], base, mod) if base else None
            if d is not None and (m["mod"] or "").lower() == "since":     # "since Friday": until now
                spans.add(DateMention(m.start(), m.end(), m[0], d, max(base, d), "day", "range"))
                continue
            spans.add(DateMention(m.start(), m.end(), m[0], d, d, "day" if d else "unknown", "weekday"))
    for m in MONTH_ONLY.finditer(text):
        if spans.free(m.start("m"), m.end("m")):
            spans.add(_month_only(m, text, base))
    for m in YEAR_CUE.finditer(text):
        year = int(m["y"])
        if not spans.free(m.start("y"), m.end("y")) or (base and year > base.year + 1):
            continue
        if (noun := COUNTED_NOUN.match(text, m.end())) and noun[1] not in NOT_PLURALS:
            continue
        start = m.start() if m["cue"].lower() in ("back in", "in", "since") else m.start("y")
        s, e = _year_bounds(year)
        kind = "year"
        if m["cue"].lower() == "since":
            kind, e = "range", max(base or e, e)
        spans.add(DateMention(start, m.end(), text[start:m.end()], s, e, "year", kind))
    if not isinstance(doc, str):
        _spacy_fallback(doc, spans, base)
        for m in spans.items:
            m.clause = _modifier_clause(doc, m)
    _anchor_antecedents(spans.items, text)
    return sorted(spans.items, key=lambda x: x.start)


def _anchor_antecedents(mentions: list[DateMention], text: str) -> None:
    """'arrested on Monday, three days after the bombing': the bombing is three days before Monday,
    not before the reference date, when a day-precise date precedes in the same sentence."""
    for m in mentions:
        if m.kind != "antecedent" or m.start_date is None:
            continue
        before = [o for o in mentions if o is not m and o.kind != "antecedent" and o.precision == "day"
                  and o.start_date is not None and o.end <= m.start and "." not in text[o.end:m.start]]
        if before:
            anchor = max(before, key=lambda o: o.end)
            count = _antecedent_days(m.text)
            if count is not None:
                m.start_date = m.end_date = anchor.start_date - dt.timedelta(days=count)
                m.precision = "day"


def _antecedent_days(expression: str) -> int | None:
    """Days in 'three days after', 'a week after' (None for a vague 'days after')."""
    hit = re.match(r"\s*(\S+)\s+(day|days|week|weeks)\b", expression.lower())
    if not hit:
        return None
    number = int(hit[1]) if hit[1].isdigit() else NUMBER_WORDS.get(hit[1])
    if number is None or hit[1] in ("few", "several"):
        return None
    return number * (7 if hit[2].startswith("week") else 1)


MODIFIER_DEPS = {"relcl", "acl", "amod", "appos"}


def _modifier_clause(doc, mention: DateMention) -> tuple[int, int] | None:
    """Character bounds of the lowest clause that modifies a noun and holds the mention, when the
    mention hangs from a verb or adjective in it ('a town held since 2012', 'patrols due to start on
    March 15')."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    token, verbal = span.root, False
    for _ in range(8):
        if token.head.i == token.i:
            return None
        verbal = verbal or token.pos_ in ("VERB", "AUX", "ADJ")
        if token.dep_ in MODIFIER_DEPS and verbal and token.head.pos_ in ("NOUN", "PROPN"):
            sub = list(token.subtree)
            return sub[0].idx, sub[-1].idx + len(sub[-1])
        token = token.head
    return None


def _month_only(m: re.Match, text: str, base: dt.date | None) -> DateMention:
    month = MONTHS[m["m"].lower().rstrip(".")]
    mod = m["mod"].lower()
    start = m.start("m") if mod in ("of", "before", "after", "from", "until", "by") else m.start()
    if base is None:
        return DateMention(start, m.end(), text[start:m.end()], None, None, "unknown", "absolute")
    year = year_for_month_day(month, None, base)
    if mod == "last" and month >= base.month:
        year = base.year - 1
    elif mod == "next":
        year = base.year + (month <= base.month)
    s, e = month_bounds(year, month)
    kind = "range" if mod == "since" else "absolute"
    return DateMention(start, m.end(), text[start:m.end()], s, base if kind == "range" else e, "month", kind)


@functools.lru_cache(maxsize=4096)
def _dateparse(expression: str, ref_iso: str) -> dt.date | None:
    import dateparser  # slow to import: only for the fallback

    ref = dt.datetime.fromisoformat(ref_iso)
    got = dateparser.parse(expression, languages=["en"],
                           settings={"RELATIVE_BASE": ref, "PREFER_DATES_FROM": "past"})
    return got.date() if got else None


def _spacy_fallback(doc, spans: _Spans, base: dt.date | None) -> None:
    """spaCy DATE entities no rule covered: a bare month name, or an "... ago" phrase (dateparser).

    Bare durations ("a day", "six years") and narrative-relative phrases ("a day later") are skipped.
    """
    if base is None:
        return
    for ent in doc.ents:
        if ent.label_ != "DATE" or not spans.free(ent.start_char, ent.end_char):
            continue
        words = ent.text.strip()
        if re.fullmatch(MON, words) and words[:1].isupper():
            month = MONTHS[words.lower().rstrip(".")]
            s, e = month_bounds(year_for_month_day(month, None, base), month)
            spans.add(DateMention(ent.start_char, ent.end_char, ent.text, s, e, "month", "absolute"))
            continue
        if AGE_OR_COUNT.search(words) or not re.search(r"\bago\b", words, re.IGNORECASE):
            continue
        d = _dateparse(words, base.isoformat())
        if d is None or d > base:
            continue
        precision = "day" if re.search(r"\bdays?\b", words, re.IGNORECASE) else "week"
        spans.add(DateMention(ent.start_char, ent.end_char, ent.text, d, d, precision, "relative"))


# ----------------------------------------------------------------------------- event dates


# Event dates (which mention dates an event) live in event_dates.py; re-exported here.
from .event_dates import event_date, is_historical  # noqa: E402,F401
