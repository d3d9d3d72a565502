"""Multi-outlet incidents and disagreeing death tolls on the FA-KES dev set, through the real store path.

Usage: python bench/fakes_incidents.py [--shared ../shared] [--db PATH]

Reads ``<shared>/eval/fakes/dev.jsonl`` at run time (never copied), extracts and ingests it into a
SQLite store (a temporary file unless ``--db``; an existing store is reused and stored documents are
not re-extracted), runs ``incidents.build_incidents`` and counts:

- incidents whose claims come from two or more distinct outlets (``multi_outlet``), and from two or
  more *independent* documents (reprints excluded, ``multi_source``);
- among the multi-outlet incidents, those with a death toll (``killed`` not null) and those whose
  toll disagrees (``killed.low != killed.high``; the ranges only count independent sources).
For reference, the same counts on the gold codes: gold events grouped by (date, governorate)
with two or more outlets, and how many of those groups carry different ``killed_total`` values; and
pairwise precision/recall of document pairs sharing an incident (a document's incident is that of
its most confident claim) against pairs sharing a gold (date, governorate) key. The gold key is a
coarse proxy of "the same incident" (two strikes in one governorate on one day share it).
Prints a Markdown table and, last, one JSON line.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from link_eval import ROOT, ingest_into  # noqa: E402


def summarize(records: list[dict]) -> dict:
    """Counts of multi-outlet incidents and of those whose killed range is not a single figure."""
    def outlets(r):
        return {c.get("outlet") for c in r.get("claims") or [] if c.get("outlet")}

    def independent_docs(r):
        return {c.get("document_id") for c in r.get("claims") or [] if c.get("independent", True)}

    multi = [r for r in records if len(outlets(r)) >= 2]
    with_toll = [r for r in multi if r.get("killed")]
    disagree = [r for r in with_toll if r["killed"]["low"] != r["killed"]["high"]]
    return {"incidents": len(records),
            "multi_document": sum(len({c.get("document_id") for c in r.get("claims") or []}) >= 2 for r in records),
            "multi_outlet": len(multi),
            "multi_source": sum(len(independent_docs(r)) >= 2 and len(outlets(r)) >= 2 for r in records),
            "multi_outlet_with_toll": len(with_toll),
            "multi_outlet_toll_disagrees": len(disagree),
            "share_disagree": round(len(disagree) / len(with_toll), 3) if with_toll else None,
            "grades_multi_outlet": dict(Counter(r.get("grade") for r in multi).most_common()),
            "outlets_per_multi_incident": dict(sorted(Counter(len(outlets(r)) for r in multi).items()))}


def gold_reference(source: Path, events: list[dict], records: list[dict]) -> dict:
    """Multi-outlet (date, governorate) groups of the gold codes and pairwise scores against them."""
    outlet = {d["id"]: d.get("outlet") for d in map(json.loads, source.read_text().splitlines()) if d}
    keys: dict[str, set] = {}
    tolls: dict[tuple, dict] = {}
    with open(source.with_name("dev.gold.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["date"], row["governorate"].strip().lower())
            keys.setdefault(row["id"], set()).add(key)
            tolls.setdefault(key, {}).setdefault(row["id"], row["killed_total"])
    groups = {k: v for k, v in tolls.items() if len({outlet.get(d) for d in v}) >= 2}
    differing = sum(len(set(v.values())) > 1 for v in groups.values())
    incident_of = {c["event_id"]: r["id"] for r in records for c in r.get("claims") or []}
    top: dict[str, dict] = {}
    for e in events:
        if (e.get("confidence") or 0) > (top.get(e["document_id"], {}).get("confidence") or -1):
            top[e["document_id"]] = e
    predicted = {d: incident_of.get(e["id"]) for d, e in top.items()}
    docs = sorted(keys)
    gold_pairs = {p for p in itertools.combinations(docs, 2) if keys[p[0]] & keys[p[1]]}
    pred_pairs = {p for p in itertools.combinations(docs, 2)
                  if predicted.get(p[0]) is not None and predicted.get(p[0]) == predicted.get(p[1])}
    tp = len(gold_pairs & pred_pairs)
    return {"gold_multi_outlet_groups": len(groups), "gold_groups_toll_differs": differing,
            "pairwise_vs_gold_key": {"precision": round(tp / len(pred_pairs), 3) if pred_pairs else None,
                                     "recall": round(tp / len(gold_pairs), 3) if gold_pairs else None,
                                     "gold_pairs": len(gold_pairs), "predicted_pairs": len(pred_pairs)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--db", help="SQLite file to use (reused if it exists); default: a temporary file")
    parser.add_argument("--examples", type=int, default=5, help="disagreeing incidents to show")
    args = parser.parse_args()
    from sitrep.incidents import build_incidents
    from sitrep.store import Store

    source = args.shared / "eval" / "fakes" / "dev.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or str(Path(tmp) / "fakes.db"))
        try:
            counts = ingest_into(store, [source])
            records = build_incidents(store)
            status = store.status()
            events = store.events()
        finally:
            store.close()
    s = summarize(records) | gold_reference(source, events, records)
    print(f"Ingest: {counts}; store: {status}\n")
    print("| measure | value |\n|---|---|")
    for key, value in s.items():
        print(f"| {key} | {value} |")
    shown = [r for r in records if r.get("killed") and r["killed"]["low"] != r["killed"]["high"]
             and len({c.get("outlet") for c in r["claims"]}) >= 2][:args.examples]
    if shown:
        print("\n| incident | type | date | place | outlets | killed low/best/high | grade |\n|---|---|---|---|---|---|---|")
        for r in shown:
            outlets = ", ".join(sorted({c.get("outlet") or "?" for c in r["claims"]}))
            k = r["killed"]
            print(f"| {r['id']} | {r.get('type')} | {(r.get('date') or {}).get('start')} | "
                  f"{(r.get('location') or {}).get('name')} | {outlets} | {k['low']}/{k['best']}/{k['high']} | "
                  f"{r.get('grade')} |")
    print("\n" + json.dumps(s))


if __name__ == "__main__":
    main()
