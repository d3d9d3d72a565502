"""Merge mentions of one event told over several sentences into one event record.

Two mentions are one event when they have the same type, PLOVER event and status, sit within two sentences
of each other, carry the same date, name no conflicting perpetrator, and do not come from
different named sources (a narrative sentence with no source of its own joins either). A violent event
told twice with the same toll, once without a date or a specific type of its own, is one event too
(within two sentences, or five when the same wounded are told as well). A bare definite 'the attack'
shortly after a specific violent event is that event.
"""
from __future__ import annotations

from ..model import Event
from .casualty_words import sector_family
from .voices import VIOLENT_TYPES

WINDOW = 2
TOLL_WINDOW = 5     # the same dead and wounded told again further down


def _perpetrators(event: Event) -> set[str]:
    return {a.country or a.name for a in event.actors if a.role == "perpetrator"}


def _named_sources(event: Event) -> tuple:
    """The chain without the outermost outlet link."""
    return tuple(s.name for s in event.attribution[:-1])


def _plover_event(event: Event) -> str | None:
    return (event.plover or {}).get("event")


def _compatible(a: Event, b: Event) -> bool:
    if a.type != b.type or a.status != b.status or _plover_event(a) != _plover_event(b):
        return False  # 'lifted the curfew' (CONCEDE) and 'imposed a curfew' (COERCE) are two events
    if abs(b._sent - a._sent) > WINDOW:  # type: ignore[attr-defined]
        return False
    if (a.date.start, a.date.precision) != (b.date.start, b.date.precision):
        return False
    pa, pb = _perpetrators(a), _perpetrators(b)
    if pa and pb and not pa & pb:
        return False
    sa, sb = _named_sources(a), _named_sources(b)
    if a._sent == b._sent and sa != sb:  # type: ignore[attr-defined]
        return False    # two voices of one sentence ('jets bombed rebels, and Ankara said ...')
    return not sa or not sb or sa == sb


def _union_losses(into: Event, other: Event) -> None:
    """Casualties (and running tolls) per victim group and materiel per item: keep the larger figure,
    never add up."""
    for name in ("casualties", "running_tolls"):
        mine_rows, other_rows = getattr(into, name), getattr(other, name)
        groups = {(c.country, c.sector, c.group.lower()): c for c in mine_rows}
        for c in other_rows:
            key = (c.country, c.sector, c.group.lower())
            mine = groups.get(key)
            if mine is None and c.killed and any(r.killed == c.killed for r in mine_rows):
                continue  # '175 ISIS terrorists' and 'at least 175 militants': the same dead, named twice
            if mine is None and _told_vaguely(c, mine_rows):
                continue
            if mine is None:
                vague = [r for r in mine_rows if _told_vaguely(r, [c])]
                for r in vague:  # 'dozens were killed', then '58 killed': the figure replaces the word
                    mine_rows.remove(r)
                    groups.pop((r.country, r.sector, r.group.lower()), None)
            if mine is None:
                mine_rows.append(c)
                groups[key] = c
                continue
            for field in ("killed", "injured", "missing", "captured"):
                if (getattr(c, field) or 0) > (getattr(mine, field) or 0):
                    setattr(mine, field, getattr(c, field))
    items = {m.item: m for m in into.materiel}
    for m in other.materiel:
        if m.item not in items:
            into.materiel.append(m)
            items[m.item] = m
        elif (m.count or 0) > (items[m.item].count or 0):
            items[m.item].count = m.count


def _told_vaguely(row, others) -> bool:
    """'dozens of terrorists were killed' beside '50 militants killed' in one event: the same dead, once told
    with a vague word (ACLED's 'dozens' = 12), not 12 more."""
    family = sector_family(row.sector)
    return row.qualifier == "vague" and bool(row.killed) and not row.injured and any(
        (r.killed or 0) >= row.killed and r.qualifier != "vague"
        and (family is None or r.sector is None or sector_family(r.sector) == family) for r in others)


def _union_actors(into: Event, other: Event) -> None:
    seen = {(a.role, a.name, a.country) for a in into.actors}
    for a in other.actors:
        if (a.role, a.name, a.country) not in seen:
            into.actors.append(a)
            seen.add((a.role, a.name, a.country))


_OWN_DATE = ("explicit", "relative")
_GENERIC_TYPES = ("ATTACK", "ARMED_CLASH")


def _killed(event: Event) -> int:
    return sum(c.killed or 0 for c in event.casualties)


def _injured(event: Event) -> int:
    return sum(c.injured or 0 for c in event.casualties)


def _same_toll(a: Event, b: Event) -> bool:
    """'Five people were killed in the attack on Sevre.' then 'Sevre was hit by a vacuum bomb on Monday,
    leaving five dead': one violent event told twice with the same toll, once without a date or type of
    its own. Two events that each carry their own, different date (or town) stay two."""
    if a.type not in VIOLENT_TYPES or b.type not in VIOLENT_TYPES or a.status != b.status:
        return False
    if not _killed(a) or _killed(a) != _killed(b):
        return False
    both = _injured(a) and _injured(a) == _injured(b)   # '5 killed and 12 wounded' told twice: surely one event
    if abs(b._sent - a._sent) > (TOLL_WINDOW if both else WINDOW):  # type: ignore[attr-defined]
        return False
    if a.date.start != b.date.start and a.date.basis in _OWN_DATE and b.date.basis in _OWN_DATE:
        return False
    if a.type != b.type and a.type not in _GENERIC_TYPES and b.type not in _GENERIC_TYPES:
        return False
    towns = {e.location.name for e in (a, b) if e.location.precision in ("exact", "town")}
    pa, pb = _perpetrators(a), _perpetrators(b)
    if len(towns) > 1 or (pa and pb and not pa & pb):
        return False
    sa, sb = _named_sources(a), _named_sources(b)
    return not sa or not sb or sa == sb


def _take_specifics(into: Event, other: Event) -> None:
    """The merged event keeps the more specific type and the event's own date."""
    if into.type in _GENERIC_TYPES and other.type not in _GENERIC_TYPES:
        into.type, into.plover = other.type, other.plover
    if into.date.basis not in _OWN_DATE and other.date.basis in _OWN_DATE:
        into.date = other.date


ANAPHORIC_NOUNS = {"attack", "attacks", "assault", "raid", "raids"}
SPECIFIC_VIOLENT = set(VIOLENT_TYPES) - set(_GENERIC_TYPES)
ANAPHORA_WINDOW = 4


def _definite_generic(event: Event, doc) -> bool:
    """'killed by the attack', 'in this assault': a definite generic noun points back to an event told before."""
    if doc is None or event.type != "ATTACK" or not event.evidence:
        return False
    span = doc.char_span(event.evidence.trigger_start, event.evidence.trigger_end, alignment_mode="expand")
    if span is None or span.root.lower_ not in ANAPHORIC_NOUNS:
        return False
    children = list(span.root.children)
    if any(c.dep_ == "prep" and c.lower_ in ("on", "against", "in", "near", "at") for c in children):
        return False    # 'the attack on the checkpoint' names its own target, maybe another event's
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another", "any", "no") for c in children)


def resolve_generic_anaphora(events: list[Event], doc) -> None:
    """'Airstrikes hit a school in Hass ... 35 people were killed by the attack': 'the attack' is the air
    strike told before (within a few sentences), so it takes that event's type (a report of one event
    told over several sentences is one event)."""
    for n, event in enumerate(events):
        if not _definite_generic(event, doc):
            continue
        before = [e for e in events[:n] if e.type in SPECIFIC_VIOLENT and e.status not in ("historical", "denied")
                  and 0 <= event._sent - e._sent <= ANAPHORA_WINDOW]  # type: ignore[attr-defined]
        if before:
            antecedent = max(before, key=lambda e: (e._sent, e.evidence.trigger_start if e.evidence else 0))  # type: ignore[attr-defined]
            event.type, event.plover = antecedent.type, dict(antecedent.plover or {})


def merge_mentions(events: list[Event], doc=None) -> list[Event]:
    """Events with coreferent mentions merged, in document order."""
    resolve_generic_anaphora(events, doc)
    merged: list[Event] = []
    for event in events:
        target = next((m for m in reversed(merged) if _compatible(m, event)), None)
        same_toll = target is None and next((m for m in reversed(merged) if _same_toll(m, event)), None)
        if same_toll:
            target = same_toll
            _take_specifics(target, event)
            event.casualties = []  # the same victims, maybe named otherwise: never counted twice
        if target is None:
            merged.append(event)
            continue
        _union_actors(target, event)
        _union_losses(target, event)
        if target.location.precision == "unknown" and event.location.precision != "unknown":
            target.location = event.location
        if event.evidence and target.evidence:
            target.evidence.sentences.extend(event.evidence.sentences)
        target.confidence = max(target.confidence, event.confidence)
        if event.type_confidence is not None:
            target.type_confidence = max(target.type_confidence or 0, event.type_confidence)
        target._sent = event._sent  # type: ignore[attr-defined]
    return merged
