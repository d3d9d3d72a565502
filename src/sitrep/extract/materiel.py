"""Equipment losses: items destroyed, damaged, captured or downed, as a source states them.

``find_materiel(span)`` reads one sentence (a spaCy ``Span``) or every sentence of a ``Doc``.
An item is a name from ``ITEMS`` (normalised to a singular lowercase canonical name) with an
optional count before it ("six infantry-fighting vehicles", "a tank", "4 RC drones"). Its
status comes from a trigger right before the list it belongs to ("destroying a tank and six
IFVs", "shot down a drone") or a passive trigger right after it ("two tanks were destroyed");
items joined by "and" / "," share their neighbour's status. A plural without a count has
count None. People are never items: ``ITEMS`` holds equipment names only.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from sitrep.extract.numbers import QUANTITY_RE, parse_quantity
from sitrep.model import Materiel

from .doccache import sentences

#: (pattern, canonical name); longer names first where they overlap
ITEMS: list[tuple[str, str]] = [
    (r"infantry[\s-]+fighting\s+vehicles?|ifvs?|bmps?(?:-\d)?", "infantry fighting vehicle"),
    (r"armou?red\s+personnel\s+carriers?|apcs?", "armoured personnel carrier"),
    (r"armou?red\s+(?:military\s+|combat\s+)?(?:vehicles?|cars?)", "armoured vehicle"),
    (r"multiple[\s-]+(?:launch\s+)?rocket\s+(?:launchers?|systems?)|mlrs|grad\s+launchers?",
     "multiple rocket launcher"),
    (r"rocket\s+launchers?", "rocket launcher"),
    (r"missile\s+launchers?|launchers?", "launcher"),
    (r"(?:pick-?up\s+trucks?|pick-?ups?|technicals)", "pickup truck"),
    (r"fuel\s+tankers?|tankers?", "tanker"),
    (r"(?:military\s+)?(?:trucks?|lorries)", "truck"),
    (r"military\s+vehicles?", "military vehicle"),
    (r"vehicles?|cars?(?!\s+bombs?)|suvs?", "vehicle"),
    (r"tanks?", "tank"),
    (r"unmanned\s+aerial\s+vehicles?|drones?|uavs?", "drone"),
    (r"helicopters?|choppers?|gunships?", "helicopter"),
    (r"fighter\s+(?:jets?|planes?)|warplanes?|war\s+planes?|jets?|aircraft|airplanes?|planes?|"
     r"bombers?", "aircraft"),
    (r"self-propelled\s+howitzers?|howitzers?", "howitzer"),
    (r"artillery\s+(?:pieces?|guns?|systems?)|field\s+guns?|cannons?", "artillery piece"),
    (r"anti-?aircraft\s+(?:guns?|weapons?)", "anti-aircraft gun"),
    (r"air[\s-]+defen[cs]e\s+(?:systems?|batter(?:y|ies)|units?)", "air defence system"),
    (r"radars?(?:\s+stations?)?", "radar"),
    (r"(?:heavy\s+)?machine[\s-]?guns?", "machine gun"),
    (r"mortars?(?!\s+(?:shells?|rounds?|fire|attacks?))", "mortar"),
    (r"(?:ammunition|ammo|arms|weapons?|munitions?)\s+(?:depots?|dumps?|stores?|warehouses?|"
     r"caches?|storage\s+facilit(?:y|ies))", "ammunition depot"),
    (r"fuel\s+depots?", "fuel depot"),
    (r"gunboats?|boats?|vessels?|ships?", "boat"),
    (r"bulldozers?", "bulldozer"),
    (r"motorcycles?|motorbikes?", "motorcycle"),
]
_ITEM_RE = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?P<i{n}>{p})" for n, (p, _) in enumerate(ITEMS))
                      + r")(?![\w-])", re.IGNORECASE)
_SINGULAR_END = re.compile(r"(?<!s)$|(?:aircraft|mlrs|ss)$", re.IGNORECASE)

_TRIGGERS: list[tuple[str, str]] = [
    ("downed", r"shot\s+down|shooting\s+down|shoots?\s+down|downed|downing|brought\s+down|"
               r"bringing\s+down"),
    ("captured", r"seiz(?:ed|ing|es?)|captur(?:ed|ing|es?)|confiscat(?:ed|ing|es?)|"
                 r"commandeer(?:ed|ing|s)?|(?:took|taking)\s+(?:over|possession\s+of)|"
                 r"(?:as\s+)?(?:war\s+)?booty"),
    ("damaged", r"damag(?:ed|ing|es?)|disabl(?:ed|ing|es?)|put\s+out\s+of\s+action"),
    ("destroyed", r"destroy(?:ed|ing|s)?|wip(?:ed|ing)\s+out|bl(?:ew|owing|own)\s+up|"
                  r"knock(?:ed|ing)\s+out|burn(?:ed|t|ing)|obliterat(?:ed|ing)|eliminat(?:ed|ing)|"
                  r"torch(?:ed|ing)|neutrali[sz](?:ed|ing)"),
]
_PRE_RES = [(status, re.compile(rf"\b(?:{p})\s+(?:(?:also|the|an?|at\s+least|some|about|"
                                rf"around|over|more\s+than|nearly|all|its|their|his|enemy)\s+)*$",
                                re.IGNORECASE)) for status, p in _TRIGGERS]
_POST_RES = [(status, re.compile(rf"^\s*(?:,\s*)?(?:(?:which|that|were|was|have|has|had|been|"
                                 rf"being|are|is|reportedly|also|all|completely|totally|"
                                 rf"partially|badly|heavily|seriously|later)\s+)*(?:{p})\b",
                                 re.IGNORECASE)) for status, p in _TRIGGERS]
_AUX_RE = re.compile(r"\b(?:which|that|were|was|have|has|had|been|being|are|is)\b", re.IGNORECASE)
_OBJECT_START = re.compile(r"^\s*(?:an?|the|one|two|three|four|five|six|seven|eight|nine|ten|"
                           r"\d+|at\s+least|several|dozens|its|their|his|her)\b", re.IGNORECASE)
_SEP_RE = re.compile(r"^\s*(?:,|and|as\s+well\s+as|along\s+with|plus|in\s+addition\s+to|,\s*and)?"
                     r"\s*$", re.IGNORECASE)
_MODIFIERS = set(["enemy", "military", "armoured", "armored", "heavy", "light", "main", "battle", "combat", "modern", "self-propelled", "unmanned", "reconnaissance", "attack", "surveillance", "spy", "suicide", "rc", "russian-made", "us-made", "american-made", "booby-trapped", "explosive-laden", "rebel", "regime", "army"])
_QUALIFIER_WORDS = {"over", "about", "around", "nearly", "some", "least", "than", "almost"}
_DETS = {"a": 1, "an": 1, "one": 1, "another": 1}


def _is_modifier(word: str) -> bool:
    low = word.lower()
    if parse_quantity(word) is not None or low in _DETS or low in _QUALIFIER_WORDS:
        return False
    coded = bool(re.search(r"\d", word) and re.search(r"[a-z]", low))  # T-72, Su-24
    demonym_or_code = word[:1].isupper() and (
        low.endswith(("an", "ish", "ese", "i")) or any(c.isupper() for c in word[1:]))
    return (low in _MODIFIERS or demonym_or_code or coded) and \
        not any(rx.search(low + " ") for _, rx in _PRE_RES)


class _Item:
    __slots__ = ("count", "end", "item", "start", "status")

    def __init__(self, start, end, item, count):
        self.start, self.end, self.item, self.count, self.status = start, end, item, count, None


def _canonical(hit: re.Match) -> str:
    return next(ITEMS[int(k[1:])][1] for k, v in hit.groupdict().items() if v)


def _items(text: str) -> list[_Item]:
    """Item mentions with the count written before them (offsets into ``text``)."""
    numbers = {m.end(): m for m in QUANTITY_RE.finditer(text)}
    found = []
    for hit in _ITEM_RE.finditer(text):
        words = list(re.finditer(r"[^\s,;:()]+", text[max(0, hit.start() - 80): hit.start()]))
        offset = max(0, hit.start() - 80)
        start = hit.start()
        n_mods = 0
        while words and n_mods < 3 and _is_modifier(words[-1].group(0)) and \
                not text[offset + words[-1].end(): start].strip():
            start = offset + words.pop().start()
            n_mods += 1
        gap_end = len(text[:start].rstrip())
        num = numbers.get(gap_end)
        qty = parse_quantity(num.group(0)) if num else None
        if qty is not None:
            start, count = num.start(), qty.low
        elif words and words[-1].group(0).lower() in _DETS and offset + words[-1].end() == gap_end:
            start, count = offset + words[-1].start(), 1
        else:
            word = hit.group(0).split()[-1].lower()
            count = None if word.endswith("s") and word not in ("mlrs",) else 1
            if word == "aircraft":
                count = None
        found.append(_Item(start, hit.end(), _canonical(hit), count))
    return found


def _sentence_materiel(sent) -> list[Materiel]:
    text, base = sent.text, sent.start_char
    items = _items(text)
    for i, it in enumerate(items):
        before = text[items[i - 1].end if i else 0: it.start]
        for status, rx in _PRE_RES:
            if rx.search(before):
                it.status = status
                break
        if it.status is None:
            nxt = items[i + 1].start if i + 1 < len(items) else len(text)
            after = text[it.end: nxt]
            for status, rx in _POST_RES:
                hit = rx.match(after)
                if hit:
                    active = not _AUX_RE.search(hit.group(0)) and _OBJECT_START.match(
                        text[it.end + hit.end():])
                    it.status = None if active else status
                    break
    for _ in range(2):
        for left, right in zip(items, items[1:]):
            if not _SEP_RE.match(text[left.end: right.start]):
                continue
            left.status = left.status or right.status
            right.status = right.status or left.status
    out = []
    for it in items:
        if it.status is None:
            continue
        status = it.status
        if status == "downed" and it.item not in ("aircraft", "helicopter", "drone"):
            status = "destroyed"
        out.append(Materiel(item=it.item, count=it.count, status=status,
                            text=text[it.start: it.end], start=base + it.start, end=base + it.end))
    return out


def find_materiel(span) -> list[Materiel]:
    """Equipment losses in a sentence (spaCy ``Span``) or in every sentence of a ``Doc``."""
    sents = sentences(span) if isinstance(span, Doc) else [span]
    out: list[Materiel] = []
    for sent in sents:
        out.extend(_sentence_materiel(sent))
    return out
