"""Web API and page timings on a store of 10,000 synthetic incidents.

Usage: python bench/web_bench.py [--incidents 10000] [--repeat 5] [--no-browser]

Fills a temporary SQLite store with synthetic incident rows (``sitrep.store.rows.incident_row``; 1-4
claims from several sides, tolls, some disputed), serves it with ``sitrep serve`` (a separate process,
which precomputes the unfiltered map and statistics at start) on a free loopback port and times the
first call and the median of ``--repeat`` more (wall clock from the client):

- API calls with httpx: the first list page, a filtered + text-searched page, a deep page sorted by
  deaths, the map markers, the statistics, one incident, the CSV export of one country;
- page loads in headless Chromium (/usr/bin/chromium, skipped when missing): the home page until the
  markers, the timeline and the list are drawn, a filtered home page, one incident page.
Prints a Markdown table and, last, one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

import httpx

from sitrep.store import Store
from sitrep.store.rows import incident_row
from sitrep.store.schema import incidents

CHROMIUM = "/usr/bin/chromium"
PLACES = [("Idlib", "Idlib", "SY", 35.93, 36.63), ("Saraqib", "Idlib", "SY", 35.86, 36.80),
          ("Aleppo", "Aleppo", "SY", 36.20, 37.16), ("Deir ez-Zor", "Deir ez-Zor", "SY", 35.33, 40.14),
          ("Mosul", "Nineveh", "IQ", 36.34, 43.13), ("Erbil", "Erbil", "IQ", 36.19, 44.01),
          ("Donetsk", "Donetsk", "UA", 48.02, 37.80), ("Kharkiv", "Kharkiv", "UA", 49.99, 36.23),
          ("Gaza", "Gaza", "PS", 31.50, 34.47), ("Sanaa", "Amanat al Asimah", "YE", 15.35, 44.21),
          ("Tripoli", "Tripoli", "LY", 32.89, 13.19), ("Goma", "North Kivu", "CD", -1.68, 29.23)]
OUTLETS = [("TASS", "RUS"), ("RIA Novosti", "RUS"), ("Anadolu Agency", "TUR"), ("SANA", "SYR"),
           ("Reuters", "international"), ("AFP", "international"), ("SOHR", "monitor"), ("Ukrinform", "UKR")]
TYPES = ["AIR_STRIKE", "ART_MISS_ATTACK", "ARMED_CLASH", "ATTACK", "REM_EXPLOS", "SUIC_BOMB"]
GRADES = ["confirmed", "fair", "single-source", "contested", "denied"]
PERPETRATORS = [("Russian Aerospace Forces", "RUS"), ("Syrian Arab Army", "SYR"), ("Turkish Armed Forces", "TUR"),
                ("Islamic State", None), ("Hayat Tahrir al-Sham", None)]


def synthetic_record(number: int, rng: random.Random) -> dict:
    """One reconciled incident dict of the contract's shape, with made-up claims."""
    name, admin1, country, lat, lon = rng.choice(PLACES)
    day = (date(2019, 1, 1) + timedelta(days=rng.randrange(730))).isoformat()
    claims, killed_by = [], {}
    for k, (outlet, side) in enumerate(rng.sample(OUTLETS, rng.randint(1, 4))):
        claims.append({"event_id": f"syn{number}-{k}#1", "document_id": f"syn{number}-{k}", "outlet": outlet,
                       "alignment": side, "independent": True, "reprint_of": None, "status": "asserted"})
        if rng.random() < 0.7:
            killed_by[outlet] = rng.choice([0, 1, 2, 3, 5, 8, 12, 20, 40, 100])
    figures = sorted(killed_by.values())
    killed = {"low": figures[0], "best": figures[(len(figures) - 1) // 2], "high": figures[-1]} if figures else None
    contradictions = []
    if len(set(figures)) > 1:
        values: dict[str, list[str]] = {}
        for outlet, value in killed_by.items():
            values.setdefault(str(value), []).append(outlet)
        contradictions.append({"field": "killed", "values": [{"value": v, "sources": s} for v, s in values.items()]})
    perpetrator = rng.choice(PERPETRATORS)
    return {"id": number, "type": rng.choice(TYPES), "date": {"start": day, "end": day, "precision": "day"},
            "location": {"name": name, "lat": lat + rng.uniform(-0.3, 0.3), "lon": lon + rng.uniform(-0.3, 0.3),
                         "country": country, "admin1": admin1, "precision": "town"},
            "claims": claims, "sources": [c["outlet"] for c in claims], "killed": killed,
            "injured": {"low": 1, "best": 2, "high": 3} if rng.random() < 0.4 else None,
            "perpetrators": [{"name": perpetrator[0], "country": perpetrator[1], "claimed_by": [claims[0]["outlet"]]}],
            "contradictions": contradictions, "grade": rng.choice(GRADES), "targets": ["civilians"]}


def fill(store: Store, count: int) -> None:
    rng = random.Random(7)
    rows = [incident_row(synthetic_record(n, rng)) for n in range(1, count + 1)]
    with store.engine.begin() as conn:
        for start in range(0, len(rows), 2000):
            conn.execute(incidents.insert(), rows[start:start + 2000])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(base: str) -> None:
    """Wait until the server answers and its start-up warm-up (unfiltered map and stats) is done."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stats", timeout=60).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("sitrep serve did not start")


def timed(action, repeat: int) -> tuple[float, float]:
    """Milliseconds of the first run (cold: caches empty) and the median of ``repeat`` more runs."""
    start = time.perf_counter()
    action()
    first = (time.perf_counter() - start) * 1000
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(runs)


def api_timings(base: str, repeat: int) -> dict[str, tuple[float, float]]:
    client = httpx.Client(base_url=base, timeout=60)

    def get(path):
        def run():
            response = client.get(path)
            response.raise_for_status()
        return run
    calls = {
        "GET /api/incidents (first page of 50)": "/api/incidents",
        "GET /api/incidents?country=SY&grade=contested&q=idlib": "/api/incidents?country=SY&grade=contested&q=idlib",
        "GET /api/incidents?sort=-killed&offset=9000": "/api/incidents?sort=-killed&offset=9000",
        "GET /api/map (all markers)": "/api/map",
        "GET /api/stats (all)": "/api/stats",
        "GET /api/stats?since=2019-01-02 (first call not cached)": "/api/stats?since=2019-01-02",
        "GET /api/incidents/5000": "/api/incidents/5000",
        "GET /api/incidents.csv?country=IQ": "/api/incidents.csv?country=IQ",
    }
    return {name: timed(get(path), repeat) for name, path in calls.items()}


def page_timings(base: str, repeat: int) -> dict[str, tuple[float, float]]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
        page = context.new_page()
        ready = ("Number((document.querySelector('.map-stage') || {dataset: {}}).dataset.count) > 0 && "
                 "document.querySelector('#timeline svg') && document.querySelectorAll('#incident-table a').length > 0")

        def load(url, condition):
            def run():
                page.goto("about:blank")
                page.goto(url)
                page.wait_for_function(condition, timeout=60_000)
            return run
        result = {
            "page: home (map + timeline + list)": timed(load(base + "/", ready), repeat),
            "page: home filtered (country=SY, grade=contested)":
                timed(load(base + "/#/?country=SY&grade=contested", ready), repeat),
            "page: incident 5000": timed(load(base + "/#/incident/5000", "document.querySelector('.side')"), repeat),
        }
        browser.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(os.path.join(folder, "bench.db"))
        started = time.perf_counter()
        fill(store, args.incidents)
        store.close()
        print(f"filled {args.incidents} incidents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        port = _free_port()
        server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "sitrep"), "serve", "--db",
                                   os.path.join(folder, "bench.db"), "--port", str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base)
            results = api_timings(base, args.repeat)
            if not args.no_browser and os.path.exists(CHROMIUM):
                results.update(page_timings(base, args.repeat))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"| {args.incidents:,} incidents | first call, ms | median of {args.repeat} more, ms |\n|---|---|---|")
    for name, (first, median) in results.items():
        print(f"| {name} | {first:.0f} | {median:.0f} |")
    print(json.dumps({"incidents": args.incidents, **{k: [round(v, 1) for v in pair] for k, pair in results.items()}}))


if __name__ == "__main__":
    main()
