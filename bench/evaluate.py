"""Run `sitrep extract` on the shared dev sets and score them; prints the README accuracy table.

Usage: python bench/evaluate.py --shared ../shared [--only case2021,seed]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

SETS = {
    "seed": (["seed/article.txt", "--published", "2020-02-21", "--outlet", "RNA"], ["seed"]),
    "case2021": (["eval/case2021/dev.jsonl"], ["case2021", "eval/case2021/dev.gold.tsv"]),
    "plover": (["eval/plover/dev.jsonl"], ["plover", "eval/plover/dev.gold.jsonl"]),
    "fakes": (["eval/fakes/dev.jsonl"], ["fakes", "eval/fakes/dev.gold.csv"]),
    "trnews": (["eval/trnews/dev.jsonl"], ["geo", "eval/trnews/dev.gold.jsonl"]),
}


def run(name: str, shared: Path, out_dir: Path) -> dict:
    extract_args, score_args = SETS[name]
    pred = out_dir / f"{name}.jsonl"
    inputs = [str(shared / a) if "/" in a else a for a in extract_args]
    subprocess.run([sys.executable, "-m", "sitrep.cli", "extract", *inputs, "-o", str(pred), "--no-progress"],
                   check=False)
    score = [sys.executable, str(shared / "eval" / "score.py"), score_args[0]]
    score += [str(shared / a) for a in score_args[1:]] + [str(pred)]
    out = subprocess.run(score, capture_output=True, text=True, check=False)
    (out_dir / f"{name}.score.txt").write_text(out.stdout + out.stderr)
    last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "{}"
    return json.loads(last)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("out/eval"))
    parser.add_argument("--only", default=",".join(SETS))
    args = parser.parse_args()
    if not (args.shared / "eval" / "score.py").exists():
        sys.exit(f"no scorer at {args.shared}/eval/score.py")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.only.split(","):
        summary = run(name, args.shared, args.out)
        print(name, json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
