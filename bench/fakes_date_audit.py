"""Sort the FA-KES date misses into label errors and our errors, by mechanical rules.

Usage: python bench/fakes_date_audit.py [--shared ../shared] [--pred out/eval/fakes.jsonl] [--show KIND]

Reads the gold from ``<shared>/eval/fakes/dev.gold.csv`` and the scorer from ``<shared>/eval/score.py``
at run time (never copied) and a prediction file (``make eval`` writes ``out/eval/fakes.jsonl``). Every
article whose primary violent event's date differs from the gold date falls in the first class that fits:

- ``gold_after_report``: the gold date is later than the article's own date (its reference date, from the
  publication date or the dateline): a report cannot tell of deaths that had not happened yet.
- ``gold_is_report_date``: the gold date is the article's own date while the primary event carries a date
  of its own (``basis`` explicit, relative or context: "on Monday", "yesterday", "on 3 May") that is earlier: the
  coder entered the publication date (``context``: the date an earlier sentence of the story gives). ACLED
  codes the day of the event; so do we.
- ``gold_not_in_text``: the gold date is more than a week before the article's date and no event of the
  article is dated within a day of it: the text never names that day (often a row of another article).
- ``no_reference_date``: the article has neither a publication date nor a dateline, so no weekday or
  relative expression can be resolved.
- ``ours``: everything else. Misses by a day or more where the text supports the gold are here.

The rules trust our reading of weekday and relative expressions; we read the ``gold_is_report_date``
articles by hand on 2026-12-06 (``--show gold_is_report_date``) and found the text supports our date in
all but a handful, which stay counted as label errors here. It then measures what the coders entered:
the score of dating every event by the article's own date, and, where the text dates the primary event
the day before the article, how often the gold is that day and how often the article's date. Prints
a table and, last, one JSON line.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

OWN_DATE = ("explicit", "relative", "context")   # context: the story's own date, from an earlier sentence


def classify(gold_date: dt.date, primary: dict | None, events: list[dict], ref: dt.date | None,
             event_date) -> str:
    """The class of one miss (see the module docstring)."""
    if ref is None:
        return "no_reference_date"
    if gold_date > ref:
        return "gold_after_report"
    got = event_date(primary) if primary else None
    basis = ((primary or {}).get("date") or {}).get("basis")
    if gold_date == ref and got is not None and got < ref and basis in OWN_DATE:
        return "gold_is_report_date"
    dated = [event_date(e) for e in events]
    if (ref - gold_date).days > 7 and not any(d and abs((d - gold_date).days) <= 1 for d in dated):
        return "gold_not_in_text"
    return "ours"


def conventions(gold, preds, refs, score) -> dict:
    """What the coders entered: the score of dating every event by the article's own date, and, over the
    articles whose primary event the text dates the day before the article ("on Monday" in a Tuesday
    report), how often the gold is that day and how often the article's date."""
    dateline = sum(refs.get(doc_id) in {row.date for row in rows} for doc_id, rows in gold.items())
    counts = Counter()
    for doc_id, rows in gold.items():
        prediction, ref = preds.get(doc_id), refs.get(doc_id)
        primary = score.primary_event(prediction.events if prediction else [], score.is_violent)
        got = score.event_date(primary) if primary else None
        basis = ((primary or {}).get("date") or {}).get("basis")
        if got is None or ref is None or basis not in OWN_DATE or (ref - got).days != 1:
            continue
        dates = {row.date for row in rows}
        counts["articles"] += 1
        counts["gold_is_text_day" if got in dates else "gold_is_article_date" if ref in dates else "neither"] += 1
    return {"dateline_only": round(dateline / len(gold), 4),
            "text_dates_the_day_before": {k: counts[k] for k in
                                          ("articles", "gold_is_text_day", "gold_is_article_date", "neither")}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--pred", type=Path, default=Path("out/eval/fakes.jsonl"))
    parser.add_argument("--show", help="print the articles of one class")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.shared / "eval"))
    import score  # the shared scorer: its primary-event and date rules, not a copy

    gold = score.load_fakes_gold(str(args.shared / "eval" / "fakes" / "dev.gold.csv"))
    preds = score.load_predictions(str(args.pred))
    refs = {}
    for line in args.pred.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        ref = (record.get("reference_date") or {}).get("date")
        refs[record["id"]] = dt.date.fromisoformat(ref) if ref else None
    classes: Counter = Counter()
    shown = []
    for doc_id, rows in gold.items():
        prediction = preds.get(doc_id)
        events = prediction.events if prediction else []
        primary = score.primary_event(events, score.is_violent)
        got = score.event_date(primary) if primary else None
        if any(got == row.date for row in rows):
            classes["exact"] += 1
            continue
        kind = classify(rows[0].date, primary, events, refs.get(doc_id), score.event_date)
        classes[kind] += 1
        if kind == args.show:
            shown.append((doc_id, rows[0].date, got, refs.get(doc_id)))
    for doc_id, gold_date, got, ref in shown:
        print(f"{doc_id}\tgold {gold_date}\tours {got}\treport {ref}")
    n = sum(classes.values())
    label_errors = sum(classes[k] for k in ("gold_after_report", "gold_is_report_date", "gold_not_in_text"))
    print("| class | articles |\n|---|---|")
    for kind in ("exact", "gold_is_report_date", "gold_not_in_text", "gold_after_report", "no_reference_date",
                 "ours"):
        print(f"| {kind} | {classes[kind]} |")
    summary = {"articles": n, "exact": classes["exact"], "label_errors": label_errors,
               "date_exact": round(classes["exact"] / n, 4),
               "date_exact_without_label_errors": round(classes["exact"] / (n - label_errors), 4),
               "classes": dict(classes)}
    summary["conventions"] = conventions(gold, preds, refs, score)
    print(f"\nThe article's own date as every event's date: date exact {summary['conventions']['dateline_only']}")
    day_before = summary["conventions"]["text_dates_the_day_before"]
    print(f"Articles whose primary event the text dates the day before the article's date: {day_before['articles']}; "
          f"gold = that day {day_before['gold_is_text_day']}, gold = the article's date "
          f"{day_before['gold_is_article_date']}, neither {day_before['neither']}")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
