"""Evaluate incident linking and reconciliation on the example corpus through the real store path.

Usage: python bench/link_eval.py [--db PATH] [--diagnose] [--incremental [BATCHES]]

Documents of ``examples/corpus.jsonl`` are read (``ingest.read_inputs``), extracted
(``pipeline.extract_many``) and ingested into a SQLite store (``Store.ingest``; a temporary file
unless ``--db`` is given — an existing store is reused, already stored documents are not
re-extracted); ``incidents.build_incidents`` links and reconciles every stored claim.

Document → predicted incident. A document belongs to every incident that holds one of its claims.
Two assignments are scored against the gold ``documents`` of ``examples/gold_incidents.json``:

- ``primary``: the incident of the document's most confident claim (what a user sees first);
- ``best``: among the document's incidents, the one that best fits the document's gold incident —
  highest type fit + date fit + place fit, then most of the document's claims in it, then lowest
  id. Type fit: 2 = the incident type is the gold type or one of its ``also_types``, 1 = same
  linker family, 0 otherwise; date fit: 1 when the incident's date range is within ±1 day of the
  gold date; place fit: 1 when the incident's ``admin1`` is the gold ``admin1``. This is an oracle
  choice (it reads the gold) and bounds what the linker allows.

Pairwise scores: over all pairs of gold documents, a gold pair shares a gold incident, a
predicted pair shares the assigned predicted incident; precision, recall, F1 as usual.

Per gold incident: the predicted incident is the one most of its documents are assigned to
(``best``; ties → lowest id); its ``grade`` and ``killed`` low/high are compared with the gold.
``--incremental N`` (default 5): the corpus is ingested in N batches of documents and, after each,
``incidents.update_incidents`` links the new claims into the stored incidents (as ``sitrep ingest``
would); the stored incidents are then scored as above and compared with a full relink of the same
claims (``link.link``): pairwise P/R/F1 over all claim pairs, the full relink taken as the reference.

Prints a Markdown table and, last, one JSON line with the headline numbers.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus.jsonl"
GOLD = ROOT / "examples" / "gold_incidents.json"


def ingest_into(store, paths, batch_size: int = 16, log=sys.stderr, after_batch=None) -> dict:
    """Extract and store the documents of ``paths`` (as ``sitrep ingest`` does; ``after_batch(store)``
    runs after each stored batch); returns counts."""
    from sitrep.ingest import read_inputs
    from sitrep.model import Document
    from sitrep.pipeline import extract_many
    totals = Counter()
    batch: list = []

    def flush():
        docs = [d for d in batch if isinstance(d, Document)]
        fresh = [d for d, stored in zip(docs, store.stored([d.text for d in docs])) if not stored]
        totals["skipped"] += len(docs) - len(fresh)
        if fresh:
            extractions = list(extract_many(fresh, batch_size=batch_size))
            totals.update(store.ingest(extractions, fresh))
            print(f"  ingested {totals['documents']} documents", file=log, flush=True)
            if after_batch is not None:
                after_batch(store)
        batch.clear()

    for item in read_inputs([str(p) for p in paths]):
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    flush()
    return dict(totals)


def _ordinal(day: str | None) -> int | None:
    import datetime as dt
    try:
        return dt.date.fromisoformat(str(day)[:10]).toordinal() if day else None
    except ValueError:
        return None


def _type_fit(etype: str | None, gold_inc: dict) -> int:
    from sitrep.link import FAMILY_OF
    gold_types = [gold_inc["type"], *gold_inc.get("also_types", [])]
    if etype in gold_types:
        return 2
    return int(FAMILY_OF.get(etype or "") in {FAMILY_OF.get(t) for t in gold_types})


def _date_fit(record: dict, gold_day: str) -> int:
    date = record.get("date") or {}
    start, end, g = _ordinal(date.get("start")), _ordinal(date.get("end") or date.get("start")), _ordinal(gold_day)
    return int(None not in (start, end, g) and start - 1 <= g <= end + 1)


def _same_admin1(got: str | None, gold: str | None) -> bool:
    """Province names compared without their subdivision word ('Donetsk Oblast' is gold 'Donetsk')."""
    import re
    strip = re.compile(r"\s+(?:province|governorate|oblast|region|state|county|district)$", re.IGNORECASE)
    return bool(got) and bool(gold) and strip.sub("", got).casefold() == strip.sub("", gold).casefold()


def _place_fit(record: dict, gold_inc: dict) -> int:
    return int(_same_admin1((record.get("location") or {}).get("admin1"), gold_inc.get("admin1")))


def assign(events: list[dict], records: dict[int, dict], incident_of: dict[str, int],
           gold_key: dict[str, str], gold: dict) -> tuple[dict, dict]:
    """(primary, best) document → incident id maps (see the module docstring)."""
    by_doc: dict[str, list[dict]] = {}
    for e in events:
        by_doc.setdefault(e["document_id"], []).append(e)
    primary, best = {}, {}
    for doc, claims in by_doc.items():
        top = max(claims, key=lambda e: e.get("confidence") or 0)
        primary[doc] = incident_of.get(top["id"])
        if doc not in gold_key:
            continue
        g = gold[gold_key[doc]]
        counts = Counter(incident_of[e["id"]] for e in claims if e["id"] in incident_of)
        best[doc] = max(counts, key=lambda i: (_type_fit(records[i].get("type"), g) + _date_fit(records[i], g["date"])
                                               + _place_fit(records[i], g), counts[i], -i))
    return primary, best


def incident_rows(best: dict, records: dict[int, dict], gold: dict) -> list[dict]:
    rows = []
    for key, g in gold.items():
        votes = Counter(best[d] for d in g["documents"] if best.get(d) is not None)
        inc_id = min(votes, key=lambda i: (-votes[i], i)) if votes else None
        rec = records.get(inc_id) or {}
        killed, gk = rec.get("killed"), g.get("killed")
        got = (killed["low"], killed["high"]) if killed else None
        want = (gk["low"], gk["high"]) if gk else None
        docs_in = sorted({c["document_id"] for c in rec.get("claims") or []})
        rows.append({"gold": key, "incident": inc_id, "docs": f"{votes.get(inc_id, 0)}/{len(g['documents'])}",
                     "extra_docs": len([d for d in docs_in if d not in g["documents"] + g.get("mentions", [])]),
                     "type": rec.get("type"), "gold_type": g["type"], "grade": rec.get("grade"),
                     "gold_grade": g["grade"], "grade_ok": rec.get("grade") == g["grade"],
                     "killed": got, "gold_killed": want, "killed_ok": got == want})
    return rows


def claim_defects(claim: dict | None, g: dict) -> list[str]:
    """What the extraction got wrong in a document's most confident claim, against its gold incident:
    no claim, event family, date (beyond ±1 day), province (admin1), or a status that is not an
    actual event (historical/planned/threatened)."""
    if claim is None:
        return ["no claim"]
    defects = []
    if _type_fit(claim.get("type"), g) == 0:
        defects.append("type")
    if not _date_fit({"date": claim.get("date") or {}}, g["date"]):
        defects.append("date")
    if g.get("admin1") and not _same_admin1((claim.get("location") or {}).get("admin1"), g["admin1"]):
        defects.append("place")
    if claim.get("status") not in ("asserted", "alleged", "denied", None):
        defects.append("status")
    return defects


def pair_errors(events: list[dict], incident_of: dict, gold_key: dict, gold: dict) -> dict:
    """Missed and wrong document pairs (``primary`` assignment), each blamed on the extraction when one
    of the two documents' most confident claims has a defect (``claim_defects``), else on linking."""
    import itertools
    top: dict[str, dict] = {}
    for e in events:
        if (e.get("confidence") or 0) > (top.get(e["document_id"], {}).get("confidence") or -1):
            top[e["document_id"]] = e
    defects = {d: claim_defects(top.get(d), gold[k]) for d, k in gold_key.items()}
    predicted = {d: incident_of.get(top[d]["id"]) if d in top else None for d in gold_key}
    out = {"missed": Counter(), "wrong": Counter(), "missed_by_linking": [], "wrong_by_linking": []}
    for a, b in itertools.combinations(sorted(gold_key), 2):
        same_gold = gold_key[a] == gold_key[b]
        same_pred = predicted[a] is not None and predicted[a] == predicted[b]
        if same_gold == same_pred:
            continue
        kind = "missed" if same_gold else "wrong"
        causes = sorted(set(defects[a]) | set(defects[b]))
        out[kind]["extraction" if causes else "linking"] += 1
        for cause in causes:
            out[kind][f"extraction: {cause}"] += 1
        if not causes:
            out[f"{kind}_by_linking"].append((a, b))
    return out


def diagnose(events, incident_of, best, gold_key, gold) -> list[dict]:
    """Why a gold document is not with the majority of its gold incident: features of its best claim."""
    from sitrep.link import FAMILY_OF
    by_doc: dict[str, list[dict]] = {}
    for e in events:
        by_doc.setdefault(e["document_id"], []).append(e)
    out = []
    for key, g in gold.items():
        votes = Counter(best.get(d) for d in g["documents"] if best.get(d) is not None)
        major = min(votes, key=lambda i: (-votes[i], i)) if votes else None
        for doc in g["documents"]:
            if best.get(doc) == major and major is not None:
                continue
            claims = [e for e in by_doc.get(doc, []) if incident_of.get(e["id"]) == best.get(doc)]
            e = max(claims, key=lambda x: x.get("confidence") or 0) if claims else {}
            loc, date = e.get("location") or {}, e.get("date") or {}
            out.append({"gold": key, "doc": doc, "incident": best.get(doc), "majority": major,
                        "type": e.get("type"), "family_ok": _type_fit(e.get("type"), g) > 0,
                        "date": date.get("start"), "precision": date.get("precision"),
                        "date_ok": _date_fit({"date": date}, g["date"]) == 1,
                        "place": loc.get("name"), "admin1": loc.get("admin1"), "country": loc.get("country"),
                        "loc_precision": loc.get("precision"), "gold_admin1": g.get("admin1"),
                        "status": e.get("status"), "family": FAMILY_OF.get(e.get("type") or "")})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file to use (reused if it exists); default: a temporary file")
    parser.add_argument("--diagnose", action="store_true", help="list the gold documents placed apart")
    parser.add_argument("--incremental", type=int, nargs="?", const=5, metavar="BATCHES",
                        help="ingest in BATCHES batches (default 5), linking incrementally after each")
    args = parser.parse_args()
    from sitrep.incidents import build_incidents, load_incidents, update_incidents
    from sitrep.link import link, pairwise_scores
    from sitrep.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or str(Path(tmp) / "link_eval.db"))
        try:
            if args.incremental:
                n_docs = sum(1 for line in CORPUS.read_text().splitlines() if line.strip())
                counts = ingest_into(store, [CORPUS], batch_size=-(-n_docs // args.incremental),
                                     after_batch=update_incidents)
                update_incidents(store)
                built = load_incidents(store)
            else:
                counts = ingest_into(store, [CORPUS])
                built = build_incidents(store)
            events = store.events()
        finally:
            store.close()
    versus_full = None
    if args.incremental:
        stored_of = {c["event_id"]: r["id"] for r in built for c in r["claims"]}
        full_of = {eid: inc.id for inc in link(events) for eid in inc.event_ids}
        versus_full = pairwise_scores(stored_of, {k: str(v) for k, v in full_of.items()})
    gold = json.loads(GOLD.read_text())["incidents"]
    gold_key = {d: k for k, g in gold.items() for d in g["documents"]}
    records = {r["id"]: r for r in built}
    incident_of = {c["event_id"]: r["id"] for r in built for c in r["claims"]}
    primary, best = assign(events, records, incident_of, gold_key, gold)
    scores = {"primary": pairwise_scores(primary, gold_key), "best": pairwise_scores(best, gold_key)}
    rows = incident_rows(best, records, gold)

    print(f"Ingest: {counts}; incidents built: {len(built)}; claims: {len(events)}\n")
    if versus_full is not None:
        print(f"Incremental ({args.incremental} batches) vs a full relink, all claim pairs: "
              f"P {versus_full['precision']:.3f} R {versus_full['recall']:.3f} F1 {versus_full['f1']:.3f} "
              f"({versus_full['true_pairs']} of {versus_full['gold_pairs']} full-relink pairs)\n")
    print("| assignment | P | R | F1 | gold pairs | predicted pairs |\n|---|---|---|---|---|---|")
    for name, s in scores.items():
        print(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['gold_pairs']} | "
              f"{s['predicted_pairs']} |")
    print("\n| gold incident | pred | docs | extra docs | type (gold) | grade (gold) | killed low-high (gold) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['gold']} | {r['incident']} | {r['docs']} | {r['extra_docs']} | {r['type']} ({r['gold_type']}) | "
              f"{r['grade']} ({r['gold_grade']}){'' if r['grade_ok'] else ' ✗'} | "
              f"{r['killed']} ({r['gold_killed']}){'' if r['killed_ok'] else ' ✗'} |")
    if args.diagnose:
        errors = pair_errors(events, incident_of, gold_key, gold)
        print("\nPair errors (primary assignment) by cause (a pair may have several extraction causes):")
        for kind in ("missed", "wrong"):
            print(f"- {kind}: " + ", ".join(f"{k} {v}" for k, v in sorted(errors[kind].items())))
            for a, b in errors[f"{kind}_by_linking"]:
                print(f"  - {kind} by linking: {a} / {b}")
        print("\n| gold | doc | incident (majority) | type | date | place (admin1, precision) | gold admin1 |")
        print("|---|---|---|---|---|---|---|")
        for d in diagnose(events, incident_of, best, gold_key, gold):
            print(f"| {d['gold']} | {d['doc']} | {d['incident']} ({d['majority']}) | {d['type']}"
                  f"{'' if d['family_ok'] else ' ✗'} | {d['date']} {d['precision']}{'' if d['date_ok'] else ' ✗'} | "
                  f"{d['place']} ({d['admin1']}, {d['country']}, {d['loc_precision']}) | {d['gold_admin1']} |")
    summary = {"pairwise_primary": scores["primary"], "pairwise_best": scores["best"],
               "grade_ok": sum(r["grade_ok"] for r in rows), "killed_ok": sum(r["killed_ok"] for r in rows),
               "gold_incidents": len(rows), "incidents": len(built)}
    if versus_full is not None:
        summary["incremental_batches"], summary["incremental_vs_full"] = args.incremental, versus_full
    print("\n" + json.dumps(summary))


if __name__ == "__main__":
    main()
