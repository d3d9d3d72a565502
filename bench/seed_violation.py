"""The seed report as a ceasefire violation: inside the Idlib zone on 20 Feb 2020, with each side's version?

Reads ``../shared/seed/article.txt`` at run time (it is not in the repo) plus the Anadolu and Reuters
reports of 20 Feb 2020 from the example corpus, ingests them into a temporary SQLite store with
``sitrep ingest``, stores ``examples/agreements/idlib.yaml`` with ``sitrep agreements add`` and runs
``sitrep violations --format json``. Prints the violations that hold the seed's claims: agreement,
confidence, attribution, each side's version (blamed / own-side parties, sources) and the
allegations that name the agreement; the last line is a JSON summary.

Usage: python bench/seed_violation.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAY = "2020-02-20"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_incident import SITREP, ingest_seed  # noqa: E402 - the same three reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = ingest_seed(args.shared, Path(tmp))
        subprocess.run([*SITREP, "agreements", "add", str(ROOT / "examples" / "agreements" / "idlib.yaml"),
                        "--db", str(db)], check=True, capture_output=True)
        out = subprocess.run([*SITREP, "violations", "--db", str(db), "--since", DAY, "--until", DAY,
                              "--format", "json"], check=True, capture_output=True, text=True).stdout
    found = json.loads(out)
    seeded = [v for v in found["violations"]
              if any(c.startswith("seed#") for version in v["versions"] for c in version["claims"])]
    summary = {"violations": len(found["violations"]), "with_seed": len(seeded),
               "disputed": sum(v["attribution"] == "disputed" for v in seeded), "russian_version": {}}
    for v in seeded:
        loc = v["location"]
        print(f"{v['agreement']}: incident {v['incident_id']} {v['type']} {v['date']} at {loc.get('name')} "
              f"({loc.get('precision')}): {v['confidence']}, {v['attribution']}")
        for version in v["versions"]:
            print(f"  {version['side']}: blames {version['blames'] or '-'}; own side {version['admits'] or '-'}; "
                  f"sources {version['sources']}")
            if version["side"] == "RUS":          # what Russia blames, over the seed's incidents of the day
                blamed = summary["russian_version"].setdefault(v["agreement"], [])
                blamed[:] = sorted(set(blamed) | set(version["blames"]))
        for allegation in v["allegations"]:
            print(f"  allegation ({allegation['side']}, {allegation['speaker']}) names {allegation['names']}, "
                  f"accuses {allegation['accused']}")
    summary["agreements"] = sorted({v["agreement"] for v in seeded})
    summary["allegations"] = sorted({(a["agreement"], a["event_id"]) for a in found["allegations"]})
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
