"""Quantities as news reports state them: digits, number words, ranges, qualifiers, vague words.

``parse_quantity("at least 70")`` -> ``Quantity(70, None, "at_least")``.
``QUANTITY_RE`` finds number phrases inside a longer text (``finditer``); every match is a phrase
that ``parse_quantity`` understands. Number words are converted with text2num (``alpha2digit``),
on the number span only.

Qualifier conventions (``Casualty.qualifier`` codes of the contract):

=============  ==============================================================================
qualifier      phrases
=============  ==============================================================================
exact          "12", "twelve", "one hundred and five", "1,200", "a dozen"
at_least       "at least", "more than", "over", "upwards of", "no fewer/less than",
               "in excess of", "a minimum of", "N+" / "N-plus"
about          "about", "around", "nearly", "almost", "some", "approximately", "roughly",
               "an estimated", "estimated", "close to", "approx."
at_most        "up to", "as many as", "at most", "fewer than", "less than", "no more than"
               (ACLED reads "up to" as a ceiling; "as many as" is the same ceiling
               in journalistic usage, so both are at_most and keep the stated number)
range          "between 10 and 15", "10 to 15", "10-15", "10 or 11", "from 10 to 15"
               (low in ``low``, high in ``high``)
vague          see ``VAGUE_VALUES``
=============  ==============================================================================

Vague words (``VAGUE_VALUES``): "tens" 10, "dozens" 12, "scores" 20 (a score is twenty),
"hundreds" 100, "thousands" 1000, "tens of thousands" 10000, "hundreds of thousands" 100000 —
ACLED's conventions where it has one ("dozens" 12, "hundreds" 100). ACLED codes an
unspecified plural ("several", "many", "numerous") as 10; we follow it. "a few", "a handful
of" and "a number of" are smaller than "several" in usage and ACLED has no code for them: we
use 3 (a project convention). "a couple of" is 2. All of these carry qualifier ``vague``.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from text_to_num import alpha2digit


class Quantity(NamedTuple):
    """A stated count: ``low`` (the value), ``high`` (only for ranges), ``qualifier``."""
    low: int
    high: int | None
    qualifier: str


VAGUE_VALUES: dict[str, int] = {
    "tens of thousands": 10000,
    "hundreds of thousands": 100000,
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "several": 10,
    "many": 10,
    "numerous": 10,
    "a few": 3,
    "a handful": 3,
    "a number": 3,
    "a couple": 2,
}

QUALIFIERS: dict[str, str] = {
    "at least": "at_least", "more than": "at_least", "over": "at_least",
    "upwards of": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "in excess of": "at_least", "a minimum of": "at_least",
    "about": "about", "around": "about", "nearly": "about", "almost": "about", "some": "about",
    "approximately": "about", "approx.": "about", "roughly": "about", "an estimated": "about",
    "estimated": "about", "close to": "about", "an approximate": "about",
    "up to": "at_most", "as many as": "at_most", "at most": "at_most", "fewer than": "at_most",
    "less than": "at_most", "no more than": "at_most", "a maximum of": "at_most",
}

_UNITS = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
          "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|"
          "fifty|sixty|seventy|eighty|ninety")
_SCALES = "hundred|thousand|million"
_WORD = rf"(?:{_UNITS}|{_SCALES})"
_WORDNUM = rf"(?:(?:a\s+(?:{_SCALES})|{_UNITS})(?:(?:\s*-\s*|\s+(?:and\s+)?){_WORD})*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_SINGLE = (rf"(?:{_DIGITS}(?:\s+(?:hundred|thousand|million))?(?:\s*(?:\+|-plus))?"
           rf"|half\s+a\s+dozen|a\s+dozen|{_WORDNUM}(?:\s+dozen)?)")
_VAGUE = (r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|tens|dozens|scores|hundreds|"
          r"thousands|several|many|numerous|a\s+few|a\s+handful(?=\s+of\b)|"
          r"a\s+number(?=\s+of\b)|a\s+couple(?=\s+of\b))")
_QUAL = "|".join(sorted((re.escape(q).replace(r"\ ", r"\s+") for q in QUALIFIERS),
                        key=len, reverse=True))
_RANGE = (rf"(?:between\s+{_SINGLE}\s+and\s+{_SINGLE}"
          rf"|(?:from\s+)?{_SINGLE}\s*(?:to|-|–|—|or)\s*{_SINGLE})")
#: a number phrase; not glued to letters, slashes, decimals or a leading hyphen (Su-24, 3/4, 2.5)
QUANTITY_RE = re.compile(
    rf"(?<![\w/.,:$€£-])(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_RANGE}|{_SINGLE}|{_VAGUE})"
    rf"(?![\w/%]|[.,:]\d|-\w|\s*%)",
    re.IGNORECASE,
)
_RANGE_SPLIT = re.compile(
    rf"^(?:between\s+(?P<a>{_SINGLE})\s+and\s+(?P<b>{_SINGLE})"
    rf"|(?:from\s+)?(?P<c>{_SINGLE})\s*(?:to|-|–|—|or)\s*(?P<d>{_SINGLE}))$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def _single_value(text: str) -> tuple[int, bool] | None:
    """Value of one number ("1,200", "twenty-three", "a dozen", "5 thousand", "50+")
    and whether it carried a "+" (at least)."""
    t = " ".join(text.lower().split())
    plus = t.endswith("+") or t.endswith("-plus")
    t = re.sub(r"\s*(\+|-plus)$", "", t)
    if t == "a dozen":
        return 12, plus
    if t == "half a dozen":
        return 6, plus
    m = re.fullmatch(r"([\d,]+)(?: (hundred|thousand|million))?", t)
    if m:
        value = int(m.group(1).replace(",", ""))
        scale = {"hundred": 100, "thousand": 1000, "million": 1_000_000}.get(m.group(2) or "", 1)
        return value * scale, plus
    dozens = 1
    if t.endswith(" dozen"):
        t, dozens = t[: -len(" dozen")], 12
    t = re.sub(r"^an? (?=hundred|thousand|million)", "one ", t)
    t = re.sub(r"\s*-\s*", "-", t)
    converted = alpha2digit(t, "en", threshold=0).strip()
    if re.fullmatch(r"\d+", converted):
        return int(converted) * dozens, plus
    return None


@functools.lru_cache(maxsize=4096)
def parse_quantity(text: str) -> Quantity | None:
    """Parse a whole number phrase ("about 20", "between 10 and 15", "dozens", "two").
    None when ``text`` is not exactly one number phrase."""
    text = " ".join(text.split())
    m = QUANTITY_RE.fullmatch(text)
    if not m:
        return None
    qualifier = QUALIFIERS.get(" ".join((m.group("qual") or "").lower().split()), "exact")
    num = m.group("num")
    low_num = num.lower()
    vague = VAGUE_VALUES.get(" ".join(low_num.split()))
    if vague is not None:
        return Quantity(vague, None, "vague")
    rng = _RANGE_SPLIT.match(num)
    if rng:
        a = _single_value(rng.group("a") or rng.group("c"))
        b = _single_value(rng.group("b") or rng.group("d"))
        if a and b and a[0] < b[0]:
            return Quantity(a[0], b[0], "range")
        if a and b and a[0] == b[0]:
            return Quantity(a[0], None, qualifier)
    value = _single_value(num)
    if value:
        if value[1] and qualifier == "exact":
            qualifier = "at_least"
        return Quantity(value[0], None, qualifier)
    return None
