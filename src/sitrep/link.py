"""Link source-attributed claims (event dicts) into incidents, from scratch or into existing ones.

Input: ``events[]`` items of the extraction contract plus ``document_id``, ``outlet`` and
``published`` (added by the store); optional ``refers_to`` (an event id a verbal event is about).

Two claims are linked when
- their event families are compatible (``FAMILIES``; remote violence, battles and violence against
  civilians are mutually compatible: "an air strike" and "killed in air strikes" typed ATTACK),
- their dates meet within their precision (``LinkConfig.date_tolerance_days``, less what a claim's own
  date range already spans); a period ("since Friday", day precision over days) excludes days before
  its start and scores best with what happened at its end,
- their places are within the distance their coarser precision allows (``place_limit_km``; country
  precision: same country; unknown place: only when type, date and actors fit strongly); a town named
  like its province ("Idlib") may mean the province: region distance to towns of that province,
- their actors do not exclude each other: two claims naming different perpetrators are two events
  when they come from the same source (outlet + innermost speaker), or from one report and one side
  (or a speaker of unknown side); different sides disagreeing is a contested perpetrator.
Historical, planned and threatened claims only link with claims of the same status. Verbal claims
(ATTRIB; DIPLO with PLOVER ACCUSE/REJECT/REQUEST) attach to the best-fitting non-verbal incident, or
form their own incident with other verbal claims.

Clustering is greedy and deterministic: claims sorted by (each report's most confident claim first,
periods after point dates, date, place precision, id) join the
incident holding their best-scoring member (score ≥ ``threshold``) provided status, date, place and
the perpetrator rule fit *every* member (complete linkage, so day-by-day chaining cannot merge a month
of strikes), else start a new incident. Candidates come from an index keyed by (date bucket, 1° grid
cell | country | no place), so it scales to 100k claims. ``Linker`` keeps that state: stored
incidents can be loaded into it and new claims linked into them (``link_into``); ``candidate_windows``
and ``fitting_claims`` tell which stored incidents a batch of new claims could join.
"""
from __future__ import annotations

import itertools
import math
from collections import defaultdict

from .link_rules import (  # noqa: F401 - re-exported: sitrep.link is the public module
    ACTUAL,
    FAMILIES,
    FAMILY_OF,
    PRECISION_RANK,
    VERBAL_PLOVER,
    VIOLENT,
    Incident,
    LinkConfig,
    _Claim,
    _claim,
    _fits,
    _self_contradiction,
    _strike_and_counterstrike,
    _tolerance,
    haversine_km,
    is_period,
    pair_score,
)


class _Index:
    """Incidents by (date bucket, place key) for candidate lookup."""

    def __init__(self, cfg: LinkConfig):
        self.cfg = cfg
        self.cells: dict[tuple, set[int]] = defaultdict(set)
        self.by_bucket: dict[tuple, set[int]] = defaultdict(set)

    def _buckets(self, c: _Claim, widen: bool):
        tol = self.cfg.date_tolerance_days.get(c.date_precision, 3) if widen else 0
        lo, hi = (c.start - tol) // self.cfg.bucket_days, (c.end + tol) // self.cfg.bucket_days
        return range(lo - (1 if widen else 0), hi + (2 if widen else 1))

    def _place_keys(self, c: _Claim, query: bool):
        """Index keys: 1° cells for finer-than-country places, ("coarse", country) for country
        precision, ("none",) without place; every claim with a country is also under ("country", cc)."""
        fine = c.lat is not None and c.place_precision not in ("country", "unknown")
        if not query:
            keys = {("country", c.country)} if c.country else set()
            if fine:
                g = self.cfg.grid_degrees
                return keys | {("cell", int(c.lat // g), int(c.lon // g))}
            return keys | ({("coarse", c.country)} if c.country else {("none",)})
        if not fine:
            return {("country", c.country), ("none",)} if c.country else {("none",)}
        g = self.cfg.grid_degrees
        ci, cj = int(c.lat // g), int(c.lon // g)
        r = 1 + int(max(self.cfg.place_limit_km.values()) // (111 * g * max(0.2, math.cos(math.radians(c.lat)))))
        keys = {("none",)} | ({("coarse", c.country)} if c.country else set())
        return keys | {("cell", ci + di, cj + dj) for di in range(-r, r + 1) for dj in range(-r, r + 1)}

    def add(self, c: _Claim, incident_id: int):
        for b in self._buckets(c, widen=False):
            self.by_bucket[(b, c.family)].add(incident_id)
            for k in self._place_keys(c, query=False):
                self.cells[(b,) + k].add(incident_id)

    def candidates(self, c: _Claim) -> set[int]:
        found: set[int] = set()
        if c.lat is None and c.place_precision == "unknown":
            # no place: links only on overlapping dates; same family, or any family for verbal claims
            families = FAMILIES if c.verbal else (c.family,)
            for b in self._buckets(c, widen=False):
                for family in families:
                    found |= self.by_bucket.get((b, family), set())
            return found
        for b in self._buckets(c, widen=True):
            for k in self._place_keys(c, query=True):
                found |= self.cells.get((b,) + k, set())
        return found


class Linker:
    """Greedy clustering state: incidents so far (possibly loaded from a store) and their indexes.

    ``add_incident`` loads an existing incident as it is (members keep their scores); ``link`` adds
    new claims (non-verbal first; each report's main claim first, then by date) and returns the ids of
    the incidents that got a member or were created. New incidents get ids from ``next_id`` on.
    """

    def __init__(self, config: LinkConfig | None = None, next_id: int = 1):
        self.cfg = config or LinkConfig()
        self.next_id = next_id
        self._incidents: dict[int, Incident] = {}
        self._members: dict[int, list[_Claim]] = {}
        self._placed: dict[str, int] = {}
        self._core, self._verbal = _Index(self.cfg), _Index(self.cfg)

    @property
    def incidents(self) -> list[Incident]:
        return [self._incidents[i] for i in sorted(self._incidents)]

    def incident_of(self, event_id: str) -> int | None:
        return self._placed.get(str(event_id))

    def _indexable(self, c: _Claim) -> bool:
        return c.start is not None and c.end - c.start <= self.cfg.max_date_span_days

    def add_incident(self, incident_id: int, events: list[dict], members: list | None = None) -> None:
        """Load a stored incident: its claims (event dicts, in stored order) and members (id, score, reasons)."""
        claims = [_claim(e) for e in events]
        info = {str(m[0]): m for m in members or []}
        inc = Incident(int(incident_id), [info.get(c.id, (c.id, None, None)) for c in claims])
        self._incidents[inc.id] = inc
        self._members[inc.id] = claims
        core = any(not c.verbal for c in claims)
        for c in claims:
            self._placed[c.id] = inc.id
            if self._indexable(c) and (not core or not c.verbal):
                (self._core if core else self._verbal).add(c, inc.id)
        self.next_id = max(self.next_id, inc.id + 1)

    def _start(self, c: _Claim, index: _Index | None) -> int:
        inc = Incident(self.next_id, [(c.id, 1.0, {"seed": True})])
        self.next_id += 1
        self._incidents[inc.id] = inc
        self._members[inc.id] = [c]
        self._placed[c.id] = inc.id
        if index is not None and self._indexable(c):
            index.add(c, inc.id)
        return inc.id

    def _best_in(self, c: _Claim, index: _Index, core_only: bool = False):
        best = None
        for inc_id in sorted(index.candidates(c)):
            pool = [m for m in self._members[inc_id] if not m.verbal] if core_only else self._members[inc_id]
            pool = pool[:self.cfg.max_members_compared]
            # complete linkage on date, place, status, and on what each source says did it
            if not all(_fits(c, m, self.cfg) and not _self_contradiction(c, m)
                       and not _strike_and_counterstrike(c, m) for m in pool):
                continue
            for m in pool:
                got = pair_score(c, m, self.cfg)
                if got and (best is None or got[0] > best[0]):
                    best = (got[0], inc_id, dict(got[1], linked_to=m.id))
        return best

    def _join(self, c: _Claim, inc_id: int, score: float, reasons: dict, index: _Index | None) -> int:
        self._incidents[inc_id].members.append((c.id, round(score, 3), reasons))
        self._members[inc_id].append(c)
        self._placed[c.id] = inc_id
        if index is not None and self._indexable(c):
            index.add(c, inc_id)
        return inc_id

    def _place(self, c: _Claim) -> int:
        if not c.verbal:
            if not self._indexable(c):
                return self._start(c, None)
            best = self._best_in(c, self._core)
            return self._join(c, best[1], best[0], best[2], self._core) if best else self._start(c, self._core)
        target = c.event.get("refers_to")
        if target in self._placed:
            reasons = {"date": None, "place_km": None, "type": f"{c.type} refers_to {target}",
                       "actors": None, "score": 1.0, "linked_to": target}
            return self._join(c, self._placed[target], 1.0, reasons, None)
        if not self._indexable(c):
            return self._start(c, None)
        best = self._best_in(c, self._core, True)   # verbal claims in core incidents are not indexed:
        if best:                                    # no chaining of incidents through statements
            return self._join(c, best[1], best[0], best[2], None)
        best = self._best_in(c, self._verbal)
        return self._join(c, best[1], best[0], best[2], self._verbal) if best else self._start(c, self._verbal)

    def link(self, events: list[dict]) -> set[int]:
        """Place new claims (ids already placed are skipped); the ids of the incidents touched."""
        claims = [_claim(e) for e in events]
        claims = [c for c in {c.id: c for c in claims}.values() if c.id not in self._placed]
        main = _main_claims(claims)
        yielding = _yielding_claims(claims)
        claims.sort(key=lambda c: (c.id not in main, c.id in yielding, is_period(c),
                                   c.start if c.start is not None else 10**9,
                                   c.end or 0, PRECISION_RANK.get(c.place_precision, 4), c.id))
        # each report's main claim first, so its side stories cannot take an incident from it; periods
        # ("since Friday") after point dates, when the incidents of their days exist; precise places seed
        touched = set()
        for c in [c for c in claims if not c.verbal] + [c for c in claims if c.verbal]:
            touched.add(self._place(c))
        return touched


def _certainty(c: _Claim) -> float:
    """How sure the extractor is of the claim's type, without its position in the report."""
    event = c.event
    return event.get("type_confidence") or event.get("confidence") or 0


def _yielding_claims(claims: list[_Claim]) -> set[str]:
    """Ids of claims that contradict a more confident claim of their own report (its retaliation
    beside its strike): placed after the rest, so the report's own story takes an incident first.
    'More confident' here includes the position weight (the lead wins), unlike the main claim's
    ``_certainty``: on the example corpus this pairing kept both linking and the seed incident whole."""
    by_doc: dict[str, list[_Claim]] = {}
    for c in claims:
        if c.document is not None:
            by_doc.setdefault(c.document, []).append(c)
    out = set()
    for group in by_doc.values():
        for c in group:
            mine = c.event.get("confidence") or 0
            if any((o.event.get("confidence") or 0) > mine and _self_contradiction(c, o) for o in group):
                out.add(c.id)
    return out


def _main_claims(claims: list[_Claim]) -> set[str]:
    """Ids of each document's most confident claim (claims without a document are all main)."""
    best: dict[str, _Claim] = {}
    out = set()
    for c in claims:
        if c.document is None:
            out.add(c.id)
        elif c.document not in best or _certainty(c) > _certainty(best[c.document]):
            best[c.document] = c
    return out | {c.id for c in best.values()}


def link(events: list[dict], config: LinkConfig | None = None) -> list[Incident]:
    """Cluster claims into incidents numbered 1..n (deterministic; see the module docstring)."""
    linker = Linker(config)
    linker.link(events)
    return linker.incidents


def link_into(existing: dict[int, list[dict]], events: list[dict], config: LinkConfig | None = None,
              next_id: int | None = None) -> tuple[list[Incident], set[int]]:
    """Link new claims into existing incidents (``{id: claims}``); (all incidents, ids touched)."""
    linker = Linker(config, next_id or 1)
    for incident_id, claims in sorted(existing.items()):
        linker.add_incident(incident_id, claims)
    touched = linker.link(events)
    return linker.incidents, touched


def pairwise_scores(predicted: dict[str, int | None], gold: dict[str, str]) -> dict:
    """Pairwise precision/recall/F1 of gold documents sharing an incident (documents not in ``gold``
    are ignored; a document predicted in no incident pairs with nothing)."""
    pairs = list(itertools.combinations(sorted(gold), 2))
    gold_pairs = {p for p in pairs if gold[p[0]] == gold[p[1]]}
    pred_pairs = {p for p in pairs if predicted.get(p[0]) is not None and predicted.get(p[0]) == predicted.get(p[1])}
    tp = len(gold_pairs & pred_pairs)
    precision = tp / len(pred_pairs) if pred_pairs else 0.0
    recall = tp / len(gold_pairs) if gold_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "gold_pairs": len(gold_pairs), "predicted_pairs": len(pred_pairs), "true_pairs": tp}


def candidate_windows(events: list[dict], config: LinkConfig | None = None, max_windows: int = 24) -> dict:
    """Where stored claims must lie in time to possibly link with one of ``events``.

    ``{precision: [(first_start, last_start, first_end), ...]}`` in ordinal days: a stored claim of that
    date precision can link only if ``first_start <= start <= last_start`` and ``end >= first_end``
    for one window (``None`` key: claims of any other or no precision). Dateless and too-wide claims
    need no window (they never link)."""
    cfg = config or LinkConfig()
    spans = {"day": 1, "week": 7, "month": 31, "year": 366}
    out: dict = {}
    claims = [c for c in map(_claim, events) if c.start is not None and c.end - c.start <= cfg.max_date_span_days]
    for precision in [*cfg.date_tolerance_days, None]:
        tol_m = cfg.date_tolerance_days.get(precision, 3)
        span = spans.get(precision, cfg.max_date_span_days)
        windows = sorted((c.start - t - span, c.end + t, c.start - t) for c in claims
                         for t in [max(tol_m, _tolerance(c, cfg))])
        merged: list[list[int]] = []
        for lo, hi, end_lo in windows:
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1], merged[-1][2] = max(merged[-1][1], hi), min(merged[-1][2], end_lo)
            else:
                merged.append([lo, hi, end_lo])
        while len(merged) > max_windows:           # join the two closest windows
            i = min(range(len(merged) - 1), key=lambda k: merged[k + 1][0] - merged[k][1])
            a, b = merged[i], merged.pop(i + 1)
            a[1], a[2] = max(a[1], b[1]), min(a[2], b[2])
        if merged:
            out[precision] = [tuple(w) for w in merged]
    return out


def fitting_claims(stored: list[dict], new: list[dict], config: LinkConfig | None = None) -> set[int]:
    """Positions of the ``stored`` claims that a ``new`` claim would meet as a linking candidate (the
    same bucket and cell keys as ``Linker``'s index) and that fit it on status, date and place. An
    incident none of whose claims is among them cannot take a new claim (complete linkage)."""
    cfg = config or LinkConfig()
    keys = _Index(cfg)
    wanted: dict[tuple, list[_Claim]] = defaultdict(list)     # (day bucket, key) -> new claims
    for c in map(_claim, new):
        if c.start is None or c.end - c.start > cfg.max_date_span_days:
            continue
        if c.lat is None and c.place_precision == "unknown":
            for b in keys._buckets(c, widen=False):
                for family in (FAMILIES if c.verbal else (c.family,)):
                    wanted[(b, "family", family)].append(c)
        else:
            place_keys = keys._place_keys(c, query=True)
            for b in keys._buckets(c, widen=True):
                for k in place_keys:
                    wanted[(b,) + k].append(c)
    found: set[int] = set()
    for position, m in enumerate(map(_claim, stored)):
        if m.start is None or m.end - m.start > cfg.max_date_span_days:
            continue
        place_keys = keys._place_keys(m, query=False)
        near = {id(c): c for b in keys._buckets(m, widen=False)
                for k in [("family", m.family), *place_keys] for c in wanted.get((b,) + k, ())}
        if any(_fits(c, m, cfg) for c in near.values()):
            found.add(position)
    return found
