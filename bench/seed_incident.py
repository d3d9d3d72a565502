"""The seed report beside a Turkish and an international report of the same day: one air-strike incident?

Reads ``../shared/seed/article.txt`` at run time (it is not in the repo) plus the Anadolu and Reuters
reports of 20 Feb 2020 from the example corpus, ingests them into a temporary SQLite store with
``sitrep ingest``, builds incidents with ``sitrep incidents`` and prints the air-strike incident(s)
that hold the seed's claims: the versions by alignment, the figures and who gives them.

Usage: python bench/seed_incident.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPANIONS = ("aa-2020-02-20-nairab", "reuters-2020-02-20-qaminas")


def seed_documents(shared: Path) -> list[dict]:
    """The seed report (read from ``shared`` at run time) and our two companion reports of that day."""
    seed = shared / "seed" / "article.txt"
    if not seed.exists():
        sys.exit(f"no seed report at {seed}")
    docs = [{"id": "seed", "text": seed.read_text(encoding="utf-8"), "published": "2020-02-21", "outlet": "RNA"}]
    for line in (ROOT / "examples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] in COMPANIONS:
            docs.append(row)
    return docs


SITREP = [sys.executable, "-m", "sitrep.cli"]


def ingest_seed(shared: Path, folder: Path) -> Path:
    """``sitrep ingest`` of the three reports into a new SQLite file in ``folder``; returns its path."""
    inputs, db = folder / "docs.jsonl", folder / "seed.db"
    inputs.write_text("".join(json.dumps(d) + "\n" for d in seed_documents(shared)), encoding="utf-8")
    subprocess.run([*SITREP, "ingest", str(inputs), "--db", str(db)], check=True, capture_output=True)
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = ingest_seed(args.shared, Path(tmp))
        out = subprocess.run([*SITREP, "incidents", "--db", str(db), "--format", "json"], check=True,
                             capture_output=True, text=True).stdout
    incidents = json.loads(out)
    strikes = [i for i in incidents if i["type"] == "AIR_STRIKE"
               and any(c["document_id"] == "seed" for c in i["claims"])]
    summary = {"incidents": len(incidents), "air_strike_incidents_with_seed": len(strikes)}
    for incident in strikes:
        sides = sorted({c["alignment"] for c in incident["claims"]})
        print(f"incident {incident['id']} {incident['date']['start']} {incident['location'].get('name')}: "
              f"{len(incident['claims'])} claims from {', '.join(incident['sources'])}; sides {sides}; "
              f"killed {incident.get('killed')}; grade {incident['grade']}")
        for contradiction in incident.get("contradictions", []):
            print(f"  contradiction on {contradiction['field']}: {contradiction['values']}")
        summary.setdefault("sides", []).append(sides)
        summary.setdefault("documents", []).append(sorted({c["document_id"] for c in incident["claims"]}))
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
