"""Typed records that every stage produces and consumes.

Offsets are Python string indices into ``Document.text``. ``to_dict`` gives the
JSON shape of ``shared/CONTRACT.md``; fields beyond the contract are allowed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


def _clean(value: Any) -> Any:
    """Drop private keys (leading underscore) recursively."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


class Record:
    """Mixin: ``to_dict`` for dataclasses, without private fields."""

    def to_dict(self) -> dict:
        return _clean(asdict(self))  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict):
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Document(Record):
    """One input report."""
    text: str
    id: str = ""
    title: str | None = None
    published: str | None = None      # ISO date or datetime
    outlet: str | None = None
    url: str | None = None


@dataclass
class Place(Record):
    """A toponym in the text resolved to a GeoNames entry."""
    text: str
    start: int
    end: int
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None               # ISO 3166-1 alpha-2
    admin1: str | None
    feature: str | None               # GeoNames feature code (PPLA, ADM1, PCLI, ...)
    population: int | None = None
    kind: str = "toponym"             # toponym | demonym


@dataclass
class Actor(Record):
    """An actor in an event role. ``label`` keeps the word a source chose for a generic actor."""
    role: str                         # perpetrator | target | victim | speaker | mediator
    text: str
    name: str
    country: str | None               # ISO 3166-1 alpha-3
    sector: str | None
    label: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class Casualty(Record):
    """Losses of one victim group as a source states them."""
    group: str
    country: str | None
    sector: str | None
    killed: int | None = None
    injured: int | None = None
    missing: int | None = None
    captured: int | None = None
    killed_high: int | None = None
    injured_high: int | None = None
    qualifier: str = "exact"          # exact | at_least | about | at_most | range | vague
    text: str = ""
    period: str | None = None         # a running toll's period ("since Friday morning")
    start: int | None = None
    end: int | None = None


@dataclass
class Materiel(Record):
    """Equipment destroyed, damaged or captured."""
    item: str
    count: int | None
    status: str                       # destroyed | damaged | captured | downed
    text: str = ""
    start: int | None = None
    end: int | None = None


@dataclass
class Source(Record):
    """One link of an attribution chain."""
    name: str
    kind: str                         # person | organization | outlet | document | unnamed
    affiliation: str | None           # ISO3 of the side the source belongs to
    text: str = ""
    start: int | None = None
    end: int | None = None


@dataclass
class EventDate(Record):
    start: str | None
    end: str | None
    precision: str                    # day | week | month | year | unknown
    text: str | None = None
    basis: str | None = None          # explicit | relative | published | dateline | inherited | ...


@dataclass
class Location(Record):
    name: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: str                    # exact | town | region | country | unknown
    text: str | None = None
    geonameid: int | None = None


@dataclass
class Evidence(Record):
    start: int
    end: int
    trigger: str
    trigger_start: int | None = None
    trigger_end: int | None = None
    sentences: list[list[int]] = field(default_factory=list)


@dataclass
class Event(Record):
    """One claim: something a source says happened (or did not, or will)."""
    id: str
    type: str
    plover: dict
    status: str
    confidence: float
    date: EventDate
    location: Location
    actors: list[Actor] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    materiel: list[Materiel] = field(default_factory=list)
    #: losses counted over a period longer than the event ("74 killed since Friday"): never its own toll
    running_tolls: list[Casualty] = field(default_factory=list)
    attribution: list[Source] = field(default_factory=list)
    evidence: Evidence | None = None
    refers_to: str | None = None      # for denials/accusations: the event id they are about
    modality: str | None = None       # conditional | negated | ... (informative)
    type_confidence: float | None = None   # confidence without the position weight (the linker's order)


@dataclass
class Extraction(Record):
    """The output for one document (one JSONL line)."""
    id: str
    published: str | None
    outlet: str | None
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    reference_date: dict | None = None    # {"date": ..., "basis": "published|dateline|weekday|none"}
    title: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
